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

from kb.model import Corpus, Document
from kb.numbering import DOC_NO, ORDER_NO, STANDARD_NO, _trim_prefix, loose_doc_no_key

_TITLE = re.compile(r"《(?P<title>[^《》\n]{2,80})》")
# A number in brackets right after a title: 《…》（国发〔2010〕23号） or 《…》(AQ/T9006-2010).
_STANDARD_HINT = re.compile(r"(?:GB|AQ|DB|JGJ|SH|HG|MT|DL|YS|JB|T/)[/A-Z]*\s*\d")
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
        by_key = {loose_doc_no_key(d.meta.doc_no): d for d in corpus if d.meta.doc_no}
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
        return self.by_key.get(loose_doc_no_key(doc_no))

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
        spans: list[tuple[int, int]] = []
        # Cheap tests first: the regexes are costly, and most lines cite nothing.
        has_no, has_order, has_title = "号" in text, "令第" in text, "《" in text
        has_std = _STANDARD_HINT.search(text) is not None
        if not (has_no or has_title or has_std):
            return []
        for m in (DOC_NO.finditer(text) if has_no else ()):
            prefix = _trim_prefix(m["prefix"])
            if prefix:
                spans.append((m.start("prefix") + len(m["prefix"]) - len(prefix), m.end()))
        if has_order:
            spans.extend(m.span() for m in ORDER_NO.finditer(text))
        if has_std:
            spans.extend(m.span() for m in STANDARD_NO.finditer(text))
        resolved = []
        for start, end in spans:
            target = self.lookup_number(text[start:end])
            if target is not None:
                resolved.append(Mention(start, end, target))
        for m in (_TITLE.finditer(text) if has_title else ()):
            target = self.by_title.get(m["title"])
            if target is None:
                continue
            after = _AFTER_TITLE.match(text, m.end())
            if after and target.meta.doc_no and \
                    loose_doc_no_key(after["no"]) != loose_doc_no_key(target.meta.doc_no) and \
                    _looks_like_number(after["no"]):
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


def _looks_like_number(text: str) -> bool:
    return bool(DOC_NO.search(text) or ORDER_NO.search(text) or STANDARD_NO.search(text))
