"""The site built for real (`mkdocs build --strict` with our mkdocs.yml) from tests/fixtures/site/."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.vocab import load_vocabulary
from tests.site_support import FIXTURES, ROOT, build_site


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site-build")
    before = _tree(FIXTURES)
    result = build_site(FIXTURES, work / "site", work)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert _tree(FIXTURES) == before, "the build must not write into the content folder"
    return work / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


# --- document pages ----------------------------------------------------------------------------

def test_clause_headings_carry_design_anchors(site: Path) -> None:
    bj = page(site, "policies/bj-2013-jzbf-10")
    for anchor in ("c1", "c1-1", "c1-3-1", "c1-3-3", "c3-1"):
        assert re.search(rf'<h[2-6] id="{anchor}">', bj), anchor
    assert re.search(r'<p id="c0">为深入贯彻落实', bj)  # the preamble
    law = page(site, "policies/aqscf-2021")
    assert re.search(r'<h3 id="a21">第二十一条', law)  # an article of a chapter without 节: h2 → h3
    assert re.search(r'<h2 id="ch2">第二章', law)
    std = page(site, "standards/gbt-33000-2016")
    assert re.search(r'<h2 id="s1">1 范围', std)


def test_heading_levels_never_skip(site: Path) -> None:
    """Stored as #### under ##, articles are shown one level below their chapter."""
    for url in ("policies/aqscf-2021", "policies/bj-aqsctl-2022", "policies/bj-2013-jzbf-10",
                "standards/gbt-33000-2016"):
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", article(page(site, url)))]
        assert levels[0] == 1, url
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (url, levels)


def test_each_clause_offers_its_citation(site: Path) -> None:
    bj = article(page(site, "policies/bj-2013-jzbf-10"))
    cite = re.search(r'<h4 id="c1-3-1">.*?<p class="ab-cite"[^>]*>([^<]+)</p>', bj, re.S)
    assert cite is not None
    assert cite.group(1) == "《北京市人民政府办公厅关于进一步推进企业安全生产标准化建设工作的意见》（京政办发〔2013〕10号）一（三）1"
    law = article(page(site, "policies/aqscf-2021"))
    assert re.search(r'<p class="ab-cite"[^>]*>《中华人民共和国安全生产法》第二十一条</p>', law)
    # 章 are structure, not clauses: no citation under them
    assert not re.search(r'<h2 id="ch1">[^\n]*\n<p class="ab-cite"', law)


def test_metadata_card_and_badges(site: Path) -> None:
    bj = article(page(site, "policies/bj-2013-jzbf-10"))
    card = bj[bj.index('<div class="ab-card"'):bj.index("</div>", bj.index('<div class="ab-card"'))]
    for label, value in (("文号", "京政办发〔2013〕10号"), ("发文机关", "北京市人民政府办公厅"), ("效力级别", "地方规范性文件"),
                         ("地区", "北京市"), ("主题", "标准化建设、评审")):
        assert re.search(rf"<th>{label}</th><td>[^\n]*{re.escape(value)}", card), label
    assert "<th>成文日期</th><td><span class=\"ab-none\">不详</span>" in card  # null stays visibly unknown
    assert 'class="ab-badge ab-status-unknown"' in card
    assert 'class="ab-badge ab-excerpt"' in bj  # complete: false
    law = article(page(site, "policies/aqscf-2021"))
    assert 'ab-status-current" title="时效性">现行有效' in law
    std = article(page(site, "standards/gbt-33000-2016"))
    assert 'ab-status-superseded" title="时效性">已被替代' in std
    # 来源 shows public addresses only; a raw file's name is the knowledge base's own business.
    assert '<th>来源</th><td><a href="http://iso999.com/teamview_6047487.html">' in std
    assert "<th>来源</th>" not in card and "002_53ab427e3e59e253" not in bj


def test_citations_link_to_documents_in_the_knowledge_base(site: Path) -> None:
    tiaoli = article(page(site, "policies/bj-aqsctl-2022"))
    assert '<a href="../aqscf-2021/">《中华人民共和国安全生产法》</a>' in tiaoli
    law = article(page(site, "policies/aqscf-2021"))
    citedby = law[law.index('<div class="ab-citedby"'):]
    assert "被引用（1）" in citedby and 'href="../bj-aqsctl-2022/"' in citedby
    # The same title with a different number is another standard: no link to GB/T 33000-2016.
    bj = article(page(site, "policies/bj-2013-jzbf-10"))
    assert "《企业安全生产标准化基本规范》（AQ/T9006-2010）" in bj
    assert "gbt-33000-2016" not in bj


def test_wording_is_unchanged(site: Path) -> None:
    """Removing markup and whitespace from a clause gives back the stored text."""
    from kb.loader import load_corpus
    from kb.mdtext import without_whitespace

    corpus, _ = load_corpus(FIXTURES)
    text = re.sub(r"<[^>]+>", "", article(page(site, "policies/bj-2013-jzbf-10")))
    plain = without_whitespace(text.replace("&ldquo;", "“").replace("&rdquo;", "”"))
    for clause in corpus.get("bj-2013-jzbf-10").clauses:
        assert without_whitespace(clause.text) in plain, clause.id


# --- generated pages ---------------------------------------------------------------------------

def test_generated_index_pages(site: Path) -> None:
    home = article(page(site, ""))
    for section in ("怎样找到条款", "怎样引用", "时效性标签"):
        assert f">{section}<" in home
    assert "anbiao " not in home  # the command line is the README's business
    legend = re.findall(r'<dt><span class="ab-badge ab-status-(\w+)">([^<]+)</span></dt><dd>', home)
    assert [status for _cls, status in legend] == ["现行有效", "已修改", "已废止", "已被替代", "失效", "尚未施行", "未知"]
    assert len({cls for cls, _status in legend}) == 7
    table = page(site, "documents")
    assert table.count('<tr data-region="') == 4
    assert 'data-filter="region"' in table and 'data-filter="status"' in table and "ab-sortable" in table
    regions = article(page(site, "regions"))
    assert ">北京市（2）<" in regions and ">全国（2）<" in regions
    assert ">不限行业（4）<" in article(page(site, "industries"))
    assert ">主体责任（2）<" in article(page(site, "topics"))
    timeline = article(page(site, "timeline"))
    assert timeline.index(">2022年（1）<") < timeline.index(">2021年（1）<") < timeline.index(">成文日期不详（2）<")
    register = article(page(site, "standards"))
    assert "GB/T 33000-2016" in register and 'href="../standards/gbt-33000-2016/"' not in register
    assert 'href="gbt-33000-2016/"' in register


def test_navigation_stays_small(site: Path) -> None:
    """Documents are not in the nav: every page carries it, so it must not grow with the corpus."""
    html = page(site, "policies/bj-2013-jzbf-10")
    primary = html[html.index('<nav class="md-nav md-nav--primary'):]
    primary = primary[:primary.index("</nav>")]
    assert "aqscf-2021" not in primary


# --- search index and offline readiness ---------------------------------------------------------

def test_the_site_ships_a_clause_index_and_material_indexes_no_page(site: Path) -> None:
    """The search box is answered by our clause index (generator/site/static_search.py); Material's
    own index stays empty, so the build runs no jieba pass for it and readers download nothing twice."""
    from search.static import read_static_index

    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []
    header = read_static_index(site / "search" / "anbiao-clauses.gz")
    urls = {c["url"] for c in header["clauses"]}
    assert "policies/bj-2013-jzbf-10/#c1-3-3" in urls and "policies/aqscf-2021/#a21" in urls
    law = next(c for c in header["clauses"] if c["url"] == "policies/aqscf-2021/#a21")
    assert law["text"].startswith("生产经营单位的主要负责人") and "复制" not in law["text"]
    assert {d["status"] for d in header["docs"]} <= set(load_vocabulary().statuses)
    assert header["params"]["k1"] > 0 and header["words"]["synonyms"]
    html = page(site, "policies/aqscf-2021")
    assert "assets/anbiao/anbiao-search.js" in html and html.index("anbiao-search.js") < html.index("anbiao/anbiao.js")


class _ExternalRefs(HTMLParser):
    """URLs a browser would fetch by itself: <link href>, <script src>, and CSS @import."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.urls.append(a["src"] or "")


EXTERNAL = re.compile(r"^(?:[a-z]+:)?//", re.I)


def test_no_external_assets(site: Path) -> None:
    """The site must work on an intranet: no fonts, scripts or styles from the internet."""
    offenders = []
    for html_file in site.rglob("*.html"):
        parser = _ExternalRefs()
        parser.feed(html_file.read_text(encoding="utf-8"))
        offenders += [f"{html_file.relative_to(site)}: {u}" for u in parser.urls if EXTERNAL.match(u)]
    for css in site.rglob("*.css"):
        for m in re.finditer(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css.read_text(encoding="utf-8")):
            if EXTERNAL.match(m.group(1)):
                offenders.append(f"{css.relative_to(site)}: {m.group(1)}")
        for m in re.finditer(r"url\(['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(site)}: {m.group(1)}")
    assert not offenders, offenders[:10]
    assert "fonts.googleapis.com" not in page(site, "")


def test_mkdocs_yml_is_the_one_make_site_uses() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: content" in text and "font: false" in text and "language: zh" in text
