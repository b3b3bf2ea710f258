"""Document numbers (文号): the one place that knows how they are written, matched and compared.

Three shapes are recognised:

- 发文字号 of official documents, 京政办发〔2013〕10号. GB/T 9704-2012 §7.2.4 writes the year in
  〔〕; PDFs and web pages use [2013] ［2013］ (2013) （2013） 【2013】 ﹝2013﹞ instead, all read here.
- orders (令): 国务院令第708号, 应急管理部令第10号;
- standards: GB/T 33000-2016, AQ/T9006-2010, GB 30871—2022.

Everything that compares numbers — the importer, `anbiao check`, search, site links and the
generator — compares their `doc_no_key`, so a number written with other brackets, dashes, spaces or
full-width letters still finds its document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_CN_NUM = "零〇○一二两三四五六七八九十百千"

# 京政办发〔2013〕10号; the prefix is lazy so that running text before the issuer code can be trimmed.
DOC_NO = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?(?:[\u4e00-\u9fff]|字)?)\s*[〔\[［(（【﹝]\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\]］)）】﹞]\s*(?P<num>\d{1,4})\s*[号號]"  # 號: a page served in traditional characters
)
ORDER_NO = re.compile(rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}令)第(?P<num>[\d{_CN_NUM}]{{1,6}})号")
STANDARD_NO = re.compile(r"(?P<code>(?:GB|AQ|DB\d{0,6}|GBZ|JGJ|SH|HG|MT|DL|YS|JB|T/[A-Z]+)(?:/T|/Z)?)\s*"
                         r"(?P<num>\d{2,6}(?:\.\d+)?)\s*[-—–－]\s*(?P<year>(?:19|20)\d{2})")
_STANDARD_HINT = re.compile(r"(?:GB|AQ|DB|JGJ|SH|HG|MT|DL|YS|JB|T/)[/A-Z]*\s*\d")

# The shapes `doc_no:` may take in front-matter: canonical forms only.
_SHAPES = (
    # An attachment issued under its notice's number: 安监总管四〔2014〕17号 附件.
    re.compile(r"^[\u4e00-\u9fffA-Za-z]+〔(19|20)\d{2}〕\d{1,4}号(?: ?附件\d{0,2})?$"),
    re.compile(rf"^[\u4e00-\u9fff]+令第[\d{_CN_NUM}]+号$"),
    re.compile(r"^(?:GB|AQ|DB\d{0,6}|GBZ|JGJ|SH|HG|MT|DL|YS|JB|T/[A-Z]+)(?:/T|/Z)? \d{2,6}(?:\.\d+)?[-—](19|20)\d{2}$"),
)

# Words that end a sentence fragment before a document number: ...的通知》（国发〔2010〕23号）
_ANNEX_SUFFIX = re.compile(r"附件\s*\d{0,2}$")
# A title ending in 通知 glued to the number under it (…预案的通知冠政办发〔2017〕83号): no 发文机关代字 holds 通知.
_PREFIX_STOP = re.compile(r".*(?:[的和及与、，。；：《》“”（）()]|印发|根据|依据|按照|参照|贯彻|落实|通知)")
_FULL_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


@dataclass(frozen=True)
class Mention:
    """A document number written in a text: where it is and its canonical form."""

    start: int
    end: int
    canonical: str


def canonical_doc_no(prefix: str, year: str, num: str) -> str:
    """发文字号 in the form of GB/T 9704: year in 〔〕, number without leading zeros."""
    return f"{prefix}〔{year}〕{int(num)}号"


def doc_no_year(doc_no: str | None) -> int | None:
    """The year in a 发文字号's 〔〕 (绵应急函〔2020〕42号 → 2020): the year it was issued in, when nothing
    else dates the document."""
    m = re.search(r"〔((?:19|20)\d{2})〕", doc_no or "")
    return int(m.group(1)) if m else None


def canonical_standard_no(text: str) -> str:
    """GB/T33000—2016 → GB/T 33000-2016."""
    m = STANDARD_NO.fullmatch(text.strip())
    if not m:
        return text.strip()
    return f"{m['code']} {m['num']}-{m['year']}"


def doc_no_mentions(text: str) -> list[Mention]:
    """Every document number in `text` with its span: 发文字号 first, then orders, then standards,
    each in order of appearance (a document's `cites` list keeps that order)."""
    return list(_mentions(text))


def _mentions(text: str) -> Iterator[Mention]:
    # Cheap tests first: the patterns are costly on long texts, and most lines cite nothing.
    if "号" in text or "號" in text:
        for m in DOC_NO.finditer(text):
            prefix = trim_prefix(m["prefix"])
            if prefix:
                yield Mention(m.end("prefix") - len(prefix), m.end(),
                              canonical_doc_no(prefix, m["year"], m["num"]))
        if "令第" in text:
            for m in ORDER_NO.finditer(text):
                start = m.start()
                # “2019年12月20日北京市人民政府令第290号”: the 日 ends a date, it is not the issuer's
                # (日照市人民政府令, with no digit before it, keeps its 日).
                if start > 0 and text[start - 1].isdigit() and text[start] in "年月日":
                    start += 1
                yield Mention(start, m.end(), text[start:m.end()])
    if _STANDARD_HINT.search(text):
        for m in STANDARD_NO.finditer(text):
            yield Mention(m.start(), m.end(), canonical_standard_no(m.group(0)))


def find_doc_numbers(text: str) -> list[str]:
    """The canonical numbers written in `text`, each once, in the order of `doc_no_mentions`."""
    return list(dict.fromkeys(m.canonical for m in _mentions(text)))


def looks_like_doc_no(text: str) -> bool:
    """Whether `text` holds something shaped like a number, even one whose issuer code is unclear."""
    return bool(DOC_NO.search(text) or ORDER_NO.search(text) or STANDARD_NO.search(text))


def trim_prefix(prefix: str) -> str:
    """Cut leading text that is not part of the issuer code (根据国发 → 国发)."""
    m = _PREFIX_STOP.match(prefix)
    out = prefix[m.end():] if m else prefix
    # Common words glued before a code in running text.
    for lead in ("文件", "号文", "见"):
        if out.startswith(lead) and len(out) > len(lead) + 1:
            out = out[len(lead):]
    return out


def doc_no_shape_ok(doc_no: str) -> bool:
    """Whether a front-matter `doc_no` is written in a canonical shape."""
    return any(p.match(doc_no) for p in _SHAPES)


def doc_no_key(text: str) -> str:
    """The one key under which two writings of a number are the same number.

    京政办发〔2013〕10号 = 京政办发[2013]010号 = 京政办发2013 10号 → 京政办发201310;
    GB/T 33000-2016 = GB/T33000—2016 = ｇｂ／ｔ 33000－2016 → gbt330002016. A recognised number is
    made canonical first (leading zeros go); then width and case are folded and everything but
    letters and digits is dropped, with 号 and 第, which people leave out.
    """
    found = find_doc_numbers(text) if len(text) <= 60 else []
    base = found[0] if len(found) == 1 else text
    annex = _ANNEX_SUFFIX.search(text)
    if annex and len(found) == 1:
        base += annex.group(0)  # an annex issued under its notice's number is not the notice
    folded = base.translate(_FULL_WIDTH).lower()
    return "".join(ch for ch in folded if ch.isalnum() and ch not in "号號第")


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` folded as doc_no_key folds a number (width and case, only letters and digits, no 号 or
    第), with leading zeros of digit runs dropped (010号 = 10号), and the position in `text` of each
    character kept: a number typed loosely into a question is found among the keys, and marked where
    it was typed.
    """
    chars: list[str] = []
    where: list[int] = []
    # Full width to ASCII and lower case keep the length (the positions stay valid).
    norm = text.translate(_FULL_WIDTH).lower()
    for i, ch in enumerate(norm):
        if not ch.isalnum() or ch in "号第":
            continue
        if ch == "0" and (i == 0 or not norm[i - 1].isdigit()) and i + 1 < len(norm) and norm[i + 1].isdigit():
            continue  # a leading zero
        chars.append(ch)
        where.append(i)
    return "".join(chars), where


def doc_no_keys_in(text: str, keys: Iterable[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Which of `keys` (doc_no_key values) are written in `text`, however loosely (查京政办发2013 10号
    holds 京政办发201310), and the spans of `text` they cover."""
    if not any(ch.isdigit() for ch in text):
        return [], []
    folded, where = fold_with_positions(text)
    found, spans = [], []
    for key in keys:
        at = folded.find(key)
        if key and at >= 0:
            found.append(key)
            spans.append((where[at], where[at + len(key) - 1] + 1))
    return sorted(found), spans


_ANNEX_KEY = re.compile(r"附件\d{0,2}$")


def annex_parent_key(key: str) -> str | None:
    """The doc_no_key of the notice an attachment was issued under, from the attachment's own key
    (安监总管四〔2014〕17号 附件 → that of 安监总管四〔2014〕17号); None for a number that is no attachment's."""
    m = _ANNEX_KEY.search(key)
    return key[:m.start()] if m and m.start() else None


def with_attachments(found: list[str], keys: Iterable[str]) -> tuple[list[str], list[str]]:
    """The numbers a question asks for (of `found`, the keys `doc_no_keys_in` found in it) and the
    attachments it reaches through them, both sorted. An attachment's number is its notice's number +
    附件: a question with the notice's number reaches the attachment too (search ranks it below the
    notice), and one with the attachment's number asks for the attachment, not for the notice whose
    number it holds."""
    asked = [k for k in found if not any(annex_parent_key(other) == k for other in found)]
    reached = sorted(k for k in keys if k not in found and annex_parent_key(k) in asked)
    return asked, reached
