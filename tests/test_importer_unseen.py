"""Rules found by importing real texts the importer had not seen (tests/sources/unseen/).

Each rule has a short synthetic example here; the real texts that exposed the gaps are imported
whole at the end and checked for clause count, fidelity and metadata.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kb.docno import find_doc_numbers
from kb.importer import import_text
from kb.importer.lines import prepare, split_record
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
    # The same approval worded “…会议批准的《…关于修改〈…〉的决定》修正”.
    city = meta_of("# 杭州市某某条例\n\n1997年8月15日 杭州市第九届人民代表大会常务委员会第四次会议通过\n\n"
                   "2008年8月1日 浙江省第十一届人民代表大会常务委员会第五次会议批准的《杭州市人民代表大会常务委员会"
                   "关于修改〈杭州市某某条例〉的决定》修正\n\n" + articles + "\n")
    assert (city["issuer"], city["region"]) == (["杭州市人民代表大会常务委员会"], "浙江省杭州市")
    # An approval of the regulation itself (no amending decision) names no maker in its brackets.
    plain = meta_of("# 杭州市某某条例\n\n1997年8月15日 杭州市第九届人民代表大会常务委员会第四次会议通过\n\n"
                    "1998年4月20日 浙江省第九届人民代表大会常务委员会第三次会议批准\n\n" + articles + "\n")
    assert plain["issuer"] == ["杭州市人民代表大会常务委员会"]


def test_a_city_since_abolished_is_reported_with_the_district_that_keeps_its_name() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    result = import_text(f"# 莱芜市某某规定\n\n2017年10月31日 莱芜市第十八届人民代表大会常务委员会第五次会议通过\n\n"
                         f"{articles}\n".encode(), "t.txt")
    # 莱芜市 left GB/T 2260 in 2019: the text's region stays empty for the editor, with the nearest value.
    assert result.meta["region"] is None and "region" in result.missing
    assert any("莱芜市" in n and "山东省济南市莱芜区" in n for n in result.notes)


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


def test_a_施行_article_dated_in_chinese_numerals() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    meta = meta_of(f"# 某某规定\n\n<!-- INFO END -->\n\n{articles}\n\n第四条 本规定自二○○四年十月一日起施行。\n")
    assert meta["effective"] == date(2004, 10, 1)


def test_the_last_history_line_is_not_joined_to_the_preamble() -> None:
    text = ("2007年8月3日 河南省第十届人民代表大会常务委员会第三十二次会议《关于修改〈某决议〉的决定》修正\n\n"
            "我国宪法规定，特作如下决议：\n\n一、提高认识。\n")
    assert paragraphs(text, markdown=True)[:2] == [
        "2007年8月3日 河南省第十届人民代表大会常务委员会第三十二次会议《关于修改〈某决议〉的决定》修正",
        "我国宪法规定，特作如下决议："]


# --- government web pages -------------------------------------------------------------------

def test_the_information_panel_of_a_government_page_is_metadata_not_text() -> None:
    page = ("• 信息索引号:\n\n  11330700MB10327095/2013-02249\n\n  • 文件名称:\n\n  某某总体应急预案\n\n"
            "  • 发布机构:\n\n  金华经济技术开发区\n\n  • 成文日期:\n\n  2013-10-12\n\n  • 公开方式:\n\n  主动公开\n\n"
            "  • 某某总体应急预案\n\n  日期:2013-10-12 00:00:00 来源:金华市人民政府办公室 浏览量:\n  分享:\n\n  朗读\n\n"
            "  某某总体应急预案\n\n  一、总则\n\n  (一)编制目的\n\n  建立工作机制。\n")
    prepared = prepare(page)
    assert prepared.portal == {"信息索引号": "11330700MB10327095/2013-02249", "文件名称": "某某总体应急预案",
                               "发布机构": "金华经济技术开发区", "成文日期": "2013-10-12", "公开方式": "主动公开"}
    assert [ln.text for ln in prepared.lines][:2] == ["某某总体应急预案", "一、总则"]
    meta = meta_of(page)
    # A development zone lies in the city whose name it carries (GB/T 2260 has no code for it).
    assert (meta["title"], meta["issuer"], meta["region"], meta["issued"]) == (
        "某某总体应急预案", ["金华经济技术开发区"], "浙江省金华市", date(2013, 10, 12))
    assert "政府信息公开栏" in meta["note"]


def test_publisher_and_date_under_the_title_and_a_bare_index_number() -> None:
    page = ("某区应急管理局关于开展专项整治行动的通知\nQE2305000-2023-002\n主动公开\n青应急〔2023〕3号\n"
            "上海市青浦区应急管理局\n2023.01.31\n各镇、街道城市运行管理中心:\n为巩固成果，开展整治。\n"
            "青浦区应急管理局\n2023年1月31日\n")
    meta = meta_of(page)
    assert (meta["doc_no"], meta["addressees"], meta["issued"], meta["region"]) == (
        "青应急〔2023〕3号", "各镇、街道城市运行管理中心", date(2023, 1, 31), "上海市青浦区")


def test_a_date_alone_after_the_notice_is_its_date() -> None:
    page = ("于府办发〔2022〕33号\n于都县人民政府办公室\n关于印发《某工作方案》的通知\n各乡(镇)人民政府:\n"
            "现将《某工作方案》印发给你们，请认真抓好贯彻落实。\n2022年4月26日\n某工作方案\n一、工作目标\n目标。\n")
    assert meta_of(page)["issued"] == date(2022, 4, 26)



def test_panel_fields_spaced_out_and_several_on_one_line() -> None:
    page = ("标  题: 某旗安全生产委员会关于印发《某工作要点》的通知\n"
            "索 引 号: 11150621MB1688871X/2024-3653124 发文字号: 达安委会发〔2024〕8号 成文日期: 2024-06-13\n"
            "概  述:   各苏木镇人民政府:    依据...\n\n达拉特旗安全生产委员会关于印发《某工作要点》的通知\n\n"
            "来源:应急管理局 发布时间:2024-06-13 00:00 字号: 打印 保存 分享至:\n\n各苏木镇人民政府: \n\n"
            "        现将《某工作要点》印发给你们。 \n")
    prepared = prepare(page)
    assert (prepared.portal["文件名称"], prepared.portal["发文字号"], prepared.portal["成文日期"]) == (
        "某旗安全生产委员会关于印发《某工作要点》的通知", "达安委会发〔2024〕8号", "2024-06-13")
    meta = meta_of(page)
    assert (meta["title"], meta["doc_no"], meta["issued"], meta["region"]) == (
        "达拉特旗安全生产委员会关于印发《某工作要点》的通知", "达安委会发〔2024〕8号", date(2024, 6, 13),
        "内蒙古自治区鄂尔多斯市达拉特旗")
    # A line of the text that happens to begin like a label further down stays text.
    assert prepare("一、总则\n" * 3 + "标题：不是面板\n").lines[-1].text == "标题：不是面板"


# --- second round (tests/sources/unseen/v*) -------------------------------------------------

def test_an_amendment_of_a_law_is_titled_and_dated_by_its_history() -> None:
    # A compilation prints the 修正案's commencement line above its history; the line stays text.
    text = ("# 中华人民共和国某法修正案（六）\n\n本修正案自公布之日起实行\n\n"
            "2006年6月29日 第十届全国人民代表大会常务委员会第二十二次会议通过\n\n<!-- INFO END -->\n\n"
            "将某法第一百三十四条修改为：“内容。”\n\n在某法第一百三十五条后增加一条，作为第一百三十五条之一：“内容。”\n")
    result = import_text(text.encode(), "t.txt")
    meta = result.meta
    assert (meta["title"], meta["issuer"], meta["level"], meta["issued"]) == (
        "中华人民共和国某法修正案（六）", ["全国人民代表大会常务委员会"], "法律", date(2006, 6, 29))
    # “自公布之日起实行” and no 公布 in the history: the date it took effect is not stated.
    assert "effective" not in meta and "本修正案自公布之日起实行" in result.text
    # Only a line about the text's own commencement is passed over: a sentence above dated lines is not.
    notice = meta_of("# 某决定\n\n为加强管理，决定如下。\n\n2006年6月29日 某会议通过\n\n一、内容。\n")
    assert notice["issued"] is None
    applies = meta_of("# 某决定\n\n本决定所称企业，是指生产经营单位。\n\n2006年6月29日 某会议通过\n\n一、内容。\n")
    assert applies["issued"] is None


def test_a_decision_of_the_standing_committee_is_no_law_by_its_name_alone() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    meta = meta_of(f"# 全国人民代表大会常务委员会关于某问题的决定\n\n2006年6月29日 第十届全国人民代表大会常务委员会"
                   f"第二十二次会议通过\n\n{articles}\n")
    assert meta["level"] is None


def test_a_publication_time_under_the_headline_is_page_furniture() -> None:
    page = ("某市人民政府办公室关于印发某预案的通知\n发表时间:2024-03-29\n\n各县人民政府:\n\n"
            "《某预案》经市人民政府同意,现印发给你们。\n")
    prepared = prepare(page)
    assert prepared.dropped == ["发表时间:2024-03-29"]
    assert import_text(page.encode(), "t.txt").meta["addressees"] == "各县人民政府"
    # A sentence that begins with the same words is text.
    kept = ["发表时间:以报刊出版日期为准。", "更新时间：每季度末更新一次"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_a_title_glued_to_the_number_under_it_is_not_part_of_the_number() -> None:
    from kb.docno import find_doc_numbers
    assert find_doc_numbers("关于印发某预案的通知冠政办发〔2017〕83号") == ["冠政办发〔2017〕83号"]
    assert find_doc_numbers("《国务院关于进一步加强企业安全生产工作的通知》（国发〔2010〕23号）") == ["国发〔2010〕23号"]


def test_page_furniture_of_a_hosting_site() -> None:
    page = ("您的位置: 首页 > 安全生产\n某市人民政府办公室关于印发某预案的通知\n"
            "【信息来源:【信息时间:2021-08-25  阅读次数: 】【字号 】【我要打印】【关闭\n01.06.2015 21:28\n"
            "本文来源: 安全生产监督管理局\n某政办 [2021] 15号\n各县人民政府:\n现印发你们,请认真贯彻执行。\n"
            "联系人:张三,联系电话: 0371—65919808\n2021年8月12日\n|\n")
    prepared = prepare(page)
    assert prepared.dropped == ["您的位置: 首页 > 安全生产", "【信息来源:【信息时间:2021-08-25  阅读次数: 】【字号 】【我要打印】【关闭",
                                "01.06.2015 21:28", "本文来源: 安全生产监督管理局", "|"]
    meta = meta_of(page)
    assert (meta["title"], meta["doc_no"], meta["addressees"], meta["issued"]) == (
        "某市人民政府办公室关于印发某预案的通知", "某政办〔2021〕15号", "各县人民政府", date(2021, 8, 12))
    # A date with a time of day written as text, a sentence about a source, a table row: all text.
    kept = ["2024年3月15日 9:00", "来源不明的危险化学品，一律暂扣。", "本文来源于国家标准。", "| 序号 | 名称 |",
            "当前位置不得堆放杂物。", "2024-03-15 09:00", "地点：三楼会议室"]
    assert [ln.text for ln in prepare("某会议日程\n一、要求\n会议安排：\n" + "\n".join(kept) + "\n").lines][3:] == kept


def test_a_panel_laid_out_as_a_table() -> None:
    page = ("索 引 号 | 11370800004312466C/2024-04136 | 公开方式 | 主动公开 |\n发布机构 | 济宁市人民政府 | 组配分类 | 济政字 |\n"
            "成文日期 | 2024-10-17 | 失效日期 | |\n有效性 |\n济宁市人民政府关于某事故调查报告的批复\n济宁市人民政府\n"
            "关于某事故调查报告的批复\n济政字〔2024〕53号\n市应急局:\n你局请示收悉。现批复如下:\n一、同意。\n")
    prepared = prepare(page)
    # An empty cell is empty: the title under 有效性 | is no value of it.
    assert prepared.portal == {"索引号": "11370800004312466C/2024-04136", "公开方式": "主动公开",
                               "发布机构": "济宁市人民政府", "成文日期": "2024-10-17"}
    result = import_text(page.encode(), "t.txt")
    meta = result.meta
    # The page's headline is dropped (reported) where the document's own head repeats it.
    assert result.dropped[0] == "济宁市人民政府关于某事故调查报告的批复"
    assert (meta["title"], meta["doc_no"], meta["addressees"], meta["issuer"], meta["issued"]) == (
        "济宁市人民政府关于某事故调查报告的批复", "济政字〔2024〕53号", "市应急局", ["济宁市人民政府"], date(2024, 10, 17))
    # 批复 answers one 请示: a working document.
    assert meta["level"] == "地方工作文件"


def test_only_an_exact_repeat_of_the_first_line_makes_it_a_headline() -> None:
    # A title followed by text that merely begins like it: nothing is dropped.
    text = "某县安全生产工作要点\n某县安全生产工作\n要点如下。\n一、目标。\n"
    assert import_text(text.encode(), "t.txt").dropped == []
    same = "一、总则\n一、总则\n内容。\n"
    assert len(prepare(same).lines) == 3 and import_text(same.encode(), "t.txt").dropped == []


def test_a_number_in_brackets_under_the_title() -> None:
    text = ("长春市安全生产委员会办公室关于报送总结的通知\n(长安委办[2007]17号)\n各县(市)区安全生产委员会:\n"
            "请于12月15日前报送总结材料。\n")
    meta = meta_of(text)
    assert (meta["doc_no"], meta["addressees"]) == ("长安委办〔2007〕17号", "各县(市)区安全生产委员会")
    from kb.importer.metadata import doc_no_of_line
    # A reference in brackets is no number of the text's own; nor is a bracketed year or remark.
    assert [doc_no_of_line(t) for t in ("（见国发〔2010〕23号）", "（2010年）", "（试行）", "（国发〔2010〕23号）")] == [
        None, None, None, "国发〔2010〕23号"]


def test_pneumoconiosis_is_occupational_health() -> None:
    from kb.importer.classify import topics_of
    assert topics_of("中华人民共和国尘肺病防治条例") == ["职业健康"]
    assert "职业健康" not in topics_of("工贸企业粉尘防爆安全规定")


def test_chapter_names_listed_before_the_text_are_its_table_of_contents() -> None:
    toc = "## 第一章 总则\n\n## 第二章 职责\n\n## 第三章 附则\n\n"
    body = ("## 第一章 总 则\n\n第一条 内容一。\n\n第二条 内容二。\n\n## 第二章 职责\n\n第三条 内容三。\n\n"
            "## 第三章 附 则\n\n第四条 本条例自2023年2月1日起施行。\n")
    result = import_text(("# 某经济特区条例\n\n<!-- INFO END -->\n\n" + toc + body).encode(), "t.txt")
    headed = [b.heading for b in result.blocks if b.heading_level]
    assert headed == ["第一章 总 则", "第一条", "第二条", "第二章 职责", "第三条", "第三章 附 则", "第四条"]
    # The list stays in the text, as paragraphs; the editor is told.
    assert [b.text for b in result.blocks[:3]] == ["第一章 总则", "第二章 职责", "第三章 附则"]
    assert any("目录" in n for n in result.notes)
    # Without a list, or when the first chapter has articles, nothing changes.
    plain = import_text(("# 某条例\n\n<!-- INFO END -->\n\n" + body).encode(), "t.txt")
    assert [b.heading for b in plain.blocks if b.heading_level] == headed and not plain.notes
    repeated = import_text(("# 某条例\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 内容。\n\n## 第二章 职责\n\n"
                            "第二条 内容。\n\n## 第一章 总则\n\n第三条 内容。\n").encode(), "t.txt")
    assert [b.label for b in repeated.blocks if b.heading_level] == ["第一章", "第一条", "第二章", "第二条", "第三条"]


def test_an_inserted_article_is_named_for_the_editor() -> None:
    text = "# 某法\n\n<!-- INFO END -->\n\n第一条 内容一。\n\n第二条 内容二。\n\n第二条之一 内容二之一。\n\n第三条 内容三。\n"
    result = import_text(text.encode(), "t.txt")
    assert [b.label for b in result.blocks if b.heading_level] == ["第一条", "第二条", "第三条"]
    assert "第二条之一 内容二之一。" in result.text and "“第二条之一”是修改时插入的条文" in result.notes[0]


# --- the real texts ---------------------------------------------------------------------------

# file → (numbered units, doc_no, issuer, region, level, issued, effective): what each text states.
REAL = {
    "u03_gongzizhesuan-tongzhi-2008.txt": (3, "劳社部发〔2008〕3号", [], None, None, None, None),
    "u04_nianxiujia-banfa-2008.txt": (19, None, ["人力资源和社会保障部"], "全国", "部门规章", date(2008, 7, 17), None),
    "u06_xinyongka-jueding-2018.txt": (8, None, ["最高人民法院", "最高人民检察院"], "全国", "司法解释",
                                       date(2018, 10, 19), date(2018, 12, 1)),
    "u10_beijing-feizhi-jueding-2021.txt": (4, None, ["北京市人民代表大会常务委员会"], "北京市", "地方性法规",
                                            date(2021, 9, 24), None),
    "u12_jingning-shuiziyuan-2021.txt": (26, None, ["景宁畲族自治县人民代表大会"], "浙江省丽水市景宁畲族自治县",
                                         "地方性法规", date(2021, 5, 28), None),
    "u13_henan-sifajiandu-jueyi-2007.txt": (6, None, ["河南省人民代表大会常务委员会"], "河南省", "地方性法规",
                                            date(2007, 8, 3), None),
    "n01_qingpu-zhuanxiangzhengzhi-2023.txt": (0, "青应急〔2023〕3号", ["青浦区应急管理局"], "上海市青浦区",
                                               "地方规范性文件", date(2023, 1, 31), None),
    "n02_yudu-wugequanfugai-2022.txt": (4, "于府办发〔2022〕33号", ["于都县人民政府办公室"], "江西省赣州市于都县",
                                        "地方规范性文件", date(2022, 4, 26), None),
    "n03_jinhua-kfq-yingjiyuan-2013.txt": (6, None, ["金华经济技术开发区"], "浙江省金华市", "地方规范性文件",
                                           date(2013, 10, 12), None),
    "n04_dalateqi-gongzuoyaodian-2024.txt": (2, "达安委会发〔2024〕8号", ["达拉特旗安全生产委员会"],
                                             "内蒙古自治区鄂尔多斯市达拉特旗", "地方工作文件", date(2024, 6, 13), None),
    "n06_isofans-jinshukuangshan-zhengqiu-2019.txt": (0, None, ["应急管理部安全生产基础司"], "全国", "部门工作文件",
                                                      date(2019, 8, 19), None),
    "v01_xingfa-xiuzhengan6-2006.txt": (0, None, ["全国人民代表大会常务委员会"], "全国", "法律", date(2006, 6, 29), None),
    "v04_yuncheng-tezhongshebei-yuan-2024.txt": (0, "运政办发〔2024〕8号", ["运城市人民政府办公室"], "山西省运城市",
                                                 "地方规范性文件", date(2024, 3, 29), None),
    "v07_chenfeibing-tiaoli-1987.txt": (28, None, [], "全国", "行政法规", None, None),
    "v09_jining-shigu-pifu-2024.txt": (3, "济政字〔2024〕53号", ["济宁市人民政府"], "山东省济宁市", "地方工作文件",
                                       date(2024, 10, 17), None),
    "v10_henan-guapaiduban-2017.txt": (0, "豫安委办督〔2017〕2号", [], None, None, date(2017, 3, 21), None),
    "v11_zhejiang-zhuanfa-wufugai-2015.txt": (0, None, ["浙江省安全生产委员会办公室"], "浙江省", "地方规范性文件",
                                              date(2015, 5, 28), None),
    "v12_xuchang-yingjiyuan-2021.txt": (1, "许政办〔2021〕15号", ["许昌市人民政府办公室"], "河南省许昌市",
                                        "地方规范性文件", date(2021, 8, 12), None),
    "v13_changchun-yinhuanzongjie-2007.txt": (0, "长安委办〔2007〕17号", ["长春市安全生产委员会办公室"], "吉林省长春市",
                                              "地方规范性文件", None, None),
    "v14_shantou-tequ-xiaofang-2022.txt": (75, None, ["汕头市人民代表大会常务委员会"], "广东省汕头市", "地方性法规",
                                           date(2022, 12, 30), date(2023, 2, 1)),
    # Third round. w03 counts the lines of its plan's table of contents (1 总 则 1.1 编制目的 …, without
    # leader dots): decimal numbering is not read yet.
    "w02_wushan-weihuayuan-2017.txt": (0, "巫山府办发〔2017〕132号", ["巫山县人民政府办公室"], "重庆市巫山县",
                                       "地方规范性文件", None, None),
    "w03_dingxi-anding-yingjiyuan-2018.txt": (2, "安政办发〔2018〕20号", ["定西市安定区人民政府办公室"],
                                              "甘肃省定西市安定区", "地方规范性文件", date(2018, 2, 8), None),
    "w11_gansu-xiugai-difangfagui-jueding.txt": (3, None, ["甘肃省人民代表大会常务委员会"], "甘肃省", "地方性法规",
                                                 None, None),
    "w14_anweidu-guapaiduban-tongzhishu-2018.txt": (0, "安委督〔2018〕5号", ["国务院安全生产委员会"], "全国",
                                                    "部门规范性文件", date(2018, 7, 17), None),
    "w19_xinxiang-zhuanfa-guoqing-2017.txt": (0, None, ["新乡市人民政府安全生产委员会办公室"], "河南省新乡市",
                                              "地方规范性文件", date(2017, 10, 4), None),
    "w05_qingyang-feimeikuangshan-yuan.txt": (1, None, [], "甘肃省庆阳市", "地方规范性文件", None, None),
    # A law database's page: its catalogue card is dropped (reported), its banner and buttons stay text (the
    # title is left for the editor rather than made of the banner); the history under them dates the regulation.
    "w08_ehs-taiyuan-xiaofang-2024.txt": (4, None, ["太原市人民代表大会常务委员会"], "山西省太原市", "地方性法规",
                                          date(2024, 1, 18), None),
    # Metadata of a page in traditional characters are recorded in simplified ones (kb/importer/script.py).
    # Sixth round: its unsigned date stands over the title of what it issues, broken over two lines: the date.
    "w04_gov-big5-zhongtedashigu-2006.txt": (11, "安监总调度〔2006〕126号", [], None, None, date(2006, 7, 2), None),
    "w06_yongchuan-guapaizhengzhi-2025.txt": (0, "永川安办〔2025〕2号", ["重庆市永川区安全生产委员会办公室"],
                                              "重庆市永川区", "地方规范性文件", date(2025, 4, 3), None),
    "w09_xiangxi-zizhitiaoli-zhengqiu-2023.txt": (3, None, ["州人大常委会法工委"], None, None, date(2023, 11, 20), None),
    "w10_jishishan-zizhitiaoli-2012.txt": (4, None, ["积石山保安族东乡族撒拉族自治县人民代表大会"],
                                           "甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县", "地方性法规",
                                           date(2012, 3, 28), None),
    # Fourth round. y06 and y08 are openings (their one unit is the first heading of the page's excerpt);
    # y02 is dated by its 令, signed by the mayor.
    "x01_xingfa-xiuzhengan12-2023.txt": (8, None, ["全国人民代表大会常务委员会"], "全国", "法律", date(2023, 12, 29),
                                         date(2024, 3, 1)),
    "y02_infoeach-dongguan-zhongdaweixianyuan-2012.txt": (4, "东莞市人民政府令第123号", ["东莞市人民政府"],
                                                          "广东省东莞市", "地方政府规章", date(2012, 5, 30), None),
    "y03_xust-guapaiduban-tongzhishu-2019.txt": (0, "安委督〔2019〕10号", ["国务院安全生产委员会"], "全国",
                                                 "部门规范性文件", date(2019, 11, 14), None),
    "y05_dcwh-meizhou-guapaiduban-han-2023.txt": (0, "梅市安办函〔2023〕109号", ["梅州市安全生产委员会办公室"],
                                                  "广东省梅州市", "地方工作文件", date(2023, 8, 28), None),
    "y06_gz-yingji-tian-banliyijian-2019.txt": (1, None, ["广州市应急管理局"], "广东省广州市", "地方规范性文件",
                                                None, None),
    "y07_hcyozx-big5-qiyeanquan-tongzhi-2010.txt": (2, "国发〔2010〕23号", ["国务院"], "全国", "部门规范性文件",
                                                    None, None),
    "y08_xjss-shanshan-zhongwuran-yuan-2018.txt": (1, "鄯政办发〔2018〕109号", ["鄯善县人民政府办公室"],
                                                   "新疆维吾尔自治区吐鲁番市鄯善县", "地方规范性文件",
                                                   date(2018, 12, 6), None),
    "y10_fjmx-mingxi-shipinanquan-yuan-2016.txt": (0, "明政办〔2016〕82号", ["明溪县人民政府办公室"],
                                                   "福建省三明市明溪县", "地方规范性文件", date(2016, 6, 23), None),
    "y11_kjzch-zhengzhou-gaoxinqu-yuan-2018.txt": (6, "郑开管〔2018〕4号", ["郑州高新技术产业开发区管委会"],
                                                   "河南省郑州市", "地方规范性文件", date(2018, 2, 1), None),
    "y12_infoeach-jianshebu-xinjishu-xize-2002.txt": (5, "建科〔2002〕222号", ["中华人民共和国建设部"], "全国",
                                                      "部门规范性文件", date(2002, 9, 6), None),
    # y13's 令 number is written without 第 (令19号), which no rule reads; y14 ends with the site's download
    # button and the first word of its next item (宁波) under its date.
    "y13_infoeach-jinan-wenhuayule-1991.txt": (5, None, ["山东省济南市人民政府"], "山东省济南市", "地方规范性文件",
                                               date(1991, 3, 26), None),
    "y14_infoeach-guoguanju-weixiuzijin-2011.txt": (3, "国机房改〔2011〕236号", ["国务院机关事务管理局"], "全国",
                                                    "部门规范性文件", date(2011, 11, 4), None),
    # Signed by its issuer's name without a date, which is not read as a 落款.
    "y16_nbxinxi-shaoxing-jianshe-zhuanfa-2008.txt": (0, None, [], None, None, None, None),
    # A third-round page left over then: a read-aloud widget and a panel whose values sit under their labels.
    # Fifth round: a 函 reposted under a photo caption, its attachments listed by name after its 落款.
    "z03_yingjibu-jiuyuanpinggu-zhengqiu-2023.txt": (0, "应急综信息函〔2023〕4号", ["国家安全生产应急救援中心综合部"],
                                                     "全国", "部门工作文件", date(2023, 8, 14), None),
    # A city's regulation amended by its own decision, which the province approved.
    "z04_hangzhou-shuishangjiaotongshigu-2008.txt": (40, None, ["杭州市人民代表大会常务委员会"], "浙江省杭州市",
                                                     "地方性法规", date(2008, 8, 1), None),
    # The ministry's own page: its timestamp glued to 来源, 文号 in ﹝﹞, a 落款 date that lost its 年月日 (2019102,
    # too short to read as a date: the text is reported unsigned), an editor's credit under it.
    "z05_mem-guapaiduban-ninghai-2019.txt": (0, "安委督〔2019〕8号", ["国务院安全生产委员会"], "全国",
                                             "部门规范性文件", None, None),
    # A State Council regulation “国务院发布” without an order number, with a fee table as its 附件.
    "z06_zhongcai-shoufei-banfa-1995.txt": (15, None, ["国务院"], "全国", "行政法规", date(1995, 7, 28), date(1995, 9, 1)),
    # Approved by the State Council, published by a ministry without an order. Its level is what the rules give a
    # department's 规定; the catalogue's 行政法规 (国务院批准、部门发布 before 2000) is not derived (known gap).
    "z09_zhongwaihezi-hyingqixian-1990.txt": (7, None, ["对外经济贸易部"], "全国", "部门规范性文件",
                                              date(1990, 10, 22), date(1990, 10, 22)),
    # A procuratorate's 通知 in a law database: no 司法解释 by its form, no department's document either. Its
    # 主送 stands under the adoption history and stays text (known gap), and its source lost the labels 一、二、.
    "z07_gaojian-xingfa-shierre-tongzhi-1997.txt": (0, None, ["最高人民检察院"], "全国", None, date(1997, 10, 6), None),
    # A 转发 notice without its head, the link to the page's PDF under its 落款.
    "z11_changzhou-zhuanfa-zhongdu-tongbao-2019.txt": (0, None, ["常州市应急管理局"], "江苏省常州市", "地方规范性文件",
                                                       date(2019, 6, 5), None),
    # A 条例 the first Standing Committee adopted (its meeting numbered without a 届): a law.
    "z12_hukou-dengji-tiaoli-1958.txt": (24, None, ["全国人民代表大会常务委员会"], "全国", "法律", date(1958, 1, 9), None),
    "w07_nanan-shiwuzhongdu-yuan-2021.txt": (0, None, ["南岸区教委"], "重庆市南岸区", "地方规范性文件",
                                             date(2021, 12, 1), None),
    # A second-round page left over then: a panel that lost its labels; its units are the plan's
    # first-level sections (1.总则 …; the decimal ones below are not read).
    "v06_guanxian-yingjiyuan-2017.txt": (9, "冠政办发〔2017〕83号", ["冠县人民政府办公室"], "山东省聊城市冠县",
                                         "地方规范性文件", date(2017, 9, 4), None),
    # Sixth round. A page's short headline (17号 十三五安全生产规划) over the 文号 and the notice's own head,
    # broken as 关于印发…规划的 / 通    知.
    "a01_dingtao-shisanwu-guihua-2016.txt": (3, "菏定安发〔2016〕17号", ["菏泽市定陶区人民政府安全生产委员会"],
                                             "山东省菏泽市定陶区", "地方规范性文件", date(2016, 12, 30), None),
    # A 印发 notice dated but unsigned, over the plan's title on two lines (…专项整治 / 工作计划) and a table
    # flattened to rows with bars. No issuer, region or level is stated: left empty.
    "a02_dengfeng-xuzhuang-zhuanxiang-jihua-2017.txt": (6, None, [], None, None, date(2017, 2, 24), None),
    # A 预案 whose table of contents lists its headings without page numbers (1 总则 … 7.3), then 1.总则.
    "a03_zhuolu-meikuang-yuan.txt": (2, None, [], "河北省张家口市涿鹿县", "地方规范性文件", None, None),
    # A 预案 in traditional characters under the page's 來源/發布日期/瀏覽次數 line.
    "a04_zhouqu-shigu-yuan-2019.txt": (1, None, [], "甘肃省甘南藏族自治州舟曲县", "地方规范性文件", None, None),
    # A page's date widget (今天:) and a breadcrumb labelled 您当前所在位置. The page lost the 〕 and 号 of the
    # 文号 (赣市发〔201737) and the 年月日 of a date signed by two bodies: both left empty (known gap).
    "a05_ganzhou-gaige-banfa-2017.txt": (2, None, [], None, None, None, None),
    # A provincial 条例 in traditional characters with printed pinyin (第一條, 生產(chǎn)), under a list of rated links.
    "a06_jiangsu-anquanshengchan-fanti.txt": (4, None, [], "江苏省", "地方性法规", None, None),
    # A table of contents without page numbers whose first entry is written again as it was (1 总则).
    "a07_zhongshan-shigu-yuan.txt": (8, None, [], "广西壮族自治区贺州市钟山县", "地方规范性文件", None, None),
}


def _squeezed(text: str) -> str:
    """Text without layout: Markdown marks, HTML comments, escapes and whitespace."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return re.sub(r"\s+", "", text.replace("\\", ""))


def test_every_unseen_source_is_listed() -> None:
    assert sorted(p.name for p in UNSEEN.glob("*.txt")) == sorted(REAL)


@pytest.mark.parametrize("name", sorted(REAL))
def test_a_real_unseen_text_imports_faithfully(name: str) -> None:
    raw = (UNSEEN / name).read_bytes()
    result = import_text(raw, name)
    units, doc_no, issuer, region, level, issued, effective = REAL[name]
    meta = result.meta
    assert (meta["doc_no"], meta["issuer"], meta["region"], meta["level"], meta["issued"], meta.get("effective")) == (
        doc_no, issuer, region, level, issued, effective)
    _, source, _ = split_record(raw.decode("utf-8"))
    # An amending decision's instructions (第九条修改为：…) name articles; they are none.
    articles = [ln for ln in source.split("\n") if re.match(r"第[一二三四五六七八九十百零]+条(?!\S*?(?:修改为|增加))", ln)]
    # An appendix after the last article (附件：) heads a unit of its own, without a number.
    numbered = [b for b in result.blocks if b.heading_level and b.label and not b.label.endswith(("章", "节"))]
    assert len(numbered) == units and (not articles or len(articles) == units)
    # Fidelity: the body is the source's text, in order, less only its head, the page furniture it
    # reports and its 落款.
    body = "".join(b.heading + b.text if b.heading_level else b.text for b in result.blocks)
    for furniture in result.dropped:  # a whole line each (a page number 1 is not the 1 of 2025年8月31日)
        source = re.sub(rf"^[ \t\u3000]*{re.escape(furniture)}[ \t\u3000]*$", "", source, count=1, flags=re.M)
    src, out = _squeezed(source), _squeezed(body)
    assert out in src
    head = src[: src.index(out)]
    removed = _squeezed("".join([meta["title"] or "", meta["doc_no"] or "", meta["addressees"] or "",
                                 *meta.get("closing", [])]))
    assert len(head) + len(src) - len(head) - len(out) <= len(removed) + 40
    # Importing twice gives the same file.
    assert import_text(raw, name).text == result.text


def test_a_forums_anti_copy_noise_is_dropped_and_reported() -> None:
    text = ("关于征求《某指南》\n6 ^$ {- Q H& {. {) q7 `' ?\n意见的函\n/ \\& {& A' ?4 A* [- W) x各省应急管理厅:\n"
            "现征求你单位意见。\n应急管理部安全生产基础司\n2019年8月19日\n")
    result = import_text(text.encode(), "t.txt")
    assert result.dropped == ["6 ^$ {- Q H& {. {) q7 `' ?", "/ \\& {& A' ?4 A* [- W) x"]
    meta = result.meta
    # A ministry's department (…司) signs its 函; a 函 is a working document between offices.
    assert (meta["title"], meta["addressees"], meta["issuer"], meta["level"]) == (
        "应急管理部安全生产基础司关于征求《某指南》意见的函", "各省应急管理厅", ["应急管理部安全生产基础司"], "部门工作文件")
    # A standard's number or a URL is no noise.
    assert [ln.text for ln in prepare("GB/T 3608-2008 高处作业分级\nhttps://www.mem.gov.cn/a/b.shtml\n").lines] == [
        "GB/T 3608-2008 高处作业分级", "https://www.mem.gov.cn/a/b.shtml"]
    # Nor a formula or a Markdown table rule: their short tokens are single marks, letters or numbers.
    kept = ["S = ( a + b ) / 2", "| --- | --- |", "x = 10 / 2 * k", "( 1 ) ( 2 ) ( 3 )", "A1 A2 B1 B2 C1",
            "5% 8% 9% 7% 6%"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_a_notice_that_quotes_a_meeting_is_still_signed_by_its_issuer() -> None:
    """A 印发 notice may say which 常务会议 passed what it issues: it is signed, not adopted, and no 规章."""
    text = ("杭州市人民政府办公厅关于印发杭州市安全生产考核办法的通知\n各区、县（市）人民政府，市政府各部门：\n"
            "2019年3月1日杭州市人民政府第30次常务会议审议通过\n《杭州市安全生产考核办法》已经市政府同意，现印发给你们，请认真贯彻执行。\n"
            "杭州市人民政府办公厅\n2019年3月5日\n")
    meta = import_text(text.encode(), "t.txt").meta
    assert (meta["issuer"], meta["issued"]) == (["杭州市人民政府办公厅"], date(2019, 3, 5))
    assert meta["level"] != "地方政府规章"


def test_dates_that_are_text_stay_text() -> None:
    # A date line inside a notice is what the notice says, not its 成文日期 ...
    meeting = ("关于召开安全生产工作会议的通知\n各有关单位：\n定于下列日期召开全市安全生产工作会议：\n2024年3月15日\n"
               "请各单位主要负责人参加。会议地点另行通知。\n")
    result = import_text(meeting.encode(), "m.txt")
    assert result.meta["issued"] is None and "2024年3月15日" in result.text
    # ... nor is a 日期： line web furniture.
    assert [ln.text for ln in prepare("会议安排如下：\n日期：2024年3月15日上午9时\n").lines][-1] == "日期：2024年3月15日上午9时"
    # A date alone above a law's history does not date the law.
    law = ("# 山东省测试条例\n\n2014年8月31日\n\n2002年6月29日山东省第九届人民代表大会常务委员会第三十次会议通过\n\n"
           "<!-- INFO END -->\n\n第一条 本条例内容。\n\n第二条 本条例内容。\n\n第三条 本条例自2002年9月1日起施行。\n")
    assert import_text(law.encode(), "l.txt").meta["issued"] == date(2002, 6, 29)


# --- third round (tests/sources/unseen/w*) --------------------------------------------------

def test_a_short_name_the_text_gives_is_no_citation_of_its_own() -> None:
    meta = meta_of("根据《最高人民法院关于审理某案件适用法律若干问题的解释》（以下简称《解释》），现通知如下。"
                   "《解释》第三条规定。依照《中华人民共和国矿山安全法》(下称《矿山安全法》)和《工伤保险条例》。\n")
    assert meta["cites"] == ["《最高人民法院关于审理某案件适用法律若干问题的解释》", "《中华人民共和国矿山安全法》",
                             "《工伤保险条例》"]
    # A title quoted again in full, or called by a name the text does not define, is still cited.
    assert meta_of("依照《安全生产法》和《消防法》。\n")["cites"] == ["《安全生产法》", "《消防法》"]
    # 称 alone defines no short name (所称, 名称): those titles are cited (review, 2026-11-30).
    assert meta_of("本条例所称《安全生产许可证》，文件名称《关于加强安全生产工作的通知》。\n")["cites"] == [
        "《安全生产许可证》", "《关于加强安全生产工作的通知》"]


def test_a_title_holding_a_verb_by_chance_names_no_issuer() -> None:
    from kb.importer.metadata import issuer_from_title

    assert issuer_from_title("危险货物中转发运安全管理办法") == []
    assert issuer_from_title("国家安全监管总局办公厅关于印发某某办法的通知") == ["国家安全监管总局办公厅"]


@pytest.mark.parametrize(("title", "level"), [
    ("某市应急管理局关于《某某办法》有关条款的说明", None),
    ("应急管理部关于某某问题的答复", "部门工作文件"),
    ("某市应急管理局关于某事的请示", None),
    ("某市人民政府关于提请审议某某条例草案的议案", None),
])
def test_more_kinds_of_title(title: str, level: str | None) -> None:
    meta = meta_of(f"{title}\n某单位：\n现将有关事项说明如下。\n一、事项。\n")
    assert meta["title"] == title and meta["addressees"] == "某单位"
    if level:
        assert meta["level"] == level


def test_a_title_that_starts_with_its_verb_names_no_issuer() -> None:
    from kb.importer.metadata import issuer_from_title
    assert issuer_from_title("关于印发《某某规定》的通知") == []
    assert issuer_from_title("转发省应急管理厅关于某事的通知") == []
    assert issuer_from_title("某市应急管理局转发省应急管理厅关于某事的通知") == ["某市应急管理局"]
    assert issuer_from_title("某市应急管理局关于印发某方案的通知") == ["某市应急管理局"]


def test_a_panel_whose_labels_are_framed() -> None:
    result = import_text("您当前的位置:首页>政务公开>行政规范性文件\n"
                         "[ 索引号 ] 115002370086610305/2020-00160 [ 发文字号 ] 巫山府办发〔2017〕132号\n"
                         "[ 发布机构 ] 巫山县人民政府办公室\n[ 成文日期 ] 2017-08-17 [ 发布日期 ] 2020-10-28\n"
                         "关于印发某某预案的通知\n各乡镇人民政府：\n现印发给你们。\n".encode(), "t.txt")
    meta = result.meta
    assert (meta["doc_no"], meta["issuer"], meta["issued"]) == ("巫山府办发〔2017〕132号", ["巫山县人民政府办公室"],
                                                                date(2017, 8, 17))
    assert result.dropped[0].startswith("您当前的位置") and len(result.dropped) == 4
    # A framed word inside the text is no panel.
    assert "[ 附件 ] 名单" in paragraphs("某某通知\n各单位：\n[ 附件 ] 名单\n", markdown=False)[-1]


def test_a_panels_date_of_another_year_than_the_number_is_the_posting_date() -> None:
    result = import_text("[ 发文字号 ] 巫山府办发〔2017〕132号\n[ 成文日期 ] 2020-10-28\n"
                         "关于印发某某预案的通知\n各单位：\n现印发给你们。\n".encode(), "t.txt")
    assert result.meta["issued"] is None and any("2020-10-28" in n for n in result.notes)


def test_a_reposting_sites_byline_and_font_size_picker_are_page_furniture() -> None:
    result = import_text("當前位置: 政務公開>> 部門地方文件\n"
                         "中央政府門戶網站 www.gov.cn   2006年07月6日   來源:安全監管總局網站\n"
                         "安監總調度〔2006〕126號\n關於印發《某某辦法》的通知\n各省局:\n現予印發。\n".encode(), "t.txt")
    assert result.meta["doc_no"] == "安监总调度〔2006〕126号" and len(result.dropped) == 2
    # What a traditional page cites is recorded as the simplified corpus writes it, to be found there.
    assert meta_of("各單位:\n請結合《某某方案》(青安辦〔2017〕15號)認真落實。\n")["cites"] == ["青安办〔2017〕15号", "《某某方案》"]
    picker = import_text("某市某某应急预案\n32px\n- 12px\n- 14px\n1 总则\n为有效应对事故，制定本预案。\n".encode(), "t.txt")
    assert picker.dropped == ["32px", "- 12px", "- 14px"]
    # Further down, a dated line that credits a source is the text's own.
    body = paragraphs("某某通知\n各单位：\n一、情况\n据统计。\n2024年3月1日 来源：市应急管理局\n资金来源：财政拨款\n",
                      markdown=False)
    assert "2024年3月1日来源：市应急管理局" in "".join(body).replace(" ", "")
    assert "资金来源：财政拨款" in "".join(body)


def test_a_title_with_its_number_on_the_same_line() -> None:
    meta = meta_of("定西市安定区人民政府办公室\n关于印发《某某预案 (修订)》的通知 安政办发〔2018〕20号\n"
                   "各乡镇人民政府:\n现印发给你们。\n")
    assert (meta["title"], meta["doc_no"], meta["addressees"]) == (
        "定西市安定区人民政府办公室关于印发《某某预案(修订)》的通知", "安政办发〔2018〕20号", "各乡镇人民政府")
    # A number inside the title is the title's: 关于转发…（国发〔2010〕23号）的通知.
    quoted = meta_of("关于转发《国务院关于某事的通知》（国发〔2010〕23号）的通知\n各单位：\n现转发给你们。\n")
    assert quoted["title"].endswith("（国发〔2010〕23号）的通知") and quoted["doc_no"] is None


def test_a_page_number_under_the_date_and_the_scan_button_end_the_page() -> None:
    result = import_text("某某通知\n某单位：\n请于2025年8月31日前整改。\n区安委办联系人:陈某,电话:13900000000。\n"
                         "某区安全生产委员会办公室\n2025年4月3日\n1\n扫一扫在手机打开当前页\n".encode(), "t.txt")
    assert result.dropped == ["扫一扫在手机打开当前页", "1"]
    assert result.meta["closing"] == ["某区安全生产委员会办公室", "2025年4月3日"]
    # A figure that is not under the date, or not last, is text.
    for text in ("某某通知\n某单位：\n名单如下：\n1\n", "某某通知\n某单位：\n现通知如下。\n2025年4月3日\n1\n2\n"):
        assert not import_text(text.encode(), "t.txt").dropped


def test_a_sites_banner_is_no_title() -> None:
    meta = meta_of("欢迎来到EHS平台! 设为首页 收藏\nEHS中国 法规首页 太原市消防条例\n第一条 为了预防火灾，制定本条例。\n")
    assert meta["title"] is None


def test_a_headline_repeated_under_the_issuers_name() -> None:
    result = import_text("关于《某某条例》公开征求意见的通知\n作者: 发布时间:2023年11月20日 来源:\n"
                         "湘西自治州人大常委会法工委\n关于《某某条例》\n公开征求意见的通知\n现将草案予以公布。\n".encode(), "t.txt")
    assert result.meta["title"] == "湘西自治州人大常委会法工委关于《某某条例》公开征求意见的通知"
    assert result.dropped[0] == "关于《某某条例》公开征求意见的通知"
    # Under another title, the organisation is the head of another document: the headline stays.
    other = import_text("关于某事的通知\n某市应急管理局\n关于另一事的通知\n各单位：\n现通知。\n".encode(), "t.txt")
    assert other.dropped == []


def test_a_congress_of_an_autonomous_county_with_a_long_name() -> None:
    meta = meta_of("积石山保安族东乡族撒拉族自治县自治条例\n(1991年3月9日积石山保安族东乡族撒拉族自治县第四届人民代表大会"
                   "第二次会议通过,2012年3月28日甘肃省第十一届人民代表大会常务委员会第二十六次会议批准)\n"
                   "第一条 制定本条例。\n第二条 自治县。\n第三条 自治机关。\n")
    assert meta["issuer"] == ["积石山保安族东乡族撒拉族自治县人民代表大会"]


def test_an_entry_of_a_table_of_contents_is_no_heading() -> None:
    blocks = build_blocks(prepare("某某预案\n目 录\n1 总则…………………4\n1.1 编制目的 ………(5\n2 组织体系……5\n"
                                  "1 总则\n为有效应对事故，制定本预案。\n").lines).blocks
    assert [b.label for b in blocks if b.heading_level] == ["1 "]
    # Dots that end a sentence, or an ellipsis without a page number, leave the heading a heading.
    blocks = build_blocks(prepare("1.加强领导……\n内容。\n2.落实责任......\n内容。\n").lines).blocks
    assert [b.label for b in blocks if b.heading_level] == ["1.", "2."]


def test_an_amending_decisions_instructions_are_no_articles() -> None:
    text = ("【阅读全文】\n某省人民代表大会常务委员会关于修改部分地方性法规的决定\n某省人大常委会\n"
            "某省人民代表大会常务委员会关于修改部分地方性法规的决定\n某省第十一届人民代表大会常务委员会第十七次会议决定,修改下列地方性法规:\n"
            "一、对下列法规进行修改\n1.在《某某条例》第七条中增加一项作为第六项,即:“负责节能工作;”\n"
            "第九条修改为:“各级人民政府应当发展农村能源。”\n第十三条增加一款作为该条第二款,即:“鼓励利用秸秆。”\n"
            "第十三条后增加一条作为第十四条,即:“鼓励采用沼气技术。”\n")
    result = import_text(text.encode(), "t.txt")
    assert result.dropped == ["【阅读全文】"] and not result.notes
    assert [b.label for b in result.blocks if b.heading_level] == ["一、", "1."]
    assert (result.meta["title"], result.meta["issuer"]) == ("某省人民代表大会常务委员会关于修改部分地方性法规的决定",
                                                             ["某省人民代表大会常务委员会"])
    # Articles whose text starts with such a word, after the label's space, are articles.
    law = import_text("某某条例\n第一条 为了安全，制定本条例。\n第二条 增加财政投入。\n第三条 修改为准。\n".encode(), "t.txt")
    assert [b.label for b in law.blocks if b.heading_level] == ["第一条", "第二条", "第三条"]


def test_a_notice_of_supervision_and_the_pages_neighbours() -> None:
    result = import_text("重大生产安全事故查处挂牌督办通知书\n安委督〔2018〕5号\n四川省人民政府:\n请你省组织调查。\n"
                         "国务院安全生产委员会\n2018年7月17日\n上一篇:某某新闻\n下一篇:某局关于某事的通知(粤安监管一〔2018〕16号)\n"
                         .encode(), "t.txt")
    meta = result.meta
    assert (meta["title"], meta["closing"], meta["cites"]) == (
        "重大生产安全事故查处挂牌督办通知书", ["国务院安全生产委员会", "2018年7月17日"], [])
    assert [d[:3] for d in result.dropped] == ["上一篇", "下一篇"]


def test_addressees_run_into_the_text() -> None:
    meta = meta_of("各县(市)、区人民政府,市政府安委会各成员单位: 进入国庆期间以来,全省接连发生事故。\n"
                   "新乡市人民政府安全生产委员会办公室 2017年10月4日\n")
    assert meta["addressees"] == "各县(市)、区人民政府,市政府安委会各成员单位"
    # A sentence that starts with 各 and holds a colon is text.
    assert meta_of("各地要做到: 加强领导,落实责任。\n某某局\n2017年10月4日\n")["addressees"] is None
    # … and so is a sentence whose first group is no office, though it ends with one (review, 2026-11-30).
    meta = meta_of("各乡镇人民政府要高度重视，县直有关部门： 要按照职责分工抓好落实，确保检查全覆盖。\n某某局\n2017年10月4日\n")
    assert meta["addressees"] is None


def test_a_long_heading_after_a_label_with_a_space_keeps_a_word() -> None:
    # `anbiao check` reads “1” alone as no label: the heading keeps the words up to the next number.
    blocks = build_blocks(prepare("某某预案\n1 总 则 1.1 编制目的 1.2 编制依据 1.3 适用范围 1.4 工作原则 1.5 事故分级\n"
                                  "2 组织指挥体系与职责\n").lines).blocks
    assert [(b.heading, b.text) for b in blocks if b.heading_level] == [
        ("1 总 则", "1.1 编制目的 1.2 编制依据 1.3 适用范围 1.4 工作原则 1.5 事故分级"), ("2 组织指挥体系与职责", "")]
    # A long run with no sub-number is cut nowhere: not inside a word, not at a space inside a sentence.
    for line in ("1 本预案适用于本县行政区域内发生的可能引发生产安全事故的险情以及需要县政府组织应对的各类生产安全事故的应急处置工作",
                 "1 本预案依据的法规包括安全生产法等并结合本县实际情况在 2023 年修订后适用于全县各类生产经营单位的事故应对"):
        first = build_blocks(prepare(f"某某预案\n{line}\n2 组织\n").lines).blocks[1]
        assert (first.heading, first.text) == ("1", line[2:])
    # A short heading, then its text after a space.
    tail = "本预案由县应急管理局负责解释并根据实际情况和演练评估的结果适时修订完善以保证其有效性和可操作性"
    last = build_blocks(prepare(f"某某预案\n1 总则\n2 附则 {tail}\n").lines).blocks[-1]
    assert (last.heading, last.text) == ("2 附则", tail)


def test_an_appendix_after_the_last_article_is_a_unit_of_its_own() -> None:
    text = ("某某规定\n第一条 为了安全，制定本规定，禁忌范围见附录。\n第二条 适用范围。\n附件\n"
            "第三条 本规定自2012年4月28日起施行。\n附录：\n一、女职工禁忌从事的劳动范围：\n（一）矿山井下作业；\n附表2\n某某表\n")
    blocks = import_text(text.encode(), "t.txt").blocks
    assert [(b.heading_level, b.heading or b.text) for b in blocks] == [
        (4, "第一条"), (4, "第二条"), (0, "附件"), (4, "第三条"), (2, "附录："), (0, "一、女职工禁忌从事的劳动范围："),
        (0, "（一）矿山井下作业；"), (2, "附表2"), (0, "某某表")]
    # A line that only mentions an attachment, or names it with its title, is text.
    tail = import_text("某某规定\n第一条 甲。\n第二条 乙。\n第三条 丙。\n附件：某某名录\n".encode(), "t.txt").blocks
    assert [b.heading_level for b in tail] == [4, 4, 4, 0]


def test_a_list_numbered_1_under_a_plan_numbered_1_space_is_no_section() -> None:
    text = ("某市某某应急预案\n1 总则\n1.1 编制目的\n为有效应对事故，制定本预案。\n1.2 编制依据\n"
            "1.《中华人民共和国安全生产法》\n2.《生产安全事故应急条例》\n3.《某省安全生产条例》\n2 组织体系\n内容。\n")
    blocks = build_blocks(prepare(text).lines).blocks
    assert [b.label for b in blocks if b.heading_level] == ["1 ", "2 "]
    # Written one way throughout, either way is a sequence.
    for doc, labels in (("某某方案\n1.甲\n内容。\n2.乙\n内容。\n3.丙\n内容。\n", ["1.", "2.", "3."]),
                        ("某某预案\n1 总则\n内容。\n2 组织\n内容。\n", ["1 ", "2 "])):
        assert [b.label for b in build_blocks(prepare(doc).lines).blocks if b.heading_level] == labels


def test_a_sites_links_breadcrumb_and_download_button_are_page_furniture() -> None:
    text = ("热门站点| 世界资料网 | 专利资料网 | 世界资料网论坛\n收藏本站| 设为首页| 首页\n某市危险源管理办法\n"
            "作者:法律资料网 时间:2024-07-22 10:46:58  浏览:8421   来源:法律资料网\n下载地址: 点击此处下载\n"
            "首页>政务公开>应急管理\n第一条 为了加强管理，制定本办法。\n")
    assert [ln.text for ln in prepare(text).lines] == ["某市危险源管理办法", "第一条 为了加强管理，制定本办法。"]
    # A row of a table, a list of places and sentences about a home page or a login stay text: they name
    # no link every site has, or hold more than short cells.
    kept = ["序号 | 单位 | 地址 | 电话", "东城区 西城区 朝阳区 海淀区", "首页 应当标明单位名称和日期。",
            "各单位登录 注册 系统后填报 首页信息。", "作者：张三，时间：2024年5月1日在现场发现隐患。",
            "办理步骤", "登录 注册 填报 提交"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_a_headline_with_its_number_in_brackets_and_a_date_without_its_characters() -> None:
    text = ("重大生产安全事故查处挂牌督办通知书(安委督〔2019〕10号)\n作者: 时间:2019-11-20 点击数:\n"
            "某省人民政府:\n国务院安委会决定对该事故查处实行挂牌督办。\n国务院安全生产委员会\n20191114\n")
    result = import_text(text.encode(), "t.txt")
    meta = result.meta
    assert (meta["title"], meta["doc_no"], meta["issuer"], meta["issued"]) == (
        "重大生产安全事故查处挂牌督办通知书", "安委督〔2019〕10号", ["国务院安全生产委员会"], date(2019, 11, 14))
    assert result.dropped == ["作者: 时间:2019-11-20 点击数:"]
    # Brackets that hold no number stay in the title; eight figures that are no date, or stand under a
    # sentence instead of a signature, are text.
    assert import_text("某市安全生产工作要点(2024年)\n各单位:\n现印发给你们。\n".encode(), "t.txt").meta["title"] \
        == "某市安全生产工作要点(2024年)"
    for last in ("20191314", "12345678"):
        kept = import_text(f"关于某事的通知\n各单位:\n请按时报送。\n某市应急管理局\n{last}\n".encode(), "t.txt")
        assert kept.meta["issued"] is None and last in kept.blocks[-1].text
    under_text = import_text("关于某事的通知\n各单位:\n统计编号如下。\n20191114\n".encode(), "t.txt")
    assert under_text.meta["issued"] is None and "20191114" in under_text.blocks[-1].text


def test_an_order_number_names_its_issuer() -> None:
    text = "某市重大危险源管理办法\n东莞市人民政府令第123号\n第一条 为了加强管理，制定本办法。\n第二条 本办法自公布之日起施行。\n"
    meta = import_text(text.encode(), "t.txt").meta
    assert (meta["issuer"], meta["level"]) == (["东莞市人民政府"], "地方政府规章")
    # The 令 that promulgates a rule is signed by the mayor and dated: the rule's date.
    order = ("某市危险源管理办法\n某市人民政府令第5号\n《某市危险源管理办法》已经市人民政府同意,现予发布。\n市 长 张三\n"
             "二○一二年五月三十日\n第一条 为了加强管理，制定本办法。\n")
    assert import_text(order.encode(), "t.txt").meta["issued"] == date(2012, 5, 30)
    # A date under a name that promulgates nothing is no 令's (a schedule of who is on duty).
    duty = "关于值班安排的通知\n各单位:\n值班安排如下。\n市 长 张三\n2024年2月10日\n请准时到岗。\n"
    assert import_text(duty.encode(), "t.txt").meta["issued"] is None
    # 主席令 names a person, not a body: no issuer is made of it.
    meta = import_text("某法\n主席令第十三号\n第一条 为了加强管理，制定本法。\n".encode(), "t.txt").meta
    assert meta["issuer"] == []


def test_an_amendments_own_commencement_dates_it() -> None:
    text = ("# 中华人民共和国刑法修正案（十二）\n\n2023年12月29日 第十四届全国人民代表大会常务委员会第七次会议通过\n\n"
            "一、将刑法第三百九十条修改为：“……”\n\n二、本修正案自2024年3月1日起施行。\n")
    assert import_text(text.encode(), "t.txt").meta["effective"] == date(2024, 3, 1)


def test_a_page_in_traditional_characters_is_catalogued_in_simplified_ones() -> None:
    text = ("國務院關于進一步加強企業安全生產工作的通知\n(國發〔2010〕23號)\n各省、自治區、直(zhi)轄(xia)市人民政府:\n"
            "現就有關事項通知如下:\n一、總體要求\n堅持安全第一。\n梅州市安全生產(chǎn)委員會辦公室\n2023 年 8 月 28 日\n")
    result = import_text(text.encode(), "t.txt")
    meta = result.meta
    assert (meta["title"], meta["doc_no"], meta["addressees"], meta["issuer"]) == (
        "国务院关于进一步加强企业安全生产工作的通知", "国发〔2010〕23号", "各省、自治区、直辖市人民政府",
        ["梅州市安全生产委员会办公室"])
    # The text and its 落款 keep the characters (and the printed pinyin) they were written in.
    assert "現就有關事項通知如下" in result.blocks[0].text and "總體要求" in result.blocks[1].heading
    assert meta["closing"] == ["梅州市安全生產(chǎn)委員會辦公室", "2023 年 8 月 28 日"]
    assert any("繁体字" in n for n in result.notes)
    # A simplified text with a word in brackets after a character is read as it is: no pinyin there.
    plain = import_text("关于某事的通知\n各单位:\n请按规定报送(见附件)。\n某市应急管理局\n2024年1月2日\n".encode(), "t.txt")
    assert not any("繁体字" in n for n in plain.notes) and "(见附件)" in plain.blocks[0].text


def test_a_panel_flattened_to_a_list_and_a_font_button() -> None:
    text = ("- 索引号:010603120/2023-00979\n- 发文字号:鄯政办发〔2018〕109号\n各乡镇人民政府:\n现印发你们。\n"
            "鄯善县人民政府办公室\n2018年12月6日\n")
    result = import_text(text.encode(), "t.txt")
    assert result.meta["doc_no"] == "鄯政办发〔2018〕109号" and len(result.dropped) == 2
    page = prepare("您的当前位置: 首页 > 行政公文\n某局关于某事的意见\n发布日期:2019-08-21 14:46\nA\n某局关于某事的意见\n")
    assert [ln.text for ln in page.lines] == ["某局关于某事的意见", "某局关于某事的意见"]
    # Further down a lone A is text (a grade in a table).
    assert [ln.text for ln in prepare("评定等级如下:\n甲单位\nA\n").lines] == ["评定等级如下:", "甲单位", "A"]


def test_a_panel_whose_fields_run_together_and_other_names_of_its_labels() -> None:
    page = ("索 引 号:005254528/2018-00057主题分类:安全生产监管\n文    号:郑开管〔2018〕4号成文日期:2018-02-02发布日期:2018-02-02\n"
            "- 备注/文号:明政办〔2016〕82号\n- 公文生成日期:2016-06-23\n关于某事的通知\n各单位:\n现印发给你们。\n")
    prepared = prepare(page)
    assert prepared.portal == {"索引号": "005254528/2018-00057", "主题分类": "安全生产监管", "文号": "明政办〔2016〕82号",
                               "成文日期": "2016-06-23", "发布日期": "2018-02-02"}
    # Only a line that starts with a label is a panel's; in a value, a label's word without its colon stays.
    kept = prepare("关于某事的通知\n各单位:\n请报送文号:及成文日期:两项。\n")
    assert kept.portal == {} and kept.lines[-1].text == "请报送文号:及成文日期:两项。"
    assert prepare("文件名称:关于规范公文文号的通知\n正文。\n").portal == {"文件名称": "关于规范公文文号的通知"}


def test_a_title_repeated_under_its_issuers_name() -> None:
    text = ("建设部关于印发《某细则》的通知\n建设部\n建设部关于印发《某细则》的通知\n建科[2002]222号\n各省建设厅:\n"
            "现印发给你们。\n中华人民共和国建设部\n二○○二年九月六日\n")
    meta = import_text(text.encode(), "t.txt").meta
    assert (meta["doc_no"], meta["addressees"]) == ("建科〔2002〕222号", "各省建设厅")
    # The name over the repeated title is the issuer where the title names none and nothing is signed.
    unsigned = "关于某事的补充通知\n国务院机关事务管理局\n关于某事的补充通知\n各单位:\n现通知如下。\n"
    assert import_text(unsigned.encode(), "t.txt").meta["issuer"] == ["国务院机关事务管理局"]
    # An organisation's name over anything but the title again is the text's.
    result = import_text("关于某事的通知\n市应急管理局\n各单位要加强值守。\n".encode(), "t.txt")
    assert "市应急管理局" in "".join(b.text for b in result.blocks)


def test_a_read_aloud_widget_and_a_panel_whose_values_sit_under_their_labels() -> None:
    page = ("搜索\n登录 注册 部门街镇 繁体版 无障碍 关怀版 智能问答\n网站支持IPV6\n搜索\n首页>政务公开>应急预案\n"
            "  • [ 索引号 ]\n  • 115001080092957735/2021-00177\n  • [ 发布机构 ]\n  • 南岸区教委\n"
            "某区某事件应急预案\n日期:2021-12-01 16:12\n语音播报\n语音合成中,请耐心等待...\n进入播报模式\n退出播报模式\n文章播报\n"
            "字号:\n分享:\n1 总则\n为有效应对事件，制定本预案。\n")
    prepared = prepare(page)
    assert [ln.text for ln in prepared.lines] == ["某区某事件应急预案", "1 总则", "为有效应对事件，制定本预案。"]
    assert prepared.portal == {"索引号": "115001080092957735/2021-00177", "发布机构": "南岸区教委"}
    # A date line of the text without a clock time, and a 搜索 below the top, are text.
    kept = ["某某通知", "日期：2024年3月1日", "日期:2024-03-01", "搜索", "各单位要组织人员搜索失联人员。"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_a_law_databases_catalogue_card() -> None:
    page = ("某网站\n某市消防条例\n颁布部门:某市人民代表大会常务委员会\n\n法律效力:地方性法规\n\n"
            "颁布日期:2024-01-18生效日期:2024-03-01\n某市消防条例\n第一条 为了预防火灾，制定本条例。\n")
    prepared = prepare(page)
    assert prepared.dropped == ["颁布部门:某市人民代表大会常务委员会", "法律效力:地方性法规",
                                "颁布日期:2024-01-18生效日期:2024-03-01"]
    # One such line alone, or one that is a sentence, is the text's.
    kept = ["关于某事的通知", "各单位:", "施行日期：2024年3月1日", "请遵照执行。"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept
    sentences = ["某某通知", "生效日期：以批复之日为准。", "时效性：各单位应当及时报送。"]
    assert [ln.text for ln in prepare("\n".join(sentences) + "\n").lines] == sentences


def test_a_panel_that_lost_its_labels_above_the_documents_head() -> None:
    page = ("113715250043286799/2017-26749960\n冠县政府\n2017-09-04\n冠县人民政府办公室关于印发某预案的通知\n有效\n"
            "冠政办发〔2017〕83号\n"
            "冠县人民政府办公室关于印发某预案的通知\n冠政办发〔2017〕83号\n各乡镇人民政府:\n现印发给你们。\n"
            "冠县人民政府办公室\n2017年9月4日\n")
    result = import_text(page.encode(), "t.txt")
    assert result.dropped[:2] == ["113715250043286799/2017-26749960", "冠县政府"] and len(result.dropped) == 6
    meta = result.meta
    # A county named by two characters counts where its government follows the name.
    assert (meta["doc_no"], meta["addressees"], meta["region"]) == ("冠政办发〔2017〕83号", "各乡镇人民政府", "山东省聊城市冠县")
    # A notice that quotes another's title and number in its text keeps every line.
    quoting = ("关于转发某通知的通知\n某办〔2024〕1号\n各单位:\n现将关于某事的通知转发给你们。\n"
               "关于某事的通知\n某办〔2024〕1号\n请遵照执行。\n")
    assert import_text(quoting.encode(), "t.txt").dropped == []


def test_a_download_button_under_the_date_ends_the_page() -> None:
    page = "关于某事的通知\n各单位:\n现通知如下。\n二○一一年十一月四日\n下载地址: 点击此处下载\n宁波\n"
    result = import_text(page.encode(), "t.txt")
    assert result.dropped == ["下载地址: 点击此处下载", "宁波"] and result.meta["issued"] == date(2011, 11, 4)
    # Elsewhere the button goes, the text after it stays.
    kept = prepare("关于某事的通知\n各单位:\n下载地址: 点击此处下载\n现通知如下。\n请遵照执行。\n")
    assert [ln.text for ln in kept.lines][-2:] == ["现通知如下。", "请遵照执行。"]


# --- fifth round (tests/sources/unseen/z*) --------------------------------------------------

def test_a_photo_caption_above_the_text_is_page_furniture() -> None:
    page = "关于某事的函\n(资料图片仅供参考)\n某函〔2023〕4号\n各单位:\n现函告如下。\n某局\n2023年8月14日\n"
    result = import_text(page.encode(), "t.txt")
    assert result.dropped == ["(资料图片仅供参考)"] and result.meta["doc_no"] == "某函〔2023〕4号"
    # A bracketed line that names no picture, or says more than a caption, is the text's.
    kept = ["某某通知", "（征求意见稿）", "（图片仅供参考，以实物为准）", "（资料图片见附件2）", "图片仅供参考"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_names_listed_under_an_attachment_line_are_no_clauses() -> None:
    text = "现征求意见。\n附件:\n1.某规范(征求意见稿)\n2.某规范编制说明\n3.征求意见表\n某中心\n2023年8月14日\n"
    blocks = build_blocks(prepare(text).lines).blocks
    assert [b.heading_level for b in blocks] == [0] * len(blocks)
    assert [b.joined() for b in blocks][1:5] == ["附件:", "1.某规范(征求意见稿)", "2.某规范编制说明", "3.征求意见表"]
    # Numbered items of the text itself stay clauses, and so do items after a 附件 line that is a sentence
    # or a title with its number.
    for head in ("请按以下要求报送附件：", "附件1：", "附件：某某名单"):
        numbered = build_blocks(prepare(f"通知如下。\n{head}\n1.按时报送。\n2.如实填写。\n").lines).blocks
        assert [b.label for b in numbered if b.heading_level] == ["1.", "2."], head


def test_a_notice_signed_before_its_attachments_is_not_unsigned() -> None:
    page = ("关于某事的通知\n某办〔2023〕4号\n各单位:\n现通知如下。\n附件:\n1.某表\n某市应急管理局\n2023年8月14日\n"
            "附件1:\n某表\n")
    meta = meta_of(page)
    assert meta["issued"] == date(2023, 8, 14) and "没有落款" not in (meta.get("note") or "")


def test_a_ministry_pages_own_furniture() -> None:
    page = ("重大事故查处挂牌督办通知书 (安委督〔2019〕8号)\n2019-10-08 15:42来源:消防救援局\n重大事故查处挂牌督办通知书\n安委督﹝2019﹞8号\n"
            "浙江省人民政府:\n现通知如下。\n国务院安全生产委员会\n2019年10月2日\n扫一扫在手机打开当前页面\n"
            "责任编辑:段萌\n相关链接\n")
    result = import_text(page.encode(), "t.txt")
    assert {"2019-10-08 15:42来源:消防救援局", "扫一扫在手机打开当前页面", "责任编辑:段萌", "相关链接"} <= set(result.dropped)
    assert result.meta["doc_no"] == "安委督〔2019〕8号"
    # The same words in a sentence, or a time without its date, are the text's.
    kept = ["某某通知", "2019年10月8日来源:消防救援局的报告", "15:42来源:现场", "责任编辑：负责稿件的审核。",
            "相关链接见附件。"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_small_form_brackets_around_the_year_of_a_number() -> None:
    assert find_doc_numbers("根据安委﹝2010﹞6号") == ["安委〔2010〕6号"]


def test_a_contact_line_ends_at_its_telephone_number() -> None:
    assert paragraphs("请按时报送。\n联系人及电话:胡安雄,010-83932597\n国务院安全生产委员会\n", markdown=False)[1:] == [
        "联系人及电话:胡安雄,010-83932597", "国务院安全生产委员会"]
    # A contact line wrapped before its number goes on.
    assert paragraphs("请按时报送。\n联系人:张三,电话\n010-12345678。\n", markdown=False)[1:] == [
        "联系人:张三,电话010-12345678。"]


def test_a_rule_amended_by_a_later_order_is_still_a_rule() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")

    def law(title: str, history: str) -> dict:  # type: ignore[type-arg]
        return meta_of(f"# {title}\n\n{history}\n\n<!-- INFO END -->\n\n{articles}\n")

    ministry = law("某某安全管理规定", "2015年5月29日 国家安全生产监督管理总局令第77号公布\n\n2019年7月11日 应急管理部令第2号修正")
    # A consolidated amendment has no 文号 of its own; the orders still show it was made as a 部门规章.
    assert (ministry["doc_no"], ministry["level"], ministry["issuer"]) == (None, "部门规章", ["应急管理部"])
    city = law("某市某某管理办法", "2010年3月1日 某市人民政府令第5号公布\n\n2018年6月1日 某市人民政府令第9号修正")
    assert city["level"] == "地方政府规章"
    council = law("某某管理条例", "2002年1月26日 中华人民共和国国务院令第344号公布\n\n2011年3月2日 国务院令第591号修订")
    assert council["level"] == "行政法规"
    # Without any order the form is not shown, and no 规章 is claimed.
    plain = law("某某安全管理规定", "2015年5月29日 国家安全生产监督管理总局发布\n\n2019年7月11日 应急管理部修正")
    assert plain["level"] != "部门规章"


def test_full_width_digits_are_read_as_digits_and_kept_in_the_text() -> None:
    page = ("某市应急管理局关于开展安全检查的通知\n某应急〔２０２２〕１５号\n各区应急管理局：\n现通知如下。\n"
            "２０２２年６月１日前完成。\n某市应急管理局\n２０２２年５月２６日\n")
    result = import_text(page.encode(), "t.txt")
    meta = result.meta
    assert (meta["doc_no"], meta["addressees"], meta["issued"]) == ("某应急〔2022〕15号", "各区应急管理局", date(2022, 5, 26))
    # The text and the 落款 keep the digits they were typed in.
    assert [b.joined() for b in result.blocks] == ["现通知如下。", "２０２２年６月１日前完成。"]
    assert meta["closing"] == ["某市应急管理局", "２０２２年５月２６日"]


def test_a_regulation_the_state_council_issued_without_an_order() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")
    old = meta_of(f"# 某某收费办法\n\n1995年7月28日 国务院发布　\n\n1995年9月1日 施行\n\n<!-- INFO END -->\n\n{articles}\n")
    assert (old["issuer"], old["level"]) == (["国务院"], "行政法规")
    # Its general office is another body.
    office = meta_of(f"# 某某办法\n\n2001年1月1日 国务院办公厅发布\n\n<!-- INFO END -->\n\n{articles}\n")
    assert office["issuer"] != ["国务院"]


def test_a_department_that_published_a_text_without_an_order_is_its_issuer() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")

    def issuer(history: str) -> list[str]:
        return meta_of(f"# 某某暂行规定\n\n{history}\n\n<!-- INFO END -->\n\n{articles}\n")["issuer"]

    assert issuer("1990年9月30日 国务院批准　\n\n1990年10月22日 对外经济贸易部发布　") == ["对外经济贸易部"]
    # Only the body's name and the verb: a longer phrase names no one by this rule.
    assert issuer("1990年10月22日 经研究由有关方面发布") == []


def test_the_link_to_the_pages_file_under_the_date_ends_the_page() -> None:
    page = "各单位:\n现转发给你们。\n某市应急管理局\n2019年6月5日\n//www.example.com/upfiles/2019/86999.pdf\n"
    result = import_text(page.encode(), "t.txt")
    assert result.dropped == ["//www.example.com/upfiles/2019/86999.pdf"]
    assert result.meta["closing"] == ["某市应急管理局", "2019年6月5日"]
    # A link anywhere else is the text's: an address to apply at, a file the text names.
    kept = ["某某通知", "申报材料请从以下地址下载：", "https://www.example.gov.cn/files/form.docx", "请按时报送。"]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_a_courts_document_in_another_form_has_no_level_of_its_own() -> None:
    head = "# 最高人民检察院关于某某问题的{}\n\n1997年9月24日 最高人民检察院第八届检察委员会第七十四次会议通过\n\n"
    assert meta_of(head.format("通知") + "各级人民检察院：\n现通知如下。\n")["level"] is None
    assert meta_of(head.format("批复") + "某省人民检察院：\n你院请示收悉。\n")["level"] == "司法解释"


def test_a_regulation_the_first_standing_committee_adopted_is_a_law() -> None:
    articles = "\n\n".join(f"第{n}条 内容。" for n in "一二三")

    def law(title: str, history: str) -> dict:  # type: ignore[type-arg]
        return meta_of(f"# {title}\n\n{history}\n\n<!-- INFO END -->\n\n{articles}\n")

    old = law("中华人民共和国某某条例", "1958年1月9日 全国人民代表大会常务委员会第九十一次会议通过")
    assert (old["issuer"], old["level"]) == (["全国人民代表大会常务委员会"], "法律")
    # A decision of the same body is no law by its name; a province's committee is no national body.
    decision = law("全国人民代表大会常务委员会关于某某问题的决定", "1981年6月10日 第五届全国人民代表大会常务委员会第十九次会议通过")
    assert decision["level"] is None
    province = law("某某省某某条例", "1985年1月9日 某某省人民代表大会常务委员会第九次会议通过")
    assert province["issuer"] != ["全国人民代表大会常务委员会"]


# --- sixth round ----------------------------------------------------------------------------

def test_a_table_of_contents_without_page_numbers_is_text() -> None:
    contents = "某县应急预案目录\n1 总则\n1.1 编制目的\n2 组织体系\n2.1 指挥机构\n3 附则\n"
    for body, labels in (("1.总则\n1.1编制目的\n为有效应对事故，制定本预案。\n2.组织体系\n内容。\n", ["1.", "2."]),
                         ("1 总则\n为有效应对事故，制定本预案。\n2 组织体系\n内容。\n", ["1 ", "2 "])):
        structure = build_blocks(prepare("某县应急预案\n" + contents + body).lines)
        assert [b.label for b in structure.blocks if b.heading_level] == labels
        assert any("目录" in w.message for w in structure.warnings)

    def labels(text: str) -> list[str]:
        return [b.label for b in build_blocks(prepare(text).lines).blocks if b.heading_level]

    # Without a line 目录 above them, or with a sentence among the entries, headings stay headings: a numbering
    # that starts again is no table of contents.
    assert labels("某某方案\n1 总则\n2 组织\n3 附则\n1.总则\n内容。\n") == ["1 ", "2 ", "3 "]
    assert labels("某某方案\n目录\n1 总则\n本方案适用于全县各类生产经营单位的事故应对工作。\n2 组织\n1.总则\n内容。\n") \
        == ["1 ", "2 "]
    # A heading that names a list (一、危险化学品目录) opens no table of contents.
    assert labels("某某通知\n一、危险化学品目录\n（一）甲类\n（二）乙类\n二、要求\n内容。\n") == ["一、", "（一）", "（二）", "二、"]


def test_each_row_of_a_table_with_bars_is_a_paragraph() -> None:
    rows = "名称 | 时间 | 单位 |\n景区(点)、宗教场所、 | 9月份 | 生态办 |\n学校、幼儿园 | 10月份 | 文化站 |\n"
    assert paragraphs(rows, markdown=False) == [
        "名称 | 时间 | 单位 |", "景区(点)、宗教场所、 | 9月份 | 生态办 |", "学校、幼儿园 | 10月份 | 文化站 |"]
    # A line that only holds bars in a sentence, without closing the row, goes on as before.
    assert len(paragraphs("检查结果分为合格|不合格两类，\n由检查组填写。\n", markdown=False)) == 1


def test_a_pages_short_headline_over_the_documents_own_head() -> None:
    page = ("当前位置:首页 >> 信息公开\n17号 十三五安全生产规划\n2017-02-14    点击:8次\n某安发〔2016〕17号\n"
            "关于印发安全生产“十三五”规划的\n通    知\n各镇街:\n现印发给你们。\n某区安全生产委员会\n2016年12月30日\n")
    result = import_text(page.encode(), "t.txt")
    meta = result.meta
    assert (meta["title"], meta["doc_no"], meta["addressees"]) == (
        "某区安全生产委员会关于印发安全生产“十三五”规划的通知", "某安发〔2016〕17号", "各镇街")
    assert "17号 十三五安全生产规划" in result.dropped
    # A title over its 文号 and the 主送 is the document's own head; so is a page without furniture.
    own = import_text("某市应急管理局关于开展检查的通知\n某应急〔2024〕3号\n各区应急管理局：\n现通知如下。\n".encode(), "t.txt")
    assert own.meta["title"] == "某市应急管理局关于开展检查的通知" and not own.dropped
    plain = import_text("某区安全生产规划\n某安发〔2016〕17号\n关于印发安全生产规划的\n通知\n各镇街:\n现印发。\n".encode(),
                        "t.txt")
    assert plain.meta["title"] == "某区安全生产规划"


def test_furniture_in_traditional_characters_and_other_labels_of_a_page() -> None:
    page = ("今天:\n您当前所在位置: 首页  >  政务公开\n某縣生產安全事故應急預案\n"
            "來源:縣政府辦  發布日期:2019-05-09 10:41  瀏覽次數:2245\n- 相關(guān)推薦\n"
            "- 某省安全生產(chǎn)條例 推薦度:\n1.總則\n")
    assert [ln.text for ln in prepare(page).lines] == ["某縣生產安全事故應急預案", "1.總則"]
    # Sentences that begin with the same words are text.
    kept = ["某某通知", "今天的会议要求各单位:", "來源不明的危險化學品應當登記。", "相关推荐单位名单见附件。",
            "- 某某条例 推荐度较高的原因如下："]
    assert [ln.text for ln in prepare("\n".join(kept) + "\n").lines] == kept


def test_articles_written_in_traditional_characters() -> None:
    text = ("某省安全生產條例\n第一章 總 則\n第一條 為了加強安全生產工作，制定本條例。\n第二條 本條例適用於本省。\n"
            "第三條 本條例自公佈之日起施行。\n")
    blocks = import_text(text.encode(), "t.txt").blocks
    assert [(b.heading, b.text) for b in blocks if b.heading_level] == [
        ("第一章 總 則", ""), ("第一條", "為了加強安全生產工作，制定本條例。"), ("第二條", "本條例適用於本省。"),
        ("第三條", "本條例自公佈之日起施行。")]
    assert match_label("第一條") is None  # a 公文 label it is not


def test_a_date_under_a_notice_over_a_title_on_two_lines() -> None:
    page = ("各行政村:\n现将《某镇2017年度工作计划》印发给你们,请遵照执行。\n二〇一七年二月二十四日\n"
            "某镇2017年度安全生产专项整治\n工作计划\n一、安排\n内容。\n")
    assert meta_of(page)["issued"] == date(2017, 2, 24)
    # A date followed by two lines that make no title (a list of places) is text.
    listed = ("各行政村:\n检查定于以下日期进行。\n二〇一七年二月二十四日\n东村 西村\n南村\n一、安排\n内容。\n")
    assert meta_of(listed)["issued"] is None
