"""A law's adoption history (kb/importer/history.py), line by line, and the rules built on it."""

from __future__ import annotations

from datetime import date

import pytest

from kb.importer import import_text
from kb.importer.history import AMENDED, REVISED, read_history
from kb.importer.lines import prepare

ARTICLES = "\n".join(f"第{n}条 本条内容。" for n in "一二三")


def history_of(lines: str):  # type: ignore[no-untyped-def]
    return read_history(prepare(lines + "\n" + ARTICLES).lines)


def law(head: str, tail: str = "第四条 本条例自2011年12月1日起施行。") -> str:
    return f"# 某某条例\n\n{head}\n\n<!-- INFO END -->\n\n{ARTICLES}\n\n{tail}\n"


def test_an_original_regulation_states_its_number_issuer_and_dates() -> None:
    h = history_of("2007年3月28日 国务院第172次常务会议通过\n2007年4月9日 中华人民共和国国务院令第493号公布\n"
                   "2007年6月1日 施行")
    assert (h.issued, h.doc_no, h.issuers, h.amended) == (date(2007, 4, 9), "国务院令第493号", ["国务院"], False)
    assert h.effective("") == date(2007, 6, 1)
    assert h.order_numbers == ["国务院令第493号"]


def test_a_revision_is_a_new_text_an_amendment_is_not() -> None:
    revised = history_of("2002年1月26日 中华人民共和国国务院令第344号公布\n2011年2月16日 国务院第144次常务会议修订通过")
    assert revised.last_change.kind == REVISED
    # The 2002 number belongs to the 2002 text; the revised text's own number is not stated.
    assert revised.doc_no is None
    assert revised.effective("第一百零二条 本条例自2011年12月1日起施行。") == date(2011, 12, 1)
    # A change by a 《…决定》 is an amendment even where the line says 修订.
    amended = history_of("2004年1月13日 中华人民共和国国务院令第397号公布\n"
                         "2013年7月18日 《国务院关于废止和修改部分行政法规的决定》第一次修订")
    assert amended.last_change.kind == AMENDED
    assert (amended.doc_no, amended.effective("第二十四条 本条例自公布之日起施行。")) == (None, None)


@pytest.mark.parametrize(("line", "issued", "kinds"), [
    # Two events on one line, joined by 根据.
    ("2017年9月30日 浙江省第十二届人民代表大会常务委员会第四十四次会议通过根据2020年9月24日浙江省第十三届人民代表大会"
     "常务委员会第二十四次会议《关于修改〈浙江省社会救助条例〉等六件地方性法规的决定》修正",
     date(2020, 9, 24), ["通过", "修正"]),
    # Two revisions on one line.
    ("2010年7月23日 广东省第十一届人民代表大会常务委员会第二十次会议第一次修订  2022年3月29日广东省第十三届人民代表大会"
     "常务委员会第四十一次会议第二次修订）", date(2022, 3, 29), ["修订", "修订"]),
    # One adoption by two bodies on two dates: one event.
    ("2022年9月19日 最高人民法院审判委员会第1875次会议、2022年10月25日最高人民检察院第十三届检察委员会第一百零六次会议通过",
     date(2022, 10, 25), ["通过"]),
])
def test_events_on_one_line(line: str, issued: date, kinds: list[str]) -> None:
    h = history_of(line)
    assert h.issued == issued
    assert [e.kind for e in h.events] == kinds


def test_who_made_it_not_who_approved_it() -> None:
    city = history_of("2017年12月12日 烟台市第十七届人民代表大会常务委员会第六次会议通过\n"
                      "2018年1月23日 山东省第十二届人民代表大会常务委员会第三十五次会议批准")
    assert (city.issuers, city.issued) == (["烟台市人民代表大会常务委员会"], date(2018, 1, 23))
    ministry = history_of("1996年10月11日 国务院批准\n1996年10月30日 劳动部令第4号发布  自发布之日施行")
    assert (ministry.issuers, ministry.doc_no, ministry.approved_by_state_council) == (["劳动部"], "劳动部令第4号", True)
    assert ministry.effective("") == date(1996, 10, 30)
    courts = history_of("2022年9月19日 最高人民法院审判委员会第1875次会议、2022年10月25日最高人民检察院第十三届检察委员会"
                        "第一百零六次会议通过")
    assert courts.issuers == ["最高人民法院", "最高人民检察院"]


def test_effective_of_a_whole_law_text() -> None:
    revised = import_text(law("2017年1月18日 山东省第十二届人民代表大会常务委员会第二十五次会议通过\n\n"
                              "2021年12月3日 山东省第十三届人民代表大会常务委员会第三十二次会议修订",
                              "第四条 本条例自2022年3月1日起施行。").encode(), "r.txt").meta
    assert (revised["issued"], revised["effective"]) == (date(2021, 12, 3), date(2022, 3, 1))
    amended = import_text(law("2004年7月29日 北京市第十二届人民代表大会常务委员会第十三次会议通过\n\n"
                              "2016年11月25日 北京市第十四届人民代表大会常务委员会第三十一次会议通过的"
                              "《关于修改部分地方性法规的决定》修正",
                              "第四条 本条例自2011年9月1日起施行。").encode(), "a.txt").meta
    assert (amended["issued"], "effective" in amended) == (date(2016, 11, 25), False)
    # No adoption history: not dated, and the 施行 article is taken as the text says it.
    bare = import_text(law("", "第四条 本条例自1996年5月1日起施行。").replace("# 某某条例", "# 上海市某某条例").encode(),
                       "b.txt").meta
    assert (bare["issued"], bare["effective"], bare["issuer"], bare["level"]) == (
        None, date(1996, 5, 1), [], "地方性法规")


def test_a_laws_own_order_number_is_no_citation() -> None:
    meta = import_text(law("2007年4月9日 中华人民共和国国务院令第493号公布",
                           "第四条 依照《国务院关于特大安全事故行政责任追究的规定》（国务院令第302号）处理。").encode(),
                       "c.txt").meta
    assert meta["doc_no"] == "国务院令第493号"
    assert meta["cites"] == ["国务院令第302号", "《国务院关于特大安全事故行政责任追究的规定》"]
