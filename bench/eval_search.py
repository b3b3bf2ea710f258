"""Search quality in one run: R@1, R@5 and MRR@10 of our search, served and static, and of two
naive baselines, on the tuning sets and on each frozen held-out set, over the same clauses.

    .venv/bin/python bench/eval_search.py [--content content] [--no-static] [--failures] [--ranks] [--json]

Question sets (tests/eval/README.md): `tuning` … `tuning5` (queries.yaml, tuning2–5.yaml: may be tuned on),
`heldout` and `newlaws` (frozen: written before any tuning, never opened while tuning), and
`heldout2` and `newlaws2`, `heldout3` and `newlaws3` (frozen the same way on 2026-11-30, each pair
before a search round), `newlaws4` and `newlaws5` (written at the start of the fifth round). For the
frozen sets only aggregate figures are printed, except `--ranks`, which lists the ranks of the
new-user sets question by question once tuning has ended; `--failures` lists the tuning sets' misses.

Systems, each over every clause of content/ (章/节 divisions aside):
- ours, served: search.service.ClauseSearch over an index built from content/;
- ours, static: the site's static index (search.static) scored by the site's script
  (generator/site/assets/anbiao-search.js) in headless Chromium — what a reader of the static site
  gets, short of typing;
- char-bigram BM25F: a Whoosh index of each clause's heading and text as character bigrams, the
  question parsed by Whoosh's QueryParser with OR grouping;
- jieba BM25: the same with jieba's ChineseAnalyzer (jieba's search-mode words).

A hit counts only when it is a clause (at most 1,500 characters, whitespace removed) whose heading
and text contain one of the question's answer passages (whitespace removed). A folded
near-identical clause (`similar`) is not a result: only what the reader sees in the list counts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from whoosh.analysis import Token, Tokenizer

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.support import without_whitespace  # noqa: E402
from kb.loader import load_valid_corpus  # noqa: E402
from kb.model import Corpus  # noqa: E402

MAX_CLAUSE_CHARS = 1500
DEPTH = 10
EVAL = ROOT / "tests" / "eval"
SETS = {"tuning": EVAL / "queries.yaml", "tuning2": EVAL / "tuning2.yaml", "tuning3": EVAL / "tuning3.yaml",
        "tuning4": EVAL / "tuning4.yaml", "tuning5": EVAL / "tuning5.yaml", "heldout": EVAL / "heldout.yaml",
        "newlaws": EVAL / "newlaws.yaml", "heldout2": EVAL / "heldout2.yaml", "newlaws2": EVAL / "newlaws2.yaml",
        "heldout3": EVAL / "heldout3.yaml", "newlaws3": EVAL / "newlaws3.yaml",
        "newlaws4": EVAL / "newlaws4.yaml", "newlaws5": EVAL / "newlaws5.yaml"}
FROZEN = ("heldout", "newlaws", "heldout2", "newlaws2", "heldout3", "newlaws3", "newlaws4", "newlaws5")
# Frozen sets whose questions are reported one by one with their ranks (issues 10 and 12 ask for the
# ten new-user questions and their ranks), with --ranks, once tuning has ended.
REPORTED = ("newlaws", "newlaws2", "newlaws3", "newlaws4", "newlaws5")
Key = tuple[str, str]  # (doc_id, clause_id)
Ranker = Callable[[list[str]], list[list[Key]]]  # questions → their results, best first


@dataclass
class EvalQuery:
    q: str
    any: list[str]
    doc: str | None = None


@dataclass
class Metrics:
    system: str
    questions: str
    ranks: list[int | None] = field(default_factory=list)  # 1-based rank of the first answer, or None
    seconds: float = 0.0

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(len(self.ranks), 1)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None and r <= DEPTH) / max(len(self.ranks), 1)

    def as_dict(self) -> dict[str, float | str | int]:
        return {"system": self.system, "set": self.questions, "n": len(self.ranks),
                "R@1": round(self.recall(1), 4), "R@5": round(self.recall(5), 4), "MRR@10": round(self.mrr, 4)}


def load_queries(path: Path) -> list[EvalQuery]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [EvalQuery(str(item["q"]), [str(p) for p in item["any"]], item.get("doc")) for item in raw]


def clause_texts(corpus: Corpus) -> dict[Key, str]:
    """(doc_id, clause_id) → heading + text without whitespace, for every indexable clause."""
    return {(doc.id, c.id): without_whitespace(c.heading + c.text)
            for doc in corpus for c in doc.clauses if c.kind != "division"}


def answers(query: EvalQuery, texts: dict[Key, str]) -> set[Key]:
    """Clauses that count as a hit for `query`."""
    passages = [without_whitespace(p) for p in query.any]
    return {key for key, text in texts.items()
            if len(text) <= MAX_CLAUSE_CHARS and any(p in text for p in passages)}


def measure(system: str, name: str, rank: Ranker, queries: list[EvalQuery], gold: list[set[Key]]) -> Metrics:
    metrics = Metrics(system, name)
    started = time.perf_counter()
    results = rank([q.q for q in queries])
    metrics.seconds = time.perf_counter() - started
    for ranked, good in zip(results, gold, strict=True):
        metrics.ranks.append(next((i for i, key in enumerate(ranked[:DEPTH], 1) if key in good), None))
    return metrics


# --- our search ------------------------------------------------------------------------------

def served(content: Path, workdir: Path) -> Ranker:
    from search.index import update_index
    from search.service import ClauseSearch

    update_index(content, workdir / "served", rebuild=True)
    engine = ClauseSearch(workdir / "served")
    return lambda questions: [[(h.doc_id, h.clause_id) for h in engine.search(q, limit=DEPTH)] for q in questions]


def static(corpus: Corpus, workdir: Path) -> Ranker:
    """The static index of the site scored by the site's script in headless Chromium."""
    from search.static import static_index_bytes
    from tests.site_support import static_scorer_page

    data = static_index_bytes(corpus)

    def rank(questions: list[str]) -> list[list[Key]]:
        with static_scorer_page(data, workdir) as scorer:
            found = scorer.run(questions, DEPTH)
        return [[(h["doc_id"], h["clause_id"]) for h in hits] for hits in found]

    return rank


# --- baselines -------------------------------------------------------------------------------

def _baseline(corpus: Corpus, workdir: Path, name: str, analyzer: object) -> Ranker:
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser
    from whoosh.scoring import BM25F

    schema = Schema(key=ID(stored=True), content=TEXT(analyzer=analyzer))
    folder = workdir / name
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for doc in corpus:
            for c in doc.clauses:
                if c.kind != "division":
                    writer.add_document(key=f"{doc.id}\t{c.id}", content=c.heading + "\n" + c.text)
    searcher = ix.searcher(weighting=BM25F())
    parser = QueryParser("content", ix.schema, group=OrGroup)

    def rank(questions: list[str]) -> list[list[Key]]:
        out = []
        for q in questions:
            results = searcher.search(parser.parse(q), limit=DEPTH)
            out.append([tuple(r["key"].split("\t", 1)) for r in results])  # type: ignore[misc]
        return out

    return rank


_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


class BigramTokenizer(Tokenizer):
    """Overlapping character pairs of each run of Chinese (a single character stays itself) and whole
    Latin/digit runs: the naive analyzer, indifferent to how any segmenter cuts."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: object) -> Iterator[Token]:
        from search.segment import normalize

        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for m in _RUNS.finditer(normalize(value)):
            run, base = m.group(), m.start()
            grams = [(0, len(run))] if run.isascii() or len(run) == 1 else [(i, i + 2) for i in range(len(run) - 1)]
            for a, b in grams:
                token.text, token.boost, token.stopped = run[a:b], 1.0, False
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = start_char + base + a, start_char + base + b
                pos += 1
                yield token


def baselines(corpus: Corpus, workdir: Path) -> dict[str, Ranker]:
    from bench.support import import_jieba

    import_jieba()
    from jieba.analyse import ChineseAnalyzer

    return {
        "字符二元组 BM25F (char-bigram)": _baseline(corpus, workdir, "bigram", BigramTokenizer()),
        "jieba 分词 BM25 (jieba words)": _baseline(corpus, workdir, "jieba", ChineseAnalyzer()),
    }


# --- report ----------------------------------------------------------------------------------

SERVED, STATIC = "本项目 served（anbiao serve / CLI）", "本项目 static（静态站点，Chromium）"


@dataclass
class Evaluation:
    metrics: list[Metrics]  # system by system, set by set
    queries: dict[str, list[EvalQuery]]
    gold: dict[str, list[set[Key]]]
    coverage: dict[str, object]

    def of(self, system: str, questions: str) -> Metrics:
        return next(m for m in self.metrics if m.system == system and m.questions == questions)

    @property
    def systems(self) -> list[str]:
        return list(dict.fromkeys(m.system for m in self.metrics))


def evaluate(content: Path, sets: list[str] | None = None, with_static: bool = True,
             with_baselines: bool = True) -> Evaluation:
    """Run every system on every set (default: all of them) over the clauses of `content`."""
    corpus = load_valid_corpus(content)
    texts = clause_texts(corpus)
    names = sets or list(SETS)
    queries = {n: load_queries(SETS[n]) for n in names}
    gold = {n: [answers(q, texts) for q in queries[n]] for n in names}
    covered = {doc_id for n in names if n not in FROZEN for good in gold[n] for doc_id, _ in good}
    coverage = {"documents": len(corpus), "clauses": len(texts),
                "uncovered": sorted(d.id for d in corpus if d.held and d.id not in covered),
                # Only the tuning sets' questions may be named; a frozen set reports a count.
                "unanswerable": [q.q for n in names if n not in FROZEN
                                 for q, g in zip(queries[n], gold[n], strict=True) if not g],
                "unanswerable_frozen": {n: sum(1 for g in gold[n] if not g) for n in names if n in FROZEN}}
    with tempfile.TemporaryDirectory(prefix="anbiao-eval-") as tmp:
        workdir = Path(tmp)
        rankers: dict[str, Ranker] = {SERVED: served(content, workdir)}
        if with_static:
            rankers[STATIC] = static(corpus, workdir)
        if with_baselines:
            rankers.update(baselines(corpus, workdir))
        metrics = [measure(system, n, rank, queries[n], gold[n]) for system, rank in rankers.items() for n in names]
    return Evaluation(metrics, queries, gold, coverage)


def table(ev: Evaluation) -> str:
    names = list(ev.queries)
    head = f"{'':38}" + "".join(f"{n + f' ({len(ev.queries[n])})':>24}" for n in names)
    sub = f"{'':38}" + "".join(f"{'R@1':>8}{'R@5':>8}{'MRR':>8}" for _ in names)
    lines = [head, sub]
    for system in ev.systems:
        row = "".join(f"{m.recall(1):8.3f}{m.recall(5):8.3f}{m.mrr:8.3f}" for m in (ev.of(system, n) for n in names))
        lines.append(f"{system:38}{row}")
    base = [s for s in ev.systems if s not in (SERVED, STATIC)]
    if base:
        for n in names:
            best = max(ev.of(s, n).mrr for s in base)
            gains = "，".join(f"{label} {ev.of(s, n).mrr - best:+.3f}" for s, label in ((SERVED, "served"), (STATIC, "static"))
                             if s in ev.systems)
            lines.append(f"{n}：MRR 比最佳基线 {gains}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检索质量评测：R@1、R@5、MRR@10（本项目 served/static 与两个基线，调参集与冻结集）")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--sets", default=",".join(SETS), help="问题集，逗号分隔（tuning,tuning2…tuning5,heldout,newlaws,heldout2,newlaws2,heldout3,newlaws3）")
    parser.add_argument("--no-static", action="store_true", help="不跑静态站点（Chromium）")
    parser.add_argument("--no-baselines", action="store_true", help="不跑基线")
    parser.add_argument("--failures", action="store_true", help="列出调参集中本项目未排第一的问题（冻结集从不列出）")
    parser.add_argument("--ranks", action="store_true",
                        help="逐题列出 newlaws、newlaws2、newlaws3 的名次（只在调参全部结束后运行）")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    ev = evaluate(args.content, args.sets.split(","), not args.no_static, not args.no_baselines)
    if args.json:
        print(json.dumps({"metrics": [m.as_dict() for m in ev.metrics], "coverage": ev.coverage},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"文件 {ev.coverage['documents']} 个；条款 {ev.coverage['clauses']} 条；{time.strftime('%Y-%m-%d %H:%M')}")
    print(table(ev))
    if ev.coverage["unanswerable"]:
        print("调参集中答案段落在条款中找不到的问题：" + "；".join(ev.coverage["unanswerable"]))  # type: ignore[arg-type]
    for n, count in ev.coverage["unanswerable_frozen"].items():  # type: ignore[attr-defined]
        if count:
            print(f"{n}：{count} 个问题的答案段落在条款中找不到")
    for name in (n for n in ev.queries if args.ranks and n in REPORTED):
        systems = [(s, label) for s, label in ((SERVED, "served"), (STATIC, "static")) if s in ev.systems]
        print(f"\n{name}：第一个答案的名次\n\n| 问题 | 答案所在文件 | {' | '.join(label for _s, label in systems)} |")
        print("|---|---|" + "---|" * len(systems))
        for i, q in enumerate(ev.queries[name]):
            ranks = [ev.of(s, name).ranks[i] for s, _label in systems]
            print(f"| {q.q} | {q.doc or ''} | " + " | ".join(str(r) if r else ">10" for r in ranks) + " |")
    for name in (n for n in ev.queries if args.failures and n not in FROZEN):
        for system in (SERVED, STATIC):
            if system not in ev.systems:
                continue
            print(f"{system}，{name} 未排第一的问题：")
            for q, r in zip(ev.queries[name], ev.of(system, name).ranks, strict=True):
                if r != 1:
                    print(f"  名次 {r if r else '>10'}：{q.q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
