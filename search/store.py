"""Index segments: the clauses of some documents, as compact arrays that queries score directly.

A segment is written once and never changed (a generation of the index is a list of segments plus
the documents deleted from them, see search.index). It holds

- postings of the clause fields: for each term, the clauses that contain it with its frequency in
  the clause's own heading and text (`tf`), in the headings above it (`htf`, its chapter or parent
  clauses) and in its lead sentence (`ltf`): BM25F weighs the fields apart; document numbers a
  clause cites are terms too (`CITED` + doc_no_key);
- postings of the document field: the title words, the region, and the document's own number
  (`CITED` + doc_no_key), for each document of the segment;
- clause and document lengths, which document each clause belongs to, law article numbers;
- how many of its clauses hold each Chinese character (`chars` in the header, `char_df`) in the text
  the coverage looks at (`coverage_text`): the weight of a character of the question there
  (search.query.QueryPlan.coverage);
- the stored records shown in results (`.rec`, one JSON line per clause, read by offset).

Two files per segment: `<name>.bin`, a JSON header and the arrays packed by `pack` (the layout the
static site's index uses too, search/static.py), memory-mapped on open so that a search opens an
index of 10,000 documents without reading it; and `<name>.rec`. Why arrays and not Whoosh's
postings: a query then costs a few numpy operations per term instead of a Python loop per posting
(bench/README.md), and the static site's index is the same data, scored by the same formula in the
browser (search.ranking, generator/site/assets/anbiao-search.js).
"""

from __future__ import annotations

import json
import mmap
import re
import struct
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from search.segment import normalize, segment_words

SEGMENT_FORMAT = 4
# Prefix of the terms that stand for a document number (№ + its doc_no_key): no word of a text
# can start with it (the segmenter drops punctuation).
CITED = "№"
QUANTITY = "#"  # prefix of the terms of the kinds of quantity a clause states (search.quantity)
# The Chinese characters whose clause frequency the segment keeps (CJK unified ideographs, extension A
# and the compatibility block: the ranges the question's bigrams are taken from, search.query).
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TF_MAX = 65535  # term frequencies are uint16; a clause repeating a word more often is capped


@dataclass
class ClauseInput:
    """One clause as it goes into a segment."""

    clause_id: str
    text: str  # its own heading and its text
    context: list[str]  # the headings above it
    lead: str  # its first sentence, up to the first 。；： (where a statute states the rule or lists)
    article: int  # 第N条 of a law: N; otherwise 0
    cited_keys: list[str]  # doc_no_key of every document number the clause cites
    record: dict[str, Any]  # what a hit shows (stored as is)
    quantities: list[str] = field(default_factory=list)  # kinds of quantity it states (search.quantity)


@dataclass
class DocumentInput:
    """One document as it goes into a segment: its field text, metadata and clauses."""

    record: dict[str, Any]  # doc_id, path, title, doc_no, region, level, kind, issued, industries, url
    field_text: str  # title (and region) words: the document field
    doc_no_key: str | None
    clauses: list[ClauseInput]


FIELDS = ("tf", "htf", "ltf")  # per posting: frequency in the clause, its context, its lead sentence


class _Postings:
    """Term → postings accumulator for one unit kind (clauses, or documents with one field).

    Tokens are appended to compact arrays (term id, unit) as they come, and counted once, when the
    segment is written: one sort of every token instead of numpy calls per clause.
    """

    def __init__(self, fields: int) -> None:
        self.ids: dict[str, int] = {}
        self.terms = [array("i") for _ in range(fields)]
        self.units = [array("i") for _ in range(fields)]

    def add(self, unit: int, *fields: Iterable[str]) -> None:
        """The tokens of each field of one unit."""
        ids = self.ids
        for terms, units, words in zip(self.terms, self.units, fields, strict=True):
            before = len(terms)
            terms.extend(ids.setdefault(w, len(ids)) for w in words)
            units.extend(repeat(unit, len(terms) - before))

    def arrays(self, prefix: str, units: int) -> dict[str, np.ndarray]:
        """Postings of `units` units sorted by term (as strings) then unit: `<prefix>terms`
        ('\\n'-joined UTF-8), `<prefix>start` (offsets, one more than terms), `<prefix>unit`, and
        a frequency array per field (`<prefix>tf`, `<prefix>htf`, `<prefix>ltf`)."""
        words = sorted(self.ids)
        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[[self.ids[w] for w in words]] = np.arange(len(words))
        width = max(units, 1)
        keys = [rank[np.frombuffer(t, dtype=np.int32)] * width + np.frombuffer(u, dtype=np.int32)
                for t, u in zip(self.terms, self.units, strict=True)]
        postings = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
        counts = [np.minimum(np.bincount(np.searchsorted(postings, k), minlength=len(postings)), TF_MAX)
                  .astype(np.uint16) for k in keys]
        term, unit = np.divmod(postings, width)
        start = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(words)), out=start[1:])
        out = {f"{prefix}terms": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
               f"{prefix}start": start, f"{prefix}unit": unit.astype(np.int32)}
        out.update({f"{prefix}{name}": c for name, c in zip(FIELDS, counts, strict=False)})
        return out


class SegmentBuilder:
    """Collects documents and writes them as one segment."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []
        self.clause_postings = _Postings(len(FIELDS))
        self.doc_postings = _Postings(1)
        self.clause_doc: list[int] = []
        self.clause_len: list[int] = []
        self.clause_hlen: list[int] = []
        self.clause_llen: list[int] = []
        self.clause_article: list[int] = []
        self.doc_len: list[int] = []
        self.records: list[bytes] = []
        self.char_df: Counter[str] = Counter()

    @property
    def clause_count(self) -> int:
        return len(self.clause_doc)

    def add(self, doc: DocumentInput) -> None:
        d = len(self.docs)
        self.docs.append(doc.record)
        words = segment_words(doc.field_text)
        if doc.doc_no_key:
            words.append(CITED + doc.doc_no_key)
        self.doc_postings.add(d, words)
        self.doc_len.append(len(words))
        postings = self.clause_postings
        for clause in doc.clauses:
            c = len(self.clause_doc)
            text = segment_words(clause.text)
            heading = segment_words("\n".join(clause.context))
            lead = segment_words(clause.lead)
            postings.add(c, [*text, *(CITED + k for k in clause.cited_keys), *(QUANTITY + k for k in clause.quantities)],
                         heading, lead)
            self.clause_doc.append(d)
            self.clause_len.append(len(text))
            self.clause_hlen.append(len(heading))
            self.clause_llen.append(len(lead))
            self.clause_article.append(clause.article)
            self.char_df.update(clause_chars(doc.record["title"], clause.record))
            self.records.append(json.dumps(clause.record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def arrays(self) -> dict[str, np.ndarray]:
        rec_start = np.zeros(len(self.records) + 1, dtype=np.int64)
        np.cumsum([len(r) + 1 for r in self.records], out=rec_start[1:])
        return {
            **self.clause_postings.arrays("c_", len(self.clause_doc)), **self.doc_postings.arrays("d_", len(self.docs)),
            "clause_doc": np.array(self.clause_doc, dtype=np.int32),
            "clause_len": np.array(self.clause_len, dtype=np.int32),
            "clause_hlen": np.array(self.clause_hlen, dtype=np.int32),
            "clause_llen": np.array(self.clause_llen, dtype=np.int32),
            "clause_article": np.array(self.clause_article, dtype=np.int32),
            "doc_len": np.array(self.doc_len, dtype=np.int32),
            "rec_start": rec_start,
            "char_df": np.array([self.char_df[c] for c in self.chars], dtype=np.int32),
        }

    @property
    def chars(self) -> str:
        """The Chinese characters of the clauses, in code point order (the order of `char_df`)."""
        return "".join(sorted(self.char_df))

    def write(self, folder: Path, name: str) -> None:
        """`<name>.bin` and `<name>.rec` in `folder` (the caller makes them visible atomically)."""
        with open(folder / f"{name}.rec", "wb") as f:
            for rec in self.records:
                f.write(rec + b"\n")
        arrays = self.arrays()
        header = {"format": SEGMENT_FORMAT, "docs": self.docs, "chars": self.chars,
                  "c_terms": term_list(arrays.pop("c_terms")), "d_terms": term_list(arrays.pop("d_terms"))}
        with open(folder / f"{name}.bin", "wb") as f:
            f.write(pack(header, arrays))


def coverage_text(title: str, record: dict[str, Any]) -> str:
    """What the coverage of a clause looks at (search.ranking, and the browser's script alike): its
    document's title, the headings above it and its text, normalized."""
    return normalize(" ".join([title, *record["heading_path"], record["text"]]))


def clause_chars(title: str, record: dict[str, Any]) -> set[str]:
    """The Chinese characters of a clause's coverage text, each once (a clause counts once).
    normalize changes no Chinese character, so the parts are read as they are."""
    chars = set(_HAN.findall(title))
    for part in (*record["heading_path"], record["text"]):
        chars.update(_HAN.findall(part))
    return chars


def segment_files(name: str) -> tuple[str, str]:
    return f"{name}.bin", f"{name}.rec"


def term_list(blob: np.ndarray) -> list[str]:
    text = bytes(blob).decode("utf-8")
    return text.split("\n") if text else []


# --- the packed layout ------------------------------------------------------------------------

MAGIC = b"ABX1"


def pack(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    """ "ABX1", uint32 length H, H bytes of JSON header (with `arrays`: name → [dtype, offset,
    count]), zero padding to a multiple of 8, then each array little-endian at an offset (from the
    end of the padding) that is a multiple of 8 — so that numpy and a browser's typed arrays read
    them in place."""
    blobs: list[bytes] = []
    table: dict[str, list[Any]] = {}
    offset = 0
    for name, data in arrays.items():
        little = np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<"), copy=False)
        table[name] = [little.dtype.name, offset, len(little)]
        raw = little.tobytes()
        blobs.append(raw + b"\0" * (-len(raw) % 8))
        offset += len(blobs[-1])
    head = json.dumps({**header, "arrays": table}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    prefix = MAGIC + struct.pack("<I", len(head)) + head
    return prefix + b"\0" * (-len(prefix) % 8) + b"".join(blobs)


def unpack(buffer: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and the arrays (views into `buffer`, not copies) of a packed file."""
    if bytes(buffer[:4]) != MAGIC:
        raise ValueError("not a packed anbiao index")
    (length,) = struct.unpack("<I", bytes(buffer[4:8]))
    header = json.loads(bytes(buffer[8:8 + length]))
    base = 8 + length + (-(8 + length) % 8)
    arrays = {name: np.frombuffer(buffer, dtype=np.dtype(kind).newbyteorder("<"), count=count, offset=base + offset)
              for name, (kind, offset, count) in header.pop("arrays").items()}
    return header, arrays


# --- reading --------------------------------------------------------------------------------

@dataclass
class FieldPostings:
    """The postings of one field set of a loaded segment."""

    terms: dict[str, int]
    start: np.ndarray
    unit: np.ndarray
    tf: np.ndarray
    htf: np.ndarray | None
    ltf: np.ndarray | None

    @classmethod
    def load(cls, words: list[str], data: dict[str, np.ndarray], prefix: str) -> FieldPostings:
        extra = {name: data.get(f"{prefix}{name}") for name in FIELDS[1:]}
        return cls({w: i for i, w in enumerate(words)}, data[f"{prefix}start"], data[f"{prefix}unit"],
                   data[f"{prefix}tf"], **extra)

    def find(self, term: str) -> slice | None:
        i = self.terms.get(term)
        return None if i is None else slice(int(self.start[i]), int(self.start[i + 1]))

    def df(self, term: str) -> int:
        i = self.terms.get(term)
        return 0 if i is None else int(self.start[i + 1] - self.start[i])


@dataclass
class Segment:
    """A segment as read from disk; clause and document numbers are local to it."""

    name: str
    folder: Path
    docs: list[dict[str, Any]]
    clauses: FieldPostings
    doc_field: FieldPostings
    clause_doc: np.ndarray
    clause_len: np.ndarray
    clause_hlen: np.ndarray
    clause_llen: np.ndarray
    clause_article: np.ndarray
    doc_len: np.ndarray
    rec_start: np.ndarray
    chars: str
    char_df: np.ndarray
    _map: Any = field(default=None, repr=False)
    _rec: Any = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path, name: str) -> Segment:
        with open(folder / f"{name}.bin", "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            header, data = unpack(mapped)
            if header.get("format") != SEGMENT_FORMAT:
                raise ValueError(f"segment format {header.get('format')}")
        except BaseException:
            mapped.close()
            raise
        return cls(name, folder, header["docs"], FieldPostings.load(header["c_terms"], data, "c_"),
                   FieldPostings.load(header["d_terms"], data, "d_"), data["clause_doc"], data["clause_len"],
                   data["clause_hlen"], data["clause_llen"], data["clause_article"], data["doc_len"],
                   data["rec_start"], header["chars"], data["char_df"], mapped)

    @property
    def clause_count(self) -> int:
        return len(self.clause_doc)

    def record(self, clause: int) -> dict[str, Any]:
        """The stored record of a clause (read from the .rec file by its offset)."""
        if self._rec is None:
            self._rec = open(self.folder / f"{self.name}.rec", "rb")  # noqa: SIM115 - closed in close()
        start, end = int(self.rec_start[clause]), int(self.rec_start[clause + 1])
        self._rec.seek(start)
        data = self._rec.read(end - start)
        if len(data) != end - start:
            raise ValueError(f"{self.name}.rec is shorter than its offsets")
        return json.loads(data)

    def records(self) -> Iterator[dict[str, Any]]:
        for i in range(self.clause_count):
            yield self.record(i)

    def close(self) -> None:
        """Close the record file; the mapping goes when the last array viewing it does."""
        if self._rec is not None:
            self._rec.close()
            self._rec = None
