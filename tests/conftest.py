"""Shared test helpers: the repository root and the raw source texts kept in tests/sources/."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Copies of the raw texts the importer tests need (provenance: tests/sources/README.md); a test
# never reads anything outside the repository.
SOURCES = ROOT / "tests" / "sources"
SEEDS = SOURCES / "seeds"
CORPUS = SOURCES / "corpus"
LAWREF = CORPUS / "lawref"
CONTENT = ROOT / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the small search fixture corpus (tests/fixtures/search/content)."""
    from tests.search_support import copy_fixture_content

    return copy_fixture_content(tmp_path)


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run a test from the repository root, as a user runs `anbiao`."""
    monkeypatch.chdir(ROOT)
    return ROOT
