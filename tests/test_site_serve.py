"""`anbiao serve`: the real server over a real site and a real clause index (fixtures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from anbiao.cli import build_parser
from anbiao.server import MAX_LIMIT, parse_search_params
from kb.errors import AnbiaoError
from tests.site_support import FIXTURES, ROOT, anbiao_server, build_site

# Files of tests/fixtures/site/, register entries included.
FIXTURE_DOCUMENTS = sum(1 for _ in FIXTURES.rglob("*.md"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """`anbiao serve --port 0` as its own process (the command users run), over the fixtures."""
    from search.index import update_index

    work = tmp_path_factory.mktemp("serve")
    result = build_site(FIXTURES, work / "site", work)
    assert result.returncode == 0, result.stderr
    update_index(FIXTURES, work / "index")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "anbiao", "serve", "--port", "0", "--site-dir", str(work / "site"),
                             "--content", str(FIXTURES), "--index-dir", str(work / "index")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("安标站点：http://127.0.0.1:"), line + (proc.stderr.read() if proc.stderr else "")
        yield line.split("：", 1)[1].split(" ", 1)[0], work / "site", work / "index"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url: str) -> tuple[int, dict | bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            status = r.status
            ctype = r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        body, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
    return status, (json.loads(body) if ctype.startswith("application/json") else body)


def test_health(served: tuple[str, Path, Path]) -> None:
    status, data = get(served[0] + "api/health")
    assert status == 200
    assert data == {"service": "anbiao", "documents": FIXTURE_DOCUMENTS, "clauses": data["clauses"]} and data["clauses"] > 5


def test_same_results_as_cli(served: tuple[str, Path, Path]) -> None:
    base, _site, index = served
    for query, extra in (("标准化建设", ""), ("主要负责人职责", "&region=北京市"), ("安全生产", "&kind=standard")):
        status, data = get(f"{base}api/search?q={quote(query)}&limit=5{quote(extra, safe='&=')}")
        assert status == 200
        args = [sys.executable, "-m", "anbiao", "search", query, "--json", "--limit", "5",
                "--content", str(FIXTURES), "--index-dir", str(index)]
        for pair in filter(None, extra.split("&")):
            key, value = pair.split("=")
            args += [f"--{key}", value]
        cli = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert cli.returncode == 0, cli.stderr
        expected = json.loads(cli.stdout)
        # Same hits, same scores, same order (clauses of equal score may come in either order).
        def ranked(hits: list[dict]) -> list[tuple[float, str, str]]:
            return sorted((-round(h["score"], 3), h["doc_id"], h["clause_id"]) for h in hits)

        assert ranked(data["hits"]) == ranked(expected)
        assert [round(h["score"], 3) for h in data["hits"]] == [round(h["score"], 3) for h in expected]
        assert data["count"] == len(expected) and data["query"] == query
        for hit, cli_hit in zip(data["hits"], expected, strict=True):
            assert {k: v for k, v in hit.items() if k not in ("passage", "marks")}.keys() == cli_hit.keys()
        # For display: the passage with the query words marked.
        marked = {h["passage"][a:b] for h in data["hits"] for a, b in h["marks"]}
        assert any(word in query for word in marked), marked


def test_filters_apply(served: tuple[str, Path, Path]) -> None:
    status, data = get(served[0] + "api/search?q=" + quote("安全生产") + "&region=" + quote("北京市") + "&only_region=1")
    assert status == 200 and data["hits"]
    assert {h["region"] for h in data["hits"]} == {"北京市"}
    status, data = get(served[0] + "api/search?q=" + quote("安全生产") + "&status=" + quote("已被替代"))
    assert status == 200 and {h["doc_id"] for h in data["hits"]} == {"gbt-33000-2016"}


@pytest.mark.parametrize(("query", "message"), [
    ("", "缺少检索词"),
    ("q=" + quote("标准化") + "&limit=999", f"1 到 {MAX_LIMIT}"),
    ("q=" + quote("标准化") + "&limit=abc", "limit"),
    ("q=" + quote("标准化") + "&region=" + quote("火星"), "不在地区词表中"),
    ("q=" + quote("标准化") + "&since=2013-13-01", "不是日期"),
    ("q=" + quote("标准化") + "&colour=red", "未知参数"),
    ("q=a&q=b", "参数重复"),
    ("q=" + quote("长" * 201), "检索词过长"),
])
def test_bad_parameters_get_400_in_chinese(served: tuple[str, Path, Path], query: str, message: str) -> None:
    status, data = get(served[0] + "api/search?" + query)
    assert status == 400
    assert message in data["error"]
    assert "--" not in data["error"]


def test_bounds_and_methods(served: tuple[str, Path, Path]) -> None:
    base = served[0]
    status, _ = get(base + "api/search?q=" + "a" * 3000)
    assert status == 414
    req = urllib.request.Request(base + "api/search?q=x", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=10)
    assert exc.value.code == 405
    status, _ = get(base + "api/nothing")
    assert status == 404
    status, _ = get(base + "policies/")  # no directory listings
    assert status == 404


def test_static_files(served: tuple[str, Path, Path]) -> None:
    base, _site, _ = served
    status, body = get(base + "policies/aqscf-2021/")
    assert status == 200 and "第二十一条" in body.decode("utf-8")


def test_parse_search_params() -> None:
    req = parse_search_params("q=%E6%A0%87%E5%87%86%E5%8C%96&limit=3&industry=%E5%86%B6%E9%87%91&only_region=0")
    assert (req.query, req.limit, req.industry, req.only_region) == ("标准化", 3, "冶金", False)
    with pytest.raises(AnbiaoError):
        parse_search_params("q=x&only_region=maybe")


def test_cli_defaults_to_localhost() -> None:
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_missing_site_is_one_chinese_line(served: tuple[str, Path, Path]) -> None:
    _base, site, index = served
    missing = subprocess.run([sys.executable, "-m", "anbiao", "serve", "--site-dir", str(site.parent / "nope"),
                              "--content", str(FIXTURES), "--index-dir", str(index)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1
    assert missing.stderr.startswith("错误：找不到站点") and "Traceback" not in missing.stderr


def test_in_process_server_for_the_browser_tests(served: tuple[str, Path, Path]) -> None:
    """make_server (used by the browser tests) answers like the command."""
    _base, site, index = served
    with anbiao_server(site, FIXTURES, index) as base:
        status, data = get(base + "api/health")
    assert status == 200 and data["service"] == "anbiao" and data["documents"] == FIXTURE_DOCUMENTS


# --- hostile and odd requests ---------------------------------------------------------------

def raw_get(base: str, target: bytes) -> tuple[int, bytes, str]:
    """GET with the request line exactly as given (urllib would quote or normalise it)."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), body, headers.get("Content-Type", "")


@pytest.mark.parametrize("target", [b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/policies/..%2f..%2f..%2fetc/passwd",
                                    b"/search/../../mkdocs.yml"])
def test_path_traversal_finds_nothing_outside_the_site(served: tuple[str, Path, Path], target: bytes) -> None:
    status, body, _ctype = raw_get(served[0], target)
    assert status in (400, 404)
    assert b"root:" not in body and b"site_name" not in body


def test_unknown_pages_get_the_sites_own_404_page(served: tuple[str, Path, Path]) -> None:
    page = (served[1] / "404.html").read_text(encoding="utf-8")
    for target in (b"/nothing-here/", b"/%E6%94%BF%E7%AD%96/%E4%B8%8D%E5%AD%98%E5%9C%A8/"):  # /政策/不存在/
        status, body, ctype = raw_get(served[0], target)
        assert status == 404 and ctype.startswith("text/html")
        assert body.decode("utf-8").replace('<meta name="anbiao-served" content="1">', "") == page


@pytest.mark.parametrize("target", [b"/policies/%00", b"/%C0%AF", b"/index.html%00.js", b"/%FF%FE/"])
def test_bad_bytes_in_the_path_are_a_bad_request(served: tuple[str, Path, Path], target: bytes) -> None:
    status, body, _ctype = raw_get(served[0], target)
    assert status == 400 and "网址".encode() in body


def test_raw_utf8_in_the_request_line_is_refused_by_the_server(served: tuple[str, Path, Path]) -> None:
    """HTTP/1.1 request targets are ASCII (RFC 9112 §3.2); browsers send %-escapes. waitress answers
    400 itself for raw bytes; the server stays up."""
    status, _body, _ctype = raw_get(served[0], "/政策/".encode())
    assert status == 400
    assert get(served[0] + "api/health")[0] == 200


def test_html_pages_say_they_are_served(served: tuple[str, Path, Path]) -> None:
    for path in ("", "policies/aqscf-2021/", "nothing/"):
        status, body = get(served[0] + path)
        assert status in (200, 404)
        head = body.decode("utf-8").split("<head>", 1)[1]
        assert head.startswith('<meta name="anbiao-served" content="1">')
        assert body.count(b'name="anbiao-served"') == 1


def test_a_folder_without_its_slash_is_redirected(served: tuple[str, Path, Path]) -> None:
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(served[0])
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", "/policies/aqscf-2021?x=1")
    response = conn.getresponse()
    assert response.status == 301 and response.headers["Location"] == "/policies/aqscf-2021/?x=1"
    conn.close()


def test_a_search_past_its_time_limit_is_503(served: tuple[str, Path, Path]) -> None:
    import threading

    from anbiao.server import make_server

    _base, site, index = served
    server = make_server(site, "127.0.0.1", 0, index, FIXTURES)
    server.app.search.seconds = 0.0  # no search can finish in no time
    threading.Thread(target=server.run, daemon=True).start()
    try:
        status, data = get(f"http://127.0.0.1:{server.address[1]}/api/search?q=" + quote("安全生产"))
    finally:
        server.close()
    assert status == 503 and "检索超时" in data["error"]


def test_a_busy_port_is_reported_before_the_index_is_built(tmp_path: Path) -> None:
    import socket

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "anbiao", "serve", "--port", str(port), "--site-dir", str(site),
                                 "--content", str(FIXTURES), "--index-dir", str(tmp_path / "index")],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"无法监听 127.0.0.1:{port}：端口已被其他程序占用；请用 --port 换一个端口" in result.stderr
    assert "索引" not in result.stderr and not (tmp_path / "index").exists()  # the port came first


def test_an_unknown_host_is_named(tmp_path: Path) -> None:
    from anbiao.server import bind
    from kb.errors import FieldError

    with pytest.raises(FieldError) as caught:
        bind("no-such-host.invalid", 0)
    assert caught.value.field == "host"
