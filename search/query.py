"""From a question as people type it to ranked clauses.

A colloquial question shares few exact words with the clause that answers it, so an AND of its
words finds little. Two stages:

1. Retrieval — one Whoosh OR query, scored by BM25F, of
   - each word of the question (jieba search mode: 安全生产标准化 also gives 安全生产, 标准化…) in
     the clause (heading + text) and, lower, in its document's title; words found only inside a
     longer word count less; question words (怎么办, 多少, 几年, 哪些…) are dropped and vague ones
     (规定, 要求, 企业…) weigh little;
   - synonyms of the words typed (安监部门 → 应急管理部门…), lower, one group counting once;
   - a document number anywhere in the question, matched exactly and loosely
     (京政办发〔2013〕10号 = 京政办发2013 10号), against the document's own number and numbers cited.
   Words found in more than MAX_POSTINGS clauses are left out of retrieval (they only make a query
   walk most of a large index) and count in stage 2.
2. Coordination — BM25 sums evidence, so a clause repeating one word of the question can beat one
   that has them all. The first RERANK_DEPTH hits are rescaled by how much of the question they
   cover: its words (with their inner words and synonyms) and its character bigrams, which also
   reward words that stand next to each other as in the question (a proximity signal that does not
   depend on how jieba cut the text).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit, WrappingCollector
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from kb.docno import doc_no_key, doc_no_mentions, loose_doc_no_mentions
from kb.errors import AnbiaoError, FieldError
from kb.vocab import load_vocabulary, valid_list
from search.analysis import char_bigrams
from search.index import UNRESTRICTED_INDUSTRY
from search.segment import normalize, segment

# Weights of the evidence. General, not per question; measured with bench/eval_search.py.
# Only the clause is indexed for retrieval; its document's title counts in stage 2 (coverage): a
# title field on every clause cost a fifth of the build time and measured no better.
FIELD_BOOSTS = {"body": 1.0}
SUBWORD_WEIGHT = 0.45  # 安全生产 found inside 安全生产标准化
WEAK_WEIGHT = 0.25
SYNONYM_WEIGHT = 0.6
DOC_NO_BOOST = 40.0
CITED_NO_BOOST = 3.0
MAX_POSTINGS = 1000  # bounds the work per query on a large index (see module docstring)
KEEP_WHEN_ALL_COMMON = 2
TITLE_PRIOR = 2.0  # a word of the question names a document (山东, 安全生产法): favour its clauses
TITLE_SHARE = 0.1  # ... if that word is in at most this share of titles (not 安全生产, 条例)
TITLE_MAX_DOCS = 20
RERANK_DEPTH = 30
SEARCH_SECONDS = 0.03
BUDGET_MIN_CLAUSES = 5_000  # below this, even the commonest words are scored in well under 30 ms
COORD_FLOOR = 0.5  # score × (COORD_FLOOR + coverage) ** COORD_POWER
COORD_POWER = 3.0
BIGRAM_COVERAGE = 0.5  # share of coverage given to the question's character bigrams


# --- limits ------------------------------------------------------------------------------

# A question is some 10–40 characters; 200 holds a pasted sentence or two, and bounds the words,
# synonyms and document-number patterns a query is built from.
MAX_QUERY_CHARS = 200
MAX_RESULTS = 500
# A hard stop for collecting matches on an index of any size (SEARCH_SECONDS is the soft budget of
# large indexes); what was found by then is ranked and the plan says it was cut short.
MAX_SECONDS = 1.0
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class SearchLimits:
    """Bounds on the work of one search, the same for every face (CLI, server, benchmarks)."""

    max_query_chars: int = MAX_QUERY_CHARS
    max_results: int = MAX_RESULTS
    max_seconds: float = MAX_SECONDS


class QueryRejected(AnbiaoError):
    """A search the library will not run. The subclasses carry the values a face needs to word the
    refusal its own way; the message is a default in Chinese that names no command-line option."""


class EmptyQuery(QueryRejected):
    def __init__(self) -> None:
        super().__init__("检索词为空；请输入要查的问题，如“标准化证书过期怎么办”")


class QueryTooLong(QueryRejected):
    def __init__(self, length: int, maximum: int) -> None:
        self.length, self.maximum = length, maximum
        super().__init__(f"检索词过长（{length} 字）；最多 {maximum} 字，请只写要查的问题或关键词")


class UnreadableQuery(QueryRejected):
    def __init__(self) -> None:
        super().__init__("检索词含有无法识别的字节（不是 UTF-8 文字）；请检查终端或网页的编码后重新输入")


class ResultLimitOutOfRange(QueryRejected):
    def __init__(self, limit: int, maximum: int) -> None:
        self.limit, self.maximum = limit, maximum
        super().__init__(f"结果条数应在 1 到 {maximum} 之间（收到 {limit}）")


def checked_query(text: str, limit: int, limits: SearchLimits) -> str:
    """The query as it will be searched (stripped), or the reason it will not be."""
    text = text.strip()
    if not text:
        raise EmptyQuery()
    if len(text) > limits.max_query_chars:
        raise QueryTooLong(len(text), limits.max_query_chars)
    if _SURROGATE.search(text):  # undecodable bytes of a command line (surrogateescape)
        raise UnreadableQuery()
    if not 1 <= limit <= limits.max_results:
        raise ResultLimitOutOfRange(limit, limits.max_results)
    return text


def scorer() -> BM25F:
    """BM25F; short fields (headings, titles) are normalised less for length than bodies."""
    return BM25F(B=0.75, K1=1.2, title_B=0.2)


@dataclass(frozen=True)
class QueryWords:
    stopwords: frozenset[str]
    weak: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]


@cache
def query_words() -> QueryWords:
    folder = Path(__file__).with_name("data")
    q = yaml.safe_load((folder / "query.yaml").read_text(encoding="utf-8"))
    s = yaml.safe_load((folder / "synonyms.yaml").read_text(encoding="utf-8"))
    groups = tuple(tuple(normalize(str(w)) for w in g) for g in s["groups"])
    return QueryWords(frozenset(normalize(str(w)) for w in q["stopwords"]),
                      frozenset(normalize(str(w)) for w in q["weak"]), groups)


@dataclass
class Filters:
    """Metadata restrictions; validated against the vocabularies with Chinese messages."""

    region: str | None = None
    only_region: bool = False
    industry: str | None = None
    kind: str | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def validate(self) -> None:
        """Raises FieldError naming the field (region, industry, …) and its valid values."""
        vocab = load_vocabulary()
        if self.region is not None and self.region not in vocab.regions:
            raise FieldError("region", self.region, "{field} 的值“{value}”不在地区词表中；" + vocab.region_hint(self.region))
        if self.only_region and not self.region:
            raise FieldError("only_region", self.only_region, "{field} 需要同时给出 {other}，如 {other}=北京市",
                             other="region")
        if self.industry is not None and self.industry not in vocab.industry_values:
            raise FieldError("industry", self.industry, "{field} 的值“{value}”不在行业词表中",
                             valid_list(vocab.industry_values))
        if self.status is not None and self.status not in vocab.statuses:
            raise FieldError("status", self.status, valid=valid_list(vocab.statuses))
        if self.kind is not None and self.kind not in vocab.kinds:
            raise FieldError("kind", self.kind, valid=valid_list(vocab.kinds))
        if self.since and self.until and self.since > self.until:
            raise FieldError("since", self.since, f"{{field}} {{value}} 晚于 {{other}} {self.until}；请交换或改正日期",
                             other="until")

    def is_empty(self) -> bool:
        return not any((self.region, self.industry, self.kind, self.status, self.since, self.until))

    def whoosh_filter(self) -> wq.Query | None:
        parts: list[wq.Query] = []
        vocab = load_vocabulary()
        if self.region:
            regions = [self.region] if self.only_region else vocab.region_chain(self.region)
            parts.append(wq.Or([wq.Term("region", r) for r in regions]))
        if self.industry:
            wanted = sorted(vocab.expand_industries([self.industry]) | {UNRESTRICTED_INDUSTRY})
            parts.append(wq.Or([wq.Term("industries", i) for i in wanted]))
        if self.kind:
            parts.append(wq.Term("kind", self.kind))
        if self.status:
            parts.append(wq.Term("status", self.status))
        if self.since or self.until:
            start = self.since.isoformat() if self.since else "0000-00-00"
            end = self.until.isoformat() if self.until else "9999-99-99"
            parts.append(wq.TermRange("issued", start, end))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


def parse_date_option(value: str | None, field: str) -> dt.date | None:
    """A YYYY-MM-DD filter value; FieldError naming `field` otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FieldError(field, value, "{field} 的值“{value}”不是日期；请写成 YYYY-MM-DD，如 2013-03-08") from None


# --- building the query --------------------------------------------------------------------

@dataclass
class QueryPlan:
    query: wq.Query | None
    highlight: list[str] = field(default_factory=list)  # words to mark in the passage, longest first
    doc_numbers: list[str] = field(default_factory=list)
    # Each word of the question with its inner words and synonyms, and its weight: for coverage.
    concepts: list[tuple[frozenset[str], float]] = field(default_factory=list)
    bigrams: frozenset[str] = frozenset()
    doc_keys: frozenset[str] = frozenset()  # loose keys of document numbers in the question
    truncated: bool = False  # collecting stopped at the time budget: the hits are the best of those found

    def coverage(self, text: str) -> float:
        """Weighted share of the question's words found in `text` (normalized)."""
        total = sum(w for _forms, w in self.concepts)
        if not total:
            return 1.0
        found = sum(w for forms, w in self.concepts if any(f in text for f in forms))
        words_share = found / total
        if not self.bigrams:
            return words_share
        grams_share = sum(1 for g in self.bigrams if g in text) / len(self.bigrams)
        return (1 - BIGRAM_COVERAGE) * words_share + BIGRAM_COVERAGE * grams_share


# 几年, 几个, 哪些, 哪五: asking for a number or a choice, not naming what is asked about.
_QUESTION_WORD = re.compile(r"^[几哪][\u4e00-\u9fff]?$")


def _doc_number_keys(text: str) -> tuple[list[str], set[str], list[tuple[int, int]]]:
    """Canonical numbers written in `text`, the keys of anything that looks like one, and the
    character spans they occupy."""
    found = doc_no_mentions(text)
    canonical = list(dict.fromkeys(m.canonical for m in found))
    keys = {doc_no_key(n) for n in canonical}
    spans = [(m.start, m.end) for m in found]
    for loose in loose_doc_no_mentions(text):
        keys.update(loose.keys)
        spans.extend(loose.spans)
    return canonical, keys, spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _field_terms(word: str, weight: float) -> list[wq.Query]:
    return [wq.Term(f, word, boost=weight * b) for f, b in FIELD_BOOSTS.items()]


class TitleIndex:
    """Which documents have a word in their title. Lets a question that names its document (山东,
    安全生产法, 评定标准) favour that document's clauses without a title field on every clause."""

    def __init__(self, titles: dict[str, str]) -> None:
        self._titles = titles
        self._cache: dict[str, set[str]] = {}

    def distinctive(self, word: str) -> set[str]:
        """The documents whose title has `word`, when few titles do; else nothing."""
        if word not in self._cache:
            docs = {d for d, title in self._titles.items() if word in title}
            limit = max(1, min(TITLE_SHARE * len(self._titles), TITLE_MAX_DOCS))
            self._cache[word] = docs if len(docs) <= limit else set()
        return self._cache[word]


def build_query(text: str, postings: Callable[[str], int] | None = None,
                titles: TitleIndex | None = None) -> QueryPlan:
    """The weighted OR query for a question, and what stage 2 needs (see the module docstring).

    `postings(word)` is the number of clauses containing `word` (0: nowhere, so not worth asking);
    `titles` tells which documents a word of the question names.
    """
    words = query_words()
    postings = postings or (lambda _w: 1)
    canonical, keys, spans = _doc_number_keys(text)
    # The digits of a document number say nothing as words: search the rest of the question.
    text = _blank(text, spans)
    normalized = normalize(text)
    tokens = segment(text)
    parts: list[wq.Query] = []
    highlight: dict[str, None] = {}
    stop_spans: list[tuple[int, int]] = []
    # One group per word of the default cut: the word and the shorter words inside it.
    groups: dict[int, dict[str, float]] = {}
    for tok in tokens:
        if tok.text in words.stopwords or _QUESTION_WORD.match(tok.text):
            if tok.main:
                stop_spans.append((tok.start, tok.end))
            continue
        if len(tok.text) == 1 and not tok.text.isascii():
            continue  # single characters count through the bigrams of stage 2
        weight = 1.0 if tok.main else SUBWORD_WEIGHT
        if tok.text in words.weak:
            weight = min(weight, WEAK_WEIGHT)
        variants = groups.setdefault(tok.pos, {})
        variants[tok.text] = max(variants.get(tok.text, 0.0), weight)

    counts = {w: postings(w) for variants in groups.values() for w in variants}
    retrievable = {w for w, n in counts.items() if 0 < n <= MAX_POSTINGS}
    if not retrievable:  # only common words: retrieve by the least common of them
        present = sorted((w for w, n in counts.items() if n > 0), key=lambda w: counts[w])
        retrievable = set(present[:KEEP_WHEN_ALL_COMMON])
    typed: set[str] = set()
    concepts: list[tuple[frozenset[str], float]] = []
    for variants in groups.values():
        for word, weight in variants.items():
            if word in retrievable:
                parts.extend(_field_terms(word, weight))
        if titles is not None:
            named: dict[str, float] = {}
            for word, weight in variants.items():
                if word not in words.weak:
                    for doc_id in titles.distinctive(word):
                        named[doc_id] = max(named.get(doc_id, 0.0), weight)
            parts.extend(wq.Term("doc_id", d, boost=TITLE_PRIOR * w) for d, w in named.items())
        forms = set(variants)
        for group in words.synonyms:
            if forms & set(group):
                forms.update(group)
        concepts.append((frozenset(forms), max(variants.values())))
        typed.update(variants)
        highlight.update(dict.fromkeys(w for w in variants if w not in words.weak))

    # Synonyms of what was typed, one alternative per group; multi-word members as a phrase.
    for group in words.synonyms:
        if not any(member in normalized for member in group):
            continue
        alternatives: list[wq.Query] = []
        for member in group:
            if member in normalized or member in typed:
                continue
            member_words = [t.text for t in segment(member) if t.main]
            if not member_words or any(not 0 < postings(w) <= MAX_POSTINGS for w in member_words):
                continue
            if len(member_words) == 1:
                alternatives.append(wq.Or(_field_terms(member_words[0], SYNONYM_WEIGHT)))
            else:
                alternatives.append(wq.Phrase("body", member_words, slop=1, boost=SYNONYM_WEIGHT))
            highlight[member] = None
        if alternatives:
            parts.append(wq.DisjunctionMax(alternatives))

    for number in canonical:
        parts.append(wq.Term("doc_no", number, boost=DOC_NO_BOOST))
        highlight[number] = None
    for key in sorted(keys):
        parts.append(wq.Term("doc_no_key", key, boost=DOC_NO_BOOST))
        parts.append(wq.Term("cites", key, boost=CITED_NO_BOOST))

    # Character bigrams of the question without its question words, for stage 2.
    grams = {g for _s, _e, g in char_bigrams(_blank(normalized, stop_spans)) if len(g) == 2 and not g.isascii()}
    ordered = sorted(highlight, key=len, reverse=True)
    return QueryPlan(wq.Or(parts) if parts else None, ordered, canonical, concepts, frozenset(grams),
                     frozenset(keys))


# --- searching ---------------------------------------------------------------------------

@dataclass
class Hit:
    """One clause found; `heading` in JSON is the heading path joined with " / "."""

    doc_id: str
    clause_id: str
    title: str
    heading_path: list[str]
    text: str
    score: float
    url: str
    citation: str
    doc_no: str | None
    region: str
    status: str
    kind: str
    issued: str | None

    @property
    def heading(self) -> str:
        return " / ".join(self.heading_path)

    def as_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "clause_id": self.clause_id, "title": self.title,
            "heading": self.heading, "heading_path": self.heading_path, "text": self.text,
            "score": round(self.score, 4), "url": self.url, "citation": self.citation,
            "doc_no": self.doc_no, "region": self.region, "status": self.status, "kind": self.kind,
            "issued": self.issued,
        }


def _hit(fields: dict[str, Any], score: float) -> Hit:
    return Hit(doc_id=fields["doc_id"], clause_id=fields["clause_id"], title=fields["title"],
               heading_path=list(fields.get("heading_path") or []), text=fields.get("text", ""),
               score=float(score), url=fields["url"], citation=fields["citation"],
               doc_no=fields.get("doc_no") or None, region=fields.get("region", ""),
               status=fields.get("status", ""), kind=fields.get("kind", ""),
               issued=fields.get("issued") or None)


class _BudgetCollector(WrappingCollector):
    """Stops collecting `seconds` after the search began, keeping what was found.

    Whoosh's TimeLimitCollector learns of the deadline from a timer thread, which must wait for the
    GIL while the search holds it (one query of a 30 ms budget took 131 ms in bench_search), and its loop skips a
    FilterCollector below it (whoosh-reloaded 2.7.5). Here the clock is read every few matches.
    """

    CHECK_EVERY = 32

    def __init__(self, child: Any, seconds: float) -> None:
        self.child = child
        self.seconds = seconds
        self.deadline = 0.0

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        self.deadline = time.perf_counter() + self.seconds
        self.child.prepare(top_searcher, q, context)

    def collect_matches(self) -> None:
        inner = self.child
        if isinstance(inner, FilterCollector):
            allow, restrict, top = inner._allow, inner._restrict, inner.child
            offset = inner.offset
        else:
            allow = restrict = None
            top, offset = inner, 0
        deadline, every = self.deadline, self.CHECK_EVERY  # each segment gives at least `every` matches
        for n, sub_docnum in enumerate(top.matches(), 1):
            if n % every == 0 and time.perf_counter() > deadline:
                raise TimeLimit
            docnum = offset + sub_docnum
            if (allow is not None and docnum not in allow) or (restrict is not None and docnum in restrict):
                continue
            top.collect(sub_docnum)


def run_query(searcher: Searcher, text: str, filters: Filters | None = None, limit: int = 10,
              titles: TitleIndex | None = None,
              max_seconds: float = MAX_SECONDS) -> tuple[list[Hit], QueryPlan]:
    """Search an open searcher (made with `scorer()`); returns the hits and the plan used.

    `text` is taken as it is: `checked_query` bounds it first (ClauseSearch does).
    """
    def postings(word: str) -> int:
        return max(searcher.doc_frequency(f, word) for f in FIELD_BOOSTS)

    plan = build_query(text, postings, titles)
    if plan.query is None:
        return [], plan
    fq = filters.whoosh_filter() if filters else None
    # A question of only very common words (安全生产, 事故) matches most of a large index and
    # cannot rank it well anyway: stop after SEARCH_SECONDS and rank what was found.
    # A small index is scored in full, so that results never depend on the machine's load, unless
    # the hard limit is reached.
    budget = SEARCH_SECONDS if searcher.doc_count() > BUDGET_MIN_CLAUSES else max_seconds
    collector = _BudgetCollector(searcher.collector(limit=max(limit, RERANK_DEPTH), filter=fq),
                                 min(budget, max_seconds))
    try:
        searcher.search_with_collector(plan.query, collector)
    except TimeLimit:
        plan.truncated = True
    hits = [_hit(r.fields(), r.score) for r in collector.results()]
    # Coordination: BM25 sums evidence, so a clause repeating one word of the question can beat
    # one that has them all. Rescale the first hits by how much of the question they cover.
    for hit in hits:
        if hit.doc_no and doc_no_key(hit.doc_no) in plan.doc_keys:
            continue  # asked for this very document by its number: that is full coverage
        seen = normalize(" ".join([hit.title, *hit.heading_path, hit.text]))
        hit.score *= (COORD_FLOOR + plan.coverage(seen)) ** COORD_POWER
    hits.sort(key=lambda h: -h.score)
    return hits[:limit], plan
