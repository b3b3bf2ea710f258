"""`--template FILE`: a user's Jinja2 Markdown in a sandbox with StrictUndefined; `--template-vars`."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tests.generator_support import FIXTURE_CONTENT, PROFILES, anbiao, plan_args


def _run(tmp_path: Path, template: str, suffix: str = ".md") -> tuple[int, Path]:
    path = tmp_path / "mine.md.j2"
    path.write_text(template, encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    code = anbiao(*plan_args(PROFILES["beijing-yejin"], out, FIXTURE_CONTENT, "--template", str(path)))
    return code, out


def test_custom_template_renders_to_markdown_and_word(tmp_path: Path) -> None:
    template = ("# {{ plan.enterprise.name }}标准化方案\n\n"
                "{% for row in plan.tasks %}- {{ row.element }}：{{ row.department }}（{{ row.due }}）\n{% endfor %}")
    code, out = _run(tmp_path, template)
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 北京某某钢铁有限公司标准化方案\n")
    assert "- 领导作用：安全环保部（2027年3月21日）" in text
    code, out = _run(tmp_path, template, ".docx")
    assert code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "北京某某钢铁有限公司标准化方案"


@pytest.mark.parametrize(("template", "expected"), [
    ("第一行\n第二行 {{ plan.title }}\n{{ enterprise_name }}\n", "mine.md.j2:3: 模板使用了未知变量“enterprise_name”"),
    ("{{ plan.title }}\n\n{{ plan.enterprise.nmae }}\n", "mine.md.j2:3: 模板使用了未定义的变量或字段：字段“nmae”不存在"),
    ("{% for x in plan.tasks %}\n{{ x.owner }}\n{% endfor %}\n", "mine.md.j2:2: 模板使用了未定义的变量或字段：字段“owner”不存在"),
    ("{% if plan.title %}\n未闭合\n", "mine.md.j2:2: 模板语法错误（模板在“{% if %}”块结束之前就结束了；请补上 {% endif %}）"),
    ("{{ plan.title }\n", "mine.md.j2:1: 模板语法错误（此处不应有“}”；请检查括号是否配对）"),
])
def test_unknown_variables_are_errors_naming_them_and_their_line(
        template: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(tmp_path, template)
    assert code == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert ("--template-vars" in err) == ("变量" in expected), err  # the command line says where fields are listed
    assert not out.exists()


@pytest.mark.parametrize("escape", [
    "{{ plan.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ plan.enterprise.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ plan.title.format.__self__.__class__ }}",
])
def test_sandbox_refuses_attribute_escapes(escape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(tmp_path, f"# 标题\n\n{escape}\n")
    assert code == 1
    err = capsys.readouterr().err
    assert "mine.md.j2:3:" in err
    assert ("不安全的属性" in err) or ("未知变量" in err) or ("未定义" in err), err
    assert "is unsafe" not in err and "access to" not in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_values_are_markdown_escaped(tmp_path: Path) -> None:
    profile = tmp_path / "p.yml"
    text = PROFILES["beijing-yejin"].read_text(encoding="utf-8").replace("北京某某钢铁有限公司", "北京*星号*钢铁公司")
    profile.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.md"
    assert anbiao(*plan_args(profile, out)) == 0
    assert "# 北京\\*星号\\*钢铁公司安全生产标准化建设实施方案" in out.read_text(encoding="utf-8")
    out_docx = tmp_path / "plan.docx"
    assert anbiao(*plan_args(profile, out_docx)) == 0
    assert docx.Document(str(out_docx)).paragraphs[0].text == "北京*星号*钢铁公司\n安全生产标准化建设实施方案"


def test_template_vars_lists_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert anbiao("plan", "--template-vars") == 0
    listing = capsys.readouterr().out
    for line in ("plan.enterprise.name", "plan.tasks[i].department", "plan.target.deadlines[i].quote.citation",
                 "plan.phases[i].start"):
        assert line in listing
    assert "企业名称" in listing
    assert anbiao("outline", "--template-vars") == 0
    listing = capsys.readouterr().out
    assert "outline.questions[i].answer" in listing
    assert "outline.modules[i].refs[i].url" in listing


def test_custom_template_keeps_its_structure_in_word(tmp_path: Path) -> None:
    """Lists, emphasis, headings and a table written by a user render in Word as they do in Markdown."""
    template = """# {{ plan.enterprise.name }}工作要点

## 一、任务

本方案*由{{ plan.enterprise.name }}*负责，**全员参与**。\x20\x20
（两个空格结尾的行后换行）

1. 第一项
2. 第二项
    - 分项：{{ plan.tasks[0].element }}

### （一）分工

| 要素 | 部门 |
| ---- | ---- |
{% for row in plan.tasks[:2] %}
| {{ row.element }} | {{ row.department }} |
{% endfor %}
"""
    code, out = _run(tmp_path, template, ".docx")
    assert code == 0
    document = docx.Document(str(out))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Title", "北京某某钢铁有限公司工作要点"), ("Heading 1", "一、任务"),
        ("Normal", "本方案由北京某某钢铁有限公司负责，全员参与。\n（两个空格结尾的行后换行）"),
        ("Normal", "1.第一项"), ("Normal", "2.第二项"), ("Normal", "· 分项：领导作用"),
        ("Heading 2", "（一）分工")]
    emphasis = paragraphs[2].runs
    assert [r.text for r in emphasis if r.italic] == ["由北京某某钢铁有限公司"]
    assert [r.text for r in emphasis if r.bold] == ["全员参与"]
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["要素", "部门"], ["领导作用", "安全环保部"], ["基础保障", "人力资源部"]]


@pytest.mark.parametrize(("template", "expected"), [
    ("{{ 'a' * 10**9 }}", "mine.md.j2:3: 模板超出限制"),
    ("{% include '/etc/passwd' %}", "mine.md.j2:3: 模板不能引用“/etc/passwd”"),
    ("{% for i in range(10**9) %}x{% endfor %}", "mine.md.j2:3: 模板超出限制：range()"),
    # Jinja's and Python's English stays out: an unknown filter, a wrong type, an index out of range
    ("{{ plan.title | nosuch }}", "mine.md.j2:3: 模板语法错误（没有名为“nosuch”的过滤器）"),
    ("{{ date_span(plan.prepared_on, 'x') }}", "mine.md.j2:3: 模板运行出错（值的类型不对"),
    ("{{ plan.title + 1 }}", "mine.md.j2:3: 模板运行出错（值的类型不对"),
    ("{{ plan.phases[99] }}", "列表中没有第 99 项"),
])
def test_hostile_templates_end_in_one_chinese_line(template: str, expected: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(tmp_path, f"# 标题\n\n{template}\n")
    assert code == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not re.search(r"[A-Za-z]{4,}(?:Error|:)|object|has no", err), err
    assert not out.exists()


def test_a_period_does_not_repeat_what_its_dates_share() -> None:
    import datetime as dt

    from generator.render_md import date_span

    d = dt.date
    assert date_span(d(2027, 1, 4), d(2027, 1, 17)) == "2027年1月4日至17日"
    assert date_span(d(2027, 1, 18), d(2027, 2, 7)) == "2027年1月18日至2月7日"
    assert date_span(d(2027, 12, 6), d(2028, 1, 2)) == "2027年12月6日至2028年1月2日"


def test_site_links_become_absolute_but_an_escaped_bracket_in_a_quote_stays() -> None:
    from generator.documents import absolute_site_links
    from kb.mdtext import escape

    quoted = escape("原文写作“[见](附件)”")
    markdown = f"[《安全生产法》第五条](policies/gj-2021-aqscf/#a5)：“{quoted}”"
    out = absolute_site_links(markdown, "https://kb.example.cn/")
    assert out == f"[《安全生产法》第五条](https://kb.example.cn/policies/gj-2021-aqscf/#a5)：“{quoted}”"
