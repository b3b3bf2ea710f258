"""Errors are values the faces (command line, HTTP server) turn into one clear Chinese line."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class AnbiaoError(Exception):
    """A user-facing failure; its message is Chinese and says what to do next."""


class FieldError(AnbiaoError):
    """A bad value of one named input (region, since, hours, output …).

    The library names the field by its own name; each face words it for its users: the command
    line as an option (`--region`), the HTTP server as a URL parameter (`region`). `problem` is
    Chinese with `{field}` and `{value}` where the field's name and the value go, and `{other}` for
    a second field the problem involves (since … until).
    """

    def __init__(self, field: str, value: object, problem: str = "{field} 的值“{value}”无效",
                 valid: str = "", other: str | None = None) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        self.valid = valid  # the valid values, already listed for a reader (kb.vocab.valid_list)
        self.other = other
        super().__init__(self.worded(str))

    def worded(self, name: Callable[[str], str]) -> str:
        """The message with every field called `name(field)`."""
        text = self.problem.replace("{field}", name(self.field))
        if self.other is not None:
            text = text.replace("{other}", name(self.other))
        text = text.replace("{value}", str(self.value))  # last: the value may hold braces itself
        return f"{text}；有效值：{self.valid}" if self.valid else text


class ContentMissing(FieldError):
    """The content folder is not where it was looked for; each face says how to point at one."""

    def __init__(self, path: Path | str, problem: str = "找不到内容目录 {value}") -> None:
        super().__init__("content", display_path(path), problem)


class ContentInvalid(AnbiaoError):
    """Files that do not load stop a command that needs the whole corpus; `problems` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
        super().__init__(f"内容有错误，无法继续：{problems[0]}{more}")


@dataclass(frozen=True, order=True)
class Problem:
    """One validation finding, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error | warning
    # A step a face may suggest besides the message: "import" (the importer converts such a file).
    remedy: str = ""

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "（警告）"
        return f"{self.path}:{self.line}: {tag}{self.message}"


def display_path(path: Path | str) -> str:
    """Paths relative to the working directory read better in messages and stay clickable."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


_OS_REASONS = {
    errno.ENOENT: "不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EISDIR: "是目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "位于只读文件系统",
    errno.EEXIST: "已存在", errno.ENAMETOOLONG: "文件名过长", errno.EDQUOT: "超出磁盘配额",
    errno.EADDRINUSE: "端口已被其他程序占用", errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own text where we have no wording)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
