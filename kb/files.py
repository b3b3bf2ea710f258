"""Which files are documents. Kept free of heavy imports: `anbiao search` asks on every start."""

from __future__ import annotations

import os
from pathlib import Path

SECTIONS = ("policies", "standards", "compilations", "register")  # kb.model.SECTION_OF_KIND


def _document_entries(content_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(`policies/<file>.md`, entry) of every document file, in file order.

    Names starting with _ or index are pages of the site, not documents. Read with os.scandir and no
    Path objects: `anbiao index` and `anbiao search` look at the whole knowledge base on every run,
    and at 10,000 files building and sorting Paths took a quarter of a second.
    """
    found: list[tuple[str, os.DirEntry[str]]] = []
    for sub in SECTIONS:
        try:
            with os.scandir(content_dir / sub) as it:
                entries = sorted((e for e in it if e.name.endswith(".md") and not e.name.startswith(("_", "index"))
                                  and e.is_file()), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend((f"{sub}/{entry.name}", entry) for entry in entries)
    return found


def scan_content(content_dir: Path) -> dict[str, tuple[int, int]]:
    """`policies/<file>.md` → (size, mtime_ns) of every document file, in file order: what tells the
    index which files changed."""
    out: dict[str, tuple[int, int]] = {}
    for name, entry in _document_entries(content_dir):
        st = entry.stat()
        out[name] = (st.st_size, st.st_mtime_ns)
    return out


def content_files(content_dir: Path) -> list[Path]:
    """Every document file, in file order."""
    return [content_dir / name for name, _entry in _document_entries(content_dir)]
