"""The clause index: segments of clauses (search.store) listed by a manifest, one generation at a time.

Layout of the index folder (default `.index/`, env ANBIAO_INDEX overrides):

    .index/CURRENT        name of the live generation, replaced atomically (os.replace)
    .index/gen-<n>/       segments (seg-<m>.bin + seg-<m>.rec) and manifest.json
    .index/.lock          held (flock) by the one process allowed to write

The manifest is the commit: it lists the segments, the documents deleted from them, every indexed
file (size, time, content hash, where its clauses are), each document's status (see below) and a
fingerprint of every index file. Why it is safe:
- a full build goes into a new generation and becomes visible only when CURRENT is replaced, so
  readers never see a half-built index and a crash leaves the previous one in use;
- an incremental update writes a new segment (files no manifest lists yet), then replaces the
  manifest atomically; segments are never changed once written, so a reader holding the previous
  manifest still reads what it describes, and a crash before the new manifest leaves the old one;
- a second writer fails at once on the lock with a clear message instead of interleaving;
- the fingerprints (search.integrity) find a deleted, truncated or overwritten file before it is
  read; the next update rebuilds the index and says so, and a search says the index is damaged;
- an index folder that cannot be written is still searched (`IndexNotWritable` from the writer, which
  `search.service.ensure_index` turns into a warning that the index may be stale).

Statuses: each document's status on the day of the update (`kb.validity.status_on`) is recorded
with the day it may next change (a 施行 or 有效期 date, the date a replacement takes effect) and the
documents it was derived from; an update recomputes it when the document, one of those, or the date
changes, so search ranks in-force text first and labels every hit without loading the corpus.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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

from kb.docno import doc_no_key, find_doc_numbers
from kb.errors import AnbiaoError, ContentMissing, Problem, display_path, os_reason
from kb.files import scan_content
from kb.fsio import write_atomic
from kb.model import (  # dataclasses only; kb.loader (pydantic) is imported when indexing
    Clause,
    Corpus,
    Document,
)
from kb.vocab import load_vocabulary
from search.integrity import FileDamage, damage, fingerprint
from search.quantity import quantity_words, stated_quantities
from search.segment import dictionary_version, normalize
from search.store import ClauseInput, DocumentInput, SegmentBuilder, segment_files

# Bump when what goes into a segment or the manifest changes: older indexes are then rebuilt.
INDEX_FORMAT = 18
DEFAULT_INDEX_DIR = Path(".index")
ENV_INDEX_DIR = "ANBIAO_INDEX"
# Above this share of changed files a fresh generation (built with every core) beats patching.
_REBUILD_SHARE = 0.5
# From this many files a full build runs in several processes (each start-up costs about a second).
PARALLEL_FROM_FILES = 400
# An update keeps at most this many segments: beyond it, the files of the small ones are indexed
# again into the new segment (each segment costs a few dictionary look-ups per query term).
MAX_SEGMENTS = 8
UNRESTRICTED_INDUSTRY = "通用"
_MAY_CITE = re.compile(r"\d\s*号|令第|\d\s*[-—–－]\s*(?:19|20)\d\d")


def resolve_index_dir(arg: Path | None) -> Path:
    """--index-dir, else $ANBIAO_INDEX, else .index/ (relative to the working directory)."""
    if arg is not None:
        return arg
    env = os.environ.get(ENV_INDEX_DIR)
    return Path(env) if env else DEFAULT_INDEX_DIR


# --- what goes in ----------------------------------------------------------------------------

def document_input(doc: Document, rel_path: str) -> DocumentInput:
    """A document as a segment takes it: every clause except 章/节 divisions (a register entry has
    none), the document field (title and region words) and its number."""
    meta = doc.meta
    vocab = load_vocabulary()
    expanded = vocab.expand_industries(meta.industries)
    industries = sorted(expanded) or [UNRESTRICTED_INDUSTRY]
    clauses = [clause_input(doc, c) for c in doc.clauses if c.kind != "division"]
    region = "" if meta.region == "全国" else meta.region
    number_key = doc_no_key(meta.doc_no) if meta.doc_no else None
    record = {"doc_id": doc.id, "path": rel_path, "title": meta.title, "doc_no": meta.doc_no, "doc_no_key": number_key,
              "region": meta.region, "level": meta.level, "kind": meta.kind,
              "issued": meta.issued.isoformat() if meta.issued else None, "industries": industries,
              # What a question names the document's trades by (search.ranking's trade prior).
              "trade_names": sorted(vocab.industry_names(expanded)), "citable": meta.citable}
    return DocumentInput(record, f"{meta.title}\n{region}", number_key, clauses)


def clause_input(doc: Document, clause: Clause) -> ClauseInput:
    own = clause.heading + "\n" + clause.text
    # find_doc_numbers is costly on long texts: only look where a number can be.
    cited = sorted({doc_no_key(n) for n in find_doc_numbers(own)}) if _MAY_CITE.search(own) else []
    record = {"clause_id": clause.id, "heading_path": clause.heading_path, "text": clause.text,
              "citation": doc.citation(clause), "url": doc.clause_url(clause)}
    quantities = stated_quantities(normalize(own), quantity_words().units)
    return ClauseInput(clause.id, own, clause.heading_path[:-1], lead_sentence(clause.text),
                       clause.ordinal or 0 if clause.scheme == "law" else 0, cited, record, quantities)


_LEAD_END = re.compile(r"[。；：:\n]")


def lead_sentence(text: str) -> str:
    """The first sentence of a clause's text: where a statute states its rule, or introduces the
    items it lists (“生产经营单位的主要负责人对本单位安全生产工作负有下列职责：”)."""
    end = _LEAD_END.search(text)
    return text[:end.start()] if end else text


# --- statuses ----------------------------------------------------------------------------------

def status_refs(doc: Document) -> list[str]:
    """The documents `kb.validity.status_on` reads for `doc` besides `doc` itself: for a status that
    ends its force (已修改, 已被替代, 已废止) the successor and the documents of its basis clauses date
    the change; any other status follows from the document's own dates."""
    from kb.validity import ENDED

    meta = doc.meta
    if meta.status not in ENDED:
        return []
    refs = [meta.superseded_by] if meta.superseded_by else []
    refs += [entry.clause.split("#", 1)[0] for entry in meta.status_basis if entry.clause]
    return sorted(set(refs) - {doc.id})


def status_entry(doc: Document, on: dt.date, corpus: Corpus) -> dict[str, Any]:
    """The status of `doc` on `on` as the manifest keeps it. `corpus` needs `doc` and its
    `status_refs`; `until` is the first later day on which the status may read differently."""
    from kb.validity import ENDED, change_date, status_on

    view = status_on(doc, on, corpus)
    meta = doc.meta
    turns = [meta.effective or meta.issued, meta.valid_until and meta.valid_until + dt.timedelta(days=1)]
    if meta.status in ENDED:
        turns.append(change_date(doc, corpus))
    later = [d for d in turns if d is not None and d > on]
    return {"status": view.status, "label": view.label, "in_force": view.in_force,
            "until": min(later).isoformat() if later else None, "refs": status_refs(doc)}


def statuses_due(manifest: dict[str, Any], on: dt.date) -> list[str]:
    """Documents whose recorded status may no longer hold on `on`."""
    day = on.isoformat()
    return [d for d, s in (manifest.get("statuses") or {}).items() if s.get("until") and s["until"] <= day]


# --- locations, manifest, lock -------------------------------------------------------------

class IndexDamaged(AnbiaoError):
    """The index on disk is not the one that was written (files missing, truncated, overwritten).

    `reason` says why it could not be rebuilt on the spot (empty: nothing tried), and
    `content_missing` that the content folder to rebuild from is not there; a face words the remedy.
    """

    def __init__(self, root: Path, damage: list[FileDamage], reason: str = "", content_missing: bool = False) -> None:
        self.root = root
        self.damage = damage
        self.reason = reason
        self.content_missing = content_missing
        super().__init__(f"索引 {display_path(root)} 已损坏（{describe_damage(damage)}）" + (f"；{reason}" if reason else ""))


class IndexMissing(AnbiaoError):
    """No index has been built in this folder yet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(f"索引 {display_path(root)} 不存在")


class IndexOutdated(AnbiaoError):
    """The index was written by an older version whose format this one does not read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(f"索引 {display_path(root)} 是旧版本建立的，需要重建")


class IndexBusy(AnbiaoError):
    """Another process holds the index's write lock."""

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        super().__init__(f"索引正在被另一个进程更新（锁文件 {display_path(lock_path)}）")


class IndexNotWritable(AnbiaoError):
    """The index folder cannot be written (permissions, a read-only file system)."""

    def __init__(self, root: Path, reason: str = "不可写") -> None:
        self.root = root
        super().__init__(f"索引目录 {display_path(root)} {reason}；请检查它的权限")


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

    def inspect(self, check: bool = False) -> IndexState:
        """The live generation and its manifest; with `check`, also what is wrong with its files.

        A missing index is not a damaged one, and an index of an older format is rebuilt anyway, so
        neither counts as damage.
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
        return IndexState(gen, manifest, damage(gen, manifest.get("index_files")))


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
    except OSError as exc:  # /proc/idx, a folder under a file: it cannot be made at all
        raise IndexNotWritable(root, f"无法创建（{os_reason(exc)}）") from exc
    try:
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
            raise IndexBusy(lock_path) from exc
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


def is_stale(content_dir: Path, manifest: dict[str, Any], on: dt.date | None = None) -> bool:
    """True when files were added, removed or touched since the index was last updated, or when a
    recorded status may have changed since (a date it depends on has come)."""
    if manifest.get("format") != INDEX_FORMAT or manifest.get("dictionary") != dictionary_version():
        return True
    if statuses_due(manifest, on or dt.date.today()):
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
                 parallel_from: int = PARALLEL_FROM_FILES, on: dt.date | None = None) -> IndexReport:
    """Bring the index in `index_dir` up to date with `content_dir` (incrementally when possible).

    A damaged index is rebuilt (`report.repaired` says what was wrong). `progress` hears, in one
    Chinese line each, what a user should know while this runs: how a long build advances, that a
    damaged index is being rebuilt. `procs` (default: up to two cores from `parallel_from` files on)
    sets the processes of a full build. Statuses are taken on `on` (default today). Raises
    IndexNotWritable when the index folder cannot be written.
    """
    if not content_dir.is_dir():
        raise ContentMissing(content_dir)
    try:
        with writer_lock(index_dir):
            return _Update(content_dir, IndexLocation(index_dir), on or dt.date.today(), progress).run(
                rebuild, procs, parallel_from)
    except OSError as exc:
        if _not_writable(exc, index_dir):
            raise IndexNotWritable(index_dir) from exc
        raise


@dataclass
class _PartResult:
    """What a build worker reports for its share of the files (in file order)."""

    segment: str | None  # the segment it wrote, None when no file of its share loaded
    loaded: list[tuple[str, str, str]]  # rel path, doc_id, title (in segment document order)
    broken: list[str]
    problems: list[Problem]
    clauses: int
    statuses: dict[str, dict[str, Any]]  # doc_id → status entry, for documents that need no other
    pending: list[str]  # doc_ids whose status needs other documents (status_refs)


def _index_part(gen: Path, name: str, files: list[Path], rel: dict[Path, str], on: dt.date,
                progress: Callable[[str], None] | None = None, total: int = 0) -> _PartResult:
    """Load each file once, add it to a new segment `name` in `gen`, and take its status."""
    builder = SegmentBuilder()
    result = _PartResult(None, [], [], [], 0, {}, [])
    for i, path in enumerate(files, 1):
        doc, problems = load_document(path)
        result.problems.extend(problems)
        if doc is None:
            result.broken.append(rel[path])
            continue
        result.loaded.append((rel[path], doc.id, doc.meta.title))
        item = document_input(doc, rel[path])
        builder.add(item)
        result.clauses += len(item.clauses)
        if status_refs(doc):
            result.pending.append(doc.id)
        else:
            result.statuses[doc.id] = status_entry(doc, on, Corpus([doc]))
        if progress and i % 1000 == 0:
            progress(f"已读入 {i}/{total} 个文件")
    if result.loaded:
        builder.write(gen, name)
        result.segment = name
    return result


def _new_segment_name() -> str:
    return f"seg-{time.time_ns()}"


def _split(files: list[Path], parts: int) -> list[list[Path]]:
    """Consecutive runs of files of about equal total size, so each worker's segment holds a slice of
    the corpus in file order."""
    sizes = [p.stat().st_size + 1 for p in files]
    total = sum(sizes)
    out: list[list[Path]] = [[] for _ in range(parts)]
    done = 0
    for path, size in zip(files, sizes, strict=True):
        out[min(parts - 1, done * parts // total)].append(path)
        done += size
    return [part for part in out if part]


class _Update:
    """One run of update_index, holding the lock."""

    def __init__(self, content_dir: Path, location: IndexLocation, on: dt.date,
                 progress: Callable[[str], None] | None) -> None:
        self.content_dir = content_dir
        self.location = location
        self.on = on
        self.progress = progress
        self.report = IndexReport()

    def run(self, rebuild: bool, procs: int | None, parallel_from: int) -> IndexReport:
        started = time.perf_counter()
        report = self.report
        state = self.location.inspect(check=True)
        manifest = state.manifest
        report.repaired = state.damage
        if report.repaired and self.progress:
            self.progress(f"索引已损坏（{describe_damage(report.repaired)}），正在重建……")
        usable = (manifest is not None and manifest.get("format") == INDEX_FORMAT
                  and manifest.get("dictionary") == dictionary_version() and not report.repaired)
        scanned = scan_content(self.content_dir)
        old: dict[str, Any] = manifest.get("files", {}) if usable and manifest else {}
        changed: list[str] = []
        states: dict[str, dict[str, Any]] = {}
        for rel_path, (size, mtime_ns) in scanned.items():
            known = old.get(rel_path)
            if known and (known["size"], known["mtime_ns"]) == (size, mtime_ns):
                states[rel_path] = known
                report.unchanged += 1
                if known.get("broken"):  # still broken: say so again, nothing to index
                    report.problems.extend(load_document(self.content_dir / rel_path)[1])
                continue
            sha1 = _sha1(self.content_dir / rel_path)
            if known and known.get("sha1") == sha1:
                states[rel_path] = {**known, "size": size, "mtime_ns": mtime_ns}  # touched, not changed
                report.unchanged += 1
                if known.get("broken"):
                    report.problems.extend(load_document(self.content_dir / rel_path)[1])
                continue
            states[rel_path] = {"size": size, "mtime_ns": mtime_ns, "sha1": sha1}
            changed.append(rel_path)
        removed = sorted(set(old) - set(states))
        full = rebuild or not usable or (bool(old) and len(changed) > _REBUILD_SHARE * len(old))
        if full:
            for rel_path in scanned:
                states[rel_path].setdefault("sha1", _sha1(self.content_dir / rel_path))
            self._build(list(scanned), states, procs, parallel_from)
        elif changed or removed or statuses_due(manifest or {}, self.on):
            assert manifest is not None and state.generation is not None
            self._patch(state.generation, manifest, changed, removed, states, old)
        elif manifest is not None and states != old:
            manifest["files"] = states  # only timestamps moved
            _write_json_atomic(state.generation / "manifest.json", manifest)  # type: ignore[operator]
        report.full = full
        report.seconds = time.perf_counter() - started
        current = self.location.current()
        report.generation = current.name if current else ""
        return report

    # --- a new generation ---------------------------------------------------------------------

    def _build(self, rels: list[str], states: dict[str, dict[str, Any]], procs: int | None,
               parallel_from: int) -> None:
        for state in states.values():  # where a file was in the previous generation means nothing here
            for key in ("segment", "doc", "broken"):
                state.pop(key, None)
        root = self.location.root
        previous = self.location.current()
        gen = root / f"gen-{time.time_ns()}"
        gen.mkdir(parents=True)
        files = [self.content_dir / r for r in rels]
        rel = dict(zip(files, rels, strict=True))
        if procs is None:
            procs = min(2, os.cpu_count() or 1) if len(files) >= parallel_from else 1
        parts = _split(files, procs) if procs > 1 else [files]
        self.report.processes = len(parts)
        try:
            if len(parts) > 1:
                from concurrent.futures import ProcessPoolExecutor

                with ProcessPoolExecutor(max_workers=len(parts)) as pool:
                    futures = [pool.submit(_index_part, gen, f"seg-{i:03d}", part, {p: rel[p] for p in part}, self.on)
                               for i, part in enumerate(parts)]
                    results = []
                    for future in futures:
                        results.append(future.result())
                        if self.progress:
                            self.progress(f"已索引 {sum(len(p) for p in parts[:len(results)])}/{len(files)} 个文件")
            else:
                results = [_index_part(gen, "seg-000", files, rel, self.on, self.progress, len(files))]
            segments = [{"name": r.segment, "docs": len(r.loaded), "deleted": []} for r in results if r.segment]
            statuses = self._collect(results, states)
            manifest = {"segments": segments, "files": states, "statuses": statuses}
            self._commit(gen, manifest, {})
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        write_atomic(self.location.current_file, gen.name)
        # Keep the previous generation one round: a reader may still have it open.
        keep = {gen.name, previous.name if previous else ""}
        for old_gen in root.glob("gen-*"):
            if old_gen.name not in keep:
                shutil.rmtree(old_gen, ignore_errors=True)

    def _collect(self, results: list[_PartResult], states: dict[str, dict[str, Any]],
                 statuses: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
        """Record where each loaded file went; finish the statuses that need other documents."""
        statuses = dict(statuses or {})
        pending: list[str] = []
        for result in results:
            self.report.problems.extend(result.problems)
            for rel_path in result.broken:
                states[rel_path]["broken"] = True  # not indexed; retried when the file changes
            for n, (rel_path, doc_id, title) in enumerate(result.loaded):
                states[rel_path].update(doc_id=doc_id, title=title, segment=result.segment, doc=n)
                states[rel_path].pop("broken", None)
            self.report.added += len(result.loaded)
            self.report.clauses += result.clauses
            statuses.update(result.statuses)
            pending.extend(result.pending)
        statuses.update(self._statuses_of(pending, states))
        return statuses

    def _statuses_of(self, doc_ids: list[str], states: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Status entries of documents that need others (loaded here with those others)."""
        if not doc_ids:
            return {}
        where = {s["doc_id"]: r for r, s in states.items() if "doc_id" in s}
        loaded: dict[str, Document] = {}

        def load(doc_id: str) -> Document | None:
            if doc_id not in loaded and doc_id in where:
                doc, _problems = load_document(self.content_dir / where[doc_id])
                if doc is not None:
                    loaded[doc_id] = doc
            return loaded.get(doc_id)

        out = {}
        for doc_id in doc_ids:
            doc = load(doc_id)
            if doc is None:
                continue
            related = [d for d in map(load, status_refs(doc)) if d is not None]
            out[doc_id] = status_entry(doc, self.on, Corpus([doc, *related]))
        return out

    def _commit(self, gen: Path, manifest: dict[str, Any], prints: dict[str, Any]) -> None:
        """Write the manifest of `gen`: fingerprints of new files (segments never change, so those
        already recorded stand), then the manifest itself, atomically."""
        names = {n for s in manifest["segments"] for n in segment_files(s["name"])}
        manifest["index_files"] = {n: prints.get(n) or fingerprint(gen / n) for n in sorted(names)}
        manifest.update(format=INDEX_FORMAT, dictionary=dictionary_version(), built=time.strftime("%Y-%m-%dT%H:%M:%S"),
                        statuses_on=self.on.isoformat())
        _write_json_atomic(gen / "manifest.json", manifest)

    # --- patching the live generation --------------------------------------------------------

    def _patch(self, gen: Path, manifest: dict[str, Any], changed: list[str], removed: list[str],
               states: dict[str, dict[str, Any]], old: dict[str, Any]) -> None:
        segments = [dict(s, deleted=list(s["deleted"])) for s in manifest["segments"]]
        by_name = {s["name"]: s for s in segments}
        redo = sorted(set(changed) | self._compaction(segments, states))
        gone = {old[r]["doc_id"] for r in [*changed, *removed] if "doc_id" in old.get(r, {})}
        for rel_path in [*redo, *removed]:
            known = old.get(rel_path) or {}
            if known.get("segment") in by_name:
                by_name[known["segment"]]["deleted"].append(known["doc"])
            if rel_path in states:  # indexed again below: its place is no longer the old one
                states[rel_path] = {k: v for k, v in states[rel_path].items() if k not in ("segment", "doc")}
        paths = [self.content_dir / r for r in redo]
        result = _index_part(gen, _new_segment_name(), paths, dict(zip(paths, redo, strict=True)), self.on,
                             self.progress, len(paths))
        if result.segment:
            segments.append({"name": result.segment, "docs": len(result.loaded), "deleted": []})
        live = [s for s in segments if len(s["deleted"]) < s["docs"]]
        statuses = {d: s for d, s in (manifest.get("statuses") or {}).items() if d not in gone}
        touched = gone | {doc_id for _r, doc_id, _t in result.loaded}
        again = {d for d, s in statuses.items() if set(s.get("refs", [])) & touched}
        again |= set(statuses_due({"statuses": statuses}, self.on))
        statuses = self._collect([result], states, statuses)
        statuses.update(self._statuses_of(sorted(again - touched), states))
        self.report.added = sum(1 for r in changed if r not in old and not states[r].get("broken"))
        self.report.updated = sum(1 for r in changed if r in old)
        self.report.removed = len(removed)
        self._commit(gen, {"segments": live, "files": states, "statuses": statuses}, manifest.get("index_files") or {})
        for dropped in {s["name"] for s in segments} - {s["name"] for s in live}:
            for n in segment_files(dropped):
                (gen / n).unlink(missing_ok=True)

    @staticmethod
    def _compaction(segments: list[dict[str, Any]], states: dict[str, dict[str, Any]]) -> set[str]:
        """Files to index again so that at most MAX_SEGMENTS remain: those of all but the largest
        segments (by live documents)."""
        if len(segments) < MAX_SEGMENTS:
            return set()
        size = {s["name"]: s["docs"] - len(s["deleted"]) for s in segments}
        keep = set(sorted(size, key=lambda n: -size[n])[:MAX_SEGMENTS // 2])
        return {r for r, s in states.items() if s.get("segment") in size and s["segment"] not in keep}


def open_segments(gen: Path, manifest: dict[str, Any]) -> list[tuple[Any, list[int]]]:
    """The live segments of a generation with the documents deleted from each."""
    from search.store import Segment

    return [(Segment.load(gen, s["name"]), s["deleted"]) for s in manifest.get("segments", [])]
