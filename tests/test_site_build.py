"""The site built for real (`mkdocs build --strict` with our mkdocs.yml) from tests/fixtures/site/.

Statuses are judged on a fixed day (the plugin's `status_date`), so that the fixtures show each
case whatever the day of the run: a notice whose term ran out, one not yet in force, a version
amended by a newer one, a standard replaced by a register entry.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.vocab import load_vocabulary
from tests.site_support import FIXTURES, ROOT, build_site, editorial_markers, plugin_options

STATUS_DATE = dt.date(2026, 12, 1)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site-build")
    before = _tree(FIXTURES)
    result = build_site(FIXTURES, work / "site", work, plugin_options(status_date=STATUS_DATE))
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
    std = article(page(site, "standards/gbt-33000-2016"))
    assert "class=\"ab-cite\"" not in std  # citable: false
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
    assert 'ab-status-current" title="时效性：现行有效">现行有效' in law
    std = article(page(site, "standards/gbt-33000-2016"))
    assert 'ab-status-superseded" title="时效性：已被替代（2025年10月31日起）">已被替代' in std
    # 来源 shows public addresses only; a raw file's name is the knowledge base's own business.
    assert "<th>来源</th>" not in card and "002_53ab427e3e59e253" not in bj
    assert '<th>来源</th><td><a href="https://flk.npc.gov.cn/">' not in law  # `source` is a file name there


def test_status_card_shows_the_basis_as_sources(site: Path) -> None:
    """Each piece of evidence: publisher, day read and grade, what it says, and where to read it."""
    law = article(page(site, "policies/aqscf-2021"))
    cell = re.search(r"<th>时效性</th><td>(.*?)</td></tr>", law, re.S)
    assert cell is not None
    assert "依据：国家法律法规数据库（2026年11月30日查阅，一手资料）：测试用依据" in cell.group(1)
    assert '<a class="ab-src-link" href="https://flk.npc.gov.cn/">flk.npc.gov.cn</a>' in cell.group(1)
    assert "以上按本站生成之日（2026年12月1日）判断" in cell.group(1)
    # A clause of the knowledge base as basis: its citation, and a link to it on this site.
    old = article(page(site, "policies/bj-aqsctl-2016"))
    assert re.search(r"依据：《北京市安全生产条例》（2022年）题注：新版本题注：“2022年5月25日[^<]*”"
                     r' <a class="ab-src-link" href="../bj-aqsctl-2022/#c0">查看该条</a>', old)
    # status_note, where there is one; sources of an editor-written page as proper sources.
    compilation = article(page(site, "compilations/demo-huibian"))
    assert "说明：汇编所涉文件的时效性未经核实" in compilation
    assert re.search(r'<th>来源</th><td><ul class="ab-sources"><li>多个内容相同的网页（二手资料）：一级、二级、三级的条件 '
                     r'<a class="ab-src-link" href="http://example.org/dengji.html">example.org</a>', compilation)


def test_status_is_judged_on_the_build_date(site: Path) -> None:
    """Stored 现行有效 with a term that ran out is 失效 on the day of the build; adopted and not yet
    in force is 尚未施行; each says so at the top of its page and in every list."""
    expired = article(page(site, "policies/sh-qp-2023-tg"))
    assert 'title="时效性：失效（2026年3月1日起）">失效</span>' in expired
    assert "本文件的有效期已于2026年2月28日届满。" in expired and "ab-banner-expired" in expired
    assert "<th>有效期至</th><td>2026-02-28</td>" in expired
    pending = article(page(site, "policies/zj-2026-demo"))
    assert ">尚未施行</span>" in pending and "本文件自2027年1月1日起施行。" in pending
    table = page(site, "documents")
    assert re.search(r'<tr [^>]*data-status="失效"[^>]*><td><a href="../policies/sh-qp-2023-tg/">', table)
    assert "时效性按本站生成之日（2026年12月1日）判断" in table
    assert re.search(r'sh-qp-2023-tg/">[^\n]*ab-status-expired', page(site, "regions"))
    home = article(page(site, ""))
    assert "按本站生成之日（2026年12月1日）判断，其中现行有效 2 件、已修改 1 件、已被替代 1 件、失效 1 件、尚未施行 1 件、未知 2 件。" in home


def test_versions_point_at_each_other(site: Path) -> None:
    old = article(page(site, "policies/bj-aqsctl-2016"))
    banner = re.search(r'<div class="ab-banner ab-banner-amended"[^>]*><p>(.*?)</p></div>', old)
    assert banner is not None
    assert banner.group(1) == ("本文件已于2022年5月25日修改，现行版本见《北京市安全生产条例》。 "
                               '<a href="../bj-aqsctl-2022/">查看现行版本</a>')
    new = article(page(site, "policies/bj-aqsctl-2022"))
    assert ('<p class="ab-versions" data-search-exclude="">本文件修改了<a href="../bj-aqsctl-2016/">'
            "《北京市安全生产条例》（2016年11月25日的版本）</a>。</p>") in new
    assert "ab-banner" not in new  # in force: nothing to warn about
    std = article(page(site, "standards/gbt-33000-2016"))
    assert re.search(r"本文件已于2025年10月31日被《大中型企业安全生产标准化管理体系要求》（GB/T 33000—2025）代替，"
                     r'其全文未收录。 <a href="../../register/gbt-33000-2025/">查看登记条目</a>', std)


def test_register_entry_page(site: Path) -> None:
    """A register entry: its card, its status with basis, 全文未收录, and what it replaced."""
    entry = article(page(site, "register/gbt-33000-2025"))
    assert re.search(r"<h1[^>]*>大中型企业安全生产标准化管理体系要求<", entry)
    assert '<span class="ab-badge ab-kind" title="本站只登记了该文件的标题、日期和时效性，全文未收录。">登记条目</span>' in entry
    for label, value in (("文号", "GB/T 33000—2025"), ("发文机关", "国家市场监督管理总局、国家标准化管理委员会"),
                         ("施行日期", "2025-10-31"), ("收录", "全文未收录")):
        assert f"<th>{label}</th><td>{value}</td>" in entry, label
    assert "<th>适用行业</th>" not in entry  # not recorded: it must not read as "every industry"
    assert "依据：confuzal.com 的介绍文章（2026年11月30日查阅，二手资料）" in entry
    assert ('本文件代替了<a href="../../standards/gbt-33000-2016/">《企业安全生产标准化基本规范》（GB/T 33000-2016）</a>'
            in entry)
    assert "class=\"ab-cite\"" not in entry and "被引用" in entry


def test_pages_without_citable_numbering(site: Path) -> None:
    """citable: false — no citation under any clause (so no copy button), a note saying why, the
    editor's notes on clauses set apart, and none of it in the search index."""
    for url in ("standards/gbt-33000-2016", "compilations/demo-huibian"):
        html = article(page(site, url))
        assert "class=\"ab-cite\"" not in html, url
        assert '<div class="ab-about" role="note" data-search-exclude=""><p class="ab-h">关于本页</p><p>本页不提供条款引用' in html
    std = article(page(site, "standards/gbt-33000-2016"))
    assert re.search(r'<h2 id="s1">1 范围.*?</h2>\s*<p class="ab-clause-note">'
                     r"编者注：编者摘要：本条列出八个体系。</p>", std, re.S)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = "".join(d["text"] for d in index["docs"])
    assert "八个体系" not in texts.replace("\u200b", "") and "编者注" not in texts


def test_no_editorial_marker_reaches_a_reader(site: Path) -> None:
    assert editorial_markers(site) == []


def test_citations_link_to_documents_in_the_knowledge_base(site: Path) -> None:
    tiaoli = article(page(site, "policies/bj-aqsctl-2022"))
    assert '<a href="../aqscf-2021/">《中华人民共和国安全生产法》</a>' in tiaoli
    law = article(page(site, "policies/aqscf-2021"))
    citedby = law[law.index('<div class="ab-citedby"'):]
    assert "被引用（2）" in citedby and 'href="../bj-aqsctl-2022/"' in citedby
    # The same title with a different number is another standard: no link to GB/T 33000-2016.
    bj = article(page(site, "policies/bj-2013-jzbf-10"))
    assert "《企业安全生产标准化基本规范》（AQ/T9006-2010）" in bj
    assert "gbt-33000-2016" not in bj


def test_wording_is_unchanged(site: Path) -> None:
    """Removing markup and whitespace from a clause gives back the stored text."""
    from bench.support import without_whitespace
    from kb.loader import load_corpus

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
    assert table.count('<tr data-kind="') == 9
    for name in ("kind", "region", "status"):
        assert f'data-filter="{name}"' in table
    assert "ab-sortable" in table
    regions = article(page(site, "regions"))
    assert ">北京市（3）<" in regions and ">全国（4）<" in regions
    assert ">不限行业（8）<" in article(page(site, "industries"))  # held documents: a register entry's are not recorded
    assert ">主体责任（2）<" in article(page(site, "topics"))
    timeline = article(page(site, "timeline"))
    assert timeline.index(">2022年（1）<") < timeline.index(">2021年（1）<") < timeline.index(">成文日期不详（3）<")
    register = article(page(site, "standards"))
    assert "GB/T 33000-2016" in register and 'href="../standards/gbt-33000-2016/"' not in register
    assert 'href="gbt-33000-2016/"' in register
    assert "由 <a href=\"../register/gbt-33000-2025/\">GB/T 33000—2025</a> 代替" in register
    assert "达标等级汇编" not in register  # a compilation is not a standard


def test_register_entries_and_compilations_keep_their_label(site: Path) -> None:
    table = page(site, "documents")
    kinds = dict(re.findall(r'<tr data-kind="([^"]+)"[^>]*><td><a href="\.\./(\w+)/', table))
    assert kinds == {"政策法规": "policies", "标准": "standards", "资料汇编": "compilations", "登记条目": "register"}
    assert re.search(r'register/gbt-33000-2025/">[^<]+</a> <span class="ab-badge ab-kind"[^>]*>登记条目</span>', table)
    assert 'data-filter="kind"><option value="">全部</option><option value="政策法规">' in table
    for url in ("regions", "timeline", "standards"):
        assert ">登记条目</span>" in article(page(site, url)), url
    assert ">资料汇编</span>" in article(page(site, "topics"))


def test_regions_list_cities_and_districts_under_their_province(site: Path) -> None:
    regions = article(page(site, "regions"))
    headings = re.findall(r"<h([23])[^>]*>([^<]+)<", regions)
    assert ("2", "上海市（1）") in headings and ("3", "上海市青浦区（1）") in headings
    assert headings.index(("2", "上海市（1）")) + 1 == headings.index(("3", "上海市青浦区（1）"))
    assert "上海市青浦区应急管理局关于" in regions[regions.index("上海市青浦区（1）"):]


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
    from tests.search_support import read_static_index

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
