"""What the generator reads from the knowledge base: quotable sentences, standard elements, document order.

Everything a plan or outline asserts as an obligation comes through here with its citation and site URL,
so the builders never hold policy wording of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.rules import QuoteSpec, plan_rules
from kb.applicability import TIERS, ApplicableDocument
from kb.docno import doc_no_key
from kb.errors import AnbiaoError
from kb.model import Clause, Corpus, Document

SENTENCE_END = re.compile(r"(?<=[。；！？])")
ITEM_LABEL = re.compile(r"^\s*(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[.．、])\s*")
LAW_ITEM = re.compile(r"^\s*(（[一二三四五六七八九十]+）)")
INACTIVE = ("已废止", "已被替代")


@dataclass
class Quote:
    """A sentence of a source with the citation that stands behind it (url None outside content/)."""

    text: str
    citation: str
    url: str | None = None


def tier_order(found: ApplicableDocument) -> tuple[int, str]:
    """National documents first, then the province's, then the city's; by id within a tier (a plan's
    编制依据 lists documents in a stable order that does not move when a newer document arrives)."""
    return (TIERS.index(found.tier), found.doc.id)


def is_active(doc: Document) -> bool:
    return doc.meta.status not in INACTIVE


FULL_STOP = re.compile(r"(?<=[。！？])")


def sentences(text: str, semicolons: bool = True) -> list[str]:
    """Sentences of a clause text, item labels kept (the wording is never changed).

    With `semicolons`, a “；” ends a sentence too (an item of a list, a half of a long sentence).
    """
    out = []
    splitter = SENTENCE_END if semicolons else FULL_STOP
    for para in _whole_paragraphs(text):
        out.extend(s.strip() for s in splitter.split(para) if s.strip())
    return out


def _whole_paragraphs(text: str) -> list[str]:
    """Paragraphs, re-joining those a PDF page break split in mid-sentence (no end punctuation)."""
    out: list[str] = []
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        if out and not out[-1].endswith(("。", "；", "！", "？", "：", ":", "”")):
            out[-1] += para
        else:
            out.append(para)
    return out


def sentence_with(text: str, needle: str) -> str | None:
    return next((s for s in sentences(text) if needle in s), None)


def find_document(corpus: Corpus, title: str | None = None, doc_no: str | None = None) -> Document | None:
    for doc in corpus:
        if title and (doc.title == title or doc.title.startswith(title + "（")):
            return doc
        if doc_no and doc.meta.doc_no and doc_no_key(doc.meta.doc_no) == doc_no_key(doc_no):
            return doc
    return None


def resolve_quote(corpus: Corpus, spec: QuoteSpec) -> Quote | None:
    """The sentence containing `spec.needle`, cited; the fallback (FACTS.md's verbatim words) only when
    no held document has it."""
    docs = [d for d in (find_document(corpus, title=t) for t in spec.titles) if d is not None]
    if spec.doc_no and (by_no := find_document(corpus, doc_no=spec.doc_no)) is not None:
        docs.append(by_no)
    for doc in docs:
        clauses = [c for c in doc.clauses if c.kind != "division"]
        preferred = [c for c in clauses if c.id == spec.clause] + [c for c in clauses if c.id != spec.clause]
        for clause in preferred:
            found = sentence_with(clause.full_text() if clause.id == spec.clause else clause.text, spec.needle)
            if found:
                owner = _owner(clause, spec.needle)
                citation = doc.citation(owner)
                item = LAW_ITEM.match(found)
                if item and owner.scheme == "law":  # an article's item: 第二十一条第（一）项
                    citation += f"第{item.group(1)}项"
                return Quote(ITEM_LABEL.sub("", found), citation, doc.clause_url(owner))
    if spec.fallback_citation and spec.fallback_text:
        return Quote(spec.fallback_text, spec.fallback_citation)
    return None


def _owner(clause: Clause, needle: str) -> Clause:
    """The deepest clause whose own text holds the needle (a law's items stay in their article)."""
    for child in clause.children:
        if needle in child.full_text():
            return _owner(child, needle)
    return clause


# --- basic standards -------------------------------------------------------------------------

@dataclass
class Element:
    """One element of a basic standard as held in content/standards/."""

    name: str
    doc: Document
    clause: Clause
    children: list[Element] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """The standard's own number where it has one (5.1.2), else the element's name."""
        return self.clause.label if self.clause.scheme == "standard" else ""

    @property
    def citation(self) -> str:
        if self.clause.scheme == "standard":
            return self.doc.citation(self.clause)
        return f"{self.doc.citation()}“{self.name}”"

    @property
    def url(self) -> str:
        return self.doc.clause_url(self.clause)


def element_name(clause: Clause) -> str:
    return clause.heading[len(clause.label):].strip(" 、.．") if clause.label else clause.heading.strip()


def standard_elements(corpus: Corpus, doc_no: str) -> tuple[Document, list[Element]]:
    """The first-level elements (with second-level children) of the chosen basic standard.

    Elements are found by their names from generator/data/plan.yaml, so the standard's own numbering
    (5.1, or 一、 where the number is unknown) does not matter.
    """
    doc = find_document(corpus, doc_no=doc_no)
    if doc is None or doc.meta.kind != "standard":
        held = [d.meta.doc_no for d in corpus if d.meta.kind == "standard" and d.meta.doc_no]
        raise AnbiaoError(f"内容目录中没有基本标准 {doc_no}（content/standards/）；已收录的标准："
                          f"{'、'.join(held) or '无'}。可在企业概况中用 standard 字段选择其他版本")
    names = plan_rules().standard_elements[doc_no]
    by_name: dict[str, Clause] = {}
    for c in doc.clauses:  # document order: 5.8 持续改进 wins over 5.8.2 持续改进
        if c.kind == "clause":
            by_name.setdefault(element_name(c), c)
    missing = [n for n in names if n not in by_name]
    if missing:
        raise AnbiaoError(f"{doc.path}: 标准 {doc_no} 中找不到要素：{'、'.join(missing)}"
                          "（要素名称见 generator/data/plan.yaml）")
    elements = []
    for name in names:
        clause = by_name[name]
        children = [Element(element_name(c), doc, c) for c in clause.children if c.kind == "clause"]
        elements.append(Element(name, doc, clause, children))
    return doc, elements
