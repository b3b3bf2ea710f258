"""`anbiao outline`: legal minimum hours (FACTS.md §8) with their rule, modules that teach duties in
force, the trade's own regulations, the assessment as 安全生产法 第二十七条 has it, a real exam."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.outline import BLANK, build_outline, share_hours
from generator.render_md import builtin_template, render
from kb.loader import load_valid_corpus
from tests.generator_support import FIXTURE_CONTENT, GOLDEN, OUTLINES, PREPARED_ON, anbiao, outline_args

ON = dt.date.fromisoformat(PREPARED_ON)


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
    outline = build_outline(corpus, audience, industry, kind, None, on=ON)
    assert outline.rule.minimum == hours
    assert outline.total_hours == hours
    assert article in outline.rule.citation
    assert f"{hours}学时" in outline.rule.statement
    # The 规定 was amended twice: the outline does not vouch for article numbers it cannot check (and
    # says so only where the rule is the 规定's).
    assert ("2013年、2015年两次修正" in outline.rule.source) == ("安全培训规定" in outline.rule.citation)
    assert outline.rule.status


def test_where_no_rule_exists_the_outline_says_so(corpus) -> None:  # type: ignore[no-untyped-def]
    general_retraining = build_outline(corpus, "新上岗从业人员", "商贸", "再培训", None, on=ON)
    assert general_retraining.rule.minimum == 8
    assert "未对一般行业作出规定" in general_retraining.rule.note
    team_leader = build_outline(corpus, "班组长", "非煤矿山", "初次", None, on=ON)
    assert team_leader.rule.minimum == 72
    assert "未见单独规定班组长培训学时的条文" in team_leader.audience_note


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
    (["--audience", "班组长", "--industry", "冶金", "--date", "2027-02-30"], "--date 的值“2027-02-30”不是日期"),
])
def test_bad_arguments_name_the_valid_values(argv: list[str], expected: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert anbiao("outline", *argv, "-o", tmp_path / "o.md", "--content", FIXTURE_CONTENT) == 1
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "o.md").exists()


def test_module_hours_sum_to_the_total(corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, "安全生产管理人员", "冶金", "初次", 53, on=ON)
    assert sum(m.hours for m in outline.modules) == 53
    assert all(m.hours >= 1 for m in outline.modules)
    assert share_hours([4, 4, 2, 3, 2, 1], 48) == [12, 12, 6, 9, 6, 3]
    retraining = build_outline(corpus, "安全生产管理人员", "冶金", "再培训", None, on=ON)
    assert "新法规、新标准和典型事故案例" in [m.title for m in retraining.modules]
    assert sum(m.hours for m in retraining.modules) == 16
    assert retraining.title == "冶金行业安全生产管理人员安全生产再培训大纲"


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_exam_asks_duties_in_force_each_answer_citing_its_clause(name: str, corpus) -> None:  # type: ignore[no-untyped-def]
    args = dict(zip(OUTLINES[name][::2], OUTLINES[name][1::2], strict=True))
    outline = build_outline(corpus, args["--audience"], args["--industry"], args.get("--kind", "初次"), None,
                            args.get("--region"), ON)
    assert len(outline.questions) >= 4
    by_url = {d.clause_url(c): (d, c) for d in corpus for c in d.clauses}
    answers = [q.answer for q in outline.questions]
    assert len(set(answers)) == len(answers)
    for q in outline.questions:
        assert BLANK in q.text
        doc, clause = by_url[q.source.url]
        # A list item is asked under its clause's lead-in (“…负有下列职责：”); the source quotes the item.
        asked = q.text.replace(BLANK, q.answer, 1)
        lead_in = asked.removesuffix(q.source.text)
        assert asked.endswith(q.source.text) and (not lead_in or (lead_in.endswith(("：", ":")) and lead_in in clause.text))
        assert not re.match(r"[（(]?[一二三四五六七八九十\d]+[）).．、]", q.text)  # never a bare item label
        assert not q.text.startswith(("前款", "依照前款", "违反前款"))  # never leans on an unseen paragraph
        assert q.source.text in clause.text.replace("\n", "")
        assert q.source.citation == doc.citation(clause) and q.source.status
        assert doc.meta.level not in ("部门工作文件", "地方工作文件")  # never a report's statistics
        assert not re.fullmatch(r"\d{4}年?", q.answer) and "截至" not in q.text
    cited = {r.url for m in outline.modules for r in m.refs}
    assert not any(url and ("gj-2012-ajztgs-99" in url or "cq-2015-aqsctl" in url) for url in cited)


def test_the_trades_own_regulations_are_taught(corpus) -> None:  # type: ignore[no-untyped-def]
    chemicals = build_outline(corpus, "安全生产管理人员", "危险化学品", "初次", None, on=ON)
    trade = next(m for m in chemicals.modules if m.title == "本行业安全生产法规")
    assert any(r.citation.startswith("《危险化学品安全管理条例》第") for r in trade.refs)
    building = build_outline(corpus, "新上岗从业人员", "建筑施工", "初次", None, on=ON)
    trade = next(m for m in building.modules if m.title.startswith("本行业安全生产法规"))
    assert any(r.citation.startswith("《建设工程安全生产管理条例》") for r in trade.refs)
    metallurgy = build_outline(corpus, "主要负责人", "冶金", "初次", None, on=ON)
    trade = next(m for m in metallurgy.modules if m.title == "本行业安全生产法规")
    # No regulation of its own: the articles of general laws that name 金属冶炼 (安全生产法 第二十六条…).
    assert trade.refs and all(r.citation.startswith(("《中华人民共和国安全生产法》", "《生产安全事故应急条例》"))
                              for r in trade.refs)
    assert "《中华人民共和国安全生产法》第三十二条" in {r.citation for r in trade.refs}
    assert any("应急管理部令第10号" in n for n in trade.notes)


@pytest.mark.parametrize(("audience", "industry", "expected"), [
    ("主要负责人", "冶金", "不由培训单位确定"),
    ("安全生产管理人员", "建筑施工", "不由培训单位确定"),
    ("主要负责人", "化工", "属于危险物品的生产、经营、储存、装卸单位的"),
    ("主要负责人", "商贸", "合格标准由培训单位确定"),
    ("新上岗从业人员", "冶金", "合格标准由本单位确定"),
])
def test_who_assesses_follows_article_27(audience: str, industry: str, expected: str,
                                         corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, audience, industry, "初次", None, on=ON)
    assert expected in outline.assessment_note
    quoted = audience in ("主要负责人", "安全生产管理人员") and industry != "商贸"
    assert bool(outline.assessment) == quoted
    if quoted:
        [q] = outline.assessment
        assert q.citation == "《中华人民共和国安全生产法》第二十七条" and "考核合格" in q.text


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_outline_markdown_matches_golden_and_reads_clean(name: str, tmp_path: Path) -> None:
    out = tmp_path / "o.md"
    assert anbiao(*outline_args(name, out)) == 0
    text = out.read_text(encoding="utf-8")
    golden = (GOLDEN / f"outline-{name}.md").read_text(encoding="utf-8")
    assert text == golden, (
        "大纲与 golden 不同；若是有意修改，运行 `.venv/bin/python -m tests.generator_support` 重新生成后检查 diff")
    for word in ("再培训培训", "本库", "FACTS", "名称未经核实"):
        assert word not in text
    headings = re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    assert len(headings) == len(set(headings))
    for line in re.findall(r"^\d+．(.+)$", text, flags=re.MULTILINE):  # a reference does not repeat itself
        if "　" in line:
            head, label = line.rsplit("　", 1)
            assert label not in head


def test_standard_parts_are_never_numbered_as_the_standards_own(corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, "安全生产管理人员", "冶金", "初次", None, on=ON)
    module = next(m for m in outline.modules if m.title == "安全生产标准化建设和定级")
    [standard] = [r for r in module.refs if r.url == "standards/gbt-33000-2025/"]
    assert standard.label.startswith("基本标准，适用范围：标题所称的大中型企业；领导作用、基础保障、策划")
    assert not re.search(r"\d\.\d", standard.label)
    assert any("章条结构尚未核实" in n for n in module.notes)
    assert any(r.citation == "《企业安全生产标准化建设定级办法》（应急〔2021〕83号）" for r in module.refs)


def test_rendered_outline_cites_every_clause_with_its_status(corpus) -> None:  # type: ignore[no-untyped-def]
    outline = build_outline(corpus, "班组长", "非煤矿山", "再培训", None, "四川省绵阳市", ON)
    text = render(builtin_template("outline.md.j2"), {"outline": outline})
    assert "培训类别：再培训。" in text
    for m in re.finditer(r"\]\((?:policies|standards)/[^)]+\)(.)", text):
        assert m.group(1) == "（", text[m.start() - 60:m.end() + 10]


def test_team_leader_hours_refusal_says_which_rule_applies(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = anbiao("outline", "--audience", "班组长", "--industry", "商贸", "--hours", "10", "-o", tmp_path / "o.md",
                  "--content", FIXTURE_CONTENT)
    assert code == 1
    err = capsys.readouterr().err
    assert "低于法定最低学时 24 学时（班组长按从业人员的要求）：依据《生产经营单位安全培训规定》" in err
    assert "第十三条" in err


def test_a_trade_law_in_force_but_not_held_is_named_in_the_trade_module() -> None:
    """危险化学品安全法 (in force 2026-05-01) is a register entry: the module cannot quote it, so it says so."""
    from tests.conftest import CONTENT

    outline = build_outline(load_valid_corpus(CONTENT), "安全生产管理人员", "危险化学品", "初次", None,
                            on=dt.date(2026, 11, 30))
    trade = next(m for m in outline.modules if m.title == "本行业安全生产法规")
    assert any("《中华人民共和国危险化学品安全法》自2026年5月1日起施行" in n and "请培训单位取得原文" in n
               for n in trade.notes)
    early = build_outline(load_valid_corpus(CONTENT), "安全生产管理人员", "危险化学品", "初次", None,
                          on=dt.date(2026, 4, 1))
    assert not any("危险化学品安全法" in n for m in early.modules for n in m.notes)  # not yet in force


def test_no_date_is_called_a_施行_date_unless_the_text_states_one() -> None:
    """The revised 重庆市安全生产条例 (2024) is a register entry with its adoption date and no known
    施行 date: the outline gives the date as what it is, never “起施行”."""
    from tests.conftest import CONTENT

    corpus = load_valid_corpus(CONTENT)
    assert corpus.get("cq-2024-aqsctl") is not None and corpus.get("cq-2024-aqsctl").meta.effective is None
    outline = build_outline(corpus, "安全生产管理人员", "商贸", "再培训", None, region="重庆市",
                            on=dt.date(2026, 11, 30))
    text = render(builtin_template("outline.md.j2"), {"outline": outline})
    assert "2024年3月28日修改，施行日期未查到" in text
    assert "2024年3月28日起施行" not in text


def test_a_question_says_whose_duty_it_asks_about() -> None:
    """A later sentence of an article that opens with a circumstance (“发现…，应当立即…”) is not asked
    alone; a topic as subject or an actor word before the modal is enough."""
    from generator.outline import names_its_subject

    assert not names_its_subject("发现存在直接危及人身安全的紧急情况，应当立即停止作业、撤离人员。")
    assert names_its_subject("从业人员发现事故隐患，应当立即报告。")
    assert names_its_subject("安全生产工作应当以人为本，坚持安全第一、预防为主、综合治理的方针。")
