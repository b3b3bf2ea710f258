"""`anbiao serve`: site/ as static files plus a JSON clause-search endpoint over the Whoosh index.

GET /api/search?q=…&limit=&region=&only_region=&industry=&kind=&status=&since=&until=
    → {"query": q, "count": n, "hits": [...]} — the hits are exactly those of `anbiao search --json`,
    each with two more keys for display: "passage" (the part of the text with most query words)
    and "marks" ([start, end] of those words in the passage).
GET /api/health → {"service": "anbiao", "documents": n, "clauses": m}; the site's script uses it to
    decide whether to answer the search box from the endpoint or from Material's in-browser index.
Bad parameters get 400 and {"error": "<one Chinese line>"}; request size and result count are bounded.
While served, /search/search_index.json is replaced by an empty index of the same configuration, so
browsers do not download an in-browser index they will not use.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kb.errors import AnbiaoError, display_path

MAX_URL_CHARS = 2048
MAX_QUERY_CHARS = 200
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
PARAMS = ("q", "limit", "region", "only_region", "industry", "kind", "status", "since", "until")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


@dataclass(frozen=True)
class SearchRequest:
    """A validated request to the search endpoint (filters use the CLI's option names)."""

    query: str
    limit: int
    region: str | None = None
    only_region: bool = False
    industry: str | None = None
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None


def parse_search_params(query_string: str) -> SearchRequest:
    """The URL query → SearchRequest; AnbiaoError with a Chinese message for anything invalid."""
    try:
        params = parse_qs(query_string, keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except ValueError:
        raise AnbiaoError("参数过多") from None
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise AnbiaoError(f"未知参数：{'、'.join(unknown)}；可用参数：{'、'.join(PARAMS)}")
    repeated = sorted(k for k, v in params.items() if len(v) > 1)
    if repeated:
        raise AnbiaoError(f"参数重复：{'、'.join(repeated)}")
    one = {k: v[0].strip() for k, v in params.items()}
    q = one.get("q", "")
    if not q:
        raise AnbiaoError("缺少检索词：请用 q 参数给出问题，如 /api/search?q=标准化证书过期怎么办")
    if len(q) > MAX_QUERY_CHARS:
        raise AnbiaoError(f"检索词过长（{len(q)} 字）；最多 {MAX_QUERY_CHARS} 字")
    raw_limit = one.get("limit", "") or str(DEFAULT_LIMIT)
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        raise AnbiaoError(f"limit 的值“{raw_limit}”无效；应为 1 到 {MAX_LIMIT} 的整数")
    only = one.get("only_region", "").lower()
    if only not in _TRUE | _FALSE:
        raise AnbiaoError(f"only_region 的值“{only}”无效；应为 1 或 0")
    return SearchRequest(
        query=q, limit=int(raw_limit), only_region=only in _TRUE,
        **{k: (one.get(k) or None) for k in ("region", "industry", "kind", "status", "since", "until")},
    )


# --- the search adapter ----------------------------------------------------------------------

class ClauseSearchAdapter:
    """The one place that talks to the search package (search.service, search.cli's filters).

    `anbiao index --rebuild` swaps in a new index generation; the engine is reopened when that
    happens. Whoosh searchers are not shared between threads, hence the lock.
    """

    def __init__(self, content: Path, index_dir: Path | None) -> None:
        from search.index import IndexLocation, resolve_index_dir
        from search.service import ensure_index

        self.index_dir = resolve_index_dir(index_dir)
        ensure_index(content, self.index_dir)
        self._location = IndexLocation(self.index_dir)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._engine: Any = None
        self._open()

    def _open(self) -> None:
        from search.service import ClauseSearch

        current = self._location.current()
        if self._engine is not None and current == self._generation:
            return
        if self._engine is not None:
            self._engine.close()
        self._engine = ClauseSearch(self.index_dir)
        self._generation = current

    def clause_count(self) -> int:
        with self._lock:
            self._open()
            return int(self._engine._searcher.doc_count())

    def search(self, request: SearchRequest) -> list[dict[str, Any]]:
        """The hits of `anbiao search --json` for the same query, filters and limit."""
        from search.cli import filters_from_args

        args = argparse.Namespace(region=request.region, only_region=request.only_region,
                                  industry=request.industry, kind=request.kind, status=request.status,
                                  since=request.since, until=request.until)
        try:
            filters = filters_from_args(args)
        except AnbiaoError as exc:
            # The CLI's messages name options (--region); here they are URL parameters.
            raise AnbiaoError(str(exc).replace("--only-region", "only_region").replace("--", "")) from None
        from search.render import best_passage

        with self._lock:
            self._open()
            hits, plan = self._engine.search_with_plan(request.query, filters, request.limit)
        out = []
        for hit in hits:
            # Beyond the CLI's fields: the passage to show and where the query words are in it.
            passage, marks = best_passage(hit.text, plan.highlight)
            out.append({**hit.as_json(), "passage": passage, "marks": [list(m) for m in marks]})
        return out

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None


# --- HTTP ------------------------------------------------------------------------------------

class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from site/ plus /api/*; no directory listings, quiet logs."""

    search: ClauseSearchAdapter
    documents: int
    stub_index: bytes | None
    log: Callable[[str], None] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        if self.log is not None:
            self.log(format % args)

    def list_directory(self, path: str | os.PathLike[str]) -> None:  # type: ignore[override]
        self.send_error(HTTPStatus.NOT_FOUND, "Not Found")
        return None

    def _json(self, status: int, data: Any) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        with contextlib.suppress(UnicodeError):
            # Clients that send raw UTF-8 in the request line (curl with a Chinese URL) get it back.
            self.path = self.path.encode("iso-8859-1").decode("utf-8")
        if len(self.path) > MAX_URL_CHARS:
            self._json(HTTPStatus.REQUEST_URI_TOO_LONG, {"error": f"请求过长；URL 最多 {MAX_URL_CHARS} 字符"})
            return
        url = urlsplit(self.path)
        if url.path == "/api/health":
            self._json(HTTPStatus.OK, {"service": "anbiao", "documents": self.documents,
                                       "clauses": self.search.clause_count()})
            return
        if url.path == "/api/search":
            self._search(url.query)
            return
        if url.path.startswith("/api/"):
            self._json(HTTPStatus.NOT_FOUND, {"error": "没有这个接口；可用：/api/search、/api/health"})
            return
        if url.path == "/search/search_index.json" and self.stub_index is not None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.stub_index)))
            self.end_headers()
            self.wfile.write(self.stub_index)
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if urlsplit(self.path).path.startswith("/api/"):
            self._json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "请用 GET 请求"})
            return
        super().do_HEAD()

    def do_POST(self) -> None:
        self._json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "只支持 GET 请求"})

    def _search(self, query_string: str) -> None:
        try:
            request = parse_search_params(query_string)
            hits = self.search.search(request)
        except AnbiaoError as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
            return
        self._json(HTTPStatus.OK, {"query": request.query, "count": len(hits), "hits": hits})


def _stub_index(site_dir: Path) -> bytes | None:
    """Material's search_index.json with no documents (same config), served instead of the real one."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return None
    config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
    return json.dumps({"config": config, "docs": []}, ensure_ascii=False).encode("utf-8")


def make_server(site_dir: Path, host: str, port: int, index_dir: Path | None, content: Path,
                log: Callable[[str], None] | None = None) -> tuple[ThreadingHTTPServer, ClauseSearchAdapter]:
    """A ready (not yet serving) server; port 0 picks a free port (see server.server_address)."""
    from kb.files import content_files

    if not (site_dir / "index.html").is_file():
        raise AnbiaoError(f"找不到站点 {display_path(site_dir)}/index.html；"
                          "请先运行 `make site`（或 mkdocs build）")
    search = ClauseSearchAdapter(content, index_dir)
    attrs = {"search": search, "documents": len(content_files(content)) if content.is_dir() else 0,
             "stub_index": _stub_index(site_dir), "log": log}
    handler = type("BoundSiteHandler", (SiteHandler,), attrs)
    try:
        server = ThreadingHTTPServer((host, port), partial(handler, directory=str(site_dir)))
    except OSError as exc:
        search.close()
        raise AnbiaoError(f"无法监听 {host}:{port}：{exc.strerror}；请换一个端口（--port）") from exc
    server.daemon_threads = True
    return server, search


def run_serve(args: argparse.Namespace) -> int:
    """Entry point of `anbiao serve`."""
    if not 0 <= args.port <= 65535:
        raise AnbiaoError(f"端口 {args.port} 无效；应为 0 到 65535")
    server, search = make_server(args.site_dir, args.host, args.port, args.index_dir, args.content)
    host, port = server.server_address[:2]
    print(f"安标站点：http://{host}:{port}/ （检索接口 /api/search?q=…；按 Ctrl+C 停止）", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：正在监听 {args.host}，局域网内其他计算机也能访问。", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        search.close()
    return 0
