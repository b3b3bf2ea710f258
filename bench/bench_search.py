"""Search speed on a scaled corpus (bench/corpus.py): build, incremental update, warm queries,
cold start, peak memory — printed side by side for each size in one run.

    .venv/bin/python -m bench.bench_search                  # N = 1,000 and 10,000 (minutes)
    .venv/bin/python -m bench.bench_search --sizes 1000     # quicker

Targets (issue 12): build time / pure-Python jieba `lcut_for_search` time on the same text ≤ 1.0
at every size; warm query p95 ≤ 30 ms at 10,000 documents with the same answers as a search
without any time limit (checked: every query is run again with an unlimited SearchLimits and
its results compared); incremental re-index after one changed document (`anbiao index` in a new
process, wall time, median of 3) < 1 s; `anbiao search` cold start ≤ 1.5 s.
"The same text" is every indexed clause's heading and text, which is what the jieba baseline reads.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import write_scaled_corpus  # noqa: E402
from kb.loader import load_corpus  # noqa: E402

ANBIAO = ROOT / ".venv" / "bin" / "anbiao"


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _clause_texts(content: Path) -> list[str]:
    corpus, _problems = load_corpus(content)  # the index skips (and reports) files that do not load
    return [c.heading + "\n" + c.text for doc in corpus for c in doc.clauses if c.kind != "division"]


def time_jieba(texts: list[str]) -> float:
    """Pure-Python jieba search-mode segmentation of the texts, dictionary loaded beforehand."""
    from bench.support import import_jieba

    jieba = import_jieba()
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut_for_search(text)
    return time.perf_counter() - started


def varied_queries(texts: list[str], count: int, seed: int = 0) -> list[str]:
    """Eval questions plus fragments of real clauses (2–12 characters), deterministic."""
    import yaml

    rng = random.Random(seed)
    raw = yaml.safe_load((ROOT / "tests" / "eval" / "queries.yaml").read_text(encoding="utf-8"))
    queries = [str(item["q"]) for item in raw][: count // 2]
    while len(queries) < count:
        text = rng.choice(texts).replace("\n", "")
        if len(text) < 14:
            continue
        start = rng.randrange(0, len(text) - 12)
        queries.append(text[start:start + rng.randint(2, 12)])
    return queries


def touch_one_document(content: Path, which: int = 0) -> Path:
    """Change one document's text (append a sentence to its last line), as an editor would."""
    files = sorted((content / "policies").glob("*.md"))
    path = files[(len(files) // 2 + which * 997) % len(files)]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "本句为基准测试追加的修改。\n", encoding="utf-8")
    return path


def incremental(content: Path, index_dir: Path, runs: int = 3) -> float:
    """Median wall time of `anbiao index` in a fresh process after one document changed — what an
    editor waits for (interpreter start included), each run changing a different document."""
    times = []
    for which in range(runs):
        touch_one_document(content, which)
        started = time.perf_counter()
        subprocess.run([str(ANBIAO), "index", "--content", str(content), "--index-dir", str(index_dir)],
                       check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_start(content: Path, index_dir: Path, runs: int = 3) -> float:
    """Median wall time of `anbiao search --json` in a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(ANBIAO), "search", "标准化证书过期了怎么办", "--json", "--content", str(content),
                        "--index-dir", str(index_dir)], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def integrity_check_ms(index_dir: Path, runs: int = 5) -> tuple[float, float, float]:
    """Median ms to check the live index's files as every open does (sizes, whole hashes of small
    files, sampled hashes of large ones), ms to hash every byte instead, and the index's MiB."""
    import hashlib

    from search.index import IndexLocation

    location = IndexLocation(index_dir)
    state = location.inspect()
    assert state.generation is not None and state.manifest is not None
    files = [state.generation / name for name in state.manifest["index_files"]]

    def whole() -> None:
        for path in files:
            hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()

    def median_ms(step: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            step()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    sampled = median_ms(lambda: location.inspect(check=True))
    return sampled, median_ms(whole), sum(p.stat().st_size for p in files) / 2**20


def bench_size(n_docs: int, source: Path, workdir: Path, n_queries: int) -> dict[str, float | str]:
    from search.index import update_index
    from search.limits import SearchLimits
    from search.service import ClauseSearch

    base = workdir / f"n{n_docs}"
    content, index_dir = base / "content", base / "index"
    if base.exists():
        shutil.rmtree(base)
    clauses = write_scaled_corpus(source, content, n_docs)
    texts = _clause_texts(content)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 2**20

    build = update_index(content, index_dir, rebuild=True)
    peak_build = _peak_mb()
    jieba_seconds = time_jieba(texts)

    incremental_seconds = incremental(content, index_dir)

    queries = varied_queries(texts, n_queries)
    latencies = []
    answers = []
    with ClauseSearch(index_dir) as engine:
        for q in queries[:5]:
            engine.search(q)
        for q in queries:
            started = time.perf_counter()
            hits = engine.search(q)
            latencies.append((time.perf_counter() - started) * 1000)
            answers.append([(h.doc_id, h.clause_id) for h in hits])
    with ClauseSearch(index_dir, SearchLimits(max_seconds=float("inf"))) as unlimited:
        same = sum(1 for q, a in zip(queries, answers, strict=True)
                   if [(h.doc_id, h.clause_id) for h in unlimited.search(q)] == a)
    latencies.sort()
    cold = cold_start(content, index_dir)
    check_ms, whole_ms, index_mb = integrity_check_ms(index_dir)
    return {
        "文件数": f"{n_docs}", "条款数": f"{clauses}", "文本 MiB": f"{megabytes:.1f}",
        "建索引 s": f"{build.seconds:.1f}", "jieba 分词 s": f"{jieba_seconds:.1f}",
        "建索引/jieba (≤1.0)": f"{build.seconds / jieba_seconds:.2f}",
        "增量 1 个文件 s (<1)": f"{incremental_seconds:.2f}",
        "查询 p50 ms": f"{statistics.median(latencies):.1f}",
        "查询 p95 ms (≤30)": f"{latencies[int(len(latencies) * 0.95) - 1]:.1f}",
        "查询最长 ms": f"{latencies[-1]:.1f}",
        "与不限时结果相同": f"{same}/{len(queries)}",
        "冷启动 s (≤1.5)": f"{cold:.2f}",
        "索引 MiB": f"{index_mb:.0f}",
        "打开时校验 ms（抽样）": f"{check_ms:.1f}",
        "全文件哈希 ms（对照）": f"{whole_ms:.1f}",
        "峰值内存 MB（本进程）": f"{peak_build:.0f}",
        "峰值内存 MB（子进程）": f"{_peak_mb(resource.RUSAGE_CHILDREN):.0f}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检索性能基准（放大语料）")
    parser.add_argument("--sizes", default="1000,10000", help="文件数，逗号分隔（默认 1000,10000）")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "anbiao-bench-search")
    args = parser.parse_args(argv)
    rows = [bench_size(int(n), args.content, args.workdir, args.queries) for n in args.sizes.split(",")]
    print(f"检索基准 {time.strftime('%Y-%m-%d %H:%M')}，{os.cpu_count()} 核，Python {sys.version.split()[0]}")
    for key in rows[0]:
        print(f"{key:22} " + " ".join(f"{row[key]:>10}" for row in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
