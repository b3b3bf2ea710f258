"""Which files are documents. Kept free of heavy imports: `anbiao search` asks on every start."""

from __future__ import annotations

import os
from pathlib import Path

SECTIONS = ("policies", "standards")


def content_files(content_dir: Path) -> list[Path]:
    """Every document file; names starting with _ or index are pages of the site, not documents.

    Listed by name with os.scandir rather than sorted Path objects: `anbiao index` lists the whole
    knowledge base before every incremental update, and at 10,000 files comparing Paths alone took
    a fifth of a second.
    """
    files: list[Path] = []
    for sub in SECTIONS:
        folder = content_dir / sub
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".md") and e.is_file()
                           and not e.name.startswith(("_", "index")))
        files.extend(folder / name for name in names)
    return files


def relative_name(path: Path) -> str:
    """`policies/<file>.md`: a content file's name relative to the content folder (see content_files)."""
    return f"{path.parent.name}/{path.name}"
