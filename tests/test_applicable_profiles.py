"""`anbiao applicable`: the three profiles of issue 6, the national rule, errors, CLI output; validity
(documents not in force on the date), spent deadlines and the authorities' targets (issue 9)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from anbiao.cli import main
from kb.applicability import RELATION_DIRECT, RELATION_GOVERNMENT, applicable
from kb.errors import AnbiaoError
from kb.loader import load_corpus
from kb.model import Corpus
from tests.conftest import CONTENT
from tests.scope_labels import BJ, CQ08, CQ13, GS99, LAW, MY
from tests.scope_support import find_clause, find_document, fixture_corpus

ON = date(2026, 11, 23)


@pytest.fixture(scope="module")
def fixture_content(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    return fixture_corpus(tmp_path_factory.mktemp("applicable"), with_standards=CONTENT / "standards")


def _corpora(fixture_content: tuple[Corpus, Path]) -> list[Corpus]:
    """The fixtures always; the imported content/ too once it holds the seeds."""
    out = [fixture_content[0]]
    if (CONTENT / "policies").is_dir():
        corpus, problems = load_corpus(CONTENT)
        if not problems and all(find_document(corpus, t) for t in (BJ, CQ08, CQ13, MY, GS99)):
            out.append(corpus)
    return out


def _listed(result: list, doc_title: str) -> dict[str, object]:
    """clause id → ApplicableClause of the document titled …doc_title… in a result."""
    for item in result:
        if doc_title in item.doc.title:
            return {c.clause.id: c for c in item.clauses}
    return {}


def test_beijing_metallurgy_large(fixture_content: tuple[Corpus, Path]) -> None:
    for corpus in _corpora(fixture_content):
        result = applicable(corpus, "北京市", "冶金", "规模以上", ON)
        bj = find_document(corpus, BJ)
        assert bj is not None
        target = find_clause(bj, "总体目标：持续开展安全生产标准化建设")
        assert target is not None and target.ref == "一（二）"
        listed = _listed(result, BJ)
        item = listed[target.id]
        assert item.scope.deadline == date(2013, 12, 31)
        assert item.scope.deadline_phrase == "2013年底前"
        assert item.scope.scales == ["规模以上"]
        assert "冶金" in item.scope.industries
        assert item.deadline_passed is True
        assert item.relation == RELATION_DIRECT
        assert item.citation == "《北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见》（京政办发〔2013〕10号）一（二）"
        assert item.url == f"policies/{bj.id}/#c1-2"
        # The 企业： task is listed; the 评审单位 clause and the 市安委会's are not.
        assert find_clause(bj, "作为安全生产标准化创建的主体").id in listed  # type: ignore[union-attr]
        assert find_clause(bj, "对评审单位上报的评审报告进行复核").id not in listed  # type: ignore[union-attr]
        assert find_clause(bj, "协调解决重大疑难问题").id not in listed  # type: ignore[union-attr]
        # National first, then the province; no other province.
        tiers = [d.tier for d in result]
        assert tiers == sorted(tiers, key=("全国", "省级", "市级").index)
        assert {d.doc.meta.region for d in result} <= {"全国", "北京市"}


def test_beijing_deadline_follows_the_size(fixture_content: tuple[Corpus, Path]) -> None:
    corpus = fixture_content[0]
    bj = find_document(corpus, BJ)
    clause = find_clause(bj, "总体目标：持续开展安全生产标准化建设")  # type: ignore[arg-type]
    small = _listed(applicable(corpus, "北京市", "冶金", "规模以下", ON), BJ)[clause.id]  # type: ignore[union-attr]
    assert (small.scope.deadline, small.scope.deadline_phrase) == (date(2015, 12, 31), "2015年前")
    # 商贸 is named by none of the clause's targets: the clause is not listed for it.
    assert clause.id not in _listed(applicable(corpus, "北京市", "商贸", "规模以上", ON), BJ)  # type: ignore[union-attr]
    # Before the deadline it is not marked as passed.
    early = _listed(applicable(corpus, "北京市", "冶金", "规模以上", date(2013, 6, 1)), BJ)[clause.id]  # type: ignore[union-attr]
    assert early.deadline_passed is False


def test_chongqing_trade_small(fixture_content: tuple[Corpus, Path]) -> None:
    for corpus in _corpora(fixture_content):
        result = applicable(corpus, "重庆市", "商贸", "小微", ON)
        assert not _listed(result, BJ), "Beijing's clauses must not apply in Chongqing"
        cq08 = _listed(result, CQ08)
        goal = find_clause(find_document(corpus, CQ08), "一年打好基础、两年初步完善")  # type: ignore[arg-type]
        assert goal is not None and goal.id in cq08
        assert cq08[goal.id].scope.deadline == date(2012, 12, 31)
        assert cq08[goal.id].scope.addressee == "企业"
        # Every Chongqing clause addressed to enterprises is there.
        for title in (CQ08, CQ13):
            doc = find_document(corpus, title)
            listed = _listed(result, title)
            direct = [c for c in listed.values() if c.relation == RELATION_DIRECT]
            assert all(c.scope.addressee == "企业" for c in direct)
            assert doc is not None
        training = find_clause(find_document(corpus, CQ08), "企业聘用新职工，必须进行岗前培训")  # type: ignore[arg-type]
        assert training is not None and training.id in cq08
        # The 2013 规模以上 target is listed without a deadline for a 小微 enterprise.
        cq13 = _listed(result, CQ13)
        start = find_clause(find_document(corpus, CQ13), "全市规模以上工贸企业标准化启动率达到100%")  # type: ignore[arg-type]
        assert start is not None and cq13[start.id].scope.deadline is None


def test_mianyang_non_coal_mines(fixture_content: tuple[Corpus, Path]) -> None:
    for corpus in _corpora(fixture_content):
        result = applicable(corpus, "四川省绵阳市", "非煤矿山", "规模以上", ON)
        doc = find_document(corpus, MY)
        assert doc is not None
        listed = _listed(result, MY)
        review = find_clause(doc, "要及时提醒其及早提交复审申请")
        audit = find_clause(doc, "要坚决撤销其标准化等级证书")
        assert review is not None and audit is not None
        assert review.id in listed and audit.id in listed
        assert listed[review.id].relation == RELATION_GOVERNMENT
        assert [d.tier for d in result][-1] == "市级"
        # 绵阳 sits in 四川省: a 北京 profile never sees it.
        assert not _listed(applicable(corpus, "北京市", "非煤矿山", "规模以上", ON), MY)


@pytest.mark.parametrize("region", ["北京市", "重庆市", "四川省绵阳市", "上海市"])
def test_national_document_applies_everywhere(fixture_content: tuple[Corpus, Path], region: str) -> None:
    corpus = fixture_content[0]
    result = applicable(corpus, region, "冶金", "规模以上", ON)
    law = _listed(result, LAW)
    article4 = find_clause(find_document(corpus, LAW), "生产经营单位必须遵守本法和其他有关安全生产的法律")  # type: ignore[arg-type]
    assert article4 is not None and article4.id in law
    assert result[0].tier == "全国"


def test_superseded_and_industry_restricted_documents(fixture_content: tuple[Corpus, Path]) -> None:
    corpus = fixture_content[0]
    result = applicable(corpus, "北京市", "冶金", "规模以上", ON)
    ids = {d.doc.id for d in result}
    assert "gbt-33000-2016" not in ids and "aqt-9006-2010" not in ids  # 已被替代
    # GB/T 33000—2025's page numbers its parts itself (citable: false): no clause of it is offered as a duty.
    assert "gbt-33000-2025" not in ids
    # 安监总厅管四〔2012〕99号 is for 工贸: not for 煤矿.
    assert not _listed(applicable(corpus, "北京市", "煤矿", "规模以上", ON), GS99)
    assert _listed(result, GS99)


@pytest.mark.parametrize(("region", "industry", "scale", "words"), [
    ("北平市", "冶金", "规模以上", ["地区“北平市”不在词表中", "四川省绵阳市"]),
    ("北京市", "钢铁", "规模以上", ["行业“钢铁”不在词表中", "冶金"]),
    ("北京市", "冶金", "中型", ["规模“中型”不在词表中", "规模以上、规模以下、小微"]),
])
def test_values_outside_the_vocabulary(fixture_content: tuple[Corpus, Path], region: str, industry: str,
                                       scale: str, words: list[str]) -> None:
    with pytest.raises(AnbiaoError) as err:
        applicable(fixture_content[0], region, industry, scale, ON)
    for word in words:
        assert word in str(err.value)


def test_cli_text_and_json(fixture_content: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str]) -> None:
    content = fixture_content[1]
    args = ["applicable", "--region", "北京市", "--industry", "冶金", "--scale", "规模以上",
            "--date", "2026-11-23", "--content", str(content)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "【全国】" in out and "【省级】" in out
    assert out.index("【全国】") < out.index("【省级】")
    assert "2013-12-31（原文“2013年底前”，已过期）" in out
    assert "引用：《北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见》（京政办发〔2013〕10号）一（二）" in out

    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == {"region": "北京市", "industry": "冶金", "scale": "规模以上", "date": "2026-11-23"}
    bj = next(d for d in data["documents"] if d["doc_no"] == "京政办发〔2013〕10号")
    goal = next(c for c in bj["clauses"] if c["ref"] == "一（二）")
    assert goal["deadline"] == "2013-12-31" and goal["deadline_passed"] is True
    assert goal["scales"] == ["规模以上"] and goal["addressee"] == "企业"


def test_cli_errors_are_one_chinese_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["applicable", "--region", "火星", "--industry", "冶金", "--scale", "小微",
                 "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：地区“火星”不在词表中；有效值：") and err.count("\n") == 1
    assert main(["applicable", "--region", "北京市", "--industry", "冶金", "--scale", "小微",
                 "--date", "明天", "--content", str(tmp_path)]) == 1
    assert "--date 的值“明天”不是日期" in capsys.readouterr().err


# --- validity and how the result is worded (issue 9 items 4–5) --------------------------------------

REPLACED_CQ = "cq-2015-aqsctl"  # 重庆市安全生产条例 (2015), revised 2024-03-28 (content/register/cq-2024-aqsctl)


@pytest.fixture(scope="module")
def content_corpus() -> Corpus:
    corpus, problems = load_corpus(CONTENT)
    assert problems == []
    return corpus


def test_chongqing_lists_nothing_of_the_replaced_regulation(content_corpus: Corpus) -> None:
    for industry, scale in (("商贸", "小微"), ("建筑施工", "规模以上"), ("冶金", "规模以下")):
        result = applicable(content_corpus, "重庆市", industry, scale, ON)
        assert REPLACED_CQ not in {d.doc.id for d in result}
        assert all(d.status.in_force is not False for d in result)
    shown = applicable(content_corpus, "重庆市", "商贸", "小微", ON, include_superseded=True)
    old = next(d for d in shown if d.doc.id == REPLACED_CQ)
    assert old.status.in_force is False and old.status.label.startswith("已修改（2024年3月28日起）")
    # Before the revision took effect the 2015 text was the law.
    assert REPLACED_CQ in {d.doc.id for d in applicable(content_corpus, "重庆市", "商贸", "小微", date(2020, 1, 1))}


def test_cli_chongqing_text_and_json_carry_status(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["applicable", "--region", "重庆市", "--industry", "商贸", "--scale", "小微", "--date", "2026-11-23",
            "--content", str(CONTENT)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "《重庆市安全生产条例》  重庆市 · 2015" not in out
    assert "加 --include-superseded" in out
    # Every document line shows its status on the date, never the raw stored one alone.
    doc_lines = [line for line in out.splitlines() if line.startswith("《")]
    assert doc_lines and all(" · 时效性：" in line for line in doc_lines)
    # Duties first, then the liabilities in their own section.
    assert out.index("【全国】") < out.index("【法律责任】")
    assert "条件：" in out
    # A spent target is reported as past, and the authorities' targets as context.
    overview = out[out.index("【期限一览】"):out.index("【全国】")]
    assert "已过期" not in overview.split("已过的期限")[0]  # no spent target among the coming ones
    assert "已过的期限（仅供了解，不再是待办事项）：" in overview and "到2012年" in overview
    # The current 条例 (2024) is not held, but it binds: named, with the held text it replaced.
    not_held = out[out.index("【全文未收录的文件】"):out.index("【期限一览】")]
    assert "《重庆市安全生产条例》  重庆市 · 2024-03-28 · 时效性：现行有效" in not_held
    assert "替代了库中的：《重庆市安全生产条例》（2015-11-26）" in not_held

    assert main([*args, "--include-superseded"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("《重庆市安全生产条例》  重庆市 · 2015"))
    assert "时效性：已修改（2024年3月28日起）" in line
    assert "本文件已于2024年3月28日修改，现行版本全文未收录。" in out

    assert main([*args, "--include-superseded", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    old = next(d for d in data["documents"] if d["doc_id"] == REPLACED_CQ)
    assert (old["status"], old["in_force"]) == ("已修改", False)
    assert old["status_label"] == "已修改（2024年3月28日起）"
    clauses = [c for d in data["documents"] for c in d["clauses"]]
    assert {c["relation"] for c in clauses} >= {"要求企业", "有条件的要求", "法律责任"}
    assert all(c["condition"] for c in clauses if c["relation"] == "有条件的要求")
    goal = next(c for d in data["documents"] if d["doc_id"] == "cq-2008-kzqyaqbzhhd" for c in d["clauses"]
                if c["deadline_phrase"] == "到2012年")
    assert goal["spent"] is True and goal["enterprise_deadline"] is True


def test_government_targets_are_context_not_deadlines(content_corpus: Corpus,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """重庆 2013 工作要点: 规模以上工贸企业标准化启动率达到100% is the authorities' target for 2013."""
    result = applicable(content_corpus, "重庆市", "冶金", "规模以上", ON)
    target = next(c for d in result if d.doc.id == "cq-2013-qsaqscgzyd" for c in d.clauses
                  if "启动率" in c.clause.text and c.scope.deadline)
    assert target.relation == RELATION_GOVERNMENT and not target.is_duty
    assert main(["applicable", "--region", "重庆市", "--industry", "冶金", "--scale", "规模以上",
                 "--date", ON.isoformat(), "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    overview = out[out.index("【期限一览】"):out.index("【全国】")]
    government = overview[overview.index("政府的工作目标（背景，不是企业的期限）："):]
    assert target.citation in government
    assert "政府工作目标 2013-12-31（原文“2013年”，已过期），不是企业的期限" in out
