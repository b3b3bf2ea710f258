"""Helpers of the scope and applicability tests: load a content tree, find a clause by its words."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from bench.support import without_whitespace
from kb.loader import load_corpus
from kb.model import Clause, Corpus, Document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scope"


def fixture_corpus(tmp_path: Path, with_standards: Path | None = None) -> tuple[Corpus, Path]:
    """The seed fixtures (and optionally the real standards) as a content tree under tmp_path."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "policies", content / "policies")
    if with_standards is not None:
        shutil.copytree(with_standards, content / "standards")
    corpus, problems = load_corpus(content)
    assert problems == [], problems
    return corpus, content


def find_document(corpus: Corpus, title_part: str) -> Document | None:
    """The document whose title holds `title_part`; of two versions of one title (北京市安全生产条例
    2016 and 2022), the newest held text, which the labels were written for (a register entry of a
    newer version holds no clauses)."""
    found = [d for d in corpus if title_part in d.title and d.held]
    return max(found, key=lambda d: d.meta.issued or date.min) if found else None


def find_clause(doc: Document, snippet: str) -> Clause | None:
    """The deepest clause whose own heading or text holds `snippet` (spacing ignored)."""
    wanted = without_whitespace(snippet)
    found = [c for c in doc.clauses if wanted in without_whitespace(c.heading + c.text)]
    return found[-1] if found else None
