"""The fast writer (search.whoosh_fast) writes exactly the index Whoosh's own SegmentWriter writes,
in one process or several, and gives way to Whoosh's writer on an untested Whoosh version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb.loader import load_valid_corpus
from search import whoosh_fast
from search.index import IndexLocation, clause_records, clause_schema, update_index
from tests.conftest import CONTENT


def _snapshot(folder: Path, blocks: bool = True) -> dict[str, Any]:
    """Everything a search reads from an index: each posting (document, weight, encoded positions,
    and with `blocks` the length and weight bounds of its block), each term's info, stored fields,
    and every document's field lengths with their totals and bounds."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        postings: dict[tuple[str, bytes], list[tuple[Any, ...]]] = {}
        terminfos = {}
        for fieldname, term in reader.all_terms():
            info = reader.term_info(fieldname, term)
            terminfos[fieldname, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                         info.max_length(), info.max_weight(), info.min_id(), info.max_id())
            matcher = reader.postings(fieldname, term)
            found = []
            while matcher.is_active():
                entry: tuple[Any, ...] = (matcher.id(), matcher.weight(), matcher.value())
                if blocks:
                    entry += (matcher.block_min_length(), matcher.block_max_length(), matcher.block_max_weight())
                found.append(entry)
                matcher.next()
            postings[fieldname, term] = found
        docs = range(reader.doc_count_all())
        scorable = [name for name, f in ix.schema.items() if f.scorable]
        lengths = {name: ([reader.doc_field_length(d, name) for d in docs], reader.field_length(name),
                          reader.min_field_length(name), reader.max_field_length(name)) for name in scorable}
        return {"postings": postings, "terminfos": terminfos, "stored": list(reader.all_stored_fields()),
                "lengths": lengths, "doc_count": reader.doc_count_all()}


def _write(folder: Path, writer_class: type[SegmentWriter]) -> None:
    folder.mkdir()
    writer = writer_class(whoosh_index.create_in(str(folder), clause_schema()))
    for doc in load_valid_corpus(CONTENT):
        for record in clause_records(doc, f"policies/{doc.id}.md"):
            writer.add_document(**record)
    writer.commit()


def _assert_same(ours: dict[str, Any], whooshs: dict[str, Any]) -> None:
    # Part by part, so that a failure names what differs.
    for part in ("doc_count", "stored", "lengths", "terminfos", "postings"):
        assert ours[part] == whooshs[part], part


def test_clause_writer_writes_what_whooshs_segment_writer_writes(tmp_path: Path) -> None:
    _write(tmp_path / "ours", whoosh_fast.ClauseWriter)
    _write(tmp_path / "whoosh", SegmentWriter)
    ours, whooshs = _snapshot(tmp_path / "ours"), _snapshot(tmp_path / "whoosh")
    assert sum(len(p) for p in ours["postings"].values()) > 10_000
    assert any(len(p) > 128 for p in ours["postings"].values())  # terms with several posting blocks
    _assert_same(ours, whooshs)


def _generation(index_dir: Path) -> Path:
    gen = IndexLocation(index_dir).current()
    assert gen is not None
    return gen


def test_a_parallel_build_equals_a_single_process_build(content: Path, tmp_path: Path) -> None:
    single = update_index(content, tmp_path / "single", procs=1)
    parallel = update_index(content, tmp_path / "parallel", parallel_from=1)  # forced on a small corpus
    assert single.processes == 1
    assert parallel.processes == min(2, os.cpu_count() or 1)
    assert (parallel.clauses, parallel.added) == (single.clauses, single.added)
    # Segments split posting blocks differently; everything else is the same.
    _assert_same(_snapshot(_generation(tmp_path / "parallel"), blocks=False),
                 _snapshot(_generation(tmp_path / "single"), blocks=False))


def test_an_untested_whoosh_gets_whooshs_own_writer_and_a_notice(content: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_fast, "TESTED_WHOOSH", (0, 0, 0))
    notices: list[str] = []
    report = update_index(content, tmp_path / "index", parallel_from=1, progress=notices.append)
    assert report.processes == 1 and report.clauses > 50
    assert len(notices) == 1 and "不是测试过的 0.0.0" in notices[0] and "Whoosh 自带" in notices[0]
    ix = whoosh_index.open_dir(str(_generation(tmp_path / "index")))
    writer = whoosh_fast.clause_writer(ix)
    assert type(writer) is SegmentWriter
    writer.cancel()
