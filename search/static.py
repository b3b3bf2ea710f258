"""The clause index of the static site: one segment of search.store, packed for the browser.

The site (generator/site/static_search.py) writes it at build time; the browser's scorer
(generator/site/assets/anbiao-search.js) reads it and ranks with the formula of search.ranking, so
a static site answers like `anbiao serve` without a server. Layout (little-endian), gzip-compressed
as a whole: search.store.pack's layout (the served segments' own), whose JSON header holds the format,
the ranking params, the query words, the documents (with their status on the build day), the
clause records, the terms of both fields and the characters of the clauses, and whose arrays are
the postings, lengths and character counts of search.store (int64 offsets narrowed to int32, as the
browser's typed arrays read them).

The header carries each clause's text: results show a passage and the coverage is computed on it,
as served. Sizes are in bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from typing import Any

import numpy as np

from kb.model import Corpus
from search.index import document_input, status_entry, status_refs
from search.query import query_words, ranking_params
from search.store import SegmentBuilder, pack, term_list

# Bump with what the header or the arrays hold (2: the clauses' characters); the script checks it.
STATIC_FORMAT = 2
# Arrays as the browser reads them: typed arrays of these element types (int64 offsets narrowed).
_TYPES = {"c_start": np.int32, "c_unit": np.int32, "c_tf": np.uint16, "c_htf": np.uint16, "c_ltf": np.uint16,
          "d_start": np.int32, "d_unit": np.int32, "d_tf": np.uint16,
          "clause_doc": np.int32, "clause_len": np.int32, "clause_hlen": np.int32, "clause_llen": np.int32,
          "clause_article": np.int32, "doc_len": np.int32, "char_df": np.int32}


def static_index(corpus: Corpus, on: dt.date | None = None) -> bytes:
    """The packed (uncompressed) static index of every held document of `corpus`, statuses on `on`."""
    on = on or dt.date.today()
    builder = SegmentBuilder()
    docs = []
    for doc in corpus:
        if not doc.held:
            continue
        item = document_input(doc, doc.path.name)
        if not item.clauses:
            continue
        related = [d for d in (corpus.get(i) for i in status_refs(doc)) if d is not None]
        status = status_entry(doc, on, Corpus([doc, *related]))
        record = {k: v for k, v in item.record.items() if k != "path"}
        docs.append({**record, "url": doc.url, "status": status["status"], "status_label": status["label"],
                     "in_force": status["in_force"]})
        builder.add(item)
    arrays = builder.arrays()
    header: dict[str, Any] = {
        "format": STATIC_FORMAT, "built": on.isoformat(), "params": ranking_params(),
        "words": query_words().as_json(), "docs": docs,
        "clauses": [json.loads(r) for r in builder.records],
        "c_terms": term_list(arrays["c_terms"]), "d_terms": term_list(arrays["d_terms"]),
        "chars": builder.chars,
    }
    return pack(header, {name: arrays[name].astype(kind) for name, kind in _TYPES.items()})


def static_index_bytes(corpus: Corpus, on: dt.date | None = None) -> bytes:
    """The static index as the site ships it (gzip)."""
    return gzip.compress(static_index(corpus, on), compresslevel=9, mtime=0)

