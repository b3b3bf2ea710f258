"""Search quality: Recall@1, Recall@5 and MRR@10 of our search and of three baselines, in one run,
on the same clauses and the same questions.

    .venv/bin/python bench/eval_search.py [--content content] [--queries tests/eval/queries.yaml]
                                          [--failures] [--json] [--ours-only]

A hit counts only when it is a clause (at most 1,500 characters, whitespace removed) whose heading
and text contain one of the question's answer passages (whitespace removed). Baselines index the
same clauses (heading + text) in one field and parse the question with Whoosh's QueryParser and OR
grouping: StandardAnalyzer, a character-bigram analyzer, and jieba's ChineseAnalyzer (the naive
form of this design).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.loader import load_valid_corpus  # noqa: E402
from kb.mdtext import without_whitespace  # noqa: E402
from kb.model import Corpus  # noqa: E402

MAX_CLAUSE_CHARS = 1500
DEPTH = 10
Ranker = Callable[[str], list[tuple[str, str]]]  # question → [(doc_id, clause_id)] best first


@dataclass
class EvalQuery:
    q: str
    any: list[str]
    doc: str | None = None


@dataclass
class Metrics:
    name: str
    ranks: list[int | None] = field(default_factory=list)  # 1-based rank of the first answer, or None
    seconds: float = 0.0

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(len(self.ranks), 1)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None and r <= DEPTH) / max(len(self.ranks), 1)

    def as_dict(self) -> dict[str, float | str]:
        return {"name": self.name, "R@1": round(self.recall(1), 4), "R@5": round(self.recall(5), 4),
                "MRR@10": round(self.mrr, 4), "seconds": round(self.seconds, 2)}


def load_queries(path: Path) -> list[EvalQuery]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [EvalQuery(str(item["q"]), [str(p) for p in item["any"]], item.get("doc")) for item in raw]


def clause_texts(corpus: Corpus) -> dict[tuple[str, str], str]:
    """(doc_id, clause_id) → heading + text without whitespace, for every indexable clause."""
    return {(doc.id, c.id): without_whitespace(c.heading + c.text)
            for doc in corpus for c in doc.clauses if c.kind != "division"}


def answers(query: EvalQuery, texts: dict[tuple[str, str], str]) -> set[tuple[str, str]]:
    """Clauses that count as a hit for `query`."""
    passages = [without_whitespace(p) for p in query.any]
    return {key for key, text in texts.items()
            if len(text) <= MAX_CLAUSE_CHARS and any(p in text for p in passages)}


def measure(name: str, rank: Ranker, queries: list[EvalQuery],
            gold: list[set[tuple[str, str]]]) -> Metrics:
    metrics = Metrics(name)
    started = time.perf_counter()
    for query, good in zip(queries, gold, strict=True):
        ranked = rank(query.q)[:DEPTH]
        metrics.ranks.append(next((i for i, key in enumerate(ranked, 1) if key in good), None))
    metrics.seconds = time.perf_counter() - started
    return metrics


# --- our search ------------------------------------------------------------------------------

def ours(content: Path, workdir: Path) -> Ranker:
    from search.index import update_index
    from search.service import ClauseSearch

    update_index(content, workdir / "ours", rebuild=True)
    engine = ClauseSearch(workdir / "ours")
    return lambda q: [(h.doc_id, h.clause_id) for h in engine.search(q, limit=DEPTH)]


# --- baselines -------------------------------------------------------------------------------

def _baseline(corpus: Corpus, workdir: Path, name: str, analyzer: object) -> Ranker:
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser

    schema = Schema(key=ID(stored=True), content=TEXT(analyzer=analyzer))
    folder = workdir / name
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for doc in corpus:
            for c in doc.clauses:
                if c.kind != "division":
                    writer.add_document(key=f"{doc.id}\t{c.id}", content=c.heading + "\n" + c.text)
    searcher = ix.searcher()
    parser = QueryParser("content", ix.schema, group=OrGroup)

    def rank(q: str) -> list[tuple[str, str]]:
        results = searcher.search(parser.parse(q), limit=DEPTH)
        return [tuple(r["key"].split("\t", 1)) for r in results]  # type: ignore[misc]

    return rank


def baselines(corpus: Corpus, workdir: Path) -> dict[str, Ranker]:
    from whoosh.analysis import StandardAnalyzer

    from search.analysis import bigram_analyzer
    from search.jieba_compat import import_jieba

    import_jieba()
    from jieba.analyse import ChineseAnalyzer

    return {
        "Whoosh StandardAnalyzer (OR)": _baseline(corpus, workdir, "standard", StandardAnalyzer()),
        "字符二元组 char-bigram (OR)": _baseline(corpus, workdir, "bigram", bigram_analyzer()),
        "jieba ChineseAnalyzer (OR)": _baseline(corpus, workdir, "jieba", ChineseAnalyzer()),
    }


# --- report ----------------------------------------------------------------------------------

def evaluate(content: Path, queries_path: Path, with_baselines: bool = True) -> tuple[
        list[Metrics], list[EvalQuery], list[set[tuple[str, str]]], dict[str, object]]:
    """Run the evaluation; returns metrics (ours first), the queries, their answers and coverage."""
    corpus = load_valid_corpus(content)
    queries = load_queries(queries_path)
    texts = clause_texts(corpus)
    gold = [answers(q, texts) for q in queries]
    covered = {doc_id for good in gold for doc_id, _ in good}
    coverage = {"documents": len(corpus), "clauses": len(texts),
                "uncovered": sorted(d.id for d in corpus if d.id not in covered),
                "unanswerable": [q.q for q, g in zip(queries, gold, strict=True) if not g]}
    with tempfile.TemporaryDirectory(prefix="anbiao-eval-") as tmp:
        workdir = Path(tmp)
        rankers: dict[str, Ranker] = {"ours 本项目": ours(content, workdir)}
        if with_baselines:
            rankers.update(baselines(corpus, workdir))
        results = [measure(name, rank, queries, gold) for name, rank in rankers.items()]
    return results, queries, gold, coverage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检索质量评测：R@1、R@5、MRR@10（本项目与三个基线）")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "eval" / "queries.yaml")
    parser.add_argument("--failures", action="store_true", help="列出本项目未排第一的问题")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--ours-only", action="store_true", help="不跑基线")
    args = parser.parse_args(argv)
    results, queries, _gold, coverage = evaluate(args.content, args.queries, not args.ours_only)
    if args.json:
        print(json.dumps({"metrics": [m.as_dict() for m in results], "coverage": coverage,
                          "questions": len(queries)}, ensure_ascii=False, indent=2))
        return 0
    print(f"问题 {len(queries)} 个；文件 {coverage['documents']} 个；条款 {coverage['clauses']} 条")
    print(f"{'':34} {'R@1':>6} {'R@5':>6} {'MRR@10':>7} {'秒':>6}")
    for m in results:
        print(f"{m.name:34} {m.recall(1):6.3f} {m.recall(5):6.3f} {m.mrr:7.3f} {m.seconds:6.2f}")
    if len(results) > 1:
        best = max(m.mrr for m in results[1:])
        print(f"MRR 比最佳基线高 {results[0].mrr - best:+.3f}")
    if coverage["uncovered"]:
        print("没有问题覆盖的文件：" + "、".join(coverage["uncovered"]))  # type: ignore[arg-type]
    if coverage["unanswerable"]:
        print("答案段落在条款中找不到的问题：" + "；".join(coverage["unanswerable"]))  # type: ignore[arg-type]
    if args.failures:
        for q, r in zip(queries, results[0].ranks, strict=True):
            if r != 1:
                print(f"  名次 {r if r else '>10'}：{q.q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
