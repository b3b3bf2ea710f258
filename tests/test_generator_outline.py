"""`anbiao outline`: legal minimum hours (FACTS.md §8) with their rule, refused --hours, modules, a real exam."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outline import BLANK, build_outline, share_hours
from kb.loader import load_valid_corpus
from tests.generator_support import FIXTURE_CONTENT, GOLDEN, OUTLINE_GOLDEN_ARGS, anbiao


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_valid_corpus(FIXTURE_CONTENT)


@pytest.mark.parametrize(("audience", "industry", "kind", "hours", "article"), [
    ("主要负责人", "商贸", "初次", 32, "第九条"),
    ("安全生产管理人员", "机械", "再培训", 12, "第九条"),
    ("主要负责人", "煤矿", "初次", 48, "第九条"),
    ("安全生产管理人员", "冶金", "再培训", 16, "第九条"),  # 金属冶炼 → 冶金 in our vocabulary
    ("新上岗从业人员", "轻工", "初次", 24, "第十三条"),
    ("新上岗从业人员", "危险化学品", "初次", 72, "第十三条"),
    ("新上岗从业人员", "烟花爆竹", "再培训", 20, "第十三条"),
    ("新上岗从业人员", "建筑施工", "初次", 32, "关于进一步加强安全培训工作的决定"),
])
def test_minimum_hours_follow_the_rules_with_citation(audience: str, industry: str, kind: str, hours: int,
                                                      article: str, corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, audience, industry, kind, None)
    assert outline.rule.minimum == hours
    assert outline.total_hours == hours
    assert article in outline.rule.citation
    assert f"{hours}学时" in outline.rule.statement


def test_where_no_rule_exists_the_outline_says_so(corpus) -> None:  # type: ignore[no-untyped-def]
    general_retraining = build_outline(corpus, "新上岗从业人员", "商贸", "再培训", None)
    assert general_retraining.rule.minimum == 8
    assert "未对一般行业作出规定" in general_retraining.rule.note
    team_leader = build_outline(corpus, "班组长", "非煤矿山", "初次", None)
    assert team_leader.rule.minimum == 72
    assert "没有单独规定班组长的培训学时" in team_leader.audience_note


def test_hours_below_the_minimum_are_refused_quoting_the_rule(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.md"
    code = anbiao("outline", "--audience", "主要负责人", "--industry", "冶金", "--hours", "40", "-o", out,
                  "--content", FIXTURE_CONTENT)
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：--hours 40 低于法定最低学时 48 学时：依据《生产经营单位安全培训规定》")
    assert "第九条" in err and "不得少于48学时" in err
    assert not out.exists()


@pytest.mark.parametrize(("argv", "expected"), [
    (["--audience", "董事长", "--industry", "冶金"], "--audience 的值“董事长”无效；有效值：主要负责人、安全生产管理人员"),
    (["--audience", "班组长", "--industry", "钢铁"], "--industry 的值“钢铁”无效；有效值：冶金"),
    (["--audience", "班组长", "--industry", "冶金", "--kind", "复训"], "--kind 的值“复训”无效；有效值：初次、再培训"),
])
def test_bad_arguments_name_the_valid_values(argv: list[str], expected: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert anbiao("outline", *argv, "-o", tmp_path / "o.md", "--content", FIXTURE_CONTENT) == 1
    assert expected in capsys.readouterr().err


def test_module_hours_sum_to_the_total(corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, "安全生产管理人员", "冶金", "初次", 53)
    assert sum(m.hours for m in outline.modules) == 53
    assert all(m.hours >= 1 for m in outline.modules)
    assert share_hours([4, 4, 2, 3, 2, 1], 48) == [12, 12, 6, 9, 6, 3]
    retraining = build_outline(corpus, "安全生产管理人员", "冶金", "再培训", None)
    assert "新法规、新标准和典型事故案例" in [m.title for m in retraining.modules]
    assert sum(m.hours for m in retraining.modules) == 16


def test_exam_questions_are_cut_from_real_clauses(corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, "主要负责人", "冶金", "初次", None, region="重庆市")
    assert len(outline.questions) >= 4
    by_url = {d.clause_url(c): c for d in corpus for c in d.clauses}
    for q in outline.questions:
        assert BLANK in q.text
        assert q.text.replace(BLANK, q.answer, 1) == q.source.text
        assert q.source.text in by_url[q.source.url].text.replace("\n", "")
    cq = next(q for q in outline.questions if "我市各类大中型企业" in q.text)
    assert cq.text.startswith("从今年开始") and f"到{BLANK}年，我市各类大中型企业全部达到" in cq.text
    assert cq.answer == "2012"
    assert cq.source.url == "policies/cq-2009-qyaqbzh-zdyj/#c2-2"
    links = [r.url for m in outline.modules for r in m.refs]
    assert "policies/aqscf-2021/#a21" in links
    assert "standards/gbt-33000-2025/#c1" in links


def test_outline_markdown_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "o.md"
    assert anbiao("outline", *OUTLINE_GOLDEN_ARGS, "-o", out, "--content", FIXTURE_CONTENT) == 0
    golden = (GOLDEN / "outline-zhuyaofuzeren-yejin.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == golden, (
        "大纲与 golden 不同；若是有意修改，运行 `.venv/bin/python -m tests.generator_support` 重新生成后检查 diff")


def test_team_leader_hours_refusal_says_which_rule_applies(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = anbiao("outline", "--audience", "班组长", "--industry", "商贸", "--hours", "10", "-o", tmp_path / "o.md",
                  "--content", FIXTURE_CONTENT)
    assert code == 1
    err = capsys.readouterr().err
    assert "低于法定最低学时 24 学时（班组长按从业人员的要求）：依据《生产经营单位安全培训规定》" in err
    assert "第十三条" in err
