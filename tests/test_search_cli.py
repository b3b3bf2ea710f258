"""`anbiao search` and `anbiao index` as a user runs them: JSON contract, filters, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anbiao.cli import main
from search.index import IndexLocation
from tests.search_support import set_front_matter

BJ = "fx-bj-2013-jzbf-10"
LAW = "fx-aqscf-2021"


def _search(capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path,
            *args: str) -> list[dict[str, object]]:
    code = main(["search", *args, "--json", "--content", str(content), "--index-dir", str(index_dir)])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_search_builds_the_index_on_first_use_and_keeps_the_json_contract(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path) -> None:
    assert IndexLocation(index_dir).current() is None
    hits = _search(capsys, content, index_dir, "主要负责人", "负有哪些职责")
    assert IndexLocation(index_dir).current() is not None
    for key in ("doc_id", "clause_id", "title", "heading", "text", "score", "url", "citation", "doc_no", "region",
                "citable"):
        assert key in hits[0]
    ranked = [(h["doc_id"], h["clause_id"]) for h in hits]
    assert (LAW, "21") in ranked[:3]
    first = hits[ranked.index((LAW, "21"))]
    assert first["url"] == f"policies/{LAW}/#a21"
    assert first["heading"] == "第二章 生产经营单位的安全生产保障 / 第二十一条"
    assert first["text"].startswith("生产经营单位的主要负责人对本单位安全生产工作负有下列职责")
    assert "（七）及时、如实报告生产安全事故。" in first["text"]  # the whole clause, not a snippet
    assert first["citation"] == "《中华人民共和国安全生产法》第二十一条"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


@pytest.mark.parametrize("query", ["京政办发〔2013〕10号", "京政办发2013 10号", "京政办发[2013]10号"])
def test_document_numbers_are_found_exactly_and_loosely(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path, query: str) -> None:
    hits = _search(capsys, content, index_dir, query, "--limit", "1")
    assert (hits[0]["doc_id"], hits[0]["clause_id"]) == (BJ, "0")
    assert hits[0]["doc_no"] == "京政办发〔2013〕10号"


def test_region_filter_includes_national_documents_unless_told_not_to(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path) -> None:
    regions = {h["region"] for h in _search(capsys, content, index_dir, "安全生产", "--region", "北京市",
                                             "--limit", "50")}
    assert regions == {"北京市", "全国"}
    regions = {h["region"] for h in _search(capsys, content, index_dir, "安全生产", "--region", "北京市",
                                             "--only-region", "--limit", "50")}
    assert regions == {"北京市"}
    assert _search(capsys, content, index_dir, "安全生产", "--region", "四川省绵阳市", "--only-region") == []


def test_kind_industry_and_date_filters(capsys: pytest.CaptureFixture[str], content: Path,
                                        index_dir: Path) -> None:
    kinds = {h["doc_id"] for h in _search(capsys, content, index_dir, "培训", "--kind", "standard")}
    assert kinds == {"fx-std"}
    # 冶金 matches the 冶金 standard and the documents that concern every industry.
    docs = {h["doc_id"] for h in _search(capsys, content, index_dir, "培训", "--industry", "冶金", "--limit", "50")}
    assert "fx-std" in docs and LAW in docs
    docs = {h["doc_id"] for h in _search(capsys, content, index_dir, "安全生产", "--since", "2020-01-01",
                                          "--limit", "50")}
    assert docs == {LAW}
    docs = {h["doc_id"] for h in _search(capsys, content, index_dir, "安全生产", "--until", "2013-12-31",
                                          "--limit", "50")}
    assert docs == {BJ}


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "火星"], "不在地区词表中"),
    (["--industry", "航天"], "不在行业词表中"),
    (["--since", "2013年"], "不是日期"),
    (["--status", "有效"], "无效"),
    (["--limit", "0"], "--limit"),
])
def test_bad_options_give_one_chinese_line(capsys: pytest.CaptureFixture[str], content: Path,
                                          index_dir: Path, args: list[str], message: str) -> None:
    code = main(["search", "培训", *args, "--content", str(content), "--index-dir", str(index_dir)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("错误：") and message in err and "Traceback" not in err


def test_no_hits_says_so_and_suggests_what_to_try(capsys: pytest.CaptureFixture[str], content: Path,
                                                  index_dir: Path) -> None:
    code = main(["search", "zzqqxx", "--region", "北京市", "--content", str(content), "--index-dir", str(index_dir)])
    out = capsys.readouterr().out
    assert code == 0
    assert "没有找到与“zzqqxx”相关的条款" in out and "去掉" in out and "文号" in out


def test_terminal_listing_shows_citation_heading_highlight_and_link(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path) -> None:
    code = main(["search", "小微企业岗位标准", "--limit", "3", "--content", str(content),
                 "--index-dir", str(index_dir)])
    out = capsys.readouterr().out
    assert code == 0
    assert "《北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见》（京政办发〔2013〕10号）" in out
    assert "【小微企业】" in out  # piped output marks the query words with 【】
    assert f"policies/{BJ}/#c1-3-" in out


def test_index_command_reports_what_it_did(capsys: pytest.CaptureFixture[str], content: Path,
                                           index_dir: Path) -> None:
    assert main(["index", "--content", str(content), "--index-dir", str(index_dir)]) == 0
    assert "全部重建" in capsys.readouterr().out
    assert main(["index", "--content", str(content), "--index-dir", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "增量更新" in out and "未变 3 个" in out


def test_index_dir_from_environment(capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env-index"
    monkeypatch.setenv("ANBIAO_INDEX", str(target))
    assert main(["index", "--content", str(content)]) == 0
    capsys.readouterr()
    assert IndexLocation(target).current() is not None


def test_every_hit_says_its_status_and_a_replaced_text_is_labelled(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path) -> None:
    set_front_matter(content / "standards" / "fx-std.md", status="已被替代", superseded_by=LAW)
    set_front_matter(content / "policies" / f"{LAW}.md", supersedes="[fx-std]")
    hits = _search(capsys, content, index_dir, "培训", "--limit", "50")
    assert all(h["status"] and h["status_label"] for h in hits)
    assert {(h["status"], h["in_force"]) for h in hits if h["doc_id"] == "fx-std"} == {("已被替代", False)}
    assert {h["status"] for h in hits if h["doc_id"] == BJ} == {"现行有效"}
    assert all(isinstance(h["similar"], list) for h in hits)
    assert main(["search", "培训档案", "--limit", "50", "--content", str(content), "--index-dir", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "· 已被替代" in out and "注意：本文件已被替代" in out and "· 现行有效" in out


def test_a_compilation_hit_says_it_is_the_editors_summary(
        capsys: pytest.CaptureFixture[str], content: Path, index_dir: Path) -> None:
    compilations = content / "compilations"
    compilations.mkdir(exist_ok=True)
    (content / "policies" / f"{BJ}.md").rename(compilations / f"{BJ}.md")
    set_front_matter(compilations / f"{BJ}.md", kind="compilation", citable="false")
    code = main(["search", "小微企业岗位标准", "--limit", "3", "--content", str(content),
                 "--index-dir", str(index_dir)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"compilations/{BJ}/#c1-3-" in out
    assert "注意：这是编者整理的汇编，不是文件原文，编号不能引用" in out
    hits = _search(capsys, content, index_dir, "小微企业岗位标准", "--limit", "3")
    # A program tells a compilation's hits by `citable` (its citation locates, it is not a provision).
    assert [h["citable"] for h in hits if h["doc_id"] == BJ] and not any(h["citable"] for h in hits if h["doc_id"] == BJ)
    assert all(h["citable"] for h in hits if h["doc_id"] != BJ)
