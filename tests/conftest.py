"""Shared test helpers: the repository root and the shared source material beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
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
