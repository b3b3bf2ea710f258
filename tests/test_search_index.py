"""The clause index: what goes in, incremental updates, atomic generations, the writer lock, and
each document's status kept current."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import search.index as search_index
from kb.errors import AnbiaoError
from kb.loader import load_valid_corpus
from search.index import IndexLocation, open_segments, update_index, writer_lock
from search.service import ClauseSearch
from tests.search_support import set_front_matter


def _indexed_uids(index_dir: Path) -> set[str]:
    """doc_id#clause_id of every clause the live generation holds (deleted documents left out)."""
    state = IndexLocation(index_dir).inspect()
    assert state.generation is not None and state.manifest is not None
    uids = set()
    for segment, deleted in open_segments(state.generation, state.manifest):
        for n, rec in enumerate(segment.records()):
            doc = int(segment.clause_doc[n])
            if doc not in deleted:
                uids.add(f"{segment.docs[doc]['doc_id']}#{rec['clause_id']}")
        segment.close()
    return uids


def test_every_clause_but_divisions_is_indexed(content: Path, index_dir: Path) -> None:
    report = update_index(content, index_dir)
    corpus = load_valid_corpus(content)
    expected = {f"{d.id}#{c.id}" for d in corpus for c in d.clauses if c.kind != "division"}
    assert report.full and report.added == 3 and report.clauses == len(expected)
    uids = _indexed_uids(index_dir)
    assert uids == expected
    assert "fx-bj-2013-jzbf-10#0" in uids  # the preamble is a clause
    assert not any(uid.endswith("#ch1") for uid in uids)  # 第一章 is structure, not a clause


def test_a_segment_counts_the_clauses_holding_each_character(content: Path, index_dir: Path) -> None:
    """The character weights of the coverage (search.query.QueryPlan.coverage) come from these counts:
    each character once per clause that holds it in what the coverage looks at — the document's
    title, the headings above the clause and its text."""
    update_index(content, index_dir)
    corpus = load_valid_corpus(content)
    texts = [" ".join([d.meta.title, *c.heading_path, c.text]) for d in corpus for c in d.clauses
             if c.kind != "division"]
    state = IndexLocation(index_dir).inspect()
    assert state.generation is not None and state.manifest is not None
    counted: dict[str, int] = {}
    for segment, _deleted in open_segments(state.generation, state.manifest):
        assert list(segment.chars) == sorted(segment.chars)
        for ch, n in zip(segment.chars, segment.char_df.tolist(), strict=True):
            counted[ch] = counted.get(ch, 0) + n
        segment.close()
    title_only = {ch for d in corpus for ch in d.meta.title} - {ch for d in corpus for c in d.clauses for ch in c.text}
    assert title_only  # a character of a title alone: counted in every clause of its document
    for ch in {*"的安煤", *title_only}:
        assert counted.get(ch, 0) == sum(ch in t for t in texts), ch
    assert "，" not in counted and "a" not in counted  # Chinese characters only


def test_an_updated_index_weighs_characters_as_a_fresh_build_does(tmp_path: Path) -> None:
    """A document deleted from a segment no longer counts in the character weights (nor in their
    number of clauses): an index brought up to date weighs as one built anew, as the static site does."""
    import shutil

    from tests.search_support import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    update_index(content, tmp_path / "updated")
    (content / "policies" / "gj-2011-wxhxpaqgltl.md").unlink()
    report = update_index(content, tmp_path / "updated")
    assert not report.full and report.removed == 1
    update_index(content, tmp_path / "fresh", rebuild=True)
    with ClauseSearch(tmp_path / "updated") as updated, ClauseSearch(tmp_path / "fresh") as fresh:
        assert updated._index.has_deletions and not fresh._index.has_deletions
        assert updated._index._char_df == fresh._index._char_df
        assert updated._index.clause_count == fresh._index.clause_count
        for ch in "危化品煤矿的":
            assert updated._index.char_weight(ch) == fresh._index.char_weight(ch)


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
    real_input = search_index.document_input

    def failing_input(doc, rel_path):  # type: ignore[no-untyped-def]
        if doc.id == "fx-std":
            raise OSError("disk full (simulated)")
        return real_input(doc, rel_path)

    monkeypatch.setattr(search_index, "document_input", failing_input)
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


# --- statuses ----------------------------------------------------------------------------------

def _status(index_dir: Path, doc_id: str) -> dict[str, object]:
    manifest = IndexLocation(index_dir).manifest()
    assert manifest is not None
    return dict(manifest["statuses"][doc_id])


def test_a_status_is_taken_again_when_its_day_comes(content: Path, index_dir: Path) -> None:
    import datetime as dt

    set_front_matter(content / "standards" / "fx-std.md", effective="2030-01-01")
    update_index(content, index_dir, on=dt.date(2026, 11, 30))
    assert _status(index_dir, "fx-std")["status"] == "尚未施行"
    assert _status(index_dir, "fx-std")["until"] == "2030-01-01"
    manifest = IndexLocation(index_dir).manifest()
    assert manifest is not None
    assert not search_index.is_stale(content, manifest, on=dt.date(2029, 12, 31))
    assert search_index.is_stale(content, manifest, on=dt.date(2030, 1, 1))  # no file changed, the date did
    report = update_index(content, index_dir, on=dt.date(2030, 1, 1))
    assert not report.full and report.unchanged == 3
    assert _status(index_dir, "fx-std")["status"] == "未知"  # in force since, status not established
    with ClauseSearch(index_dir) as engine:
        assert {h.status for h in engine.search("考核", limit=50) if h.doc_id == "fx-std"} == {"未知"}


def test_a_replaced_documents_status_follows_its_successor(content: Path, index_dir: Path) -> None:
    """A's status 已被替代 takes effect when B (its successor) does; editing B alone re-dates A."""
    import datetime as dt

    law, std = content / "policies" / "fx-aqscf-2021.md", content / "standards" / "fx-std.md"
    set_front_matter(std, status="已被替代", superseded_by="fx-aqscf-2021")
    set_front_matter(law, effective="2030-01-01", supersedes="[fx-std]")
    update_index(content, index_dir, on=dt.date(2026, 11, 30))
    assert _status(index_dir, "fx-std")["status"] == "现行有效"  # replaced only from 2030
    assert _status(index_dir, "fx-std")["refs"] == ["fx-aqscf-2021"]
    set_front_matter(law, effective="2021-09-01")
    update_index(content, index_dir, on=dt.date(2026, 11, 30))
    assert _status(index_dir, "fx-std")["status"] == "已被替代"
    with ClauseSearch(index_dir) as engine:
        replaced = [h for h in engine.search("考核", limit=50) if h.doc_id == "fx-std"]
        assert replaced and all(h.in_force is False and h.status_label.startswith("已被替代") for h in replaced)


def test_segments_stay_few_under_many_small_updates(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    std = content / "standards" / "fx-std.md"
    for n in range(search_index.MAX_SEGMENTS + 3):
        std.write_text(std.read_text(encoding="utf-8") + f"\n第{n}次修改。\n", encoding="utf-8")
        update_index(content, index_dir)
        manifest = IndexLocation(index_dir).manifest()
        assert manifest is not None and len(manifest["segments"]) <= search_index.MAX_SEGMENTS
    assert len(_indexed_uids(index_dir)) == len({u for u in _indexed_uids(index_dir)})
    with ClauseSearch(index_dir) as engine:
        found = [h for h in engine.search("修改", limit=50) if h.doc_id == "fx-std"]
        assert len(found) == 1 and f"第{search_index.MAX_SEGMENTS + 2}次修改" in found[0].text
    gen = IndexLocation(index_dir).current()
    assert gen is not None and manifest is not None
    listed = {name for s in manifest["segments"] for name in (s["name"] + ".bin", s["name"] + ".rec")}
    assert {p.name for p in gen.glob("seg-*")} == listed  # dropped segments' files are gone


def test_a_build_in_two_processes_answers_as_one_process_does(content: Path, tmp_path: Path) -> None:
    """From PARALLEL_FROM_FILES files on, `anbiao index` splits the build over two processes: the
    segments they write must answer every question exactly as a single-process build does."""
    one, two = tmp_path / "one", tmp_path / "two"
    assert update_index(content, one, procs=1).processes == 1
    assert update_index(content, two, procs=2, parallel_from=1).processes == 2
    assert len(open_segments(IndexLocation(two).current(), IndexLocation(two).manifest())) == 2  # type: ignore[arg-type]
    for question in ("安全生产责任制", "培训档案", "小微企业岗位标准", "京政办发〔2013〕10号", "主要负责人 职责"):
        single = [(h.doc_id, h.clause_id, round(h.score, 6)) for h in ClauseSearch(one).search(question)]
        split = [(h.doc_id, h.clause_id, round(h.score, 6)) for h in ClauseSearch(two).search(question)]
        assert single and single == split, question
