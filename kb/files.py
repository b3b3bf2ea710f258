"""Which files are documents. Kept free of heavy imports: `anbiao search` asks on every start."""

from __future__ import annotations

from pathlib import Path

SECTIONS = ("policies", "standards")


def content_files(content_dir: Path) -> list[Path]:
    """Every document file; names starting with _ or index are pages of the site, not documents."""
    files: list[Path] = []
    for sub in SECTIONS:
        folder = content_dir / sub
        if folder.is_dir():
            files.extend(p for p in sorted(folder.glob("*.md")) if not p.name.startswith(("_", "index")))
    return files
