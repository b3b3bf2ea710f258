"""Rules found by importing real texts the importer had not seen (tests/sources/unseen/).

Each rule has a short synthetic example here; the real texts that exposed the gaps are imported
whole at the end and checked for clause count, fidelity and metadata.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kb.importer import import_text
from kb.importer.lines import prepare
from kb.importer.structure import build_blocks
from kb.numbering import match_label

UNSEEN = Path(__file__).parent / "sources" / "unseen"


def meta_of(text: str) -> dict:  # type: ignore[type-arg]
    return import_text(text.encode(), "t.txt").meta


def paragraphs(text: str, markdown: bool) -> list[str]:
    return [b.joined() for b in build_blocks(prepare(text).lines, markdown=markdown).blocks]


# --- adoption history -----------------------------------------------------------------------

def test_a_decision_numbered_by_items_is_dated_by_its_history() -> None:
    # A 决定 of the courts has no articles, but the lines above its text are an adoption history.
    meta = meta_of("# 最高人民法院、最高人民检察院关于修改《某解释》的决定\n\n"
                   "2018年7月30日 最高人民法院审判委员会第1745次会议\n\n"
                   "2018年10月19日 最高人民检察院第十三届检察委员会第七次会议通过\n\n2018年12月1日 施行\n\n"
                   "<!-- INFO END -->\n\n现决定对《某解释》作如下修改：\n\n一、将第六条修改。\n\n二、增加一条。\n")
    assert (meta["issued"], meta["effective"], meta["issuer"], meta["level"]) == (
        date(2018, 10, 19), date(2018, 12, 1), ["最高人民法院", "最高人民检察院"], "司法解释")
    # Only dated lines at the very top are history: a date in the text of a notice is not.
    notice = meta_of("某市应急管理局关于某事的通知\n各区应急管理局：\n2021年1月1日起施行新办法。\n一、要求。\n")
    assert notice["issued"] is None and "effective" not in notice


def test_a_rule_adopted_by_a_ministrys_meeting_is_a_department_rule() -> None:
    # 《规章制定程序条例》第二十七条: 部门规章经部务会议决定, 地方政府规章经政府常务会议决定.
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    ministry = meta_of(f"# 某某实施办法\n\n2008年7月17日 经人力资源和社会保障部第6次部务会议通过\n\n{articles}\n")
    assert (ministry["issuer"], ministry["region"], ministry["level"]) == (["人力资源和社会保障部"], "全国", "部门规章")
    city = meta_of(f"# 某某管理办法\n\n2019年3月1日 烟台市人民政府第40次常务会议通过\n\n{articles}\n")
    assert (city["issuer"], city["level"]) == (["烟台市人民政府"], "地方政府规章")
    # The State Council's 常务会议 makes 行政法规, not rules.
    council = meta_of(f"# 某某条例\n\n2007年8月29日 国务院第190次常务会议通过\n\n{articles}\n")
    assert council["level"] == "行政法规"


def test_an_amendment_approved_by_the_province_is_made_by_the_county() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    meta = meta_of("# 景宁畲族自治县某某条例\n\n2001年4月12日 县第五届人民代表大会第五次会议通过\n\n"
                   "2021年5月28日 浙江省第十三届人民代表大会常务委员会第二十九次会议关于批准"
                   "《景宁畲族自治县人民代表大会关于修改〈景宁畲族自治县某某条例〉的决定》修正\n\n" + articles + "\n")
    assert (meta["issuer"], meta["region"]) == (["景宁畲族自治县人民代表大会"], "浙江省丽水市景宁畲族自治县")


# --- structure ------------------------------------------------------------------------------

def test_a_bare_numeral_heading_is_the_next_item() -> None:
    assert match_label("三") is not None and match_label("三").ordinal == 3
    text = "## 一、甲\n\n内容。\n\n## 二、乙\n\n内容。\n\n## 三\n原通知同时废止。\n"
    blocks = build_blocks(prepare(text).lines, markdown=True).blocks
    assert [b.label for b in blocks if b.heading_level] == ["一、", "二、", "三"]
    # Inside running text a lone numeral is a wrapped fragment, not a heading.
    wrapped = build_blocks(prepare("一、总则\n依照本法第\n二\n条执行。\n").lines).blocks
    assert [b.label for b in wrapped if b.heading_level] == ["一、"]


def test_a_blank_line_in_markdown_ends_a_line_that_is_a_unit_of_its_own() -> None:
    formulas = "日工资：月工资收入÷月计薪天数\n\n小时工资：月工资收入÷（月计薪天数×8小时）。\n"
    assert paragraphs(formulas, markdown=True) == ["日工资：月工资收入÷月计薪天数", "小时工资：月工资收入÷（月计薪天数×8小时）。"]
    item = "一、废止《某条例》（1992年9月19日某会议通过）\n\n本决定自公布之日起施行。\n"
    assert len(paragraphs(item, markdown=True)) == 2
    # A PDF break kept by the conversion: after a sentence end, or inside quotes, it joins.
    cut = "（二）强化排查。各地要严格遵守“管\n\n理标准化”机制。\n"
    assert paragraphs(cut, markdown=True) == ["（二）强化排查。各地要严格遵守“管理标准化”机制。"]
    # Plain text keeps its rule: a blank line alone never ends a paragraph.
    assert len(paragraphs(formulas, markdown=False)) == 1
