"""`anbiao check` on real content and on broken fixtures: path:line: message, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check import check_corpus
from kb.cli import main

from .conftest import CONTENT

GOOD = """---
id: bj-2013-test-1
kind: policy
title: 测试文件
doc_no: 京政办发〔2013〕1号
issuer: [北京市人民政府办公厅]
region: 北京市
level: 地方规范性文件
issued: 2013-03-08
status: 未知
superseded_by: null
industries: [冶金]
topics: [标准化建设]
addressees: null
cites: []
source: test.txt
---

前言。

## 一、总体要求

正文。

## 二、工作任务

### （一）任务

正文。
"""


def write(tmp_path: Path, text: str, name: str = "bj-2013-test-1.md", folder: str = "policies") -> Path:
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path) -> list[str]:
    _corpus, problems = check_corpus(tmp_path)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems if p.severity == "error"]


def test_real_content_passes(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("检查通过：") and "个条款" in out


def test_good_fixture_passes(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    assert messages(tmp_path) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("region: 北京市", "region: 北平", "bj-2013-test-1.md:7: region（地区）的值“北平”不在词表中；有效值：全国及"),
    ("industries: [冶金]", "industries: [钢铁]", "bj-2013-test-1.md:12: industries（行业）的值“钢铁”不在词表中；有效值：冶金、有色"),
    ("status: 未知", "status: 有效", "bj-2013-test-1.md:10: status（时效性）的值“有效”不在词表中；有效值：现行有效、已废止、已被替代、未知"),
    ("issued: 2013-03-08", "issued: 2013年3月8日", "bj-2013-test-1.md:9: 字段“issued”应为日期 YYYY-MM-DD"),
    ("doc_no: 京政办发〔2013〕1号", "doc_no: 京政办发[2013]1号", "bj-2013-test-1.md:5: 文号“京政办发[2013]1号”格式不对"),
    ("level: 地方规范性文件\n", "", "bj-2013-test-1.md:1: 缺少必填字段“level”"),
    ("source: test.txt", "source: test.txt\nsorce: x", "bj-2013-test-1.md:17: 未知字段“sorce”"),
    ("id: bj-2013-test-1", "id: BJ_2013", "bj-2013-test-1.md:2: id“BJ_2013”无效"),
    ("## 二、工作任务", "## 三、工作任务", "bj-2013-test-1.md:25: 编号不连续：“三、工作任务”处应为 二、"),
    ("### （一）任务", "### （二）任务", "bj-2013-test-1.md:27: 编号不连续：“（二）任务”处应为 （一）"),
    ("## 二、工作任务", "## 一、工作任务", "bj-2013-test-1.md:25: 锚点 #c1 与第 21 行重复"),
    ("正文。\n\n## 二", "<script>alert(1)</script>\n\n## 二", "bj-2013-test-1.md:23: 正文含 HTML 标签"),
])
def test_broken_fixture_messages(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    write(tmp_path, GOOD.replace(old, new, 1))
    found = messages(tmp_path)
    assert any(m.startswith(expected) for m in found), found


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("topics: [标准化建设]", "topics: [标准化建设"))
    found = messages(tmp_path)
    assert len(found) == 1 and "front-matter 不是有效的 YAML" in found[0]
    assert found[0].split(":")[1] in {"14", "15", "16"}


def test_missing_front_matter_and_wrong_encoding(tmp_path: Path) -> None:
    write(tmp_path, "## 一、没有元数据\n", "a.md")
    (tmp_path / "policies" / "b.md").write_bytes(GOOD.encode("gb18030"))
    found = messages(tmp_path)
    assert any(m.startswith("a.md:1: 缺少 front-matter") for m in found)
    assert any(m.startswith("b.md:1: 文件不是 UTF-8 编码") for m in found)


def test_duplicate_ids_and_file_names(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, "other.md")
    found = messages(tmp_path)
    assert any("id“bj-2013-test-1”与" in m and "重复" in m for m in found)
    assert any(m.startswith("other.md:2: 文件名应与 id 一致") for m in found)


def test_cli_exit_code_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, GOOD.replace("region: 北京市", "region: 北平"))
    assert main(["check", "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert ":7: region（地区）" in err and "检查未通过：1 处错误" in err


def test_content_dir_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(tmp_path / "nope")]) == 1
    assert "找不到内容目录" in capsys.readouterr().err


def test_every_content_file_is_checked() -> None:
    corpus, problems = check_corpus(CONTENT)
    assert not [p for p in problems if p.severity == "error"]
    assert len(corpus) >= 5
