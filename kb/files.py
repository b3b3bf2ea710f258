"""Where the project is and which files are documents. Kept free of heavy imports: `anbiao search`
asks on every start."""

from __future__ import annotations

import os
from pathlib import Path

# The folder under content/ (and the site section) of each kind of document (vocab.yaml `kinds`).
SECTION_OF_KIND = {"policy": "policies", "standard": "standards", "compilation": "compilations",
                   "register": "register"}
SECTIONS = tuple(SECTION_OF_KIND.values())
CONTENT_DIR = "content"
# The project root holds both: mkdocs.yml reads content/ as its docs_dir.
ROOT_MARKERS = ("mkdocs.yml", CONTENT_DIR)


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding mkdocs.yml and content/, so that `anbiao`
    works from any subfolder of the project (as git does); None outside a project."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ROOT_MARKERS[0]).is_file() and (folder / ROOT_MARKERS[1]).is_dir():
            return folder
    return None


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


def ignored_files(content_dir: Path) -> list[tuple[Path, str]]:
    """Files under `content_dir` that look like documents but are not read as documents, each with
    the reason in Chinese: a Markdown file in a subfolder, one named like a site page (index…, _…),
    or one whose extension is not exactly `.md`. Editors put files there expecting them to count."""
    documents = set(content_files(content_dir))
    found: list[tuple[Path, str]] = []
    for folder, subfolders, names in os.walk(content_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        where = Path(folder)
        depth = len(where.relative_to(content_dir).parts)
        for name in sorted(names):
            path = where / name
            if name.startswith(".") or not name.lower().endswith(".md") or path in documents:
                continue
            if depth == 0:
                continue  # content/*.md are pages of the site (mkdocs reads them), not documents
            if depth > 1 or where.name not in SECTIONS:
                reason = ("位于子目录中，不会被收录；文件应直接放在 content/ 下的 "
                          + "、".join(f"{s}/" for s in SECTIONS) + " 之一中")
            elif not name.endswith(".md"):
                reason = f"扩展名应为小写 .md，否则不会被收录；请改名为 {name[:-3]}.md"
            else:
                reason = "文件名以 index 或 _ 开头，被当作站点页面而不会作为文件收录；请按 id 命名（如 bj-2013-jzbf-10.md）"
            found.append((path, reason))
    return found
