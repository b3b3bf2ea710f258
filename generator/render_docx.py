"""Word output in the manner of GB/T 9704-2012, laid out from the rendered Markdown's element tree.

Word is built from the same Markdown the template produced, parsed by Python-Markdown (tables,
sane_lists), so the two outputs cannot drift and any template — ours or a user's — renders to Word
as it renders to HTML: headings, paragraphs, nested lists with the numbers the template wrote,
emphasis, code, tables, quotes, rules, hard line breaks and links.

What a template writes for the Word layout, beyond plain Markdown:
- `<!-- align:right -->` before a paragraph: the 落款 (signature and date), right-aligned, kept on the
  page of the text above it; `<!-- pagebreak -->`: the next block starts a new page.
- `## 附件1　标题`: an annex in GB/T 9704 form — a new page, the label 附件1 at the top left in
  黑体, the title centred in 小标宋.
- The lengths of the cells of a table's `|----|:-------:|` row give the columns' relative widths
  (Python-Markdown drops them, so a small table processor keeps them); equal lengths mean "size
  to the content".

Layout (FACTS.md §9): A4, text area 156 mm × 225 mm (margins top 37, bottom 35, left 28, right 26 mm)
on a grid of 22 lines of 28 characters, title 2号 方正小标宋简体, body 3号 仿宋_GB2312 with digits
in Times New Roman, headings 一、黑体 （一）楷体_GB2312 1. 仿宋 bold, （1） as body text, page
numbers 4号 宋体 “— 1 —” (odd pages right, even pages left). python-docx's font.name sets only
the Latin font, so every style and run also gets w:eastAsia.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import markdown
from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown.treeprocessors import Treeprocessor

from generator.docx_xml import paragraph_xml, row_xml, run_xml, table_xml
from generator.markdown_compat import PLACEHOLDER, ColumnShareTables, raw_html

if TYPE_CHECKING:
    from lxml import etree

LATIN = "Times New Roman"
MONO = "Courier New"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
QUOTE_FONT = "楷体_GB2312"
ANNEX_LABEL_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)
# Markdown heading level → Word style, East Asian font, bold. h1 is the title; h5 and h6 are （1）
# headings, which GB/T 9704 sets as body text.
HEADINGS = {2: ("Heading 1", "黑体", False), 3: ("Heading 2", "楷体_GB2312", False), 4: ("Heading 3", BODY_FONT, True)}

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
TEXT_WIDTH = Twips(PAGE_WIDTH.twips - MARGINS["left"].twips - MARGINS["right"].twips)  # 156 mm
TEXT_HEIGHT = Twips(PAGE_HEIGHT.twips - MARGINS["top"].twips - MARGINS["bottom"].twips)  # 225 mm
LINE = Twips(TEXT_HEIGHT.twips // LINES_PER_PAGE)  # 28.95 pt: rounded down so that 22 lines fit
INDENT = Pt(32)  # two characters of 3号
TABLE_LINE = Pt(16)

MAX_PROPERTY = 255  # python-docx (and Word) refuse longer core properties
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_WIDE = 0x2E80  # from here on (CJK radicals, punctuation, ideographs, full-width forms) a character is square


# --- Markdown → element tree ---------------------------------------------------------------------

class _KeepTree(Treeprocessor):
    """Runs last and keeps the finished tree, which Python-Markdown otherwise only serialises."""

    def run(self, root: Element) -> None:
        self.root = root


_DIRECTIVE = re.compile(r"<!--\s*(align:right|pagebreak)\s*-->")
_TAG = re.compile(r"<[^>]*>")


def parse_markdown(text: str) -> Element:
    """The Markdown as a tree of HTML elements, raw HTML resolved to what Word can show.

    Python-Markdown leaves raw HTML as placeholders into its stash: entities become their characters,
    our two layout comments become `<directive name=…>`, other tags are dropped with their text kept
    (Word has no HTML to show them with).
    """
    md = markdown.Markdown(extensions=["tables", "sane_lists"], lazy_ol=False)
    md.parser.blockprocessors.register(ColumnShareTables(md.parser, {"use_align_attribute": False}), "table", 75)
    keep = _KeepTree(md)
    md.treeprocessors.register(keep, "anbiao-keep", -100)
    md.convert(xml_safe(text))  # also drops STX/ETX, which would forge Python-Markdown's placeholders
    stash = raw_html(md)

    def resolve(match: re.Match[str]) -> str:
        raw = stash[int(match.group(1))]
        return html.unescape(_TAG.sub("", raw))

    for el in keep.root.iter():
        alone = PLACEHOLDER.fullmatch(el.text.strip()) if el.tag == "p" and el.text and len(el) == 0 else None
        if alone and (directive := _DIRECTIVE.fullmatch(stash[int(alone.group(1))].strip())):
            el.tag, el.text = "directive", None
            el.set("name", directive.group(1))
            continue
        if el.text:
            el.text = PLACEHOLDER.sub(resolve, el.text)
        if el.tail:
            el.tail = PLACEHOLDER.sub(resolve, el.tail)
    return keep.root


# --- inline content --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Look:
    """How a run looks: fonts and size from the block, emphasis and link from the inline markup."""

    east_asia: str = BODY_FONT
    latin: str = LATIN
    size: Length | None = None  # None: the paragraph style's size
    bold: bool = False
    italic: bool = False
    href: str | None = None


# The hyphen of a standard number (GB/T 33000-2016, AQ/T 9006-2010) between a digit and a year; not
# a date's (2021-06-10). Word copies a non-breaking hyphen as a control character, so only there.
_NUMBER_HYPHEN = re.compile(r"(?<=\d)-(?=(?:19|20)\d\d(?!\d))")

# GB/T 9704—2012 7.3.3: a title of several lines breaks where the words stay whole. A line of the
# 2号 title font holds about 20 characters on the A4 text block (156 mm / 7.76 mm); Word would break
# anywhere (…初次培/训大纲), so a longer title is broken after a word that ends a name or a group of
# people, nearest the middle.
TITLE_LINE_CHARS = 20
_TITLE_BREAK_AFTER = re.compile(r"有限责任公司|有限公司|公司|集团|行业|人员|企业|单位")


def title_lines(title: str) -> list[str]:
    """The title as the lines it is set in: one line if it fits, else two lines broken after one of
    the words above, each line within the width; unchanged when no such break exists."""
    if len(title) <= TITLE_LINE_CHARS:
        return [title]
    cuts = [m.end() for m in _TITLE_BREAK_AFTER.finditer(title)
            if m.end() <= TITLE_LINE_CHARS and len(title) - m.end() <= TITLE_LINE_CHARS]
    if not cuts:
        return [title]
    cut = min(cuts, key=lambda c: abs(len(title) / 2 - c))
    return [title[:cut], title[cut:]]


@dataclass
class Segment:
    text: str
    look: Look
    line_break: bool = False  # a hard line break (<br>), whose text is "\n"


_INLINE_LOOK = {"strong": {"bold": True}, "b": {"bold": True}, "em": {"italic": True}, "i": {"italic": True},
                "code": {"latin": MONO}}
BLOCK_TAGS = {"p", "ul", "ol", "table", "blockquote", "pre", "hr", "div", "directive",
              "h1", "h2", "h3", "h4", "h5", "h6"}


def inline_segments(el: Element, look: Look) -> list[Segment]:
    """The text of `el` up to its first block child, with soft line breaks joined and the ends trimmed."""
    segments: list[Segment] = []
    _collect(el, look, segments, top=True)
    return _tidy_segments(segments)


def _collect(el: Element, look: Look, out: list[Segment], top: bool = False) -> None:
    if el.text:
        out.append(Segment(el.text, look))
    for child in el:
        if top and child.tag in BLOCK_TAGS:
            return
        if child.tag == "br":
            out.append(Segment("\n", look, line_break=True))
        elif child.tag == "img":
            out.append(Segment(child.get("alt", ""), look))
        elif child.tag == "a":
            _collect(child, replace(look, href=child.get("href")), out)
        else:
            _collect(child, replace(look, **_INLINE_LOOK.get(child.tag, {})), out)  # type: ignore[arg-type]
        if child.tail:
            out.append(Segment(child.tail, look))


_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _tidy_segments(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if seg.line_break:
            out.append(seg)
        elif out and out[-1].look == seg.look and not out[-1].line_break:
            out[-1].text += _join_lines(seg.text)
        else:
            out.append(Segment(_join_lines(seg.text), seg.look))
    if out:
        out[0].text = out[0].text.lstrip(" ")
        out[-1].text = out[-1].text.rstrip(" ")
    return [seg for seg in out if seg.text]


def _join_lines(text: str) -> str:
    """A soft line break is a space between Latin words and nothing next to a Chinese character."""
    def join(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if is_wide(before) or is_wide(after) else " "
    return _SOFT_BREAK.sub(join, text)


def is_wide(ch: str) -> bool:
    return bool(ch) and ord(ch) >= _WIDE


def plain_text(segments: list[Segment]) -> str:
    return "".join(seg.text for seg in segments)


def xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot hold (control characters, lone surrogates): lxml would refuse the document."""
    return _XML_INVALID.sub("", text)


# --- the Word document -----------------------------------------------------------------------------

# Word refuses a document whose property elements are out of schema order, and python-docx knows the
# order only of the elements it models: these are the elements that must follow the ones we add
# (ECMA-376 Part 1, CT_RPr, CT_PPr, CT_TblPr).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_CHAR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                       "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                       *_AFTER_LANG)
_AFTER_SNAP_TO_GRID = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
                       "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                       "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_P_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", *_AFTER_SNAP_TO_GRID)
_AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _put(parent: etree._Element, tag: str, successors: tuple[str, ...], **attrs: str) -> etree._Element:
    """Set child `tag` of `parent` (replacing one already there) at its place in the schema order."""
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    child = OxmlElement(tag, attrs={qn(f"w:{key}"): value for key, value in attrs.items()})
    following = {qn(t) for t in successors}
    successor = next((el for el in parent if el.tag in following), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _off_grid(p_pr: etree._Element) -> None:
    """Text in other sizes than the 3号 body (title, tables, page numbers) keeps its own line height."""
    _put(p_pr, "w:snapToGrid", _AFTER_SNAP_TO_GRID, val="0")


def set_run_fonts(r_pr_owner: object, east_asia: str, latin: str = LATIN) -> None:
    """Set Latin and East Asian fonts on a run or a style (w:rFonts ascii/hAnsi/eastAsia)."""
    fonts = r_pr_owner.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _set_language(r_pr: etree._Element) -> None:
    """zh-CN for Chinese text (line breaking, proofing); Latin text stays en-US."""
    _put(r_pr, "w:lang", _AFTER_LANG, val="en-US", eastAsia="zh-CN")


def _style_font(style, east_asia: str, size: Length, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    style.font.name = LATIN
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    set_run_fonts(style.element, east_asia)
    _set_language(style.element.get_or_add_rPr())


def _setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(28) - SIZE_4  # page number about 7 mm below the text area
    section.start_type = WD_SECTION.NEW_PAGE
    _grid(doc)
    _settings(doc)
    _styles(doc)
    _page_numbers(doc)


def _settings(doc: DocxDocument) -> None:
    """Chinese as the document's East Asian language; hard line breaks not justified."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    font_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if font_lang is not None:  # the default template says ja-JP
        font_lang.set(qn("w:eastAsia"), "zh-CN")
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is not None:
        # A justified line ending in a hard line break keeps its spacing instead of being stretched
        # across the page. (The default template's compat holds only useFELayout and compatSetting.)
        _put(compat, "w:doNotExpandShiftReturn", ("w:useFELayout", "w:compatSetting"))


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _style_font(normal, BODY_FONT, SIZE_3)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = INDENT
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True
    _put(normal.element.get_or_add_rPr(), "w:spacing", _AFTER_CHAR_SPACING, val="-5")  # -0.25 pt: see _grid

    for style_name, font, bold in HEADINGS.values():
        style = doc.styles[style_name]
        _style_font(style, font, SIZE_3, bold)
        hpf = style.paragraph_format
        hpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hpf.line_spacing = LINE
        hpf.space_before = hpf.space_after = Pt(0)
        hpf.first_line_indent = INDENT
        hpf.keep_with_next = True
        hpf.alignment = WD_ALIGN_PARAGRAPH.LEFT

    title = doc.styles["Title"]
    _style_font(title, TITLE_FONT, SIZE_2)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Pt(0)
    tpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tpf.line_spacing = Pt(35)
    tpf.space_before, tpf.space_after = Pt(0), LINE
    tpf.keep_with_next = True
    p_pr = title.element.get_or_add_pPr()
    border = p_pr.find(qn("w:pBdr"))  # the default template underlines Title
    if border is not None:
        p_pr.remove(border)
    _off_grid(p_pr)


def _grid(doc: DocxDocument) -> None:
    """22 lines of 28 characters (GB/T 9704), in a form Word, WPS and LibreOffice all lay out alike.

    A 3号 character is 16 pt, but 156 mm holds 28 of them only at 15.79 pt. Word's character grid
    (docGrid linesAndChars with charSpace) would squeeze them, but LibreOffice gives each 16 pt character
    two grid cells (measured: 14 characters a line). So the section has a line grid only and the body
    styles are condensed by 0.25 pt a character, which gives 28 a line in all three. Paragraphs in
    other sizes (title, tables, page numbers) opt out of the grid.
    """
    grid = doc.element.body.get_or_add_sectPr().find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        doc.element.body.get_or_add_sectPr().append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE.twips))
    grid.attrib.pop(qn("w:charSpace"), None)


def _page_numbers(doc: DocxDocument) -> None:
    """— 1 — in 4号 宋体: odd pages at the right, even pages at the left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _off_grid(paragraph_xml(p).get_or_add_pPr())
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = SIZE_4
        else:
            pf.left_indent = SIZE_4
        _footer_run(p, "— ")
        _page_field(p)
        _footer_run(p, " —")


def _footer_run(p: Paragraph, text: str) -> Run:
    run = p.add_run(text)
    run.font.size = SIZE_4
    set_run_fonts(run_xml(run), PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
    return run


def _page_field(p: Paragraph) -> None:
    """The PAGE field as begin / instrText / separate / cached result / end."""
    def char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run_xml(_footer_run(p, "")).append(fld)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_xml(_footer_run(p, "")).append(instr)
    char("separate")
    _footer_run(p, "1")
    char("end")


def _core_properties(doc: DocxDocument, title: str, author: str) -> None:
    """Title and author of the document; nothing left from python-docx's own template."""
    def fit(text: str) -> str:
        text = xml_safe(" ".join(text.split()))
        return text if len(text) <= MAX_PROPERTY else text[:MAX_PROPERTY - 1] + "…"

    props = doc.core_properties
    now = dt.datetime.now(dt.UTC)
    props.title, props.author, props.last_modified_by = fit(title), fit(author), fit(author)
    props.comments = props.subject = props.keywords = props.category = ""
    props.language = "zh-CN"
    props.created = props.modified = now
    props.revision = 1
    # The default template's thumbnail (a picture of an empty page) and app.xml (says "Microsoft
    # Macintosh Word", 1 page) describe another document; both parts are optional.
    package_rels = doc.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype in (RELATIONSHIP_TYPE.THUMBNAIL, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES):
            package_rels.pop(r_id)


# --- blocks ----------------------------------------------------------------------------------------

# 附件, 附件1, 附件 2, 附件三, then a separator or the end: "附件说明" is no annex.
_ANNEX = re.compile(r"^(附件\s*[0-9０-９一二三四五六七八九十]*)(?:[\s　:：]+|$)")
# A quotation followed by its source (“…”——《…》第四条): kept on one page when no longer than about ten
# lines, so that a page never starts with the source alone.
_QUOTED_SOURCE = re.compile(r"[”」]——")
KEEP_QUOTE_CHARS = 280


@dataclass(frozen=True)
class Context:
    """Where a block sits: in a quote (楷体), in a list (indented)."""

    look: Look = Look()
    depth: int = 0  # list nesting


class _Writer:
    """Walks the element tree once, appending to the document; remembers what layout hints are pending."""

    def __init__(self, doc: DocxDocument, site_url: str | None) -> None:
        self.doc = doc
        self.site_url = site_url
        self.page_break = False  # <!-- pagebreak -->: the next block starts a page
        self.align_right = False  # <!-- align:right -->: the next paragraph is part of the 落款
        self.last: Paragraph | None = None  # the previous paragraph, None after a table
        self.before_last: Paragraph | None = None  # the one before it (see body_paragraph: 附件说明)
        self.table_tail: list[Paragraph] = []  # the last row of the last table and the space below it

    def blocks(self, parent: Element, ctx: Context) -> None:
        for el in parent:
            self.block(el, ctx)

    def block(self, el: Element, ctx: Context) -> None:
        tag = el.tag
        if tag == "directive":
            if el.get("name") == "pagebreak":
                self.page_break = True
            else:
                self.align_right = True
        elif tag == "h1":
            segments = inline_segments(el, replace(ctx.look, east_asia=TITLE_FONT))
            if len(segments) == 1 and not segments[0].line_break:
                first, *rest = title_lines(segments[0].text)
                look = segments[0].look
                segments = [Segment(first, look)]
                for line in rest:
                    segments += [Segment("\n", look, line_break=True), Segment(line, look)]
            self.paragraph(segments, style="Title")
        elif tag == "h2" and (annex := _ANNEX.match("".join(el.itertext()))):
            self.annex(el, annex.group(1), len(annex.group(0)))
        elif tag in ("h2", "h3", "h4"):
            style, font, bold = HEADINGS[int(tag[1])]
            self.paragraph(inline_segments(el, replace(ctx.look, east_asia=font, bold=bold)), style=style)
        elif tag in ("h5", "h6"):
            p = self.paragraph(inline_segments(el, ctx.look))
            p.paragraph_format.keep_with_next = True
        elif tag in ("ul", "ol"):
            self.list(el, ctx)
        elif tag == "table":
            self.table(el)
        elif tag == "blockquote":
            self.blocks(el, replace(ctx, look=replace(ctx.look, east_asia=QUOTE_FONT)))
        elif tag == "pre":
            self.preformatted(el, ctx)
        elif tag == "hr":
            self.rule()
        elif tag == "div":
            self.blocks(el, ctx)
        else:  # p, and whatever else holds text
            self.body_paragraph(inline_segments(el, ctx.look), ctx)

    # -- paragraphs

    def paragraph(self, segments: list[Segment], style: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        if self.page_break:
            p.paragraph_format.page_break_before = True
            self.page_break = False
        self.runs(p, segments)
        self.before_last, self.last = self.last, p
        return p

    def body_paragraph(self, segments: list[Segment], ctx: Context, marker: str = "") -> None:
        if not segments and not marker:
            return
        if marker:
            first = segments[0].text if segments else ""
            gap = "" if is_wide(first[:1]) or marker.endswith(" ") else " "
            segments = [Segment(marker + gap, ctx.look), *segments]
        signature = self.align_right
        self.align_right = False
        previous, two_back = self.last, self.before_last
        p = self.paragraph(segments)
        pf = p.paragraph_format
        if ctx.depth > 1:
            pf.left_indent = INDENT * (ctx.depth - 1)
        if _QUOTED_SOURCE.search(p.text) and len(p.text) <= KEEP_QUOTE_CHARS:
            pf.keep_together = True  # a quotation and its source are read together: never split by a page
        if signature:
            pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            pf.first_line_indent = Pt(0)
            pf.right_indent = INDENT * 2  # GB/T 9704: 成文日期右空四字
            if previous is None:
                # Right after a table (an outline's answer table): its last row comes along.
                for tail in self.table_tail:
                    tail.paragraph_format.keep_with_next = True
            else:
                # The 落款 never stands alone on a page: what precedes it moves with it. When that is
                # the 附件说明, the last line of the body moves too (GB/T 9704: the page of the 落款
                # carries text of the body), else Word may set 附件说明 and 落款 on a page of their own.
                previous.paragraph_format.keep_with_next = True
                if two_back is not None and previous.text.startswith("附件："):
                    two_back.paragraph_format.keep_with_next = True
            if previous is None or previous.alignment != WD_ALIGN_PARAGRAPH.RIGHT:
                pf.space_before = LINE * 2  # the signature stands apart from the text above it

    def annex(self, heading: Element, label: str, prefix_length: int) -> None:
        """GB/T 9704 annex: a new page, 附件N in 3号 黑体 at the top left, the title centred on line 3."""
        self.page_break = True
        label_p = self.paragraph([Segment(label.replace(" ", ""), Look(east_asia=ANNEX_LABEL_FONT))])
        label_p.paragraph_format.first_line_indent = Pt(0)
        label_p.paragraph_format.keep_with_next = True
        segments = _drop_prefix(inline_segments(heading, Look(east_asia=TITLE_FONT, size=SIZE_2)), prefix_length)
        if segments:
            # Heading 1 keeps the annex in Word's navigation pane; the look is the title's.
            title = self.paragraph(segments, style="Heading 1")
            pf = title.paragraph_format
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.first_line_indent = Pt(0)
            pf.line_spacing = Pt(35)
            pf.space_before, pf.space_after = LINE, LINE
            _off_grid(paragraph_xml(title).get_or_add_pPr())

    def list(self, el: Element, ctx: Context) -> None:
        """Items are paragraphs led by the number the template wrote (or ·), nested lists indented."""
        inner = replace(ctx, depth=ctx.depth + 1)
        number = int(el.get("start", "1"))
        for item in el.findall("li"):
            marker = f"{number}." if el.tag == "ol" else "· "
            number += 1
            segments = inline_segments(item, inner.look)
            rest = [child for child in item if child.tag in BLOCK_TAGS]
            if not segments and rest and rest[0].tag == "p":  # a loose list: the item's text is a <p>
                segments = inline_segments(rest.pop(0), inner.look)
            self.body_paragraph(segments, inner, marker)
            for child in rest:
                self.block(child, inner)

    def preformatted(self, el: Element, ctx: Context) -> None:
        text = "".join(el.itertext()).rstrip("\n")
        segments = [Segment(part, replace(ctx.look, latin=MONO), line_break=part == "\n")
                    for part in re.split(r"(\n)", text) if part]
        p = self.paragraph(segments)
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def rule(self) -> None:
        """A horizontal rule is an empty paragraph with a bottom border."""
        p = self.spacer(Pt(8))
        border = _put(paragraph_xml(p).get_or_add_pPr(), "w:pBdr", _AFTER_P_BORDER)
        border.append(OxmlElement("w:bottom", attrs={qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                                     qn("w:color"): "000000"}))

    def spacer(self, height: Length) -> Paragraph:
        """An empty paragraph of its own height (off the line grid)."""
        p = self.paragraph([])
        p.paragraph_format.line_spacing = height
        _off_grid(paragraph_xml(p).get_or_add_pPr())
        return p

    # -- runs

    def runs(self, p: Paragraph, segments: list[Segment]) -> None:
        """Runs of one look each; consecutive segments with one link target share one w:hyperlink."""
        for href, group in _by_link(segments):
            url = self.absolute(href)
            if url is None:
                for seg in group:
                    self.format_run(p.add_run(), seg)
                continue
            r_id = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), r_id)
            paragraph_xml(p).append(link)
            for seg in group:
                r = OxmlElement("w:r")
                link.append(r)
                self.format_run(Run(r, p), seg)

    @staticmethod
    def format_run(run: Run, seg: Segment) -> None:
        if seg.line_break:
            run.add_break(WD_BREAK.LINE)
        else:
            first, *rest = _NUMBER_HYPHEN.split(xml_safe(seg.text))
            run.text = first
            for part in rest:  # GB/T 33000-2016 stays on one line: Word breaks after a plain hyphen
                r = run_xml(run)
                r.append(OxmlElement("w:noBreakHyphen"))
                t = OxmlElement("w:t", attrs={qn("xml:space"): "preserve"})
                t.text = part
                r.append(t)
        set_run_fonts(run_xml(run), seg.look.east_asia, seg.look.latin)
        if seg.look.size is not None:
            run.font.size = seg.look.size
        if seg.look.bold:
            run.font.bold = True
        if seg.look.italic:
            run.font.italic = True

    def absolute(self, href: str | None) -> str | None:
        """The URL a link can have inside Word, or None to show its text only.

        A relative link is dead in a file on someone's desk: it becomes absolute against the site URL,
        or plain text when there is none. Only http(s) targets are ever clickable.
        """
        if not href or href.startswith("#"):
            return None
        try:
            if not urlsplit(href).scheme:
                if self.site_url is None:
                    return None
                href = urljoin(self.site_url.rstrip("/") + "/", href)
            scheme = urlsplit(href).scheme.lower()
        except ValueError:  # e.g. an unclosed [IPv6] host
            return None
        if scheme not in ("http", "https") or xml_safe(href) != href:
            return None
        return href

    # -- tables

    def table(self, el: Element) -> None:
        rows = list(el.iter("tr"))
        if not rows:
            return
        if self.page_break:  # a table cannot carry page-break-before: an empty paragraph does
            self.spacer(Pt(1))
        elif self.last is not None:  # the sentence that introduces a table moves with it
            self.last.paragraph_format.keep_with_next = True
        cells = [[inline_segments(cell, Look(size=SIZE_5)) for cell in tr] for tr in rows]
        texts = [[plain_text(c) for c in r] for r in cells]
        header_rows = len(el.findall("thead/tr"))
        ncols = max(len(r) for r in cells)
        shares = [int(n) for n in el.get("data-shares", "").split()]
        if len(shares) == ncols and len(set(shares)) > 1:  # the template gave proportions: | -- | ------ |
            widths = [Twips(TEXT_WIDTH.twips * n // sum(shares)) for n in shares]
        else:
            widths = column_widths(texts, ncols)
        table = _new_table(self.doc, len(rows), widths)
        # Columns of short entries (序号, 学时) are centred; a column of text reads better flush left.
        centred = [all(visual_length(r[c]) <= 4 for r in texts[header_rows:] if c < len(r)) for c in range(ncols)]
        for r, (source_row, row) in enumerate(zip(rows, table.rows, strict=True)):
            header = r < header_rows
            tr_pr = row_xml(row).get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # never break a row across pages
            if header:
                tr_pr.append(OxmlElement("w:tblHeader", attrs={qn("w:val"): "true"}))  # repeated on every page
            for c, cell in enumerate(row.cells):  # once per row: table.cell(r, c) rescans the whole table
                cell.width = widths[c]
                p = cell.paragraphs[0]
                pf = p.paragraph_format
                pf.first_line_indent = Pt(0)
                pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                pf.line_spacing = TABLE_LINE
                # The header never ends a page without a row under it, and the last row (合计) never
                # starts one alone. Keeping whole tables together would rather leave half pages empty.
                pf.keep_with_next = header or r == len(rows) - 2
                _off_grid(paragraph_xml(p).get_or_add_pPr())
                align = source_row[c].get("style", "") if c < len(source_row) else ""
                p.alignment = (WD_ALIGN_PARAGRAPH.RIGHT if "right" in align
                               else WD_ALIGN_PARAGRAPH.CENTER if "center" in align or header or centred[c]
                               else WD_ALIGN_PARAGRAPH.LEFT)
                segments = cells[r][c] if c < len(cells[r]) else []
                self.runs(p, [replace(s, look=replace(s.look, bold=True)) for s in segments] if header else segments)
        air = self.spacer(Pt(8))  # air below the table
        # What a 落款 right after the table must keep on its page (see body_paragraph).
        self.table_tail = [cell.paragraphs[0] for cell in table.rows[-1].cells] + [air]
        self.before_last = self.last = None


def _new_table(doc: DocxDocument, nrows: int, widths: list[Twips]) -> Table:
    """An empty centred table with single borders and fixed column widths."""
    table = doc.add_table(rows=nrows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table_xml(table)
    borders = _put(tbl.tblPr, "w:tblBorders", _AFTER_TABLE_BORDERS)  # whatever the style defines
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{edge}", attrs={qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0",
                                                       qn("w:color"): "000000"}))
    for grid_col, w in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = w  # LibreOffice lays out by the grid, Word by the cells: both are set
    return table


def _by_link(segments: list[Segment]) -> Iterator[tuple[str | None, list[Segment]]]:
    group: list[Segment] = []
    for seg in segments:
        if group and group[-1].look.href != seg.look.href:
            yield group[-1].look.href, group
            group = []
        group.append(seg)
    if group:
        yield group[-1].look.href, group


def _drop_prefix(segments: list[Segment], length: int) -> list[Segment]:
    """The segments without their first `length` characters (the annex label)."""
    out: list[Segment] = []
    for seg in segments:
        if length >= len(seg.text):
            length -= len(seg.text)
            continue
        out.append(replace(seg, text=seg.text[length:]))
        length = 0
    return out


def visual_length(text: str) -> float:
    """Width in characters: CJK counts 1, Latin and digits about half."""
    return sum(1.0 if is_wide(ch) else 0.55 for ch in text)


def column_widths(rows: list[list[str]], ncols: int) -> list[Twips]:
    """Water-filling: narrow columns get what they need, the rest share the remaining text width."""
    char = 3.8  # mm per 五号 character
    total = TEXT_WIDTH.mm
    natural = []
    for c in range(ncols):
        cells = [r[c] for r in rows if c < len(r)]
        natural.append(max(2.0, *(visual_length(x) for x in cells)) * char + 4.5)
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
    return [Twips(Mm(w).twips) for w in widths]


def markdown_to_docx(markdown_text: str, *, title: str, author: str = "", site_url: str | None = None) -> bytes:
    """The .docx of a rendered template.

    `title` and `author` (for a plan: the enterprise) go into the document's properties; `site_url`,
    when the knowledge base is published, makes the template's relative links absolute — without
    it links show as text, since a relative link leads nowhere from a Word file.
    """
    doc = new_document()
    _setup(doc)
    _core_properties(doc, title, author)
    _Writer(doc, site_url).blocks(parse_markdown(markdown_text), Context())
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
