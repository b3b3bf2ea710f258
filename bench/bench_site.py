"""Site build at scale: our plugin against plain Material, on the same scaled corpus, in one run.

    .venv/bin/python -m bench.bench_site              # 1000 documents (bench/corpus.py)
    .venv/bin/python -m bench.bench_site -n 200 --repeat 1
    .venv/bin/python -m bench.bench_site --recall     # search quality in chromium, see below

Prints the build time with and without the anbiao plugin (targets: ratio ≤ 1.5), the size of
site/ per page (target ≤ 60 KB) and the size of the search index a reader downloads: Material's
search_index.json for plain Material, our clause index (search/anbiao-clauses.gz) with the plugin
(Material indexes no page then). Both builds use the same theme and Markdown extensions; the plain
build has a one-page navigation, like ours, so that the comparison is about the plugin and not the nav.

With --recall it instead measures Recall@5 of the dev questions in a real browser over content/:
the static site (the clause index scored in the page) and `anbiao serve`'s clause search.
bench/eval_search.py measures both on every question set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.corpus import write_scaled_corpus

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
TARGET_PAGE_KB = 60


def _build(config: dict, workdir: Path, name: str) -> float:
    cfg = workdir / f"{name}.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"错误：{name} 构建失败：\n{result.stderr[-2000:]}")
    return seconds


def _site_stats(site: Path) -> tuple[int, int, int, int]:
    """(pages, total bytes of site/, bytes of HTML, bytes of the search index a reader downloads)."""
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html = sum(p.stat().st_size for p in pages)
    ours = site / "search" / "anbiao-clauses.gz"
    index = (ours if ours.is_file() else site / "search" / "search_index.json").stat().st_size
    return len(pages), total, html, index


def plain_config(ours: dict, docs: Path, site: Path, first_page: str) -> dict:
    """Our mkdocs.yml without the anbiao plugin (and its generated pages)."""
    plugins = [p for p in ours["plugins"] if not (p == "anbiao" or (isinstance(p, dict) and "anbiao" in p))]
    config = {k: v for k, v in ours.items() if k not in ("plugins", "nav", "not_in_nav")}
    config.update({"plugins": plugins, "docs_dir": str(docs), "site_dir": str(site), "nav": [first_page],
                   "not_in_nav": "/policies/\n/standards/\n"})
    return config


def recall(source: Path) -> int:
    """Recall@5 of the dev questions typed into the search box: static site and `anbiao serve`."""
    from kb.loader import load_valid_corpus
    from search.index import update_index
    from tests.site_support import anbiao_server, build_site, chromium, measure_recall, static_server

    corpus = load_valid_corpus(source)
    with tempfile.TemporaryDirectory(prefix="anbiao-bench-recall-") as tmp, chromium() as browser:
        work = Path(tmp)
        result = build_site(source, work / "site", work)
        if result.returncode != 0:
            sys.exit(f"错误：构建失败：\n{result.stderr[-2000:]}")
        with static_server(work / "site") as base:
            print("静态站点", measure_recall(browser.new_page(), base, corpus, "static").summary(), sep="\n")
        update_index(source, work / "index")
        with anbiao_server(work / "site", source, work / "index") as base:
            print("anbiao serve", measure_recall(browser.new_page(), base, corpus, "served").summary(), sep="\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="站点构建基准：本项目插件 与 纯 Material 对比")
    parser.add_argument("-n", type=int, default=1000, help="放大语料的文件数（默认 1000）")
    parser.add_argument("--repeat", type=int, default=1, help="每种构建重复次数，取中位数（默认 1）")
    parser.add_argument("--source", type=Path, default=ROOT / "content")
    parser.add_argument("--recall", action="store_true", help="改为在浏览器中测检索 Recall@5（静态站点、服务模式）")
    args = parser.parse_args(argv)
    if args.recall:
        return recall(args.source)

    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="anbiao-bench-site-") as tmp:
        work = Path(tmp)
        docs = work / "content"
        clauses = write_scaled_corpus(args.source, docs, args.n)
        print(f"放大语料：{args.n} 个文件、{clauses} 个条款")
        first = sorted((docs / "policies").glob("*.md"))[0].relative_to(docs).as_posix()
        with_cfg = {**ours, "docs_dir": str(docs), "site_dir": str(work / "site-anbiao")}
        without_cfg = plain_config(ours, docs, work / "site-plain", first)
        times: dict[str, list[float]] = {"anbiao": [], "plain": []}
        for _ in range(args.repeat):
            # Alternate so that a busy machine hurts both alike.
            times["plain"].append(_build(without_cfg, work, "plain"))
            times["anbiao"].append(_build(with_cfg, work, "anbiao"))
        t_ours, t_plain = statistics.median(times["anbiao"]), statistics.median(times["plain"])
        pages, total, html, index = _site_stats(work / "site-anbiao")
        p_pages, p_total, p_html, p_index = _site_stats(work / "site-plain")

    ratio = t_ours / t_plain
    per_page = total / pages / 1024
    print(f"{'':14}{'构建用时':>10}{'页面数':>8}{'site/ 总计':>12}{'每页':>10}{'HTML 每页':>11}{'检索索引':>18}")
    print(f"{'纯 Material':14}{t_plain:>9.1f}s{p_pages:>8}{p_total / 2**20:>10.1f}MB"
          f"{p_total / p_pages / 1024:>8.1f}KB{p_html / p_pages / 1024:>9.1f}KB{p_index / 2**20:>18.1f}MB")
    print(f"{'安标插件':14}{t_ours:>9.1f}s{pages:>8}{total / 2**20:>10.1f}MB"
          f"{per_page:>8.1f}KB{html / pages / 1024:>9.1f}KB{index / 2**20:>18.1f}MB")
    ok_ratio, ok_size = ratio <= TARGET_RATIO, per_page <= TARGET_PAGE_KB
    print(f"用时比 {ratio:.2f}（目标 ≤ {TARGET_RATIO}）{'达标' if ok_ratio else '未达标'}；"
          f"每页 {per_page:.1f} KB（目标 ≤ {TARGET_PAGE_KB} KB）{'达标' if ok_size else '未达标'}")
    return 0 if ok_ratio and ok_size else 1


if __name__ == "__main__":
    sys.exit(main())
