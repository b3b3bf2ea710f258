"""`anbiao serve`: site/ as static files plus a JSON clause-search API, on waitress.

GET /api/search?q=…&limit=&region=&only_region=&industry=&kind=&status=&since=&until=
    → {"query": q, "count": n, "hits": [...], "highlight": [...]} — the hits are exactly those of
    `anbiao search --json` (status, status_label and similar included), each with two more keys for
    display: "passage" (the part of the text with most query words) and "marks" ([start, end] of
    those words in the passage); "highlight" lists the words of the question worth marking.
GET /api/health → {"service": "anbiao", "documents": n, "clauses": m}.
Bad parameters get 400 and {"error": "<one Chinese line>"} naming the parameter; a search that runs
past its time limit gets 503. Every HTML page carries <meta name="anbiao-served" content="1"> right
after <head>: the site's script uses the API only when it sees it (and the static clause index
otherwise), so a site opened as plain files never asks for /api/health.

The server is waitress (a production WSGI server) rather than the standard library's development
server: a bounded pool of worker threads, a listen backlog that absorbs bursts (the standard
server's queue of 5 made the slowest of 64 concurrent requests wait 9.4 s), idle connections closed
after CHANNEL_TIMEOUT, and request heads and bodies bounded in size. The listening socket is ours
(`bind`, taken before the index is built); the waitress internals that stop the server are in
anbiao.waitress_compat. Search runs on one thread that owns the index, with a hard time limit
(anbiao.searching). This module calls the library as the command line does; it does not import
anbiao.cli.
"""

from __future__ import annotations

import errno
import json
import logging
import mimetypes
import os
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from anbiao import inputs
from anbiao.searching import BoundedSearch
from kb.errors import AnbiaoError, FieldError, display_path, os_reason
from search.limits import SearchTooSlow

MAX_URL_CHARS = 2048
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
PARAMS = ("q", "limit", "region", "only_region", "industry", "kind", "status", "since", "until")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}

# waitress settings (see the module docstring); measured in bench/bench_serve.py.
THREADS = 8
BACKLOG = 256
CONNECTION_LIMIT = 200
CHANNEL_TIMEOUT = 30  # seconds a connection may stay idle
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 64 * 1024  # nothing here takes a body

SERVED_META = b'<meta name="anbiao-served" content="1">'
_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class SearchRequest:
    """A request to the search endpoint, its values as given (validated by the library)."""

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
        params = parse_qs(query_string, keep_blank_values=True, strict_parsing=False, max_num_fields=20,
                          errors="strict")
    except ValueError:  # too many fields, or %-escapes that are not UTF-8
        raise AnbiaoError("参数过多或编码无效（应为 UTF-8）") from None
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
    raw_limit = one.get("limit", "") or str(DEFAULT_LIMIT)
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        raise AnbiaoError(f"limit 的值“{raw_limit}”无效；应为 1 到 {MAX_LIMIT} 的整数")
    only = one.get("only_region", "").lower()
    if only not in _TRUE | _FALSE:
        raise AnbiaoError(f"only_region 的值“{only}”无效；应为 1 或 0")
    return SearchRequest(
        query=inputs.check_query(q), limit=int(raw_limit), only_region=only in _TRUE,
        **{k: (one.get(k) or None) for k in ("region", "industry", "kind", "status", "since", "until")},
    )


def param_name(field: str) -> str:
    """A library field as this API's URL parameter."""
    return "q" if field == "query" else field


# --- the application -------------------------------------------------------------------------

class _Reply(Exception):
    """Ends a request early with an HTTP status and a JSON error (or the site's 404 page)."""

    def __init__(self, status: str, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or []


class SiteApp:
    """The WSGI application: static files from `site_dir`, the API over `search`."""

    def __init__(self, site_dir: Path, search: BoundedSearch, documents: int,
                 log: Callable[[str], None] | None = None) -> None:
        self.site_dir = site_dir.resolve()
        self.search = search
        self.documents = documents
        self.log = log

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            path = _request_path(environ)
            if path.startswith("/api/"):
                return self._api(path, method, environ, start_response)
            if method not in ("GET", "HEAD"):
                raise _Reply("405 Method Not Allowed", "只支持 GET 请求", [("Allow", "GET, HEAD")])
            return self._static(path, method, environ, start_response)
        except _Reply as reply:
            if str(environ.get("PATH_INFO", "")).startswith("/api/"):
                return _json(start_response, reply.status, {"error": str(reply)}, method, reply.headers)
            if reply.status.startswith("404"):
                return self._not_found(method, start_response)
            return _send(start_response, reply.status, "text/plain; charset=utf-8", str(reply).encode(), method,
                         reply.headers)
        except Exception as exc:  # a bug must not take the server down or show a traceback
            if self.log is not None:
                self.log(f"内部错误：{type(exc).__name__}: {exc}（{environ.get('PATH_INFO', '')}）")
            return _json(start_response, "500 Internal Server Error", {"error": "服务器内部错误"}, method)

    # --- API -----------------------------------------------------------------------------------

    def _api(self, path: str, method: str, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if method != "GET":
            raise _Reply("405 Method Not Allowed", "请用 GET 请求", [("Allow", "GET")])
        if path == "/api/health":
            data = {"service": "anbiao", "documents": self.documents, "clauses": self._bounded(self.search.clause_count)}
            return _json(start_response, "200 OK", data, method)
        if path == "/api/search":
            return self._search(environ, start_response)
        raise _Reply("404 Not Found", "没有这个接口；可用：/api/search、/api/health")

    def _search(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            request = parse_search_params(environ.get("QUERY_STRING", ""))
            filters = inputs.search_filters(request.region, request.only_region, request.industry, request.kind,
                                            request.status, request.since, request.until)
        except FieldError as exc:
            raise _Reply("400 Bad Request", exc.worded(param_name)) from None
        except AnbiaoError as exc:
            raise _Reply("400 Bad Request", str(exc)) from None
        client_gone = environ.get("waitress.client_disconnected")

        def hits_with_passages(engine: Any) -> tuple[list[dict[str, Any]], list[str]]:
            from search.render import best_passage

            hits, plan = engine.search_with_plan(request.query, filters, request.limit)
            out = []
            for hit in hits:
                # Beyond the CLI's fields: the passage to show and where the query words are in it.
                passage, marks = best_passage(hit.text, plan.highlight)
                out.append({**hit.as_json(), "passage": passage, "marks": [list(m) for m in marks]})
            return out, plan.highlight

        wanted = (lambda: not client_gone()) if client_gone is not None else None
        hits, words = self._bounded(lambda: self.search.run(hits_with_passages, wanted))
        # `highlight`: the words of the question worth marking (the site marks them in the clause a
        # result opens).
        return _json(start_response, "200 OK", {"query": request.query, "count": len(hits), "hits": hits,
                                                 "highlight": words}, "GET")

    def _bounded(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except SearchTooSlow as exc:
            raise _Reply("503 Service Unavailable", str(exc), [("Retry-After", "5")]) from None
        except ConnectionAbortedError:
            raise _Reply("503 Service Unavailable", "客户端已断开") from None

    # --- static files --------------------------------------------------------------------------

    def _static(self, path: str, method: str, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise _Reply("404 Not Found", "")
        target = self.site_dir.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):  # relative links in the page need the slash
                query = environ.get("QUERY_STRING", "")
                location = _url_path(environ) + "/" + (f"?{query}" if query else "")
                return _send(start_response, "301 Moved Permanently", "text/plain; charset=utf-8", b"", method,
                             [("Location", location)])
            target = target / "index.html"
        try:
            inside = target.resolve().is_relative_to(self.site_dir)
        except (OSError, ValueError):
            inside = False
        if not inside or not target.is_file():
            raise _Reply("404 Not Found", "")  # no directory listings either
        return self._file(target, "200 OK", method, start_response)

    def _not_found(self, method: str, start_response: StartResponse) -> Iterable[bytes]:
        page = self.site_dir / "404.html"
        if page.is_file():
            return self._file(page, "404 Not Found", method, start_response)
        return _send(start_response, "404 Not Found", "text/plain; charset=utf-8", "找不到该页面".encode(), method)

    def _file(self, path: Path, status: str, method: str, start_response: StartResponse) -> Iterable[bytes]:
        data = path.read_bytes()
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = _HEAD.sub(lambda m: m.group(0) + SERVED_META, data, count=1)
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return _send(start_response, status, ctype, data, method)


def _url_path(environ: dict[str, Any]) -> str:
    """The path as the client sent it (still %-encoded), for a Location header."""
    from urllib.parse import quote

    return quote(_request_path(environ), safe="/")


def _request_path(environ: dict[str, Any]) -> str:
    """The decoded request path; 400 for what no file can be called, 414 for over-long URLs.

    WSGI hands the path over %-decoded and as Latin-1; raw UTF-8 in the request line (curl with a
    Chinese URL) and %E4%B8%AD-style escapes both end up as the same UTF-8 bytes here.
    """
    raw = str(environ.get("PATH_INFO", "")) or "/"
    if len(raw) + len(str(environ.get("QUERY_STRING", ""))) > MAX_URL_CHARS:
        raise _Reply("414 URI Too Long", f"请求过长；URL 最多 {MAX_URL_CHARS} 字符")
    try:
        path = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise _Reply("400 Bad Request", "网址编码无效（应为 UTF-8）") from None
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):  # %00 and other control characters
        raise _Reply("400 Bad Request", "网址含有控制字符")
    return path


def _send(start_response: StartResponse, status: str, ctype: str, body: bytes, method: str,
          headers: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
    start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))),
                            ("X-Content-Type-Options", "nosniff"), *(headers or [])])
    return [] if method == "HEAD" else [body]


def _json(start_response: StartResponse, status: str, data: Any, method: str,
          headers: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return _send(start_response, status, "application/json; charset=utf-8", body, method,
                 [("Cache-Control", "no-store"), *(headers or [])])


# --- the server ------------------------------------------------------------------------------

class Server:
    """A bound, not yet serving server; `run()` serves until `close()` (or Ctrl+C)."""

    def __init__(self, app: SiteApp, sock: socket.socket) -> None:
        from anbiao.waitress_compat import WaitressServer

        self.app = app
        host, port = sock.getsockname()[:2]
        self.address: tuple[str, int] = (str(host), int(port))
        logging.getLogger("waitress").setLevel(logging.ERROR)  # no English queue-depth notes in the terminal
        self._server = WaitressServer(
            app, [sock], threads=THREADS, backlog=BACKLOG,
            connection_limit=CONNECTION_LIMIT, channel_timeout=CHANNEL_TIMEOUT,
            max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=MAX_BODY_BYTES,
            channel_request_lookahead=1,  # lets a request see that its client has left
            expose_tracebacks=False, clear_untrusted_proxy_headers=True, ident="anbiao")

    def run(self) -> None:
        self._server.run()

    def close(self) -> None:
        self._server.stop()
        self.app.search.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0 picks a free one), not yet listening.

    Bound before anything slow happens, so that a busy port is reported at once. Only the first
    address `host` resolves to is used (the address the start-up line shows).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0,
                                                             socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise FieldError("host", host, "无法监听 {value}：找不到这个地址；{field} 应为本机的地址，如 127.0.0.1") from exc
    sock = socket.socket(family, kind, proto)
    try:
        if os.name == "posix":  # a restart may bind while the last run's connections linger in TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRNOTAVAIL:
            raise FieldError("host", host, "无法监听 {value}：本机没有这个地址；{field} 应为本机的地址，如 127.0.0.1") \
                from exc
        raise FieldError("port", port, f"无法监听 {host}:{{value}}：{os_reason(exc)}；请用 {{field}} 换一个端口") from exc
    return sock


def make_server(site_dir: Path, host: str, port: int, index_dir: Path, content: Path,
                log: Callable[[str], None] | None = None) -> Server:
    """A ready (not yet serving) server; port 0 picks a free port (see Server.address).

    The port is taken first and the index built or brought up to date after, so that a busy port
    does not cost the wait for the index.
    """
    from kb.files import content_files
    from search.service import ensure_index

    if not (site_dir / "index.html").is_file():
        raise AnbiaoError(f"找不到站点 {display_path(site_dir)}/index.html；"
                          "请先运行 `make site`（或 mkdocs build）")
    sock = bind(host, port)
    search: BoundedSearch | None = None
    try:
        ensure_index(content, index_dir, notify=log)
        search = BoundedSearch(index_dir)
        documents = len(content_files(content)) if content.is_dir() else 0
        return Server(SiteApp(site_dir, search, documents, log), sock)
    except BaseException:
        if search is not None:
            search.close()
        sock.close()
        raise
