"""Steps 3–4 of the importer: repair PDF line breaks and find the numbering, in one pass.

The two depend on each other: a line that starts with 一、 opens a new clause only if 一 is the
next number at some level (a wrapped line can start with “一、预防为主” in the middle of a
sentence), and whether a line break ends a paragraph depends on whether the next line opens a clause.

Paragraph rule. A break between two lines is a paragraph end when the next line opens a clause in
sequence, or follows a blank line after a whole line without a sentence end in a Markdown source
(a formula, a list entry), or when it is indented, or — for text wrapped at a fixed width (typical PDF output) —
when the previous line stops short of the wrap width; for unwrapped text (one paragraph per line)
when the previous line ends a sentence (。！？；：) or is a short line such as a heading.
Blank lines alone never end a paragraph: PDF extraction puts them in mid-sentence.

Heading rule. A numbered unit becomes a heading of its level (一、→## （一）→### 1.→#### （1）→#####;
laws: 第一章→## 第一节→### 第一条→####). When its text runs on, the heading is the label plus the
lead-in up to the first 。：:；？！ if that comes within 40 characters (（一）指导思想：| 以科学发展观…);
a unit of at most 40 characters is all heading; otherwise the heading is the label alone
(第一条, （1）) and the text follows as its paragraph. No character is added, changed or dropped.

Size rule. A paragraph longer than MAX_UNIT_CHARS (no real text comes near it: the longest of the 66
source texts has 1,152 characters) is split after the last sentence end (。！？；) before the limit —
or at the limit when it has none — into paragraphs of the same clause, and the split is reported with
its source line: a 20 MB paste must not become one clause the index and the page cannot handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.importer.lines import Line, width
from kb.numbering import APPENDIX_HEADING, Label, int_to_cn, match_label, match_law_label

DATE_START = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
HISTORY_END = re.compile(r"(?:通过|公布|发布|批准|修正|修订|施行)[）)]?$")
TERMINATORS = "。！？；：:!?;"
CLOSERS = "”’」』）)】"
HEAD_MAX = 40
MAX_UNIT_CHARS = 5000
SENTENCE_ENDS = "。！？；!?;"
BULLETS = ("――", "——", "—", "●", "◆", "■", "★", "▲", "·", "•", "※")
GONGWEN_LEVELS = {1: 2, 2: 3, 3: 4, 4: 5}  # label level → Markdown heading level
LAW_LEVELS = {"章": 2, "节": 3, "条": 4}


@dataclass
class Block:
    """A paragraph or a numbered unit's heading (with its run-on text as `text`)."""

    lines: list[str]
    first_line: int
    heading_level: int = 0  # Markdown level; 0 = plain paragraph
    label: str = ""
    heading: str = ""
    text: str = ""

    def joined(self) -> str:
        return join_lines(self.lines)


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines. Between two ASCII words a space was a real space; elsewhere none."""
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out += " "
        out += part
    return out


def ends_sentence(text: str) -> bool:
    t = text.rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINATORS


@dataclass
class ReviewNote:
    """Something the editor should look at, with the source line it concerns."""

    line: int
    message: str


@dataclass
class Structure:
    blocks: list[Block]
    warnings: list[ReviewNote] = field(default_factory=list)


@dataclass
class Numbering:
    """The open numbered units; says whether a label continues the sequence."""

    stack: list[tuple[int, int, bool]] = field(default_factory=list)  # (level, ordinal, spaced)

    def accepts(self, label: Label) -> bool:
        if not self.stack:
            return label.ordinal == 1
        for level, ordinal, spaced in self.stack:
            if level == label.level:
                # A plan numbered 1 总则 / 2 组织体系 lists its sources as 1.《…》 2.《…》 under 1.2 编制依据:
                # a label written the other way does not continue the sequence.
                return label.ordinal == ordinal + 1 and _spaced(label) == spaced
        return label.level > self.stack[-1][0] and label.ordinal == 1

    def push(self, label: Label) -> None:
        while self.stack and self.stack[-1][0] >= label.level:
            self.stack.pop()
        self.stack.append((label.level, label.ordinal, _spaced(label)))


def _spaced(label: Label) -> bool:
    """1 总则: a figure followed by a space, not by 、 or ．."""
    return label.text[-1:].isspace()


@dataclass
class LawNumbering:
    """Chapters, sections and articles of a law: articles run on across chapters."""

    last: dict[str, int] = field(default_factory=lambda: {"章": 0, "节": 0, "条": 0})

    def accepts(self, unit: str, n: int) -> bool:
        if unit == "节":
            return n == self.last["节"] + 1 or n == 1
        return n == self.last[unit] + 1

    def push(self, unit: str, n: int) -> None:
        self.last[unit] = n
        if unit == "章":
            self.last["节"] = 0


# 第九条修改为：… / 第十三条后增加一条作为第十四条: a 修改决定's instruction names the article it changes,
# it is none. The label is glued to the verb; an article is followed by its text after a space or
# starts with a verb that no amendment uses.
_AMENDING = re.compile(r"^第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+[款项])*"
                       r"(?:修改为|改为|删去|删除|[中后]?增加[一二三四五六七八九十]*[款项条句段])")


def is_law(lines: list[Line]) -> bool:
    articles = [ln for ln in lines if (m := match_law_label(ln.text)) and m[0] == "条" and not _AMENDING.match(ln.text)]
    return len(articles) >= 3


def wrap_width(lines: list[Line]) -> int | None:
    """The fixed width a PDF wrapped the text at, or None when lines are whole paragraphs."""
    widths = sorted(width(ln.text) for ln in lines)
    if len(widths) < 8:
        return None
    top = widths[int(len(widths) * 0.9)]
    near = sum(1 for w in widths if top * 0.85 <= w <= top * 1.05)
    if top <= 130 and near >= 0.45 * len(widths):
        return top
    return None


def build_blocks(lines: list[Line], markdown: bool = False) -> Structure:
    """Paragraphs and headings, in order, and what the editor should check.

    `markdown`: the source is Markdown (it marks headings with #), where a blank line ends a paragraph
    (CommonMark §4.8) after a line that is a unit of its own (`_whole_unit`): two formula lines
    “日工资：…” and “小时工资：…” stay apart.
    """
    law = is_law(lines)
    # An appendix after a law's last article (附件 / 附表2 / 附录A alone on its line) is no part of that
    # article: it opens an unnumbered unit of its own, beside the chapters.
    last_article = max((i for i, ln in enumerate(lines) if (m := match_law_label(ln.text)) and m[0] == "条"),
                       default=len(lines)) if law else len(lines)
    wrap = wrap_width(lines)
    numbering = Numbering()
    law_numbering = LawNumbering()
    blocks: list[Block] = []
    warnings: list[ReviewNote] = []
    current: Block | None = None
    prev: Line | None = None
    attachments = False  # inside the list of attachment names under a line 附件： alone

    for index, line in enumerate(lines):
        opens: tuple[str, int, str] | Label | None = None
        listed = False
        appendix = index > last_article and bool(APPENDIX_HEADING.match(line.text))
        if appendix or _TOC_ENTRY.search(line.text):
            pass  # an appendix opens its own unit below; 1 总则……4, an entry of a table of contents, is no heading
        elif law:
            m = match_law_label(line.text)
            if m and _toc_ends(m, law_numbering):
                # The chapters so far were a 目录 (table of contents) listing them before any article:
                # its lines stay text, and the chapters are counted again from the first.
                for block in blocks:
                    if block.heading_level:
                        block.heading_level, block.label = 0, ""
                law_numbering = LawNumbering()
                warnings.append(ReviewNote(line.number, "正文前的章名按目录处理（保留为正文段落），章节从此行重新计数"))
            if m and law_numbering.accepts(m[0], m[1]):
                opens = m
            elif m and m[0] == "条" and _begins_paragraph(line, prev) and (
                    inserted := re.match(r"之[一二三四五六七八九十]+", line.text[len(m[2]):])):
                # 第一百三十五条之一: an article an amendment inserted. The clause model numbers articles by
                # their ordinal alone, so it stays text of the article before it; the editor is told.
                warnings.append(ReviewNote(line.number, f"“{m[2]}{inserted[0]}”是修改时插入的条文，暂作为上一条的正文，"
                                                        "未单独编号；请人工核对"))
            elif m and m[0] == "条" and _begins_paragraph(line, prev):
                want = int_to_cn(law_numbering.last["条"] + 1)
                warnings.append(ReviewNote(line.number, f"“{m[2]}”不接续上一条（应为第{want}条），按正文处理；"
                                                        "请核对原文是否缺条或重号"))
        else:
            lab = match_label(line.text)
            if lab and lab.text == line.text and not (line.markdown_heading or line.blank_before):
                lab = None  # a bare numeral inside running text is a wrapped fragment, not a heading
            if lab and not attachments and not numbering.accepts(lab) and (listed_from := _contents_listed(blocks, lab)):
                # The headings since a line 目录 were its entries, listed without page numbers (1 总则 /
                # 1.1 编制目的 / … / 7 附则, then 1.总则 and the text): they stay text, and the count starts again.
                for block in blocks[listed_from:]:
                    block.heading_level, block.label = 0, ""
                numbering = Numbering()
                warnings.append(ReviewNote(line.number, "目录中的标题按目录处理（保留为正文段落），编号从此行重新计数"))
            if lab and attachments:
                listed = True  # 附件：/ 1.… / 2.…: each name is a paragraph of its own, no clause of the text
            elif lab and numbering.accepts(lab):
                opens = lab
            attachments = bool(_ATTACHMENT_LIST.match(line.text)) or listed
        if appendix:
            current = Block([line.text], line.number, LAW_LEVELS["章"], "")
            blocks.append(current)
        elif (current is None or prev is None or opens is not None or listed
              or _paragraph_ends(current, prev, line, wrap, markdown)):
            if opens is not None:
                if isinstance(opens, Label):
                    numbering.push(opens)
                    level, label_text = GONGWEN_LEVELS[opens.level], opens.text
                else:
                    law_numbering.push(opens[0], opens[1])
                    level, label_text = LAW_LEVELS[opens[0]], opens[2]
                current = Block([line.text], line.number, level, label_text)
            else:
                current = Block([line.text], line.number)
            blocks.append(current)
        else:
            current.lines.append(line.text)
        prev = line
    for block in blocks:
        _split_heading(block, law)
    return Structure(_split_oversized(blocks, warnings), warnings)


# A notice's contact line (联系人及电话:胡安雄,010-83932597) ends at its telephone number, with or without a full
# stop: the 落款 under it is no part of it.
_CONTACT = re.compile(r"^联系(?:人|电话|方式)[^。；;]{0,40}[:：][^。；;]{0,60}\d[)）]?$")


# A row of a table written with bars, closed by its last bar: at least two cells.
_TABLE_ROW = re.compile(r"^[^|｜]+[|｜][^|｜]+[|｜](?:[^|｜]*[|｜])*\s*$")


# The line that heads a notice's list of attachment names (附件： / 1.… / 2.…), alone on its line.
_ATTACHMENT_LIST = re.compile(r"^附\s*件\s*[:：]$")


# Leader dots and a page number end an entry of a table of contents (1.1 编制目的 ………(5).
_TOC_ENTRY = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|．{4,})\s*[（(]?\s*\d{1,3}\s*[）)]?$")


# A heading of a plan numbered 1 / 1.1 is a few words (总则, 组织指挥体系与职责): the first space ends it
# only that soon; later, a space sits inside a sentence (在 2023 年修订).
SPACED_HEAD_MAX = 15


# The line that heads a table of contents: 目录 alone (目 录) or after the document's name (某某应急预案目录).
_CONTENTS_HEAD = re.compile(r"^[^。，,；;：:《》“”]{0,40}目\s*录$")
# An entry of a table of contents is a heading alone on its line: a few words, no sentence.
_ENTRY_MAX = 30


def _contents_listed(blocks: list[Block], label: Label) -> int:
    """Where the entries of a table of contents start, when `label` is the first of them written again
    (the 1 of the first heading after a line 目录, all blocks since short headings without a sentence); else 0.
    """
    for k in range(len(blocks) - 1, -1, -1):
        if blocks[k].heading_level == 0 and _CONTENTS_HEAD.match(blocks[k].joined()) \
                and not match_label(blocks[k].joined()):
            entries = blocks[k + 1:]
            headed = [b for b in entries if b.heading_level]
            if len(headed) < 2 or headed[0].label.strip(" .．、") != label.text.strip(" .．、") or label.ordinal != 1:
                return 0
            if any(len(b.joined()) > _ENTRY_MAX or ends_sentence(b.joined()) for b in entries):
                return 0
            return k + 1
    return 0


def _toc_ends(label: tuple[str, int, str], numbering: LawNumbering) -> bool:
    """第一章 again after chapters that held no article: those chapters were a table of contents."""
    unit, n, _ = label
    return unit == "章" and n == 1 and numbering.last["章"] >= 2 and numbering.last["条"] == 0


def _begins_paragraph(line: Line, prev: Line | None) -> bool:
    """Where an article label would open an article (not a wrapped “第三条规定的…” mid-sentence)."""
    return prev is None or line.blank_before or line.markdown_heading or ends_sentence(prev.text)


def _split_oversized(blocks: list[Block], warnings: list[ReviewNote]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if len(block.text) <= MAX_UNIT_CHARS:
            out.append(block)
            continue
        chunks = split_at_sentences(block.text, MAX_UNIT_CHARS)
        warnings.append(ReviewNote(block.first_line, f"段落长 {len(block.text)} 字，超过 {MAX_UNIT_CHARS} 字，"
                                                     f"已在句末分为 {len(chunks)} 段（文字未改动）；请核对原文的分段"))
        whole = block.joined()  # heading + text: keep the heading, up to the end of the first piece
        block.lines = [whole[: len(whole) - len(block.text) + len(chunks[0])]]
        block.text = chunks[0]
        out.append(block)
        out.extend(Block([chunk], block.first_line, text=chunk) for chunk in chunks[1:])
    return out


def split_at_sentences(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, each ending at a sentence end where there is one."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(ch) for ch in SENTENCE_ENDS) + 1
        if cut <= 0:
            cut = limit
        while cut < len(text) and text[cut] in CLOSERS:
            cut += 1  # 。” stays together
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _paragraph_ends(current: Block, prev: Line, line: Line, wrap: int | None, markdown: bool = False) -> bool:
    if line.markdown_heading or prev.markdown_heading:
        return True
    if markdown and line.blank_before and _whole_unit(prev.text):
        return True
    if line.text.startswith(BULLETS) and ends_sentence(prev.text):
        return True
    if _TABLE_ROW.match(prev.text):
        # A table flattened to rows of cells (烟花爆竹 | 1月份 | 安监站 |): a row that ends with its bar is whole,
        # though its last cell ends with 、 or a comma; the next row is a paragraph of its own.
        return True
    if wrap is not None:
        if line.indented:
            return True
        if ends_sentence(prev.text) or _open_heading(current):
            return width(prev.text) < wrap - 5
        # Mid-sentence: PDF justification leaves some lines a little short.
        return width(prev.text) < wrap * 0.75
    if ends_sentence(prev.text) or _CONTACT.match(prev.text):
        return True
    if DATE_START.match(prev.text) and (DATE_START.match(line.text) or HISTORY_END.search(prev.text)):
        # One adoption-history line after another (2002年6月29日 …通过 / 2009年8月27日 …修正), or the
        # last of them before the text (…《关于修改〈…〉的决定》修正 / 我国宪法…).
        return True
    if line.indented and not prev.indented and ends_sentence(current.joined()):
        return True
    # An unwrapped line without a full stop: a short one is a heading or a signature; a long one
    # was broken in the middle of a sentence (often with a blank line inserted).
    if _open_heading(current) and len(current.joined()) <= HEAD_MAX:
        return True
    if any(ch in TERMINATORS + "，," for ch in prev.text):
        return False
    return len(prev.text) < 30


def _whole_unit(text: str) -> bool:
    """A line of a Markdown source that is a unit of its own before a blank line.

    A Markdown paragraph ends at a blank line, but one converted from a PDF keeps the PDF's breaks
    mid-sentence (“…整改。各地要严格遵守“管” / “理标准化…”): those cut a paragraph after a sentence
    end or inside quotes. A line without any sentence end, its brackets and quotes closed, that is short
    or ends with a closing bracket, is a formula or a list entry (“日工资：月工资收入÷月计薪天数”,
    “四、废止《…条例》（2007年9月14日…通过）”).
    """
    if any(ch in SENTENCE_ENDS for ch in text):
        return False
    if text.count("“") != text.count("”") or text.count("（") + text.count("(") != text.count("）") + text.count(")"):
        return False
    return len(text) <= HEAD_MAX or text.endswith(tuple(CLOSERS))


def _open_heading(block: Block) -> bool:
    """A numbered unit whose lead-in has not ended yet: its line breaks may end the heading."""
    return bool(block.heading_level) and not any(ch in TERMINATORS for ch in block.joined())


def _split_heading(block: Block, law: bool) -> None:
    text = block.joined()
    if not block.heading_level:
        block.text = text
        return
    label = block.label
    rest = text[len(label):]
    stripped = rest.lstrip()
    gap = rest[: len(rest) - len(stripped)]
    if law:
        if label.endswith(("条", "條")):
            block.heading, block.text = label, stripped
        else:
            block.heading, block.text = text, ""
        return
    cut = next((i for i, ch in enumerate(stripped) if ch in TERMINATORS), None)
    if cut is not None and cut < HEAD_MAX and cut + 1 < len(stripped):
        # Keep closing quotes/brackets that belong to the lead-in.
        end = cut + 1
        while end < len(stripped) and stripped[end] in CLOSERS:
            end += 1
        if end < len(stripped):
            block.heading, block.text = label + gap + stripped[:end], stripped[end:]
            return
    if len(stripped) <= HEAD_MAX:
        block.heading, block.text = text, ""
    elif label != label.rstrip():
        # A label whose separator is a space (1 总 则 1.1 编制目的 …) is a label only with a word after it:
        # the heading runs to its first sub-number (1.1), else to the first space; a run of text with
        # neither is cut nowhere (the label alone heads it, as before).
        number = label.strip().rstrip(".．、")
        nxt = re.search(rf"\s+(?={re.escape(number)}[.．]\d)", stripped)
        if not nxt:
            first = re.search(r"\s+", stripped)  # 5 附则 本预案由…解释: a short heading, then its text
            nxt = first if first and first.start() <= SPACED_HEAD_MAX else None
        if nxt and 0 < nxt.start() <= HEAD_MAX:
            block.heading, block.text = label + stripped[:nxt.start()], stripped[nxt.start():].lstrip()
        else:
            block.heading, block.text = label.rstrip(), stripped
    else:
        block.heading, block.text = label.rstrip(), stripped
