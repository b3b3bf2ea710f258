"""Markdown rendering through Jinja2 — built-in templates and a user's own, all in one sandbox.

Every template (ours too) runs in a SandboxedEnvironment with StrictUndefined, so a user template can
neither reach Python internals nor print an empty string for a misspelt variable. Every `{{ value }}`
is Markdown-escaped on output (kb.mdtext.escape); `link()` and `raw()` mark the few values that are
Markdown already.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from jinja2 import (
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from kb.errors import AnbiaoError, display_path
from kb.mdtext import escape

TEMPLATE_DIR = Path(__file__).parent / "templates"


class MdRaw(str):
    """A string that is Markdown already and must not be escaped again."""


def _finalize(value: Any) -> str:
    if isinstance(value, MdRaw):
        return str(value)
    if isinstance(value, dt.date):
        return cn_date(value)
    if value is None:
        return ""
    return escape(str(value))


def cn_date(value: dt.date | None) -> str:
    """GB/T 9704 writes dates in Arabic numerals: 2027年1月4日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def link(text: str, url: str | None) -> MdRaw:
    """[text](url) with the text escaped; plain escaped text when there is no URL."""
    label = escape(str(text))
    if not url:
        return MdRaw(label)
    return MdRaw(f"[{label}]({url})")


def status_note(item: Any) -> str:
    """（时效性：未知）（本库仅收录节选） after a basis entry, where they apply."""
    out = "" if item.status == "现行有效" else f"（时效性：{item.status}）"
    return out + ("" if item.complete else "（本库仅收录节选）")


def deadline_note(item: Any) -> str:
    if not item.phrase:
        return ""
    state = {True: "，已过", False: "，未到"}.get(item.passed, "")
    return f"（期限：{item.phrase}{state}）"


def cn_number(n: int) -> str:
    from kb.numbering import int_to_cn
    return int_to_cn(n)


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, finalize=_finalize, autoescape=False,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cn_date"] = cn_date
    env.filters["cn_number"] = cn_number
    env.filters["raw"] = MdRaw
    env.globals["link"] = link
    env.globals["status_note"] = status_note
    env.globals["deadline_note"] = deadline_note
    env.globals["raw"] = MdRaw
    return env


def builtin_template(name: str) -> tuple[str, str]:
    """(source, display name) of a template shipped in generator/templates/."""
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    return source, f"generator/templates/{name}"


def read_user_template(path: Path) -> tuple[str, str]:
    try:
        return path.read_text(encoding="utf-8"), display_path(path)
    except FileNotFoundError:
        raise AnbiaoError(f"找不到模板文件 {display_path(path)}") from None
    except UnicodeDecodeError:
        raise AnbiaoError(f"{display_path(path)}: 模板文件应为 UTF-8 编码") from None


def render(source: str, name: str, context: dict[str, Any]) -> str:
    """Render `source`; every template error becomes one Chinese line naming the template line."""
    env = make_environment()
    try:
        ast = env.parse(source, name=name, filename=name)
    except TemplateSyntaxError as exc:
        raise AnbiaoError(f"{name}:{exc.lineno}: 模板语法错误（{exc.message}）") from None
    known = set(context) | set(env.globals)
    unknown = sorted(meta.find_undeclared_variables(ast) - known)
    if unknown:
        first = unknown[0]
        line = _first_use(ast, first)
        raise AnbiaoError(f"{name}:{line}: 模板使用了未知变量“{first}”；可用的顶层变量：{'、'.join(sorted(context))}"
                          "（用 --template-vars 查看全部字段）")
    try:
        env.loader = FunctionLoader(lambda _n: (source, name, lambda: True))
        text = env.get_template(name).render(context)
    except SecurityError as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板试图访问不安全的属性，已拒绝（{exc}）") from None
    except UndefinedError as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板使用了未定义的变量或字段：{_undefined_name(exc)}"
                          "（用 --template-vars 查看可用字段）") from None
    except TemplateError as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板出错（{exc}）") from None
    return _tidy(text)


def _first_use(ast: nodes.Template, variable: str) -> int:
    for node in ast.find_all(nodes.Name):
        if node.name == variable and node.ctx == "load":
            return node.lineno
    return 1


def _error_line(exc: BaseException, name: str) -> int:
    """Jinja rewrites tracebacks so that template frames carry the template's own line numbers."""
    tb = exc.__traceback__ if exc.__traceback__ else sys.exc_info()[2]
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _undefined_name(exc: UndefinedError) -> str:
    msg = str(exc.message or exc)
    # jinja: "'x' is undefined" / "'Plan object' has no attribute 'foo'"
    if "has no attribute" in msg:
        return "字段“" + msg.rsplit("'", 2)[-2] + "”不存在"
    if "is undefined" in msg:
        return "“" + msg.split("'")[1] + "”"
    return msg


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end: templates stay readable, output stays stable."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
