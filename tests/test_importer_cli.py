"""`anbiao import` as a user runs it: reports, refusals, no half-written or lost files."""

from __future__ import annotations

from pathlib import Path

import pytest

from anbiao.cli import main
from kb.check import check_corpus

from .conftest import SEEDS

NOTICE = ("北京市应急管理局关于做好标准化工作的通知\n京应急发〔2021〕3号\n各区应急局：\n"
          "一、工作要求\n企业要在2021年底前达标。\n北京市应急管理局\n2021年3月1日\n")


def test_import_writes_checked_file_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="gb18030")
    out = tmp_path / "content" / "policies"
    assert main(["import", str(src), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "✓" in report and "bj-2021-jyjf-3.md" in report and "GB18030" in report
    _corpus, problems = check_corpus(tmp_path / "content")
    assert problems == []


def test_markup_a_page_must_not_carry_is_refused_before_writing(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE.replace("一、工作要求", "一、工作要求<script>alert(1)</script>"), encoding="utf-8")
    out = tmp_path / "content" / "policies"
    assert main(["import", str(src), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "第 4 行" in err and "<script>" in err and "未写入任何文件" in err
    assert not out.exists() or not list(out.glob("*.md"))


def test_no_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "p"
    assert main(["import", str(src), "--out", str(out)]) == 0
    target = out / "bj-2021-jyjf-3.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n编辑者的修改。\n", encoding="utf-8")
    edited = target.read_text(encoding="utf-8")
    assert main(["import", str(src), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "已存在，未覆盖" in err and "确需覆盖请加 --force" in err
    assert target.read_text(encoding="utf-8") == edited
    assert main(["import", str(src), "--out", str(out), "--force"]) == 0
    assert "编辑者的修改" not in target.read_text(encoding="utf-8")


def test_bad_files_are_reported_and_the_others_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    code = main(["import", str(empty), str(binary), str(missing), str(SEEDS / "002_53ab427e3e59e253.txt"),
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "empty.txt: 文件为空" in captured.err
    assert "scan.pdf: 不是文本文件" in captured.err
    assert "missing.txt: 文件不存在" in captured.err
    assert "Traceback" not in captured.err
    assert (out / "bj-2013-jzbf-10.md").exists()
    assert "成功 1 个，失败 3 个" in captured.out
    assert not list(out.glob(".*.tmp"))


def test_bad_option_is_a_chinese_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["import"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "错误：缺少必需参数" in err and "anbiao import --help" in err
