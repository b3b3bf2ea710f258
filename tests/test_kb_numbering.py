from datetime import date

import pytest

from anbiao import inputs
from kb.numbering import (
    cn_to_int,
    int_to_cn,
    is_date_line,
    match_label,
    match_law_label,
    parse_date,
    parse_whole_date,
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


@pytest.mark.parametrize(("text", "day"), [
    ("2027-01-04", date(2027, 1, 4)), ("2027/1/4", date(2027, 1, 4)), ("2027年1月4日", date(2027, 1, 4)),
    ("二〇二七年一月四日", date(2027, 1, 4)), ("2026-02-30", None), ("2013年", None), ("截至2027-01-04", None),
])
def test_a_typed_date_is_read_one_way_by_every_option(text: str, day: date | None) -> None:
    assert parse_whole_date(text) == day
    # --date of plan/outline/applicable and --since/--until of search take the same dates.
    if day is not None:
        assert inputs.parse_day(text, "date") == day
        assert inputs.search_filters(since=text).since == day


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
