"""The clause index: one Whoosh document per clause, carrying its document's metadata.

Layout of the index folder (default `.index/`, env ANBIAO_INDEX overrides):

    .index/CURRENT        name of the live generation, replaced atomically (os.replace)
    .index/gen-<n>/       a Whoosh index plus manifest.json (content hash of every indexed file)
    .index/.lock          held (flock) by the one process allowed to write

Why it is safe:
- a full build goes into a new generation and becomes visible only when CURRENT is replaced, so
  readers never see a half-built index and a crash leaves the previous one in use;
- an incremental update commits through Whoosh, whose table of contents is itself replaced
  atomically; the manifest is written after the commit, so a crash in between leaves an index the
  manifest does not describe, which the next update rebuilds;
- a second writer fails at once on the lock with a clear message instead of interleaving;
- the manifest records a fingerprint of every index file (search.integrity): a deleted, truncated
  or overwritten file is found before Whoosh reads it; the next update rebuilds the index and says
  so, and a search says the index is damaged instead of failing in Whoosh;
- an index folder that cannot be written is still searched (`IndexNotWritable` from the writer, which
  `search.service.ensure_index` turns into a warning that the index may be stale).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.writing import SegmentWriter

from kb.docno import doc_no_key, find_doc_numbers
from kb.errors import AnbiaoError, Problem, display_path
from kb.files import scan_content
from kb.fsio import write_atomic
from kb.mdtext import without_whitespace
from kb.model import Clause, Document  # dataclasses only; kb.loader (pydantic) is imported when indexing
from kb.vocab import load_vocabulary
from search import whoosh_fast
from search.analysis import word_analyzer
from search.integrity import FileDamage, damage, fingerprints, newer_commit
from search.segment import dictionary_version

# Bump when the schema or what goes into a field changes: older indexes are then rebuilt.
INDEX_FORMAT = 8
DEFAULT_INDEX_DIR = Path(".index")
ENV_INDEX_DIR = "ANBIAO_INDEX"
# Above this share of changed files a fresh generation (built with every core) beats patching.
_REBUILD_SHARE = 0.5
# From this many files a full build runs in several processes (each start-up costs about a second).
PARALLEL_FROM_FILES = 400
UNRESTRICTED_INDUSTRY = "通用"
_MAY_CITE = re.compile(r"\d\s*号|令第|\d\s*[-—–－]\s*(?:19|20)\d\d")  # indexed for documents with industries: [] (they concern everyone)


def resolve_index_dir(arg: Path | None) -> Path:
    """--index-dir, else $ANBIAO_INDEX, else .index/ (relative to the working directory)."""
    if arg is not None:
        return arg
    env = os.environ.get(ENV_INDEX_DIR)
    return Path(env) if env else DEFAULT_INDEX_DIR


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

class IndexDamaged(AnbiaoError):
    """The index on disk is not the one that was written (files missing, truncated, overwritten)."""

    def __init__(self, root: Path, damage: list[FileDamage], remedy: str = "请运行 `anbiao index` 重建") -> None:
        self.root = root
        self.damage = damage
        super().__init__(f"索引 {display_path(root)} 已损坏（{describe_damage(damage)}）；{remedy}")


class IndexBusy(AnbiaoError):
    """Another process holds the index's write lock."""


class IndexNotWritable(AnbiaoError):
    """The index folder cannot be written (permissions, a read-only file system)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(f"索引目录 {display_path(root)} 不可写；请检查它的权限，"
                         "或用环境变量 ANBIAO_INDEX 指定一个可写的索引目录")


def describe_damage(damage: list[FileDamage], shown: int = 3) -> str:
    text = "；".join(str(d) for d in damage[:shown])
    return text + (f" 等 {len(damage)} 处" if len(damage) > shown else "")


def _not_writable(exc: OSError, root: Path) -> bool:
    """A write refused inside the index folder (not, say, an unreadable content file)."""
    if not (isinstance(exc, PermissionError) or exc.errno == errno.EROFS):
        return False
    return exc.filename is None or Path(os.path.abspath(exc.filename)).is_relative_to(os.path.abspath(root))


@dataclass(frozen=True)
class IndexState:
    """The live index as found on disk."""

    generation: Path | None  # its folder; None when there is no usable index
    manifest: dict[str, Any] | None
    damage: list[FileDamage]  # [] when sound, when there is none yet, or when of an older format


@dataclass
class IndexLocation:
    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    def current(self) -> Path | None:
        """The live generation folder, or None when there is no index (cheap: asked on every query)."""
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeError):
            return None
        gen = self.root / name
        return gen if name and (gen / "manifest.json").is_file() else None

    def manifest(self) -> dict[str, Any] | None:
        return self.inspect().manifest

    def inspect(self, check: bool = False, holding_lock: bool = False) -> IndexState:
        """The live generation and its manifest; with `check`, also what is wrong with its files.

        A missing index is not a damaged one, and an index of an older format is rebuilt anyway, so
        neither counts as damage. Without the lock, an index whose Whoosh commit is newer than its
        manifest is being updated right now and is taken as sound; holding the lock, it is the trace
        of an update that died.
        """
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return IndexState(None, None, [])
        except (OSError, UnicodeError):
            return IndexState(None, None, [FileDamage("CURRENT", "无法读取")])
        gen = self.root / name
        if not name or not gen.is_dir():
            return IndexState(None, None, [FileDamage(name or "CURRENT", "缺失")])
        manifest = _read_manifest(gen)
        if manifest is None:
            return IndexState(None, None, [FileDamage(f"{name}/manifest.json", "缺失或无法读取")])
        if not check or manifest.get("format") != INDEX_FORMAT:
            return IndexState(gen, manifest, [])
        recorded = manifest.get("index_files") or {}
        if recorded and newer_commit(gen, recorded):
            return IndexState(gen, manifest, [FileDamage(name, "有一次未完成的更新")] if holding_lock else [])
        return IndexState(gen, manifest, damage(gen, recorded))


def _read_manifest(gen: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Exclusive right to change the index; a second writer gets a clear error at once."""
    lock_path = root / ".lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        if _not_writable(exc, root):
            raise IndexNotWritable(root) from exc
        raise
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - non-POSIX: no advisory locks, proceed
            pass
        except OSError as exc:
            raise IndexBusy(f"索引正在被另一个进程更新（锁文件 {display_path(lock_path)}）；"
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
    repaired: list[FileDamage] = field(default_factory=list)  # the damage a rebuild replaced
    processes: int = 1  # processes of a full build


def update_index(content_dir: Path, index_dir: Path, rebuild: bool = False, procs: int | None = None,
                 progress: Callable[[str], None] | None = None,
                 parallel_from: int = PARALLEL_FROM_FILES) -> IndexReport:
    """Bring the index in `index_dir` up to date with `content_dir` (incrementally when possible).

    A damaged index is rebuilt (`report.repaired` says what was wrong). `progress` hears, in one
    Chinese line each, what a user should know while this runs: how a long build advances, that a
    damaged index is being rebuilt, that a slower writer is used. `procs` (default: up to two cores
    from `parallel_from` files on) sets the processes of a full build. Raises IndexNotWritable when
    the index folder cannot be written.
    """
    if not content_dir.is_dir():
        raise AnbiaoError(f"找不到内容目录 {display_path(content_dir)}；请在项目根目录运行，或用 --content 指定")
    try:
        with writer_lock(index_dir):
            return _update(content_dir, IndexLocation(index_dir), rebuild, procs, progress, parallel_from)
    except OSError as exc:
        if _not_writable(exc, index_dir):
            raise IndexNotWritable(index_dir) from exc
        raise


def _update(content_dir: Path, location: IndexLocation, rebuild: bool, procs: int | None,
            progress: Callable[[str], None] | None, parallel_from: int) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    state = location.inspect(check=True, holding_lock=True)
    manifest = state.manifest
    report.repaired = state.damage
    if report.repaired and progress:
        progress(f"索引已损坏（{describe_damage(report.repaired)}），正在重建……")
    usable = (manifest is not None and manifest.get("format") == INDEX_FORMAT
              and manifest.get("dictionary") == dictionary_version() and not report.repaired)
    scanned = scan_content(content_dir)
    old: dict[str, Any] = manifest.get("files", {}) if usable and manifest else {}
    changed: list[Path] = []
    rel: dict[Path, str] = {}
    states: dict[str, dict[str, Any]] = {}
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
        _build_generation(location, files, rel, states, report, procs, progress, parallel_from)
    elif changed or removed:
        _patch_generation(location, changed, removed, rel, states, report, old, manifest or {}, progress)
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


def _manifest(states: dict[str, dict[str, Any]], gen: Path) -> dict[str, Any]:
    """The manifest of generation `gen` as its index files are now (written after each commit)."""
    return {"format": INDEX_FORMAT, "dictionary": dictionary_version(), "files": states,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "index_files": fingerprints(gen)}


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
    writer = whoosh_fast.part_writer(gen, limitmb)
    try:
        result = _index_files(writer, files, rel)
    except BaseException:
        whoosh_fast.abandon_part(writer)
        raise
    result.segment = whoosh_fast.finish_part(writer, added=result.clauses > 0)
    return result


def _build_generation(location: IndexLocation, files: list[Path], rel: dict[Path, str],
                      states: dict[str, dict[str, Any]], report: IndexReport, procs: int | None,
                      progress: Callable[[str], None] | None, parallel_from: int) -> None:
    root = location.root
    previous = location.current()
    gen = root / f"gen-{time.time_ns()}"
    gen.mkdir(parents=True)
    ix = whoosh_index.create_in(str(gen), clause_schema())
    if procs is None:
        procs = min(2, os.cpu_count() or 1) if len(files) >= parallel_from else 1
    if not whoosh_fast.fast_path_available():
        procs = 1  # joining worker segments needs Whoosh internals (see search.whoosh_fast)
    parts = _split(files, procs) if procs > 1 else [files]
    report.processes = len(parts)
    limitmb = 256
    writer = whoosh_fast.clause_writer(ix, notify=progress, limitmb=limitmb)
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
            whoosh_fast.commit_parts(writer, [r.segment for r in results if r.segment is not None])
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
    _write_json_atomic(gen / "manifest.json", _manifest(states, gen))
    write_atomic(location.current_file, gen.name)
    # Keep the previous generation one round: a reader may still have it open.
    keep = {gen.name, previous.name if previous else ""}
    for old_gen in root.glob("gen-*"):
        if old_gen.name not in keep:
            shutil.rmtree(old_gen, ignore_errors=True)


def _patch_generation(location: IndexLocation, changed: list[Path], removed: list[str],
                      rel: dict[Path, str], states: dict[str, dict[str, Any]], report: IndexReport,
                      old: dict[str, Any], manifest: dict[str, Any],
                      progress: Callable[[str], None] | None) -> None:
    gen = location.current()
    assert gen is not None
    ix = whoosh_index.open_dir(str(gen))
    docs = _load(changed, report)
    loaded = {rel[d.path] for d in docs}
    for doc in docs:
        states[rel[doc.path]].update(doc_id=doc.id, title=doc.meta.title)
    writer = whoosh_fast.clause_writer(ix, notify=progress)
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
    manifest.update(_manifest(states, gen))
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
