"""Step 2 of the importer: text → lines without layout markup, with what the layout told us.

Removes only what is not the document's text: Markdown-ish markup some sources carry (`#`,
`**`, HTML comments), page numbers and web page furniture. Every removed line is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.importer.script import for_reading
from kb.numbering import is_date_line

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_PAGE_NUMBER = re.compile(r"^(?:[-—–－－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
# A label needs its colon: 来源不明的危险化学品… is a sentence (only the buttons stand alone).
_WEB_FURNITURE = re.compile(r"^(?:(?:发布时间|发布日期|来源|浏览次数|点击数|字体|下载地址)\s*[:：]|(?:打印本页|关闭窗口|【字体)[:：]?)")
# The date a web page prints under its headline with a label the list above lacks (发表时间:2024-03-29):
# only a label, a colon and a date — a sentence that begins with these words stays text.
_PAGE_DATE = re.compile(r"^(?:发表时间|更新时间)[:：]\s*(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
                        # 日期: alone may date a line of the text (日期：2024年3月1日); with a clock time it is the page's.
                        r"|^日期[:：]\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$")
# A page's timestamp: a date in figures with a clock time (01.06.2015 21:28, 2024-03-29 10:05:00), under
# the headline or as the page's last line. A document writes its dates 2015年5月28日; a schedule in its
# text may list times in figures, so a timestamp anywhere else stays text.
_TIMESTAMP = re.compile(r"^(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2})"
                        r"\s+\d{1,2}:\d{2}(?::\d{2})?$")
# Where the page sits on its site (您的位置: 首页 > 安全生产, 您当前的位置:首页>…, and 當前位置: on a page served
# in traditional characters), whom it credits (本文来源: …) and its neighbours (上一篇: …): a label and colon.
_PAGE_LABELS = re.compile(r"^(?:您的?(?:当前|现在)?(?:所在)?的?位置|当前的?位置|當前位置|本文[来來]源|上一篇|下一篇)\s*[:：]"
                          # The editor the site credits (责任编辑:段萌): the label and a name, nothing more.
                          r"|^[责責]任[编編][辑輯]\s*[:：]\s*[\u4e00-\u9fff·]{2,8}$")
# The line a reposting site prints under the headline: its name, the date and the source it credits
# (中央政府门户网站 www.gov.cn 2006年07月6日 来源:安全监管总局网站). A date and a 来源 label with its colon,
# on a line that holds no sentence.
_PAGE_BYLINE = re.compile(r"^[^。；;]*(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-./]\d{1,2}[-./]\d{1,2})[^。；;]*\s[来來]源\s*[:：][^。；;]*$"
                          # The page's timestamp glued to the label (2019-10-08 15:42来源:消防救援局): the clock
                          # time marks it as the page's.
                          r"|^(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?[来來]源\s*[:：][^。；;]*$")
# A byline that credits no source: 作者: 时间:2019-11-20 点击数: — an author label and a dated 时间 label.
_AUTHOR_BYLINE = re.compile(r"^作者\s*[:：][^。；;]*\s时间\s*[:：]\s*(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}[^。；;]*$")
# A law database describes the law it shows on a card of its own above it; the text's own history and
# 施行 article say the same where it matters (kb/importer/history.py).
_CATALOGUE_FIELD = re.compile(r"^(?:颁布部门|发布部门|法律效力|效力级别|时效性|应用分类|颁布日期|生效日期|实施日期|施行日期|"
                              r"失效日期)\s*[:：]")
# A law database's download button; under the 落款's date it ends the document, and the few lines after it
# are the site's (the first words of its list of other texts).
_DOWNLOAD = re.compile(r"^下载地址\s*[:：]")
_PAGE_TAIL = 2
# A site's links in a row (热门站点| 世界资料网 | 专利资料网, 收藏本站| 设为首页| 首页, 登录 注册 繁体版 无障碍):
# three or more short cells, one of them a link every site has, above the text. A table row names no 首页.
_SITE_LINKS = frozenset({"首页", "设为首页", "收藏本站", "加入收藏", "网站地图", "联系我们", "登录", "注册", "无障碍",
                         "繁体版", "简体版", "关怀版", "English", "返回首页", "热门站点", "友情链接"})
# Where the page sits, without a label: 首页>政务公开>应急管理.
_BREADCRUMB = re.compile(r"^首页\s*[>＞»›]")
# A site's font-size picker flattened into lines (32px, - 12px): a size in pixels alone on its line.
_FONT_SIZE = re.compile(r"^-?\s*\d{1,2}px$")
# Its font-size button, a lone A (A+, A-), under the headline: only there (a table may grade a row A).
_FONT_BUTTON = re.compile(r"^A[+＋\-－]?$")
# A bare link to a file (the page's copy of the document as PDF or Word), nothing else on the line.
_FILE_LINK = re.compile(r"^(?:https?:)?//\S+\.(?:pdf|docx?|wps|xlsx?|zip|rar|ofd)$", re.IGNORECASE)
# What is left of a table's borders when a page's layout table is flattened: a line of bars alone.
_TABLE_BARS = re.compile(r"^[|｜]+$")
_PAGE_STATS = re.compile(r"\d+\s*次浏览|(?:浏览|阅读)(?:次数|量)[:：]|点击[数量]?[:：]\s*\d")
_RECORD_KEY = re.compile(r"^(?P<key>[a-z_]+):\s?(?P<value>.*)$")
# Buttons of a government web page (its 日期:… 来源:… 浏览量: line is caught by _PAGE_STATS).
_PAGE_BUTTONS = re.compile(r"^(?:分享|朗读|打印|收藏|关闭|字号|相关链接|[-•·]?\s*相关推荐)[:：]?$|^扫一扫在手机(?:上)?打开(?:当前|本)页面?$"
                           # A list of other pages, each rated (- 江苏省安全生产条例 推荐度:) with its stars lost.
                           r"|^[-•·]\s*[^。；;：:]{2,60}\s推荐度[:：]$"
                           r"|^【(?:阅读全文|打印本页|关闭窗口|打印|关闭|返回顶部)】$"
                           # A read-aloud widget: its buttons and its waiting message.
                           r"|^(?:语音播报|文章播报|进入播报模式|退出播报模式|语音合成中[,，]请耐心等待\.*)$")
# A news site's caption for the stock photo it puts above a reposted text ((资料图片仅供参考), （资料图）,
# （图片来源：网络）): the whole line in brackets, naming a picture. A document names its 附图 otherwise.
_PHOTO_CAPTION = re.compile(r"^[（(]\s*(?:资料图片?|图片)(?:仅供参考|来源[:：][^（）()]{1,20})?\s*[）)]$")
# What only a site prints at the very top, above the text: its search button, its IPv6 badge.
# A site's date widget whose date was not captured (今天:), or that shows it (今天是：2024年5月6日 星期一).
_TOP_OF_SITE = re.compile(r"^(?:搜索|网站支持IPv6|今天是?\s*[:：]\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?\s*"
                          r"(?:星期[一二三四五六日天])?)$", re.IGNORECASE)
# The 政府信息公开 panel above a document on a government site (《政府信息公开条例》第二十条 requires the
# catalogue): labelled fields, their value on the same line or the next; a bare 索引号 or 公开方式 value
# where the page lost its labels (QE2305000-2023-002 / 主动公开).
_PORTAL_LABELS = ("信息索引号", "索引号", "标题", "文件名称", "发布机构", "发文机关", "成文日期", "发文日期", "发布日期",
                  "公开日期", "公开方式", "公开范围", "主题分类", "体裁分类", "信息分类", "发文字号", "文号", "有效性", "概述",
                  "备注/文号", "公文生成日期", "关键词", "主题词", "体裁")
# What some sites call a field the others name otherwise (a TRS site's 备注/文号 and 公文生成日期).
_SAME_FIELD = {"标题": "文件名称", "备注/文号": "文号", "公文生成日期": "成文日期"}
# Labels are spaced out to a width (索 引 号, 标  题); several fields may share a line; a page flattened
# to Markdown lists them (- 索引号:…).
_SPACED_LABELS = "|".join(r"\s*".join(label) for label in sorted(_PORTAL_LABELS, key=len, reverse=True))
_PORTAL_LABEL = re.compile(r"(?:^|(?<=\s))[•·●*-]?\s*(?P<label>" + _SPACED_LABELS + r")\s*(?P<sep>[:：|｜])")
# Some panels print each row's fields without a space between a value and the next label
# (…/2018-00057主题分类:…, 郑开管〔2018〕4号成文日期:2018-02-02): on a line that starts with a label, a
# label followed by its colon ends the value before it.
_GLUED_LABEL = re.compile(r"(?P<label>" + _SPACED_LABELS + r")\s*(?P<sep>[:：])")
_FRAMED_LABEL = re.compile(r"[\[【]\s*(?P<label>" + "|".join(sorted(_PORTAL_LABELS, key=len, reverse=True)) + r")\s*[\]】]")
_PORTAL_VALUE = re.compile(r"^(?:[0-9A-Z]{5,20}[-/](?:19|20)\d{2}[-/]\d{2,6}|主动公开|依申请公开|不予公开|免予公开)$")
# A forum's anti-copy noise between the lines of a text it reposts (6 ^$ {- Q H& {. {) q7 `' ?): ASCII
# fragments of one or two characters, many of them holding a mark no text, formula or table writes
# (^ $ & { } [ ] ` ' " _ ; ~ \). A formula (S = ( a + b ) / 2), a table rule (| --- |), a row of codes
# (A1 A2 B1) or of figures (5% 8% 9%) has none.
_JAMMER = re.compile(r"^(?=(?:\S+\s+){4})[\x21-\x7e\s]+$")
_NOISE_MARKS = frozenset("^$&{}[]`'\"_;~\\")
_JAMMER_PREFIX = re.compile(r"^([\x21-\x7e\s]+?)(?=[\u4e00-\u9fff])")
PORTAL_TOP = 40  # the panel comes first: fields further down are the document's text
INDENT = re.compile(r"^(?:[ \t]{2,}|\u3000+)")


@dataclass
class Line:
    text: str  # stripped, markup removed
    number: int  # 1-based line number in the source
    indented: bool = False
    blank_before: bool = False
    markdown_heading: bool = False


@dataclass
class Prepared:
    lines: list[Line]
    record: dict[str, str] = field(default_factory=dict)  # catalogue note above a `---` line, if any
    dropped: list[str] = field(default_factory=list)  # furniture removed (reported)
    # Fields of the 政府信息公开 panel, by label (文件名称, 发布机构, 成文日期, 文号 …): the publisher's
    # statement about the document, used where the text itself does not state the value.
    portal: dict[str, str] = field(default_factory=dict)
    # The first line when page furniture (发布时间, 浏览次数) follows it: the hosting page's headline.
    headline: Line | None = None


def split_record(text: str) -> tuple[dict[str, str], str, int]:
    """A leading catalogue block (`source: …` lines, then `---`) is a note about the text, not text."""
    lines = text.split("\n")
    record: dict[str, str] = {}
    for i, line in enumerate(lines[:20]):
        if line.strip() == "---" and record:
            return record, "\n".join(lines[i + 1:]), i + 1
        m = _RECORD_KEY.match(line)
        if not m:
            break
        record[m["key"]] = m["value"].strip()
    return {}, text, 0


def prepare(text: str) -> Prepared:
    """Lines of the document's text, without layout markup and page furniture."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\ufeff", "")
    record, text, offset = split_record(text)
    text = _HTML_COMMENT.sub("", text)
    out: list[Line] = []
    dropped: list[str] = []
    headline: Line | None = None
    portal: dict[str, str] = {}
    awaiting: str | None = None  # a panel label whose value is on the next line
    page_end: int | None = None
    blank = False
    raw_lines = text.split("\n")
    catalogue = _catalogue_rows(raw_lines)
    for i, raw in enumerate(raw_lines, start=offset + 1):
        if i - offset - 1 in catalogue:
            dropped.append(raw.strip())
            continue
        raw = raw.rstrip()
        indented = bool(INDENT.match(raw))
        s = raw.strip().strip("\u3000").strip()
        md_heading = bool(_MD_HEADING.match(s))
        s = _MD_HEADING.sub("", s)
        s = _BOLD.sub(r"\1", s).strip()
        if s in ("", "**"):
            blank = True
            continue
        if i - offset <= PORTAL_TOP and len(out) <= 1:
            fields = _portal_fields(s)
            if awaiting and not fields:
                portal[awaiting] = re.sub(r"^[•·●]\s*", "", s)  # • 1150…/2021-00177 under • [ 索引号 ]
                awaiting = None
                dropped.append(s)
                continue
            if fields:
                for label, value in fields:
                    if value:
                        portal[label] = value
                    # In a panel laid out as a table an empty cell is empty: the next line is not its value.
                    awaiting = None if value or re.search("[|｜]", s) else label
                if len(out) == 1 and not dropped:
                    headline = out[0]  # as under page furniture below: 发布日期 under the page's headline
                dropped.append(s)
                continue
            if _PORTAL_VALUE.match(s) or (s[:1] in "•·●" and s[1:].strip() == portal.get("文件名称")):
                dropped.append(s)  # an unlabelled panel value, or the panel's list repeating the title
                continue
        if _is_jammer(s):
            dropped.append(s)  # inside the text: says nothing of a headline above it
            continue
        glued = _JAMMER_PREFIX.match(s)
        if glued and _is_jammer(glued[1].strip()):
            dropped.append(glued[1].strip())  # noise glued to the start of a line of text
            s = s[glued.end():]
        # A page served in traditional characters labels its lines so too (來源:縣政府辦 發布日期:…):
        # they are read as the head is: in simplified ones, without printed pinyin (kb/importer/script.py).
        seen = for_reading(s)
        if _is_furniture(seen) or (len(out) <= 2 and (_TIMESTAMP.match(seen) or _PAGE_BYLINE.match(seen)
                                                      or _AUTHOR_BYLINE.match(seen)
                                                      or (dropped and _FONT_BUTTON.match(seen))
                                                      or (not out and _TOP_OF_SITE.match(seen))
                                                      or _is_site_links(seen))):
            if len(out) == 1 and not dropped:
                headline = out[0]
            if _DOWNLOAD.match(s) and len(out) > 2 and is_date_line(out[-1].text):
                page_end = len(out)  # a download button under the 落款's date: the page's own lines follow
            dropped.append(s)
            continue
        out.append(Line(s, i, indented, blank, md_heading))
        blank = False
    if page_end is not None and len(out) - page_end <= _PAGE_TAIL:
        dropped.extend(ln.text for ln in out[page_end:])  # 宁波… : the start of the site's list of other texts
        del out[page_end:]
    while len(out) > 2 and (_TIMESTAMP.match(out[-1].text)
                            or (is_date_line(out[-2].text) and ((out[-1].text.isdigit() and len(out[-1].text) <= 2)
                                                                or _FILE_LINK.match(out[-1].text)))):
        # A timestamp, or a page number or the link to the page's file printed under the 落款's date
        # (2025年4月3日 / 1, 2019年6月5日 / //www…/20190617181055_86999.pdf), ends the page.
        dropped.append(out.pop().text)
    return Prepared(out, record, dropped, portal=portal, headline=headline)


def _catalogue_rows(raw_lines: list[str]) -> set[int]:
    """The rows of a law database's catalogue card near the top (颁布部门:…, 法律效力:…, 颁布日期:…生效日期:…):
    a labelled field with no sentence in it, next to another such row (one row alone may be the text's)."""
    rows = [k for k, raw in enumerate(raw_lines[:PORTAL_TOP])
            if _CATALOGUE_FIELD.match(raw.strip()) and not re.search(r"[。；;]", raw)]
    return {k for k in rows if any(0 < abs(k - j) <= 3 for j in rows)}


def _is_furniture(line: str) -> bool:
    """Page numbers and the web page's own lines around a text (each pattern above says which)."""
    return bool(_PAGE_NUMBER.match(line) or _WEB_FURNITURE.match(line) or _PAGE_DATE.match(line)
                or _PAGE_LABELS.match(line) or _TABLE_BARS.match(line)
                or _PAGE_STATS.search(line) or _PAGE_BUTTONS.match(line) or _FONT_SIZE.match(line)
                or _BREADCRUMB.match(line) or _PHOTO_CAPTION.match(line))


def _is_site_links(line: str) -> bool:
    cells = [c for c in re.split(r"[|｜\s]+", line) if c]
    return len(cells) >= 3 and any(c in _SITE_LINKS for c in cells) \
        and all(len(c) <= 8 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", c) for c in cells)


def _is_jammer(line: str) -> bool:
    if not _JAMMER.match(line):
        return False
    tokens = line.split()
    if any(len(t) > 2 for t in tokens):
        return False
    marked = sum(1 for t in tokens if any(ch in _NOISE_MARKS for ch in t))
    return marked >= max(2, 0.25 * len(tokens))


def _portal_fields(line: str) -> list[tuple[str, str]]:
    """(label, value) for each field of a panel line (labels as _SAME_FIELD names them), or [] when the line is
    not one."""
    # Some sites frame each label instead of following it with a colon: [ 索引号 ] 1150…/2020-00160 [ 发文字号 ] ….
    line = _FRAMED_LABEL.sub(lambda m: f" {m['label']}：", line).strip()
    first = _PORTAL_LABEL.match(line)
    if not first:
        return []
    fields = {m.end(): m for m in (*_PORTAL_LABEL.finditer(line), *_GLUED_LABEL.finditer(line, first.end()))}
    found = sorted(fields.values(), key=lambda m: m.start())
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(line)
        label = re.sub(r"\s", "", m["label"])
        value = line[m.end():end]
        if m["sep"] in "|｜":
            # A panel laid out as a table (索 引 号 | 1137…/2024-04136 | 公开方式 | 主动公开 |): the next cell.
            value = re.split(r"[|｜]", value, maxsplit=1)[0]
        out.append((_SAME_FIELD.get(label, label), value.strip()))
    return out


WIDTH_CAP = 400


def width(text: str) -> int:
    """Display width: Han and full-width forms count 2, ASCII 1 (how a PDF line fills up).

    Counted up to WIDTH_CAP: beyond any page's width, the rules only need to know it is wider.
    """
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text[:WIDTH_CAP])
