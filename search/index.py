"""The clause index: one Whoosh document per clause, carrying its document's metadata.

Layout of the index folder (default `.index/`, env ANBIAO_INDEX overrides):

    .index/CURRENT        name of the live generation, replaced atomically (os.replace)
    .index/gen-<n>/       a Whoosh index plus manifest.json (content hash of every indexed file)
    .index/.lock          held (flock) by the one process allowed to write

Why it is safe:
- a full build goes into a new generation and becomes visible only when CURRENT is replaced, so
  readers never see a half-built index and a crash leaves the previous one in use;
- an incremental update commits through Whoosh, whose table of contents is itself replaced
  atomically; the manifest is written after the commit, so a crash in between only makes the next
  run redo the same (idempotent) delete-and-add;
- a second writer fails at once on the lock with a clear message instead of interleaving.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield  # only for ClauseWriter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Existence, Positions
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from kb.docno import doc_no_key, find_doc_numbers
from kb.errors import AnbiaoError, Problem, display_path
from kb.files import scan_content
from kb.fsio import write_atomic
from kb.mdtext import without_whitespace
from kb.model import Clause, Document  # dataclasses only; kb.loader (pydantic) is imported when indexing
from kb.vocab import load_vocabulary
from search.analysis import WordTokenizer, word_analyzer
from search.segment import dictionary_version, segment

# Bump when the schema or what goes into a field changes: older indexes are then rebuilt.
INDEX_FORMAT = 7
DEFAULT_INDEX_DIR = Path(".index")
ENV_INDEX_DIR = "ANBIAO_INDEX"
# Above this share of changed files a fresh generation (built with every core) beats patching.
_REBUILD_SHARE = 0.5
_PARALLEL_FROM_FILES = 400
UNRESTRICTED_INDUSTRY = "通用"
_MAY_CITE = re.compile(r"\d\s*号|令第|\d\s*[-—–－]\s*(?:19|20)\d\d")  # indexed for documents with industries: [] (they concern everyone)


def resolve_index_dir(arg: Path | None) -> Path:
    """--index-dir, else $ANBIAO_INDEX, else .index/ (relative to the working directory)."""
    if arg is not None:
        return arg
    env = os.environ.get(ENV_INDEX_DIR)
    return Path(env) if env else DEFAULT_INDEX_DIR


_POSITIONS = Positions()


def clause_schema() -> Schema:
    words = word_analyzer()
    return Schema(
        # Only what a query or filter asks for is indexed; the rest is stored (each indexed field
        # costs a posting per clause at build time).
        uid=STORED,
        path=ID(stored=True),
        doc_id=ID(stored=True),
        clause_id=STORED,
        order=STORED,
        body=TEXT(analyzer=words, phrase=True),
        text=STORED,
        title=STORED,
        doc_no=ID(stored=True),
        doc_no_key=ID,
        cites=KEYWORD(lowercase=True),
        region=ID(stored=True),
        kind=ID(stored=True),
        status=ID(stored=True),
        level=STORED,
        industries=KEYWORD(stored=True),
        topics=STORED,
        issued=ID(stored=True),
        heading_path=STORED,
        citation=STORED,
        url=STORED,
    )


def clause_records(doc: Document, rel_path: str) -> Iterator[dict[str, Any]]:
    """The Whoosh documents of one content document: every clause except 章/节 divisions."""
    meta = doc.meta
    vocab = load_vocabulary()
    industries = sorted(vocab.expand_industries(meta.industries)) or [UNRESTRICTED_INDUSTRY]
    doc_no_keys = {doc_no_key(meta.doc_no)} if meta.doc_no else set()
    for order, clause in enumerate(doc.clauses):
        if clause.kind == "division":
            continue
        path = clause.heading_path
        own = clause.heading + "\n" + clause.text
        # find_doc_numbers is costly on long texts: only look where a number can be.
        cited = {doc_no_key(n) for n in find_doc_numbers(own)} if _MAY_CITE.search(own) else set()
        record = {
            "uid": f"{doc.id}#{clause.id}",
            "path": rel_path,
            "doc_id": doc.id,
            "clause_id": clause.id,
            "order": order,
            "body": clause.heading + "\n" + clause.text,
            "text": clause.text,
            "title": meta.title,
            "doc_no": meta.doc_no or "",
            "doc_no_key": " ".join(sorted(doc_no_keys)) if doc_no_keys else "",
            "cites": " ".join(sorted(cited)),
            "region": meta.region,
            "kind": meta.kind,
            "status": meta.status,
            "level": meta.level,
            "industries": " ".join(industries),
            "topics": " ".join(meta.topics),
            "issued": meta.issued.isoformat() if meta.issued else "",
            "heading_path": path,
            "citation": doc.citation(clause),
            "url": doc.clause_url(clause),
        }
        # Whoosh indexes "" as a term of its own; an absent value is simply left out.
        yield {k: v for k, v in record.items() if v != ""}


def clause_char_count(clause: Clause) -> int:
    """Length used for the eval's ≤ 1,500-character rule (whitespace removed)."""
    return len(without_whitespace(clause.text))


# --- locations, manifest, lock -------------------------------------------------------------

@dataclass
class IndexLocation:
    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    def current(self) -> Path | None:
        """The live generation folder, or None when there is no usable index."""
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        gen = self.root / name
        return gen if name and (gen / "manifest.json").is_file() else None

    def manifest(self) -> dict[str, Any] | None:
        gen = self.current()
        if gen is None:
            return None
        try:
            return json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Exclusive right to change the index; a second writer gets a clear error at once."""
    root.mkdir(parents=True, exist_ok=True)
    lock_path = root / ".lock"
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - non-POSIX: no advisory locks, proceed
            pass
        except OSError as exc:
            raise AnbiaoError(f"索引正在被另一个进程更新（锁文件 {display_path(lock_path)}）；"
                              "请等它完成后再运行 `anbiao index`") from exc
        yield
    finally:
        handle.close()


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    # No indent: an indented dump runs json's pure-Python encoder, a third of a second at 10,000 files.
    write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def load_document(path: Path) -> tuple[Document | None, list[Problem]]:
    from kb.loader import load_document as load

    return load(path)


def is_stale(content_dir: Path, manifest: dict[str, Any]) -> bool:
    """True when files were added, removed or touched since the index was last updated."""
    if manifest.get("format") != INDEX_FORMAT or manifest.get("dictionary") != dictionary_version():
        return True
    files = manifest.get("files", {})
    current = scan_content(content_dir)  # sizes and times: a cheap check that the index is current
    if current.keys() != files.keys():
        return True
    return any((f["size"], f["mtime_ns"]) != current[rel] for rel, f in files.items())


# --- building ----------------------------------------------------------------------------

@dataclass
class IndexReport:
    """What an update did, for the CLI's one-line summary and for the benchmarks."""

    full: bool = False
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    clauses: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    generation: str = ""


def update_index(content_dir: Path, index_dir: Path, rebuild: bool = False, procs: int | None = None,
                 progress: Callable[[str], None] | None = None) -> IndexReport:
    """Bring the index in `index_dir` up to date with `content_dir` (incrementally when possible)."""
    if not content_dir.is_dir():
        raise AnbiaoError(f"找不到内容目录 {display_path(content_dir)}；请在项目根目录运行，或用 --content 指定")
    started = time.perf_counter()
    location = IndexLocation(index_dir)
    with writer_lock(index_dir):
        manifest = location.manifest()
        usable = (manifest is not None and manifest.get("format") == INDEX_FORMAT
                  and manifest.get("dictionary") == dictionary_version())
        scanned = scan_content(content_dir)
        old: dict[str, Any] = manifest.get("files", {}) if usable and manifest else {}
        changed: list[Path] = []
        rel: dict[Path, str] = {}
        states: dict[str, dict[str, Any]] = {}
        report = IndexReport()
        for rel_path, (size, mtime_ns) in scanned.items():
            known = old.get(rel_path)
            if known and (known["size"], known["mtime_ns"]) == (size, mtime_ns):
                states[rel_path] = known
                report.unchanged += 1
                if known.get("broken"):  # still broken: say so again, nothing to index
                    report.problems.extend(load_document(content_dir / rel_path)[1])
                continue
            path = content_dir / rel_path
            state = states[rel_path] = {"size": size, "mtime_ns": mtime_ns, "sha1": _sha1(path)}
            if known and known.get("sha1") == state["sha1"]:
                states[rel_path] = {**known, **state}  # touched, not changed
                report.unchanged += 1
                if known.get("broken"):
                    report.problems.extend(load_document(path)[1])
                continue
            changed.append(path)
            rel[path] = rel_path
        removed = sorted(set(old) - set(states))
        full = rebuild or not usable or (bool(old) and len(changed) > _REBUILD_SHARE * len(old))
        if full:
            files = [content_dir / rel_path for rel_path in scanned]
            rel = {path: rel_path for path, rel_path in zip(files, scanned, strict=True)}
            for path in files:
                states[rel[path]].setdefault("sha1", _sha1(path))
            _build_generation(location, files, rel, states, report, procs, progress)
        elif changed or removed:
            _patch_generation(location, changed, removed, rel, states, report, old, manifest or {})
        elif manifest is not None and states != old:
            manifest["files"] = states  # only timestamps moved
            _write_json_atomic(location.current() / "manifest.json", manifest)  # type: ignore[operator]
        report.full = full
        report.seconds = time.perf_counter() - started
        current = location.current()
        report.generation = current.name if current else ""
        return report


def _load(paths: list[Path], report: IndexReport) -> list[Document]:
    docs = []
    for path in paths:
        doc, problems = load_document(path)
        report.problems.extend(problems)
        if doc is not None:
            docs.append(doc)
    return docs


def _manifest(states: dict[str, dict[str, Any]], content_dir_hint: str) -> dict[str, Any]:
    return {"format": INDEX_FORMAT, "dictionary": dictionary_version(), "files": states,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "content": content_dir_hint}


class _MemoryLengths:
    """The per-document reader a segment writer hands to `add_postings`, with field lengths served
    from memory.

    Whoosh asks for the length of a document's field once per *posting* and answers each time with
    a read from the length column just written (and, for a field without lengths such as an ID, an
    os.stat of a column file that does not exist). Reading each column once per segment instead
    gives the same numbers for about a fifth of a build's time.
    """

    def __init__(self, reader: W3PerDocReader) -> None:
        self._reader = reader
        self._doccount = reader.doc_count_all()
        self._tables: dict[str, list[int | None] | None] = {}

    def _table(self, fieldname: str) -> list[int | None] | None:
        lenfield = _lenfield(fieldname)
        if not self._reader.has_column(lenfield):
            return None
        column = self._reader.column_reader(lenfield, LENGTHS_COLUMN)
        # Exactly what W3PerDocReader.doc_field_length returns for each document (None for 0).
        return [byte_to_length(b) if b else None for b in (column[d] for d in range(self._doccount))]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        try:
            table = self._tables[fieldname]
        except KeyError:
            table = self._tables[fieldname] = self._table(fieldname)
        if table is None:
            return default
        if docnum < len(table):
            return table[docnum]
        return self._reader.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class ClauseWriter(SegmentWriter):
    """Whoosh's segment writer, with field lengths read once per segment when postings are written,
    and segments left as separate files.

    Whoosh assembles a segment into one compound file by default; a reader then opens it through an
    mmap whose parts Whoosh copies into memory (BytesIO of a memoryview) — the whole terms and
    postings data, on every open. Separate files are read in place: a new process, and a writer
    applying a one-file change, open the index without that copy, and the build skips the assembly.
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compound", False)
        # Posting blocks uncompressed: zlib was a twentieth of a build and is undone on every query.
        kwargs.setdefault("codec", W3Codec(compression=0))
        super().__init__(ix, **kwargs)
        self.pool = _ClausePool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # The fast path below covers what our schema uses; anything else goes Whoosh's way.
        self._fast = all(not f.vector and f.column_type is None and not f.separate_spelling()
                         for _name, f in self.schema.items())
        self._postings = {name: _postings_function(f) for name, f in self.schema.items() if f.indexed}

    def add_document(self, **fields: Any) -> None:
        """SegmentWriter.add_document for our schema, with the same postings, stored fields and lengths.

        Whoosh runs every posting through a chain of generators (analyzer → Token objects → format
        → pool, with type checks at each step): two thirds of a build. Our schema has no vectors,
        spelling fields, columns or boosts, and the clause body's analyzer is our segmenter, so its
        positions are taken from segment() directly.
        """
        if not self._fast or any(name.startswith("_") for name in fields):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in sorted(fields):
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    items = self._postings[fieldname](value)
                    pool.fieldnames.add(fieldname)
                    for tbytes, freq, weight, vbytes in items:
                        length += freq
                        pool.add_posting((fieldname, tbytes, docnum, weight, vbytes))
                    if not field.scorable:
                        length = 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def per_document_reader(self) -> Any:
        reader = super().per_document_reader()
        return _MemoryLengths(reader) if isinstance(reader, W3PerDocReader) else reader


class _ClausePool(PostingPool):
    """Whoosh's posting pool without its per-posting assertions (our writer builds the tuples)."""

    def add_posting(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        # The same size estimate as PostingPool.add, so runs are spilled at the same points.
        self.currentsize += 130 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


_SINGLE_POSITION: dict[int, bytes] = {}


def _encode_positions(positions: list[int]) -> bytes:
    """whoosh.formats.Positions.encode, with the one-position lists (most postings) cached."""
    if len(positions) == 1:
        pos = positions[0]
        cached = _SINGLE_POSITION.get(pos)
        if cached is None:
            cached = _SINGLE_POSITION[pos] = _POSITIONS.encode(positions)
        return cached
    return _POSITIONS.encode(positions)


def _postings_function(field: Any) -> Callable[[str], Iterable[tuple[bytes, int, float, bytes]]]:
    """field.index, or a shortcut giving the same (term bytes, frequency, weight, value bytes)."""
    analyzer, fmt = field.analyzer, field.format
    if type(analyzer) is WordTokenizer and type(fmt) is Positions and fmt.field_boost == 1.0:
        return _word_postings
    if type(analyzer) is IDTokenizer and type(fmt) is Existence:
        boost = fmt.field_boost
        return lambda value: ((value.encode("utf-8"), 1, boost, b""),)
    return field.index


def _word_postings(value: str) -> Iterator[tuple[bytes, int, float, bytes]]:
    """What TEXT(analyzer=word_analyzer(), phrase=True).index(value) yields, without its machinery:
    (term bytes, frequency, weight, encoded positions) per word, in first-seen order."""
    positions: dict[str, list[int]] = {}
    for tok in segment(value):
        found = positions.get(tok.text)
        if found is None:
            positions[tok.text] = [tok.pos]
        else:
            found.append(tok.pos)
    for word, found in positions.items():
        yield word.encode("utf-8"), len(found), float(len(found)), _encode_positions(found)


@dataclass
class _PartResult:
    """What a build worker reports for its share of the files (in file order)."""

    segment: Any
    loaded: list[tuple[str, str, str]]  # rel path, doc_id, title
    broken: list[str]
    problems: list[Problem]
    clauses: int


def _split(files: list[Path], parts: int) -> list[list[Path]]:
    """Consecutive runs of files of about equal total size, so each worker's segment holds a slice of
    the corpus in file order (document numbers then follow the file order, as in one segment)."""
    sizes = [p.stat().st_size + 1 for p in files]
    total = sum(sizes)
    out: list[list[Path]] = [[] for _ in range(parts)]
    done = 0
    for path, size in zip(files, sizes, strict=True):
        out[min(parts - 1, done * parts // total)].append(path)
        done += size
    return [part for part in out if part]


def _index_files(writer: SegmentWriter, files: list[Path], rel: dict[Path, str],
                 progress: Callable[[str], None] | None = None, total: int = 0) -> _PartResult:
    """Load each file once and add its clauses to `writer` (the caller finishes the writer)."""
    result = _PartResult(None, [], [], [], 0)
    for i, path in enumerate(files, 1):
        doc, problems = load_document(path)
        result.problems.extend(problems)
        if doc is None:
            result.broken.append(rel[path])
            continue
        result.loaded.append((rel[path], doc.id, doc.meta.title))
        for record in clause_records(doc, rel[path]):
            writer.add_document(**record)
            result.clauses += 1
        if progress and i % 1000 == 0:
            progress(f"已读入 {i}/{total} 个文件")
    return result


def _build_part(gen: str, files: list[Path], rel: dict[Path, str], limitmb: int) -> _PartResult:
    """Worker process: index `files` into a segment of its own (not yet listed in the index)."""
    ix = whoosh_index.open_dir(gen)
    writer = ClauseWriter(ix, _lk=False, limitmb=limitmb)  # the parent holds the index lock
    try:
        result = _index_files(writer, files, rel)
    except BaseException:
        writer._close_segment()
        raise
    if result.clauses:
        result.segment = writer._finalize_segment()
    else:
        writer._close_segment()
    return result


def _build_generation(location: IndexLocation, files: list[Path], rel: dict[Path, str],
                      states: dict[str, dict[str, Any]], report: IndexReport, procs: int | None,
                      progress: Callable[[str], None] | None) -> None:
    root = location.root
    previous = location.current()
    gen = root / f"gen-{time.time_ns()}"
    gen.mkdir(parents=True)
    ix = whoosh_index.create_in(str(gen), clause_schema())
    if procs is None:
        procs = min(2, os.cpu_count() or 1) if len(files) >= _PARALLEL_FROM_FILES else 1
    parts = _split(files, procs) if procs > 1 else [files]
    limitmb = 256
    writer = ClauseWriter(ix, limitmb=limitmb)
    try:
        if len(parts) > 1:
            # Each worker loads and indexes its own files into its own segment, the way Whoosh's
            # MpWriter(multisegment=True) does, except that documents are read once, in the worker,
            # rather than loaded here and pickled over to it.
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=len(parts)) as pool:
                futures = [pool.submit(_build_part, str(gen), part, {p: rel[p] for p in part}, limitmb) for part in parts]
                results = []
                for future in futures:
                    results.append(future.result())
                    if progress:
                        progress(f"已索引 {sum(len(p) for p in parts[:len(results)])}/{len(files)} 个文件")
            writer._close_segment()
            writer._commit_toc([r.segment for r in results if r.segment is not None])
            writer._finish()
        else:
            results = [_index_files(writer, files, rel, progress, len(files))]
            writer.commit()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        shutil.rmtree(gen, ignore_errors=True)
        raise
    for result in results:
        report.problems.extend(result.problems)
        for rel_path in result.broken:
            states[rel_path]["broken"] = True  # not indexed; retried when the file changes
        for rel_path, doc_id, title in result.loaded:
            states[rel_path].update(doc_id=doc_id, title=title)
        report.added += len(result.loaded)
        report.clauses += result.clauses
    _write_json_atomic(gen / "manifest.json", _manifest(states, ""))
    write_atomic(location.current_file, gen.name)
    # Keep the previous generation one round: a reader may still have it open.
    keep = {gen.name, previous.name if previous else ""}
    for old_gen in root.glob("gen-*"):
        if old_gen.name not in keep:
            shutil.rmtree(old_gen, ignore_errors=True)


def _patch_generation(location: IndexLocation, changed: list[Path], removed: list[str],
                      rel: dict[Path, str], states: dict[str, dict[str, Any]], report: IndexReport,
                      old: dict[str, Any], manifest: dict[str, Any]) -> None:
    gen = location.current()
    assert gen is not None
    ix = whoosh_index.open_dir(str(gen))
    docs = _load(changed, report)
    loaded = {rel[d.path] for d in docs}
    for doc in docs:
        states[rel[doc.path]].update(doc_id=doc.id, title=doc.meta.title)
    writer = ClauseWriter(ix)
    try:
        for rel_path in removed:
            writer.delete_by_term("path", rel_path)
        for path in changed:
            writer.delete_by_term("path", rel[path])
            if rel[path] not in loaded:
                states[rel[path]]["broken"] = True
        for doc in docs:
            for record in clause_records(doc, rel[doc.path]):
                writer.add_document(**record)
                report.clauses += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.removed = len(removed)
    report.updated = sum(1 for d in docs if rel[d.path] in old)
    report.added = len(docs) - report.updated
    manifest.update(_manifest(states, ""))
    _write_json_atomic(gen / "manifest.json", manifest)


def document_titles(manifest: dict[str, Any]) -> dict[str, str]:
    """doc_id → title of every indexed document (recorded in the manifest, so no corpus load).

    Register entries (content/register/) hold no clause the index could return: counted here they
    would only make a title word look common (the 北京 of 北京市安全生产条例 beside three registered
    北京 texts)."""
    return {f["doc_id"]: f["title"] for path, f in manifest.get("files", {}).items()
            if "doc_id" in f and not path.startswith("register/")}


def open_index(index_dir: Path) -> whoosh_index.Index | None:
    """The live index for reading, or None when none has been built."""
    gen = IndexLocation(index_dir).current()
    if gen is None:
        return None
    try:
        return whoosh_index.open_dir(str(gen))
    except (OSError, whoosh_index.EmptyIndexError):
        return None
