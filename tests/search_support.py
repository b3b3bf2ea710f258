"""Helpers shared by the search tests: a private copy of the small fixture corpus, the real
content/ searched."""

from __future__ import annotations

import contextlib
import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from search.index import update_index
from search.service import ClauseSearch
from search.store import unpack

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "search" / "content"
CONTENT = Path(__file__).resolve().parent.parent / "content"


@contextlib.contextmanager
def content_search(folder: Path) -> Iterator[ClauseSearch]:
    """content/ indexed into `folder` and opened."""
    update_index(CONTENT, folder / "index")
    with ClauseSearch(folder / "index") as engine:
        yield engine


def copy_fixture_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/search/content (three small documents)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def set_front_matter(path: Path, **fields: str) -> None:
    """Set front-matter lines of a fixture file (`key: value` as written, replacing the same keys)."""
    head, sep, body = path.read_text(encoding="utf-8")[4:].partition("\n---\n")
    lines = [line for line in head.split("\n") if line.split(":", 1)[0] not in fields]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    path.write_text("---\n" + "\n".join(lines) + sep + body, encoding="utf-8")


def read_static_index(path: Path) -> dict[str, Any]:
    """The header of the static index a site build wrote."""
    return unpack(gzip.decompress(path.read_bytes()))[0]
