"""`anbiao plan`: golden Markdown, a basis in force with statuses, the grading regime with sources, the
standard that covers the enterprise (and none that does not), every quote real, bad profiles refused."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.plan import build_plan
from generator.profile import load_profile
from generator.render_md import builtin_template, render
from kb.errors import AnbiaoError
from kb.loader import load_valid_corpus
from tests.generator_support import (
    FIXTURE_CONTENT,
    GOLDEN,
    PROFILES,
    anbiao,
    plan_args,
)

ON = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_valid_corpus(FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def plans(corpus):  # type: ignore[no-untyped-def]
    return {name: build_plan(load_profile(path), corpus, ON) for name, path in PROFILES.items()}


@pytest.fixture(scope="module")
def texts(plans):  # type: ignore[no-untyped-def]
    return {name: render(builtin_template("plan.md.j2"), {"plan": plan}) for name, plan in plans.items()}


def test_five_example_profiles_among_them_a_mine_and_a_chemicals_enterprise() -> None:
    industries = {load_profile(path).industry for path in PROFILES.values()}
    assert len(PROFILES) == 5 and {"非煤矿山", "危险化学品"} <= industries


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_plan_markdown_matches_golden(name: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    assert anbiao(*plan_args(PROFILES[name], out)) == 0
    golden = (GOLDEN / f"plan-{name}.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == golden, (
        "方案与 golden 不同；若是有意修改，运行 `.venv/bin/python -m tests.generator_support` 重新生成后检查 diff")


def _quotes(plan):  # type: ignore[no-untyped-def]
    return (plan.organisation.duties_quotes + plan.annex_clauses + plan.target.quotes
            + [q for g in plan.guarantees for q in g.quotes] + [d.quote for d in plan.target.deadlines])


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_quote_is_verbatim_whole_and_shows_its_status(name: str, plans, corpus) -> None:  # type: ignore[no-untyped-def]
    plan = plans[name]
    by_url = {d.clause_url(c): (d, c) for d in corpus for c in d.clauses}
    quotes = _quotes(plan)
    assert quotes
    for q in quotes:
        doc, clause = by_url[q.url]
        assert q.citation.startswith(doc.citation(clause))
        source = clause.full_text().replace("\n", "")
        # An item of a list is quoted after its lead-in, the gap marked “……”: each part is verbatim, in order.
        *lead, text = q.text.split("……")
        assert all(part in source for part in lead) and (not lead or lead[0].endswith(("：", ":"))), q
        assert text in source, q
        # never a quote cut mid-word, or one that ends before the list it announces
        after = source[source.index(text) + len(text):][:1]
        assert text.endswith(("。", "；", "”")) or after in ",，;；", q
        assert q.status in ("现行有效", "时效性未核实，请核对"), q
    for fact in plan.regime.current:
        if fact.url and not fact.url.startswith("http"):  # quoted from a held text
            doc, clause = by_url[fact.url]
            quoted = re.findall(r"“([^”]+)”", fact.text)
            assert quoted and all(part in clause.full_text() for part in quoted), fact
            assert fact.status


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_basis_is_in_force_ordered_by_authority_each_with_its_status(name: str, plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans[name]
    order = ["法律", "行政法规", "部门规章", "规范性文件", "国家标准和行业标准"]
    national = [g.name for g in plan.basis if g.name in order]
    assert national == sorted(national, key=order.index)
    assert [g.name for g in plan.basis][:len(national)] == national  # national first, then the region's
    items = [i for g in plan.basis for i in g.items]
    assert items and all(i.status for i in items)
    assert not any(i.status.startswith(("已修改", "已废止", "已被替代", "失效")) for i in items)
    titles = " ".join(i.citation for i in items)
    # A status report, a year's work plan and a replaced 条例 are no basis.
    for never in ("情况的通报", "工作要点", "（安监总厅管四〔2012〕99号）"):
        assert never not in titles


def test_chongqing_cites_the_current_regulation_not_the_replaced_one(plans, texts) -> None:  # type: ignore[no-untyped-def]
    plan = plans["chongqing-shangmao-xiaowei"]
    local = next(g for g in plan.basis if g.name.startswith("重庆市"))
    regulation = next(i for i in local.items if i.title == "重庆市安全生产条例")
    assert (regulation.status, regulation.url) == ("现行有效", None)  # the 2024 text, held only as a register entry
    assert "cq-2015-aqsctl" not in texts["chongqing-shangmao-xiaowei"]
    assert "cq-2013-qsaqscgzyd" not in texts["chongqing-shangmao-xiaowei"]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_nothing_internal_and_no_threshold_reaches_the_document(name: str, texts) -> None:  # type: ignore[no-untyped-def]
    text = texts[name]
    for word in ("本库", "FACTS", "名称未经核实", "模板建议", "content/", ".md", "90分", "75分", "60分", "再培训培训"):
        assert word not in text, word
    assert not re.search(r"\b[0-9a-f]{12,40}\b", text)  # no repository hash
    # Every link to a held text carries the status right after it.
    for m in re.finditer(r"\]\((?:policies|standards)/[^)]+\)(.)", text):
        assert m.group(1) in "（ |", text[m.start() - 60:m.end() + 10]


def test_the_regime_is_stated_with_a_source_for_every_fact(plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["beijing-yejin"]
    regime = plan.regime
    assert regime.title == "《企业安全生产标准化建设定级办法》（应急〔2021〕83号）"
    assert regime.covered is True
    assert all(f.citation for f in regime.current + regime.history)
    text = "".join(f.text + f.citation for f in regime.current)
    assert "征求意见稿第五条" in text and "自愿申请定级" in text and "二手资料" in text
    assert "企业自评、申请、评审单位评审、评审组织单位审核、定级部门公示" in text
    assert "有效期自通告之日起3年" in text and "撤销" in text
    assert {"安监总管四〔2011〕84号", "安监总办〔2014〕49号"} <= {m for f in regime.history
                                                               for m in re.findall(r"安监总\w+〔\d+〕\d+号", f.text)}
    assert "不作为本方案的依据" in regime.history_note
    assert any("定级部门" in c for c in plan.confirm)
    assert plan.confirm_with == "属地应急管理部门"


def test_a_small_mine_is_not_put_under_the_trade_standard(plans, texts) -> None:  # type: ignore[no-untyped-def]
    plan = plans["linyi-feimeikuangshan-xiaowei"]
    assert plan.regime.covered is False
    assert not any(row.applies for row in plan.standards)
    assert "小微企业安全生产标准化评定标准" not in texts["linyi-feimeikuangshan-xiaowei"]
    assert not plan.target.quotes  # no “小微企业达标不分等级” of the 工贸 评定标准
    assert any("请向属地应急管理部门确认" in n for n in plan.target.notes)
    assert any("非煤矿山" in c for c in plan.confirm)
    assert any("不在所列行业之内" in f.text for f in plan.regime.current)
    assert any("未掌握适用于非煤矿山行业小微企业的定级" in n for n in plan.grading_notes)
    # The task table borrows GB/T 33000—2025's structure and says so; the standard is no basis of it.
    assert any("借用其结构" in n for n in plan.standard.notes)
    assert "GB/T 33000—2025" not in [i.doc_no for g in plan.basis for i in g.items]


def test_a_small_trade_enterprise_follows_its_grading_standard(plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["chongqing-shangmao-xiaowei"]
    applying = [row.citation for row in plan.standards if row.applies]
    assert applying == ["《冶金等工贸行业小微企业安全生产标准化评定标准》（安监总管四〔2014〕17号 附件）"]
    assert plan.standard.doc_no == "AQ/T 9006-2010"  # the standard that 评定标准 was made on (its item 1)
    assert any("本评定标准依据《企业安全生产标准化基本规范》(AQ/T 9006-2010)制定。" in n for n in plan.standard.notes)
    assert any("小微企业达标不分等级" in q.text for q in plan.target.quotes)
    assert plan.organisation.leader == "【请填写：领导小组组长（姓名、职务）】"
    assert all(row.department == "【请填写：责任部门】" for row in plan.tasks)
    assert "领导小组组长（姓名、职务）" in plan.placeholders
    assert all((p.end - p.start).days + 1 >= 7 for p in plan.phases)  # 小微: halved, never under a week


def test_a_chemicals_enterprise_gets_gb_45673_named(plans, texts) -> None:  # type: ignore[no-untyped-def]
    plan = plans["ningbo-weihua"]
    row = next(r for r in plan.standards if "GB 45673-2025" in r.citation)
    assert row.applies and row.url is None and "2025年11月1日" in row.status and "二手资料" in row.source
    assert "GB 45673-2025" in [i.doc_no for g in plan.basis for i in g.items]
    assert "危险化学品安全管理条例" in texts["ningbo-weihua"]
    assert "GB 45673-2025" in plan.guiding[0]
    assert plan.enterprise.details[0].value.startswith("浙江省宁波市")
    assert plan.organisation.working_leader == "王二（安全总监）"
    assert plan.target.application == "定级申请"


def test_spent_targets_are_no_deadline(plans, texts) -> None:  # type: ignore[no-untyped-def]
    # 京政办发〔2013〕10号 set 2013年底前 for large metallurgy: past, so not the enterprise's deadline.
    plan = plans["beijing-yejin"]
    assert plan.target.deadlines == []
    assert "2013年底前" not in texts["beijing-yejin"]
    assert plan.target.deadline_note


def test_a_deadline_still_ahead_is_the_enterprises(corpus) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load_profile(PROFILES["beijing-yejin"]), corpus, dt.date(2013, 6, 1))
    [deadline] = plan.target.deadlines
    assert (deadline.phrase, deadline.passed) == ("2013年底前", False)
    assert deadline.quote.citation.endswith("（京政办发〔2013〕10号）一（二）")


def test_schedule_by_month_and_task_table(plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["beijing-yejin"]
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    assert plan.schedule_months[0] == "1月" and "2028年1月" not in plan.schedule_months
    assert all(len(p.months) == len(plan.schedule_months) and any(p.months) for p in plan.phases)
    assert plan.phases[0].months[0] and not plan.phases[0].months[-1]
    build = next(p for p in plan.phases if p.name == "建设整改阶段")
    assert all(build.start <= row.due <= build.end for row in plan.tasks)
    assert [row.element for row in plan.tasks][:2] == ["领导作用", "基础保障"]  # names only: numbering unknown
    assert all(row.output for row in plan.tasks)
    assert plan.tasks[0].department == "安全环保部"
    assert plan.placeholders == ["企业概况：地址", "企业概况：从业人员", "企业概况：主要产品或业务",
                                 "企业概况：主要危险有害因素", "企业概况：安全管理现状", "工作小组组长（姓名、职务）",
                                 "工作小组成员", "标准化建设经费预算（万元）及来源"]
    assert [a.title for a in plan.annexes] == ["适用的安全生产标准化条款摘录", "需企业补充的信息"]


def test_2016_elements_when_the_profile_chooses_them(plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["mianyang-feimeikuangshan"]
    assert plan.standard.doc_no == "GB/T 33000-2016"
    assert plan.standard.status == "已被替代，自2025年10月31日起"
    assert any("已被GB/T 33000—2025代替" in n for n in plan.standard.notes)
    assert len(plan.tasks) == 28
    assert (plan.tasks[0].element, plan.tasks[0].citation) == (
        "目标", "《企业安全生产标准化基本规范》（GB/T 33000-2016）“目标”")
    equipment = next(r for r in plan.tasks if r.element == "设备设施管理")
    assert equipment.department == "生产技术科、机电科"  # first-level 现场管理 + second-level 设备设施管理
    assert plan.target.application == "复评申请"
    assert [r.element for r in plan.tasks if r.unverified] == ["警示标志", "重大危险源辨识和管理", "预测预警"]
    assert "GB/T 33000-2016" not in [i.doc_no for g in plan.basis for i in g.items]  # replaced: no basis


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
    (GOOD.replace("region: 北京市", "region: 北京"), [":2: region（地区）的值“北京”无效"]),
    (GOOD.replace("start_date: 2027-01-04", "start_date: 明年"), [":6: 字段 start_date（开始日期） 应为日期"]),
    (GOOD.replace("start_date: 2027-01-04", "start_date: 2027-02-30"), [":6: 字段 start_date（开始日期） 应为日期",
                                                                         "收到“2027-02-30”"]),
    (GOOD + "colour: red\n", [":7: 未知字段 colour；允许的字段：name、region"]),
    (GOOD + "leaders:\n  组长: 张三\n  秘书: 李四\n", [":9: 未知字段 leaders.秘书；允许的字段：组长、副组长、成员"]),
    (GOOD + "overview:\n  年产值: 1亿元\n", [":7: overview（企业概况）中的项目“年产值”无效；有效值：地址、从业人员"]),
    (GOOD.replace("target_level: 二级", "target_level: 小微达标"), ["目标等级）为“小微达标”时 scale（规模）应为“小微”"]),
    (GOOD.replace("target_level: 二级", "target_level: 特级"), [":5: target_level（目标等级）的值“特级”无效"]),
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


def test_a_start_in_the_past_is_warned_about_or_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yml"
    profile.write_text(GOOD.replace("2027-01-04", "2026-10-01"), encoding="utf-8")
    assert anbiao(*plan_args(profile, tmp_path / "p.md")) == 0
    assert "提示：" in capsys.readouterr().err
    profile.write_text(GOOD.replace("2027-01-04", "2024-01-01"), encoding="utf-8")
    assert anbiao(*plan_args(profile, tmp_path / "q.md")) == 1
    assert "方案的各阶段都已过去" in capsys.readouterr().err
    assert not (tmp_path / "q.md").exists()


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
    """On a fresh clone the example profiles render to .md and .docx with the content shipped."""
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
    plan = build_plan(load_profile(profile), corpus, ON)
    assert plan.standard.doc_no == "AQ/T 9006-2010"
    assert [r.element for r in plan.tasks][:2] == ["安全生产目标", "组织机构和职责"]
    assert len(plan.tasks) == 13
    assert [r.department for r in plan.tasks if r.department == "安全科"] == ["安全科", "安全科"]
