"""Load on `anbiao serve`: throughput and latency at concurrency 16 and 64, loopback only.

    .venv/bin/python -m bench.bench_serve                          # this checkout's server
    .venv/bin/python -m bench.bench_serve --code /tmp/anbiao-main \\
        --module kb.cli                                            # another checkout's (e.g. before a change)

The site of content/ is built once (mkdocs, our plugin) and the server runs as its own process, as
users start it. Each client thread opens a new connection per request (what a browser's first
visit and most API clients do) and sends, in a fixed rotation, clause searches (the ten tryout
questions at the end of tests/eval/queries.yaml), static pages and /api/health. Every level is bounded in
count (--requests) and time (--seconds); requests left when the time is up are not sent. Prints,
per level: requests done, errors (non-2xx or failed connections), throughput and p50/p95/max.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: this is a load generator


@dataclass
class Level:
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        done = len(self.latencies)
        if not done:
            return f"并发 {self.concurrency:>3}：没有完成的请求（错误 {self.errors}）"
        ms = sorted(x * 1000 for x in self.latencies)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        return (f"并发 {self.concurrency:>3}：{done:>4} 个请求，错误 {self.errors:>3}，吞吐 {done / self.seconds:6.1f} 次/秒，"
                f"p50 {statistics.median(ms):7.1f} ms，p95 {p95:7.1f} ms，最长 {ms[-1]:7.1f} ms")


def workload() -> list[str]:
    """Paths in the order they are sent: searches, pages and health checks, 6 : 3 : 1."""
    raw = yaml.safe_load((ROOT / "tests" / "eval" / "queries.yaml").read_text(encoding="utf-8"))
    questions = [str(item["q"]) for item in raw][-10:]
    pages = ["/", "/documents/", "/policies/bj-2013-jzbf-10/"]
    out = []
    for i, q in enumerate(questions):
        out += [f"/api/search?q={quote(q)}&limit=10", pages[i % len(pages)]]
        if i % 2:
            out += [f"/api/search?q={quote(q[: len(q) // 2] or q)}", pages[(i + 1) % len(pages)], "/api/health"]
    return out


def one_request(port: int, path: str, timeout: float) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        ok = 200 <= response.status < 300
        conn.close()
    except OSError:
        ok = False
    return time.perf_counter() - start, ok


def run_level(port: int, concurrency: int, paths: list[str], requests: int, seconds: float) -> Level:
    level = Level(concurrency)
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def work(i: int) -> None:
        if time.perf_counter() > deadline:
            return
        took, ok = one_request(port, paths[i % len(paths)], timeout=max(1.0, deadline - time.perf_counter()))
        with lock:
            if ok:
                level.latencies.append(took)
            else:
                level.errors += 1

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(work, range(requests)))
    level.seconds = time.perf_counter() - start
    return level


@contextlib.contextmanager
def server(code: Path, module: str, site: Path, index: Path) -> Iterator[int]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(code)}
    proc = subprocess.Popen([sys.executable, "-m", module, "serve", "--port", "0", "--site-dir", str(site),
                             "--content", str(ROOT / "content"), "--index-dir", str(index)],
                            cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if "http://" not in line:
            sys.exit(f"错误：服务没有启动（{line.strip() or '无输出'}）")
        yield int(line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def build_site(work: Path) -> Path:
    from tests.site_support import build_site as mkdocs_build

    site = work / "site"
    result = mkdocs_build(ROOT / "content", site, work)
    if result.returncode != 0:
        sys.exit(f"错误：站点构建失败：\n{result.stderr[-2000:]}")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="anbiao serve 的负载测试（只连 127.0.0.1）")
    parser.add_argument("--code", type=Path, default=ROOT, help="运行哪个检出的代码（默认本仓库）")
    parser.add_argument("--module", default="anbiao", help="启动服务的模块（旧代码为 kb.cli）")
    parser.add_argument("--site", type=Path, help="已构建的站点目录（默认构建 content/ 的站点）")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--requests", type=int, default=640, help="每级最多请求数（默认 640）")
    parser.add_argument("--seconds", type=float, default=60.0, help="每级最长秒数（默认 60）")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anbiao-bench-serve-") as tmp:
        work = Path(tmp)
        site = args.site or build_site(work)
        paths = workload()
        with server(args.code.resolve(), args.module, site, work / "index") as port:
            for path in paths[:3]:  # warm up: open the index, load jieba
                one_request(port, path, 60)
            print(f"{args.code.resolve()}（python -m {args.module} serve），{len(paths)} 个路径轮换：")
            for concurrency in args.concurrency:
                print(run_level(port, concurrency, paths, args.requests, args.seconds).line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
