"""The command line against careless and hostile input (issue 14): one Chinese line and a non-zero
exit, never a traceback, and nothing already written lost or half-written."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from anbiao.cli import main
from tests.conftest import ROOT
from tests.generator_support import FIXTURE_CONTENT, PREPARED_ON, PROFILES, plan_args

NOTICE = ("北京市应急管理局关于做好标准化工作的通知\n京应急发〔2021〕3号\n各区应急局：\n"
          "一、工作要求\n企业要在2021年底前达标。\n北京市应急管理局\n2021年3月1日\n")
GOOD_PROFILE = PROFILES["beijing-yejin"].read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# --- the error boundary --------------------------------------------------------------------

def test_os_errors_become_one_line_naming_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine.md.j2"
    folder.mkdir()
    argv = plan_args(PROFILES["beijing-yejin"], tmp_path / "plan.md", FIXTURE_CONTENT, "--template", str(folder))
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert err.startswith("错误：无法访问 ") and "mine.md.j2：是目录，不是文件" in err and err.count("\n") == 1
    monkeypatch.setenv("ANBIAO_DEBUG", "1")
    with pytest.raises(IsADirectoryError):
        main([str(a) for a in argv])


def test_unwritable_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # /sys refuses new files even to root (a chmod'ed folder would not stop root, who runs CI here).
    code, _out, err = run(capsys, *plan_args(PROFILES["beijing-yejin"], Path("/sys/anbiao-plan.md")))
    assert code == 1 and "错误：无法写入 /sys/anbiao-plan.md：没有权限；原有文件未改动" in err


def test_undecodable_bytes_in_a_query_or_option(capsys: pytest.CaptureFixture[str], content: Path,
                                                index_dir: Path) -> None:
    raw = b"\xb0\xb2\xc8\xab".decode("utf-8", "surrogateescape")  # 安全 in GB2312, as a GBK terminal sends it
    for argv in (["search", raw], ["search", "安全", "--region", raw]):
        code, _out, err = run(capsys, *argv, "--content", content, "--index-dir", index_dir)
        assert code == 1 and "含有无法识别的字节" in err


def test_query_length_is_capped_as_in_the_server(capsys: pytest.CaptureFixture[str], content: Path,
                                                 index_dir: Path) -> None:
    code, _out, err = run(capsys, "search", "长" * 201, "--content", content, "--index-dir", index_dir)
    assert code == 1 and "检索词过长（201 字）；最多 200 字" in err


# --- plan and outline inputs -------------------------------------------------------------------

@pytest.mark.parametrize(("edit", "expected"), [
    (("start_date: 2027-01-04", "start_date: 2027-02-30"), ":7: 字段 start_date（开始日期） 应为日期 YYYY-MM-DD（如 2027-01-04）；收到“2027-02-30”"),
    (("start_date: 2027-01-04", "start_date: 2001-01-04"), ":7: start_date（开始日期）2001-01-04 早于编制日期 2026-12-01 1 年以上"),
    (("start_date: 2027-01-04", "start_date: 2207-01-04"), ":7: start_date（开始日期）2207-01-04 晚于编制日期 2026-12-01 5 年以上"),
    (("name: 北京某某钢铁有限公司", "name: 北京某某\x07钢铁有限公司"), ":2: 含有控制字符 U+0007"),
    (("name: 北京某某钢铁有限公司", 'name: "北京某某\\x07钢铁有限公司"'), ":2: 字段 name（企业名称） 含有控制字符"),
    (("name: 北京某某钢铁有限公司", "name: " + "长" * 256), ":2: 字段 name（企业名称） 过长（256 字）；最多 100 字"),
    (("组长: 张三（总经理）", '组长: "张三\\t总经理"'), "字段 leaders.组长 含有控制字符"),
])
def test_bad_profile_values_name_key_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              edit: tuple[str, str], expected: str) -> None:
    assert edit[0] in GOOD_PROFILE
    out = tmp_path / "plan.docx"
    code, _out, err = run(capsys, *plan_args(profile(tmp_path, GOOD_PROFILE.replace(*edit)), out))
    assert code == 1 and expected in err, err
    assert not out.exists()


def test_a_plan_that_started_recently_is_written_with_a_warning(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.md"
    text = GOOD_PROFILE.replace("start_date: 2027-01-04", "start_date: 2026-09-01")
    code, _out, err = run(capsys, *plan_args(profile(tmp_path, text), out))
    assert code == 0 and out.exists()
    assert "提示：" in err and "start_date（开始日期）2026-09-01 早于编制日期 2026-12-01" in err


@pytest.mark.parametrize(("date", "expected"), [("1999-12-31", "--date 的值“1999-12-31”超出范围"),
                                                ("2026-02-30", "--date 的值“2026-02-30”不是日期")])
def test_dates_at_the_edge(tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str, expected: str) -> None:
    argv = [a if a != PREPARED_ON else date for a in plan_args(PROFILES["beijing-yejin"], tmp_path / "p.md")]
    code, _out, err = run(capsys, *argv)
    assert code == 1 and expected in err


def test_absurd_hours_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "outline", "--audience", "主要负责人", "--industry", "冶金", "--hours",
                          "99999999999999999999", "-o", tmp_path / "o.md", "--content", FIXTURE_CONTENT)
    assert code == 1 and "--hours 99999999999999999999 超过上限 1000 学时" in err


def test_output_must_not_be_the_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "x.md"
    template.write_text("# {{ plan.title }}\n", encoding="utf-8")
    code, _out, err = run(capsys, *plan_args(PROFILES["beijing-yejin"], template, FIXTURE_CONTENT,
                                             "--template", str(template)))
    assert code == 1 and "-o/--output 与 --template 是同一个文件" in err
    assert template.read_text(encoding="utf-8") == "# {{ plan.title }}\n"


def test_output_at_a_folder_or_through_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out.md"
    folder.mkdir()
    code, _out, err = run(capsys, *plan_args(PROFILES["beijing-yejin"], folder))
    assert code == 1 and "-o/--output 指向目录" in err
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _out, err = run(capsys, *plan_args(PROFILES["beijing-yejin"], a_file / "plan.md"))
    assert code == 1 and "notes.txt 是文件，不是目录" in err


def test_output_never_lands_in_the_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    target = content / "policies" / "bj-2013-jzbf-10.md"
    before = target.read_bytes()
    code, _out, err = run(capsys, "plan", "--profile", PROFILES["beijing-yejin"], "-o", target, "--content", content,
                          "--date", PREPARED_ON)
    assert code == 1 and "内容目录" in err and target.read_bytes() == before


def test_profile_path_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, *plan_args(tmp_path, tmp_path / "plan.md"))
    assert code == 1 and "是目录；--profile 应指向企业概况 YAML 文件" in err


def test_generated_files_have_normal_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 umask_022: None) -> None:
    out = tmp_path / "plan.docx"
    assert run(capsys, *plan_args(PROFILES["beijing-yejin"], out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)  # a mode the user chose is kept when the file is regenerated
    assert run(capsys, *plan_args(PROFILES["beijing-yejin"], out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_site_url_makes_word_citations_absolute(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    out = tmp_path / "plan.docx"
    code, _out, err = run(capsys, *plan_args(PROFILES["beijing-yejin"], out), "--site-url", "ftp://kb.example.cn")
    assert code != 0 and "--site-url" in err and "https://" in err and not out.exists()
    monkeypatch.setenv("ANBIAO_SITE_URL", "https://kb.example.cn/anbiao")
    assert run(capsys, *plan_args(PROFILES["beijing-yejin"], out))[0] == 0
    targets = [rel.target_ref for rel in docx.Document(str(out)).part.rels.values() if rel.is_external]
    # Citations of the knowledge base point at the site; the outside sources of the grading regime
    # keep their own (absolute) addresses.
    ours = [t for t in targets if "/policies/" in t or "/standards/" in t]
    assert ours and all(t.startswith("https://kb.example.cn/anbiao/") for t in ours)
    assert all(t.startswith(("https://", "http://")) for t in targets)
    # The Markdown output links to the same addresses: a plan is mostly read away from the site.
    md = tmp_path / "plan.md"
    assert run(capsys, *plan_args(PROFILES["beijing-yejin"], md))[0] == 0
    text = md.read_text(encoding="utf-8")
    assert "](https://kb.example.cn/anbiao/policies/" in text and "](policies/" not in text


# --- import and the project root -------------------------------------------------------------

def test_import_out_at_a_file_is_an_error_for_that_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "bj-2021-jyjf-3.md").mkdir()  # the target name is taken by a folder
    other = tmp_path / "other.txt"
    other.write_text(NOTICE.replace("3号", "4号"), encoding="utf-8")
    code, stdout, err = run(capsys, "import", src, other, "--out", out)
    assert code == 1 and "是目录，未写入" in err and "成功 1 个，失败 1 个" in stdout
    assert (out / "bj-2021-jyjf-4.md").is_file()
    a_file = tmp_path / "policies.md"
    a_file.write_text("mine", encoding="utf-8")
    code, stdout, err = run(capsys, "import", src, other, "--out", a_file)
    assert code == 1 and err.count("是一个文件，不是目录") == 2 and "失败 2 个" in stdout
    assert a_file.read_text(encoding="utf-8") == "mine"


def test_import_outside_a_project_creates_no_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "import", src)
    assert code == 1 and "不在安标项目中" in err and "--out" in err
    assert not (tmp_path / "content").exists()


def test_imported_files_have_normal_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                umask_022: None) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="utf-8")
    assert run(capsys, "import", src, "--out", tmp_path / "out")[0] == 0
    assert stat.S_IMODE((tmp_path / "out" / "bj-2021-jyjf-3.md").stat().st_mode) == 0o644


def test_commands_find_the_project_from_a_subfolder(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "generator" / "templates")
    code, out, _err = run(capsys, "check")
    assert code == 0 and out.startswith("检查通过：")


def test_check_reports_files_it_ignores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    doc = next((content / "policies").glob("*.md"))
    (content / "policies" / "2024").mkdir()
    shutil.copy(doc, content / "policies" / "2024" / doc.name)
    shutil.copy(doc, content / "policies" / "index-old.md")
    shutil.copy(doc, content / "policies" / "new-doc.MD")
    _code, out, _err = run(capsys, "check", "--content", content)  # the excerpts skip numbers: errors too
    assert f"policies/2024/{doc.name}:1: （警告）位于子目录中，不会被收录" in out
    assert "policies/index-old.md:1: （警告）文件名以 index 或 _ 开头" in out
    assert "policies/new-doc.MD:1: （警告）扩展名应为小写 .md" in out


def test_python_dash_m_anbiao_is_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "anbiao", "check", "--content", str(ROOT / "nope")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("错误：找不到内容目录")


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"], ["serve", "--help"]])
def test_help_is_chinese_with_each_heading_once(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("用法：anbiao")
    for english in ("usage", "options", "positional arguments", ":\n"):
        assert english not in out
    headings = [line for line in out.splitlines() if line.endswith("：")]
    assert len(headings) == len(set(headings)) > 0
    if argv == ["--help"]:
        assert headings == ["命令：", "选项："] and "\n  命令\n" not in out


def test_search_kinds_are_those_of_the_vocabulary() -> None:
    """The command takes every kind the HTTP API takes (both are checked against the vocabulary)."""
    from anbiao.cli import build_parser
    from kb.vocab import load_vocabulary

    kinds = load_vocabulary().kinds
    assert {"policy", "standard", "compilation", "register"} <= set(kinds)
    for kind in kinds:
        assert build_parser().parse_args(["search", "问题", "--kind", kind]).kind == kind
