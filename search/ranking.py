"""Ranking clauses for a QueryPlan over the segments of an index, with numpy.

The formula (weights and their reasons in data/ranking.yaml; the browser's scorer,
generator/site/assets/anbiao-search.js, computes the same numbers from the static index):

1. Clause fields, BM25F. For a term t, with N live clauses, df its clauses, tf / htf / ltf its
   frequency in the clause (heading and text) / the headings above it / its lead sentence, and
   len / hlen / llen their lengths in words:
       idf = ln(1 + (N − df + 0.5) / (df + 0.5))
       tf' = tf / (1 − b_text + b_text·len/avg_len) + heading_weight · htf / (1 − b_heading + b_heading·hlen/avg_hlen)
             + lead_weight · ltf / (1 − b_lead + b_lead·llen/avg_llen)
       s_t = idf · tf' · (k1 + 1) / (tf' + k1)
   A clause scores Σ w·s_t over the question's weighted terms, plus for each synonym group
   synonym_weight · max over its alternatives of (min over the alternative's words of s_t), plus
   quantity_weight · the best s_t of the kinds of quantity asked for (search.quantity), plus
   cited_weight · s_t for each document number of the question it cites.
2. Document field (title and region words, the document's own number), BM25 over documents that
   have clauses: every clause of a document adds doc_weight · Σ w·s_t (doc_no_weight for a number).
3. Priors: × not_in_force for a document not in force today (recorded by search.index), ×
   unknown_prior when its status is 未知, × authority_step ^ (tier − 1) for its level; × local_prior
   for local legislation of a place the question does not name (× named_place_prior for that of a
   place it names), × trade_prior for a document of some trades only when the question names none
   of them, × penalty_prior under a 法律责任 heading unless the question asks about consequences.
4. The best collapse_depth + limit are rescaled by coverage (QueryPlan.coverage):
   × (coord_floor + c) ^ coord_power.
5. Articles named by law and number (安全生产法第二十一条) go first; then near-identical clauses of
   other documents are folded into one (`Hit.similar`), shown at the place of the best ranked: the
   one of the place the question names, else of highest authority, else in force, else national (a
   law before its provincial copies).
Ties keep index order (a document's clauses in their order, so its preamble before its articles).
"""

from __future__ import annotations

import math
import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from search.limits import SearchTooSlow
from search.query import Filters, QueryPlan, ranking_params, title_key
from search.segment import normalize
from search.store import CITED, Segment, clause_chars, coverage_text


@dataclass(frozen=True)
class Placed:
    """Documents of local legislation the question places: `within` a place it names (their own or
    one containing it), and of the very place it names (`own`)."""

    within: np.ndarray
    own: np.ndarray


@dataclass
class Similar:
    """A near-identical clause folded into a hit."""

    doc_id: str
    clause_id: str
    title: str
    region: str
    level: str
    url: str
    status: str

    def as_json(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "clause_id": self.clause_id, "title": self.title, "region": self.region,
                "level": self.level, "url": self.url, "status": self.status}


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
    status: str  # on the day the index was last updated (search.index)
    status_label: str  # 已被替代（2025年10月31日起）
    in_force: bool | None
    kind: str
    level: str
    issued: str | None
    similar: list[Similar] = field(default_factory=list)
    # False for a compilation or a page numbered by the editors (front-matter `citable: false`):
    # its `citation` locates the passage but must not be quoted as a provision.
    citable: bool = True

    @property
    def heading(self) -> str:
        return " / ".join(self.heading_path)

    def as_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "clause_id": self.clause_id, "title": self.title,
            "heading": self.heading, "heading_path": self.heading_path, "text": self.text,
            "score": round(self.score, 4), "url": self.url, "citation": self.citation,
            "doc_no": self.doc_no, "region": self.region, "status": self.status,
            "status_label": self.status_label, "in_force": self.in_force, "kind": self.kind,
            "level": self.level, "issued": self.issued, "citable": self.citable,
            "similar": [s.as_json() for s in self.similar],
        }


UNKNOWN_STATUS = {"status": "未知", "label": "未知", "in_force": None}
# Terms with this many postings have their scores kept (at most COMMON_TERMS of them: some tens of
# megabytes at 10,000 documents).
COMMON_POSTINGS = 10_000
COMMON_TERMS = 32


class SearchIndex:
    """The live segments of a generation as one index of clauses (global numbering: segment by
    segment, in order), with each document's status and prior."""

    def __init__(self, segments: list[tuple[Segment, list[int]]], statuses: dict[str, dict[str, Any]],
                 params: dict[str, Any] | None = None) -> None:
        self.params = params or ranking_params()
        self.segments = [s for s, _deleted in segments]
        clause_base, doc_base = [0], [0]
        for seg in self.segments:
            clause_base.append(clause_base[-1] + seg.clause_count)
            doc_base.append(doc_base[-1] + len(seg.docs))
        self.clause_base = clause_base
        self.doc_base = doc_base
        self.docs: list[dict[str, Any]] = [d for seg in self.segments for d in seg.docs]
        doc_live = np.ones(len(self.docs), dtype=bool)
        for (_seg, deleted), base in zip(segments, doc_base, strict=False):
            doc_live[[base + d for d in deleted]] = False
        self.has_deletions = not doc_live.all()
        cat = np.concatenate
        empty = np.zeros(0)
        self.clause_doc = cat([s.clause_doc + b for s, b in zip(self.segments, doc_base, strict=False)] or [empty]).astype(np.int64)
        self.clause_len = cat([s.clause_len for s in self.segments] or [empty]).astype(np.float64)
        self.clause_hlen = cat([s.clause_hlen for s in self.segments] or [empty]).astype(np.float64)
        self.clause_llen = cat([s.clause_llen for s in self.segments] or [empty]).astype(np.float64)
        self.clause_article = cat([s.clause_article for s in self.segments] or [empty]).astype(np.int64)
        self.clause_live = doc_live[self.clause_doc]
        self.clause_count = int(self.clause_live.sum())
        self.avg_len = float(self.clause_len[self.clause_live].mean()) if self.clause_count else 1.0
        self.avg_hlen = float(self.clause_hlen[self.clause_live].mean()) if self.clause_count else 1.0
        self.avg_llen = float(self.clause_llen[self.clause_live].mean()) if self.clause_count else 1.0
        # Each clause's length normalisation of each field, inverted once: a term's score is then
        # products of gathered values (the browser computes the same arrays).
        p = self.params
        self.inv_text = 1 / (1 - p["b_text"] + p["b_text"] * self.clause_len / self.avg_len)
        self.inv_head = 1 / (1 - p["b_heading"] + p["b_heading"] * self.clause_hlen / self.avg_hlen)
        self.inv_lead = 1 / (1 - p["b_lead"] + p["b_lead"] * self.clause_llen / self.avg_llen)
        # The document field counts documents with clauses (a register entry holds none).
        has_clauses = np.bincount(self.clause_doc[self.clause_live], minlength=len(self.docs)) > 0
        self.doc_live = doc_live & has_clauses
        self.doc_len = cat([s.doc_len for s in self.segments] or [empty]).astype(np.float64)
        self.doc_count = int(self.doc_live.sum())
        self.avg_doc_len = float(self.doc_len[self.doc_live].mean()) if self.doc_count else 1.0
        self.status = [statuses.get(d["doc_id"], UNKNOWN_STATUS) for d in self.docs]
        tiers = self.params["authority_tiers"]
        self.tier = [tiers.get(d.get("level"), max(tiers.values())) for d in self.docs]
        self.prior = np.array([self._prior(t, s) for t, s in zip(self.tier, self.status, strict=True)])
        self.title_keys = {i: title_key(d["title"]) for i, d in enumerate(self.docs) if self.doc_live[i]}
        # The documents of local legislation by the names of their place (few places, many documents).
        local = set(self.params["local_prior_levels"])
        by_place: dict[frozenset[str], list[int]] = {}
        for d, doc in enumerate(self.docs):
            names = place_names(doc["region"]) if doc.get("level") in local else frozenset()
            if names:
                by_place.setdefault(names, []).append(d)
        self.places = {names: np.array(docs, dtype=np.int64) for names, docs in by_place.items()}
        by_own: dict[str, list[int]] = {}
        for docs in self.places.values():
            for d in docs:
                by_own.setdefault(own_place_name(self.docs[d]["region"]), []).append(int(d))
        self.own_places = {name: np.array(docs, dtype=np.int64) for name, docs in by_own.items()}
        # The documents of one or a few trades by the words that name them (a law for everyone has none),
        # and every such word, longest first (search.ranking.trades_named).
        by_trade: dict[frozenset[str], list[int]] = {}
        for d, doc in enumerate(self.docs):
            if doc.get("trade_names"):
                by_trade.setdefault(frozenset(doc["trade_names"]), []).append(d)
        self.trades = {names: np.array(docs, dtype=np.int64) for names, docs in by_trade.items()}
        self.trade_words = sorted({n for names in self.trades for n in names}, key=lambda n: (-len(n), n))
        self._df: dict[str, int] = {}
        self._common: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._number_keys: set[str] | None = None
        self._admitted: dict[tuple[Any, ...], np.ndarray] = {}
        total = sum(len(s.clauses.unit) + len(s.doc_field.unit) for s in self.segments)
        self.log_total = math.log(max(total, 1))

    def _prior(self, tier: int, status: dict[str, Any]) -> float:
        p = self.params
        if status.get("in_force") is False:
            currency = p["not_in_force"]
        else:
            currency = p["unknown_prior"] if status.get("status") == UNKNOWN_STATUS["status"] else 1.0
        return p["authority_step"] ** (tier - 1) * currency

    # --- the Vocabulary of search.query ----------------------------------------------------

    def df(self, term: str) -> int:
        found = self._df.get(term)
        if found is None:
            found = self._df[term] = sum(s.clauses.df(term) + s.doc_field.df(term) for s in self.segments)
        return found

    def char_weight(self, char: str) -> float:
        df = self._char_df.get(char, 0)
        return math.log(max(self.clause_count, 1) / max(df, 1))

    @cached_property
    def _char_df(self) -> dict[str, int]:
        """Live clauses holding each Chinese character (read once): the segments' counts less those
        of the clauses of documents deleted from them since, read again from their records — so an
        updated index weighs characters exactly as a fresh build (and the static site) does."""
        found: Counter[str] = Counter()
        for seg, base in zip(self.segments, self.clause_base, strict=False):
            found.update(dict(zip(seg.chars, seg.char_df.tolist(), strict=True)))
            for c in np.flatnonzero(~self.clause_live[base:base + seg.clause_count]):
                found.subtract(clause_chars(seg.docs[int(seg.clause_doc[c])]["title"], seg.record(int(c))))
        return {ch: n for ch, n in found.items() if n > 0}

    def doc_number_keys(self) -> Iterable[str]:
        if self._number_keys is None:
            self._number_keys = {t[len(CITED):] for seg in self.segments for postings in (seg.clauses, seg.doc_field)
                                 for t in postings.terms if t.startswith(CITED)}
        return self._number_keys

    # --- scoring -------------------------------------------------------------------------------

    def _postings(self, term: str, doc_field: bool = False) -> tuple[np.ndarray, list[np.ndarray]]:
        """(global clause or document numbers, [tf, htf, ltf] — tf alone for documents) of a term,
        over every segment."""
        ids: list[np.ndarray] = []
        fields: list[list[np.ndarray]] = [[], [], []]
        for seg, cbase, dbase in zip(self.segments, self.clause_base, self.doc_base, strict=False):
            postings = seg.doc_field if doc_field else seg.clauses
            where = postings.find(term)
            if where is None or where.start == where.stop:
                continue
            ids.append(postings.unit[where].astype(np.int64) + (dbase if doc_field else cbase))
            for found, arr in zip(fields, (postings.tf, postings.htf, postings.ltf), strict=True):
                if arr is not None:
                    found.append(arr[where])
        if not ids:
            return np.zeros(0, dtype=np.int64), [np.zeros(0)] * (1 if doc_field else 3)
        return np.concatenate(ids), [np.concatenate(f).astype(np.float64) for f in fields if f]

    def clause_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(clauses, s_t) of a term in the clause fields (live clauses only).

        The scores of the commonest words (安全, 企业, 标准化: in many questions, and the most
        postings to score) are kept for the life of the open index; they depend on nothing else."""
        cached = self._common.get(term)
        if cached is not None:
            return cached
        found = self._clause_scores(term)
        if len(found[0]) >= COMMON_POSTINGS:
            if len(self._common) >= COMMON_TERMS:
                self._common.pop(next(iter(self._common)))
            self._common[term] = found
        return found

    def _clause_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        p = self.params
        ids, (tf, htf, ltf) = self._postings(term)
        if self.has_deletions and len(ids):
            keep = self.clause_live[ids]
            ids, tf, htf, ltf = ids[keep], tf[keep], htf[keep], ltf[keep]
        if not len(ids):
            return ids, tf
        df = len(ids)
        n = self.clause_count
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        weighted = (tf * self.inv_text[ids] + p["heading_weight"] * htf * self.inv_head[ids]
                    + p["lead_weight"] * ltf * self.inv_lead[ids])
        return ids, idf * weighted * (p["k1"] + 1) / (weighted + p["k1"])

    def doc_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, s_t) of a term in the document field (documents with live clauses only)."""
        p = self.params
        ids, (tf,) = self._postings(term, doc_field=True)
        keep = self.doc_live[ids]
        ids, tf = ids[keep], tf[keep]
        if not len(ids):
            return ids, tf
        df = len(ids)
        idf = math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))
        norm = 1 - p["b_doc"] + p["b_doc"] * self.doc_len[ids] / self.avg_doc_len
        weighted = tf / norm
        return ids, idf * weighted * (p["k1"] + 1) / (weighted + p["k1"])

    def base_scores(self, plan: QueryPlan, deadline: tuple[float, float]) -> np.ndarray:
        """Steps 1–2 of the module docstring: a score for every clause (0 where nothing matched)."""
        p = self.params
        size = len(self.clause_doc)
        acc = np.zeros(size)
        for term, weight in plan.terms:
            ids, s = self.clause_scores(term)
            acc[ids] += weight * s
            _check(deadline)
        for alternatives in plan.synonyms:
            ids, s = self._best_alternative(alternatives)
            acc[ids] += p["synonym_weight"] * s
            _check(deadline)
        if plan.quantities:
            ids, s = self._best_alternative(plan.quantities)
            acc[ids] += p["quantity_weight"] * s
        doc_acc = np.zeros(len(self.docs))
        for keys, weight in ((plan.doc_keys, 1.0), (plan.annex_keys, p["annex_weight"])):
            for key in keys:
                ids, s = self.clause_scores(CITED + key)
                acc[ids] += weight * p["cited_weight"] * s
                ids, s = self.doc_scores(CITED + key)
                doc_acc[ids] += weight * p["doc_no_weight"] * s
        for term, weight in plan.doc_terms:
            ids, s = self.doc_scores(term)
            doc_acc[ids] += p["doc_weight"] * weight * s
        if doc_acc.any():
            acc += doc_acc[self.clause_doc]
        return acc

    def _best_alternative(self, alternatives: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(clauses, best score) of a synonym group: each alternative scores the least of its words'
        scores where it has them all, and a clause takes its best alternative."""
        best = np.zeros(len(self.clause_doc))
        for words in alternatives:
            ids, s = self.clause_scores(words[0])
            for word in words[1:]:
                other, t = self.clause_scores(word)
                ids, at, at_other = np.intersect1d(ids, other, assume_unique=True, return_indices=True)
                s = np.minimum(s[at], t[at_other])
            best[ids] = np.maximum(best[ids], s)  # a term's clauses are distinct: no clause twice
        found = np.flatnonzero(best)
        return found, best[found]

    def search(self, plan: QueryPlan, filters: Filters | None = None, limit: int = 10,
               max_seconds: float = 1.0) -> list[Hit]:
        """The best `limit` clauses for `plan` (steps 1–5 of the module docstring)."""
        deadline = (time.perf_counter() + max_seconds, max_seconds)
        p = self.params
        if plan.empty or not len(self.clause_doc):
            return []
        score = self.base_scores(plan, deadline)
        allowed = self.clause_live
        if filters is not None and not filters.is_empty():
            allowed = allowed & self._admitted_docs(filters)[self.clause_doc]
        score *= self.prior[self.clause_doc]
        placed = self._places_named(plan, filters.region if filters is not None else None)
        score *= self._question_prior(plan, placed, filters.industry if filters is not None else None)
        named = self._named_articles(plan, allowed)
        candidates = np.flatnonzero(allowed & (score > 0))
        # Up to collapse_depth − 1 of the pool may fold into others: a pool that large plus `limit`
        # still fills the page when there are that many candidates.
        pool = _top(candidates, score, p["collapse_depth"] + limit)
        records: dict[int, dict[str, Any]] = {}
        final = {c: score[c] * self._coordination(plan, c, records) for c in pool}
        _check(deadline)
        pinned = set(named)
        # Articles named by law and number come first; two versions of one law, in force first
        # (their scores may be 0 when the question holds nothing but the name and number).
        first = sorted(pinned, key=lambda c: (-self.prior[self.clause_doc[c]], -score[c], c))
        order = first + sorted((c for c in pool if c not in pinned), key=lambda c: (-final[c], c))
        for c in first:
            final.setdefault(c, score[c])
        hits = self._collapse(order, final, records, limit, pinned, placed)
        _check(deadline)
        return hits

    def _places_named(self, plan: QueryPlan, region: str | None) -> Placed:
        """Which documents of local legislation the question places (a region filter names its
        place too: `--region 北京市` asks for Beijing's rules)."""
        named = plan.question + (region or "")
        within = np.zeros(len(self.docs), dtype=bool)
        own = np.zeros(len(self.docs), dtype=bool)
        for names, docs in self.places.items():
            if any(n in named for n in names):
                within[docs] = True
        for name, docs in self.own_places.items():
            if name in named:
                own[docs] = True
        return Placed(within, own)

    def _question_prior(self, plan: QueryPlan, placed: Placed, industry: str | None) -> np.ndarray:
        """Step 3's priors that depend on the question: × local_prior for local legislation of a
        place the question does not name (neither its own nor one containing it), × named_place_prior
        for that of the very place it names (杭州's, not every city's of 浙江 when 浙江 is named);
        × trade_prior for a document of some trades only when the question names none of them (by
        their name, a group or alias of one, or a synonym of a word typed; an industry filter names
        one too); × penalty_prior for the clauses under a 法律责任 heading when the question does not
        ask about consequences; × sanction_prior for the clauses stating no sanction when it asks which."""
        p = self.params
        factor = np.ones(len(self.docs))
        for docs in self.places.values():
            factor[docs[~placed.within[docs]]] = p["local_prior"]
        factor[placed.own] = p["named_place_prior"]
        found = trades_named(" ".join([plan.question, industry or "", *(w for alternatives in plan.synonyms
                                                                        for words in alternatives for w in words)]),
                             self.trade_words)
        for names, docs in self.trades.items():
            if not names & found:
                factor[docs] *= p["trade_prior"]
        out = factor[self.clause_doc]
        if not plan.asks_consequence:
            for ids in self._under_penalty_headings:
                out[ids] *= p["penalty_prior"]
        if plan.asks_sanction:
            out[~self._states_sanction] *= p["sanction_prior"]
        return out

    @cached_property
    def _under_penalty_headings(self) -> list[np.ndarray]:
        """The clauses under each penalty heading (法律责任, 罚则): they depend on no question, so they are
        read once for the life of the open index."""
        found = []
        for head in self.params["penalty_headings"]:
            ids, (_tf, htf, _ltf) = self._postings(head)
            found.append(ids[htf > 0])
        return found

    @cached_property
    def _states_sanction(self) -> np.ndarray:
        """Which clauses state a sanction: under a penalty heading, or holding a sanction word (read once)."""
        states = np.zeros(len(self.clause_doc), dtype=bool)
        for ids in self._under_penalty_headings:
            states[ids] = True
        for word in self.params["sanction_words"]:
            ids, (tf, _htf, _ltf) = self._postings(word)
            states[ids[tf > 0]] = True
        return states

    def _admitted_docs(self, filters: Filters) -> np.ndarray:
        """Which documents pass `filters` (kept for the filters a server is asked for again and again)."""
        key = astuple(filters)
        if key not in self._admitted:
            if len(self._admitted) >= 64:
                self._admitted.clear()
            self._admitted[key] = np.array([filters.admits(d, s["status"]) for d, s in zip(self.docs, self.status, strict=True)],
                                           dtype=bool)
        return self._admitted[key]

    def _named_articles(self, plan: QueryPlan, allowed: np.ndarray) -> list[int]:
        found: list[int] = []
        for docs, number in plan.articles:
            in_docs = np.isin(self.clause_doc, np.array(docs, dtype=np.int64))
            found.extend(int(c) for c in np.flatnonzero(in_docs & (self.clause_article == number) & allowed))
        return found

    def _coordination(self, plan: QueryPlan, clause: int, records: dict[int, dict[str, Any]]) -> float:
        p = self.params
        doc = self.docs[int(self.clause_doc[clause])]
        record = self._record(clause, records)
        if doc.get("doc_no_key") and (doc["doc_no_key"] in plan.doc_keys or doc["doc_no_key"] in plan.annex_keys):
            covered = 1.0  # asked for this very document by its number (or for the notice it is attached to)
        else:
            covered = plan.coverage(coverage_text(doc["title"], record), p["bigram_coverage"], p["char_coverage"])
        return float((p["coord_floor"] + covered) ** p["coord_power"])

    def _record(self, clause: int, records: dict[int, dict[str, Any]]) -> dict[str, Any]:
        if clause not in records:
            s = bisect_right(self.clause_base, clause) - 1
            records[clause] = self.segments[s].record(clause - self.clause_base[s])
        return records[clause]

    def _collapse(self, order: list[int], score: dict[int, float], records: dict[int, dict[str, Any]],
                  limit: int, named: set[int], placed: Placed) -> list[Hit]:
        """Hits in `order`, near-identical clauses of other documents folded into one of them. An
        article named in the question stays where it is and is never folded into another."""
        p = self.params
        least = p["collapse_resemblance"]
        kept: list[tuple[int, frozenset[str], Hit]] = []
        grams_of: dict[str, frozenset[str]] = {}  # the same text in several documents is cut once
        for rank, c in enumerate(order):
            hit = self._hit(c, score[c], records)
            if rank < p["collapse_depth"]:
                grams = grams_of.get(hit.text)
                if grams is None:
                    grams = grams_of[hit.text] = resemblance_grams(hit.text)
                doc = int(self.clause_doc[c])
                at = None if c in named else next(
                    (i for i, (k, g, _h) in enumerate(kept)
                     if int(self.clause_doc[k]) != doc and resemblance(g, grams, least) >= least), None)
                if at is None:
                    kept.append((c, grams, hit))
                elif kept[at][0] not in named and self._outranks(c, kept[at][0], placed):
                    # A national text and its provincial copy: the law is shown, in the copy's place
                    # (the copy, when the question names its place).
                    host = kept[at][2]
                    hit.similar, host.similar = [*host.similar, _similar(host)], []
                    hit.score = host.score
                    kept[at] = (c, grams, hit)
                else:
                    kept[at][2].similar.append(_similar(hit))
            else:
                kept.append((c, frozenset(), hit))
            if len(kept) >= limit and rank >= p["collapse_depth"]:
                break
        return [h for _c, _g, h in kept[:limit]]

    def _outranks(self, a: int, b: int, placed: Placed) -> bool:
        """Whether clause `a` represents a group of near-identical clauses before `b`: of the place
        the question names where `b` is not, else higher authority, else in force where `b` is not,
        else national where `b` is local."""
        da, db = int(self.clause_doc[a]), int(self.clause_doc[b])
        if placed.own[da] != placed.own[db]:
            return bool(placed.own[da])
        if self.tier[da] != self.tier[db]:
            return bool(self.tier[da] < self.tier[db])
        fa, fb = self.status[da].get("in_force") is not False, self.status[db].get("in_force") is not False
        if fa != fb:
            return fa
        return self.docs[da]["region"] == "全国" and self.docs[db]["region"] != "全国"

    def _hit(self, clause: int, score: float, records: dict[int, dict[str, Any]]) -> Hit:
        d = int(self.clause_doc[clause])
        doc, status, rec = self.docs[d], self.status[d], self._record(clause, records)
        return Hit(doc_id=doc["doc_id"], clause_id=rec["clause_id"], title=doc["title"],
                   heading_path=list(rec["heading_path"]), text=rec["text"], score=float(score), url=rec["url"],
                   citation=rec["citation"], doc_no=doc.get("doc_no"), region=doc["region"],
                   status=status["status"], status_label=status["label"], in_force=status["in_force"],
                   kind=doc["kind"], level=doc["level"], issued=doc.get("issued"),
                   citable=doc.get("citable", True) and doc["kind"] != "compilation")

    def close(self) -> None:
        for seg in self.segments:
            seg.close()


def _similar(hit: Hit) -> Similar:
    return Similar(hit.doc_id, hit.clause_id, hit.title, hit.region, hit.level, hit.url, hit.status)


def _top(candidates: np.ndarray, score: np.ndarray, k: int) -> list[int]:
    """The k best candidates, best first; equal scores in index order."""
    if len(candidates) > k:
        values = score[candidates]
        cut = np.partition(values, len(values) - k)[len(values) - k]
        candidates = candidates[values >= cut]  # ties at the cut are all kept, then ordered
    ordered = candidates[np.lexsort((candidates, -score[candidates]))]
    return [int(c) for c in ordered[:k]]


def _check(deadline: tuple[float, float]) -> None:
    """The hard limit of SearchLimits, as a safety net: no normal query comes near it."""
    if time.perf_counter() > deadline[0]:
        raise SearchTooSlow(deadline[1])


_NOT_ALNUM = re.compile(r"[\W_]+")


def resemblance_grams(text: str) -> frozenset[str]:
    """Character bigrams of a clause's letters, digits and Chinese characters (punctuation and
    spaces left out: str.isalnum), the shingles of the resemblance."""
    chars = _NOT_ALNUM.sub("", normalize(text))
    return frozenset({chars[i:i + 2] for i in range(len(chars) - 1)})


def resemblance(a: frozenset[str], b: frozenset[str], at_least: float = 0.0) -> float:
    """|a∩b| / |a∪b|; 0 without counting when the sizes alone keep it below `at_least`."""
    if not a or not b or min(len(a), len(b)) < at_least * max(len(a), len(b)):
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# The words of GB/T 2260 names that say what kind of division a place is (北京市, 浙江省杭州市).
_DIVISION = re.compile(r"省|市|自治区|特别行政区|自治州|地区|盟|县|区")


def _place_parts(region: str) -> list[str]:
    """A region's names from the widest to the most specific: 浙江省杭州市 → [浙江, 杭州]; 全国 → []."""
    if not region or region == "全国":
        return []
    return [x for x in _DIVISION.split(region) if len(x) >= 2]


def own_place_name(region: str) -> str:
    """The most specific of a region's names: 浙江省杭州市 → 杭州, 北京市 → 北京."""
    return _place_parts(region)[-1]


def trades_named(text: str, words: list[str]) -> frozenset[str]:
    """The trade words (`words`, longest first) found in `text`, each found word blanked before the
    shorter are looked for: 非煤矿山 names 非煤矿山, not also the 煤矿 inside it."""
    found = set()
    for word in words:
        if word in text:
            found.add(word)
            text = text.replace(word, " " * len(word))
    return frozenset(found)


def place_names(region: str) -> frozenset[str]:
    """The names a question calls a region by: 全国 → none; 浙江省杭州市 → {浙江, 杭州}."""
    return frozenset(_place_parts(region))
