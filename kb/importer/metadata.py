"""Step 3 of the importer: the document's own metadata, read from where official documents put it.

Head (版头): issuer banner, 发文字号, title, 主送 (addressees). Closing: 落款 (signature and date)
and 版记 (抄送, 印发). (A law's adoption history is history.py.) What is not found is None —
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from kb.docno import DOC_NO, ORDER_NO, find_doc_numbers
from kb.importer.lines import Line
from kb.importer.structure import ends_sentence
from kb.numbering import (
    is_date_line,
    match_label,
    match_law_label,
    parse_date,
)

# The 15 kinds of 公文 (《党政机关公文处理工作条例》第八条: …报告、请示、批复、议案、函、纪要), the names of laws
# and rules, and the papers that go with them: a 说明 explains a draft, an 答复 answers a question put.
TITLE_END = re.compile(
    r"(?:通知|意见|通报|决定|办法|规定|方案|要点|报告|请示|批复|复函|函|公告|通告|条例|法|细则|规则|指南|标准|规划|计划|纪要|指引|"
    r"措施|公报|命令|决议|议案|规范|制度|准则|目录|名单|意见书|通知书|决定书|解释|预案|修正案|说明|答复)(?:[（(][^（）()]{1,20}[）)])?$"
)
_ADDRESSEE = re.compile(r"^[^。；]{2,200}[：:]$")
# Only a list of offices (…各成员单位, …管委会) before the colon: 各地要做到: … is a sentence.
_OFFICE_END = r"(?:单位|部门|政府|委员会|管委会|公署|局|厅|委|办|公司|企业|院)"
_ADDRESSEE_THEN_TEXT = re.compile(rf"^(?P<to>各[^。；：:]{{1,78}}{_OFFICE_END})[：:]\s+(?P<text>\S.*[。；])$")
# Each group of a 主送 (between its commas) names offices: 各县(市)、区人民政府, 市政府安委会各成员单位.
# 各乡镇人民政府要高度重视，县直有关部门: 一 group is a sentence, so the line is text.
_OFFICE_GROUP = re.compile(rf"^[^，,]*{_OFFICE_END}$")
_BANNER = re.compile(r"^(?:.{2,30}?)(?:文件|文 件)$")
_ORG = re.compile(r"^[\u4e00-\u9fff（）()\s]{3,60}$")
# 司: a ministry's department signs its own 函 (应急管理部安全生产基础司).
_ORG_WORDS = ("政府", "办公厅", "办公室", "委员会", "局", "厅", "部", "总局", "委", "院", "会", "司", "中心", "管理处")
_COLOPHON_START = re.compile(r"^(?:抄送|抄报|抄发|主送)[:：]")
_COLOPHON_LINE = re.compile(r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发|印发)$")
_PUBLIC_NOTE = re.compile(r"^[（(]此件.{0,20}[）)]$")
_EFFECTIVE = re.compile(r"自(?P<d>[\d一二三四五六七八九十〇○零]{2,4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)起施行")
_DATE_IN_PARENS = re.compile(r"^[（(][\d〇○零一二三四五六七八九十年月日\s]{6,20}(?:印发|发布|公布|通过)?[）)]$")
# Only a 文号 in the brackets (doc_no_of_line checks): …通知(见附件) keeps its words.
_TITLE_THEN_BRACKETED_NUMBER = re.compile(r"^(?P<title>.+?)(?P<no>[（(][^（）()]{4,24}[）)])$")
_COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])$")
# A 令 is signed by the head of the government or department (《规章制定程序条例》第二十九条): 市 长 袁宝成,
# under 《…》已经市人民政府同意，现予发布。 and over the date.
_ORDER_SIGNER = re.compile(r"^(?:(?:省|市|县|区|州|盟|旗|部|局|署)\s*长|主\s*任)\s+[\u4e00-\u9fff]{2,4}$")
_PROMULGATES = re.compile(r"现予(?:公布|发布)|予以(?:公布|发布)")
_TITLE_QUOTED = re.compile(r"《([^《》\n]{2,80})》")
# 《…解释》（以下简称《解释》）: a short name the text gives a title it has just cited in full; it names
# that document again, not another one.
_SHORT_NAME = re.compile(r"(?:(?:以下|下文)?简称|下称)[“\"]?《([^《》\n]{1,30})》")


@dataclass
class Metadata:
    title: str | None = None
    doc_no: str | None = None
    issuer: list[str] = field(default_factory=list)
    addressees: str | None = None
    issued: date | None = None
    effective: date | None = None
    signature: list[str] = field(default_factory=list)
    publisher: list[str] = field(default_factory=list)  # the organisation a web page prints under the title
    page_date: date | None = None  # the date a web page prints under the title
    closing: list[str] = field(default_factory=list)  # verbatim lines moved out of the body
    cites: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def doc_no_of_line(text: str) -> str | None:
    """The 文号 a line consists of (京政办发〔2013〕10号, 国务院令第708号), if that is all it is."""
    if len(text) > 60:
        return None
    s = re.sub(r"\s+", "", text)
    bracketed = re.fullmatch(r"[（(](.+)[）)]", s)
    if bracketed:
        # A reprint puts the number in brackets under the title: （国发〔2010〕23号）, (长安委办[2007]17号);
        # only the number, so that a reference in brackets (（见国发〔2010〕23号）) is none.
        inner = doc_no_of_line(bracketed[1])
        return inner if inner and _same_number(inner, bracketed[1]) else None
    for m in DOC_NO.finditer(s):
        if m.start() == 0 and m.end() == len(s):
            found = find_doc_numbers(s)
            return found[0] if found else None
    m = ORDER_NO.fullmatch(s)
    if m:
        return m.group(0)
    # 中华人民共和国国务院令 第708号 and similar banners
    m = re.fullmatch(r"(?:中华人民共和国)?([\u4e00-\u9fff]{1,12}令)第?([\d一二三四五六七八九十百零〇]+)号", s)
    return f"{m.group(1)}第{m.group(2)}号" if m else None


def _same_number(found: str, written: str) -> bool:
    """The number found is all that is written, up to its brackets and 中华人民共和国."""
    def bare(x: str) -> str:
        return re.sub(r"[〔〕\[\]［］()（）【】]", "", x).replace("號", "号").removeprefix("中华人民共和国")
    return bare(found) == bare(written)


def looks_like_org(text: str) -> bool:
    s = text.replace(" ", "").replace("\u3000", "")
    return bool(_ORG.match(text)) and s.endswith(_ORG_WORDS) and len(s) <= 40


def read_head(lines: list[Line], meta: Metadata) -> int:
    """Find banner, 发文字号, title and 主送 at the top; return how many lines they took."""
    i = 0
    n = len(lines)
    limit = min(n, 12)
    title_parts: list[str] = []
    consumed = 0
    while i < limit:
        text = lines[i].text
        if _DATE_IN_PARENS.match(text) and parse_date(text) and (meta.title or title_parts):
            # （2013年3月8日） under the title: the 成文日期 of some notices and regulations.
            meta.issued = meta.issued or parse_date(text)
            i += 1
            consumed = i
            continue
        no = doc_no_of_line(text)
        if no and meta.doc_no is None:
            meta.doc_no = no
            i += 1
            consumed = i
            continue
        if not title_parts and (_BANNER.match(text) or (looks_like_org(text) and i + 1 < n
                                                        and doc_no_of_line(lines[i + 1].text))):
            i += 1
            consumed = i
            continue
        if meta.title is not None and not title_parts and is_date_line(text):
            # A government page prints a date under the title (2023.01.31): the 成文日期 when neither an
            # adoption history, a 落款 nor the page's 信息公开 panel states one (import_text).
            meta.page_date = meta.page_date or parse_date(text)
            i += 1
            consumed = i
            continue
        if meta.title is not None and not title_parts and looks_like_org(text) and i + 1 < n \
                and is_date_line(lines[i + 1].text):
            meta.publisher = [text]  # 上海市青浦区应急管理局 / 2023.01.31 under the title
            i += 1
            consumed = i
            continue
        if meta.title is not None and not title_parts and looks_like_org(text) and i + 1 < n \
                and _clean_title(lines[i + 1].text) == meta.title:
            # A law database prints the title, the issuer, then the document's own head from its title
            # (建设部关于印发…的通知 / 建设部 / 建设部关于印发…的通知 / 建科[2002]222号): only an exact repeat.
            # Its name for the issuer may be a short one (甘肃省人大常委会): it serves only where the title
            # names none (the 落款 still comes first).
            if not issuer_from_title(meta.title):
                meta.publisher = meta.publisher or [text]
            i += 2
            consumed = i
            continue
        if meta.title is not None and not title_parts:
            break  # after the title only a 文号, a date, the publisher over a date or over the title may follow
        if title_parts or _could_start_title(text):
            if match_label(text) or match_law_label(text) or len(text) > 80:
                break
            head, _space, tail = text.rpartition(" ")
            number = doc_no_of_line(tail) if head.strip() and meta.doc_no is None else None
            if number and TITLE_END.search("".join([*title_parts, head]).replace(" ", "")):
                # …应急预案(修订)》的通知 安政办发〔2018〕20号: the number printed after the title on its line.
                meta.doc_no = number
                text = head.rstrip()
            title_parts.append(text)
            joined = "".join(title_parts)
            if TITLE_END.search(joined.replace(" ", "")):
                meta.title = _clean_title(joined)
                numbered = _TITLE_THEN_BRACKETED_NUMBER.match(meta.title)
                if numbered and meta.doc_no is None and doc_no_of_line(numbered["no"]) \
                        and TITLE_END.search(numbered["title"]):
                    # 重大生产安全事故查处挂牌督办通知书(安委督〔2019〕10号): a page's headline with the number.
                    meta.title, meta.doc_no = numbered["title"], doc_no_of_line(numbered["no"])
                i += 1
                consumed = i
                title_parts = []
                # A doc number may follow the title.
                continue
            if len(title_parts) >= 4:
                break
            i += 1
            continue
        break
    if meta.title is None and not meta.doc_no:
        consumed = 0
    # 主送: the line right after the head that ends with a colon.
    first = lines[consumed].text if consumed < n else ""
    glued = _ADDRESSEE_THEN_TEXT.match(first)
    if glued and not match_label(first) and all(_OFFICE_GROUP.match(g) for g in re.split(r"[，,]", glued["to"])):
        # A page that flattened the layout runs the 主送 into the text after it (…各成员单位: 进入国庆期间以来…).
        meta.addressees = glued["to"]
        lines[consumed] = replace(lines[consumed], text=glued["text"])
        return consumed
    second = lines[consumed + 1].text if consumed + 1 < n else ""
    if _ADDRESSEE.match(first) and not match_label(first):
        meta.addressees = first.rstrip("：:")
        consumed += 1
    elif first.startswith("各") and not first.endswith(("：", ":", "。")) and _ADDRESSEE.match(first + second) \
            and not match_label(second):
        # A long 主送 wrapped onto a second line.
        meta.addressees = (first + second).rstrip("：:")
        consumed += 2
    return consumed


def _could_start_title(text: str) -> bool:
    # No title exclaims, asks or holds a web address: 欢迎来到某平台! 设为首页 is a site's banner.
    return len(text) <= 80 and not text.endswith(("。", "；")) and not _ADDRESSEE.match(text) \
        and not re.search(r"[!！?？]|www\.|https?:", text)


def _clean_title(text: str) -> str:
    """Spaces inside a Chinese title are layout (line breaks, justification), not text."""
    out = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return out.strip()


def read_closing(lines: list[Line], start: int, meta: Metadata) -> int:
    """Find 版记 and 落款 at the end; return the index where the body ends."""
    end = len(lines)
    # 版记: from the last 抄送/抄报 line to the end, or trailing “……印发” lines.
    for j in range(end - 1, max(start, end - 12) - 1, -1):
        if _COLOPHON_START.match(lines[j].text):
            end = j
            break
    while end > start and (_COLOPHON_LINE.search(lines[end - 1].text.replace(" ", ""))
                           and len(lines[end - 1].text) <= 60):
        end -= 1
    colophon = [ln.text for ln in lines[end:]]
    while end > start and _PUBLIC_NOTE.match(lines[end - 1].text):
        end -= 1
        colophon.insert(0, lines[end].text)
    # 落款: a date line, after one to three organisation lines.
    signature: list[str] = []
    signed = end > start and (is_date_line(lines[end - 1].text)
                              or (end - 1 > start and _compact_date(lines[end - 1].text)
                                  and looks_like_org(lines[end - 2].text)))
    if signed:
        date_line = lines[end - 1].text
        k = end - 1
        while k > start and len(signature) < 3 and looks_like_org(lines[k - 1].text) \
                and not match_label(lines[k - 1].text):
            signature.insert(0, lines[k - 1].text)
            k -= 1
        meta.issued = parse_date(date_line) or _compact_date(date_line)
        meta.signature = [s for sig in signature for s in re.split(r"\s{2,}|\u3000+", sig) if s.strip()]
        colophon = [*signature, date_line, *colophon]
        end = k
    elif end > start and lines[end - 1].text.endswith(("日", "日）")):
        # “北京市安全监管局 2013年3月8日” on one line
        m = re.match(r"^(?P<org>[\u4e00-\u9fff（）()]{3,40})\s+(?P<date>\S+日)$", lines[end - 1].text)
        if m and is_date_line(m["date"]) and looks_like_org(m["org"]):
            meta.issued = parse_date(m["date"])
            meta.signature = [m["org"]]
            colophon = [lines[end - 1].text, *colophon]
            end -= 1
    meta.closing = colophon
    return end


def _compact_date(text: str) -> date | None:
    """20191114 under a signature: a page that lost the 年月日 of its 落款 date. Taken only right under an
    organisation's name (the caller checks), where nothing but the date stands."""
    m = _COMPACT_DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def read_inner_signature(body: list[Line], meta: Metadata) -> None:
    """A 印发 notice signs before its attachment: take the first signed date as 成文日期.

    A web page may print the date without the signature above it (the issuer is in the banner): a
    line that is nothing but a date, after a finished sentence, is that date too — where a 落款 date
    stands: at the end of the text, or before the title of the text a notice issues. A date line
    anywhere else is text (定于下列日期召开会议：/ 2024年3月15日).
    """
    if meta.issued is not None:
        return
    for k in range(1, len(body)):
        if is_date_line(body[k].text) and looks_like_org(body[k - 1].text):
            meta.issued = parse_date(body[k].text)
            if not meta.signature:
                meta.signature = [body[k - 1].text]
            return
    for k in range(2, len(body)):
        if is_date_line(body[k].text) and _ORDER_SIGNER.match(body[k - 1].text) \
                and _PROMULGATES.search(body[k - 2].text):
            meta.issued = parse_date(body[k].text)  # the day the 令 promulgates the rule it carries
            return
    for k in range(1, len(body)):
        if not (is_date_line(body[k].text) and ends_sentence(body[k - 1].text)):
            continue
        after = body[k + 1].text if k + 1 < len(body) else None
        if after is not None and not TITLE_END.search(after) and k + 2 < len(body):
            # The title broken over two lines (徐庄镇2017年度安全生产专项整治 / 工作计划), neither a sentence.
            second = body[k + 2].text
            if not ends_sentence(after) and not ends_sentence(second) and len(second) <= 20:
                after += second
        if after is None or (TITLE_END.search(after) and not ends_sentence(after) and len(after) <= 60):
            meta.issued = parse_date(body[k].text)
            return


def read_effective(text: str, meta: Metadata) -> None:
    m = _EFFECTIVE.search(text)
    if m:
        meta.effective = parse_date(m["d"])


def read_cites(text: str, meta: Metadata, own_numbers: tuple[str, ...] = ()) -> None:
    """Every document number and 《title》 the text refers to, in order, without its own numbers
    (its 文号, and the 令 numbers of its adoption history: 中华人民共和国国务院令第493号公布)."""
    own = {meta.doc_no, *own_numbers}
    found: dict[str, None] = {}
    # A number never spans a sentence end; scanning only sentences that can hold one keeps a huge paste fast.
    candidates = "\n".join(s for s in re.split(r"[。；\n]", text) if "号" in s or "號" in s or re.search(r"[A-Z]", s))
    for no in find_doc_numbers(candidates):
        if no.removeprefix("中华人民共和国") not in own:
            found.setdefault(no, None)
    short_names = {m.group(1).strip() for m in _SHORT_NAME.finditer(text)}
    for m in _TITLE_QUOTED.finditer(text):
        title = m.group(1).strip()
        if title and title != meta.title and title not in short_names:
            found.setdefault(f"《{title}》", None)
    meta.cites = list(found)


def issuer_from_title(title: str) -> list[str]:
    """国家安全监管总局办公厅关于… → [国家安全监管总局办公厅]; joint issuers split on 、.

    A title that starts with its verb (关于印发…, 转发…) does not name its issuer, and what comes before
    the verb is an issuer only if each part is the name of an office (危险货物中转发运… holds 转发 by chance).
    """
    m = re.match(r"^(?P<org>[\u4e00-\u9fff、（）()]{2,60}?)(?:\s*)(?:关于|印发|转发)", title)
    if not m or m["org"].startswith(("关于", "印发", "转发")):
        return []
    parts = [p for p in re.split(r"[、\s]", m["org"]) if p]
    return parts if all(looks_like_org(p) for p in parts) else []


def issuer_of_order(doc_no: str | None) -> list[str]:
    """东莞市人民政府令第123号 → [东莞市人民政府]: a 令 is numbered in the name of the body that issues it
    (《规章制定程序条例》第二十九条: 规章由部门首长或者省长、市长签署命令予以公布). 主席令 names a person."""
    m = re.fullmatch(r"(?:中华人民共和国)?(?P<org>[\u4e00-\u9fff]{2,30}?)令第?[\d一二三四五六七八九十百零〇]+号", doc_no or "")
    return [m["org"]] if m and looks_like_org(m["org"]) else []


# 「…，国务院安委会办公室决定在全国推广…」: a notice names itself when it says what it decided.
_DECIDING_ORG = re.compile(r"(?:^|[，,。；;])(?P<org>[\u4e00-\u9fff]{2,24}?(?:办公室|办公厅|委员会|人民政府|总局|局|厅|部|委))"
                           r"(?:研究)?决定")


def issuer_in_opening(opening: str) -> str | None:
    """The issuer a notice names in its opening paragraph (GB/T 9704: the 正文 speaks for the issuer)."""
    m = _DECIDING_ORG.search(opening)
    return m["org"] if m else None
