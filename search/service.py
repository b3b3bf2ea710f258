"""The search as a library: what `anbiao search`, `anbiao serve` and the benchmarks call.

`ClauseSearch` keeps one Whoosh searcher open, so a server answers warm queries without reopening
the index; `ensure_index` builds the index on first use and brings it up to date when content
changed since (cheaply detected from file sizes and times).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from whoosh.searching import Searcher

from kb.errors import AnbiaoError, display_path
from search.index import IndexLocation, IndexReport, document_titles, is_stale, open_index, update_index
from search.query import Filters, Hit, QueryPlan, TitleIndex, run_query, scorer


def ensure_index(content_dir: Path, index_dir: Path,
                 notify: Callable[[str], None] | None = None) -> IndexReport | None:
    """Build the index if missing, update it if content changed; None when nothing had to be done.

    When another process holds the write lock, the existing index is used as it is. `notify` hears
    what is being done (a first build takes a while).
    """
    say = notify or (lambda _msg: None)
    manifest = IndexLocation(index_dir).manifest()
    if manifest is not None:
        if not content_dir.is_dir() or not is_stale(content_dir, manifest):
            return None
        say("内容有变动，正在增量更新索引……")
        try:
            return update_index(content_dir, index_dir)
        except AnbiaoError as exc:
            say(f"提示：{exc}；本次使用现有索引。")
            return None
    if not content_dir.is_dir():
        raise AnbiaoError(f"还没有索引，且找不到内容目录 {display_path(content_dir)}；"
                          "请在项目根目录运行，或用 --content 指定")
    say(f"首次检索：正在建立索引（{display_path(index_dir)}）……")
    return update_index(content_dir, index_dir)


class ClauseSearch:
    """An open index ready for queries; use as a context manager or call close()."""

    def __init__(self, index_dir: Path) -> None:
        self._location = IndexLocation(index_dir)
        self._generation = self._location.current()
        ix = open_index(index_dir)
        if ix is None or self._generation is None:
            raise AnbiaoError(f"索引 {display_path(index_dir)} 不存在或已损坏；请运行 `anbiao index --rebuild`")
        self._searcher: Searcher = ix.searcher(weighting=scorer())
        self._titles: TitleIndex | None = None

    def search(self, text: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        return self.search_with_plan(text, filters, limit)[0]

    def search_with_plan(self, text: str, filters: Filters | None = None,
                         limit: int = 10) -> tuple[list[Hit], QueryPlan]:
        self._refresh()
        try:
            return run_query(self._searcher, text, filters, limit, self._title_index())
        except FileNotFoundError:
            # Segment files are opened lazily; an update that merged small segments between our
            # refresh and this query has deleted some. Reopen the live index and ask again.
            self._reopen(self._location.current())
            return run_query(self._searcher, text, filters, limit, self._title_index())

    def clause_count(self) -> int:
        """Clauses in the live index."""
        self._refresh()
        return int(self._searcher.doc_count())

    def _refresh(self) -> None:
        generation = self._location.current()
        if generation is not None and generation != self._generation:  # rebuilt meanwhile: switch over
            self._reopen(generation)
        fresh = self._searcher.refresh()  # sees incremental commits since it was opened
        if fresh is not self._searcher:
            self._searcher, self._titles = fresh, None

    def _title_index(self) -> TitleIndex:
        """Document titles of the open index (from its manifest), read again after a reopen."""
        if self._titles is None:
            self._titles = TitleIndex(document_titles(self._location.manifest() or {}))
        return self._titles

    def _reopen(self, generation: Path | None) -> None:
        ix = open_index(self._location.root)
        if ix is not None and generation is not None:
            self._searcher.close()
            self._searcher, self._generation = ix.searcher(weighting=scorer()), generation
            self._titles = None

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> ClauseSearch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
