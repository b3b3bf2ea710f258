"""From a question as people type it to what the ranking scores (a QueryPlan).

The question is cut into words by the vocabulary of the index itself: a dynamic programme over the
words the index holds, weighted by how many clauses hold each (jieba's own algorithm — the most
probable route through a DAG of dictionary words — with the index as its dictionary). The browser
(generator/site/assets/anbiao-search.js) cuts the same way from the vocabulary the static index
ships, so both modes ask for the same terms without shipping jieba's dictionary; and a word no
clause holds could not match anything anyway. Then:

- an aspect particle inside a separable verb is taken out first (坐过牢 → 坐牢, 受了伤 → 受伤:
  离合词, which the dictionary holds whole) where the route would cut it into single characters;
- words of the default route are the question's words; the shorter index words inside them (安全生产
  in 安全生产标准化) count less; question words (怎么办, 多少, 几年, 哪些…) are dropped and vague
  ones (规定, 要求, 企业…) weigh little (data/query.yaml);
- synonym groups (data/synonyms.yaml) any member of which the question contains add their other
  members, one alternative per group; a thing named (电梯, 安全帽) adds the category the texts name
  it by (特种设备, 劳动防护用品: `narrower` there), not the other way round;
- a document number anywhere in the question (京政办发〔2013〕10号, 京政办发2013 10号, GB/T 33000-2016)
  is found by its doc_no_key among the numbers the index holds, and with it the attachments issued
  under that number (kb.docno.with_attachments);
- 第N条 after the name of a law (安全生产法第二十一条) names an article: it goes first.

The weights are in data/ranking.yaml and the scoring in search.ranking.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from kb.docno import doc_no_keys_in, with_attachments
from kb.errors import FieldError
from kb.numbering import cn_to_int
from kb.vocab import load_vocabulary, valid_list
from search.index import UNRESTRICTED_INDUSTRY
from search.quantity import asked_quantities, quantity_words, stated_quantities
from search.segment import normalize
from search.store import QUANTITY

DATA = Path(__file__).with_name("data")

# --- the data the analysis uses ------------------------------------------------------------

@dataclass(frozen=True)
class QueryWords:
    stopwords: frozenset[str]
    weak: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]
    # (members, names): things a question may name by themselves (电梯, 安全帽) and the category the
    # texts name them by (特种设备, 劳动防护用品). One way only: a question naming the category does not
    # ask for each member.
    narrower: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    consequences: tuple[str, ...]
    sanctions: tuple[str, ...]

    @property
    def expansions(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...]:
        """(words that call for it, words then searched too, one way): a synonym group calls for itself."""
        return tuple((g, g, False) for g in self.synonyms) + tuple((m, n, True) for m, n in self.narrower)

    def as_json(self) -> dict[str, Any]:
        return {"stopwords": sorted(self.stopwords), "weak": sorted(self.weak),
                "synonyms": [list(g) for g in self.synonyms],
                "narrower": [[list(members), list(names)] for members, names in self.narrower],
                "consequences": list(self.consequences), "sanctions": list(self.sanctions),
                "quantities": quantity_words().as_json()}


@cache
def query_words() -> QueryWords:
    q = _load_yaml("query.yaml")
    s = _load_yaml("synonyms.yaml")
    groups = tuple(tuple(normalize(str(w)) for w in g["words"]) for g in s["groups"])
    narrower = tuple((tuple(normalize(str(w)) for w in n["members"]), tuple(normalize(str(w)) for w in n["names"]))
                     for n in s.get("narrower", []))
    return QueryWords(frozenset(normalize(str(w)) for w in q["stopwords"]),
                      frozenset(normalize(str(w)) for w in q["weak"]), groups, narrower,
                      tuple(normalize(str(w)) for w in q["consequences"]),
                      tuple(normalize(str(w)) for w in q["sanctions"]))


@cache
def ranking_params() -> dict[str, Any]:
    """data/ranking.yaml: the weights of search.ranking (and of the browser's scorer)."""
    return dict(_load_yaml("ranking.yaml"))


def _load_yaml(name: str) -> Any:
    # libyaml's loader when PyYAML has it: the pure-Python one took a tenth of a second of every
    # `anbiao search` for these three small files.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)


class Vocabulary(Protocol):
    """What the analysis asks of an index."""

    def df(self, term: str) -> int:
        """Clauses holding `term`, plus documents holding it in their title field (0: none)."""

    @property
    def log_total(self) -> float:
        """ln of the number of postings (the denominator of the route's word probabilities)."""

    def doc_number_keys(self) -> Iterable[str]:
        """doc_no_key of every document number the index holds (own or cited)."""

    @property
    def title_keys(self) -> dict[int, str]:
        """Document number in the index → `title_key` of its title, for every indexed document."""

    def char_weight(self, char: str) -> float:
        """What finding a Chinese character in a clause says: ln(clauses / clauses holding it), the
        largest for a character no clause holds."""


# --- the plan ------------------------------------------------------------------------------

@dataclass
class QueryPlan:
    """What to score for a question (search.ranking) and what to show of it."""

    terms: list[tuple[str, float]] = field(default_factory=list)  # typed words and inner words, weighted
    doc_terms: list[tuple[str, float]] = field(default_factory=list)  # the same, for the document field
    # One entry per synonym group: its alternatives, each a list of words all of which must be found.
    synonyms: list[list[list[str]]] = field(default_factory=list)
    quantities: list[list[str]] = field(default_factory=list)  # alternatives: the kinds of quantity asked for
    doc_keys: list[str] = field(default_factory=list)  # doc_no_key of numbers written in the question
    annex_keys: list[str] = field(default_factory=list)  # ... of attachments issued under one of them
    articles: list[tuple[list[int], int]] = field(default_factory=list)  # (documents, article number)
    # Each word of the question with its inner words and synonyms, and its weight: for coverage.
    concepts: list[tuple[frozenset[str], float]] = field(default_factory=list)
    bigrams: frozenset[str] = frozenset()
    chars: tuple[tuple[str, float], ...] = ()  # the characters of the bigrams, each with its char_weight
    highlight: list[str] = field(default_factory=list)  # words to mark in passages, longest first
    question: str = ""  # normalized, numbers and named articles blanked: where places are looked for
    asks_consequence: bool = False  # a word of query.yaml `consequences` is in the question
    asks_sanction: bool = False  # ... of query.yaml `sanctions`: which penalty, not only what follows

    @property
    def empty(self) -> bool:
        return not (self.terms or self.synonyms or self.doc_keys or self.annex_keys or self.articles)

    def coverage(self, text: str, bigram_share: float, char_share: float) -> float:
        """Weighted share of the question's words found in `text` (normalized), mixed with the share
        of its character bigrams and the weighted share of its characters.

        The characters count because a Chinese word mostly shares a character, a morpheme, with the
        words that paraphrase it (复工 and 恢复生产, 煤窑 and 煤矿, 试一下 and 试运行), where neither the
        words nor the bigrams meet; each weighs by how rare it is among the clauses, so 的 or 应 say
        next to nothing (ranking.yaml char_coverage)."""
        # Floats are added one by one, in order, as the browser's script adds them: sum() compensates
        # its rounding since Python 3.12, and a last digit can decide a near tie.
        total = found = 0.0
        for forms, w in self.concepts:
            total += w
            if any(f in text for f in forms):
                found += w
        words_share = found / total if total else 1.0
        if not self.bigrams:
            return words_share
        grams_share = sum(1 for g in self.bigrams if g in text) / len(self.bigrams)
        char_total = char_found = 0.0
        for _c, w in self.chars:
            char_total += w
        if not char_total:  # every character in every clause (or none in any): bigrams and words alone
            return (1 - bigram_share) * words_share + bigram_share * grams_share
        for c, w in self.chars:
            if c in text:
                char_found += w
        return ((1 - bigram_share - char_share) * words_share + bigram_share * grams_share
                + char_share * (char_found / char_total))


# --- cutting the question ------------------------------------------------------------------

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+(?:\.[0-9]+)*")
MAX_WORD_CHARS = 16  # longer index words (a few dictionary phrases) are not looked for in a question
# 几年, 几个, 哪些, 哪五: asking for a number or a choice, not naming what is asked about.
_QUESTION_WORD = re.compile(r"^[几哪][\u4e00-\u9fff]?$")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def cut(text: str, vocab: Vocabulary, extra: frozenset[str] = frozenset()) -> list[Word]:
    """The most probable route of index words through `text` (normalized), as jieba computes it:
    each word costs ln(df) − ln(total), a character not in the vocabulary ln(1) − ln(total); ties
    go to the longer word. `extra` are words the route may take though no clause holds them
    (question words, synonyms), at the cost of a single character. Latin and digit runs are words."""
    out: list[Word] = []
    for m in _RUN.finditer(text):
        run, base = m.group(), m.start()
        if run.isascii():
            out.append(Word(run, base, m.end()))
            continue
        out.extend(Word(w, base + a, base + b) for w, a, b in _route(run, vocab, extra))
    return out


def _route(run: str, vocab: Vocabulary, extra: frozenset[str]) -> list[tuple[str, int, int]]:
    n = len(run)
    log_total = vocab.log_total
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = (math.log(max(vocab.df(run[i]), 1)) - log_total + best[i + 1][0], i + 1)
        for j in range(i + 2, min(n, i + MAX_WORD_CHARS) + 1):
            word = run[i:j]
            df = vocab.df(word)
            if df or word in extra:
                value = math.log(max(df, 1)) - log_total + best[j][0]
                if value >= choice[0]:
                    choice = (value, j)
        best[i] = choice
    words, i = [], 0
    while i < n:
        j = best[i][1]
        words.append((run[i:j], i, j))
        i = j
    return words


def inner_words(word: str, vocab: Vocabulary) -> list[str]:
    """Index words of two characters or more inside `word` (shorter than it), in order of position."""
    found: list[str] = []
    for size in range(len(word) - 1, 1, -1):
        for i in range(len(word) - size + 1):
            sub = word[i:i + size]
            if sub not in found and vocab.df(sub):
                found.append(sub)
    return found


# --- document numbers and articles ------------------------------------------------------------

_ARTICLE = re.compile(r"第([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,8})条")
_TITLE_EDGE = re.compile(r"[《》〈〉“”\"'\s]")
_COUNTRY = "中华人民共和国"
MAX_NAME_CHARS = 30


def title_key(title: str) -> str:
    """A title as a law is named in a question: without 中华人民共和国, book-title marks and spaces."""
    return _TITLE_EDGE.sub("", title).replace(_COUNTRY, "")


def find_articles(text: str, vocab: Vocabulary) -> tuple[list[tuple[list[int], int]], list[tuple[int, int]]]:
    """第N条 after a name that documents' titles contain (安全生产法第二十一条): the documents whose
    titles contain the longest such name, and N; and the spans of `text` they cover."""
    found, spans = [], []
    for m in _ARTICLE.finditer(text):
        number = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
        before = title_key(text[:m.start()])[-MAX_NAME_CHARS:]
        if not number or len(before) < 2:
            continue
        # A title holding a longer name holds the shorter ones: narrow the candidates as the name grows.
        docs = [d for d, t in vocab.title_keys.items() if before[-2:] in t]
        size = 2
        while docs and size < len(before):
            longer = [d for d in docs if before[-(size + 1):] in vocab.title_keys[d]]
            if not longer:
                break
            docs, size = longer, size + 1
        # A title that is the name itself (消防法 = 中华人民共和国消防法) is meant, not one that quotes it
        # (广东省实施《中华人民共和国消防法》办法).
        exact = [d for d in docs if vocab.title_keys[d] == before[-size:]]
        if docs:
            found.append((exact or docs, number))
            spans.append((max(0, m.start() - size), m.end()))
    return found, spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


# --- the analysis ----------------------------------------------------------------------------

def analyze(text: str, vocab: Vocabulary) -> QueryPlan:
    """The plan for a question (see the module docstring)."""
    words = query_words()
    params = ranking_params()
    plan = QueryPlan()
    normalized = normalize(text)
    found, number_spans = doc_no_keys_in(text, vocab.doc_number_keys())
    plan.doc_keys, plan.annex_keys = with_attachments(found, vocab.doc_number_keys())
    plan.articles, article_spans = find_articles(normalized, vocab)
    # The digits of a document number or an article say nothing as words: analyse the rest.
    rest = _blank(normalized, number_spans + [(s, e) for s, e in article_spans])
    plan.question = rest
    plan.asks_consequence = any(w in rest for w in words.consequences)
    # Words the route may take though the index lacks them: question words, the words asking for a
    # sanction and the penalty headings (罚则 is not 罚 + 则), synonyms.
    extra = words.stopwords | set(words.sanctions) | set(params["penalty_headings"]) | {
        m for calls, adds, _one_way in words.expansions for m in calls + adds}
    route = cut(rest, vocab, extra)
    particles = _separable_particles(route, vocab, extra)
    if particles:  # cut again only when a particle was taken out (most questions hold none)
        rest = _without(rest, particles)
        route = cut(rest, vocab, extra)
    highlight: dict[str, None] = {}
    stop_spans: list[tuple[int, int]] = []
    typed: set[str] = set()
    # Which sanction, asked by a word of its own: 没收 in 没收到 or 罪 in 犯罪记录 asks nothing of the kind.
    plan.asks_sanction = any(w.text in words.sanctions for w in route)
    for word in route:
        if word.text in words.stopwords or _QUESTION_WORD.match(word.text):
            stop_spans.append((word.start, word.end))
            continue
        if len(word.text) == 1 and not word.text.isascii():
            continue  # single characters count through the bigrams of the coverage
        variants = {word.text: 1.0}
        for inner in inner_words(word.text, vocab):
            variants.setdefault(inner, params["subword_weight"])
        for w in variants:
            if w in words.weak:
                variants[w] = min(variants[w], params["weak_weight"])
        for w, weight in variants.items():
            plan.terms.append((w, weight))
            if w not in words.weak:
                plan.doc_terms.append((w, weight))
                # Marked in passages: the word typed, and inner words long enough to mean something
                # alone (负责人, not 主要 or 负责 of 主要负责人).
                if len(w) > 1 and (w == word.text or len(w) > 2):
                    highlight[w] = None
        forms = set(variants)
        for calls, adds, one_way in words.expansions:
            if names_member(word.text, calls, adds) if one_way else any(m in variants for m in calls):
                forms.update(adds)
        plan.concepts.append((frozenset(forms), max(variants.values())))
        typed.update(variants)

    # Synonyms of what was typed (and the category of a thing named): one alternative per group,
    # each a list of words found together. A one-character member counts only as a word of its own
    # (撤 in 先撤, not in 撤销).
    singles = {w.text for w in route if len(w.text) == 1}
    for calls, adds, one_way in words.expansions:
        if one_way:
            if not any(names_member(w.text, calls, adds) for w in route):
                continue
        elif not any(member in rest if len(member) > 1 else member in singles for member in calls):
            continue
        alternatives: list[list[str]] = []
        for member in adds:
            if member in rest or member in typed or len(member) == 1:
                continue
            member_words = [w.text for w in cut(member, vocab) if len(w.text) > 1 or w.text.isascii()]
            if member_words and all(vocab.df(w) for w in member_words):
                alternatives.append(member_words)
                highlight[member] = None
        if alternatives:
            plan.synonyms.append(alternatives)

    # A quantity asked for (几年, 多少人, 多长时间) or stated (三个人): the clauses stating one of
    # that kind (search.quantity) count like a synonym group, weighted by quantity_weight.
    qw = quantity_words()
    kinds = asked_quantities(rest, qw.units, qw.durations, qw.time_units)
    kinds += [k for k in stated_quantities(rest, qw.units) if k not in kinds]
    plan.quantities = [[QUANTITY + k] for k in kinds if vocab.df(QUANTITY + k)]

    # Character bigrams of the question without its question words, for the coverage.
    plan.bigrams = frozenset(g for g in _cjk_bigrams(_blank(rest, stop_spans)))
    plan.chars = tuple((c, vocab.char_weight(c)) for c in sorted({c for g in plan.bigrams for c in g}))
    plan.highlight = sorted(highlight, key=len, reverse=True)
    return plan


def names_member(word: str, members: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """Whether a word of the question names a member of a category (synonyms.yaml `narrower`): the member
    itself or a word holding it (锅炉房), but not a name of the category that holds it (灭火器材 is a name,
    not the 灭火器 in it), and only as a word of the route (安全带 is not in 安全带来)."""
    return word in members or (word not in names and any(m in word for m in members))


# Aspect particles (动态助词 了, 着, 过) go inside a separable verb (离合词: 坐牢 → 坐过牢, 受伤 →
# 受了伤); the dictionary knows the verb only whole.
_ASPECT = frozenset("了着过")


def rejoin_separable(text: str, vocab: Vocabulary, extra: frozenset[str]) -> str:
    """`text` with an aspect particle taken out of a separable verb: where the route cuts X, a
    particle and Y as three single characters and XY is a word (of the index, or a synonym)."""
    return _without(text, _separable_particles(cut(text, vocab, extra), vocab, extra))


def _separable_particles(route: list[Word], vocab: Vocabulary, extra: frozenset[str]) -> set[int]:
    """Where in the text the route cuts X, an aspect particle, Y as single characters and XY is a word."""
    return {mid.start for a, mid, b in zip(route, route[1:], route[2:], strict=False)
            if mid.text in _ASPECT and len(a.text) == 1 and len(b.text) == 1 and a.end == mid.start
            and mid.end == b.start and (a.text + b.text in extra or vocab.df(a.text + b.text))}


def _without(text: str, positions: set[int]) -> str:
    return "".join(ch for i, ch in enumerate(text) if i not in positions)


def _cjk_bigrams(text: str) -> Iterable[str]:
    for m in re.finditer(r"[\u3400-\u9fff\uf900-\ufaff]{2,}", text):
        run = m.group()
        for i in range(len(run) - 1):
            yield run[i:i + 2]


# --- filters -----------------------------------------------------------------------------

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

    def admits(self, doc: dict[str, Any], status: str) -> bool:
        """Whether a document (its index record and its status today) passes the filters."""
        vocab = load_vocabulary()
        if self.region:
            regions = [self.region] if self.only_region else vocab.region_chain(self.region)
            if doc["region"] not in regions:
                return False
        if self.industry:
            wanted = vocab.expand_industries([self.industry]) | {UNRESTRICTED_INDUSTRY}
            if not wanted & set(doc["industries"]):
                return False
        if self.kind and doc["kind"] != self.kind:
            return False
        if self.status and status != self.status:
            return False
        issued = doc.get("issued") or ""
        if self.since and not (issued and issued >= self.since.isoformat()):
            return False
        return not (self.until and not (issued and issued <= self.until.isoformat()))
