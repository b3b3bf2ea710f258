"""Bounded work: query size, result count and time limits of the search library, and highlighting
linear in the length of the text."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from anbiao.cli import main
from search.index import update_index
from search.limits import (
    MAX_QUERY_CHARS,
    EmptyQuery,
    QueryTooLong,
    ResultLimitOutOfRange,
    SearchLimits,
    SearchTooSlow,
    UnreadableQuery,
)
from search.render import PASSAGE_CHARS, best_passage
from search.service import ClauseSearch


@pytest.fixture
def engine(content: Path, index_dir: Path):  # type: ignore[no-untyped-def]
    update_index(content, index_dir)
    with ClauseSearch(index_dir) as opened:
        yield opened


def test_a_10000_character_query_is_refused_at_once(engine: ClauseSearch) -> None:
    started = time.perf_counter()
    with pytest.raises(QueryTooLong) as refused:
        engine.search("安全生产" * 2500)
    assert time.perf_counter() - started < 0.5  # refused before any work (it took 27 s when searched)
    assert (refused.value.length, refused.value.maximum) == (10_000, MAX_QUERY_CHARS)
    assert "检索词过长（10000 字）" in str(refused.value) and "--" not in str(refused.value)
    assert engine.search("安全生产" * (MAX_QUERY_CHARS // 4))  # at the limit it is searched


@pytest.mark.parametrize(("text", "limit", "error"), [
    ("  ", 10, EmptyQuery),
    ("安全\udcff生产", 10, UnreadableQuery),  # undecodable bytes of a command line (surrogateescape)
    ("安全生产", 0, ResultLimitOutOfRange),
    ("安全生产", 501, ResultLimitOutOfRange),
])
def test_queries_beyond_the_limits_are_refused_with_typed_errors(engine: ClauseSearch, text: str,
                                                                  limit: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        engine.search(text, limit=limit)


def test_limits_are_set_per_search_object(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    with ClauseSearch(index_dir, SearchLimits(max_query_chars=4, max_results=3)) as small:
        assert len(small.search("安全生产", limit=3)) == 3
        with pytest.raises(QueryTooLong):
            small.search("安全生产标准化")
        with pytest.raises(ResultLimitOutOfRange, match="1 到 3"):
            small.search("安全生产", limit=4)


def test_the_hard_time_limit_refuses_rather_than_answer_partly(content: Path, index_dir: Path) -> None:
    """The limit is a safety net: a search past it is refused whole (never a partial ranking that
    differs from the full one); the faces answer 503 or say 检索超时."""
    update_index(content, index_dir)
    with ClauseSearch(index_dir) as unlimited:
        assert len(unlimited.search("安全生产", limit=100)) > 40
    with ClauseSearch(index_dir, SearchLimits(max_seconds=0.0)) as hasty, \
            pytest.raises(SearchTooSlow, match="检索超时"):
        hasty.search("安全生产", limit=100)


def test_the_command_line_and_the_server_share_the_librarys_limits(content: Path, index_dir: Path) -> None:
    from anbiao import inputs
    from anbiao.searching import BoundedSearch

    assert inputs.MAX_QUERY_CHARS == MAX_QUERY_CHARS
    update_index(content, index_dir)
    bounded = BoundedSearch(index_dir)
    try:
        assert bounded.seconds == SearchLimits().max_seconds
        with pytest.raises(QueryTooLong):
            bounded.search("安" * (MAX_QUERY_CHARS + 1), None, 10)
    finally:
        bounded.close()


def test_highlighting_is_linear_in_the_text_length() -> None:
    text = "生产经营单位应当加强安全生产管理，" * 15_000  # 255,000 characters, 30,000 matches
    started = time.perf_counter()
    passage, spans = best_passage(text, ["安全生产", "管理"])
    assert time.perf_counter() - started < 3  # the quadratic version took over a minute
    assert len(passage) <= PASSAGE_CHARS + 2 and passage.endswith("…")
    assert spans and all(passage[a:b] in ("安全生产", "管理") for a, b in spans)


def test_a_huge_clause_is_found_with_a_capped_snippet(capsys: pytest.CaptureFixture[str], content: Path,
                                                      index_dir: Path) -> None:
    body = "企业应当加强安全生产管理，建立健全全员安全生产责任制。" * 8_000  # 200,000 characters
    (content / "policies" / "fx-huge.md").write_text(
        "---\nid: fx-huge\nkind: policy\ntitle: 超长条款测试文件\ndoc_no: null\nissuer: [测试]\nregion: 全国\n"
        "level: 部门规范性文件\nissued: null\nstatus: 未知\nindustries: []\ntopics: []\naddressees: null\n"
        "cites: []\nsource: test\n---\n\n" + body + "\n", encoding="utf-8")
    args = ["--content", str(content), "--index-dir", str(index_dir)]
    assert main(["search", "全员安全生产责任制", *args]) == 0
    listing = capsys.readouterr().out
    assert "超长条款测试文件" in listing and "【全员安全生产责任制】" in listing
    assert max(len(line) for line in listing.splitlines()) < PASSAGE_CHARS + 60
    assert main(["search", "全员安全生产责任制", "--json", *args]) == 0
    huge = [h for h in json.loads(capsys.readouterr().out) if h["doc_id"] == "fx-huge"]
    assert huge and huge[0]["text"] == body  # the JSON keeps the whole clause
