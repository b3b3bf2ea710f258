"""Clause search with a hard time limit, for both faces.

The search library checks its time limit (search.limits.SearchLimits.max_seconds) between the
stages of a search, but cannot interrupt one. Here each search runs on one thread that owns the
open index, and its caller waits at most that same time:

- the command line then says the search took too long and exits (the thread is a daemon);
- the server answers 503 at once; requests queued behind a slow one are dropped when they time out
  or when their client has left, so a slow query never piles work up behind it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from search.limits import SearchLimits, SearchTooSlow

if TYPE_CHECKING:
    from search.query import Filters, QueryPlan
    from search.ranking import Hit
    from search.service import ClauseSearch

T = TypeVar("T")


@dataclass
class _Job:
    run: Callable[[ClauseSearch], Any]
    future: Future[Any]
    wanted: Callable[[], bool] | None


class BoundedSearch:
    """An open index answered from a thread of its own; every call waits at most `limits.max_seconds`."""

    def __init__(self, index_dir: Path, limits: SearchLimits | None = None) -> None:
        self.limits = limits or SearchLimits()
        self.seconds = self.limits.max_seconds
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        opened: Future[ClauseSearch] = Future()
        self._thread = threading.Thread(target=self._serve, args=(index_dir, opened), daemon=True,
                                        name="anbiao-search")
        self._thread.start()
        opened.result()  # raises what opening raised (no index yet, a damaged one)

    def search(self, text: str, filters: Filters | None, limit: int,
               wanted: Callable[[], bool] | None = None) -> tuple[list[Hit], QueryPlan]:
        """The hits and plan of search.service.ClauseSearch.search_with_plan; SearchTooSlow after
        `seconds`. `wanted()` is asked just before the search starts: False skips it, and the call raises
        ConnectionAbortedError (its client has left)."""
        return self.run(lambda engine: engine.search_with_plan(text, filters, limit), wanted)

    def clause_count(self) -> int:
        return self.run(lambda engine: engine.clause_count())

    def close(self) -> None:
        self._jobs.put(None)

    def run(self, run: Callable[[ClauseSearch], T], wanted: Callable[[], bool] | None = None) -> T:
        """`run(engine)` on the search thread, within the time limit (see `search`)."""
        job = _Job(run, Future(), wanted)
        self._jobs.put(job)
        try:
            return job.future.result(timeout=self.seconds)
        except FutureTimeout:
            job.future.cancel()  # still queued: it will not run
            raise SearchTooSlow(self.seconds) from None

    def _serve(self, index_dir: Path, opened: Future[ClauseSearch]) -> None:
        from search.service import ClauseSearch

        try:
            engine = ClauseSearch(index_dir, self.limits)
        except BaseException as exc:
            opened.set_exception(exc)
            return
        opened.set_result(engine)
        try:
            while (job := self._jobs.get()) is not None:
                if not job.future.set_running_or_notify_cancel():
                    continue
                if job.wanted is not None and not job.wanted():
                    job.future.set_exception(ConnectionAbortedError("the client left before its search began"))
                    continue
                try:
                    job.future.set_result(job.run(engine))
                except BaseException as exc:
                    job.future.set_exception(exc)
        finally:
            engine.close()
