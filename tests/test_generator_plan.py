"""`anbiao plan`: golden Markdown, every quote real, placeholders visible, bad profiles refused (nothing written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.plan import build_plan
from generator.profile import load_profile
from kb.errors import AnbiaoError
from kb.loader import load_valid_corpus
from tests.generator_support import (
    FIXTURE_CONTENT,
    GOLDEN,
    PROFILES,
    anbiao,
    plan_args,
)


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_valid_corpus(FIXTURE_CONTENT)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_plan_markdown_matches_golden(name: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    assert anbiao(*plan_args(PROFILES[name], out)) == 0
    golden = (GOLDEN / f"plan-{name}.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == golden, (
        "方案与 golden 不同；若是有意修改，运行 `.venv/bin/python -m tests.generator_support` 重新生成后检查 diff")


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_quote_is_verbatim_from_its_cited_clause(name: str, corpus) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load_profile(PROFILES[name]), corpus, dt.date(2026, 12, 1))
    by_url = {d.clause_url(c): (d, c) for d in corpus for c in d.clauses}
    quotes = (plan.organisation.duties_quotes + plan.annex_clauses + plan.target.quotes
              + [q for g in plan.guarantees for q in g.quotes] + [d.quote for d in plan.target.deadlines])
    assert quotes
    for q in quotes:
        if q.url is None:  # FACTS.md-backed fallback, outside content/
            assert q.citation.startswith("安监总管四〔2014〕17号")
            continue
        doc, clause = by_url[q.url]
        assert q.citation.startswith(doc.citation(clause))
        assert q.text in clause.full_text().replace("\n", ""), q


def test_beijing_plan_cites_the_deadline_for_large_metallurgy(corpus) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load_profile(PROFILES["beijing-yejin"]), corpus, dt.date(2026, 12, 1))
    [deadline] = plan.target.deadlines
    assert deadline.phrase == "2013年底前"
    assert deadline.passed is True
    assert deadline.quote.citation.endswith("（京政办发〔2013〕10号）一（二）")
    assert plan.phases[0].name == "动员部署阶段"
    assert plan.phases[0].start == dt.date(2027, 1, 4)
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    build = next(p for p in plan.phases if p.name == "建设整改阶段")
    assert all(build.start <= row.due <= build.end for row in plan.tasks)
    assert plan.standard.doc_no == "GB/T 33000—2025"
    assert len(plan.tasks) == 8
    assert plan.tasks[0].department == "安全环保部"
    assert plan.placeholders == []


def test_missing_organisation_shows_placeholders_never_invented(corpus) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load_profile(PROFILES["chongqing-shangmao-xiaowei"]), corpus, dt.date(2026, 12, 1))
    assert plan.organisation.leader == "【请填写：领导小组组长（姓名、职务）】"
    assert all(row.department == "【请填写：责任部门】" for row in plan.tasks)
    assert "领导小组组长（姓名、职务）" in plan.placeholders
    assert any("小微企业达标不分等级" in q.text for q in plan.target.quotes)
    # 小微: phases are halved but never shorter than a week.
    assert all((p.end - p.start).days + 1 >= 7 for p in plan.phases)


def test_2016_elements_when_the_profile_chooses_them(corpus) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load_profile(PROFILES["mianyang-feimeikuangshan"]), corpus, dt.date(2026, 12, 1))
    assert plan.standard.doc_no == "GB/T 33000-2016"
    assert any("已被GB/T 33000—2025代替" in n for n in plan.standard.notes)
    assert len(plan.tasks) == 28
    assert plan.tasks[0].element == "5.1.1 目标"
    assert plan.tasks[0].citation == "《企业安全生产标准化基本规范》（GB/T 33000-2016）5.1.1"
    equipment = next(r for r in plan.tasks if r.element.endswith("设备设施管理"))
    assert equipment.department == "生产技术科、机电科"  # first-level 现场管理 + second-level 设备设施管理
    assert plan.target.application == "复评申请"
    assert [r.element for r in plan.tasks if r.unverified] == ["5.4.4 警示标志"]


# --- bad profiles --------------------------------------------------------------------------------

GOOD = """name: 测试企业
region: 北京市
industry: 冶金
scale: 规模以上
target_level: 二级
start_date: 2027-01-04
"""


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD.replace("scale: 规模以上", "scale: 大型"), [":4: scale（规模）的值“大型”无效；有效值：规模以上、规模以下、小微"]),
    (GOOD.replace("region: 北京市\n", ""), [":1: 缺少必填字段 region（地区）"]),
    (GOOD.replace("start_date: 2027-01-04", "start_date: 明年"), [":6: 字段 start_date（开始日期） 应为日期"]),
    (GOOD + "colour: red\n", [":7: 未知字段 colour；允许的字段：name、region"]),
    (GOOD + "leaders:\n  组长: 张三\n  秘书: 李四\n", [":9: 未知字段 leaders.秘书；允许的字段：组长、副组长、成员"]),
    (GOOD.replace("target_level: 二级", "target_level: 小微达标"), ["目标等级）为“小微达标”时 scale（规模）应为“小微”"]),
    (GOOD + "standard: GB/T 1234-2020\n", [":7: standard（基本标准）的值“GB/T 1234-2020”无效；有效值：GB/T 33000—2025"]),
    (GOOD + "departments:\n  安全部: [领导作用, 飞行管理]\n",
     [":8: departments.安全部 中的要素“飞行管理”不是 GB/T 33000—2025 的要素；有效值：领导作用"]),
    ("name: [未闭合\n", [":2: 不是有效的 YAML"]),
])
def test_bad_profile_names_line_and_valid_values_and_writes_nothing(
        text: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "bad.yml"
    profile.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.docx"
    assert anbiao(*plan_args(profile, out)) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：")
    for piece in expected:
        assert piece in err, err
    assert "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [profile]  # no temporary file left behind either


def test_two_errors_are_both_reported(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yml"
    profile.write_text(GOOD.replace("冶金", "炼钢").replace("二级", "五级"), encoding="utf-8")
    with pytest.raises(AnbiaoError) as exc:
        load_profile(profile)
    message = str(exc.value)
    assert "bad.yml:3: industry（行业）的值“炼钢”无效" in message
    assert "bad.yml:5: target_level（目标等级）的值“五级”无效；有效值：一级、二级、三级、小微达标" in message


def test_output_must_be_docx_or_md(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert anbiao(*plan_args(PROFILES["beijing-yejin"], tmp_path / "plan.pdf")) == 1
    assert "扩展名无效；有效值：.docx、.md" in capsys.readouterr().err


def test_examples_render_against_the_real_content(tmp_path: Path) -> None:
    """On a fresh clone the three examples must render to .md and .docx with the content shipped."""
    content = Path(__file__).resolve().parent.parent / "content"
    for name, profile in PROFILES.items():
        for suffix in (".md", ".docx"):
            out = tmp_path / f"{name}{suffix}"
            assert anbiao(*plan_args(profile, out, content)) == 0, name
            assert out.stat().st_size > 1000


def test_aqt_9006_elements_are_read_by_their_names(tmp_path: Path, corpus) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "aq.yml"
    profile.write_text(GOOD + "standard: AQ/T9006-2010\ndepartments:\n  安全科: [安全生产目标, 隐患排查]\n",
                       encoding="utf-8")
    plan = build_plan(load_profile(profile), corpus, dt.date(2026, 12, 1))
    assert plan.standard.doc_no == "AQ/T 9006-2010"
    assert [r.element for r in plan.tasks][:2] == ["5.1 安全生产目标", "5.2 组织机构和职责"]
    assert len(plan.tasks) == 13
    assert [r.department for r in plan.tasks if r.department == "安全科"] == ["安全科", "安全科"]
