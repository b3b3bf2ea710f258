"""Numbering of Chinese official documents and laws: labels, ordinals, dates (document numbers: kb.docno).

Shared by the importer (which finds numbering in raw text) and the clause model (which reads it
back from Markdown headings), so both agree on what a label is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "О": 0, "o": 0, "O": 0, "0": 0,
             "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇○一二两三四五六七八九十百千"
_CN_DIGIT_LIST = "零一二三四五六七八九"


def cn_to_int(text: str) -> int | None:
    """二十一 → 21, 一百零三 → 103, 十二 → 12; None if `text` is not a Chinese numeral."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            current = current * 10 + CN_DIGITS[ch] if current else CN_DIGITS[ch]
    return total + current


def int_to_cn(n: int) -> str:
    """21 → 二十一, 10 → 十, 103 → 一百零三 (the form used in headings)."""
    if n < 10:
        return _CN_DIGIT_LIST[n]
    if n < 20:
        return "十" + (_CN_DIGIT_LIST[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _CN_DIGIT_LIST[tens] + "十" + (_CN_DIGIT_LIST[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN_DIGIT_LIST[hundreds] + "百"
    if rest < 10:
        return _CN_DIGIT_LIST[hundreds] + "百零" + _CN_DIGIT_LIST[rest]
    tail = int_to_cn(rest)
    return _CN_DIGIT_LIST[hundreds] + "百" + ("一" + tail if rest < 20 else tail)


# --- labels of numbered units -------------------------------------------------------------

# Levels of 公文 numbering: 1 一、  2 （一）  3 1.  4 （1）
_CN = f"[{CN_NUM}]{{1,7}}"
LABEL_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?P<num>{_CN})(?P<sep>[、，,．.])")),
    (2, re.compile(rf"^(?P<open>[（(]) ?(?P<num>{_CN}) ?(?P<close>[）)])")),
    (3, re.compile(r"^(?P<num>\d{1,2})(?P<sep>[.．、](?!\d)|\s(?=[\u4e00-\u9fff]))")),
    (4, re.compile(r"^(?P<open>[（(]) ?(?P<num>\d{1,2}) ?(?P<close>[）)])")),
]
# Laws: 第一章 / 第一节 / 第一条 (an article label is followed by a space or the text itself). A page in
# traditional characters writes 第一節 / 第一條: the same units, its text kept as written.
LAW_PATTERNS: dict[str, re.Pattern[str]] = {
    "章": re.compile(rf"^第(?P<num>{_CN})章"),
    "节": re.compile(rf"^第(?P<num>{_CN})[节節]"),
    "条": re.compile(rf"^第(?P<num>{_CN})[条條]"),
}
STANDARD_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)*)(?=\s|$)")
ANNEX_NUMBER = re.compile(r"^附录(?P<num>[A-Z])")
# An appendix after a law's last article (附件 / 附表2 / 附录：): a unit of its own that its heading, not a
# number, names — the importer opens it, `check` accepts it unnumbered.
APPENDIX_HEADING = re.compile(r"^附(?:件|表|录)\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[A-Z])?\s*[:：]?$")


@dataclass(frozen=True)
class Label:
    """A numbering label found at the start of a line."""

    level: int  # 1..4 for 公文 numbering
    ordinal: int
    text: str  # the label as written, e.g. "（一）", "1．"


_BARE_CN = re.compile(_CN)


def match_label(line: str) -> Label | None:
    """The 公文 numbering label that starts `line`, if any.

    A line that is nothing but a numeral (“三” as a heading of its own, its 、 lost in conversion) is a
    first-level label: there is nothing else it could be.
    """
    if _BARE_CN.fullmatch(line) and (n := cn_to_int(line)):
        return Label(1, n, line)
    for level, pattern in LABEL_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        num = m.group("num")
        ordinal = int(num) if num.isdigit() else cn_to_int(num)
        if not ordinal:
            continue
        if level == 1 and m.group("sep") in "，,":
            continue  # 一， is not a heading label in official documents (一. is a common variant)
        return Label(level, ordinal, m.group(0))
    return None


def match_law_label(line: str) -> tuple[str, int, str] | None:
    """('条', 21, '第二十一条') when `line` starts with a chapter, section or article label."""
    for unit, pattern in LAW_PATTERNS.items():
        m = pattern.match(line)
        if m:
            n = cn_to_int(m.group("num"))
            if n:
                return unit, n, m.group(0)
    return None


# --- dates ------------------------------------------------------------------------------

_DATE_CN = re.compile(rf"(?P<y>[{CN_NUM}OoОＯ]{{4}})年(?P<m>[{CN_NUM}]{{1,3}})月(?P<d>[{CN_NUM}]{{1,4}})日")
_DATE_AR = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")


def _year_cn(text: str) -> int | None:
    if any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def parse_date(text: str) -> date | None:
    """The first date written in `text`: 2013年1月7日, 二○○八年六月六日, 2025-03-19."""
    for pattern in (_DATE_AR, _DATE_ISO):
        m = pattern.search(text)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
    m = _DATE_CN.search(text)
    if m:
        y, mo, d = _year_cn(m["y"]), cn_to_int(m["m"]), cn_to_int(m["d"])
        if y and mo and d:
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    return None


def cn_date(day: date) -> str:
    """A date as Chinese text writes it, in Arabic numerals (GB/T 9704): 2027年1月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def parse_whole_date(text: str) -> date | None:
    """`text` when it is nothing but a date: a value a person typed (2027-01-04, 2027/1/4,
    2027年1月4日, 二〇二七年一月四日) or a signature line. None when it holds anything else or the
    day does not exist (2027-02-30); spaces do not count."""
    s = re.sub(r"\s+", "", text)
    if not any(pattern.fullmatch(s) for pattern in (_DATE_AR, _DATE_CN, _DATE_ISO)):
        return None
    return parse_date(s)


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date (a signature date), e.g. 二○○八年六月六日."""
    return parse_whole_date(line) is not None
