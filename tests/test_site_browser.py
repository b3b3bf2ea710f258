"""The site in a real browser (Debian chromium, headless, via playwright) over the real content/.

Recall@5 of the dev questions is measured by typing each question into the search box, once with
site/ served as plain static files (Material's in-browser search) and once behind `anbiao serve`
(the Whoosh clause search). Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kb.loader import load_corpus
from kb.model import Corpus
from tests.site_support import (
    ARTIFACTS,
    CHROMIUM,
    CONTENT,
    anbiao_server,
    build_site,
    chromium,
    measure_recall,
    served_results,
    static_results,
    static_server,
)

STATIC_FLOOR = 0.75
SERVED_FLOOR = 0.90

# A missing browser is a broken set-up, not a reason to pass quietly; ANBIAO_SKIP_BROWSER=1 skips on purpose.
pytestmark = pytest.mark.skipif(os.environ.get("ANBIAO_SKIP_BROWSER") == "1", reason="ANBIAO_SKIP_BROWSER=1")


def test_chromium_is_installed() -> None:
    assert Path(CHROMIUM).exists(), "需要 Debian 的 chromium（apt-get install chromium fonts-noto-cjk）"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, problems = load_corpus(CONTENT)
    assert not problems, problems[:3]
    if not any(d.id == "bj-2013-jzbf-10" for d in corpus):
        pytest.skip("content/ 中还没有种子文件")
    return corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> tuple[Path, Path]:
    from search.index import update_index

    work = tmp_path_factory.mktemp("browser")
    result = build_site(CONTENT, work / "site", work)
    assert result.returncode == 0, result.stderr
    update_index(CONTENT, work / "index")
    return work / "site", work / "index"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def static_base(built: tuple[Path, Path]) -> Iterator[str]:
    with static_server(built[0]) as base:
        yield base


@pytest.fixture(scope="module")
def served_base(built: tuple[Path, Path]) -> Iterator[str]:
    with anbiao_server(built[0], CONTENT, built[1]) as base:
        yield base


def test_recall_static(browser: Any, static_base: str, corpus: Corpus) -> None:
    page = browser.new_page()
    report = measure_recall(page, static_base, corpus, "static")
    print("\n" + report.summary())
    assert report.recall >= STATIC_FLOOR, report.summary()


def test_recall_served(browser: Any, served_base: str, corpus: Corpus) -> None:
    page = browser.new_page()
    report = measure_recall(page, served_base, corpus, "served")
    print("\n" + report.summary())
    assert report.recall >= SERVED_FLOOR, report.summary()


@pytest.mark.parametrize("mode", ["served", "static"])
def test_clicking_a_result_lands_on_the_clause(browser: Any, static_base: str, served_base: str,
                                               mode: str) -> None:
    base = served_base if mode == "served" else static_base
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base)
    if mode == "served":
        page.wait_for_selector("html.ab-served")
        served_results(page, "标准化证书过期了怎么办")
        link = page.locator("ol.ab-results a.ab-hit").first
    else:
        static_results(page, "标准化证书过期了怎么办")
        link = page.locator(".md-search-result__list > li").first.locator(
            "a.md-search-result__link").nth(1)
    href = link.get_attribute("href")
    assert href and "#" in href
    link.click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash").lstrip("#")
    assert anchor == href.split("#", 1)[1]
    heading = page.locator(f"[id='{anchor}']")
    assert heading.count() == 1
    assert heading.evaluate("e => /^H[2-6]$/.test(e.tagName)")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box  # scrolled into view
    cite = page.locator(f"[id='{anchor}'] + p.ab-cite").inner_text()
    assert cite.startswith("《") and cite.endswith("复制")


def test_copy_button_and_table_filter(browser: Any, served_base: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served_base + "policies/bj-2013-jzbf-10/")
    button = page.locator("#c1-3-1 + p.ab-cite button.ab-copy")
    button.click()
    expect(button).to_have_text("已复制")  # the clipboard promise settles after the click returns
    assert page.evaluate("navigator.clipboard.readText()") == \
        "《北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见》（京政办发〔2013〕10号）一（三）1"
    page.goto(served_base + "documents/")
    rows = page.locator("table[data-ab-table] tbody tr")
    total = rows.count()
    page.select_option("select[data-filter=region]", "北京市")
    visible = page.locator("table[data-ab-table] tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(r.get_attribute("data-region") == "北京市" for r in visible.all())
    page.locator("table[data-ab-table] thead th").nth(4).click()  # 成文日期
    dates = [d for d in page.locator("table[data-ab-table] tbody tr:not([hidden]) td:nth-child(5)").all_inner_texts()]
    known = [d for d in dates if d != "不详"]
    assert known == sorted(known)
    context.close()


def test_screenshots(browser: Any, served_base: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(served_base + "policies/bj-2013-jzbf-10/")
    page.wait_for_selector("html.ab-served")
    page.screenshot(path=str(ARTIFACTS / "site-document.png"))
    # No tofu: every character of the card is drawn differently from the glyph of an unassigned
    # code point (what the browser shows when no installed font has the character).
    tofu = page.evaluate("""() => {
        const family = getComputedStyle(document.querySelector('.ab-meta')).fontFamily;
        const draw = s => {
            const cv = document.createElement('canvas'); cv.width = 48; cv.height = 48;
            const c = cv.getContext('2d'); c.font = '32px ' + family; c.fillText(s, 4, 36);
            return cv.toDataURL();
        };
        const missing = draw('\\u{10FFFF}');
        const chars = [...new Set(document.querySelector('.ab-card').innerText.replace(/\\s/g, ''))];
        return chars.filter(ch => draw(ch) === missing);
    }""")
    assert tofu == [], tofu
    page.goto(served_base + "policies/bj-2013-jzbf-10/#c1-3-1")
    page.wait_for_selector("html.ab-served")
    page.wait_for_timeout(500)  # Material's header swaps site name and page title with a transition
    page.screenshot(path=str(ARTIFACTS / "site-clause.png"))
    served_results(page, "标准化证书过期了怎么办")
    page.screenshot(path=str(ARTIFACTS / "site-search.png"))
    assert (ARTIFACTS / "site-document.png").stat().st_size > 20_000
