"""The Word output re-opened with python-docx: structure from the Markdown tree, GB/T 9704 layout, properties."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from generator.render_docx import markdown_to_docx
from tests.generator_support import FIXTURE_CONTENT, PROFILES, anbiao, plan_args


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "plan.docx"
    assert anbiao(*plan_args(PROFILES["mianyang-feimeikuangshan"], out)) == 0
    return out


@pytest.fixture(scope="module")
def plan_docx(plan_file: Path) -> docx.document.Document:
    return docx.Document(str(plan_file))


def _east_asia(element) -> str | None:  # type: ignore[no-untyped-def]
    r_pr = element.find(qn("w:rPr"))
    fonts = None if r_pr is None else r_pr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _open(markdown: str, title: str = "标题", author: str = "", site_url: str | None = None) -> docx.document.Document:
    return docx.Document(io.BytesIO(markdown_to_docx(markdown, title=title, author=author, site_url=site_url)))


def test_headings_follow_gongwen_numbering(plan_docx) -> None:  # type: ignore[no-untyped-def]
    by_style: dict[str, list[str]] = {}
    for p in plan_docx.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    # A title longer than a line breaks after a whole word (GB/T 9704): a line break, not a new paragraph.
    assert by_style["Title"] == ["绵阳某某矿业有限公司\n安全生产标准化建设实施方案"]
    level1 = by_style["Heading 1"]
    assert level1 == ["一、指导思想", "二、企业概况", "三、编制依据", "四、定级制度和适用标准", "五、工作目标",
                      "六、组织机构及职责", "七、实施步骤", "八、要素任务分解", "九、保障措施",
                      "适用的安全生产标准化条款摘录", "需企业补充的信息"]  # the annexes' titles keep Word's outline
    assert "（一）法律" in by_style["Heading 2"]
    assert any(t.startswith("（三）整改提升阶段（2027年") for t in by_style["Heading 2"])


def test_fonts_and_language_are_set_for_chinese_text(plan_docx) -> None:  # type: ignore[no-untyped-def]
    styles = plan_docx.styles
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
                "Heading 3": "仿宋_GB2312"}
    for name, font in expected.items():
        assert _east_asia(styles[name].element) == font, name
    assert styles["Normal"].font.size.pt == 16  # 3号
    assert styles["Title"].font.size.pt == 22  # 2号
    assert styles["Heading 3"].font.bold is True
    body_runs = [r for p in plan_docx.paragraphs if p.style.name == "Normal" for r in p.runs if r.text.strip()]
    assert body_runs
    assert all(_east_asia(r._r) for r in body_runs)
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for r_pr in (defaults, styles["Normal"].element.find(qn("w:rPr"))):
        assert r_pr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert plan_docx.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"


def test_body_has_22_lines_of_28_characters(plan_docx) -> None:  # type: ignore[no-untyped-def]
    section = plan_docx.sections[0]
    width_pt = section.page_width.pt - section.left_margin.pt - section.right_margin.pt
    height_pt = section.page_height.pt - section.top_margin.pt - section.bottom_margin.pt
    assert (round(width_pt / 72 * 25.4), round(height_pt / 72 * 25.4)) == (156, 225)
    normal = plan_docx.styles["Normal"]
    condensed = int(normal.element.find(qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert math.floor(width_pt / (normal.font.size.pt + condensed)) == 28
    assert math.floor(height_pt / normal.paragraph_format.line_spacing.pt) == 22
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert math.floor(height_pt * 20 / int(grid.get(qn("w:linePitch")))) == 22


def test_tables_have_borders_widths_and_a_repeated_header(plan_docx) -> None:  # type: ignore[no-untyped-def]
    tables = plan_docx.tables
    assert len(tables) == 5
    overview, standards, departments, schedule, tasks = tables
    assert [c.text for c in overview.rows[0].cells] == ["项目", "内容"]
    assert [c.text for c in standards.rows[0].cells] == ["标准", "类别", "适用范围", "本企业", "时效性"]
    assert [c.text for c in departments.rows[0].cells] == ["部门", "牵头要素", "职责"]
    assert [c.text for c in schedule.rows[0].cells][:3] == ["阶段", "2月", "3月"]
    assert [c.text for c in schedule.rows[1].cells][:3] == ["准备", "■", ""]
    assert [c.text for c in tasks.rows[0].cells] == ["序号", "要素", "主要工作内容", "责任部门", "成果/台账", "完成时限"]
    assert len(tasks.rows) == 1 + 28
    assert tasks.rows[1].cells[1].text == "目标"
    borders = tasks._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
        "top": "single", "left": "single", "bottom": "single", "right": "single", "insideH": "single",
        "insideV": "single"}
    assert _east_asia(tasks.rows[1].cells[2].paragraphs[0].runs[0]._r) == "仿宋_GB2312"
    assert tasks.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert tasks.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    # The template's | ---- | -------- | --------------- | ------ | ---------- | ------ | gives the proportions.
    widths = [col.w.mm for col in tasks._tbl.tblGrid.gridCol_lst]
    assert sum(widths) == pytest.approx(156, abs=0.5)
    assert [round(w / sum(widths) * 49) for w in widths] == [4, 8, 15, 6, 10, 6]


def test_citations_are_text_without_a_site_url(plan_docx) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(p.text for p in plan_docx.paragraphs)
    assert "《中华人民共和国安全生产法》第五条（现行有效）：“生产经营单位的主要负责人是本单位安全生产第一责任人" in text
    assert "《中华人民共和国安全生产法》第二十一条第（一）项（现行有效）" in text
    assert "【请填写：领导小组办公室所在部门及办公室主任】" in text
    # A relative link leads nowhere from a Word file: only the outside sources (absolute) are links.
    targets = {r.target_ref for r in plan_docx.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert targets and all(t.startswith(("https://", "http://")) for t in targets)
    assert "https://scholarmate.com/S/jjmcCK" in targets


def test_links_are_absolute_with_a_site_url() -> None:
    markdown = ("正文见[《安全生产法》第五条](policies/aqscf-2021/#a5)、[外部](https://www.mem.gov.cn/)、"
                "[脚本](javascript:alert(1))和[锚点](#c1)。\n")
    document = _open(markdown, site_url="https://aq.example.org/kb/")
    targets = {r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert targets == {"https://aq.example.org/kb/policies/aqscf-2021/#a5", "https://www.mem.gov.cn/"}
    assert document.paragraphs[0].text == "正文见《安全生产法》第五条、外部、脚本和锚点。"
    without = _open(markdown)
    assert {r.target_ref for r in without.part.rels.values() if r.reltype.endswith("/hyperlink")} == \
        {"https://www.mem.gov.cn/"}


def test_a_template_renders_with_lists_emphasis_tables_and_quotes() -> None:
    hard_break = "  \n"  # two spaces at the end of a line
    markdown = f"""# 自定义方案

## 一、目标

本节*强调*与**加粗**和`GB/T 33000`，
第二行接续；硬换行在此{hard_break}之后。

1. 第一项
2. 第二项
    - 子项甲
    - 子项乙
3. 第三项

一段话隔开两个列表。

5. 从五开始
6. 接着六

- 甲
- 乙

### （一）表格

| 序号 | 内容 | 负责 |
| :--: | ---- | ---: |
| 1 | 建立*全员安全生产责任*制度 | 安全科 |
| 2 | 组织全员培训 | 人事部 |

> 引用的一段话。

---

##### （1）第五级
"""
    document = _open(markdown)
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    assert texts[:3] == ["自定义方案", "一、目标", "本节强调与加粗和GB/T 33000，第二行接续；硬换行在此\n之后。"]
    # The line before a hard break is not stretched across the page by justification.
    assert document.settings.element.find(qn("w:compat")).find(qn("w:doNotExpandShiftReturn")) is not None
    assert [t for t in texts if t[0] in "0123456789"] == ["1.第一项", "2.第二项", "3.第三项", "5.从五开始", "6.接着六"]
    assert [t for t in texts if t.startswith("·")] == ["· 子项甲", "· 子项乙", "· 甲", "· 乙"]
    nested = next(p for p in paragraphs if p.text == "· 子项甲")
    assert nested.paragraph_format.left_indent.pt == 32
    body = paragraphs[2]
    assert [r.text for r in body.runs if r.italic] == ["强调"]
    assert [r.text for r in body.runs if r.bold] == ["加粗"]
    code = next(r for r in body.runs if r.text == "GB/T 33000")
    assert code._r.rPr.rFonts.get(qn("w:ascii")) == "Courier New"
    assert [p.style.name for p in paragraphs[:2]] == ["Title", "Heading 1"]
    assert next(p for p in paragraphs if p.text == "（一）表格").style.name == "Heading 2"
    fifth = next(p for p in paragraphs if p.text == "（1）第五级")
    assert (fifth.style.name, fifth.paragraph_format.keep_with_next) == ("Normal", True)
    quote = next(p for p in paragraphs if p.text == "引用的一段话。")
    assert _east_asia(quote.runs[0]._r) == "楷体_GB2312"
    assert any(p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in document.paragraphs)

    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["序号", "内容", "负责"], ["1", "建立全员安全生产责任制度", "安全科"], ["2", "组织全员培训", "人事部"]]
    assert [r.italic for r in table.rows[1].cells[1].paragraphs[0].runs] == [None, True, None]
    assert all(r.bold for r in table.rows[0].cells[1].paragraphs[0].runs)
    assert [c.paragraphs[0].alignment for c in table.rows[1].cells] == [
        WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT]


def test_signature_is_kept_with_the_text_above_it(plan_docx) -> None:  # type: ignore[no-untyped-def]
    paragraphs = plan_docx.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p.text == "绵阳某某矿业有限公司")
    name, date = paragraphs[first], paragraphs[first + 1]
    assert date.text == "2026年12月1日"
    assert name.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 附件说明: the annexes listed under the text, aligned under the first name.
    assert paragraphs[first - 1].text == "附件：1．适用的安全生产标准化条款摘录\n　　　2．需企业补充的信息"
    assert paragraphs[first - 1].paragraph_format.keep_with_next is True
    # ... and the last line of the body goes with them: the 落款 page carries text (GB/T 9704).
    assert paragraphs[first - 2].paragraph_format.keep_with_next is True and paragraphs[first - 2].text
    assert name.paragraph_format.keep_with_next is True


def test_a_quotation_and_its_source_stay_on_one_page(plan_docx) -> None:  # type: ignore[no-untyped-def]
    quoted = [p for p in plan_docx.paragraphs if "”——《" in p.text]
    assert len(quoted) >= 2  # the annex's extracts
    for p in quoted:
        assert p.paragraph_format.keep_together is (True if len(p.text) <= 280 else None), p.text[:30]


def test_annexes_start_a_page_with_the_label_and_a_centred_title(plan_docx) -> None:  # type: ignore[no-untyped-def]
    paragraphs = plan_docx.paragraphs
    for number, title in ((1, "适用的安全生产标准化条款摘录"), (2, "需企业补充的信息")):
        i = next(i for i, p in enumerate(paragraphs) if p.text == f"附件{number}")
        label, heading = paragraphs[i], paragraphs[i + 1]
        assert label.paragraph_format.page_break_before is True
        assert label.paragraph_format.first_line_indent.pt == 0
        assert _east_asia(label.runs[0]._r) == "黑体"
        assert heading.text == title
        assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert (_east_asia(heading.runs[0]._r), heading.runs[0].font.size.pt) == ("方正小标宋简体", 22)
    # The template's <!-- pagebreak --> before 附件1 does not add an empty page of its own.
    assert sum(1 for p in paragraphs if p.paragraph_format.page_break_before) == 2


def test_core_properties_name_the_enterprise_and_nothing_of_python_docx(plan_file: Path,
                                                                       plan_docx) -> None:  # type: ignore[no-untyped-def]
    props = plan_docx.core_properties
    assert props.title == "绵阳某某矿业有限公司安全生产标准化建设实施方案"
    assert props.author == props.last_modified_by == "绵阳某某矿业有限公司"
    assert props.language == "zh-CN"
    assert props.comments == ""
    now = dt.datetime.now(dt.UTC)
    assert now - dt.timedelta(hours=1) < props.created <= now + dt.timedelta(minutes=1)
    assert props.modified == props.created
    with zipfile.ZipFile(plan_file) as package:
        names = package.namelist()
        assert not any("thumbnail" in n for n in names) and "docProps/app.xml" not in names
        for n in names:
            assert b"python-docx" not in package.read(n), n


@pytest.mark.parametrize("name", ["某某公司\x07\x1b[31m有限公司\ud800", "某" * 300 + "有限公司"])
def test_hostile_names_do_not_break_the_document(name: str) -> None:
    document = _open(f"# {name}安全生产标准化建设实施方案\n\n<!-- align:right -->\n{name}\n",
                     title=f"{name}实施方案", author=name)
    props = document.core_properties
    assert len(props.title) <= 255 and len(props.author) <= 255
    # "\n" of the title is our line break between whole words (w:br), not a control character of the name
    assert not any(ord(ch) < 32 for ch in props.title + document.paragraphs[0].text.replace("\n", ""))
    assert document.paragraphs[0].text.startswith("某某公司[31m有限公司" if "\x07" in name else "某某某")


def test_a4_gbt9704_margins_and_page_number_field(plan_docx) -> None:  # type: ignore[no-untyped-def]
    section = plan_docx.sections[0]

    def mm(length) -> float:  # type: ignore[no-untyped-def]
        return round(length.mm, 1)  # stored in twips: 210 mm reads back as 210.0009

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(x) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                            section.right_margin)] == [37, 35, 28, 26]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert plan_docx.settings.odd_and_even_pages_header_footer is True


def test_outline_docx_has_module_and_answer_tables(tmp_path: Path) -> None:
    out = tmp_path / "outline.docx"
    assert anbiao("outline", "--audience", "新上岗从业人员", "--industry", "非煤矿山", "-o", out,
                  "--date", "2026-12-01", "--content", FIXTURE_CONTENT) == 0
    document = docx.Document(str(out))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["序号", "模块", "学时", "培训目标"] in headers
    assert ["题号", "答案", "出处"] in headers
    assert document.paragraphs[0].text == "非煤矿山行业新上岗从业人员\n安全生产初次培训大纲"
    assert document.core_properties.author == ""
    # The sign-off follows the answer table: its last row and the space below come onto its page.
    assert document.paragraphs[-2].text.startswith("编制单位") and document.paragraphs[-1].text.startswith("编制日期")
    last_row = document.tables[-1].rows[-1]
    assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in last_row.cells)
    assert document.paragraphs[-3].text == "" and document.paragraphs[-3].paragraph_format.keep_with_next


def test_a_long_title_breaks_where_its_words_stay_whole() -> None:
    """GB/T 9704: Word would break a 23-character title anywhere (…初次培/训大纲)."""
    document = _open("# 建筑施工行业新上岗从业人员安全生产初次培训大纲\n\n正文。\n")
    title = document.paragraphs[0]
    assert title.text == "建筑施工行业新上岗从业人员\n安全生产初次培训大纲"
    assert _open("# 冶金行业主要负责人安全生产初次培训大纲\n").paragraphs[0].text == "冶金行业主要负责人安全生产初次培训大纲"


def test_a_standard_number_does_not_break_at_its_hyphen() -> None:
    """Word breaks a line after a plain hyphen (GB/T 33000-|2016): the hyphen before the year is a
    non-breaking one, and the text reads the same."""
    document = _open("依据 GB/T 33000-2016 和 AQ/T 9006-2010 编制。\n")
    paragraph = document.paragraphs[0]
    assert paragraph.text == "依据 GB/T 33000-2016 和 AQ/T 9006-2010 编制。"
    runs = paragraph.runs
    assert sum(len(r.element.findall(qn("w:noBreakHyphen"))) for r in runs) == 2
