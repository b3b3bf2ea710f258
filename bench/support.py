"""Helpers of the benchmarks and tests, kept out of the library that never needs them.

Comparing texts: without_whitespace and markdown_to_plain compare a content body with its source
(line breaks and our markup aside, the words must be the same).

import_jieba imports pure-Python jieba quietly, for the baselines and benchmarks that compare against it.

jieba 0.42.1 imports `pkg_resources` (deprecated by setuptools ≥ 67, which warns on import, and
removed from recent setuptools — jieba then falls back to plain file paths by itself), has invalid
escape sequences in its source (DeprecationWarning/SyntaxWarning when compiled), and logs its
dictionary loading at DEBUG level to stderr. None of that is ours to show to a user.
"""

from __future__ import annotations

import logging
import re
import warnings
from types import ModuleType

from kb.mdtext import unescape

_STRIP_WS = re.compile(r"\s+")
_HEADING_MARK = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")


def without_whitespace(text: str) -> str:
    return _STRIP_WS.sub("", text)


def markdown_to_plain(markdown_text: str) -> str:
    """A content body without our markup (heading marks, bold, escapes): the source's text."""
    return unescape(_BOLD.sub(r"\1", _HEADING_MARK.sub("", markdown_text)))


def import_jieba() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", ResourceWarning)  # jieba.analyse leaves its idf.txt open
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        import jieba
        import jieba.analyse
    jieba.setLogLevel(logging.WARNING)
    return jieba
