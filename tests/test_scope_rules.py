"""The scope rules one at a time, on small hand-written documents (kb/scope.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kb.loader import load_corpus
from kb.model import Document
from kb.scope import clause_scope, resolve_deadline

FRONT = """---
id: {id}
kind: policy
title: {title}
doc_no: {doc_no}
issuer: [某市人民政府办公厅]
region: 北京市
level: 地方规范性文件
issued: {issued}
status: 未知
industries: []
topics: [标准化建设]
addressees: {addressees}
source: test.txt
{extra}---

"""


def _doc(tmp_path: Path, body: str, *, title: str = "关于推进企业安全生产标准化建设的意见", doc_no: str = "null",
         issued: str = "2013-03-08", addressees: str = "各区、县人民政府，市政府各委、办、局",
         extra: str = "") -> Document:
    folder = tmp_path / "content" / "policies"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.md").write_text(FRONT.format(id="t", title=title, doc_no=doc_no, issued=issued,
                                              addressees=addressees, extra=extra) + body, encoding="utf-8")
    corpus, problems = load_corpus(tmp_path / "content")
    assert problems == []
    return corpus.documents[0]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("规模以上企业要在2013年底前实现达标", date(2013, 12, 31)),
    ("2013年年底前完成", date(2013, 12, 31)),
    ("到2012年，大中型企业全部达到", date(2012, 12, 31)),
    ("规模以下企业要在2015年前实现达标", date(2015, 12, 31)),
    ("2014年6月底前完成自评", date(2014, 6, 30)),
    ("2014年6月15日前报送", date(2014, 6, 15)),
    ("年内召开现场会", date(2013, 12, 31)),  # relative to issued 2013-03-08
    ("截至2012年5月，共有达标企业209家", None),
    ("比2012年下降2.5%", None),
    ("力争用五年的时间完成", None),
    ("五年内不得担任任何生产经营单位的主要负责人", None),
    ("申请前一年内未发生死亡事故", None),
])
def test_deadline_phrases(phrase: str, expected: date | None) -> None:
    assert resolve_deadline(phrase, date(2013, 3, 8)) == expected


def test_relative_deadline_without_a_date_uses_the_doc_no_year(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、工作安排\n\n市应急局将于今年内召开现场会，各地要督促企业参加。\n",
               doc_no="绵应急函〔2020〕42号", issued="null")
    scope = clause_scope(doc, doc.clauses[0])
    assert (scope.deadline, scope.deadline_phrase) == (date(2020, 12, 31), "今年内")


def test_role_labels_decide(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、具体任务\n\n### （一）企业：\n\n建立组织机构，制定实施方案。\n\n"
                         "### （二）评审单位：\n\n严格依照达标标准和程序客观公正地进行评审。\n\n"
                         "### （三）各区县政府\n\n推动辖区内企业达到基本标准。\n")
    got = {c.ref: clause_scope(doc, c).addressee for c in doc.clauses}
    assert got == {"一": "其他", "一（一）": "企业", "一（二）": "评审机构", "一（三）": "政府及部门"}


def test_subjects_are_counted(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、要求\n\n### （一）落实责任\n\n各区县、各有关部门要加强领导，督促企业开展达标创建。\n\n"
                         "### （二）企业主体\n\n生产经营单位应当建立安全风险分级管控制度。企业要定期自评。\n\n"
                         "### （三）背景\n\n2011年以来，各地区认真贯彻落实，取得了阶段性成效。\n")
    scopes = {c.ref: clause_scope(doc, c) for c in doc.clauses}
    assert scopes["一（一）"].addressee == "政府及部门"
    assert scopes["一（一）"].concerns_enterprises  # 督促企业…
    assert scopes["一（二）"].addressee == "企业"
    assert scopes["一（三）"].addressee == "其他"
    assert not scopes["一（三）"].concerns_enterprises


def test_sizes_and_industries_of_targets(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、目标\n\n其中冶金、机械等行业规模以上企业要在2013年底前，"
                         "冶金、机械等行业规模以下企业要在2015年前实现达标；小微企业要达到岗位标准。\n")
    scope = clause_scope(doc, doc.clauses[0])
    assert scope.addressee == "企业"
    assert [(t.industries, t.scales, t.deadline_phrase) for t in scope.targets] == [
        (["冶金", "机械"], ["规模以上"], "2013年底前"),
        (["冶金", "机械"], ["规模以下"], "2015年前"),
        ([], ["小微"], None),
    ]
    assert scope.deadline == date(2013, 12, 31)
    assert scope.scales == ["规模以上", "规模以下", "小微"]


def test_respectively_pairs_sizes_with_years(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、要求\n\n全国工贸行业规模以上企业和规模以下企业分别要于2013年和2015年底前实现全面达标。\n")
    targets = clause_scope(doc, doc.clauses[0]).targets
    assert [(t.scales, t.deadline) for t in targets] == [(["规模以上"], date(2013, 12, 31)),
                                                          (["规模以下"], date(2015, 12, 31))]
    assert targets[0].industries == ["工贸"]


def test_large_and_small_words(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、目标\n\n到2012年，全市各类大中型企业全部达到安全生产标准，各类小企业达标率在80%以上。\n")
    targets = clause_scope(doc, doc.clauses[0]).targets
    assert [(t.scales, t.deadline_phrase) for t in targets] == [(["规模以上"], "到2012年"),
                                                                 (["规模以下", "小微"], "到2012年")]


def test_law_articles(tmp_path: Path) -> None:
    body = ("## 第一章 总则\n\n#### 第四条\n\n生产经营单位必须遵守本法。\n\n#### 第八条\n\n"
            "县级以上地方各级人民政府应当组织有关部门对生产经营单位实施联防联控。\n\n## 第六章 法律责任\n\n"
            "#### 第九十七条\n\n生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款。\n")
    doc = _doc(tmp_path, body, title="某安全生产条例", addressees="null")
    got = {c.ref: clause_scope(doc, c).addressee for c in doc.clauses}
    assert got == {"第一章": "其他", "第四条": "企业", "第八条": "政府及部门", "第六章": "其他", "第九十七条": "企业"}


def test_override_wins(tmp_path: Path) -> None:
    extra = ('clause_overrides:\n  "1": {addressee: 企业, scales: [小微], deadline: 2016-06-30, '
             'deadline_phrase: 2016年6月底前}\n')
    doc = _doc(tmp_path, "## 一、要求\n\n各区县要加强领导。\n", extra=extra)
    scope = clause_scope(doc, doc.clauses[0])
    assert scope.overridden
    assert (scope.addressee, scope.scales, scope.deadline, scope.deadline_phrase) == (
        "企业", ["小微"], date(2016, 6, 30), "2016年6月底前")
    assert [t.scales for t in scope.targets] == [["小微"]]


def test_title_sizes_apply_to_every_clause(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## 一、要求\n\n企业应当建立管理体系。\n", title="大中型企业安全生产标准化管理体系要求")
    assert clause_scope(doc, doc.clauses[0]).scales == ["规模以上"]
