"""`anbiao check` on real content and on broken fixtures: path:line: message, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from anbiao.cli import main
from kb.check import check_corpus
from kb.errors import ContentInvalid
from kb.loader import load_valid_corpus

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


def test_an_unnumbered_heading_is_a_warning_unless_it_is_an_appendix(tmp_path: Path) -> None:
    def warnings(text: str) -> list[str]:
        write(tmp_path, text)
        return [p.message for p in check_corpus(tmp_path)[1] if p.severity == "warning"]

    assert any("没有编号" in w for w in warnings(GOOD + "\n## 其他事项\n\n正文。\n"))
    assert warnings(GOOD + "\n## 附录：\n\n正文。\n") == []
    assert warnings(GOOD + "\n## 附件2\n\n正文。\n") == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("region: 北京市", "region: 北平", "bj-2013-test-1.md:7: region（地区）的值“北平”不在词表中；有效值：全国及"),
    ("industries: [冶金]", "industries: [钢铁]", "bj-2013-test-1.md:12: industries（行业）的值“钢铁”不在词表中；有效值：冶金、有色"),
    ("status: 未知", "status: 有效", "bj-2013-test-1.md:10: status（时效性）的值“有效”不在词表中；有效值：现行有效、已修改、已废止、已被替代、失效、尚未施行、未知"),
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
    assert len(found) == 1 and "front-matter 不是有效的 YAML（方括号列表 [ ] 没有闭合" in found[0]
    assert found[0].split(":")[1] in {"14", "15", "16"}


@pytest.mark.parametrize(("new", "expected"), [
    ("topics: [标准化建设]\nclosing:\n\t- x", "front-matter 不是有效的 YAML（"),
    ("topics: [标准化建设]\nclosing: @某人", "front-matter 不是有效的 YAML（"),
    ("topics: [标准化建设]\nclosing: '未闭合", "front-matter 不是有效的 YAML（引号没有闭合"),
    ("topics: {标准化建设", "front-matter 不是有效的 YAML（花括号 { } 没有闭合"),
])
def test_yaml_errors_are_worded_in_chinese_with_their_column(tmp_path: Path, new: str, expected: str) -> None:
    write(tmp_path, GOOD.replace("topics: [标准化建设]", new))
    found = messages(tmp_path)
    assert len(found) == 1 and expected in found[0] and "列）" in found[0], found
    assert not any(word in found[0] for word in ("expected", "found", "while", "token")), found


def test_missing_front_matter_and_wrong_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "## 一、没有元数据\n", "a.md")
    (tmp_path / "policies" / "b.md").write_bytes(GOOD.encode("gb18030"))
    found = messages(tmp_path)
    assert any(m.startswith("a.md:1: 缺少 front-matter") for m in found)
    assert any(m.startswith("b.md:1: 文件不是 UTF-8 编码") and "anbiao" not in m for m in found)
    assert main(["check", "--content", str(tmp_path)]) == 1  # the command line names the command that converts
    assert "后再放入 content/（用 `anbiao import` 导入时会自动处理）" in capsys.readouterr().err


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


# --- content errors are content errors (issue 14 item 2): a value YAML reads but Python cannot ----

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("issued: 2013-03-08", "issued: 2023-02-30", "bj-2013-test-1.md:9: 字段“issued”：“2023-02-30”不是存在的日期"),
    ("issued: 2013-03-08", "issued: 2013-02-29 10:00:00", "bj-2013-test-1.md:9: 字段“issued”：“2013-02-29 10:00:00”不是存在的日期"),
    ("source: test.txt", "source: test.txt\ncomplete: !!bool maybe",
     "bj-2013-test-1.md:17: 字段“complete”：值“maybe”无法读取（应为 true 或 false）"),
])
def test_impossible_values_are_errors_at_their_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    write(tmp_path, GOOD.replace(old, new, 1))
    found = messages(tmp_path)
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("region: 北京市", "region: 北京市\nregion: 上海市", "bj-2013-test-1.md:8: 键“region”重复（第 7 行已有）"),
    ("topics: [标准化建设]", "? [a, b]\n: x\ntopics: [标准化建设]", "bj-2013-test-1.md:13: front-matter 不是有效的 YAML（键必须是简单的文字"),
    ("topics: [标准化建设]", "topics: &t [标准化建设]\nclosing: *t", "front-matter 中不能使用 YAML 锚点和别名"),
    ("issued: 2013-03-08", "issued: 2013-03-08\nstatus_basis:\n  - {source: 某网站, checked: 2026-02-30, grade: 二手}",
     "bj-2013-test-1.md:11: 字段“status_basis.0.checked”：“2026-02-30”不是存在的日期"),
])
def test_keys_and_yaml_features_that_lose_data(tmp_path: Path, old: str, new: str, expected: str) -> None:
    write(tmp_path, GOOD.replace(old, new, 1))
    found = messages(tmp_path)
    assert len(found) == 1 and expected in found[0], found


def test_other_commands_name_the_broken_file_instead_of_crashing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, GOOD.replace("issued: 2013-03-08", "issued: 2023-02-30"))
    with pytest.raises(ContentInvalid, match=r"bj-2013-test-1\.md:9: .*2023-02-30"):
        load_valid_corpus(tmp_path)
    assert main(["applicable", "--region", "北京市", "--industry", "冶金", "--scale", "小微",
                 "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bj-2013-test-1.md:9" in err and "anbiao check" in err and "Traceback" not in err


# --- validity: statuses need a basis that points at something -----------------------------------

BASED = GOOD.replace("status: 未知\n", "status: 现行有效\nstatus_basis:\n  - clause: bj-2013-test-1#c2\n", 1)


def test_a_status_needs_a_basis(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("status: 未知", "status: 现行有效"))
    assert [m[:50] for m in messages(tmp_path)] == ["bj-2013-test-1.md:10: status 为 现行有效 时必须写 status_basis（依据）"[:50]]
    write(tmp_path, BASED)
    assert messages(tmp_path) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("bj-2013-test-1#c2", "bj-2013-nothing#c2", "bj-2013-test-1.md:12: 依据 bj-2013-nothing#c2 指向的文件“bj-2013-nothing”不存在"),
    ("bj-2013-test-1#c2", "bj-2013-test-1#c9", "bj-2013-test-1.md:12: 依据 bj-2013-test-1#c9：bj-2013-test-1 中没有锚点 #c9 的条款"),
    ("  - clause: bj-2013-test-1#c2", "  - clause: 第二条", "bj-2013-test-1.md:12: status_basis.0.clause：clause 应写作 文件id#条款锚点"),
    ("  - clause: bj-2013-test-1#c2", "  - {source: 北京市应急管理局}", "bj-2013-test-1.md:12: status_basis.0：外部来源依据须写 checked"),
    ("  - clause: bj-2013-test-1#c2", "  - {source: 某站, url: 'javascript:alert(1)', checked: 2026-11-30, grade: 二手}",
     "bj-2013-test-1.md:12: status_basis.0.url：网址“javascript:alert(1)”无效"),
    ("  - clause: bj-2013-test-1#c2", "  - {source: 某站, checked: 2026-11-30, grade: 三手}",
     "bj-2013-test-1.md:12: status_basis.0.grade：grade（资料等级）的值“三手”不在词表中；有效值：一手、二手"),
    ("status: 现行有效", "status: 已被替代", "bj-2013-test-1.md:10: status 为 已被替代 时请在 superseded_by 写明新版本或替代文件的 id"),
])
def test_a_basis_that_points_at_nothing(tmp_path: Path, old: str, new: str, expected: str) -> None:
    write(tmp_path, BASED.replace(old, new, 1))
    found = messages(tmp_path)
    assert any(m.startswith(expected) for m in found), found


def test_a_clause_of_another_document_must_speak_of_this_one(tmp_path: Path) -> None:
    write(tmp_path, BASED.replace("bj-2013-test-1#c2", "bj-2013-test-2#c1"))
    other = GOOD.replace("bj-2013-test-1", "bj-2013-test-2").replace("京政办发〔2013〕1号", "京政办发〔2013〕2号") \
        .replace("title: 测试文件", "title: 另一文件")
    write(tmp_path, other, "bj-2013-test-2.md")
    assert any(m.startswith("bj-2013-test-1.md:12: 依据 bj-2013-test-2#c1（《另一文件》（京政办发〔2013〕2号）一）没有提到《测试文件》")
               for m in messages(tmp_path)), messages(tmp_path)
    write(tmp_path, other.replace("## 一、总体要求\n\n正文。", "## 一、总体要求\n\n《测试文件》同时废止。"), "bj-2013-test-2.md")
    assert messages(tmp_path) == []


def test_versions_point_at_each_other(tmp_path: Path) -> None:
    old = BASED.replace("status: 现行有效", "status: 已修改").replace("superseded_by: null", "superseded_by: bj-2020-new")
    write(tmp_path, old)
    new = BASED.replace("bj-2013-test-1", "bj-2020-new").replace("京政办发〔2013〕1号", "京政办发〔2020〕1号") \
        .replace("issued: 2013-03-08", "issued: 2020-03-08")
    write(tmp_path, new, "bj-2020-new.md")
    assert any(m.startswith("bj-2020-new.md:2: bj-2013-test-1 的 superseded_by 指向本文件，请在本文件的 supersedes 中加入")
               for m in messages(tmp_path))
    write(tmp_path, new.replace("superseded_by: null", "superseded_by: null\nsupersedes: [bj-2013-test-1]"), "bj-2020-new.md")
    assert messages(tmp_path) == []
    write(tmp_path, old.replace("superseded_by: bj-2020-new", "superseded_by: null"))
    assert any(m.startswith("bj-2020-new.md:13: bj-2020-new 的 supersedes 列出本文件") or
               "请把本文件的 superseded_by 写为 bj-2020-new" in m for m in messages(tmp_path))


REGISTER = """---
id: bj-2099-reg
kind: register
title: 测试登记
doc_no: null
issuer: []
region: 北京市
level: 地方性法规
issued: 2020-01-01
status: 未知
superseded_by: null
industries: []
topics: []
addressees: null
cites: []
source: https://example.org/
---
"""


def test_register_entries_hold_no_text(tmp_path: Path) -> None:
    write(tmp_path, REGISTER, "bj-2099-reg.md", "register")
    assert messages(tmp_path) == []
    write(tmp_path, REGISTER + "\n正文。\n", "bj-2099-reg.md", "register")
    assert any(m.startswith("bj-2099-reg.md:18: 登记条目只记录元数据，不含正文") for m in messages(tmp_path))
    write(tmp_path, REGISTER, "bj-2099-reg.md", "policies")
    assert any("kind 为 register 的文件应放在 content/register/ 下" in m for m in messages(tmp_path))


def test_per_clause_fields_name_existing_things(tmp_path: Path) -> None:
    text = GOOD.replace("cites: []", "cites: [京政办发〔2012〕9号]\ncites_corrections: {京政办发〔2012〕8号: 京政办发〔2012〕9号}\n"
                                     "clause_notes: {\"3\": 编者注}")
    write(tmp_path, text)
    found = messages(tmp_path)
    assert any(m.startswith("bj-2013-test-1.md:16: cites_corrections 更正的“京政办发〔2012〕8号”不在 cites 中") for m in found)
    assert any(m.startswith("bj-2013-test-1.md:17: clause_notes 中的条款“3”不存在") for m in found)
