"""The generated pages: home, all documents, by region / industry / topic / year, standards register.

Each function returns a whole Markdown page (front-matter included) built from front-matter only,
and the status of each document on the build date (`status_of`, see pages.py). Register entries
and compilations are listed under their own label (登记条目, 资料汇编), never as a document's text.
Index pages are left out of the search index (`search: exclude`): a question should land on a
clause, not on a list of titles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.site.pages import (
    KIND_NOTES,
    STATUS_CLASS,
    STATUSES,
    StatusOf,
    badges,
    excerpt_badge,
    is_excerpt,
    kind_badge,
    status_badge,
)
from generator.site.safehtml import text as esc
from kb.mdtext import escape
from kb.model import Corpus, Document
from kb.numbering import cn_date
from kb.vocab import NATIONAL, load_vocabulary

Href = Callable[[Document], str]


@dataclass(frozen=True)
class IndexPage:
    src_uri: str  # where the page pretends to live in docs_dir
    title: str  # the page's heading; its name in the navigation is mkdocs.yml's `nav`


HOME = IndexPage("index.md", "安标：企业安全生产标准化知识库")
DOCUMENTS = IndexPage("documents.md", "全部文件")
REGIONS = IndexPage("regions.md", "按地区浏览")
INDUSTRIES = IndexPage("industries.md", "按行业浏览")
TOPICS = IndexPage("topics.md", "按主题浏览")
TIMELINE = IndexPage("timeline.md", "按年份浏览")
STANDARDS = IndexPage("standards/index.md", "标准目录")
ALL_PAGES = (HOME, DOCUMENTS, REGIONS, INDUSTRIES, TOPICS, TIMELINE, STANDARDS)
BY_SRC = {p.src_uri: p for p in ALL_PAGES}


def front_matter(page: IndexPage) -> str:
    """The generated file's own content: its title, and no entry in the search index."""
    lines = ["---", f"title: {page.title}", "search:", "  exclude: true", "hide:", "  - navigation"]
    if page is DOCUMENTS:
        lines.append("  - toc")  # the table needs the width
    return "\n".join([*lines, "---", ""])


def newest_first(docs: Iterable[Document]) -> list[Document]:
    """By 成文日期, newest first; documents of unknown date last (by id, for a stable order)."""
    docs = list(docs)
    dated = sorted((d for d in docs if d.meta.issued), key=lambda d: (d.meta.issued, d.id), reverse=True)
    return dated + sorted((d for d in docs if not d.meta.issued), key=lambda d: d.id)


def _item(doc: Document, status_of: StatusOf, md_href: Href) -> str:
    """One list line: linked title, number, date, badges."""
    bits = [f"[{escape(doc.title)}]({md_href(doc)})"]
    if doc.meta.doc_no:
        bits.append(f"（{escape(doc.meta.doc_no)}）")
    if doc.meta.issued:
        bits.append(f' <span class="ab-date">{doc.meta.issued.isoformat()}</span>')
    bits.append(f" {badges(doc, status_of(doc))}")
    return "- " + "".join(bits)


def _list(docs: list[Document], status_of: StatusOf, md_href: Href) -> list[str]:
    return [*(_item(d, status_of, md_href) for d in newest_first(docs)), ""]


def _grouped(page: IndexPage, intro: str, groups: list[tuple[str, list[Document]]], status_of: StatusOf,
             md_href: Href) -> str:
    out = [f"# {page.title}", "", intro, ""]
    nonempty = [(name, docs) for name, docs in groups if docs]
    if not nonempty:
        out.append("知识库中还没有文件。")
    for name, docs in nonempty:
        out += [f"## {escape(name)}（{len(docs)}）", "", *_list(docs, status_of, md_href)]
    return "\n".join(out)


def _legend_item(badge: str, meaning: str) -> str:
    return f"<dt>{badge}</dt><dd>{esc(meaning)}</dd>"


def home_markdown(corpus: Corpus, status_of: StatusOf, page_href: Callable[[IndexPage], str]) -> str:
    """The home page speaks to readers of the site: what it holds, how to find and cite a clause,
    what the status badges mean. (How to run the tools is the README's business.)"""
    held = [d for d in corpus if d.held]
    by_kind = {kind: sum(1 for d in corpus if d.meta.kind == kind) for kind in ("policy", "standard", "compilation",
                                                                               "register")}
    n_clauses = sum(1 for d in held for c in d.clauses if c.kind == "clause")
    n_regions = len({d.meta.region for d in held} - {NATIONAL})
    where = f"全国性文件和 {n_regions} 个地方的文件" if n_regions else "全国性文件"
    statuses = [status_of(d).status for d in held]
    on = status_of(held[0]).on if held else None
    counted = "、".join(f"{status} {statuses.count(status)} 件" for status in STATUSES if status in statuses)
    legend = "".join(
        _legend_item(f'<span class="ab-badge ab-status-{cls}">{esc(status)}</span>', meaning)
        for status, (cls, meaning) in STATUSES.items())
    kinds = load_vocabulary().kind_labels
    other_legend = "".join([
        _legend_item(excerpt_badge(), "本站只收录了该文件的一部分内容，引用前请核对原文。"),
        *(_legend_item(f'<span class="ab-badge ab-kind">{esc(kinds[kind])}</span>', note)
          for kind, note in KIND_NOTES.items())])
    extra = []
    if by_kind["compilation"]:
        extra.append(f"编者整理的资料汇编 **{by_kind['compilation']}** 件")
    if by_kind["register"]:
        extra.append(f"登记条目 **{by_kind['register']}** 个（只记录全文未收录的文件的标题、日期和时效性）")
    link = {p: page_href(p) for p in ALL_PAGES}
    return "\n".join([
        f"# {HOME.title}",
        "",
        '<div class="ab-home-lead">'
        "<p>这里收录企业安全生产标准化工作用到的法律法规、政策文件和标准。原文逐条可查，"
        "每一条都附有可以直接粘贴的引用。</p></div>",
        "",
        f"目前收录法律法规和政策文件 **{by_kind['policy']}** 件、标准 **{by_kind['standard']}** 件，"
        f"共 **{n_clauses}** 个条款，包括{where}"
        + (f"；另有{'，'.join(extra)}" if extra else "") + "。",
        "",
        *([f"按本站生成之日（{cn_date(on)}）判断，其中{counted}。", ""] if on else []),
        "## 怎样找到条款",
        "",
        "- **直接提问**：在页面顶部的搜索框里用平常的话提问，如“小微企业要达到什么标准”"
        "“发生事故后多长时间内报告”，也可以输入文件名称或文号（如 京政办发〔2013〕10号）。结果直接指向条款。",
        f"- **浏览**：[按地区]({link[REGIONS]})、[按行业]({link[INDUSTRIES]})、[按主题]({link[TOPICS]})、"
        f"[按年份]({link[TIMELINE]})，标准见[标准目录]({link[STANDARDS]})。",
        f"- **筛选**：[全部文件]({link[DOCUMENTS]})可按标题、文号、类别、地区、效力级别、时效性和年份筛选、排序。",
        "",
        "## 怎样引用",
        "",
        "每个条款标题下都有一行现成的引用，如“《中华人民共和国安全生产法》第二十一条”，"
        "点“复制”即可粘贴到实施方案、制度文件或培训材料中。鼠标移到条款标题上时出现的 ¶ 是这一条的固定链接。"
        "编号未经核实或由编者所加的页面（如部分标准）不提供引用。",
        "",
        "## 时效性标签",
        "",
        "每个文件都标明了它在本站生成之日的时效性，文件页面上写有判断的依据。引用前请留意：",
        "",
        f'<dl class="ab-legend">{legend}</dl>',
        "",
        "其他标签：",
        "",
        f'<dl class="ab-legend">{other_legend}</dl>',
        "",
    ])


def documents_markdown(corpus: Corpus, status_of: StatusOf, href: Href) -> str:
    """All documents as one table; anbiao.js makes it sortable and filterable (on the status of the build date)."""
    docs = newest_first(corpus)
    vocab = load_vocabulary()
    status = {d.id: status_of(d) for d in docs}

    def present(vocabulary: tuple[str, ...], values: set[str]) -> list[str]:
        """The values the documents have, in the vocabulary's order (a set: there are 3,214 regions)."""
        return [x for x in vocabulary if x in values]

    kinds = [vocab.kind_labels[k] for k in present(vocab.kinds, {d.meta.kind for d in docs})]
    regions = present(vocab.regions, {d.meta.region for d in docs})
    levels = present(vocab.levels, {d.meta.level for d in docs})
    statuses = present(vocab.statuses, {v.status for v in status.values()})
    years = sorted({str(d.meta.issued.year) for d in docs if d.meta.issued}, reverse=True)

    def select(name: str, label: str, values: list[str]) -> str:
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
        return (f'<label>{label} <select data-filter="{name}"><option value="">全部</option>'
                f"{options}</select></label>")

    rows = []
    for d in docs:
        m, view = d.meta, status[d.id]
        date = m.issued.isoformat() if m.issued else ""
        kind = kind_badge(d)
        rows.append(
            f'<tr data-kind="{esc(vocab.kind_labels[m.kind])}" data-region="{esc(m.region)}"'
            f' data-level="{esc(m.level)}" data-status="{esc(view.status)}"'
            f' data-year="{m.issued.year if m.issued else ""}">'
            f'<td><a href="{esc(href(d))}">{esc(d.title)}</a>{" " + kind if kind else ""}</td>'
            f"<td class=\"ab-nw\">{esc(m.doc_no or '')}</td><td class=\"ab-nw\">{esc(m.region)}</td>"
            f'<td class="ab-nw">{esc(m.level)}</td><td class="ab-nw" data-sort="{date or "0000"}">{date or "不详"}</td>'
            f'<td class="ab-nw" data-sort="{STATUS_CLASS.get(view.status, "")}">{status_badge(view)}'
            f"{excerpt_badge() if is_excerpt(d) else ''}</td></tr>")
    controls = (
        '<div class="ab-filters" data-search-exclude>'
        '<label>关键词 <input type="search" data-filter="text" placeholder="标题或文号"></label>'
        + select("kind", "类别", kinds) + select("region", "地区", regions) + select("level", "效力级别", levels)
        + select("status", "时效性", statuses)
        + select("year", "年份", years)
        + f'<span class="ab-count" data-count>共 {len(docs)} 件</span></div>')
    table = (
        '<table class="ab-table ab-sortable" data-ab-table>\n<thead><tr>'
        '<th data-sort-type="text">标题</th><th data-sort-type="text">文号</th>'
        '<th data-sort-type="text">地区</th><th data-sort-type="text">效力级别</th>'
        '<th data-sort-type="text">成文日期</th><th data-sort-type="text">时效性</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    on = next(iter(status.values())).on if status else None
    when = f"时效性按本站生成之日（{cn_date(on)}）判断。" if on else ""
    return "\n".join([f"# {DOCUMENTS.title}", "",
                      f"点击表头排序；用下面的条件筛选。{when}", "", controls, "", table, ""])


def regions_markdown(corpus: Corpus, status_of: StatusOf, md_href: Href) -> str:
    """By province (and 全国): a city's, district's or county's documents are listed under their
    province, each such region under its own heading, in the order of GB/T 2260 codes."""
    vocab = load_vocabulary()
    order = {r: i for i, r in enumerate(vocab.regions)}
    by_province: dict[str, dict[str, list[Document]]] = {}
    for doc in corpus:
        chain = vocab.region_chain(doc.meta.region)
        province = chain[-2] if len(chain) > 1 else chain[-1]
        by_province.setdefault(province, {}).setdefault(doc.meta.region, []).append(doc)
    provinces = sorted(by_province, key=lambda r: order.get(r, len(order)))

    def anchor(region: str) -> str:
        # The GB/T 2260 code: a stable anchor (Chinese headings would get _1, _2… from the toc).
        return f"r{vocab.region_codes.get(region) or order.get(region, 0)}"

    out = [f"# {REGIONS.title}", "",
           "全国性文件适用于各地；省级文件也适用于本省的市、区、县。市、区、县的文件列在所属的省、自治区、直辖市之下。", ""]
    if not by_province:
        out.append("知识库中还没有文件。")
    else:
        out += ["跳到：" + " · ".join(f"[{escape(p)}](#{anchor(p)})" for p in provinces), ""]
    for province in provinces:
        regions = by_province[province]
        out += [f"## {escape(province)}（{sum(map(len, regions.values()))}） {{#{anchor(province)}}}", ""]
        out += _list(regions.get(province, []), status_of, md_href)
        for region in sorted(set(regions) - {province}, key=lambda r: order.get(r, len(order))):
            out += [f"### {escape(region)}（{len(regions[region])}） {{#{anchor(region)}}}", "",
                    *_list(regions[region], status_of, md_href)]
    return "\n".join(out)


def industries_markdown(corpus: Corpus, status_of: StatusOf, md_href: Href) -> str:
    vocab = load_vocabulary()
    names = list(vocab.industry_groups) + list(vocab.industries)
    held = [d for d in corpus if d.held]  # a register entry's industries are not recorded
    groups = [(i, [d for d in held if i in d.meta.industries]) for i in names]
    groups.append(("不限行业", [d for d in held if not d.meta.industries]))
    return _grouped(INDUSTRIES, "按文件标注的适用行业分组；“不限行业”的文件适用于所有行业。", groups, status_of, md_href)


def topics_markdown(corpus: Corpus, status_of: StatusOf, md_href: Href) -> str:
    vocab = load_vocabulary()
    groups = [(t, [d for d in corpus if t in d.meta.topics]) for t in vocab.topics]
    return _grouped(TOPICS, "一个文件可属于多个主题。", groups, status_of, md_href)


def timeline_markdown(corpus: Corpus, status_of: StatusOf, md_href: Href) -> str:
    years = sorted({d.meta.issued.year for d in corpus if d.meta.issued}, reverse=True)
    groups: list[tuple[str, list[Document]]] = [
        (f"{y}年", [d for d in corpus if d.meta.issued and d.meta.issued.year == y]) for y in years]
    groups.append(("成文日期不详", [d for d in corpus if not d.meta.issued]))
    return _grouped(TIMELINE, "按成文日期的年份排列，新的在前。", groups, status_of, md_href)


def _is_standard(doc: Document) -> bool:
    """A standard's text, or the register entry of a standard whose text is not held."""
    return doc.meta.kind == "standard" or (doc.meta.kind == "register" and doc.meta.level.endswith("标准"))


def standards_markdown(corpus: Corpus, status_of: StatusOf, href: Href) -> str:
    docs = sorted((d for d in corpus if _is_standard(d)), key=lambda d: d.meta.doc_no or d.id)
    out = [f"# {STANDARDS.title}", "",
           "本站收录的国家标准、行业标准和地方标准；标有“登记条目”的只记录了标题、日期和时效性，全文未收录。", ""]
    if not docs:
        return "\n".join([*out, "知识库中还没有标准。", ""])

    def name(doc: Document) -> str:
        return f'<a href="{esc(href(doc))}">{esc(doc.meta.doc_no or doc.title)}</a>'

    rows = []
    for d in docs:
        m, view = d.meta, status_of(d)
        relation = []
        if view.successor is not None:
            relation.append(f"由 {name(view.successor)} 代替")
        if view.predecessors:
            relation.append(f"代替 {'、'.join(name(old) for old in view.predecessors)}")
        kind = kind_badge(d)
        rows.append(f"<tr><td class=\"ab-nw\">{esc(m.doc_no or '无编号')}</td>"
                    f"<td><a href=\"{esc(href(d))}\">{esc(d.title)}</a>{' ' + kind if kind else ''}</td>"
                    f"<td>{esc(m.level)}</td><td>{status_badge(view)}{excerpt_badge() if is_excerpt(d) else ''}</td>"
                    f"<td>{'；'.join(relation)}</td></tr>")
    out += ['<table class="ab-table ab-sortable" data-ab-table>\n<thead><tr><th>标准号</th><th>名称</th>'
            "<th>级别</th><th>时效性</th><th>代替关系</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>", ""]
    return "\n".join(out)
