"""The search as a library: what `anbiao search`, `anbiao serve` and the benchmarks call.

`ClauseSearch` keeps one Whoosh searcher open, so a server answers warm queries without reopening
the index, and bounds each search (`SearchLimits`); `ensure_index` builds the index on first use,
brings it up to date when content changed since (cheaply detected from file sizes and times) and
rebuilds it when its files are damaged. Neither prints: what a user should hear goes to the
`notify` callback, and failures are AnbiaoError subclasses (IndexDamaged, IndexNotWritable,
QueryRejected …) that each face words for its users.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh.searching import Searcher

from kb.errors import AnbiaoError, display_path
from search.index import (
    IndexBusy,
    IndexDamaged,
    IndexLocation,
    IndexNotWritable,
    IndexReport,
    describe_damage,
    document_titles,
    is_stale,
    open_index,
    update_index,
)
from search.query import Filters, Hit, QueryPlan, SearchLimits, TitleIndex, checked_query, run_query, scorer


def _silent(_message: str) -> None:
    pass


def ensure_index(content_dir: Path, index_dir: Path,
                 notify: Callable[[str], None] = _silent) -> IndexReport | None:
    """Build the index if missing, rebuild it if damaged, update it if content changed; None when
    nothing had to be done. `notify` hears one Chinese line for each thing a user should know.

    When the index cannot be updated because its folder is not writable or another process holds
    the write lock, the existing index is used as it is and `notify` says it may be stale. A damaged
    index that cannot be rebuilt raises IndexDamaged.
    """
    state = IndexLocation(index_dir).inspect(check=True)
    if state.manifest is not None and not state.damage:
        if not content_dir.is_dir() or not is_stale(content_dir, state.manifest):
            return None
        notify("内容有变动，正在增量更新索引……")
        try:
            return update_index(content_dir, index_dir)
        except (IndexNotWritable, IndexBusy) as exc:
            notify(f"提示：{exc}。本次使用现有索引，结果可能不是最新的。")
            return None
    if not content_dir.is_dir():
        if state.damage:
            raise IndexDamaged(index_dir, state.damage, f"找不到内容目录 {display_path(content_dir)}，无法重建；"
                                                        "请在项目根目录运行 `anbiao index`")
        raise AnbiaoError(f"还没有索引，且找不到内容目录 {display_path(content_dir)}；"
                          "请在项目根目录运行，或用 --content 指定")
    if state.damage:
        notify(f"索引已损坏（{describe_damage(state.damage)}），正在重建……")
    else:
        notify(f"首次检索：正在建立索引（{display_path(index_dir)}）……")
    try:
        return update_index(content_dir, index_dir)
    except IndexNotWritable as exc:
        if state.damage:
            raise IndexDamaged(index_dir, state.damage, f"{exc}，无法重建") from exc
        raise


def _titles(manifest: dict[str, Any]) -> TitleIndex:
    """Document titles of an index, from its manifest (so no corpus load)."""
    return TitleIndex(document_titles(manifest))


class ClauseSearch:
    """An open index ready for queries; use as a context manager or call close().

    Raises IndexDamaged when the index files are not as they were written (checked on opening and
    whenever the index changes), and QueryRejected for a query beyond `limits`.
    """

    def __init__(self, index_dir: Path, limits: SearchLimits | None = None) -> None:
        self._location = IndexLocation(index_dir)
        self.limits = limits or SearchLimits()
        self._searcher, self._generation, self._titles = self._open()

    def _open(self) -> tuple[Searcher, Path, TitleIndex]:
        state = self._location.inspect(check=True)
        if state.damage:
            raise IndexDamaged(self._location.root, state.damage)
        ix = open_index(self._location.root)
        if ix is None or state.generation is None or state.manifest is None:
            raise AnbiaoError(f"索引 {display_path(self._location.root)} 不存在；请运行 `anbiao index`")
        return ix.searcher(weighting=scorer()), state.generation, _titles(state.manifest)

    def search(self, text: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        return self.search_with_plan(text, filters, limit)[0]

    def search_with_plan(self, text: str, filters: Filters | None = None,
                         limit: int = 10) -> tuple[list[Hit], QueryPlan]:
        text = checked_query(text, limit, self.limits)
        self._follow_updates()
        try:
            return self._run(text, filters, limit)
        except Exception as exc:
            # Whoosh opens segment files lazily and reports a damaged file in its own words
            # (FileNotFoundError, "Block tag error", struct errors): say what is wrong instead.
            state = self._location.inspect(check=True)
            if state.damage:
                raise IndexDamaged(self._location.root, state.damage) from exc
            if not isinstance(exc, FileNotFoundError):
                raise
            # An update merged small segments between our refresh and this query, deleting some
            # files: reopen the live index and ask again.
            self._reopen()
            return self._run(text, filters, limit)

    def clause_count(self) -> int:
        """Clauses in the open index."""
        self._follow_updates()
        return int(self._searcher.doc_count())

    def _run(self, text: str, filters: Filters | None, limit: int) -> tuple[list[Hit], QueryPlan]:
        return run_query(self._searcher, text, filters, limit, self._titles, self.limits.max_seconds)

    def _follow_updates(self) -> None:
        """Switch to a rebuilt generation, and see incremental commits since the searcher opened."""
        generation = self._location.current()
        if generation is not None and generation != self._generation:
            self._reopen()
            return
        fresh = self._searcher.refresh()
        if fresh is not self._searcher:
            self._searcher = fresh
            state = self._location.inspect(check=True)
            if state.damage:
                raise IndexDamaged(self._location.root, state.damage)
            self._titles = _titles(state.manifest or {})

    def _reopen(self) -> None:
        searcher, generation, titles = self._open()
        self._searcher.close()
        self._searcher, self._generation, self._titles = searcher, generation, titles

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> ClauseSearch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
