"""Read the clause tree back from a document's Markdown headings (DESIGN.md, “Clauses”).

公文 numbering: 一、→## （一）→### 1.→#### （1）→#####, id = path of ordinals (2.2.4), anchor c2-2-4.
Laws: 第一章→## 第一节→### 第一条→####; the article is the clause, id 21, anchor a21.
Standards: their own numbering 6.1.2, anchor s6-1-2. Text before the first heading is clause 0.
"""

from __future__ import annotations

import re

from kb.mdtext import unescape
from kb.model import Clause
from kb.numbering import ANNEX_NUMBER, STANDARD_NUMBER, match_label, match_law_label

HEADING = re.compile(r"^(?P<hashes>#{2,6})\s+(?P<text>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")
_ATTR = re.compile(r"\s*\{[^{}]*\}\s*$")  # {#anchor .class} of attr_list, if an editor wrote one


def _plain(markdown_line: str) -> str:
    text = markdown_line.strip()
    text = re.sub(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*", r"\1", text)  # bold kept by hand editors
    return unescape(text)


def parse_clauses(doc_id: str, body: str, body_line: int, kind: str = "policy") -> list[Clause]:
    """The flat list of clauses (document order) with parent/children links set."""
    clauses: list[Clause] = []
    stack: list[Clause] = []
    paragraphs: list[str] = []
    current: Clause | None = None
    in_fence = False
    unnumbered = 0
    chapter = section = 0

    def flush() -> None:
        nonlocal paragraphs
        text = "\n".join(p for p in (" ".join(x) for x in _group(paragraphs)) if p)
        if current is not None:
            current.text = text
        paragraphs = []

    for offset, raw in enumerate(body.split("\n")):
        lineno = body_line + offset
        if _FENCE.match(raw):
            in_fence = not in_fence
        m = None if in_fence else HEADING.match(raw)
        if not m:
            if current is None and raw.strip():
                current = Clause(doc_id, "0", "c0", "preamble", 0, "", None, "", "", lineno)
                clauses.append(current)
            paragraphs.append(raw)
            continue
        flush()
        level = len(m.group("hashes"))
        heading = _plain(_ATTR.sub("", m.group("text")))
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        clause = _make_clause(doc_id, heading, level, parent, lineno, kind, (chapter, section))
        if clause is None:
            unnumbered += 1
            clause = Clause(doc_id, f"h{unnumbered}", f"h{unnumbered}", "clause", level, "", None,
                            heading, "", lineno, scheme="plain")
        if clause.scheme == "law" and clause.kind == "division":
            if clause.label.endswith("章"):
                chapter, section = clause.ordinal or 0, 0
            else:
                section = clause.ordinal or 0
        clause.parent = parent
        if parent is not None:
            parent.children.append(clause)
        clauses.append(clause)
        stack.append(clause)
        current = clause
    flush()
    return clauses


def _group(lines: list[str]) -> list[list[str]]:
    """Paragraphs are separated by blank lines; lines of one paragraph are joined."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(_plain(line))
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _make_clause(doc_id: str, heading: str, level: int, parent: Clause | None, lineno: int, kind: str,
                 law_pos: tuple[int, int]) -> Clause | None:
    law = match_law_label(heading)
    if law:
        unit, n, label = law
        if unit == "条":
            return Clause(doc_id, str(n), f"a{n}", "clause", level, label, n, heading, "", lineno,
                          scheme="law")
        chapter, _section = law_pos
        if unit == "章":
            return Clause(doc_id, f"ch{n}", f"ch{n}", "division", level, label, n, heading, "", lineno,
                          scheme="law")
        return Clause(doc_id, f"ch{chapter}-{n}", f"ch{chapter}-{n}", "division", level, label, n, heading,
                      "", lineno, scheme="law")
    if kind == "standard":
        m = STANDARD_NUMBER.match(heading) or ANNEX_NUMBER.match(heading)
        if m:
            num = m.group("num")
            ordinal = int(num.rsplit(".", 1)[-1]) if num[-1].isdigit() else ord(num) - 64
            return Clause(doc_id, num, "s" + num.replace(".", "-"), "clause", level, num, ordinal, heading,
                          "", lineno, scheme="standard")
    label = match_label(heading)
    if label:
        prefix = parent.id + "." if parent is not None and parent.scheme == "gongwen" else ""
        cid = f"{prefix}{label.ordinal}"
        return Clause(doc_id, cid, "c" + cid.replace(".", "-"), "clause", level, label.text, label.ordinal,
                      heading, "", lineno, scheme="gongwen")
    return None
