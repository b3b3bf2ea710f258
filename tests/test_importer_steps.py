"""Each importer step alone, with before/after text from the damage seen in real seeds."""

import codecs

import pytest

from kb.errors import AnbiaoError
from kb.importer import import_text
from kb.importer.decode import decode_bytes
from kb.importer.lines import prepare
from kb.importer.metadata import Metadata, read_closing, read_head
from kb.importer.structure import build_blocks

# --- decode -------------------------------------------------------------------------------

TEXT = "北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见"


@pytest.mark.parametrize(("raw", "encoding"), [
    (TEXT.encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8（带 BOM）"),
    (TEXT.encode("gb18030"), "GB18030"),
    (TEXT.encode("utf-16"), "UTF-16"),
])
def test_decode_detects_encoding(raw: bytes, encoding: str) -> None:
    assert decode_bytes(raw, "x.txt") == (TEXT, encoding)


@pytest.mark.parametrize(("raw", "words"), [
    (b"", "文件为空"),
    (b"  \n\n \t", "文件为空"),
    (bytes(range(256)) * 8, "不是文本文件"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "不是文本文件"),
    (b"plain ascii words only, no chinese at all " * 10, "汉字太少"),
])
def test_decode_refuses_empty_and_binary(raw: bytes, words: str) -> None:
    with pytest.raises(AnbiaoError, match=words) as info:
        decode_bytes(raw, "bad.bin")
    assert str(info.value).startswith("bad.bin")


# --- line repair and numbering ---------------------------------------------------------------

def blocks_of(text: str) -> list[tuple[int, str, str]]:
    return [(b.heading_level, b.heading, b.text) for b in build_blocks(prepare(text).lines).blocks]


WRAPPED_000 = """企业安全标准化是企业安全生产的一项重要的基础性工作。近

几年来，国家有关部委公布了一系列企业安全标准、规范，我市有
关行业部门制定了企业安全标准化建设指导意见，并在煤矿、非煤
矿山、危险化学品、烟花爆竹等重点行业领域开展了试点，大大提
升了企业安全生产工作水平。为进一步夯实企业安全生产基层基础
工作，强化企业安全生产主体责任，建立健全安全生产长效机制，
经市政府同意，现就在全市全面开展企业安全标准化活动提出如下
指导意见：
一、提高认识，统一思想，增强开展企业安全标准化活动的自

觉性
企业安全标准化要求企业必须符合有关法律、法规、规章、规

程的规定，具有健全、科学的安全生产责任制和安全生产管理制
度、操作规程，生产各个环节和相关岗位的生产经营活动达到和保
持一定的标准，始终处于良好的安全运行状态。
二、理清思路，明确目标，努力提升企业安全生产管理水平
（一）指导思想：以科学发展观为指导，以安全促发展，以安

全保发展，全面落实企业安全生产主体责任，坚持“安全第一、预



防为主、综合治理”的方针。
"""


def test_wrapped_pdf_lines_are_joined_and_blank_lines_inside_sentences_dropped() -> None:
    blocks = blocks_of(WRAPPED_000)
    assert blocks[0] == (0, "", "企业安全标准化是企业安全生产的一项重要的基础性工作。近几年来，国家有关部委公布了"
                         "一系列企业安全标准、规范，我市有关行业部门制定了企业安全标准化建设指导意见，并在煤矿、"
                         "非煤矿山、危险化学品、烟花爆竹等重点行业领域开展了试点，大大提升了企业安全生产工作水平。"
                         "为进一步夯实企业安全生产基层基础工作，强化企业安全生产主体责任，建立健全安全生产长效机制，"
                         "经市政府同意，现就在全市全面开展企业安全标准化活动提出如下指导意见：")
    # A heading broken across lines (and a blank line) is one heading.
    assert blocks[1] == (2, "一、提高认识，统一思想，增强开展企业安全标准化活动的自觉性", "")
    assert blocks[2][2].startswith("企业安全标准化要求企业必须符合有关法律、法规、规章、规程的规定")
    assert blocks[3] == (2, "二、理清思路，明确目标，努力提升企业安全生产管理水平", "")
    # Run-on numbered item: heading is the lead-in up to the colon, the rest is its paragraph.
    assert blocks[4] == (3, "（一）指导思想：", "以科学发展观为指导，以安全促发展，以安全保发展，全面落实企业安全生产"
                         "主体责任，坚持“安全第一、预防为主、综合治理”的方针。")


def test_label_out_of_sequence_is_text_not_heading() -> None:
    """001: a wrapped line starting with “一、” in the middle of a sentence under 一、总体要求."""
    text = """一、总体要求
深入贯彻落实党的十八大和市第四次党代会精神，坚持安全第

一、预防为主、综合治理，坚定不移实施安全发展战略，围绕夯实
安全生产基层基础，不断提升政府安全监管能力、企业安全管理能
力、社会公众参与能力，规范安全生产法治秩序，提升安全科技应
用水平，健全安全投入保障体系，完善安全生产应急救援体系，加
强安全生产教育培训，着力改善安全生产条件，降低生产安全事故
总量，有效防范和坚决遏制重特大事故。
二、主要目标
――安全生产形势持续向好。全市各类安全生产事故死亡人数比2012
年下降2.5%。
――企业主体责任更加落实。企业安全生产主体责任进一步落实。
"""
    blocks = blocks_of(text)
    assert [b[1] for b in blocks if b[0]] == ["一、总体要求", "二、主要目标"]
    assert "坚持安全第一、预防为主、综合治理" in blocks[1][2]
    # Dash bullets open their own paragraphs.
    assert blocks[-1][2] == "――企业主体责任更加落实。企业安全生产主体责任进一步落实。"
    assert blocks[-2][2] == "――安全生产形势持续向好。全市各类安全生产事故死亡人数比2012年下降2.5%。"


def test_indented_paragraphs_one_per_line() -> None:
    """003: paragraphs are whole lines, indented with spaces."""
    text = ("    2011年以来，各地区、各有关部门和单位认真贯彻落实文件精神，取得了阶段性成效。现将有关情况通报如下： \n\n"
            "    一、总体情况\n"
            "    各地区、各有关部门和单位按照工作部署，认真结合工贸行业实际，突出重点，总体推进。\n\n"
            "    （一）摸清工贸行业底数。围绕工贸行业“两项建设”工作，基本摸清了全国工贸企业现状。\n")
    assert blocks_of(text) == [
        (0, "", "2011年以来，各地区、各有关部门和单位认真贯彻落实文件精神，取得了阶段性成效。现将有关情况通报如下："),
        (2, "一、总体情况", ""),
        (0, "", "各地区、各有关部门和单位按照工作部署，认真结合工贸行业实际，突出重点，总体推进。"),
        (3, "（一）摸清工贸行业底数。", "围绕工贸行业“两项建设”工作，基本摸清了全国工贸企业现状。"),
    ]


def test_markdownish_layout_headings_bold_and_broken_words() -> None:
    """004: `#` headings and **bold** from a converter; a word broken across a blank line."""
    text = """### 一、进一步提高认识，加强组织领导

（一）进一步提高思想认识。《安全生产法》明确规定，生产经营单位必须推进安全生产标准化建设，提高安全

生产水平，确保安全生产。

## **二、进一步明确任务，全面深入推进**

(一) 进一步抓好复评工作。对标准化等级证书即将到期的企业，要及时提醒其及早提交复审申请。
"""
    assert blocks_of(text) == [
        (2, "一、进一步提高认识，加强组织领导", ""),
        (3, "（一）进一步提高思想认识。", "《安全生产法》明确规定，生产经营单位必须推进安全生产标准化建设，"
                                     "提高安全生产水平，确保安全生产。"),
        (2, "二、进一步明确任务，全面深入推进", ""),
        (3, "(一) 进一步抓好复评工作。", "对标准化等级证书即将到期的企业，要及时提醒其及早提交复审申请。"),
    ]


def test_law_articles() -> None:
    text = """## 第一章 总 则

第一条 为了加强安全生产工作，制定本条例。

第二条 本条例适用于本市。

第三条 生产经营单位应当履行下列职责：

（一）建立健全全员安全生产责任制；

（二）组织制定安全生产规章制度。

## 第二章 生产经营单位的安全生产保障

第四条 生产经营单位的主要负责人是本单位安全生产第一责任人。
"""
    blocks = blocks_of(text)
    assert blocks[0] == (2, "第一章 总 则", "")
    assert blocks[1] == (4, "第一条", "为了加强安全生产工作，制定本条例。")
    assert (0, "", "（一）建立健全全员安全生产责任制；") in blocks
    assert blocks[-1] == (4, "第四条", "生产经营单位的主要负责人是本单位安全生产第一责任人。")


def test_heading_split_rule() -> None:
    long_item = "（1）" + "企业应当建立安全生产责任制并" * 5 + "。"
    text = "一、任务\n（一）要求\n" + long_item + "\n（2）短条目\n"
    blocks = blocks_of(text)
    assert blocks[2] == (5, "（1）", long_item[3:])  # no lead-in within 40 characters: label alone
    assert blocks[3] == (5, "（2）短条目", "")


# --- head and closing ---------------------------------------------------------------------

def test_head_title_doc_no_addressee() -> None:
    lines = prepare(" 重庆市人民政府关于\n印发2013年全市安全生产\n\n工作要点的通知\n\n"
                    "各区县（自治县）人民政府，市政府各部门，有关单位：\n\n现将要点印发给你们。\n").lines
    meta = Metadata()
    consumed = read_head(lines, meta)
    assert meta.title == "重庆市人民政府关于印发2013年全市安全生产工作要点的通知"
    assert meta.addressees == "各区县（自治县）人民政府，市政府各部门，有关单位"
    assert consumed == 4


def test_head_with_banner_and_doc_no() -> None:
    lines = prepare("# 绵阳市应急管理局\n\n绵应急函〔2020〕42号\n\n## 绵阳市应急管理局 关于进一步加强非煤矿山和工贸企业 "
                    "安全生产标准化工作的通知\n\n各县市区应急管理局、园区安办：\n\n正文。\n").lines
    meta = Metadata()
    read_head(lines, meta)
    assert meta.doc_no == "绵应急函〔2020〕42号"
    assert meta.title == "绵阳市应急管理局关于进一步加强非煤矿山和工贸企业安全生产标准化工作的通知"


def test_closing_signature_chinese_date_and_colophon() -> None:
    lines = prepare("一、要求\n正文。\n重庆市人民政府办公厅\n二○○八年六月六日\n"
                    "抄送：市委办公厅，市人大常委会办公厅，\n市检察院。\n重庆市人民政府办公厅 2008年6月6日印发\n").lines
    meta = Metadata()
    end = read_closing(lines, 0, meta)
    assert end == 2
    assert str(meta.issued) == "2008-06-06"
    assert meta.signature == ["重庆市人民政府办公厅"]
    assert meta.closing[:2] == ["重庆市人民政府办公厅", "二○○八年六月六日"]


def test_import_text_reports_what_it_cannot_determine() -> None:
    result = import_text("关于做好安全生产工作的通知\n\n一、要求\n各单位要做好工作。\n".encode(), "n.txt")
    assert result.meta["doc_no"] is None and result.meta["issued"] is None and result.meta["region"] is None
    assert {"doc_no", "issued", "region", "issuer"} <= set(result.missing)
    assert result.meta["status"] == "未知"


def test_import_gb18030_file_same_as_utf8() -> None:
    text = "北京市应急管理局关于做好标准化工作的通知\n京应急发〔2021〕3号\n各区应急局：\n一、要求\n企业要达标。\n北京市应急管理局\n2021年3月1日\n"
    a = import_text(text.encode("utf-8"), "a.txt")
    b = import_text(text.encode("gb18030"), "a.txt")
    assert a.text == b.text
    assert a.meta["doc_no"] == "京应急发〔2021〕3号" and str(a.meta["issued"]) == "2021-03-01"
    assert a.meta["region"] == "北京市" and a.meta["id"] == "bj-2021-jyjf-3"


def test_wrapped_addressee_and_date_under_title() -> None:
    text = ("某某省应急管理厅关于加强工贸企业安全生产标准化工作的通知\n（2021年5月6日）\n"
            "各市、县（区）应急管理局，省安委会有关成员单位，各有关\n中央企业：\n一、总体要求\n企业要达标。\n")
    meta = Metadata()
    consumed = read_head(prepare(text).lines, meta)
    assert meta.title == "某某省应急管理厅关于加强工贸企业安全生产标准化工作的通知"
    assert str(meta.issued) == "2021-05-06"
    assert meta.addressees == "各市、县（区）应急管理局，省安委会有关成员单位，各有关中央企业"
    assert consumed == 4


# --- bad and oversized input: a precise report, and the text kept whole -----------------------------

def test_an_oversized_paragraph_is_split_at_sentence_ends_and_reported() -> None:
    sentence = "企业应当建立健全安全生产责任制，加强安全生产标准化建设。"
    text = "关于加强安全生产工作的通知\n各区：\n" + sentence * 1000 + "\n"
    result = import_text(text.encode(), "big.txt")
    pieces = [b.text for b in result.blocks]
    assert "".join(pieces) == sentence * 1000  # not a character changed
    assert len(pieces) == 6 and all(len(p) <= 5000 and p.endswith("。") for p in pieces)
    assert result.notes == ["第 3 行：段落长 28000 字，超过 5000 字，已在句末分为 6 段（文字未改动）；请核对原文的分段"]


def test_a_paragraph_without_sentence_ends_is_cut_at_the_limit() -> None:
    from kb.importer.structure import split_at_sentences

    assert [len(p) for p in split_at_sentences("字" * 12000, 5000)] == [5000, 5000, 2000]


def test_an_article_out_of_sequence_is_reported_with_its_line() -> None:
    text = "# 某某条例\n\n第一条 甲。\n\n第二条 乙。\n\n第四条 丙。\n\n第三条 丁。\n"
    result = import_text(text.encode(), "law.txt")
    assert result.notes == ["第 7 行：“第四条”不接续上一条（应为第三条），按正文处理；请核对原文是否缺条或重号"]


def test_a_page_headline_is_not_the_title_when_the_record_gives_it() -> None:
    record = "source: https://example.org/a\ntitle: 冶金等工贸行业小微企业评定标准（考评说明部分）\ncomplete: partial\n---\n"
    body = "1.本评定标准适用于冶金等行业。\n2.本评定标准共有11项。\n"
    headline = import_text((record + "有色金属等工贸行业小微企业评定标准\n2014年06月10日 7336次浏览\n" + body).encode(),
                           "p.txt")
    assert headline.meta["title"] == "冶金等工贸行业小微企业评定标准"
    assert headline.dropped[0] == "有色金属等工贸行业小微企业评定标准"
    # When page and record agree, the headline is the document's own title.
    same = import_text((record + "冶金等工贸行业小微企业评定标准\n发布时间:2014-06-10\n" + body).encode(), "q.txt")
    assert same.meta["title"] == "冶金等工贸行业小微企业评定标准" and "note" not in same.meta
    # A 发布日期 line (also a label of a 信息公开 panel) under the headline marks it the same way.
    dated = import_text((record + "有色金属等工贸行业小微企业评定标准\n发布日期：2014-06-10\n" + body).encode(), "r.txt")
    assert dated.meta["title"] == "冶金等工贸行业小微企业评定标准"


def test_a_title_printed_without_issuer_gets_the_one_the_opening_names() -> None:
    text = ("关于建立安全隐患排查治理体系的通知\n安委办〔2012〕1号\n各省、自治区、直辖市安全生产委员会:\n"
            "为贯彻落实有关精神,国务院安委会办公室决定在全国推广先进经验。现就有关要求通知如下:\n"
            "一、深刻认识重大意义\n安全隐患排查治理体系是基础。\n")
    meta = import_text(text.encode(), "n.txt").meta
    assert meta["issuer"] == ["国务院安委会办公室"]
    assert meta["title"] == "国务院安委会办公室关于建立安全隐患排查治理体系的通知"
