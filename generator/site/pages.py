"""A document's page as Markdown: metadata card, clause anchors and citations, links, 被引用.

Pure functions over the kb model; they know nothing of MkDocs. `href(doc)` gives the URL of another
document's page relative to the page being written (the caller knows the site's URL scheme).
The body's wording is never touched: only heading attributes, links around citations that are
already in the text, and HTML blocks between paragraphs are added.

Validity is shown as it stands on the build date: every status comes from
`kb.validity.status_on(doc, day, corpus)` (a StatusView), never from the stored `status` alone —
a notice whose term ran out since it was checked shows 失效, and a document shows 已修改 only from
the day its newer version was adopted. What is ours (basis, sources, editor's notes) is marked as
ours and kept out of the search index (`data-search-exclude`).

A document's Markdown reaches Python-Markdown with every `<` written as `&lt;`, so no raw HTML can
start anywhere in it: `<script>` in a text renders as the characters `<script>`. (The only place
this shows is inside a code span, where `&lt;` stays literal; policy texts have none — the importer
escapes backticks.) It also keeps MkDocs's own scan of a page's raw HTML away from markup such as
`<![图]`, on which Python's HTMLParser raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from generator.site.links import CitationIndex
from generator.site.safehtml import link_target
from generator.site.safehtml import text as esc
from kb.clauses import HEADING
from kb.mdtext import escape
from kb.model import Clause, Document
from kb.validity import (
    AMENDED,
    ENDED,
    EXPIRED,
    IN_FORCE,
    NOT_YET,
    UNKNOWN,
    BasisLine,
    StatusView,
    source_line,
)
from kb.numbering import cn_date
from kb.vocab import load_vocabulary

Href = Callable[[Document], str]
StatusOf = Callable[[Document], StatusView]

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


# Kinds whose page is not a document's text, and what their badge tells a reader.
KIND_NOTES = {
    "register": "本站只登记了该文件的标题、日期和时效性，全文未收录。",
    "compilation": "本页由编者根据公开资料整理，不是任何文件的原文。",
}
# What a page whose numbering is not the document's own (`citable: false`) says about it.
NOT_CITABLE = "本页不提供条款引用：页中的编号和标题未经核实或由编者所加，不是原文的条款号，不能作为条款引用。"


def status_badge(view: StatusView) -> str:
    cls = STATUS_CLASS.get(view.status, "unknown")
    return f'<span class="ab-badge ab-status-{cls}" title="时效性：{esc(view.label)}">{esc(view.status)}</span>'


def excerpt_badge() -> str:
    return '<span class="ab-badge ab-excerpt" title="本站只收录了该文件的部分内容">摘录</span>'


def kind_badge(doc: Document) -> str:
    """登记条目 / 资料汇编: a page that is not a document's text says so wherever it is listed."""
    note = KIND_NOTES.get(doc.meta.kind)
    if note is None:
        return ""
    label = load_vocabulary().kind_labels[doc.meta.kind]
    return f'<span class="ab-badge ab-kind" title="{esc(note)}">{esc(label)}</span>'


def is_excerpt(doc: Document) -> bool:
    """Part of a document's text is held (a compilation is no document's text; a register entry holds none)."""
    return doc.meta.kind not in KIND_NOTES and not doc.meta.complete


def badges(doc: Document, view: StatusView) -> str:
    parts = [kind_badge(doc), status_badge(view)]
    if is_excerpt(doc):
        parts.append(excerpt_badge())
    return "".join(parts)


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{esc(label)}</th><td>{value_html}</td></tr>"


def _source_urls_html(source: str) -> str | None:
    """The public web addresses in `source`, as links; None when it has none.

    The rest of the field — a raw file's name, a repository path and commit, a FACTS.md section —
    is the knowledge base's own provenance, not something a reader can follow.
    """
    urls = [url for url in _URL.findall(source) if link_target(url)]
    return "<br>".join(f'<a href="{esc(url)}">{esc(url)}</a>' for url in urls) or None


def _corpus_href(url: str, index: CitationIndex, href: Href) -> str | None:
    """A clause URL of the knowledge base (policies/<id>/#a76, kb.model's scheme) as a link from this page."""
    path, _, anchor = url.partition("#")
    target = index.by_id.get(path.rstrip("/").rsplit("/", 1)[-1])
    if target is None or target.url != path:
        return None
    return href(target) + (f"#{anchor}" if anchor else "")


def evidence_html(line: BasisLine, index: CitationIndex, href: Href) -> str:
    """One piece of evidence: its words, then where to read it — the clause on this site, or the
    outside page under its host name (gov.cn or a blog: the reader judges the source by it)."""
    words = esc(line.text)
    if line.in_corpus:
        target = _corpus_href(line.url, index, href) if line.url else None
        return f'{words} <a class="ab-src-link" href="{esc(target)}">查看该条</a>' if target else words
    url = link_target(line.url) if line.url else None
    if url is None:
        return words
    host = urlsplit(url).hostname or url
    return f'{words} <a class="ab-src-link" href="{esc(url)}">{esc(host)}</a>'


def _list(items: Iterable[str], cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def status_cell(view: StatusView, index: CitationIndex, href: Href) -> str:
    """The 时效性 of the card: badge and since when, each piece of evidence, the editor's remark,
    and the day the status was judged (the build date: a static site does not change by itself)."""
    head = status_badge(view)
    if view.since and view.status != IN_FORCE:
        head += f'<span class="ab-since">{esc(cn_date(view.since))}起</span>'
    details = [f"依据：{evidence_html(line, index, href)}" for line in view.basis]
    if view.note:
        details.append(f"说明：{esc(view.note)}")
    elif not view.basis:
        details.append(esc(STATUSES.get(view.status, STATUSES[UNKNOWN])[1]))
    details.append(f'<span class="ab-asof">以上按本站生成之日（{esc(cn_date(view.on))}）判断</span>')
    return head + _list(details, "ab-status-detail")


def _sources_html(doc: Document, index: CitationIndex, href: Href) -> str | None:
    """来源: the `sources` of an editor-written page as proper sources; else the public addresses of `source`."""
    if doc.meta.sources:
        return _list((evidence_html(source_line(s), index, href) for s in doc.meta.sources), "ab-sources")
    return _source_urls_html(doc.meta.source)


def _holding(doc: Document) -> str:
    """收录: how much of the document the site holds."""
    if doc.meta.kind == "register":
        return "全文未收录"
    if doc.meta.kind == "compilation":
        return "编者整理，不是任何文件的原文"
    return f"{excerpt_badge()} 仅收录部分内容" if is_excerpt(doc) else "全文"


def _doc_link(doc: Document, href: Href, text: str | None = None) -> str:
    return f'<a href="{esc(href(doc))}">{esc(text or doc.title)}</a>'


def metadata_card(doc: Document, view: StatusView, index: CitationIndex, href: Href) -> str:
    """The 元数据 table at the top of a document page (excluded from the search index)."""
    m = doc.meta
    unknown = '<span class="ab-none">不详</span>'
    rows = []
    if m.kind in KIND_NOTES:
        rows.append(_row("类别", kind_badge(doc)))
    rows += [
        # null means not recorded (a law's 主席令 number often is not), never "has none".
        _row("文号", esc(m.doc_no) if m.doc_no else '<span class="ab-none">未收录</span>'),
        _row("发文机关", esc("、".join(m.issuer)) if m.issuer else unknown),
        _row("成文日期", esc(m.issued.isoformat()) if m.issued else unknown),
    ]
    if m.effective:
        rows.append(_row("施行日期", esc(m.effective.isoformat())))
    if m.valid_until:
        rows.append(_row("有效期至", esc(m.valid_until.isoformat())))
    rows += [_row("效力级别", esc(m.level)), _row("地区", esc(m.region))]
    if doc.held:  # a register entry's empty lists mean "not recorded", not "every industry"
        rows += [
            _row("适用行业", esc("、".join(m.industries)) if m.industries else "不限行业"),
            _row("主题", esc("、".join(m.topics)) if m.topics else '<span class="ab-none">未标注</span>'),
        ]
    rows.append(_row("时效性", status_cell(view, index, href)))
    if m.addressees:
        rows.append(_row("主送", esc(m.addressees)))
    if m.cites:
        cited = []
        for no, resolved in zip(m.cites, doc.resolved_cites(), strict=True):
            target = index.lookup_cite(resolved)
            shown = _doc_link(target, href, no) if target and target.id != doc.id else esc(no)
            if resolved != no:  # the source's misprint stays as printed; the correction is ours
                shown += f'<span class="ab-none">（原文如此，即 {esc(resolved)}）</span>'
            cited.append(shown)
        rows.append(_row("引用文件", "、".join(cited)))
    rows.append(_row("收录", _holding(doc)))
    sources = _sources_html(doc, index, href)
    if sources:
        rows.append(_row("来源", sources))
    return ('<div class="ab-card" data-search-exclude>\n<table class="ab-meta">\n'
            + "\n".join(rows) + "\n</table>\n</div>")


def status_banner(view: StatusView, index: CitationIndex, href: Href) -> str:
    """At the top of a page that is not (or not yet, or no longer) in force: what happened, and
    where the text in force is — the newer version, the replacing document, or its register entry."""
    if view.status in (IN_FORCE, UNKNOWN):
        return ""
    links = []
    successor = view.successor
    if successor is not None and view.status in ENDED:
        what = "查看登记条目" if not successor.held else "查看现行版本" if view.status == AMENDED else "查看替代文件"
        links.append(_doc_link(successor, href, what))
    elif view.status not in (EXPIRED, NOT_YET):
        target = next((line.url for line in view.basis if line.in_corpus and line.url), None)
        target_href = _corpus_href(target, index, href) if target else None
        if target_href:
            links.append(f'<a href="{esc(target_href)}">查看依据条款</a>')
    cls = STATUS_CLASS.get(view.status, "unknown")
    return (f'<div class="ab-banner ab-banner-{cls}" role="note" data-search-exclude><p>{esc(view.sentence())}'
            + "".join(f" {link}" for link in links) + "</p></div>")


def versions_note(view: StatusView, href: Href) -> str:
    """On the newer version (or the replacing document): which documents it amended or replaced."""
    amended, replaced = [], []
    for old in view.predecessors:
        if old.meta.status == AMENDED:
            when = f"{cn_date(old.meta.issued)}的版本" if old.meta.issued else "此前的版本"
            amended.append(_doc_link(old, href, f"《{old.title}》（{when}）"))
        else:
            number = f"（{old.meta.doc_no}）" if old.meta.doc_no else ""
            replaced.append(_doc_link(old, href, f"《{old.title}》{number}"))
    said = []
    if amended:
        said.append(f"本文件修改了{'、'.join(amended)}。")
    if replaced:
        said.append(f"本文件代替了{'、'.join(replaced)}。")
    return f'<p class="ab-versions" data-search-exclude>{"".join(said)}</p>' if said else ""


def citation_block(doc: Document, clause: Clause) -> str:
    """The ready-to-paste citation under a clause heading, as a Markdown paragraph with attributes.

    Markdown rather than raw HTML: a raw HTML block per clause makes Python-Markdown run its HTML
    parser over the whole page (a third of the build time at 1,000 documents). anbiao.js adds the
    copy button.
    """
    return f"{escape(doc.citation(clause))}\n{{: .ab-cite data-search-exclude=\"1\" }}"


def clause_note_block(note: str) -> str:
    """An editor's note on a clause (`clause_notes`), set apart from the text and out of the search index."""
    return f"编者注：{escape(note, block_start=False)}\n{{: .ab-clause-note data-search-exclude=\"1\" }}"


def cited_by_block(doc: Document, index: CitationIndex, href: Href) -> str:
    citing = index.cited_by.get(doc.id, [])
    if not citing:
        return ('<div class="ab-citedby" data-search-exclude><p class="ab-h">被引用</p>'
                '<p class="ab-none">本站中暂无文件引用本文件。</p></div>')
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
    A page whose numbering is not the document's own (`citable: false`) offers no citation; the
    editor's notes on clauses follow their headings.
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
            if doc.meta.citable and clause.kind == "clause" and clause.scheme != "plain":
                out += ["", citation_block(doc, clause), ""]
            note = doc.meta.clause_notes.get(clause.id)
            if note:
                out += ["", clause_note_block(note), ""]
            continue
        out.append(index.link(line, doc, md_href) if line.strip() else line)
    if c0_pending:
        out.append("{: #c0 }")
    return "\n".join(out)


def document_markdown(doc: Document, index: CitationIndex, md_href: Href) -> str:
    """The Markdown of a document's page: its title and annotated body (see page_top/page_bottom).
    A register entry holds no text: its page is the title and what page_top adds."""
    body = annotated_body(doc, index, md_href) if doc.held else ""
    return f"# {escape(doc.title)}\n\n{body}\n"


def about_note(doc: Document) -> str:
    """The editor's note; on a page that offers no citations, first why (NOT_CITABLE)."""
    note = f"编者注：{esc(doc.meta.note)}" if doc.meta.note else ""
    if doc.meta.citable:
        return f'<p class="ab-note" data-search-exclude>{note}</p>' if note else ""
    paragraphs = "".join(f"<p>{x}</p>" for x in (esc(NOT_CITABLE), note) if x)
    return f'<div class="ab-about" role="note" data-search-exclude><p class="ab-h">关于本页</p>{paragraphs}</div>'


def page_top(doc: Document, view: StatusView, index: CitationIndex, href: Href) -> str:
    """HTML placed right after the title: badges, what replaced it, metadata card, what it holds,
    editor's note.

    Inserted into the rendered page rather than the Markdown, for the reason given in
    citation_block.
    """
    parts = [f'<p class="ab-badges" data-search-exclude>{badges(doc, view)}</p>', status_banner(view, index, href)]
    if doc.meta.kind == "register":
        parts.append(f'<p class="ab-warn" data-search-exclude>{esc(KIND_NOTES["register"])}</p>')
    parts += [versions_note(view, href), metadata_card(doc, view, index, href)]
    if is_excerpt(doc):
        parts.append('<p class="ab-warn" data-search-exclude>本站只收录了该文件的部分内容（摘录），'
                     "引用前请核对原文。</p>")
    parts.append(about_note(doc))
    return "\n".join(x for x in parts if x)


def page_bottom(doc: Document, index: CitationIndex, href: Href) -> str:
    """HTML after the body: the closing lines (落款) and the documents that cite this one."""
    parts = []
    if doc.meta.closing:
        parts.append(f'<p class="ab-closing">{"<br>".join(esc(x) for x in doc.meta.closing)}</p>')
    parts.append(cited_by_block(doc, index, href))
    return "\n".join(parts)
