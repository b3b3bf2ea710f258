"""What the generator reads from the knowledge base: quotable sentences, standard elements, statuses.

Everything a plan or outline asserts as an obligation comes through here with its citation, site URL
and the status of the cited document on the document's date, so the builders never hold policy
wording of their own and never cite without saying whether the text is in force.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from generator.model import Cited
from generator.rules import HeldQuote, QuoteSpec, plan_rules
from kb.applicability import ApplicableDocument
from kb.docno import doc_no_key
from kb.errors import AnbiaoError
from kb.model import Clause, Corpus, Document
from kb.numbering import cn_date
from kb.validity import IN_FORCE, UNKNOWN, StatusView, status_on

SENTENCE_END = re.compile(r"(?<=[。；！？])")
ITEM_LABEL = re.compile(r"^\s*(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[.．、])\s*")
LAW_ITEM = re.compile(r"^\s*(（[一二三四五六七八九十]+）)")
# A quoted sentence ends here; anything else is a text cut off where the source is an excerpt, or
# (a colon) a sentence that announces a list the quote would leave out.
_WHOLE = ("。", "；", "！", "？", "”", "」")


def reader_status(view: StatusView) -> str:
    """The status as it stands beside a citation for a reader: 现行有效, 已被替代（2025年10月31日起）, or
    for 未知 what the reader should do about it (时效性未核实，请核对)."""
    words = plan_rules().status_words
    if view.status == UNKNOWN:
        return words[UNKNOWN]
    if view.status == IN_FORCE and view.doc.meta.valid_until:
        return f"现行有效，有效期至{cn_date(view.doc.meta.valid_until)}"
    if view.status != IN_FORCE and view.since:  # printed in brackets already: no brackets inside
        return f"{view.status}，自{cn_date(view.since)}起"
    return view.status


def status_text(doc: Document, on: dt.date, corpus: Corpus) -> str:
    """`reader_status` of a document on a date."""
    return reader_status(status_on(doc, on, corpus))


# plan.yaml's group of documents that bind the enterprise only on conditions.
CONDITIONAL_TIER = "有条件"


def basis_group_index(tier: str, level: str) -> int | None:
    """The 编制依据 group (plan.yaml `basis_groups`) of a document of `level` in `tier`; None when
    documents of that level are no basis. The conditional group takes any level."""
    return next((i for i, g in enumerate(plan_rules().basis_groups)
                 if g.tier == tier and (level in g.levels or tier == CONDITIONAL_TIER)), None)


def basis_group(found: ApplicableDocument) -> int | None:
    """The basis group of an applicable document; None when it is no basis (a 工作文件 reporting or
    directing government work, a 司法解释) or when it sets the enterprise no duty. Plans cite and
    outlines teach only these."""
    if found.doc.held and not any(c.is_duty for c in found.clauses):
        return None
    if found.only_on_conditions and basis_group_index(found.tier, found.doc.meta.level) is not None:
        return basis_group_index(CONDITIONAL_TIER, "")
    return basis_group_index(found.tier, found.doc.meta.level)


def conditions_of(found: ApplicableDocument, limit: int = 3) -> str:
    """The situations in which a document binds the enterprise, in the text's words, most frequent first."""
    counted = Counter(c.condition for c in found.clauses if c.is_duty and c.condition)
    shown = [cond for cond, _n in counted.most_common(limit)]
    return "；".join(shown) + ("等" if len(counted) > limit else "")


FULL_STOP = re.compile(r"(?<=[。！？])")


_LEAD_IN_MAX = 60  # a longer lead-in would bury the item it introduces


def list_lead_in(text: str) -> str | None:
    """The sentence that opens a clause's list of items, colon included (“…负有下列职责：”), or None
    when the clause has no short lead-in. An item (“（一）建立健全…”) quoted or asked alone says
    nothing of whose duty it is: it goes with this."""
    head, colon, _rest = text.partition("：")
    if not colon:
        head, colon, _rest = text.partition(":")
    head = re.split(r"[。\n]", head)[-1].strip()  # the lead-in is the last sentence before the colon
    if not colon or not head or len(head) > _LEAD_IN_MAX:
        return None
    return head + colon  # the text's own colon: quoted verbatim


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


def is_whole(sentence: str) -> bool:
    """Whether a sentence ends as sentences end (not cut off mid-word by an excerpt)."""
    return sentence.endswith(_WHOLE)


def sentence_with(text: str, needle: str) -> str | None:
    """The first whole sentence of `text` containing `needle`."""
    return next((s for s in sentences(text) if needle in s and is_whole(s)), None)


def find_document(corpus: Corpus, title: str | None = None, doc_no: str | None = None) -> Document | None:
    for doc in corpus:
        if title and (doc.title == title or doc.title.startswith(title + "（")):
            return doc
        if doc_no and doc.meta.doc_no and doc_no_key(doc.meta.doc_no) == doc_no_key(doc_no):
            return doc
    return None


def resolve_quote(corpus: Corpus, spec: QuoteSpec, on: dt.date) -> Cited | None:
    """The sentence containing `spec.needle`, cited with the document's status on `on`; None when no
    document in force (or of unknown status) has it."""
    docs = [d for d in (find_document(corpus, title=t) for t in spec.titles) if d is not None]
    if spec.doc_no and (by_no := find_document(corpus, doc_no=spec.doc_no)) is not None:
        docs.append(by_no)
    for doc in docs:
        view = status_on(doc, on, corpus)
        if view.in_force is False:
            continue
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
                return Cited(ITEM_LABEL.sub("", found), citation, doc.clause_url(owner), reader_status(view))
    return None


def held_quote(corpus: Corpus, spec: HeldQuote, on: dt.date) -> Cited:
    """Exact words of a held text, cited with its status; the words must stand in the clause as given
    (a data file naming words the text does not have is an error of ours, not the user's)."""
    doc = corpus.get(spec.document)
    clause = doc.clause(spec.clause) if doc is not None else None
    if doc is None or clause is None or spec.quote not in clause.full_text().replace("\n", ""):
        raise AnbiaoError(f"内容目录中没有 {spec.document} 第 {spec.clause} 条所引的文字“{spec.quote[:20]}…”"
                          "（generator/data/*.yaml）")
    return Cited(spec.quote, doc.citation(clause), doc.clause_url(clause), status_text(doc, on, corpus))


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
    def numbered(self) -> bool:
        """Whether the element's number is the standard's own: never where the page says its
        numbering is not established (`citable: false`)."""
        return self.clause.scheme == "standard" and self.doc.meta.citable

    @property
    def ref(self) -> str:
        """The standard's own number where it is established (5.1.2), else nothing."""
        return self.clause.label if self.numbered else ""

    @property
    def label(self) -> str:
        return f"{self.ref} {self.name}".strip()

    @property
    def citation(self) -> str:
        if self.numbered:
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
