"""`anbiao plan` and `anbiao outline`: parse nothing, check the arguments, build once, render, write atomically."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from generator.model import Outline, Plan, describe
from kb.errors import AnbiaoError, display_path
from kb.loader import load_valid_corpus
from kb.numbering import parse_date

FORMATS = (".docx", ".md")


def run_plan(args: argparse.Namespace) -> int:
    if args.template_vars:
        print(_template_vars("plan", Plan))
        return 0
    if args.profile is None:
        raise AnbiaoError("缺少参数 --profile（企业概况 YAML，示例见 examples/）")
    output = _check_output(args.output)
    from generator.plan import build_plan
    from generator.profile import check_departments, load_profile
    from generator.sources import standard_elements

    profile = load_profile(args.profile)
    prepared_on = _parse_day(args.date) if args.date else dt.date.today()
    corpus = load_valid_corpus(args.content)
    _, elements = standard_elements(corpus, profile.chosen_standard)
    check_departments(profile, args.profile,
                      [e.name for e in elements] + [c.name for e in elements for c in e.children])
    plan = build_plan(profile, corpus, prepared_on)
    data = render_plan(plan, output.suffix, args.template)
    _write(output, data)
    print(f"已生成 {display_path(output)}（{plan.title}）")
    return 0


def run_outline(args: argparse.Namespace) -> int:
    if args.template_vars:
        print(_template_vars("outline", Outline))
        return 0
    from generator.outline import build_outline, check_outline_args

    check_outline_args(args.audience, args.industry, args.kind, getattr(args, "region", None))
    output = _check_output(args.output)
    corpus = load_valid_corpus(args.content)
    outline = build_outline(corpus, args.audience, args.industry, args.kind, args.hours,
                            getattr(args, "region", None))
    data = render_outline(outline, output.suffix, args.template)
    _write(output, data)
    print(f"已生成 {display_path(output)}（{outline.title}，{outline.total_hours} 学时）")
    return 0


def render_plan(plan: Plan, suffix: str, template: Path | None = None) -> bytes:
    return _render({"plan": plan}, "plan.md.j2", suffix, template, plan.title, plan.enterprise.name)


def render_outline(outline: Outline, suffix: str, template: Path | None = None) -> bytes:
    return _render({"outline": outline}, "outline.md.j2", suffix, template, outline.title)


def _render(context: dict[str, Any], builtin: str, suffix: str, template: Path | None, title: str,
            author: str = "") -> bytes:
    from generator.render_md import builtin_template, read_user_template, render

    markdown = render(read_user_template(template) if template else builtin_template(builtin), context)
    if suffix == ".md":
        return markdown.encode("utf-8")
    from generator.render_docx import markdown_to_docx
    return markdown_to_docx(markdown, title=title, author=author)


def _template_vars(root: str, model: type) -> str:
    rows = describe(model, root)
    width = max(len(path) for path, _ in rows)
    lines = [f"模板可用的变量（顶层变量：{root}；列表字段用 {{% for x in ... %}} 遍历）："]
    lines += [f"  {path.ljust(width)}  {text}" for path, text in rows]
    lines.append("过滤器：cn_date（日期写作 2027年1月4日）、cn_number（3 → 三）、join 等 Jinja2 内置过滤器；"
                 "函数：link(文字, 链接)、raw(已是 Markdown 的文字)、status_note(编制依据条目)、deadline_note(期限条目)。"
                 "输出的值自动按 Markdown 转义；模板在沙箱中运行，不能访问以下划线开头的属性")
    return "\n".join(lines)


def _check_output(output: Path | None) -> Path:
    if output is None:
        raise AnbiaoError("缺少参数 -o/--output（输出文件，扩展名 .docx 或 .md）")
    if output.suffix.lower() not in FORMATS:
        raise AnbiaoError(f"输出文件 {display_path(output)} 的扩展名无效；有效值：.docx、.md")
    if not output.parent.exists():
        raise AnbiaoError(f"输出目录 {display_path(output.parent)} 不存在")
    return output


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        parsed = parse_date(text)
        if parsed is None:
            raise AnbiaoError(f"--date 的值“{text}”不是日期；应写作 YYYY-MM-DD，如 2027-01-04") from None
        return parsed


def _write(output: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder so a failure never leaves half a document."""
    fd, tmp = tempfile.mkstemp(prefix=".anbiao-", suffix=output.suffix, dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
