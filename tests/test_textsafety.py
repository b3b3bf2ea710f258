"""kb/textsafety.py: HTML and script URLs are refused in every field, escaped or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check import check_corpus
from kb.textsafety import find_unsafe_markup

GOOD = """---
id: bj-2013-test-1
kind: policy
title: 测试文件
doc_no: 京政办发〔2013〕1号
issuer: [北京市人民政府办公厅]
region: 北京市
level: 地方规范性文件
issued: 2013-03-08
status: 未知
industries: [冶金]
topics: [标准化建设]
addressees: null
cites: [安委〔2011〕4号]
source: https://www.beijing.gov.cn/zhengce/a.html
note: 正文据原件录入。
closing: [北京市人民政府办公厅, 2013年3月8日]
---

前言。

## 一、总体要求

从业人员&lt;100人的企业，浓度<MAC值时，x < 5 且 y > 3；详见 http://www.example.gov.cn/a?b=1&c=2 。
"""


def write(tmp_path: Path, text: str) -> None:
    path = tmp_path / "policies" / "bj-2013-test-1.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def errors(tmp_path: Path) -> list[str]:
    _corpus, problems = check_corpus(tmp_path)
    return [f"{p.line}: {p.message}" for p in problems if p.severity == "error"]


def test_ordinary_text_passes(tmp_path: Path) -> None:
    """Less-than signs, escaped ones, and http links are text."""
    write(tmp_path, GOOD)
    assert errors(tmp_path) == []


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "\\<script>alert(2);//\\</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "</title>",
    "<!-- 注释 -->",
    "[点我](javascript:alert(3))",
    "[点我](JaVaScRiPt:alert(3))",
    "[点我](java\tscript:alert(3))",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "![图](data:image/svg+xml;base64,PHN2Zz4=)",
    "data:text/html,<b>",
    "DATA:,x",
])
def test_markup_is_found_escaped_or_not(text: str) -> None:
    assert find_unsafe_markup(f"第一条　{text}　其余") is not None, text


@pytest.mark.parametrize("text", [
    "从业人员＜100人", "浓度<MAC值", "x < 5 且 y > 3", "a&lt;b", "metadata: 元数据", "数据（data）：见附件",
    "https://www.mem.gov.cn/gk/", "《安全生产法》第二十一条", "C:\\文件\\a.txt", "AT&T",
])
def test_text_is_not_markup(text: str) -> None:
    assert find_unsafe_markup(text) is None, text


@pytest.mark.parametrize(("old", "new", "line", "field"), [
    ("title: 测试文件", "title: <script>alert(1)</script>测试文件", 4, "字段 title 含 HTML 标签"),
    ("title: 测试文件", "title: 测试&lt;/title&gt;文件", 4, "字段 title 含 HTML 标签"),
    ("issuer: [北京市人民政府办公厅]", "issuer: [北京市, '<img src=x onerror=alert(1)>']", 6,
     "字段 issuer[1] 含 HTML 标签"),
    ("cites: [安委〔2011〕4号]", "cites: ['[x](javascript:alert(1))']", 14, "字段 cites[0] 含不安全的链接"),
    ("source: https://www.beijing.gov.cn/zhengce/a.html", "source: 'javascript:alert(1)'", 15,
     "字段 source 含不安全的链接"),
    ("note: 正文据原件录入。", "note: '<svg onload=alert(1)>'", 16, "字段 note 含 HTML 标签"),
    ("closing: [北京市人民政府办公厅, 2013年3月8日]", "closing: ['&#60;b&#62;x']", 17, "字段 closing[0] 含 HTML 标签"),
    ("addressees: null", "addressees: '&#x6A;avascript:alert(1)'", 13, "字段 addressees 含不安全的链接"),
    ("前言。", "前言 \\<script>alert(2);//\\</script>", 20, "正文含 HTML 标签"),
    ("前言。", "[点我](javascript:alert(3))", 20, "正文含不安全的链接"),
])
def test_check_names_field_and_line(tmp_path: Path, old: str, new: str, line: int, field: str) -> None:
    assert old in GOOD
    write(tmp_path, GOOD.replace(old, new, 1))
    found = errors(tmp_path)
    assert any(m.startswith(f"{line}: {field}") for m in found), found
