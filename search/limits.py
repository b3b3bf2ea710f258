"""Bounds on the work of one search, the same for every face (CLI, server, benchmarks), and the
typed refusals of a search the library will not run. Kept free of heavy imports: the command line
reads the bounds to build its help."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.errors import AnbiaoError

# A question is some 10–40 characters; 200 holds a pasted sentence or two, and bounds the words,
# synonyms and document-number patterns a query is built from (a 10,000-character query once took 27 s).
MAX_QUERY_CHARS = 200
MAX_RESULTS = 500
# A hard stop, as a safety net: at 10,000 documents a search takes some tens of milliseconds
# (bench/README.md). The library checks it between the stages of a search, and the faces, which run
# each search on a thread of its own (anbiao/searching.py), stop waiting for it then.
MAX_SECONDS = 2.0
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class SearchLimits:
    max_query_chars: int = MAX_QUERY_CHARS
    max_results: int = MAX_RESULTS
    max_seconds: float = MAX_SECONDS


class QueryRejected(AnbiaoError):
    """A search the library will not run. The subclasses carry the values a face needs to word the
    refusal its own way; the message is a default in Chinese that names no command-line option."""


class EmptyQuery(QueryRejected):
    def __init__(self) -> None:
        super().__init__("检索词为空；请输入要查的问题，如“标准化证书过期怎么办”")


class QueryTooLong(QueryRejected):
    def __init__(self, length: int, maximum: int) -> None:
        self.length, self.maximum = length, maximum
        super().__init__(f"检索词过长（{length} 字）；最多 {maximum} 字，请只写要查的问题或关键词")


class UnreadableQuery(QueryRejected):
    def __init__(self) -> None:
        super().__init__("检索词含有无法识别的字节（不是 UTF-8 文字）；请检查终端或网页的编码后重新输入")


class ResultLimitOutOfRange(QueryRejected):
    def __init__(self, limit: int, maximum: int) -> None:
        self.limit, self.maximum = limit, maximum
        super().__init__(f"结果条数应在 1 到 {maximum} 之间（收到 {limit}）")


class SearchTooSlow(QueryRejected):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"检索超时（超过 {seconds:g} 秒）；请换用更具体的词，或稍后再试")


def checked_query(text: str, limit: int, limits: SearchLimits) -> str:
    """The query as it will be searched (stripped), or the reason it will not be."""
    text = text.strip()
    if not text:
        raise EmptyQuery()
    if len(text) > limits.max_query_chars:
        raise QueryTooLong(len(text), limits.max_query_chars)
    if _SURROGATE.search(text):  # undecodable bytes of a command line (surrogateescape)
        raise UnreadableQuery()
    if not 1 <= limit <= limits.max_results:
        raise ResultLimitOutOfRange(limit, limits.max_results)
    return text
