"""A damaged index is detected before it is read and repaired by the next update; an index folder
that cannot be written is searched as it is, with a warning."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from anbiao import present
from anbiao.cli import main
from search.index import IndexDamaged, IndexLocation, IndexNotWritable, update_index
from search.service import ClauseSearch, ensure_index

QUERY = "主要负责人 职责"


def _gen(index_dir: Path) -> Path:
    gen = IndexLocation(index_dir).current()
    assert gen is not None
    return gen


def _one(gen: Path, suffix: str) -> Path:
    [path] = [p for p in gen.iterdir() if p.name.endswith(suffix)]
    return path


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _overwrite_middle(path: Path) -> None:
    """Same size, different bytes (a disk error or a careless edit)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(b ^ 0xFF for b in data[middle:middle + 8])
    path.write_bytes(bytes(data))


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    # what is done to the live generation folder, and the file the report must name
    "segment deleted": (lambda gen: _one(gen, ".bin").unlink(), ".bin 缺失"),
    "segment truncated": (lambda gen: _truncate(_one(gen, ".bin")), ".bin 大小不符"),
    "records truncated": (lambda gen: _truncate(_one(gen, ".rec")), ".rec 大小不符"),
    "records deleted": (lambda gen: _one(gen, ".rec").unlink(), ".rec 缺失"),
    "segment overwritten": (lambda gen: _overwrite_middle(_one(gen, ".bin")), ".bin 内容与建索引时不同"),
    "manifest deleted": (lambda gen: (gen / "manifest.json").unlink(), "manifest.json 缺失"),
    "generation deleted": (lambda gen: shutil.rmtree(gen), "缺失"),
}


@pytest.fixture
def built(content: Path, index_dir: Path) -> tuple[Path, Path, list[tuple[str, str]]]:
    """An index of the fixture content and the answer to QUERY from it when intact."""
    update_index(content, index_dir)
    with ClauseSearch(index_dir) as engine:
        answer = [(h.doc_id, h.clause_id) for h in engine.search(QUERY)]
    assert answer
    return content, index_dir, answer


@pytest.mark.parametrize("case", DAMAGE)
def test_damage_is_detected_and_named_and_update_repairs_it(
        built: tuple[Path, Path, list[tuple[str, str]]], case: str) -> None:
    content, index_dir, answer = built
    damage, named = DAMAGE[case]
    damage(_gen(index_dir))
    if case not in ("manifest deleted", "generation deleted"):  # those leave no index to open
        with pytest.raises(IndexDamaged, match=f"已损坏（.*{named}.*）") as raised:
            ClauseSearch(index_dir)
        assert present.error_line(raised.value).endswith("；请运行 `anbiao index` 重建")
    notices: list[str] = []
    report = update_index(content, index_dir, progress=notices.append)
    assert report.full and any(named in str(d) for d in report.repaired)
    assert notices and notices[0].startswith("索引已损坏") and "正在重建" in notices[0]
    with ClauseSearch(index_dir) as engine:
        assert [(h.doc_id, h.clause_id) for h in engine.search(QUERY)] == answer
    assert update_index(content, index_dir).repaired == []  # sound again


def test_search_on_a_damaged_index_rebuilds_it_and_says_so(
        built: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    content, index_dir, answer = built
    _truncate(_one(_gen(index_dir), ".bin"))
    notices: list[str] = []
    report = ensure_index(content, index_dir, notices.append)
    assert report is not None and report.full
    assert notices == [notices[0]] and "已损坏" in notices[0] and ".bin" in notices[0]
    with ClauseSearch(index_dir) as engine:
        assert [(h.doc_id, h.clause_id) for h in engine.search(QUERY)] == answer


def test_damage_while_a_search_is_open_is_reported_not_a_read_error(
        built: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    _content, index_dir, _answer = built
    with ClauseSearch(index_dir) as engine:
        _truncate(_one(_gen(index_dir), ".rec"))
        with pytest.raises(IndexDamaged, match=r"\.rec 大小不符"):
            engine.search("安全生产")


def test_a_damaged_index_without_content_to_rebuild_from_is_a_clear_error(
        built: tuple[Path, Path, list[tuple[str, str]]], tmp_path: Path) -> None:
    _content, index_dir, _answer = built
    _one(_gen(index_dir), ".rec").unlink()
    with pytest.raises(IndexDamaged, match=r"找不到内容目录.*无法重建"):
        ensure_index(tmp_path / "nowhere", index_dir)


def test_cli_index_repairs_and_says_so_and_search_never_shows_a_traceback(
        capsys: pytest.CaptureFixture[str], built: tuple[Path, Path, list[tuple[str, str]]],
        tmp_path: Path) -> None:
    content, index_dir, _answer = built
    _one(_gen(index_dir), ".bin").unlink()
    assert main(["index", "--content", str(content), "--index-dir", str(index_dir)]) == 0
    captured = capsys.readouterr()
    assert "索引已损坏（" in captured.err and ".bin 缺失" in captured.err
    assert "全部重建" in captured.out

    _truncate(_one(_gen(index_dir), ".bin"))
    code = main(["search", QUERY, "--json", "--content", str(tmp_path / "nowhere"), "--index-dir", str(index_dir)])
    captured = capsys.readouterr()
    assert code == 1 and captured.err.startswith("错误：索引") and "已损坏" in captured.err
    assert "Traceback" not in captured.err and "zip" not in captured.err


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """Make `folder` unwritable for this process. Permission bits do not stop root, so as root the
    folder and its files are made immutable (chattr +i, ext4/xfs/btrfs); the test is skipped where
    neither works."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores permissions and chattr is not available")
    made = subprocess.run(["chattr", "-R", "+i", str(folder)], capture_output=True)
    if made.returncode != 0:
        subprocess.run(["chattr", "-R", "-i", str(folder)], capture_output=True)
        pytest.skip(f"root ignores permissions and this file system has no immutable flag: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)


def test_a_read_only_index_is_searched_as_it_is_with_a_warning(
        built: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    content, index_dir, answer = built
    law = content / "policies" / "fx-aqscf-2021.md"
    law.write_text(law.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the index is now stale
    with _read_only(index_dir):
        notices: list[str] = []
        assert ensure_index(content, index_dir, notices.append) is None
        assert len(notices) == 2 and "不可写" in notices[1] and "可能不是最新" in notices[1]
        with ClauseSearch(index_dir) as engine:
            assert [(h.doc_id, h.clause_id) for h in engine.search(QUERY)] == answer
        with pytest.raises(IndexNotWritable, match="不可写"):
            update_index(content, index_dir)
