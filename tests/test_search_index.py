"""The clause index: what goes in, incremental updates, atomic generations, the writer lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import search.index as search_index
from kb.errors import AnbiaoError
from kb.loader import load_valid_corpus
from search.index import IndexLocation, open_index, update_index, writer_lock
from search.service import ClauseSearch


def _indexed_uids(index_dir: Path) -> set[str]:
    ix = open_index(index_dir)
    assert ix is not None
    with ix.searcher() as s:
        return {fields["uid"] for fields in s.all_stored_fields()}


def test_every_clause_but_divisions_is_indexed(content: Path, index_dir: Path) -> None:
    report = update_index(content, index_dir)
    corpus = load_valid_corpus(content)
    expected = {f"{d.id}#{c.id}" for d in corpus for c in d.clauses if c.kind != "division"}
    assert report.full and report.added == 3 and report.clauses == len(expected)
    uids = _indexed_uids(index_dir)
    assert uids == expected
    assert "fx-bj-2013-jzbf-10#0" in uids  # the preamble is a clause
    assert not any(uid.endswith("#ch1") for uid in uids)  # 第一章 is structure, not a clause


def test_incremental_update_touches_only_what_changed(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    generation = IndexLocation(index_dir).current()
    std = content / "standards" / "fx-std.md"
    std.write_text(std.read_text(encoding="utf-8").replace("建立培训档案", "建立培训档案和考核记录"), encoding="utf-8")
    report = update_index(content, index_dir)
    assert not report.full and report.updated == 1 and report.unchanged == 2
    assert IndexLocation(index_dir).current() == generation  # patched in place, not rebuilt
    with ClauseSearch(index_dir) as engine:
        assert engine.search("考核记录")[0].clause_id == "5.3.1"

    (content / "standards" / "fx-std.md").unlink()
    report = update_index(content, index_dir)
    assert report.removed == 1
    assert not any(uid.startswith("fx-std#") for uid in _indexed_uids(index_dir))

    # Touched but unchanged: the content hash says there is nothing to re-index.
    law = content / "policies" / "fx-aqscf-2021.md"
    os.utime(law, None)
    report = update_index(content, index_dir)
    assert report.updated == 0 and report.added == 0 and report.unchanged == 2


def test_crash_during_a_full_build_leaves_the_previous_index_usable(
        content: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    update_index(content, index_dir)
    before = IndexLocation(index_dir).current()
    real_records = search_index.clause_records

    def failing_records(doc, rel_path):  # type: ignore[no-untyped-def]
        if doc.id == "fx-std":
            raise OSError("disk full (simulated)")
        return real_records(doc, rel_path)

    monkeypatch.setattr(search_index, "clause_records", failing_records)
    with pytest.raises(OSError):
        update_index(content, index_dir, rebuild=True)
    assert IndexLocation(index_dir).current() == before
    assert [p.name for p in index_dir.glob("gen-*")] == [before.name]  # the half-built one is gone
    with ClauseSearch(index_dir) as engine:
        assert engine.search("京政办发〔2013〕10号")[0].doc_id == "fx-bj-2013-jzbf-10"


def test_rebuild_switches_generation_atomically(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    first = IndexLocation(index_dir).current()
    report = update_index(content, index_dir, rebuild=True)
    second = IndexLocation(index_dir).current()
    assert report.full and first != second
    assert (index_dir / "CURRENT").read_text(encoding="utf-8") == second.name


def test_a_second_writer_gets_a_clear_error(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    with writer_lock(index_dir), pytest.raises(AnbiaoError, match="另一个进程"):
        update_index(content, index_dir, rebuild=True)
    assert update_index(content, index_dir).unchanged == 3  # the lock is released afterwards


def test_a_new_index_format_forces_a_rebuild(content: Path, index_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    update_index(content, index_dir)
    monkeypatch.setattr(search_index, "INDEX_FORMAT", search_index.INDEX_FORMAT + 1)
    assert update_index(content, index_dir).full


def test_a_broken_file_is_reported_and_the_rest_indexed(content: Path, index_dir: Path) -> None:
    (content / "policies" / "broken.md").write_text("---\nid: Bad Id\n---\n正文\n", encoding="utf-8")
    report = update_index(content, index_dir)
    assert report.problems and "broken.md" in str(report.problems[0])
    assert report.added == 3


def test_an_open_search_follows_updates_and_rebuilds(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    with ClauseSearch(index_dir) as engine:
        assert engine.search("考核记录") == [] or engine.search("考核记录")[0].clause_id != "5.3.1"
        std = content / "standards" / "fx-std.md"
        std.write_text(std.read_text(encoding="utf-8").replace("建立培训档案", "建立培训档案和考核记录"),
                       encoding="utf-8")
        update_index(content, index_dir)
        assert engine.search("考核记录")[0].clause_id == "5.3.1"
        update_index(content, index_dir, rebuild=True)
        assert engine.search("考核记录")[0].clause_id == "5.3.1"


def test_a_broken_file_does_not_make_the_index_look_stale(content: Path, index_dir: Path) -> None:
    broken = content / "policies" / "broken.md"
    broken.write_text("---\nid: Bad Id\n---\n正文\n", encoding="utf-8")
    update_index(content, index_dir)
    manifest = IndexLocation(index_dir).manifest()
    assert manifest is not None and not search_index.is_stale(content, manifest)
    again = update_index(content, index_dir)
    assert again.problems and again.unchanged == 4 and again.added == 0  # still reported, not redone
    broken.unlink()
    assert update_index(content, index_dir).removed == 1
