"""The search as a library: what `anbiao search`, `anbiao serve` and the benchmarks call.

`ClauseSearch` keeps the index's segments open, so a server answers warm queries without reading
them again, and bounds each search (`SearchLimits`); `ensure_index` builds the index on first use,
brings it up to date when content changed since (cheaply detected from file sizes and times) or a
status date has come, and rebuilds it when its files are damaged. Neither prints: what a user
should hear goes to the `notify` callback, and failures are AnbiaoError subclasses (IndexDamaged,
IndexNotWritable, QueryRejected …) that each face words for its users.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from kb.errors import ContentMissing, display_path
from search.index import (
    INDEX_FORMAT,
    IndexBusy,
    IndexDamaged,
    IndexLocation,
    IndexMissing,
    IndexNotWritable,
    IndexOutdated,
    IndexReport,
    describe_damage,
    is_stale,
    open_segments,
    update_index,
)
from search.integrity import FileDamage
from search.limits import SearchLimits, checked_query
from search.query import Filters, QueryPlan, analyze
from search.ranking import Hit, SearchIndex


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
            raise IndexDamaged(index_dir, state.damage, f"找不到内容目录 {display_path(content_dir)}，无法重建",
                               content_missing=True)
        raise ContentMissing(content_dir, "还没有索引，且找不到内容目录 {value}")
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


def _stamp(generation: Path) -> tuple[int, int, int] | None:
    """Identifies the manifest on disk: an update replaces it (a new file), a query asks this cheaply."""
    try:
        st = (generation / "manifest.json").stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class ClauseSearch:
    """An open index ready for queries; use as a context manager or call close().

    Raises IndexDamaged when the index files are not as they were written (checked on opening and
    whenever the index changes), and QueryRejected for a query beyond `limits`.
    """

    def __init__(self, index_dir: Path, limits: SearchLimits | None = None) -> None:
        self._location = IndexLocation(index_dir)
        self.limits = limits or SearchLimits()
        self._index, self._generation, self._stamp = self._open()

    def _open(self) -> tuple[SearchIndex, Path, tuple[int, int, int] | None]:
        state = self._location.inspect(check=True)
        if state.damage:
            raise IndexDamaged(self._location.root, state.damage)
        if state.generation is None or state.manifest is None:
            raise IndexMissing(self._location.root)
        if state.manifest.get("format") != INDEX_FORMAT:
            raise IndexOutdated(self._location.root)
        try:
            segments = open_segments(state.generation, state.manifest)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexDamaged(self._location.root, [FileDamage("manifest.json", "与索引文件不符")]) from exc
        index = SearchIndex(segments, state.manifest.get("statuses") or {})
        return index, state.generation, _stamp(state.generation)

    def search(self, text: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        return self.search_with_plan(text, filters, limit)[0]

    def search_with_plan(self, text: str, filters: Filters | None = None,
                         limit: int = 10) -> tuple[list[Hit], QueryPlan]:
        text = checked_query(text, limit, self.limits)
        self._follow_updates()
        try:
            return self._run(text, filters, limit)
        except (OSError, ValueError) as exc:
            # A record file went missing or shrank under us: say what is wrong, or, when an update
            # merely dropped a segment we still held, reopen the live index and ask again.
            state = self._location.inspect(check=True)
            if state.damage:
                raise IndexDamaged(self._location.root, state.damage) from exc
            self._reopen()
            return self._run(text, filters, limit)

    def clause_count(self) -> int:
        """Clauses in the open index."""
        self._follow_updates()
        return self._index.clause_count

    def _run(self, text: str, filters: Filters | None, limit: int) -> tuple[list[Hit], QueryPlan]:
        plan = analyze(text, self._index)
        return self._index.search(plan, filters, limit, self.limits.max_seconds), plan

    def _follow_updates(self) -> None:
        """Switch to a rebuilt generation or a newer manifest (an incremental update) of this one."""
        generation = self._location.current()
        if generation is not None and (generation != self._generation or _stamp(generation) != self._stamp):
            self._reopen()

    def _reopen(self) -> None:
        index, generation, stamp = self._open()
        self._index.close()
        self._index, self._generation, self._stamp = index, generation, stamp

    def close(self) -> None:
        self._index.close()

    def __enter__(self) -> ClauseSearch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
