"""Parsing ``config.yaml`` strictly: a duplicated key or a pathological file is an error, never a guess.

PyYAML's ``safe_load`` keeps the last of two equal keys silently (an operator who pasted a second
``accounts:`` block loses the first without a word) and recurses once per nesting level, so a file
nested 50,000 deep ends in a ``RecursionError`` traceback. Both become one line naming the file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from engage.errors import InputError


class YamlError(InputError, ValueError):
    """A config file that is not acceptable YAML; the message is one line without the file name."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping, naming both lines, with YAML 1.2 numbers.

    Under YAML 1.1, which PyYAML implements, ``end: 17:00`` is the sexagesimal (base 60) integer 1020
    and ``start: 8:00`` is 480; read as times they became 00:17 and 00:08. Here such scalars stay
    strings, and the fields that want a time of day parse them.
    """

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


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


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
