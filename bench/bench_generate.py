"""How long one 实施方案 takes: build the model, render Markdown, render Word (target: under 1 s).

    .venv/bin/python -m bench.bench_generate                 # content/ as it is
    .venv/bin/python -m bench.bench_generate --scaled 1000   # plus a 1000-document scaled corpus

Corpus loading is timed apart: `anbiao plan` pays it once per run, and it grows with content/,
while the generation itself depends on what applies to the profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.documents import render_outline, render_plan
from generator.outline import build_outline
from generator.plan import build_plan
from generator.profile import load_profile
from kb.loader import load_valid_corpus
from kb.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "examples").glob("*.yml"))
PREPARED_ON = dt.date(2026, 12, 1)


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(content: Path, label: str, repeat: int) -> None:
    start = time.perf_counter()
    corpus = load_valid_corpus(content)
    load_ms = (time.perf_counter() - start) * 1000
    print(f"\n{label}: {len(corpus)} 个文件，加载 {load_ms:.0f} ms")
    print(f"  {'企业概况':<34} {'建模':>8} {'Markdown':>9} {'Word':>8} {'合计':>8}")
    for path in PROFILES:
        profile = load_profile(path)
        _bench_one(corpus, path.stem, lambda p=profile: build_plan(p, corpus, PREPARED_ON), render_plan, repeat)
    _bench_one(corpus, "outline 主要负责人 冶金",
               lambda: build_outline(corpus, "主要负责人", "冶金", "初次", None, "重庆市", PREPARED_ON), render_outline, repeat)


def _bench_one(corpus: Corpus, name: str, build: Callable[[], object],
               render: Callable[..., bytes], repeat: int) -> None:
    model = build()
    build_ms = _median_ms(build, repeat)
    md_ms = _median_ms(lambda: render(model, ".md"), repeat)
    docx_ms = _median_ms(lambda: render(model, ".docx"), repeat)
    total = build_ms + md_ms + docx_ms
    flag = "" if total < 1000 else "  ← 超过 1 s"
    print(f"  {name:<38} {build_ms:>6.1f}ms {md_ms:>7.1f}ms {docx_ms:>6.1f}ms {total:>6.1f}ms{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description="实施方案/培训大纲生成耗时")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--scaled", type=int, default=0, metavar="N", help="另测 N 个文件的放大语料")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench(args.content, str(args.content), args.repeat)
    if args.scaled:
        from bench.corpus import write_scaled_corpus
        with tempfile.TemporaryDirectory() as tmp:
            scaled = Path(tmp) / "content"
            write_scaled_corpus(args.content, scaled, args.scaled)
            shutil.copytree(args.content / "standards", scaled / "standards")
            bench(scaled, f"放大语料（{args.scaled} 个政策文件 + content/standards）", args.repeat)


if __name__ == "__main__":
    main()
