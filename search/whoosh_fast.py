"""Every use of Whoosh's private API, in one place, behind a version check.

Index builds spend most of their time in Whoosh's per-posting machinery. `ClauseWriter` writes the
same index faster by reaching into `SegmentWriter` (its pool, per-document writer, `_check_state`),
the W3 codec's length column (`W3PerDocReader`, `_lenfield`) and `PostingPool`; the parallel build
finishes worker segments and writes the table of contents itself (`_finalize_segment`,
`_close_segment`, `_commit_toc`, `_finish`, `_lk`). None of that is a promise of Whoosh's: it is
used only with the exact whoosh-reloaded version it was tested against (`TESTED_WHOOSH`, pinned in
pyproject.toml, proven by tests/test_search_whoosh_fast.py against Whoosh's own `SegmentWriter`).
With any other version, `clause_writer` hands out Whoosh's stock `SegmentWriter` (same index,
slower), builds run in one process, and the caller is told once through its callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import whoosh
from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.formats import Existence, Positions
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from search.analysis import WordTokenizer
from search.segment import segment

TESTED_WHOOSH = (2, 7, 5)


def fast_path_available() -> bool:
    """True when the installed Whoosh is the version the private API below was tested with."""
    return tuple(whoosh.__version__) == TESTED_WHOOSH


def _version(v: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in v)


def clause_writer(ix: whoosh_index.Index, notify: Callable[[str], None] | None = None,
                  **kwargs: Any) -> SegmentWriter:
    """A writer for the clause index: ours on the tested Whoosh, Whoosh's own (and a notice) otherwise."""
    if fast_path_available():
        return ClauseWriter(ix, **kwargs)
    if notify is not None:
        notify(f"提示：已安装的 whoosh-reloaded {_version(tuple(whoosh.__version__))} 不是测试过的 "
               f"{_version(TESTED_WHOOSH)}，改用 Whoosh 自带的写入方式建索引（结果相同，速度较慢）。")
    return SegmentWriter(ix, **kwargs)


# --- the parallel build: worker segments joined into one index ----------------------------

def part_writer(index_dir: str, limitmb: int) -> SegmentWriter:
    """A writer for a worker process, without Whoosh's write lock (the parent holds the index's)."""
    return ClauseWriter(whoosh_index.open_dir(index_dir), _lk=False, limitmb=limitmb)


def finish_part(writer: SegmentWriter, added: bool) -> Any:
    """Write the worker's segment and return it (None when nothing was added), unlisted in the index."""
    if not added:
        writer._close_segment()
        return None
    return writer._finalize_segment()


def abandon_part(writer: SegmentWriter) -> None:
    writer._close_segment()


def commit_parts(writer: SegmentWriter, segments: list[Any]) -> None:
    """List the workers' segments (in order) as the index's content; `writer` itself added nothing."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


# --- the fast writer ----------------------------------------------------------------------

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
        # PostingPool.add's own size estimate (150 bytes of Python objects per posting plus the
        # strings), so runs are spilled to disk at the same points as with Whoosh's pool.
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


_POSITIONS = Positions()
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
