"""The Word output re-opened with python-docx: headings, tables, East Asian fonts, citations, page numbers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator.render_docx import parse_blocks, parse_inline
from tests.generator_support import FIXTURE_CONTENT, PROFILES, anbiao, plan_args


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    out = tmp_path_factory.mktemp("docx") / "plan.docx"
    assert anbiao(*plan_args(PROFILES["mianyang-feimeikuangshan"], out)) == 0
    return docx.Document(str(out))


def _east_asia(element) -> str | None:  # type: ignore[no-untyped-def]
    r_pr = element.find(qn("w:rPr"))
    fonts = None if r_pr is None else r_pr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_headings_follow_gongwen_numbering(plan_docx) -> None:  # type: ignore[no-untyped-def]
    by_style: dict[str, list[str]] = {}
    for p in plan_docx.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["绵阳某某矿业有限公司安全生产标准化建设实施方案"]
    level1 = by_style["Heading 1"]
    assert level1[:7] == ["一、编制依据", "二、工作目标", "三、组织机构及职责", "四、实施步骤", "五、要素任务分解",
                          "六、保障措施", "七、附件"]
    assert "（一）法律法规和政策文件" in by_style["Heading 2"]
    assert any(t.startswith("（三）整改提升阶段（2027年") for t in by_style["Heading 2"])


def test_fonts_are_set_for_east_asian_text(plan_docx) -> None:  # type: ignore[no-untyped-def]
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


def test_tables_have_borders_and_the_element_rows(plan_docx) -> None:  # type: ignore[no-untyped-def]
    tables = plan_docx.tables
    assert len(tables) == 2
    departments, tasks = tables
    assert [c.text for c in departments.rows[0].cells] == ["部门", "牵头要素", "职责（模板建议）"]
    assert [c.text for c in tasks.rows[0].cells] == ["序号", "要素", "主要工作内容（建议）", "责任部门", "计划完成"]
    assert len(tasks.rows) == 1 + 28
    assert tasks.rows[1].cells[1].text == "5.1.1 目标"
    borders = tasks._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
        "top": "single", "left": "single", "bottom": "single", "right": "single", "insideH": "single",
        "insideV": "single"}
    assert _east_asia(tasks.rows[1].cells[2].paragraphs[0].runs[0]._r) == "仿宋_GB2312"


def test_citations_and_links_survive(plan_docx) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(p.text for p in plan_docx.paragraphs)
    xml = plan_docx.element.xml
    assert "《中华人民共和国安全生产法》第五条：“生产经营单位的主要负责人是本单位安全生产第一责任人" in text
    assert "《中华人民共和国安全生产法》第二十一条第（一）项" in text
    assert "w:hyperlink" in xml
    targets = {r.target_ref for r in plan_docx.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert "policies/aqscf-2021/#a5" in targets
    assert "【请填写：领导小组办公室所在部门及办公室主任】" in text


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


def test_markdown_blocks_and_escapes_read_back() -> None:
    blocks = parse_blocks("# 题\n\n## 一、甲\n\n正文 1\\. \\*星\\*\n续行\n\n| a | b\\|c |\n| --- | --- |\n| 1 | 2 |\n")
    assert [b.kind for b in blocks] == ["title", "heading", "paragraph", "table"]
    assert blocks[3].rows == [["a", "b\\|c"], ["1", "2"]]
    spans = parse_inline(blocks[2].text + " [《法》第五条](policies/x/#a5)")
    assert spans[0].text == "正文 1. *星* 续行 "
    assert (spans[1].text, spans[1].url) == ("《法》第五条", "policies/x/#a5")


def test_outline_docx_has_module_and_answer_tables(tmp_path: Path) -> None:
    out = tmp_path / "outline.docx"
    assert anbiao("outline", "--audience", "新上岗从业人员", "--industry", "非煤矿山", "-o", out,
                  "--content", FIXTURE_CONTENT) == 0
    document = docx.Document(str(out))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["序号", "模块", "学时", "培训目标"] in headers
    assert ["题号", "答案", "出处"] in headers
    assert document.paragraphs[0].text == "非煤矿山行业新上岗从业人员安全生产初次培训大纲"
