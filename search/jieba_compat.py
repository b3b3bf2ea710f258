"""Import pure-Python jieba quietly, for the baselines and benchmarks that compare against it.

jieba 0.42.1 imports `pkg_resources` (deprecated by setuptools ≥ 67, which warns on import, and
removed from recent setuptools — jieba then falls back to plain file paths by itself), has invalid
escape sequences in its source (DeprecationWarning/SyntaxWarning when compiled), and logs its
dictionary loading at DEBUG level to stderr. None of that is ours to show to a user.
"""

from __future__ import annotations

import logging
import warnings
from types import ModuleType


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
