from datetime import date

import pytest

from kb.numbering import (
    cn_to_int,
    doc_no_shape_ok,
    find_doc_numbers,
    int_to_cn,
    is_date_line,
    loose_doc_no_key,
    match_label,
    match_law_label,
    parse_date,
)


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21),
                                             ("一百零三", 103), ("一百一十", 110), ("两", 2)])
def test_chinese_numerals_both_ways(text: str, value: int) -> None:
    assert cn_to_int(text) == value
    if text != "两":
        assert int_to_cn(value) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("二○○八年六月六日", date(2008, 6, 6)),
    ("二〇一三年三月八日", date(2013, 3, 8)),
    ("二O二O年十二月三十一日", date(2020, 12, 31)),
    ("2013年1月7日", date(2013, 1, 7)),
    ("2013 年 1 月 7 日印发", date(2013, 1, 7)),
    ("2025-03-19", date(2025, 3, 19)),
    ("二○○八年二月三十日", None),
    ("没有日期", None),
])
def test_dates_arabic_and_chinese(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_date_line_is_only_a_date() -> None:
    assert is_date_line("二○○八年六月六日")
    assert is_date_line(" 2013年1月7日 ")
    assert not is_date_line("到2012年1月7日，我市各类企业")


@pytest.mark.parametrize("variant", ["京政办发〔2013〕10号", "京政办发[2013]10号", "京政办发［2013］10号",
                                     "京政办发（2013）10号", "京政办发(2013)10号", "京政办发【2013】10号",
                                     "京政办发 〔2013〕 10 号"])
def test_doc_no_bracket_variants_are_canonical(variant: str) -> None:
    assert find_doc_numbers(variant) == ["京政办发〔2013〕10号"]


def test_doc_numbers_in_running_text() -> None:
    text = ("为深入贯彻落实《国务院关于加强企业安全生产工作的通知》（国发〔2010〕23号）和安委办〔2011〕18号等文件，"
            "依据AQ/T9006-2010和《工贸企业重大事故隐患判定标准》（应急管理部令第10号），按照安监总厅管四〔2012〕99号")
    assert find_doc_numbers(text) == ["国发〔2010〕23号", "安委办〔2011〕18号", "安监总厅管四〔2012〕99号",
                                      "应急管理部令第10号", "AQ/T 9006-2010"]


def test_doc_no_shapes() -> None:
    for good in ("京政办发〔2013〕10号", "应急管理部令第10号", "国务院令第708号", "GB/T 33000-2016", "AQ/T 9006-2010"):
        assert doc_no_shape_ok(good), good
    for bad in ("京政办发[2013]10号", "10号", "京政办发〔13〕10号"):
        assert not doc_no_shape_ok(bad), bad


def test_loose_doc_no_key_matches_spacing_and_brackets() -> None:
    assert loose_doc_no_key("京政办发〔2013〕10号") == loose_doc_no_key("京政办发2013 10号")


def test_labels() -> None:
    assert match_label("一、总体要求").ordinal == 1
    assert match_label("（十二）其他").ordinal == 12
    assert match_label("(二) 进一步").level == 2
    assert match_label("3．全面落实").level == 3
    assert match_label("（4）企业").level == 4
    assert match_label("1.5倍以上") is None
    assert match_label("2013年全市") is None
    assert match_label("一，是") is None
    assert match_law_label("第二十一条 生产经营单位") == ("条", 21, "第二十一条")
    assert match_law_label("第三章 监督管理")[0] == "章"


def test_loose_key_treats_dash_variants_alike() -> None:
    assert loose_doc_no_key("GB/T 33000—2025") == loose_doc_no_key("GB/T 33000-2025")
