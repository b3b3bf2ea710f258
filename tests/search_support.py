"""Helpers shared by the search tests: a private copy of the small fixture corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "search" / "content"


def copy_fixture_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/search/content (three small documents)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target
