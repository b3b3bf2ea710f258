"""Word output in the manner of GB/T 9704-2012, laid out from the rendered Markdown's blocks.

Word is built from the same Markdown the template produced, so the two outputs cannot drift and a
user's own template renders to Word too. Only the small Markdown subset our templates write is read:
`#`–`####` headings, paragraphs, pipe tables, `- ` items, `> ` notes, links, `**bold**`, and two
comments (`<!-- align:right -->`, `<!-- pagebreak -->`).

Layout (FACTS.md §9): A4, text area 156 mm × 225 mm (margins top 37, bottom 35, left 28, right 26 mm),
title 2号 方正小标宋简体, body 3号 仿宋_GB2312 with digits in Times New Roman, headings 一、黑体
（一）楷体_GB2312 1. 仿宋 bold, page numbers 4号 宋体 “— 1 —” (odd pages right, even pages left).
python-docx's font.name sets only the Latin font, so every style and run also gets w:eastAsia.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from kb.mdtext import unescape

LATIN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: (BODY_FONT, True)}
PAGE_NUMBER_FONT = "宋体"
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)
TEXT_WIDTH_MM = 156.0
LINE = Pt(28.95)  # 225 mm / 22 lines
TABLE_LINE = Pt(16)


# --- the Markdown subset ----------------------------------------------------------------------

@dataclass
class Block:
    kind: str  # title | heading | paragraph | table | item | note | pagebreak
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    shares: list[int] = field(default_factory=list)  # dashes per column of the |---| row: relative widths
    align_right: bool = False


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def parse_blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    right_next = False
    para: list[str] = []

    def flush() -> None:
        nonlocal right_next
        if para:
            blocks.append(Block("paragraph", " ".join(para).strip(), align_right=right_next))
            para.clear()
            right_next = False

    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "<!-- align:right -->":
            flush()
            right_next = True
        elif stripped == "<!-- pagebreak -->":
            flush()
            blocks.append(Block("pagebreak"))
        elif stripped.startswith("<!--"):
            flush()
        elif m := _HEADING.match(stripped):
            flush()
            level = len(m.group(1))
            blocks.append(Block("title", m.group(2)) if level == 1 else Block("heading", m.group(2), level - 1))
        elif stripped.startswith("|"):
            flush()
            rows = []
            shares: list[int] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = lines[i].strip()
                if _TABLE_RULE.match(row):
                    shares = [cell.count("-") for cell in _split_row(row)]
                else:
                    rows.append(_split_row(row))
                i += 1
            blocks.append(Block("table", rows=rows, shares=shares))
            continue
        elif stripped.startswith(("- ", "* ")):
            flush()
            blocks.append(Block("item", stripped[2:]))
        elif stripped.startswith(">"):
            flush()
            blocks.append(Block("note", stripped.lstrip("> ")))
        else:
            para.append(stripped)
        i += 1
    flush()
    return blocks


def _split_row(row: str) -> list[str]:
    """Cells of `| a | b |`; an escaped \\| stays inside its cell."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


_INLINE = re.compile(r"\[(?P<text>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]*)\)|\*\*(?P<bold>(?:\\.|[^*\\])+)\*\*")


@dataclass
class Span:
    text: str
    url: str | None = None
    bold: bool = False


def parse_inline(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(unescape(text[pos:m.start()])))
        if m.group("text") is not None:
            spans.append(Span(unescape(m.group("text")), url=m.group("url")))
        else:
            spans.append(Span(unescape(m.group("bold")), bold=True))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(unescape(text[pos:])))
    return spans


# --- Word ------------------------------------------------------------------------------------------

def set_run_fonts(r_pr_owner: object, east_asia: str, latin: str = LATIN) -> None:
    """Set Latin and East Asian fonts on a run or a style (w:rFonts ascii/hAnsi/eastAsia)."""
    r_pr = r_pr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _style_font(style, east_asia: str, size: Pt, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    style.font.name = LATIN
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    set_run_fonts(style.element, east_asia)


def _setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14) * 1  # page number about 7 mm below the text area
    section.start_type = WD_SECTION.NEW_PAGE

    normal = doc.styles["Normal"]
    _style_font(normal, BODY_FONT, SIZE_3)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32)  # two characters
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    for level, (font, bold) in HEADING_FONTS.items():
        style = doc.styles[f"Heading {level}"]
        _style_font(style, font, SIZE_3, bold)
        hpf = style.paragraph_format
        hpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hpf.line_spacing = LINE
        hpf.space_before = hpf.space_after = Pt(0)
        hpf.first_line_indent = Pt(32)
        hpf.keep_with_next = True
        hpf.alignment = WD_ALIGN_PARAGRAPH.LEFT

    title = doc.styles["Title"]
    _style_font(title, TITLE_FONT, SIZE_2)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tpf.line_spacing = Pt(35)
    tpf.space_before, tpf.space_after = Pt(0), Pt(28.95)
    p_pr = title.element.get_or_add_pPr()
    border = p_pr.find(qn("w:pBdr"))  # the default template underlines Title
    if border is not None:
        p_pr.remove(border)
    title.font.color.rgb = None

    _page_numbers(doc)


def _page_numbers(doc: DocxDocument) -> None:
    """— 1 — in 4号 宋体: odd pages at the right, even pages at the left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = Pt(14)
        else:
            pf.left_indent = Pt(14)
        _footer_run(p, "— ")
        _field(p, "PAGE")
        _footer_run(p, " —")


def _footer_run(p: Paragraph, text: str):  # type: ignore[no-untyped-def]
    run = p.add_run(text)
    run.font.size = SIZE_4
    run.font.name = PAGE_NUMBER_FONT
    set_run_fonts(run._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
    return run


def _field(p: Paragraph, instruction: str) -> None:
    """A Word field (PAGE) as begin / instrText / separate / cached result / end."""
    def char(kind: str) -> None:
        run = _footer_run(p, "")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)

    char("begin")
    run = _footer_run(p, "")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    _footer_run(p, "1")
    char("end")


def _add_spans(p: Paragraph, text: str, east_asia: str = BODY_FONT, size: Pt | None = None,
               bold: bool | None = None) -> None:
    for span in parse_inline(text):
        if span.url:
            _hyperlink(p, span.text, span.url, east_asia, size)
            continue
        run = p.add_run(span.text)
        set_run_fonts(run._r, east_asia)
        if size is not None:
            run.font.size = size
        if span.bold or bold:
            run.font.bold = True


def _hyperlink(p: Paragraph, text: str, url: str, east_asia: str, size: Pt | None) -> None:
    """A clickable link; the text keeps the body look (no blue) so the page reads like a 公文."""
    r_id = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    r_pr.append(fonts)
    if size is not None:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size.pt * 2)))
        r_pr.append(sz)
    run.append(r_pr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    p._p.append(link)


def _table(doc: DocxDocument, rows: list[list[str]], shares: list[int]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    table.autofit = False
    if len(shares) == width and len(set(shares)) > 1:  # the template gave proportions: | -- | -------- |
        widths = [Mm(TEXT_WIDTH_MM * n / sum(shares)) for n in shares]
    else:
        widths = _column_widths(rows, width)
    for grid_col, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = w  # LibreOffice lays out by the grid, Word by the cells: set both
    # Columns of short entries (序号, 学时) are centred; a column of text reads better flush left.
    centred = [all(_visual_length(r[c]) <= 4 for r in rows[1:] if c < len(r)) for c in range(width)]
    for r, (row, row_obj) in enumerate(zip(rows, table.rows, strict=True)):
        row_obj._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # never break a row across pages
        for c, cell in enumerate(row_obj.cells):  # once per row: table.cell(r, c) rescans the whole table
            cell.width = widths[c]
            p = cell.paragraphs[0]
            pf = p.paragraph_format
            pf.first_line_indent = Pt(0)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = TABLE_LINE
            text = row[c] if c < len(row) else ""
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or centred[c] else WD_ALIGN_PARAGRAPH.LEFT
            _add_spans(p, text, BODY_FONT, SIZE_5, bold=(r == 0))
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _visual_length(text: str) -> float:
    """Width in characters: CJK counts 1, Latin and digits about half."""
    plain = "".join(span.text for span in parse_inline(text))
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in plain)


def _column_widths(rows: list[list[str]], ncols: int) -> list[Mm]:
    """Water-filling: narrow columns get what they need, the rest share the remaining text width."""
    char = 3.8  # mm per 五号 character
    total = TEXT_WIDTH_MM
    natural = []
    for c in range(ncols):
        cells = [r[c] for r in rows if c < len(r)]
        natural.append(max(2.0, *(_visual_length(x) for x in cells)) * char + 4.5)
    widths = [0.0] * ncols
    open_cols = set(range(ncols))
    remaining = total
    while open_cols:
        share = remaining / len(open_cols)
        fits = {c for c in open_cols if natural[c] <= share}
        if not fits:
            for c in open_cols:
                widths[c] = share
            break
        for c in fits:
            widths[c] = natural[c]
            remaining -= natural[c]
        open_cols -= fits
    spare = total - sum(widths)
    if spare > 0.5:
        widths = [w + spare * w / sum(widths) for w in widths]
    return [Mm(w) for w in widths]


def _borders(table) -> None:  # type: ignore[no-untyped-def]
    """Single 0.5 pt borders on every edge, whatever the style defines."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    tbl_pr.append(borders)


def markdown_to_docx(markdown: str, title: str) -> bytes:
    doc = new_document()
    _setup(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "安标 anbiao"
    doc.core_properties.language = "zh-CN"
    previous_right = False
    for block in parse_blocks(markdown):
        if block.kind == "title":
            p = doc.add_paragraph(style="Title")
            _add_spans(p, block.text, TITLE_FONT)
        elif block.kind == "heading":
            level = min(block.level, 3)
            if block.level >= 4:  # （1） reads as body text in GB/T 9704
                p = doc.add_paragraph()
                _add_spans(p, block.text)
            else:
                p = doc.add_paragraph(style=f"Heading {level}")
                font, bold = HEADING_FONTS[level]
                _add_spans(p, block.text, font, bold=bold)
        elif block.kind == "table":
            _table(doc, block.rows, block.shares)
            doc.add_paragraph().paragraph_format.line_spacing = Pt(8)
        elif block.kind == "item":
            p = doc.add_paragraph()
            _add_spans(p, "· " + block.text)
        elif block.kind == "note":
            p = doc.add_paragraph()
            _add_spans(p, block.text, "楷体_GB2312")
        elif block.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            p = doc.add_paragraph()
            if block.align_right:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.right_indent = Pt(64)  # GB/T 9704: 成文日期右空四字
                if not previous_right:  # the signature stands apart from the text above it
                    p.paragraph_format.space_before = LINE * 2
            _add_spans(p, block.text)
        previous_right = block.kind == "paragraph" and block.align_right
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
