"""Markup that has no place in a policy text: HTML tags and script URLs, escaped or not.

The site renders every value as text whatever it holds (generator/site/safehtml.py); this check
is the editor's side of the same rule. A text pasted from a web page that still carries
`<script>`, `<img onerror=…>` or a `javascript:` link is a broken import, and it is refused in
every field — front-matter strings and body alike. Entity-escaped (`&lt;script&gt;`, `&#106;`)
and Markdown-escaped (`\\<script>`) forms are refused too: escaping makes them harmless on a page
but they are still not part of the policy's wording.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kb.errors import Problem, display_path
from kb.model import Document

# A tag as the HTML tokenizer starts one: `<` or `</` directly followed by a letter, then the rest
# of the tag up to `>`. `浓度<MAC值` (no closing `>`) and `x < 5` are text, not tags.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:[\s/][^<>]*)?>")
# Comments, CDATA, doctype and processing instructions are markup as well.
_MARKUP_DECLARATION = re.compile(r"<!--|<!\[CDATA\[|<![A-Za-z]|<\?")
# URL schemes a browser runs or renders as a document. Browsers drop ASCII tab and newline inside
# a scheme (`java\tscript:`), so the check ignores whitespace and control characters between its
# letters. `data:` counts only where a media type or the data itself follows, as in a data URL.
_GAP = r"[\s\x00-\x1f]*"
_SCRIPT_SCHEME = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:" + "|".join(_GAP.join(word) for word in ("javascript", "vbscript", "livescript"))
    + r")" + _GAP + ":", re.IGNORECASE)
_DATA_URL = re.compile(r"(?<![A-Za-z0-9+.-])d" + _GAP + "a" + _GAP + "t" + _GAP + "a" + _GAP + r":" + _GAP
                       + r"(?:[\w.+-]+/[\w.+-]+|[;,])", re.IGNORECASE)
# A Markdown backslash escape: `\<script>` is a tag once the backslash is gone.
_MD_ESCAPE = re.compile(r"\\(.)")
_MAX_UNESCAPE_ROUNDS = 3  # &amp;lt;script&amp;gt; is a tag escaped twice


@dataclass(frozen=True)
class UnsafeMarkup:
    """What was found, as it is written in the text (for the message)."""

    kind: str  # tag | url
    found: str

    def describe(self) -> str:
        """Follows 含 in a message (the space sets Latin apart from Chinese, as elsewhere)."""
        if self.kind == "tag":
            return f" HTML 标签“{_shorten(self.found)}”"
        return f"不安全的链接“{_shorten(self.found)}”（只允许 http、https 链接）"


def find_unsafe_markup(text: str) -> UnsafeMarkup | None:
    """The first HTML tag or script/data URL in `text`, in any of its escaped forms; None if clean."""
    if not any(ch in text for ch in "<&\\:"):
        return None  # the common case: plain Chinese text
    for variant in _decoded_forms(text):
        for pattern, kind in ((_TAG, "tag"), (_MARKUP_DECLARATION, "tag"), (_SCRIPT_SCHEME, "url"),
                              (_DATA_URL, "url")):
            m = pattern.search(variant)
            if m:
                return UnsafeMarkup(kind, m.group(0))
    return None


def _decoded_forms(text: str) -> Iterator[str]:
    """`text` itself, then as a browser would read it after each round of unescaping."""
    seen = {text}
    yield text
    current = text
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        current = html.unescape(_MD_ESCAPE.sub(r"\1", current))
        if current in seen:
            return
        seen.add(current)
        yield current


def _shorten(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def document_problems(doc: Document) -> list[Problem]:
    """Every front-matter string (nested lists and mappings included) and every body line."""
    name = display_path(doc.path)
    out: list[Problem] = []
    for key, value in doc.meta.model_dump(mode="json").items():
        for where, text in _strings(key, value):
            found = find_unsafe_markup(text)
            if found is not None:
                out.append(Problem(name, doc.line_of(key),
                                   f"字段 {where} 含{found.describe()}；政策文本中不应有 HTML 或脚本链接，请删去"))
    for offset, line in enumerate(doc.body.split("\n")):
        found = find_unsafe_markup(line)
        if found is not None:
            out.append(Problem(name, doc.body_line + offset,
                               f"正文含{found.describe()}；这是网页残留而非原文，请删去"
                               "（原文中的 < 写作 &lt;）", remedy="import"))
    return out


def _strings(where: str, value: Any) -> Iterator[tuple[str, str]]:
    """(field path, string) for every string inside a front-matter value."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(f"{where}[{i}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(f"{where}.{key}", item)
