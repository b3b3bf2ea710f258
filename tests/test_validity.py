"""The status model with evidence (issue 9): statuses on a date, bases, versions, corpus evidence."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kb.check import check_corpus
from kb.loader import load_corpus, load_valid_corpus
from kb.model import Corpus
from kb.scope import clause_deadline_spent
from kb.validity import derive_evidence, documents_in_force, in_force, status_on

from .conftest import CONTENT

D = dt.date


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_valid_corpus(CONTENT)


def doc(corpus: Corpus, doc_id: str):  # type: ignore[no-untyped-def]
    found = corpus.get(doc_id)
    assert found is not None, doc_id
    return found


# --- the statuses of 2026-11-30 -------------------------------------------------------------------

def test_every_status_but_unknown_rests_on_a_basis(corpus: Corpus) -> None:
    for d in corpus:
        assert d.meta.status == "未知" or d.meta.status_basis, d.id
        if d.meta.status == "未知":
            assert d.meta.status_note and "检索" in d.meta.status_note, d.id  # what was searched, and when
    held = Counter(d.meta.status for d in corpus if d.held)
    assert held == {"未知": 49, "现行有效": 10, "已修改": 6, "已废止": 2, "已被替代": 1}
    registered = Counter(d.meta.status for d in corpus if not d.held)
    assert registered == {"已废止": 11, "现行有效": 7, "未知": 2, "已被替代": 1}


def test_nothing_is_current_without_a_named_source_or_clause(corpus: Corpus) -> None:
    """现行有效 rests on a clause that exists or on a source read on a date with its grade."""
    today = D(2026, 11, 30)
    for d in corpus:
        if d.meta.status != "现行有效":
            continue
        lines = status_on(d, today, corpus).basis
        assert len(lines) == len(d.meta.status_basis), d.id  # no basis points at nothing
        assert all(b.clause or (b.checked and b.grade) for b in d.meta.status_basis), d.id


def test_the_statuses_the_corpus_proves_are_recorded(corpus: Corpus) -> None:
    proposals = derive_evidence(corpus)
    assert len(proposals) == 14
    # Every repeal or newer version a text states is written down, and every repealed title is held
    # or registered: a search for 《锅炉压力容器安全监察暂行条例》 finds it, 已废止, and by what.
    assert [p.title for p in proposals if p.target is None or not p.agrees] == []
    for old in ("gj-2000-gwyl-296", "gj-2005-gwyl-446"):  # 煤矿安全生产条例 第七十六条
        view = status_on(doc(corpus, old), D(2026, 11, 30), corpus)
        assert (view.status, view.since) == ("已废止", D(2024, 5, 1))
        assert view.basis[0].text.startswith("《煤矿安全生产条例》第七十六条")
    bj = status_on(doc(corpus, "bj-2016-aqsctl"), D(2026, 11, 30), corpus)
    assert (bj.status, bj.since, bj.successor.id) == ("已修改", D(2022, 8, 1), "bj-2022-aqsctl")  # type: ignore[union-attr]
    boiler = next(d for d in corpus if d.title == "锅炉压力容器安全监察暂行条例")
    view = status_on(boiler, D(2026, 11, 30), corpus)
    assert not boiler.held and (view.status, view.since) == ("已废止", D(2003, 6, 1))
    assert view.basis[0].text.startswith("《特种设备安全监察条例》（国务院令第373号）第一百零三条")


def test_a_repeal_takes_effect_on_the_day_its_clause_states(corpus: Corpus) -> None:
    # The repealing 规定 is held in its 2010 amendment, dated 2010-12-23; its 第二十一条 says
    # “本规定自2005年12月1日起施行。…《北京市关于禁止燃放烟花爆竹的规定》同时废止”.
    old = next(d for d in corpus if d.title == "北京市关于禁止燃放烟花爆竹的规定")
    assert doc(corpus, "bj-2010-yhbzaqglgd").meta.issued == D(2010, 12, 23)
    assert status_on(old, D(2005, 11, 30), corpus).status == "现行有效"
    assert (status_on(old, D(2005, 12, 1), corpus).status, status_on(old, D(2005, 12, 1), corpus).since) == \
        ("已废止", D(2005, 12, 1))


def test_every_chain_of_versions_ends_in_a_document_or_register_entry(corpus: Corpus) -> None:
    for d in corpus:
        seen = [d.id]
        current = d
        while current.meta.superseded_by:
            newer = corpus.get(current.meta.superseded_by)
            assert newer is not None, seen
            assert current.id in newer.meta.supersedes, (current.id, newer.id)  # both directions
            assert newer.id not in seen, seen  # no loop
            seen.append(newer.id)
            current = newer
        assert current.meta.status not in ("已修改", "已被替代"), seen  # the end is the latest known
    for d in corpus:
        for older in d.meta.supersedes:
            assert doc(corpus, older).meta.superseded_by == d.id


@pytest.mark.parametrize(("industry", "scale"), [("商贸", "小微"), ("机械", "规模以上"), ("危险化学品", "规模以下")])
def test_a_chongqing_enterprise_gets_no_clause_of_a_replaced_text(corpus: Corpus, industry: str, scale: str) -> None:
    from kb.applicability import applicable

    replaced = {"cq-2015-aqsctl", "cq-2013-xftl"}  # revised 2024-03-28 (重庆市应急管理局, 重庆市人大)
    assert all(doc(corpus, r).meta.status == "已修改" for r in replaced)
    today = D(2026, 11, 30)
    listed = {a.doc.id for a in applicable(corpus, "重庆市", industry, scale, today)}
    assert not listed & replaced
    assert "cq-2020-tzsbaqtl" in listed  # its status is 未知: shown, with that status beside it
    every = {a.doc.id: a.status for a in applicable(corpus, "重庆市", industry, scale, today, include_superseded=True)}
    assert replaced <= set(every) and all(every[r].status == "已修改" for r in replaced)
    # Before the revised 条例 took effect the old one applied.
    assert "cq-2013-xftl" in {a.doc.id for a in applicable(corpus, "重庆市", industry, scale, D(2024, 6, 30))}


@pytest.mark.parametrize(("doc_id", "on", "status", "since"), [
    # Revised 2024-03-28 (重庆市应急管理局): before that the 2015 text was the one in force.
    ("cq-2015-aqsctl", D(2026, 11, 30), "已修改", D(2024, 3, 28)),
    ("cq-2015-aqsctl", D(2020, 1, 1), "现行有效", D(2016, 3, 1)),
    ("cq-2015-aqsctl", D(2016, 2, 1), "尚未施行", None),
    # Revised 2022-11-24, the new text in force from 2023-03-01.
    ("zj-2016-aqsctl", D(2023, 2, 28), "现行有效", D(2016, 8, 1)),
    ("zj-2016-aqsctl", D(2023, 3, 1), "已修改", D(2023, 3, 1)),
    # Replaced on 2025-10-31 by GB/T 33000—2025, itself in force that day.
    ("gbt-33000-2016", D(2025, 10, 30), "现行有效", None),
    ("gbt-33000-2016", D(2025, 10, 31), "已被替代", D(2025, 10, 31)),
    ("gbt-33000-2025", D(2025, 10, 30), "尚未施行", None),
    ("gbt-33000-2025", D(2026, 1, 1), "现行有效", D(2025, 10, 31)),
    # “有效期自通告之日起3年”, dated 2025-03-19: the last day is 2028-03-19.
    ("sh-2025-dpaqscbzhdjq", D(2028, 3, 19), "现行有效", D(2025, 3, 19)),
    ("sh-2025-dpaqscbzhdjq", D(2028, 3, 20), "失效", D(2028, 3, 20)),
    ("aqt-9006-2010", D(2026, 11, 30), "未知", None),
    # Revised 2024-03-28, in force 2024-07-01 (重庆市人大); revised 2025-03-26, in force 2025-05-01 (北京人大).
    ("cq-2013-xftl", D(2024, 6, 30), "现行有效", D(2013, 11, 30)),
    ("cq-2013-xftl", D(2024, 7, 1), "已修改", D(2024, 7, 1)),
    ("bj-2011-xftl", D(2025, 5, 1), "已修改", D(2025, 5, 1)),
    # A law adopted 2025-12-27 to take effect 2026-05-01 (register entry, secondary sources).
    ("gj-2025-wxhxpaqf", D(2026, 4, 30), "尚未施行", None),
    ("gj-2025-wxhxpaqf", D(2026, 5, 1), "现行有效", D(2026, 5, 1)),
])
def test_status_on_a_date(corpus: Corpus, doc_id: str, on: dt.date, status: str, since: dt.date | None) -> None:
    view = status_on(doc(corpus, doc_id), on, corpus)
    assert (view.status, view.since) == (status, since)
    assert view.in_force is {"现行有效": True, "未知": None}.get(status, False)


def test_replaced_texts_are_not_in_force_and_unknown_ones_are_shown(corpus: Corpus) -> None:
    today = D(2026, 11, 30)
    current = {d.id for d in documents_in_force(corpus, today)}
    assert not current & {"cq-2015-aqsctl", "zj-2016-aqsctl", "gbt-33000-2016", "cq-2013-xftl", "bj-2011-xftl",
                          "bj-2010-yhbzaqglgd", "gj-2000-gwyl-296", "gj-2005-gwyl-446"}
    assert "gj-2024-mkaqsctl" in current and "bj-2013-jzbf-10" in current  # 未知 counts unless told
    assert not any(d.id.startswith(("cq-2024", "zj-2022")) for d in documents_in_force(corpus, today))  # no text held
    strict = {d.id for d in documents_in_force(corpus, today, assume_unknown_in_force=False)}
    assert "bj-2013-jzbf-10" not in strict and "gj-2024-mkaqsctl" in strict
    assert not in_force(doc(corpus, "bj-2013-jzbf-10"), today, corpus, assume_unknown_in_force=False)


def test_a_chain_never_ends_in_a_dead_link(corpus: Corpus) -> None:
    for old_id, new_id in (("cq-2015-aqsctl", "cq-2024-aqsctl"), ("zj-2016-aqsctl", "zj-2022-aqsctl"),
                           ("cq-2013-xftl", "cq-2024-xftl"), ("bj-2011-xftl", "bj-2025-xftl"),
                           ("bj-2010-yhbzaqglgd", "bj-2017-yhbzaqglgd")):
        view = status_on(doc(corpus, old_id), D(2026, 11, 30), corpus)
        assert view.successor is not None and view.successor.id == new_id and not view.successor.held
        assert view.successor.clauses == [] and old_id in view.successor.meta.supersedes
        assert "全文未收录" in view.sentence()
        new = status_on(view.successor, D(2026, 11, 30), corpus)
        assert [d.id for d in new.predecessors] == [old_id]
    cq = status_on(doc(corpus, "cq-2015-aqsctl"), D(2026, 11, 30), corpus)
    assert cq.sentence() == "本文件已于2024年3月28日修改，现行版本全文未收录。"
    gbt = status_on(doc(corpus, "gbt-33000-2016"), D(2026, 11, 30), corpus)
    assert gbt.sentence() == "本文件已于2025年10月31日被《大中型企业安全生产标准化管理体系要求》（GB/T 33000—2025）代替。"


def test_bases_read_as_sources_without_internal_paths(corpus: Corpus) -> None:
    for d in corpus:
        for line in status_on(d, D(2026, 11, 30), corpus).basis:
            assert not re.search(r"\.md|content/|FACTS|§|本库|github:|@ ?[0-9a-f]{12}", line.text), line.text
            assert line.url is None or line.url.startswith(("http://", "https://", "policies/", "standards/"))
    cq = status_on(doc(corpus, "cq-2015-aqsctl"), D(2026, 11, 30), corpus).basis
    assert cq[0].text.startswith("重庆市应急管理局（2026年11月30日查阅，一手资料）：")
    assert cq[0].url == "https://yjj.cq.gov.cn/zwgk_230/fdzdgknr/lzyj/flfg/202405/t20240508_13184926.html"
    mk = status_on(doc(corpus, "gj-2024-mkaqsctl"), D(2026, 11, 30), corpus).basis
    assert mk[0].in_corpus and mk[0].text.startswith("《煤矿安全生产条例》第七十六条") and mk[0].url.endswith("#a76")


def test_editorial_notes_are_not_clause_text(corpus: Corpus) -> None:
    """Issue 9 item 6: nothing of ours reads as a clause (notes live in note, clause_notes, sources)."""
    for d in corpus:
        for c in d.clauses:
            words = c.heading + c.text
            assert not re.search(r"【本库|本库摘要|据记忆|FACTS|§\d", words), (d.id, c.id)
        assert "本库" not in d.title
    for std in ("gbt-33000-2016", "gbt-33000-2025", "aqt-9006-2010"):
        assert doc(corpus, std).meta.citable is False  # numbering not established (FACTS §7)
    assert "名称未得到任何来源佐证" in doc(corpus, "gbt-33000-2016").meta.clause_notes["5.4.4"]
    compiled = doc(corpus, "dengji-pingding-guize")
    assert compiled.meta.kind == "compilation" and compiled.section == "compilations"


def test_a_misprinted_citation_resolves_and_stays_faithful(corpus: Corpus) -> None:
    zs = doc(corpus, "zs-2019-gmqyaqscbzhp")
    assert "安监总监四〔2011〕87号" in zs.meta.cites and "安监总监四〔2011〕87号" in zs.body
    assert "安监总管四〔2011〕87号" in zs.resolved_cites() and "安监总监四〔2011〕87号" not in zs.resolved_cites()


def test_a_spent_deadline_is_spent_only_after_its_date(corpus: Corpus) -> None:
    cq13 = doc(corpus, "cq-2013-qsaqscgzyd")
    dated = next(c for c in cq13.clauses if c.kind == "clause" and "2013年" in c.text
                 and clause_deadline_spent(cq13, c, D(2026, 11, 30)))
    assert not clause_deadline_spent(cq13, dated, D(2013, 6, 1))
    undated = next(c for c in doc(corpus, "gj-2021-aqscf").clauses if c.id == "4")
    assert not clause_deadline_spent(doc(corpus, "gj-2021-aqscf"), undated, D(2026, 11, 30))


# --- evidence from the corpus itself --------------------------------------------------------------

LAW = """---
id: {id}
kind: policy
title: {title}
doc_no: null
issuer: [国务院]
region: 全国
level: 行政法规
issued: {issued}
status: 未知
superseded_by: null
industries: []
topics: []
addressees: null
cites: []
source: test
---

{history}

#### 第一条

{text}
"""


# The two texts 煤矿安全生产条例 第七十六条 repeals, held in content/: the tests below put a small law of
# the same title in their place to watch a proposal arise.
HELD_REPEALED = ("gj-2000-gwyl-296", "gj-2005-gwyl-446")


def with_laws(tmp_path: Path, *laws: dict[str, str], without: tuple[str, ...] = ()) -> Path:
    """content/ plus a few small laws written for the test, less the documents `without` names."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for doc_id in without:
        (content / "policies" / f"{doc_id}.md").unlink()
    for law in laws:
        fields = {"history": "", "text": "正文。", **law}
        (content / "policies" / f"{law['id']}.md").write_text(LAW.format(**fields), encoding="utf-8")
    return content


def test_a_repeal_clause_proposes_a_status_and_check_asks_to_confirm(tmp_path: Path) -> None:
    content = with_laws(tmp_path, {"id": "gj-2013-mkaqjctl", "title": "煤矿安全监察条例", "issued": "2013-07-18"},
                        without=HELD_REPEALED)
    corpus, _ = load_corpus(content)
    found = [p for p in derive_evidence(corpus) if p.title == "煤矿安全监察条例"]
    assert len(found) == 1 and found[0].target is not None and found[0].target.id == "gj-2013-mkaqjctl"
    assert (found[0].status, found[0].basis_ref) == ("已废止", "gj-2024-mkaqsctl#a76")
    assert found[0].quote == "《煤矿安全监察条例》和《国务院关于预防煤矿生产安全事故的特别规定》同时废止。"
    unheld = {p.title for p in derive_evidence(corpus) if p.target is None}
    assert unheld == {"国务院关于预防煤矿生产安全事故的特别规定"}  # every other repealed title is registered

    _, problems = check_corpus(content)
    warning = [p for p in problems if p.path.endswith("gj-2013-mkaqjctl.md")]
    assert len(warning) == 1 and warning[0].severity == "warning" and warning[0].line == 10
    assert "建议 status: 已废止，status_basis: - clause: gj-2024-mkaqsctl#a76" in warning[0].message

    path = content / "policies" / "gj-2013-mkaqjctl.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: 未知", "status: 已废止\nstatus_basis:\n  - clause: gj-2024-mkaqsctl#a76"), encoding="utf-8")
    corpus, problems = check_corpus(content)
    assert not [p for p in problems if p.path.endswith("gj-2013-mkaqjctl.md")]
    repealed = status_on(doc(corpus, "gj-2013-mkaqjctl"), D(2026, 11, 30), corpus)
    assert (repealed.status, repealed.since) == ("已废止", D(2024, 5, 1))  # the repealing text's 施行 date
    assert status_on(doc(corpus, "gj-2013-mkaqjctl"), D(2024, 4, 30), corpus).status == "现行有效"


def test_a_decision_that_lists_what_it_repeals_verb_first_proposes_each(tmp_path: Path) -> None:
    """A 废止决定 writes the verb first: “一、废止《…》（1992年9月19日…通过）”. Every title of the sentence
    is repealed but those its brackets cite; a date in brackets after a title picks that version."""
    content = with_laws(
        tmp_path,
        {"id": "gj-2009-csa", "title": "测试甲条例", "issued": "2009-05-01"},
        {"id": "gj-2015-csa", "title": "测试甲条例", "issued": "2015-05-01"},
        {"id": "gj-2010-csb", "title": "测试乙条例", "issued": "2010-05-01"},
        {"id": "gj-2011-csc", "title": "测试丙条例", "issued": "2011-05-01"},
        {"id": "gj-2021-fzjd", "title": "国务院关于废止部分行政法规的决定", "issued": "2021-09-24",
         "text": "废止《测试甲条例》（2009年5月1日国务院第一次常务会议通过，依照《测试丙条例》制定）和《测试乙条例》。"})
    corpus, _ = load_corpus(content)
    found = [(p.title, p.target.id if p.target else None, p.status) for p in derive_evidence(corpus)
             if p.evidence.id == "gj-2021-fzjd"]
    assert sorted(found) == [("测试乙条例", "gj-2010-csb", "已废止"), ("测试甲条例", "gj-2009-csa", "已废止")]


def test_an_adoption_history_proves_a_newer_version(tmp_path: Path) -> None:
    history = ("2009年5月1日 国务院第一次常务会议通过\n\n2012年6月1日 国务院第二次常务会议修订\n\n"
               "2020年7月1日 国务院第三次常务会议修正")
    content = with_laws(tmp_path,
                        {"id": "gj-2009-csl", "title": "测试条例", "issued": "2009-05-01"},
                        {"id": "gj-2012-csl", "title": "测试条例", "issued": "2012-06-01"},
                        {"id": "gj-2020-csl", "title": "测试条例", "issued": "2020-07-01", "history": history})
    corpus, _ = load_corpus(content)
    found = {p.target.id: p for p in derive_evidence(corpus)
             if p.status == "已修改" and p.target is not None and p.target.id.endswith("-csl")}
    assert set(found) == {"gj-2009-csl", "gj-2012-csl"}
    assert found["gj-2009-csl"].successor.id == "gj-2012-csl"  # the next version, not the latest
    assert found["gj-2009-csl"].quote == "2012年6月1日 国务院第二次常务会议修订"
    assert found["gj-2012-csl"].successor.id == "gj-2020-csl"
    assert found["gj-2012-csl"].basis_ref == "gj-2020-csl#c0"


def test_anbiao_evidence_lists_proposals_and_what_is_not_held(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from anbiao.cli import main

    content = with_laws(tmp_path, {"id": "gj-2013-mkaqjctl", "title": "煤矿安全监察条例", "issued": "2013-07-18"},
                        without=HELD_REPEALED)
    assert main(["evidence", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "［待确认］" in out and "《煤矿安全监察条例》已废止——《煤矿安全生产条例》第七十六条" in out
    assert "status: 已废止，status_basis: - clause: gj-2024-mkaqsctl#a76" in out
    assert "库中未收录（1 个" in out and "《国务院关于预防煤矿生产安全事故的特别规定》——见《煤矿安全生产条例》第七十六条" in out
    assert out.rstrip().endswith("其中 1 条待确认。")
