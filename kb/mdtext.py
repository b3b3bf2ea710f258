"""Imported text is text: escape what Markdown/HTML would interpret, and read it back exactly.

escape() and unescape() are inverse on any string, so a page's plain text is its source text.
"""

from __future__ import annotations

import re

# Characters escaped with a backslash anywhere; Python-Markdown honours all of these.
_BACKSLASH = "\\`*_{}[]|"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line these would open a heading, list, quote or rule.
_LINE_START = re.compile(r"^(?P<lead>[#+\-=]|\d+(?=[.)]))")


def escape(text: str, block_start: bool = True) -> str:
    """Escape one paragraph (or, with block_start=False, a heading's text) for Markdown."""
    out = []
    for ch in text:
        if ch in _BACKSLASH:
            out.append("\\" + ch)
        elif ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        else:
            out.append(ch)
    escaped = "".join(out)
    m = _LINE_START.match(escaped) if block_start else None
    if m:
        lead = m.group("lead")
        # 1. at the start of a paragraph would become an ordered list; # a heading; - a list.
        escaped = lead + "\\" + escaped[len(lead):] if lead.isdigit() else "\\" + escaped
    return escaped


_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]|#+\-=.)!])|&(amp|lt|gt);")
_ENTITY_CHARS = {"amp": "&", "lt": "<", "gt": ">"}


def unescape(markdown_text: str) -> str:
    """Inverse of escape(): the original characters."""
    return _UNESCAPE.sub(lambda m: m.group(1) if m.group(1) else _ENTITY_CHARS[m.group(2)], markdown_text)
