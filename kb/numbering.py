"""Numbering of Chinese official documents and laws: labels, ordinals, dates, document numbers.

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
# Laws: 第一章 / 第一节 / 第一条 (an article label is followed by a space or the text itself).
LAW_PATTERNS: dict[str, re.Pattern[str]] = {
    "章": re.compile(rf"^第(?P<num>{_CN})章"),
    "节": re.compile(rf"^第(?P<num>{_CN})节"),
    "条": re.compile(rf"^第(?P<num>{_CN})条"),
}
STANDARD_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)*)(?=\s|$)")
ANNEX_NUMBER = re.compile(r"^附录(?P<num>[A-Z])")


@dataclass(frozen=True)
class Label:
    """A numbering label found at the start of a line."""

    level: int  # 1..4 for 公文 numbering
    ordinal: int
    text: str  # the label as written, e.g. "（一）", "1．"


def match_label(line: str) -> Label | None:
    """The 公文 numbering label that starts `line`, if any."""
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


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date (a signature date), e.g. 二○○八年六月六日."""
    s = re.sub(r"\s+", "", line)
    for pattern in (_DATE_AR, _DATE_CN, _DATE_ISO):
        m = pattern.fullmatch(s)
        if m and parse_date(s):
            return True
    return False


# --- document numbers -------------------------------------------------------------------

# 京政办发〔2013〕10号 and the bracket variants of PDFs and web pages: [2013] ［2013］ (2013) （2013） 【2013】.
_DOCNO_PREFIX = r"[\u4e00-\u9fff]{1,12}?"
DOC_NO = re.compile(
    rf"(?P<prefix>{_DOCNO_PREFIX}(?:[\u4e00-\u9fff]|字)?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{{2}})\s*[〕\]］)）】]"
    r"\s*(?P<num>\d{1,4})\s*号"
)
# Orders: 主席令第八十八号, 应急管理部令第10号, 国务院令第708号.
ORDER_NO = re.compile(rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}令)第(?P<num>[\d{CN_NUM}]{{1,6}})号")
# Standards: GB/T 33000-2016, AQ/T9006-2010, GB 30871—2022.
STANDARD_NO = re.compile(r"(?P<code>(?:GB|AQ|DB\d{0,6}|GBZ|JGJ|SH|HG|MT|DL|YS|JB|T/[A-Z]+)(?:/T|/Z)?)\s*"
                         r"(?P<num>\d{2,6}(?:\.\d+)?)\s*[-—–－]\s*(?P<year>(?:19|20)\d{2})")


def normalize_doc_no(prefix: str, year: str, num: str) -> str:
    """The canonical form with 〔〕, as GB/T 9704 writes it."""
    return f"{prefix}〔{year}〕{int(num)}号"


def find_doc_numbers(text: str) -> list[str]:
    """Every 发文字号 in `text`, canonical and de-duplicated in order of appearance."""
    seen: dict[str, None] = {}
    for m in DOC_NO.finditer(text):
        prefix = _trim_prefix(m["prefix"])
        if prefix:
            seen.setdefault(normalize_doc_no(prefix, m["year"], m["num"]), None)
    for m in ORDER_NO.finditer(text):
        seen.setdefault(m.group(0), None)
    for m in STANDARD_NO.finditer(text):
        seen.setdefault(normalize_standard_no(m.group(0)), None)
    return list(seen)


# Words that end a sentence fragment before a document number: ...的通知》（国发〔2010〕23号）
_PREFIX_STOP = re.compile(r".*(?:[的和及与、，。；：《》“”（）()]|印发|根据|依据|按照|参照|贯彻|落实)")


def _trim_prefix(prefix: str) -> str:
    """Cut leading text that is not part of the issuer code (根据国发 → 国发)."""
    m = _PREFIX_STOP.match(prefix)
    out = prefix[m.end():] if m else prefix
    # Common verbs glued before a code in running text.
    for lead in ("文件", "号文", "见"):
        if out.startswith(lead) and len(out) > len(lead) + 1:
            out = out[len(lead):]
    return out


def normalize_standard_no(text: str) -> str:
    m = STANDARD_NO.fullmatch(text.strip())
    if not m:
        return text.strip()
    return f"{m['code']} {m['num']}-{m['year']}"


DOC_NO_SHAPES = (
    # An attachment issued under its notice's number: 安监总管四〔2014〕17号 附件.
    re.compile(r"^[\u4e00-\u9fffA-Za-z]+〔(19|20)\d{2}〕\d{1,4}号(?: ?附件\d{0,2})?$"),
    re.compile(rf"^[\u4e00-\u9fff]+令第[\d{CN_NUM}]+号$"),
    re.compile(r"^(?:GB|AQ|DB\d{0,6}|GBZ|JGJ|SH|HG|MT|DL|YS|JB|T/[A-Z]+)(?:/T|/Z)? \d{2,6}(?:\.\d+)?[-—](19|20)\d{2}$"),
)


def doc_no_shape_ok(doc_no: str) -> bool:
    return any(p.match(doc_no) for p in DOC_NO_SHAPES)


def loose_doc_no_key(text: str) -> str:
    """京政办发〔2013〕10号 and 京政办发2013 10号 share a key, for loose matching in search."""
    return re.sub(r"[\s〔〕\[\]［］()（）【】号第]", "", re.sub(r"[—–－]", "-", text))
