"""Helpers of the scope and applicability tests: load a content tree, find a clause by its words."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.loader import load_corpus
from kb.mdtext import without_whitespace
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
    return next((d for d in corpus if title_part in d.title), None)


def find_clause(doc: Document, snippet: str) -> Clause | None:
    """The deepest clause whose own heading or text holds `snippet` (spacing ignored)."""
    wanted = without_whitespace(snippet)
    found = [c for c in doc.clauses if wanted in without_whitespace(c.heading + c.text)]
    return found[-1] if found else None
