"""Parsing ``config.yaml`` strictly: a duplicated key or a pathological file is an error, never a guess.

PyYAML's ``safe_load`` keeps the last of two equal keys silently (an operator who pasted a second
``accounts:`` block loses the first without a word) and recurses once per nesting level, so a file
nested 50,000 deep ends in a ``RecursionError`` traceback. Both become one line naming the file.
"""

from __future__ import annotations

from typing import Any

import yaml


class YamlError(ValueError):
    """A config file that is not acceptable YAML; the message is one line without the file name."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping, naming both lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # "<<: *defaults" merges, it is not a key
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.setdefault(key, line)
            except TypeError:  # an unhashable key: SafeLoader's own check reports it
                continue
            if first != line:
                raise YamlError(f"line {line}: duplicate key {key!r} (first given at line {first})")
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str) -> Any:  # noqa: ANN401 - whatever the document holds
    """The document in ``text``, or :class:`YamlError` with the line and the problem."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlError(f"{where}{getattr(exc, 'problem', None) or 'malformed YAML'}") from None
    except RecursionError:
        raise YamlError("nested too deeply to be a config file") from None
