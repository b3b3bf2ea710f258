"""Markdown rendering through Jinja2 — built-in templates and a user's own, all in one sandbox.

Every template (ours too) runs in a SandboxedEnvironment with StrictUndefined, so a user template can
neither reach Python internals nor print an empty string for a misspelt variable. Every `{{ value }}`
is Markdown-escaped on output (kb.mdtext.escape); `link()` and `raw()` mark the few values that are
Markdown already.

A user's template is also bounded in what it may cost. The sandbox refuses what it can see coming
(`'a' * 10**9`, `10 ** 100000`, `range(10**9)`, other template files) and the output is counted as it
streams. What it cannot see coming — a filter asked for a gigabyte (`'a'|center(10**9)`), nested
loops, a macro recursing on doubling strings — is bounded from outside: the template runs in a child
process with an address-space limit and a wall-clock timeout, because Python cannot interrupt or
cap the memory of code running in its own thread. Our own templates are trusted and run in-process.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
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
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from kb.errors import AnbiaoError, display_path
from kb.mdtext import escape
from kb.numbering import cn_date

TEMPLATE_DIR = Path(__file__).parent / "templates"
STARTUP_SECONDS = 60.0  # a new interpreter importing the model, on a loaded machine


@dataclass(frozen=True)
class Template:
    """A template's text, the name its errors show, and whether it is ours or a user's."""

    source: str
    name: str
    trusted: bool


@dataclass(frozen=True)
class Limits:
    """What a user's template may cost. Our templates render in well under 0.1 s to under 20,000
    characters, so these leave a user's template wide room."""

    output_chars: int = 2_000_000
    range_items: int = 10_000
    seconds: float = 2.0
    memory_bytes: int = 512 * 2**20
    source_chars: int = 1_000_000


class MdRaw(str):
    """A string that is Markdown already and must not be escaped again."""


class TemplateFieldUnknown(AnbiaoError):
    """A template names a variable or field the document does not have; a face says where they are listed."""


class LimitExceeded(Exception):
    """A template asked for more than its Limits allow; the message is Chinese and says which limit."""


def _finalize(value: Any) -> str:
    if isinstance(value, MdRaw):
        return str(value)
    if isinstance(value, dt.date):
        return cn_date(value)
    if value is None:
        return ""
    return escape(str(value))


def cn_date_filter(value: dt.date | None) -> str:
    """The `cn_date` filter: GB/T 9704 writes dates in Arabic numerals (2027年1月4日); an unknown date is
    empty, not "None"."""
    return "" if value is None else cn_date(value)


def date_span(start: dt.date, end: dt.date) -> str:
    """A period as official documents write it, without repeating what the two dates share:
    2027年1月4日至17日, 2027年1月18日至2月7日, 2027年12月6日至2028年1月2日. Short enough that a
    heading carrying it does not wrap in the middle of a date."""
    if (start.year, start.month) == (end.year, end.month):
        tail = f"{end.day}日"
    elif start.year == end.year:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = cn_date(end)
    return f"{cn_date(start)}至{tail}"


def link(text: str, url: str | None) -> MdRaw:
    """[text](url) with the text escaped; plain escaped text when there is no URL."""
    label = escape(str(text))
    if not url:
        return MdRaw(label)
    return MdRaw(f"[{label}]({url})")


def cite(item: Any) -> MdRaw:
    """A citation as a plan writes it: the link, and the cited document's status beside it
    (《中华人民共和国安全生产法》第五条（现行有效）). `item` has citation, url and status."""
    status = getattr(item, "status", "")
    return MdRaw(link(item.citation, item.url) + (f"（{escape(status)}）" if status else ""))


def cn_number(n: int) -> str:
    from kb.numbering import int_to_cn
    return int_to_cn(n)


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox, with the operators that can build huge values checked before they run.

    Intercepted operators are also never folded at compile time, so `{{ 'a' * 10**9 }}` cannot
    allocate while the template is compiled either.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) \
                        and len(seq) * count > self.limits.output_chars:
                    raise LimitExceeded(f"“*” 会生成 {len(seq) * count:,} 个字符或元素，"
                                        f"超过上限 {self.limits.output_chars:,}")
        elif operator == "**" and isinstance(left, int | float) and isinstance(right, int | float) \
                and abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 4096:
            raise LimitExceeded("“**” 的结果过大（超过 4096 位）")
        return super().call_binop(context, operator, left, right)


def make_environment(limits: Limits | None = None) -> LimitedSandbox:
    limits = limits or Limits()
    env = LimitedSandbox(limits, undefined=StrictUndefined, finalize=_finalize, autoescape=False,
                         keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cn_date"] = cn_date_filter
    env.filters["cn_number"] = cn_number
    env.globals["date_span"] = date_span
    env.filters["raw"] = MdRaw
    env.globals["link"] = link
    env.globals["cite"] = cite
    env.globals["raw"] = MdRaw
    env.globals["range"] = _bounded_range(limits.range_items)
    return env


def _bounded_range(most: int) -> Callable[..., range]:
    def bounded(*args: int) -> range:
        items = range(*args)
        if len(items) > most:
            raise LimitExceeded(f"range() 有 {len(items):,} 项，超过上限 {most:,}")
        return items
    return bounded


def builtin_template(name: str) -> Template:
    """A template shipped in generator/templates/."""
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    return Template(source, f"generator/templates/{name}", trusted=True)


def read_user_template(path: Path, limits: Limits | None = None) -> Template:
    limits = limits or Limits()
    shown = display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnbiaoError(f"找不到模板文件 {shown}") from None
    except UnicodeDecodeError:
        raise AnbiaoError(f"{shown}: 模板文件应为 UTF-8 编码") from None
    if len(source) > limits.source_chars:
        raise AnbiaoError(f"{shown}: 模板文件过大（{len(source):,} 个字符，上限 {limits.source_chars:,}）")
    return Template(source, shown, trusted=False)


def render(template: Template, context: dict[str, Any], limits: Limits | None = None) -> str:
    """Render a template; every template error becomes one Chinese line naming the template line.

    A user's template is checked and rendered in a child process bounded by `limits` — checking
    too, since Jinja evaluates constant expressions (`'a'|center(10**9)`) while it analyses them; ours
    run here.
    """
    limits = limits or Limits()
    if template.trusted:
        return _check_and_render(template, context, limits)
    return _render_isolated(template, context, limits)


def _check(env: LimitedSandbox, template: Template, context: dict[str, Any]) -> None:
    """What can be refused before anything runs: syntax, unknown variables, references to other files."""
    name = template.name
    try:
        ast = env.parse(template.source, name=name, filename=name)
    except TemplateSyntaxError as exc:
        raise AnbiaoError(f"{name}:{exc.lineno}: 模板语法错误（{_syntax_problem(exc.message or '')}）") from None
    # A template is one file: include/extends/import would read others (/etc/passwd, or itself forever).
    referenced = list(meta.find_referenced_templates(ast))
    if referenced:
        node = next(ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)))
        shown = f"“{referenced[0]}”" if referenced[0] else "其他文件"
        raise AnbiaoError(f"{name}:{node.lineno}: 模板不能引用{shown}（不支持 include、extends、import）；"
                          "请把内容写在同一个模板文件里")
    known = set(context) | set(env.globals)
    try:  # compiling for introspection finds unknown filters and tests (TemplateAssertionError)
        declared = meta.find_undeclared_variables(ast)
    except TemplateSyntaxError as exc:
        raise AnbiaoError(f"{name}:{exc.lineno}: 模板语法错误（{_syntax_problem(exc.message or '')}）") from None
    unknown = sorted(declared - known)
    if unknown:
        first = unknown[0]
        line = _first_use(ast, first)
        raise TemplateFieldUnknown(f"{name}:{line}: 模板使用了未知变量“{first}”；"
                                   f"可用的顶层变量：{'、'.join(sorted(context))}")


def _check_and_render(template: Template, context: dict[str, Any], limits: Limits) -> str:
    env = make_environment(limits)
    _check(env, template, context)
    name = template.name
    # The template's own name as its file name: Jinja then reports template lines in tracebacks.
    # Any other name is not found, whatever slipped past _check.
    env.loader = FunctionLoader(lambda wanted: (template.source, name, lambda: True) if wanted == name else None)
    try:
        compiled = env.get_template(name)
        size = 0
        parts = []
        for part in compiled.generate(context):
            size += len(part)
            if size > limits.output_chars:
                raise AnbiaoError(f"{name}: 模板输出超过上限（{limits.output_chars:,} 个字符），已中止；"
                                  "请检查循环是否过多")
            parts.append(part)
    except LimitExceeded as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板超出限制：{exc}") from None
    except SecurityError as exc:
        attribute = re.search(r"attribute '([^']*)'", str(exc))
        shown = f"“{attribute[1]}”" if attribute else ""
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板试图访问不安全的属性{shown}，已拒绝；"
                          "模板只能读取文件的数据字段，不能访问以下划线开头的内部属性") from None
    except UndefinedError as exc:
        raise TemplateFieldUnknown(f"{name}:{_error_line(exc, name)}: 模板使用了未定义的变量或字段："
                                   f"{_undefined_name(exc)}") from None
    except TemplateError as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板出错（{_syntax_problem(str(exc))}）") from None
    except RecursionError as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板递归过深（宏反复调用自身），已中止") from None
    except MemoryError:
        raise AnbiaoError(f"{name}: 模板运行超出内存上限（{limits.memory_bytes // 2**20} MB），已中止") from None
    except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
        raise AnbiaoError(f"{name}:{_error_line(exc, name)}: 模板运行出错（{_RUN_PROBLEMS[_run_kind(exc)]}）") from None
    return _tidy("".join(parts))


def _render_isolated(template: Template, context: dict[str, Any], limits: Limits) -> str:
    """Check and render in a fresh interpreter that cannot outgrow `limits`; kill it when time is up.

    A plain subprocess rather than multiprocessing: forking a process that may run threads (a server)
    can deadlock, and multiprocessing's spawn re-imports the caller's main module. The clock starts
    when the child says it is ready: its start-up is not the template's doing.
    """
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen([sys.executable, "-c", "from generator.render_md import child_main; child_main()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    ready = threading.Event()  # set when the child said ready, or ended without saying it
    started: list[bool] = []
    answer: list[bytes] = []

    def read() -> None:
        assert child.stdout is not None
        started.append(child.stdout.readline() == b"ready\n")
        ready.set()
        if started[0]:
            answer.append(child.stdout.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert child.stdin is not None
        with child.stdin:
            child.stdin.write(pickle.dumps((template, context, limits)))
        if not ready.wait(STARTUP_SECONDS) or not started[0]:
            raise AnbiaoError(f"{template.name}: 无法启动模板渲染进程")
        reader.join(limits.seconds)
        if reader.is_alive():
            raise AnbiaoError(f"{template.name}: 模板运行超过时间上限（{limits.seconds:g} 秒），已中止；"
                              "请检查是否有过大的循环或递归")
    except BrokenPipeError:
        raise AnbiaoError(f"{template.name}: 无法启动模板渲染进程") from None
    finally:
        child.kill()
        child.wait()
    try:
        result = json.loads(answer[0])
    except (IndexError, ValueError):  # the child died without a word: out of memory, as a rule
        raise AnbiaoError(f"{template.name}: 模板渲染进程意外退出（可能超出内存上限 "
                          f"{limits.memory_bytes // 2**20} MB），已中止") from None
    if result["kind"] == "unknown_field":
        raise TemplateFieldUnknown(result["text"])
    if result["kind"] == "error":
        raise AnbiaoError(result["text"])
    return str(result["text"])


def child_main() -> None:
    """The child of _render_isolated: read the job on fd 0, cap the address space, say ready on fd 1,
    answer in JSON on fd 1. Both are pipes to the parent, never a terminal."""
    with open(0, "rb", closefd=False) as job:
        template, context, limits = pickle.loads(job.read())
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    except (ImportError, ValueError, OSError):  # no such limit here (Windows): the timeout remains
        pass
    with open(1, "wb", closefd=False) as answer:
        answer.write(b"ready\n")
        answer.flush()
        try:
            result = {"kind": "ok", "text": _check_and_render(template, context, limits)}
        except AnbiaoError as exc:
            result = {"kind": "unknown_field" if isinstance(exc, TemplateFieldUnknown) else "error", "text": str(exc)}
        except Exception as exc:  # whatever else a hostile template provokes: still one line, no traceback
            result = {"kind": "error",
                      "text": f"{template.name}:{_error_line(exc, template.name)}: 模板运行出错（{_RUN_PROBLEMS[_run_kind(exc)]}）"}
        answer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))


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


# Jinja's wording of the syntax errors a template author meets, in Chinese (<n>: the pattern's
# group n, a token named as the author writes it).
_SYNTAX_PROBLEMS = [
    (r"^Unexpected end of template.*needs to be closed is '(\w+)'",
     "模板在“{% <1> %}”块结束之前就结束了；请补上 {% end<1> %}"),
    (r"^Encountered unknown tag '(\w+)'.*needs to be closed is '(\w+)'",
     "“{% <1> %}”与尚未结束的“{% <2> %}”块不配对；请先用 {% end<2> %} 结束它"),
    (r"^Encountered unknown tag '(\w+)'", "不认识的标签“{% <1> %}”；可用 if、for、set、macro 等"),
    (r"^unexpected end of template", "模板在 {{ 或 {% 闭合之前就结束了；请补上 }} 或 %}"),
    (r"^unexpected char (['\"])(.)", "此处不能有字符“<2>”；文字请放在引号里，引号要配对"),
    (r"^unexpected '(.+?)', expected '(.+?)'", "此处应为“<2>”，却是“<1>”；请检查括号是否配对"),
    (r"^unexpected '(.+?)'", "此处不应有“<1>”；请检查括号是否配对"),
    (r"^expected token '(.+?)', got '(.+?)'", "此处应为“<1>”，却是“<2>”"),
    (r"^Expected an expression, got '(.+?)'", "“<1>”之前缺少表达式（变量名或值）"),
    (r"^tag name expected", "{% %} 中缺少标签名"),
    (r"^No filter named '(.+?)'", "没有名为“<1>”的过滤器"),
    (r"^No test named '(.+?)'", "没有名为“<1>”的测试"),
    (r"^block '(.+?)' defined twice", "块“<1>”定义了两次"),
    (r"^Missing end of comment tag", "注释 {# 没有闭合；请补上 #}"),
]
# Jinja's names of tokens, as the author types them.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "name": "名称",
           "end of template": "模板末尾"}


def _syntax_problem(message: str) -> str:
    """Jinja's English never reaches the author: an unlisted problem gets a general hint instead."""
    found = next(((match, chinese) for pattern, chinese in _SYNTAX_PROBLEMS
                  if (match := re.search(pattern, message, re.DOTALL))), None)
    if found is None:
        return "请检查这一行的 {{ }}、{% %} 是否配对，标签是否拼写正确"
    match, chinese = found
    groups = [_TOKENS.get(g, g) for g in match.groups()]
    return re.sub(r"<(\d)>", lambda n: groups[int(n[1]) - 1], chinese)


# What went wrong while a template ran, by the kind of Python error (its English text is not shown).
_RUN_PROBLEMS = {
    "arithmetic": "算术错误，如除以零；请检查这一行的计算",
    "type": "值的类型不对，如把文字和数字相加，或把文字当作日期传给 date_span；请检查这一行用到的变量",
    "lookup": "取了不存在的项，如列表下标超出范围；请用 --template-vars 查看各列表的内容",
    "value": "值不合要求；请检查这一行用到的变量和参数",
}


def _run_kind(exc: BaseException) -> str:
    if isinstance(exc, ArithmeticError):
        return "arithmetic"
    if isinstance(exc, (TypeError, AttributeError)):
        return "type"
    if isinstance(exc, LookupError):
        return "lookup"
    return "value"


def _undefined_name(exc: UndefinedError) -> str:
    msg = str(exc.message or exc)
    # jinja: "'x' is undefined" / "'Plan object' has no attribute 'foo'" / "list object has no element 99"
    if "has no attribute" in msg:
        return "字段“" + msg.rsplit("'", 2)[-2] + "”不存在"
    if "is undefined" in msg:
        return "“" + msg.split("'")[1] + "”"
    element = re.search(r"has no element (\S+)", msg)
    if element:
        return f"列表中没有第 {element[1]} 项（下标从 0 开始）"
    return "变量或字段不存在"


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end: templates stay readable, output stays stable.

    Trailing blanks go, except the two spaces that make a Markdown hard line break.
    """
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped and line.endswith("  "):
            stripped += "  "
        if not stripped and (not out or not out[-1]):
            continue
        out.append(stripped)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
