import markdown
import pytest

from bench.support import markdown_to_plain
from kb.mdtext import escape, unescape

TRICKY = [
    "1. 推动企业达到基本标准。",
    "# 不是标题",
    "- 不是列表",
    "<script>alert(1)</script>",
    "a & b < c > d",
    "星号*强调*与下划线_x_和[链接](http://x)",
    "反斜杠\\与竖线|和花括号{#id}",
    "2.5%以上",
    "+号开头",
    "=号开头",
    "`代码`",
]


@pytest.mark.parametrize("text", TRICKY)
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text
    assert unescape(escape(text, block_start=False)) == text


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_literally(text: str) -> None:
    html = markdown.markdown(escape(text), extensions=["tables"])
    assert html.startswith("<p>"), html
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<ol>" not in html
    assert "<h1>" not in html and "<ul>" not in html and "<code>" not in html


def test_markdown_to_plain_drops_only_markup() -> None:
    body = "## 一、总体要求\n\n**二、加粗**\n\n#### 1\\. 企业\n\n规模以上企业&amp;小微企业\n"
    assert markdown_to_plain(body) == "一、总体要求\n\n二、加粗\n\n1. 企业\n\n规模以上企业&小微企业\n"
