"""The document and clause model every other part of anbiao reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kb.files import SECTION_OF_KIND

if TYPE_CHECKING:  # the model stays importable without pydantic for the search start-up path
    from kb.schema import FrontMatter



def line_of(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...], default: int = 1) -> int:
    """The line of front-matter location `loc` (("status_basis", 0, "clause")) or of its nearest
    enclosing key that has one."""
    for n in range(len(loc), 0, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return default


@dataclass
class Clause:
    """A numbered unit of a document (or its preamble, id `0`).

    `text` is the clause's own wording (its paragraphs, not its sub-clauses'), plain text with
    Markdown escapes removed; `heading` is the heading as written (label included).
    """

    doc_id: str
    id: str
    anchor: str
    kind: str  # preamble | clause | division (第X章/第X节: structure, not a clause of its own)
    level: int  # Markdown heading level (0 for the preamble)
    label: str  # numbering as written: 一、 （二） 4. 第二十一条 6.1.2
    ordinal: int | None
    heading: str
    text: str
    line: int  # 1-based line of the heading (or of the preamble's first line) in the file
    parent: Clause | None = None
    children: list[Clause] = field(default_factory=list)
    scheme: str = "gongwen"  # gongwen | law | standard | plain

    @property
    def heading_path(self) -> list[str]:
        """Headings from the top of the document down to this clause."""
        chain: list[str] = []
        node: Clause | None = self
        while node is not None:
            if node.kind != "preamble":
                chain.append(node.heading)
            node = node.parent
        return list(reversed(chain))

    @property
    def ref(self) -> str:
        """The clause in the document's own numbering, for citations: 一（二）4、第二十一条、6.1.2."""
        if self.kind == "preamble":
            return "序言"
        if self.scheme in ("law", "standard"):
            return self.label
        parts: list[str] = []
        node: Clause | None = self
        while node is not None and node.kind != "preamble":
            parts.append(_compact_label(node.label))
            node = node.parent
        return "".join(reversed(parts))

    def full_text(self) -> str:
        """This clause's text followed by all its sub-clauses' headings and texts."""
        parts = [self.text] if self.text else []
        for child in self.children:
            parts.append(child.heading)
            sub = child.full_text()
            if sub:
                parts.append(sub)
        return "\n".join(parts)

    def walk(self) -> Iterator[Clause]:
        yield self
        for child in self.children:
            yield from child.walk()


def _compact_label(label: str) -> str:
    """一、 → 一 ; 4. → 4 ; （二） stays."""
    return label.rstrip("、.．，, ").strip()


@dataclass
class Document:
    meta: FrontMatter
    path: Path
    body: str  # Markdown as stored
    body_line: int
    clauses: list[Clause]  # document order, preamble first when there is one
    # Line of each front-matter key and list item: ("status_basis", 0, "clause") → 12.
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def held(self) -> bool:
        """False for a register entry: the knowledge base records the document but holds none of its text."""
        return self.meta.kind != "register"

    @property
    def section(self) -> str:
        """The content folder and site section: policies | standards | compilations | register."""
        return SECTION_OF_KIND[self.meta.kind]

    def line_of(self, *loc: str | int) -> int:
        """The file line of a front-matter field (or of its nearest enclosing key), for messages."""
        return line_of(self.lines, loc)

    @property
    def url(self) -> str:
        return f"{self.section}/{self.meta.id}/"

    def clause_url(self, clause: Clause) -> str:
        return f"{self.url}#{clause.anchor}"

    def citation(self, clause: Clause | None = None) -> str:
        """《title》（doc_no）plus the clause reference, ready to paste into a plan.

        Versions of one law share a title and carry no number (《北京市安全生产条例》 of 2016 and of
        2022): a document in a version chain is cited with its year, so that a citation copied from
        the older text cannot pass for the current one."""
        head = f"《{self.title}》"
        if self.meta.doc_no:
            head += f"（{self.meta.doc_no}）"
        elif (self.meta.superseded_by or self.meta.supersedes) and self.meta.issued:
            head += f"（{self.meta.issued.year}年）"
        if clause is None or clause.kind == "preamble":
            return head
        return f"{head}{clause.ref}"

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    def clause_at(self, anchor: str) -> Clause | None:
        """The clause whose HTML anchor is `anchor` (a21, c2-2-4, s5-1): how a status basis names one."""
        return next((c for c in self.clauses if c.anchor == anchor), None)

    def resolved_cites(self) -> list[str]:
        """`cites` with recorded corrections applied: 安监总监四〔2011〕87号 (as printed) → 安监总管四〔2011〕87号.

        The text and `cites` keep what the source prints; lookups of the cited document use these.
        """
        fix = self.meta.cites_corrections
        return [fix.get(c, c) for c in self.meta.cites]


@dataclass
class Corpus:
    documents: list[Document]

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    def get(self, doc_id: str) -> Document | None:
        return self._ids.get(doc_id)

    @cached_property
    def _ids(self) -> dict[str, Document]:
        # Built once: the validity chain asks for documents by id many times per page or plan.
        return self.by_id()
