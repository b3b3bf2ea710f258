"""Which documents of the knowledge base a text cites, and who cites whom.

A citation is recognised in two ways: a document number (京政办发〔2013〕10号, 应急管理部令第10号,
GB/T 33000-2016, written loosely or canonically) or a 《title》. A title links only when exactly
one document of the knowledge base has it and no *different* document number follows it — two
standards share the title 《企业安全生产标准化基本规范》, and the number decides which one is meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.docno import doc_no_key, doc_no_mentions, looks_like_doc_no
from kb.model import Corpus, Document

_TITLE = re.compile(r"《(?P<title>[^《》\n]{2,80})》")
# A number in brackets right after a title: 《…》（国发〔2010〕23号） or 《…》(AQ/T9006-2010).
_AFTER_TITLE = re.compile(r"\s*[（(]\s*(?P<no>[^（）()\n]{4,40}?)\s*[）)]")


@dataclass(frozen=True)
class Mention:
    """One citation found in a text: where it is and which document it names."""

    start: int
    end: int
    doc: Document


@dataclass
class CitationIndex:
    """Lookup tables for citations within one corpus, built once per site build."""

    by_key: dict[str, Document]
    by_title: dict[str, Document]
    cited_by: dict[str, list[Document]] = field(default_factory=dict)
    by_id: dict[str, Document] = field(default_factory=dict)

    @classmethod
    def build(cls, corpus: Corpus) -> CitationIndex:
        by_key = {doc_no_key(d.meta.doc_no): d for d in corpus if d.meta.doc_no}
        titles: dict[str, list[Document]] = {}
        for d in corpus:
            titles.setdefault(d.title, []).append(d)
        by_title = {t: docs[0] for t, docs in titles.items() if len(docs) == 1}
        index = cls(by_key, by_title, by_id={d.id: d for d in corpus})
        for citing in corpus:
            for cited in index.cited_documents(citing):
                index.cited_by.setdefault(cited.id, []).append(citing)
        return index

    def lookup_number(self, doc_no: str) -> Document | None:
        return self.by_key.get(doc_no_key(doc_no))

    def lookup_cite(self, cite: str) -> Document | None:
        """An entry of front-matter `cites`: a document number or a 《title》."""
        cite = cite.strip()
        if cite.startswith("《") and cite.endswith("》"):
            return self.by_title.get(cite[1:-1])
        return self.lookup_number(cite)

    def cited_documents(self, doc: Document) -> list[Document]:
        """Documents `doc` cites (front-matter `cites` and mentions in its text), each once, in order."""
        found: dict[str, Document] = {}
        for no in doc.meta.cites:
            target = self.lookup_cite(no)
            if target is not None and target.id != doc.id:
                found.setdefault(target.id, target)
        for mention in self.mentions(doc.body, doc):
            found.setdefault(mention.doc.id, mention.doc)
        return list(found.values())

    def mentions(self, text: str, self_doc: Document | None = None) -> list[Mention]:
        """Non-overlapping citations of other documents in `text`, in order."""
        resolved = []
        for number in doc_no_mentions(text):
            target = self.lookup_number(number.canonical)
            if target is not None:
                resolved.append(Mention(number.start, number.end, target))
        for m in (_TITLE.finditer(text) if "《" in text else ()):
            target = self.by_title.get(m["title"])
            if target is None:
                continue
            after = _AFTER_TITLE.match(text, m.end())
            if after and target.meta.doc_no and \
                    doc_no_key(after["no"]) != doc_no_key(target.meta.doc_no) and looks_like_doc_no(after["no"]):
                continue
            resolved.append(Mention(m.start(), m.end(), target))
        if self_doc is not None:
            resolved = [x for x in resolved if x.doc.id != self_doc.id]
        resolved.sort(key=lambda x: (x.start, -x.end))
        out: list[Mention] = []
        for mention in resolved:
            if out and mention.start < out[-1].end:
                continue
            out.append(mention)
        return out

    def link(self, text: str, self_doc: Document, href: Callable[[Document], str]) -> str:
        """`text` (Markdown) with every citation of a known document turned into a Markdown link."""
        mentions = self.mentions(text, self_doc)
        if not mentions:
            return text
        parts: list[str] = []
        pos = 0
        for mention in mentions:
            parts.append(text[pos:mention.start])
            parts.append(f"[{text[mention.start:mention.end]}]({href(mention.doc)})")
            pos = mention.end
        parts.append(text[pos:])
        return "".join(parts)
