"""The MkDocs side of the site: the only module that imports mkdocs.

Events used:
- on_config: register our CSS/JS and our template overrides (templates/).
- on_files: load the kb corpus from docs_dir, work out every document's status on the build date
  (kb.validity.status_on; `status_date` fixes the day for reproducible builds), add the generated
  index pages and our assets as virtual files (nothing is written into content/).
- on_env: data the templates embed (the search filters' values, as script-safe JSON).
- on_page_markdown: replace a document's Markdown by the annotated page of pages.py; its title
  goes to the theme HTML-escaped (Material's templates print titles as HTML). No page goes into
  Material's search index: the search box is answered by our clause index (static_search.py).
- on_page_content: status, versions, metadata card and 被引用 around the body, then every page body
  through the sanitizer (safehtml.py).
- on_post_build: write the clause index of the static search (static_search.py), its statuses
  judged on the same day as the pages'.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator.site import indexes
from generator.site.links import CitationIndex
from generator.site.pages import document_markdown, page_bottom, page_top
from generator.site.safehtml import PageSanitizer, script_json
from generator.site.safehtml import text as esc
from generator.site.static_search import NOT_IN_MATERIAL_SEARCH, SCRIPT, write_static_index
from kb.errors import AnbiaoError
from kb.loader import load_corpus
from kb.model import Corpus, Document
from kb.validity import StatusView, status_on
from kb.vocab import load_vocabulary

Href = Callable[[Document], str]
log = logging.getLogger("mkdocs.plugins.anbiao")

ASSETS_DIR = Path(__file__).parent / "assets"
TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSET_PREFIX = "assets/anbiao"
CSS = [f"{ASSET_PREFIX}/anbiao.css"]
JS = [f"{ASSET_PREFIX}/{SCRIPT}", f"{ASSET_PREFIX}/anbiao.js"]


class AnbiaoPluginConfig(Config):
    # Off only for measuring plain Material against our plugin (bench/bench_site.py).
    static_search = config_options.Type(bool, default=True)
    # The day statuses are judged on (YYYY-MM-DD); by default the day of the build. Pages say which day.
    status_date = config_options.Optional(config_options.Type(dt.date))


class AnbiaoPlugin(BasePlugin[AnbiaoPluginConfig]):
    def __init__(self) -> None:
        self.corpus = Corpus([])
        self.citations = CitationIndex({}, {})
        self.statuses: dict[str, StatusView] = {}
        self.status_day = dt.date.today()
        self.docs_by_src: dict[str, Document] = {}
        self.src_by_id: dict[str, str] = {}
        self.files: Files | None = None
        self.sanitizer = PageSanitizer()

    # --- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for css in CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in JS:
            if js not in [str(x) for x in config.extra_javascript]:
                config.extra_javascript.append(js)  # type: ignore[arg-type]
        # After the user's custom_dir, before Material: our main.html and 404.html.
        if str(TEMPLATES_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES_DIR))
        return config

    # --- files -----------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        try:
            corpus, problems = load_corpus(docs_dir)
        except AnbiaoError as exc:
            raise PluginError(str(exc)) from exc
        for problem in problems:
            log.warning("内容有错误，该文件未生成页面：%s", problem)
        self.corpus = corpus
        self.citations = CitationIndex.build(corpus)
        self.status_day = self.config.status_date or dt.date.today()
        self.statuses = {doc.id: status_on(doc, self.status_day, corpus) for doc in corpus}
        self.docs_by_src = {}
        self.src_by_id = {}
        for doc in corpus:
            src = doc.path.resolve().relative_to(docs_dir.resolve()).as_posix()
            self.docs_by_src[src] = doc
            self.src_by_id[doc.id] = src
        for file in list(files):
            if not file.is_documentation_page():
                continue
            doc = self.docs_by_src.get(file.src_uri)
            if doc is None:
                # Markdown in content/ that is not a kb document (notes, drafts) is not a page.
                log.info("content/%s 不是知识库文件，已跳过", file.src_uri)
                files.remove(file)
            elif config.use_directory_urls:
                # The URL is the document's id (DESIGN.md), whatever the file is called; the
                # search index links to it.
                file.dest_uri = f"{doc.url}index.html"
        for page in indexes.ALL_PAGES:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            # The body is written in on_page_markdown, once every page's URL is known.
            files.append(File.generated(config, page.src_uri, content=indexes.front_matter(page)))
        for asset in sorted(ASSETS_DIR.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, f"{ASSET_PREFIX}/{asset.name}",
                                            abs_src_path=str(asset)))
        self.files = files
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """The values of the served search's filters, for templates/main.html (any page may search).

        Regions: those of the documents and the divisions containing them. The whole GB/T 2260 list
        (3,214 names) would add 100 KB to every page for options that can only find nothing."""
        vocab = load_vocabulary()
        used = {region for doc in self.corpus for region in vocab.region_chain(doc.meta.region)}
        env.globals["anbiao_facets"] = script_json({
            "region": [r for r in vocab.regions if r in used], "industry": list(vocab.industry_values),
            "status": list(vocab.statuses)})
        return env

    def _hrefs(self, page: Page) -> tuple[Href, Href]:
        """(final-URL href, .md href) functions for links written on `page`."""
        files = self.files
        assert files is not None
        from_src = page.file.src_uri

        def href(doc: Document) -> str:
            target = files.get_file_from_path(self.src_by_id[doc.id])
            assert target is not None
            return get_relative_url(target.url, page.url)

        def md_href(doc: Document) -> str:
            return posixpath.relpath(self.src_by_id[doc.id], posixpath.dirname(from_src) or ".")

        return href, md_href

    def _index_markdown(self, index_page: indexes.IndexPage, page: Page) -> str:
        href, md_href = self._hrefs(page)
        corpus = self.corpus
        status_of = self._status_of
        here = posixpath.dirname(index_page.src_uri) or "."
        builders: dict[str, Callable[[], str]] = {
            indexes.HOME.src_uri: lambda: indexes.home_markdown(
                corpus, status_of, lambda p: posixpath.relpath(p.src_uri, here)),
            indexes.DOCUMENTS.src_uri: lambda: indexes.documents_markdown(corpus, status_of, href),
            indexes.REGIONS.src_uri: lambda: indexes.regions_markdown(corpus, status_of, md_href),
            indexes.INDUSTRIES.src_uri: lambda: indexes.industries_markdown(corpus, status_of, md_href),
            indexes.TOPICS.src_uri: lambda: indexes.topics_markdown(corpus, status_of, md_href),
            indexes.TIMELINE.src_uri: lambda: indexes.timeline_markdown(corpus, status_of, md_href),
            indexes.STANDARDS.src_uri: lambda: indexes.standards_markdown(corpus, status_of, href),
        }
        return builders[index_page.src_uri]()

    def _status_of(self, doc: Document) -> StatusView:
        return self.statuses[doc.id]

    # --- pages -----------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        index_page = indexes.BY_SRC.get(page.file.src_uri)
        if index_page is not None and page.file.generated_by:
            page.meta["search"] = NOT_IN_MATERIAL_SEARCH
            return self._index_markdown(index_page, page)
        doc = self.docs_by_src.get(page.file.src_uri)
        if doc is None:
            return markdown
        # Our front-matter keys (status, source…) mean other things to Material's templates, which
        # print page.meta.title and .description unescaped (as MkDocs titles are HTML).
        description = f"{doc.title}（{doc.meta.doc_no}）" if doc.meta.doc_no else doc.title
        # The left sidebar would be empty (the sections are tabs): give the text the room.
        page.meta = {"title": esc(doc.title), "description": esc(description), "hide": ["navigation"],
                     "search": NOT_IN_MATERIAL_SEARCH}
        _href, md_href = self._hrefs(page)
        return document_markdown(doc, self.citations, md_href)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Status and metadata card after the title, 被引用 at the end (built from the model, not the
        text); then the whole body through the sanitizer, ours and the text's alike."""
        doc = self.docs_by_src.get(page.file.src_uri)
        if doc is not None:
            href, _md_href = self._hrefs(page)
            end_of_title = html.find("</h1>")
            cut = end_of_title + len("</h1>") if end_of_title >= 0 else 0
            top = page_top(doc, self.statuses[doc.id], self.citations, href)
            html = html[:cut] + "\n" + top + html[cut:] + "\n" + page_bottom(doc, self.citations, href)
        return self.sanitizer.clean(html)

    # --- after the build -----------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.static_search:
            write_static_index(self.corpus, Path(config.site_dir), self.status_day)
