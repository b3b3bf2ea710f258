"""Helpers of the site tests (tests/test_site_*.py) and bench/bench_site.py: real mkdocs builds,
real HTTP servers and a real chromium. Not a test module itself."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from bench.support import without_whitespace
from kb.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "site"
CONTENT = ROOT / "content"
ARTIFACTS = ROOT / "tests" / "artifacts"
# The team's dev set of search questions is the head of tests/eval/queries.yaml (copied there, with
# its provenance in that file's header).
DEV_QUERIES = ROOT / "tests" / "eval" / "queries.yaml"
DEV_SET_SIZE = 12
MAX_CLAUSE_CHARS = 1500
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def build_site(docs_dir: Path, site_dir: Path, workdir: Path, overrides: dict[str, Any] | None = None,
               config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of our mkdocs.yml with another docs_dir/site_dir (and overrides)."""
    data: dict[str, Any] = {"INHERIT": str(config or ROOT / "mkdocs.yml"), "docs_dir": str(docs_dir),
                            "site_dir": str(site_dir)}
    data.update(overrides or {})
    workdir.mkdir(parents=True, exist_ok=True)
    cfg = workdir / f"mkdocs-{site_dir.name}.yml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def plugin_options(**options: Any) -> dict[str, Any]:
    """Overrides for build_site that set options of our plugin (status_date…): MkDocs replaces a
    list it inherits, so the whole `plugins` list of mkdocs.yml comes along."""
    plugins = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    out = []
    for plugin in plugins:
        if plugin == "anbiao" or (isinstance(plugin, dict) and "anbiao" in plugin):
            plugin = {"anbiao": {**((plugin["anbiao"] or {}) if isinstance(plugin, dict) else {}), **options}}
        out.append(plugin)
    return {"plugins": out}


@cache
def content_site() -> Path:
    """content/ built once per test run (`mkdocs build --strict`, statuses on today's date), shared by
    the modules that read the real site: test_site_content.py and test_site_browser.py."""
    work = Path(tempfile.mkdtemp(prefix="anbiao-site-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    result = build_site(CONTENT, work / "site", work)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return work / "site"


def build_site_in_process(docs_dir: Path, site_dir: Path, workdir: Path) -> None:
    """The same build without a new interpreter: repeated builds (the fuzz test) share jieba's
    loaded dictionary. Not strict: hostile links to nowhere warn; the caller checks the pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    workdir.mkdir(parents=True, exist_ok=True)
    cfg = workdir / f"mkdocs-{site_dir.name}.yml"
    cfg.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs_dir),
                                   "site_dir": str(site_dir), "strict": False}, allow_unicode=True),
                   encoding="utf-8")
    config = load_config(str(cfg))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@contextlib.contextmanager
def static_server(site_dir: Path) -> Iterator[str]:
    """site/ as plain static files (the intranet case): no /api; the browser scores our clause index
    (search/anbiao-clauses.gz)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site_dir)))
    with _running(server) as url:
        yield url


@contextlib.contextmanager
def anbiao_server(site_dir: Path, content: Path, index_dir: Path) -> Iterator[str]:
    """`anbiao serve` in this process (port 0), for the served-mode tests."""
    from anbiao.server import make_server

    with make_server(site_dir, "127.0.0.1", 0, index_dir, content) as server:
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.address[1]}/"


@contextlib.contextmanager
def _running(server: Any) -> Iterator[str]:
    """Serve in a daemon thread; yield the base URL; shut down and close on exit."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SERVED_MARK = '<meta name="anbiao-served" content="1">'


def mark_served(context: Any) -> None:
    """Add `anbiao serve`'s mark to HTML pages that lack it, where the server puts it (right after
    <head>), so that served-mode tests run against a server that does not mark pages yet, or
    against a plain static server with an /api of its own."""

    def handle(route: Any) -> None:
        response = route.fetch()
        if "text/html" not in response.headers.get("content-type", ""):
            route.fulfill(response=response)
            return
        body = response.text()
        if 'name="anbiao-served"' not in body:
            body = body.replace("<head>", "<head>" + SERVED_MARK, 1)
        route.fulfill(response=response, body=body)

    context.route(lambda url: urlsplit(url).path.endswith(("/", ".html")), handle)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- what must never reach a reader --------------------------------------------------------------

# The knowledge base's own provenance and working notes (issue 9 item 6): "本库" notes, recollections,
# FACTS.md sections, raw file names, repository references and commit hashes.
EDITORIAL_MARKERS = re.compile(
    r"本库|据记忆|FACTS|§\s*\d|\b[\w.-]+\.(?:txt|md|ya?ml|py)\b|github:|(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")


class _ReadableText(HTMLParser):
    """What a reader sees or hears of a page: its text and the titles, alt texts and meta contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in ("title", "alt", "content") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def readable_text(html_text: str) -> str:
    parser = _ReadableText()
    parser.feed(html_text)
    parser.close()
    return "\n".join(parser.parts)


def editorial_markers(site: Path) -> list[str]:
    """Every editorial marker a reader could meet: on any page, or in Material's search index."""
    found = []
    for path in sorted(site.rglob("*.html")):
        for m in EDITORIAL_MARKERS.finditer(readable_text(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(site)}: {m.group()}")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for key in ("title", "text"):
            text = readable_text(entry.get(key, ""))
            found += [f"search_index {entry['location']} {key}: {m.group()}" for m in EDITORIAL_MARKERS.finditer(text)]
    return found


# --- the evaluation ----------------------------------------------------------------------------

@dataclass
class DevQuery:
    q: str
    any: list[str]


def load_dev_queries() -> list[DevQuery]:
    raw = yaml.safe_load(DEV_QUERIES.read_text(encoding="utf-8"))[:DEV_SET_SIZE]
    return [DevQuery(str(x["q"]), [str(p) for p in x["any"]]) for x in raw]


def answering_clauses(corpus: Corpus, query: DevQuery) -> set[tuple[str, str]]:
    """(doc_id, anchor) of the clauses that answer `query` — the rule of bench/eval_search.py."""
    passages = [without_whitespace(p) for p in query.any]
    out = set()
    for doc in corpus:
        for c in doc.clauses:
            if c.kind == "division":
                continue
            text = without_whitespace(c.heading + c.text)
            if len(text) <= MAX_CLAUSE_CHARS and any(p in text for p in passages):
                out.add((doc.id, c.anchor))
    return out


def result_key(href: str, base: str) -> tuple[str, str] | None:
    """A result link → (doc_id, anchor). A link to a whole page stands for its preamble (c0)."""
    url = urlsplit(href)
    path = unquote(url.path)[len(urlsplit(base).path):].strip("/").split("/")
    if len(path) != 2 or path[0] not in ("policies", "standards"):
        return None
    return (path[1], url.fragment or "c0")


@dataclass
class RecallReport:
    mode: str
    k: int
    rows: list[tuple[str, bool, list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(1 for _q, hit, _r in self.rows if hit) / len(self.rows) if self.rows else 0.0

    def summary(self) -> str:
        lines = [f"{self.mode}: Recall@{self.k} = {self.recall:.2f} ({sum(h for _, h, _ in self.rows)}/{len(self.rows)})"]
        lines += [f"  {'✓' if hit else '✗'} {q} → {' | '.join(r)}" for q, hit, r in self.rows]
        return "\n".join(lines)


def clause_results(page: Any, query: str, limit: int = 5) -> list[str]:
    """Type `query` into the search box; our result links (both modes list clauses the same way:
    served from /api/search, static from the clause index scored in the page)."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill(query)
    page.wait_for_selector(f"ol.ab-results[data-query={json.dumps(query, ensure_ascii=False)}]", state="attached", timeout=15000)
    hrefs = page.eval_on_selector_all("ol.ab-results a.ab-hit", "els => els.map(e => e.href)")
    return list(hrefs)[:limit]


def measure_recall(page: Any, base: str, corpus: Corpus, mode: str, k: int = 5) -> RecallReport:
    report = RecallReport(mode, k)
    if mode == "served":
        mark_served(page.context)
    page.goto(base)
    page.wait_for_selector("html.ab-served" if mode == "served" else "html.ab-static", timeout=15000)
    for query in load_dev_queries():
        wanted = answering_clauses(corpus, query)
        hrefs = clause_results(page, query.q, k)
        keys = [result_key(h, base) for h in hrefs]
        hit = any(key in wanted for key in keys if key)
        report.rows.append((query.q, hit, [f"{d}#{a}" for d, a in (x for x in keys if x)]))
    return report


# --- the static scorer in chromium, for bench/eval_search.py and tests/test_search_static.py ------------

SCORER = ROOT / "generator" / "site" / "assets" / "anbiao-search.js"


@dataclass
class ScorerPage:
    """A chromium page with the site's scorer and a static index loaded (static_scorer_page)."""

    page: Any
    base: str
    folder: Path
    browser: Any

    def run(self, questions: list[str], limit: int) -> list[list[dict[str, Any]]]:
        """Each question's hits as anbiao-search.js gives them."""
        return list(self.page.evaluate("([qs, k]) => qs.map(q => engine.search(q, k).hits)", [questions, limit]))


@contextlib.contextmanager
def static_scorer_page(index: bytes, workdir: Path) -> Iterator[ScorerPage]:
    """A chromium page with the site's scorer and `index` (a static index, as the site ships it)."""
    folder = workdir / "static-scorer"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "anbiao-clauses.gz").write_bytes(index)
    (folder / "anbiao-search.js").write_bytes(SCORER.read_bytes())
    (folder / "index.html").write_text('<!doctype html><meta charset="utf-8"><script src="anbiao-search.js"></script>',
                                       encoding="utf-8")
    with static_server(folder) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "index.html")
        page.evaluate("AnbiaoSearch.load('anbiao-clauses.gz').then(e => { window.engine = e; })")
        page.wait_for_function("window.engine !== undefined", timeout=30000)
        yield ScorerPage(page, base, folder, browser)
