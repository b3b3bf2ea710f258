"""Which files are documents. Kept free of heavy imports: `anbiao search` asks on every start."""

from __future__ import annotations

import os
from pathlib import Path

SECTIONS = ("policies", "standards")


def scan_content(content_dir: Path) -> dict[str, tuple[int, int]]:
    """`policies/<file>.md` → (size, mtime_ns) of every document file, in file order.

    Names starting with _ or index are pages of the site, not documents. Read with os.scandir and no
    Path objects: `anbiao index` and `anbiao search` look at the whole knowledge base on every run,
    and at 10,000 files building and sorting Paths took a quarter of a second.
    """
    found: dict[str, tuple[int, int]] = {}
    for sub in SECTIONS:
        folder = content_dir / sub
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if e.name.endswith(".md") and not e.name.startswith(("_", "index"))
                                  and e.is_file()), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            st = entry.stat()
            found[f"{sub}/{entry.name}"] = (st.st_size, st.st_mtime_ns)
    return found


def content_files(content_dir: Path) -> list[Path]:
    """Every document file (see scan_content), in file order."""
    return [content_dir / name for name in scan_content(content_dir)]
