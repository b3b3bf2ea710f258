"""The static site's clause search: the index the browser scores, written at build time.

Material's own search would index whole pages with jieba and rank them with lunr; a reader of a
static site (no `anbiao serve`) then found the answering clause in the top five for fewer than
half of the questions (bench/README.md). Instead, the build writes the clause index of
search.static — the same analyzer, segments and formula as the served search — and
assets/anbiao-search.js answers Material's search box from it. Material's index is left empty
(every page is excluded from it), which also spares the build its jieba pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.fsio import write_atomic
from kb.model import Corpus
from search.static import static_index_bytes

# Where the index goes in site/, beside Material's (empty) search_index.json; anbiao-search.js asks for it.
INDEX_PATH = "search/anbiao-clauses.gz"
SCRIPT = "anbiao-search.js"
# Material's front-matter setting that keeps a page out of its own search index.
NOT_IN_MATERIAL_SEARCH = {"exclude": True}


def write_static_index(corpus: Corpus, site_dir: Path, on: dt.date) -> Path:
    """Write the clause index of `corpus`, statuses on `on` (the day the pages state theirs), into
    `site_dir` atomically; returns its path."""
    path = site_dir / INDEX_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, static_index_bytes(corpus, on))
    return path
