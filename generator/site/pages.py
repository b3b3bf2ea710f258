"""A document's page as Markdown: metadata card, clause anchors and citations, links, 被引用.

Pure functions over the kb model; they know nothing of MkDocs. `href(doc)` gives the URL of another
document's page relative to the page being written (the caller knows the site's URL scheme).
The body's wording is never touched: only heading attributes, links around citations that are
already in the text, and HTML blocks between paragraphs are added.

A document's Markdown reaches Python-Markdown with every `<` written as `&lt;`, so no raw HTML can
start anywhere in it: `<script>` in a text renders as the characters `<script>`. (The only place
this shows is inside a code span, where `&lt;` stays literal; policy texts have none — the importer
escapes backticks.) It also keeps MkDocs's own scan of a page's raw HTML away from markup such as
`<![图]`, on which Python's HTMLParser raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.site.links import CitationIndex
from generator.site.safehtml import link_target
from generator.site.safehtml import text as esc
from kb.clauses import HEADING
from kb.mdtext import escape
from kb.model import Clause, Document

Href = Callable[[Document], str]

# Each status of DESIGN.md's validity model: its badge class (anbiao.css) and what it means to a reader.
STATUSES = {
    "现行有效": ("current", "正在施行，可以引用。"),
    "已修改": ("amended", "同名文件已有更新的版本（修正或修订），本文是旧版本。"),
    "已废止": ("repealed", "已明令废止，不再适用。"),
    "已被替代": ("superseded", "已被另一文件替代，请以替代它的文件为准。"),
    "失效": ("expired", "有效期已经届满。"),
    "尚未施行": ("pending", "已经公布，还没到施行日期。"),
    "未知": ("unknown", "尚未核实是否现行有效，引用前请核对。"),
}
STATUS_CLASS = {status: cls for status, (cls, _meaning) in STATUSES.items()}
_FENCE = re.compile(r"^(```|~~~)")
_ATTR = re.compile(r"\s*\{[^{}]*\}\s*$")
_URL = re.compile(r"https?://[^\s（）()；;，,、<>\"'“”]+")


def status_badge(status: str) -> str:
    cls = STATUS_CLASS.get(status, "unknown")
    return f'<span class="ab-badge ab-status-{cls}" title="时效性">{esc(status)}</span>'


def excerpt_badge() -> str:
    return '<span class="ab-badge ab-excerpt" title="本站只收录了该文件的部分内容">摘录</span>'


def badges(doc: Document) -> str:
    parts = [status_badge(doc.meta.status)]
    if not doc.meta.complete:
        parts.append(excerpt_badge())
    return "".join(parts)


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{esc(label)}</th><td>{value_html}</td></tr>"


def _source_html(source: str) -> str | None:
    """The public web addresses in `source`, as links; None when it has none.

    The rest of the field — a raw file's name, a repository path and commit, a FACTS.md section —
    is the knowledge base's own provenance, not something a reader can follow (issue 9 item 6).
    """
    urls = [url for url in _URL.findall(source) if link_target(url)]
    return "<br>".join(f'<a href="{esc(url)}">{esc(url)}</a>' for url in urls) or None


def _doc_link(doc: Document, href: Href, text: str | None = None) -> str:
    return f'<a href="{esc(href(doc))}">{esc(text or doc.title)}</a>'


def metadata_card(doc: Document, index: CitationIndex, href: Href) -> str:
    """The 元数据 table at the top of a document page (excluded from the search index)."""
    m = doc.meta
    rows = [
        _row("文号", esc(m.doc_no) if m.doc_no else '<span class="ab-none">无</span>'),
        _row("发文机关", esc("、".join(m.issuer)) if m.issuer else '<span class="ab-none">不详</span>'),
        _row("成文日期", esc(m.issued.isoformat()) if m.issued else '<span class="ab-none">不详</span>'),
    ]
    if m.effective:
        rows.append(_row("施行日期", esc(m.effective.isoformat())))
    rows += [
        _row("效力级别", esc(m.level)),
        _row("地区", esc(m.region)),
        _row("适用行业", esc("、".join(m.industries)) if m.industries else "不限行业"),
        _row("主题", esc("、".join(m.topics)) if m.topics else '<span class="ab-none">未标注</span>'),
    ]
    status = status_badge(m.status)
    target = index.by_id.get(m.superseded_by) if m.superseded_by else None
    if target is not None:  # superseded_by is an id (kb/validity.py)
        by = _doc_link(target, href, target.meta.doc_no or f"《{target.title}》")
        status += f" 被 {by} 替代" if m.status == "已被替代" else f" 新版本：{by}"
    rows.append(_row("时效性", status))
    if m.addressees:
        rows.append(_row("主送", esc(m.addressees)))
    if m.cites:
        cited = []
        for no in m.cites:
            target = index.lookup_cite(no)
            cited.append(_doc_link(target, href, no) if target and target.id != doc.id else esc(no))
        rows.append(_row("引用文件", "、".join(cited)))
    rows.append(_row("收录", "全文" if m.complete else f"{excerpt_badge()} 仅收录部分内容"))
    source = _source_html(m.source)
    if source:
        rows.append(_row("来源", source))
    return ('<div class="ab-card" data-search-exclude>\n<table class="ab-meta">\n'
            + "\n".join(rows) + "\n</table>\n</div>")


def citation_block(doc: Document, clause: Clause) -> str:
    """The ready-to-paste citation under a clause heading, as a Markdown paragraph with attributes.

    Markdown rather than raw HTML: a raw HTML block per clause makes Python-Markdown run its HTML
    parser over the whole page (a third of the build time at 1,000 documents). anbiao.js adds the
    copy button.
    """
    return f"{escape(doc.citation(clause))}\n{{: .ab-cite data-search-exclude=\"1\" }}"


def cited_by_block(doc: Document, index: CitationIndex, href: Href) -> str:
    citing = index.cited_by.get(doc.id, [])
    if not citing:
        return ('<div class="ab-citedby" data-search-exclude><p class="ab-h">被引用</p>'
                '<p class="ab-none">本库中暂无文件引用本文件。</p></div>')
    items = "".join(
        f"<li>{_doc_link(d, href)}" + (f"（{esc(d.meta.doc_no)}）" if d.meta.doc_no else "") + "</li>"
        for d in sorted(citing, key=lambda d: (d.meta.issued is None, d.meta.issued, d.id)))
    return (f'<div class="ab-citedby" data-search-exclude><p class="ab-h">被引用（{len(citing)}）</p>'
            f"<ul>{items}</ul></div>")


def display_levels(doc: Document) -> dict[int, int]:
    """The level each clause heading is shown at (by its line): one below its parent's, from h2.

    The stored levels follow the numbering (DESIGN.md: 第X条 is always ####), so an article of a
    chapter without 节 would follow an h2 with an h4, and readers who move through a page by
    heading level (screen readers) would find a level missing. Anchors do not depend on levels.
    """
    levels: dict[int, int] = {}
    for clause in doc.clauses:
        if clause.kind == "preamble":
            continue
        parent_level = levels[clause.parent.line] if clause.parent is not None else 1
        levels[clause.line] = min(parent_level + 1, 6)
    return levels


def annotated_body(doc: Document, index: CitationIndex, md_href: Href) -> str:
    """The stored body with clause anchors ({#c2-2-4}), citations under headings, links to cited documents.

    The preamble's first paragraph gets the anchor #c0; headings are shown at display_levels().
    """
    by_line = {c.line: c for c in doc.clauses if c.kind != "preamble"}
    levels = display_levels(doc)
    preamble = next((c for c in doc.clauses if c.kind == "preamble"), None)
    out: list[str] = []
    in_fence = False
    c0_pending = False  # inside the preamble's first paragraph
    for offset, stored in enumerate(doc.body.split("\n")):
        lineno = doc.body_line + offset
        line = stored.replace("<", "&lt;")  # see the module's docstring
        if preamble is not None and lineno == preamble.line:
            c0_pending = True
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            out.append(line)
            continue
        clause = by_line.get(lineno)
        if c0_pending and (not line.strip() or clause is not None):
            out.append("{: #c0 }")
            c0_pending = False
        heading = HEADING.match(line) if clause is not None else None
        if clause is not None and heading is not None:
            text = _ATTR.sub("", heading.group("text"))
            out.append(f"{'#' * levels[lineno]} {text} {{#{clause.anchor}}}")
            if clause.kind == "clause" and clause.scheme != "plain":
                out += ["", citation_block(doc, clause), ""]
            continue
        out.append(index.link(line, doc, md_href) if line.strip() else line)
    if c0_pending:
        out.append("{: #c0 }")
    return "\n".join(out)


def document_markdown(doc: Document, index: CitationIndex, md_href: Href) -> str:
    """The Markdown of a document's page: its title and annotated body (see page_top/page_bottom)."""
    return f"# {escape(doc.title)}\n\n{annotated_body(doc, index, md_href)}\n"


def page_top(doc: Document, index: CitationIndex, href: Href) -> str:
    """HTML placed right after the title: badges, metadata card, excerpt warning, editor's note.

    Inserted into the rendered page rather than the Markdown, for the reason given in
    citation_block.
    """
    parts = [f'<p class="ab-badges" data-search-exclude>{badges(doc)}</p>', metadata_card(doc, index, href)]
    if not doc.meta.complete:
        parts.append('<p class="ab-warn" data-search-exclude>本站只收录了该文件的部分内容（摘录），'
                     "引用前请核对原文。</p>")
    if doc.meta.note:
        parts.append(f'<p class="ab-note" data-search-exclude>编者注：{esc(doc.meta.note)}</p>')
    return "\n".join(parts)


def page_bottom(doc: Document, index: CitationIndex, href: Href) -> str:
    """HTML after the body: the closing lines (落款) and the documents that cite this one."""
    parts = []
    if doc.meta.closing:
        parts.append(f'<p class="ab-closing">{"<br>".join(esc(x) for x in doc.meta.closing)}</p>')
    parts.append(cited_by_block(doc, index, href))
    return "\n".join(parts)
