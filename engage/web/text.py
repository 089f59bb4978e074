"""Public text made safe to display, for HTML pages and the terminal alike.

Escaping (Jinja2 autoescape, rich ``Text``) handles markup; this handles what escaping does not:
NUL and other control characters (in a terminal, ESC starts an escape sequence) become U+FFFD.
"""

from __future__ import annotations

_CONTROL = {c: "\ufffd" for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {
    c: "\ufffd" for c in range(0x7F, 0xA0)
}

# Bidi embedding/override/isolate controls: harmless inside an isolated HTML element, but in a
# terminal line they reorder everything after them, so the terminal view shows them as U+FFFD.
_BIDI = {c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(value: str | None) -> str:
    """``value`` with control characters (except tab and newlines) replaced by U+FFFD."""
    return (value or "").translate(_CONTROL)


def one_line(value: str | None, limit: int = 120) -> str:
    """A single terminal line: cleaned, bidi controls shown as U+FFFD, whitespace collapsed, cut at ``limit``."""
    text = " ".join(clean_text(value).translate(_BIDI).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
