"""The site of the real content/ (built once per run, site_support.content_site): every page tells the
status of its document on the build date, the laws show region, level and status, versions and
register entries link both ways, and nothing editorial reaches a reader.

These hold for any status the editors write: the expected values come from kb.validity, not from
a list of documents.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from kb.loader import load_corpus
from kb.model import Corpus, Document
from kb.numbering import cn_date
from kb.validity import StatusView, status_on
from kb.vocab import load_vocabulary
from tests.site_support import CONTENT, content_site, editorial_markers

# The levels of laws and regulations (issue 10): what the lawref import brought in.
LAW_LEVELS = ("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "司法解释")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, problems = load_corpus(CONTENT)
    assert not problems, problems[:3]
    return corpus


@pytest.fixture(scope="module")
def site() -> Path:
    return content_site()


def page(site: Path, doc: Document | str) -> str:
    url = doc.url if isinstance(doc, Document) else doc
    html = (site / url / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


@pytest.fixture(scope="module")
def build_day(site: Path) -> dt.date:
    """The day the build judged statuses on, as the 全部文件 page states it."""
    m = re.search(r"时效性按本站生成之日（(\d+)年(\d+)月(\d+)日）判断", page(site, "documents/"))
    assert m is not None
    return dt.date(*map(int, m.groups()))


@pytest.fixture(scope="module")
def statuses(corpus: Corpus, build_day: dt.date) -> dict[str, StatusView]:
    return {doc.id: status_on(doc, build_day, corpus) for doc in corpus}


def card_value(html: str, label: str) -> str | None:
    m = re.search(rf"<tr><th>{label}</th><td>(.*?)</td></tr>", html, re.S)
    return m.group(1) if m else None


def test_every_page_shows_the_status_on_the_build_date(site: Path, corpus: Corpus, build_day: dt.date,
                                                       statuses: dict[str, StatusView]) -> None:
    wrong = []
    for doc in corpus:
        view = statuses[doc.id]
        cell = card_value(page(site, doc), "时效性") or ""
        if not cell.startswith('<span class="ab-badge ab-status-') or f">{view.status}</span>" not in cell[:200]:
            wrong.append((doc.id, view.status, cell[:120]))
        elif f"本站生成之日（{cn_date(build_day)}）" not in cell:
            wrong.append((doc.id, "no build date", cell[-120:]))
        elif len(re.findall("<li>依据：", cell)) != len(view.basis):
            wrong.append((doc.id, "basis lines", len(view.basis)))
    assert wrong == []


def test_laws_show_region_level_and_status(site: Path, corpus: Corpus, statuses: dict[str, StatusView]) -> None:
    """The laws and regulations: the full GB/T 2260 name of their region, their level, their status."""
    regions = set(load_vocabulary().regions)
    laws = [d for d in corpus if d.held and d.meta.level in LAW_LEVELS]
    assert len(laws) >= 45
    for doc in laws:
        html = page(site, doc)
        assert doc.meta.region in regions, doc.id
        assert card_value(html, "地区") == doc.meta.region, doc.id
        assert card_value(html, "效力级别") == doc.meta.level, doc.id
        badges = html[html.index('<p class="ab-badges"'):][:400]
        assert f">{statuses[doc.id].status}</span>" in badges, doc.id


def test_heading_levels_never_skip(site: Path, corpus: Corpus) -> None:
    skipped = []
    for doc in corpus:
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page(site, doc))]
        if levels[0] != 1 or any(b > a + 1 for a, b in itertools.pairwise(levels)):
            skipped.append(doc.id)
    assert skipped == []


def test_versions_and_register_entries_link_both_ways(site: Path, corpus: Corpus,
                                                       statuses: dict[str, StatusView]) -> None:
    """An ended document says so at its top and links to what is in force (held or a register
    entry); that one names it back. A chain never ends in a dead link."""
    chains = [(doc, statuses[doc.id].successor) for doc in corpus if statuses[doc.id].successor is not None]
    assert chains, "content/ has no superseded_by at all"
    for old, new in chains:
        old_html, new_html = page(site, old), page(site, new)
        if statuses[old.id].status in ("已修改", "已被替代"):
            banner = re.search(r'<div class="ab-banner[^>]*><p>(.*?)</p></div>', old_html)
            assert banner is not None, old.id
            assert f'/{new.id}/">查看' in banner.group(1), old.id
        versions = re.search(r'<p class="ab-versions"[^>]*>(.*?)</p>', new_html)
        assert versions is not None and f'/{old.id}/"' in versions.group(1), new.id
    register = [d for d in corpus if d.meta.kind == "register"]
    for entry in register:
        html = page(site, entry)
        assert card_value(html, "收录") == "全文未收录", entry.id
        assert "<th>适用行业</th>" not in html, entry.id


def test_the_two_replaced_regulations_link_to_their_register_entries(site: Path, corpus: Corpus) -> None:
    """Issue 9: 重庆 2015 and 浙江 2016 were revised (2024, 2022) and the revised texts are not held."""
    for old_id, entry_id, day in (("cq-2015-aqsctl", "cq-2024-aqsctl", "2024年3月28日"),
                                  ("zj-2016-aqsctl", "zj-2022-aqsctl", "2022年11月24日")):
        old, entry = page(site, f"policies/{old_id}/"), page(site, f"register/{entry_id}/")
        assert re.search(rf'<div class="ab-banner ab-banner-amended"[^>]*><p>本文件已于{day}修改，现行版本全文未收录。 '
                         rf'<a href="../../register/{entry_id}/">查看登记条目</a></p></div>', old), old_id
        assert f'本文件修改了<a href="../../policies/{old_id}/">' in entry, entry_id
        assert card_value(entry, "收录") == "全文未收录"
    entry = page(site, "register/cq-2024-aqsctl/")
    assert '<a class="ab-src-link" href="https://yjj.cq.gov.cn/zwgk_230/fdzdgknr/lzyj/flfg/202405/t20240508_13184926.html">' \
           "yjj.cq.gov.cn</a>" in entry
    replaced = page(site, "register/gbt-43500-2023/")
    assert "本文件已于2025年10月31日被《大中型企业安全生产标准化管理体系要求》（GB/T 33000—2025）代替" in replaced


def test_pages_that_are_not_citable_offer_no_citation(site: Path, corpus: Corpus) -> None:
    for doc in corpus:
        html = page(site, doc)
        if not doc.meta.citable:
            assert 'class="ab-cite"' not in html and "关于本页" in html, doc.id
        for note in doc.meta.clause_notes.values():
            assert re.search(r'<p class="ab-clause-note">编者注：', html), doc.id
            assert note[:10] in html


def test_every_document_is_listed_once_under_its_province(site: Path, corpus: Corpus) -> None:
    vocab = load_vocabulary()
    html = page(site, "regions/")
    sections = re.split(r'<h2 id="[^"]*">', html)[1:]
    listed: dict[str, str] = {}
    for section in sections:
        province = re.match(r"([^<（]+)（", section)
        assert province is not None
        for url in re.findall(r'<a href="\.\./(?:policies|standards|compilations|register)/([^/]+)/">', section):
            assert url not in listed, url
            listed[url] = province.group(1)
    for doc in corpus:
        chain = vocab.region_chain(doc.meta.region)
        assert listed.get(doc.id) == (chain[-2] if len(chain) > 1 else chain[0]), doc.id


def test_register_entries_and_compilations_keep_their_label(site: Path, corpus: Corpus) -> None:
    labels = load_vocabulary().kind_labels
    table = page(site, "documents/")
    standards = page(site, "standards/")
    for doc in corpus:
        row = re.search(rf'<tr data-kind="([^"]+)"[^>]*><td><a href="\.\./\w+/{re.escape(doc.id)}/">[^<]*</a>'
                        r'( <span class="ab-badge ab-kind"[^>]*>([^<]+)</span>)?', table)
        assert row is not None and row.group(1) == labels[doc.meta.kind], doc.id
        if doc.meta.kind in ("register", "compilation"):
            assert row.group(3) == labels[doc.meta.kind], doc.id
        else:
            assert row.group(2) is None, doc.id
        if doc.meta.kind == "compilation":
            assert f"/{doc.id}/" not in standards, doc.id


def test_no_editorial_marker_reaches_a_reader(site: Path) -> None:
    """【本库…】, 据记忆, FACTS sections, file names, repository references: on no page, in no search entry."""
    assert editorial_markers(site) == []
