"""Load content/**/*.md into Documents; collect problems instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from kb.clauses import parse_clauses
from kb.errors import ContentInvalid, ContentMissing, Problem, display_path
from kb.files import content_files
from kb.frontmatter import FrontMatterError, split_front_matter
from kb.model import Corpus, Document, line_of
from kb.schema import parse_front_matter, validation_messages


def load_document(path: Path) -> tuple[Document | None, list[Problem]]:
    """One file → Document, or the problems that prevent it."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, 1, f"文件不是 UTF-8 编码（第 {exc.start} 字节）；请转换为 UTF-8 后再放入 content/",
                            remedy="import")]
    except OSError as exc:
        return None, [Problem(name, 1, f"无法读取文件：{exc.strerror}")]
    try:
        split = split_front_matter(text.replace("\r\n", "\n"), name)
    except FrontMatterError as exc:
        return None, [Problem(name, exc.line, exc.detail)]
    try:
        meta = parse_front_matter(split.meta)
    except ValidationError as exc:
        problems = [Problem(name, line_of(split.lines, loc), message) for loc, message in validation_messages(exc)]
        return None, problems
    # A compilation is numbered like a standard (1, 1.1); a register entry has no body.
    numbering = "standard" if meta.kind == "compilation" else meta.kind
    clauses = parse_clauses(meta.id, split.body, split.body_line, numbering)
    return Document(meta=meta, path=path, body=split.body, body_line=split.body_line, clauses=clauses,
                    lines=split.lines), []


def load_corpus(content_dir: Path,
                progress: Callable[[int, int], None] | None = None) -> tuple[Corpus, list[Problem]]:
    """All documents that load, plus the problems of those that don't."""
    if not content_dir.is_dir():
        raise ContentMissing(content_dir)
    documents: list[Document] = []
    problems: list[Problem] = []
    files = content_files(content_dir)
    for i, path in enumerate(files, 1):
        doc, found = load_document(path)
        problems.extend(found)
        if doc is not None:
            documents.append(doc)
        if progress:
            progress(i, len(files))
    return Corpus(documents), problems


def load_valid_corpus(content_dir: Path) -> Corpus:
    """The corpus for downstream commands; refuses to go on when a file does not load."""
    corpus, problems = load_corpus(content_dir)
    if problems:
        raise ContentInvalid(problems)
    return corpus
