"""generator/site/safehtml.py: the one way content becomes HTML (its parts; the whole site is
exercised by tests/test_site_hostile.py)."""

from __future__ import annotations

import json

import pytest

from generator.site.safehtml import PageSanitizer, link_target, script_json, text


def test_text_escapes_for_element_and_attribute() -> None:
    assert text('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"


@pytest.mark.parametrize("url", ["https://www.mem.gov.cn/a?b=1&c=2", "http://x.gov.cn/", "../gj-2021-aqscf/#a21",
                                 "#c1-2", "policies/bj-2013-jzbf-10/"])
def test_safe_link_targets(url: str) -> None:
    assert link_target(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "java\nscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)",
                                 "data:text/html,<script>", "file:///etc/passwd", "//evil.example/",
                                 "\\\\evil.example\\x", "mailto:a@b.c", ""])
def test_unsafe_link_targets(url: str) -> None:
    assert link_target(url) is None


@pytest.mark.parametrize("data", [
    {"t": "</script><script>alert(1)</script>"}, ["<!--", "-->", "\u2028\u2029", "&amp;"], "</SCRIPT >",
])
def test_script_json_stays_inside_its_element(data: object) -> None:
    raw = script_json(data)
    assert json.loads(raw) == data
    assert not any(s in raw.lower() for s in ("</script", "<!--", "\u2028", "\u2029", "<", ">", "&"))


def test_sanitizer_keeps_our_markup_and_drops_script() -> None:
    ours = ('<div class="ab-card" data-search-exclude><table class="ab-meta"><tr><th>文号</th>'
            '<td><a href="../x/">京政办发〔2013〕10号</a></td></tr></table></div>'
            '<h2 id="c1">一、总则<a class="headerlink" href="#c1" title="本条链接">¶</a></h2>'
            '<select data-filter="region"><option value="北京市">北京市</option></select>')
    cleaned = PageSanitizer().clean(ours)
    for kept in ('class="ab-card"', 'data-search-exclude=""', 'href="../x/"', 'id="c1"', 'data-filter="region"',
                 'class="headerlink"'):
        assert kept in cleaned
    hostile = ('<p onclick="alert(1)">a<script>alert(2)</script><a href="javascript:alert(3)">b</a>'
               '<img src="https://tracker.example/x.png" onerror="alert(4)"><img src="fig.png">'
               '<iframe src="x"></iframe><style>*{}</style><!-- c --></p>')
    assert PageSanitizer().clean(hostile) == '<p>a<a>b</a><img><img src="fig.png"></p>'
