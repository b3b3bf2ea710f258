"""Law articles in applicability (kb/lawscope.py, kb/data/scope.yaml): each rule on a small hand-written
law, then the key obligations of the real texts for the profiles they bind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kb.applicability import (
    RELATION_CONDITIONAL,
    RELATION_DIRECT,
    RELATION_GOVERNMENT,
    RELATION_LIABILITY,
    ApplicableClause,
    applicable,
)
from kb.loader import load_corpus
from kb.model import Corpus
from tests.conftest import CONTENT

ON = date(2026, 12, 1)

FRONT = """---
id: {id}
kind: policy
title: {title}
doc_no: null
issuer: [全国人民代表大会常务委员会]
region: {region}
level: {level}
issued: 2021-06-10
status: 现行有效
status_basis:
  - {{source: 测试用文本, checked: 2026-11-30, grade: 一手}}
industries: {industries}
topics: [主体责任]
addressees: null
source: test.txt
---

"""


def _law(tmp_path: Path, body: str, *, title: str = "某某安全条例", region: str = "全国", level: str = "行政法规",
         industries: str = "[]", doc_id: str = "t") -> Corpus:
    folder = tmp_path / "content" / "policies"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc_id}.md").write_text(
        FRONT.format(id=doc_id, title=title, region=region, level=level, industries=industries) + body,
        encoding="utf-8")
    corpus, problems = load_corpus(tmp_path / "content")
    assert problems == [], problems
    return corpus


def _listed(corpus: Corpus, industry: str, region: str = "北京市") -> dict[str, ApplicableClause]:
    return {c.clause.id: c for d in applicable(corpus, region, industry, "规模以上", ON) for c in d.clauses}


BODY = """## 第一章 总则

#### 第一条

为了加强安全生产工作，制定本条例。

#### 第二条

生产经营单位必须遵守本条例。

## 第二章 生产经营单位的安全保障

#### 第三条

生产经营单位进行爆破、吊装、动火、临时用电以及国务院应急管理部门会同国务院有关部门规定的其他危险作业，应当安排专门人员进行现场安全管理。

#### 第四条

矿山、金属冶炼建设项目和用于生产、储存、装卸危险物品的建设项目，应当按照国家有关规定进行安全评价。

#### 第五条

生产、储存危险化学品的单位，应当在其作业场所设置通信、报警装置。

#### 第六条

危险化学品生产企业应当提供化学品安全技术说明书。

#### 第七条

特种设备使用单位应当建立特种设备安全技术档案。

#### 第八条

生产经营单位对重大危险源应当登记建档。

#### 第九条

两个以上生产经营单位在同一作业区域内进行生产经营活动，可能危及对方生产安全的，应当签订安全生产管理协议。

#### 第十条

生产经营单位的从业人员有依法获得安全生产保障的权利，并应当依法履行安全生产方面的义务。

#### 第十一条

任何单位和个人不得生产、经营、使用国家禁止生产、经营、使用的危险化学品。

#### 第十二条

任何单位和个人不得阻挠和干涉对事故的依法调查处理。

#### 第十三条

负有安全生产监督管理职责的部门应当对生产经营单位进行监督检查，督促其整改。

#### 第十四条

生产、储存、使用、经营、运输危险化学品的单位（以下统称危险化学品单位）的主要负责人对本单位的危险化学品安全管理工作全面负责。危险化学品单位应当制定事故应急预案。

#### 第十五条

施工单位应当设立安全生产管理机构。

## 第三章 法律责任

#### 第十六条

生产经营单位的主要负责人未履行本条例规定的安全生产管理职责的，责令限期改正，处二万元以上五万元以下的罚款。

#### 第十七条

负有安全生产监督管理职责的部门的工作人员，有下列行为之一的，给予降级或者撤职的处分：
（一）对不符合法定安全生产条件的涉及安全生产的事项予以批准或者验收通过的；
（二）发现安全生产违法行为不予查处的。

#### 第十八条

未经依法批准，擅自生产、经营、运输、储存、使用危险物品的，依照有关法律的规定予以处罚。

#### 第十九条

本条例规定的行政处罚，由应急管理部门决定。

#### 第二十条

生产经营单位有下列行为之一的，责令停止建设，处五十万元以下的罚款：
（一）未按照规定对矿山、金属冶炼建设项目进行安全评价的；
（二）未按照规定对金属冶炼建设项目的安全设施进行验收的。
"""


@pytest.fixture(scope="module")
def law(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _law(tmp_path_factory.mktemp("law"), BODY)


def test_a_subject_ends_where_its_predicate_starts(law: Corpus) -> None:
    """第三条: the authority named inside the object (…部门会同…规定的其他危险作业) is not the subject."""
    for industry in ("机械", "商贸", "建筑施工"):
        item = _listed(law, industry)["3"]
        assert item.relation == RELATION_DIRECT and item.is_duty


def test_trade_words_limit_a_duty_to_their_industries(law: Corpus) -> None:
    """第四条 names 矿山、金属冶炼 and the 危险物品 trades: a thing as subject, bound by its trade words."""
    for industry in ("煤矿", "非煤矿山", "冶金", "有色", "危险化学品"):
        assert _listed(law, industry)["4"].relation == RELATION_DIRECT, industry
    for industry in ("机械", "商贸", "建筑施工"):
        assert "4" not in _listed(law, industry), industry
    assert _listed(law, "建筑施工")["15"].relation == RELATION_DIRECT
    assert "15" not in _listed(law, "机械")


def test_acts_on_an_object_make_a_conditional_duty(law: Corpus) -> None:
    machine = _listed(law, "机械")
    assert (machine["5"].relation, machine["5"].condition) == (RELATION_CONDITIONAL, "生产、储存危险化学品")
    assert (machine["7"].relation, machine["7"].condition) == (RELATION_CONDITIONAL, "使用特种设备")
    # Producing 危险化学品 is a trade of its own: not a condition of every enterprise.
    assert "6" not in machine
    assert _listed(law, "危险化学品")["6"].relation == RELATION_DIRECT


def test_condition_words_in_the_text_own_words(law: Corpus) -> None:
    machine = _listed(law, "机械")
    assert machine["8"].condition == "有重大危险源"
    assert machine["9"].relation == RELATION_CONDITIONAL
    assert machine["9"].condition.startswith("两个以上生产经营单位在同一作业区域内进行生产经营活动")


def test_a_defined_term_is_read_through_its_definition(law: Corpus) -> None:
    item = _listed(law, "机械")["14"]
    assert (item.relation, item.condition) == (RELATION_CONDITIONAL, "生产、储存、使用、经营、运输危险化学品")


def test_workers_civic_duties_and_authorities_bind_no_enterprise(law: Corpus) -> None:
    machine = _listed(law, "机械")
    assert "1" not in machine and "10" not in machine and "12" not in machine
    assert machine["13"].relation == RELATION_GOVERNMENT and not machine["13"].is_duty
    # A rule for everyone binds whoever handles what it names.
    assert machine["11"].relation == RELATION_CONDITIONAL


def test_liabilities_of_enterprises_and_their_officers_not_of_officials(law: Corpus) -> None:
    machine = _listed(law, "机械")
    assert machine["16"].relation == RELATION_LIABILITY  # 主要负责人
    assert machine["18"].relation == RELATION_LIABILITY  # names nobody: the regulated enterprise
    assert "17" not in machine  # the officials of a department
    assert "19" not in machine or not machine["19"].is_duty  # who decides penalties
    # Every offence of 第二十条 names a trade: a liability of those trades only.
    assert "20" not in machine
    assert _listed(law, "冶金")["20"].relation == RELATION_LIABILITY


def test_document_industries_restrict_unless_they_come_from_the_object(tmp_path: Path) -> None:
    body = ("## 第一章 总则\n\n#### 第一条\n\n为了加强煤矿安全，制定本条例。\n\n## 第二章 煤矿企业的责任\n\n"
            "#### 第二条\n\n煤矿企业应当建立安全生产责任制。\n\n#### 第三条\n\n储存危险化学品的单位应当建立出入库核查制度。\n")
    coal = _law(tmp_path / "coal", body, title="某煤矿安全条例", industries="[煤矿]")
    assert _listed(coal, "煤矿")["2"].relation == RELATION_DIRECT
    assert not _listed(coal, "机械")  # a coal law binds coal mines, even its storage article
    chem = _law(tmp_path / "chem", body.replace("煤矿企业应当", "危险化学品生产企业应当"),
                title="某危险化学品安全管理条例", industries="[危险化学品]")
    machine = _listed(chem, "机械")
    assert "2" not in machine
    assert machine["3"].relation == RELATION_CONDITIONAL  # the document is about the chemicals, not a trade


def test_a_judicial_interpretation_binds_courts(tmp_path: Path) -> None:
    body = "## 正文\n\n#### 第一条\n\n生产经营单位应当依法认定重大事故隐患。\n"
    corpus = _law(tmp_path, body, title="最高人民法院关于某某的解释", level="司法解释")
    assert not _listed(corpus, "机械")


def test_provincial_articles_bind_in_their_province(tmp_path: Path) -> None:
    body = "## 第一章 使用\n\n#### 第一条\n\n特种设备使用单位应当建立岗位责任制度。\n"
    corpus = _law(tmp_path, body, title="山东省某某特种设备安全条例", region="山东省", level="地方性法规")
    assert _listed(corpus, "机械", "山东省济南市")["1"].condition == "使用特种设备"
    assert not _listed(corpus, "机械", "北京市")


# --- the real texts ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def content() -> Corpus:
    corpus, problems = load_corpus(CONTENT)
    assert problems == []
    return corpus


def _of(content: Corpus, title: str, region: str, industry: str, scale: str = "规模以上") -> dict[str, ApplicableClause]:
    for d in applicable(content, region, industry, scale, ON):
        if d.doc.title == title:
            return {c.clause.id: c for c in d.clauses}
    return {}


LAW = "中华人民共和国安全生产法"


@pytest.mark.parametrize(("region", "industry", "scale"), [
    ("北京市", "机械", "规模以上"), ("上海市", "商贸", "小微"), ("四川省绵阳市", "非煤矿山", "规模以上"),
    ("山西省", "煤矿", "规模以上"), ("浙江省宁波市", "危险化学品", "规模以下"), ("重庆市", "建筑施工", "规模以上"),
])
def test_key_obligations_of_the_work_safety_law(content: Corpus, region: str, industry: str, scale: str) -> None:
    """Issue 11: 第四十三条 (爆破、吊装、动火、临时用电) binds every enterprise; 第三十二条 (建设项目安全评价)
    the mines, metal smelting and dangerous goods; with the other key duties of 第二章."""
    law = _of(content, LAW, region, industry, scale)
    for article in ("4", "5", "21", "22", "23", "24", "25", "28", "41", "43", "44", "45", "81", "83"):
        assert law[article].is_duty, f"第{article}条 for {industry}"
    assert ("32" in law) == (industry in ("非煤矿山", "煤矿", "危险化学品")), industry
    assert law["40"].relation == RELATION_CONDITIONAL and law["40"].condition == "有重大危险源"
    assert law["94"].relation == RELATION_LIABILITY  # 主要负责人
    assert "90" not in law  # penalties of the department's officials


def test_special_equipment_binds_any_enterprise_that_uses_it(content: Corpus) -> None:
    law = _of(content, "中华人民共和国特种设备安全法", "北京市", "机械")
    assert law["33"].relation == RELATION_CONDITIONAL and law["33"].condition == "使用特种设备"
    shandong = _of(content, "山东省特种设备安全条例", "山东省济南市", "商贸", "小微")
    assert any(c.condition == "使用特种设备" for c in shandong.values())
    assert not _of(content, "山东省特种设备安全条例", "北京市", "商贸", "小微")


def test_trade_regulations_bind_their_trade(content: Corpus) -> None:
    construction = _of(content, "建设工程安全生产管理条例", "重庆市", "建筑施工")
    assert construction["23"].relation == RELATION_DIRECT  # 施工单位应当设立安全生产管理机构
    machine = _of(content, "建设工程安全生产管理条例", "重庆市", "机械")
    assert "23" not in machine
    assert machine["6"].relation == RELATION_CONDITIONAL  # 建设单位: any enterprise that builds
    assert _of(content, "煤矿安全生产条例", "山西省", "煤矿")["4"].relation == RELATION_DIRECT
    assert "4" not in _of(content, "煤矿安全生产条例", "山西省", "非煤矿山")
    storage = _of(content, "危险化学品安全管理条例", "北京市", "机械")
    assert storage["24"].relation == RELATION_CONDITIONAL and "储存" in storage["24"].condition
    assert "14" not in storage  # 危险化学品生产企业 取得安全生产许可证
    found = {d.doc.title: d for d in applicable(content, "北京市", "机械", "规模以上", ON)}
    assert found["危险化学品安全管理条例"].only_on_conditions
    assert not found["中华人民共和国安全生产法"].only_on_conditions


def test_fire_and_occupational_health_duties(content: Corpus) -> None:
    fire = _of(content, "中华人民共和国消防法", "上海市", "商贸", "小微")
    assert fire["16"].relation == RELATION_DIRECT  # 机关、团体、企业、事业等单位应当履行下列消防安全职责
    assert fire["17"].relation == RELATION_CONDITIONAL and fire["17"].condition == "属于消防安全重点单位"
    health = _of(content, "中华人民共和国职业病防治法", "上海市", "商贸", "小微")
    assert health["20"].relation == RELATION_DIRECT  # 用人单位应当采取下列职业病防治管理措施
    assert health["24"].relation == RELATION_CONDITIONAL and health["24"].condition == "产生职业病危害"
