"""Making a plan or an outline file: check the arguments, build once, render, write atomically.

What `anbiao plan` and `anbiao outline` call; the command line only words the result.
Everything is checked before anything is written, and a failure never leaves half a document.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator.model import Outline, Plan, describe
from kb.errors import AnbiaoError, FieldError, display_path, os_reason
from kb.fsio import write_atomic
from kb.loader import load_valid_corpus

FORMATS = (".docx", ".md")


@dataclass(frozen=True)
class Generated:
    """A document written to `path`, the model it was rendered from, and what the user should know."""

    path: Path
    document: Plan | Outline
    warnings: list[str] = field(default_factory=list)


def generate_plan(profile_path: Path | None, output: Path | None, content_dir: Path, prepared_on: dt.date, *,
                  template: Path | None = None, site_url: str | None = None) -> Generated:
    """The 实施方案 of the enterprise described in `profile_path`, written to `output` (.docx or .md)."""
    from generator.plan import build_plan
    from generator.profile import check_schedule, load_profile

    if profile_path is None:
        raise FieldError("profile", "", "缺少参数 {field}（企业概况 YAML，示例见 examples/）")
    output = check_output(output, template, content_dir)
    profile = load_profile(profile_path)
    warnings = check_schedule(profile, prepared_on)
    plan = build_plan(profile, load_valid_corpus(content_dir), prepared_on)
    _write(output, render_plan(plan, output.suffix.lower(), template, site_url))
    return Generated(output, plan, warnings)


def generate_outline(output: Path | None, content_dir: Path, prepared_on: dt.date, audience: str | None,
                     industry: str | None, kind: str = "初次", hours: int | None = None, region: str | None = None,
                     *, template: Path | None = None, site_url: str | None = None) -> Generated:
    """The 培训大纲 for `audience` in `industry` as of `prepared_on`, written to `output` (.docx or .md).
    Audience and industry may be missing (None): the error then says which valid values there are."""
    from generator.outline import build_outline, check_outline_args

    check_outline_args(audience, industry, kind, region)
    assert audience is not None and industry is not None  # checked just above
    output = check_output(output, template, content_dir)
    outline = build_outline(load_valid_corpus(content_dir), audience, industry, kind, hours, region, prepared_on)
    _write(output, render_outline(outline, output.suffix.lower(), template, site_url))
    return Generated(output, outline)


def render_plan(plan: Plan, suffix: str, template: Path | None = None, site_url: str | None = None) -> bytes:
    """The plan as .md or .docx bytes; in Word the enterprise is the document's author."""
    return _render({"plan": plan}, "plan.md.j2", suffix, template, plan.title, plan.enterprise.name, site_url)


def render_outline(outline: Outline, suffix: str, template: Path | None = None,
                   site_url: str | None = None) -> bytes:
    return _render({"outline": outline}, "outline.md.j2", suffix, template, outline.title, "", site_url)


def template_variables(root: str) -> list[tuple[str, str]]:
    """(variable path, description) of what a custom template of `root` ("plan" or "outline") can use."""
    return describe(Plan if root == "plan" else Outline, root)


def check_output(output: Path | None, template: Path | None = None, content_dir: Path | None = None) -> Path:
    """The output file, refused before any work when it cannot or must not be written: a generated
    document never lands in the knowledge base (it would replace a policy text or be read as one)."""
    if output is None:
        raise FieldError("output", "", "缺少参数 {field}（输出文件，扩展名 .docx 或 .md）")
    shown = display_path(output)
    if output.suffix.lower() not in FORMATS:
        raise FieldError("output", shown, "输出文件 {value} 的扩展名无效", "、".join(FORMATS))
    if output.is_dir():
        raise FieldError("output", shown, f"{{field}} 指向目录 {{value}}；请给出文件名，如 {shown}/方案{output.suffix}")
    parent = output.parent
    if not parent.exists():
        raise FieldError("output", shown, f"输出目录 {display_path(parent)} 不存在")
    if not parent.is_dir():
        raise FieldError("output", shown, f"{{field}} {{value}} 无效：{display_path(parent)} 是文件，不是目录")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise FieldError("output", shown, f"输出目录 {display_path(parent)} 不可写入；请换一个目录")
    if content_dir is not None and content_dir.is_dir() \
            and output.resolve().is_relative_to(content_dir.resolve()):
        raise FieldError("output", shown, f"{{field}} {{value}} 在内容目录 {display_path(content_dir)} 内；生成的文件"
                                          "会覆盖或混入政策原文，请输出到其他目录")
    if template is not None and template.exists() and output.exists() and output.samefile(template):
        raise FieldError("output", shown, "{field} 与 {other} 是同一个文件 {value}；请另选输出文件，以免覆盖模板",
                         other="template")
    return output


def _render(context: dict[str, Any], builtin: str, suffix: str, template: Path | None, title: str,
            author: str, site_url: str | None) -> bytes:
    """Markdown from the template; Word from that Markdown. Links to the site are relative (they work
    beside a built site) unless `site_url` is given: then absolute in both, since a plan is mostly read
    away from the site. Without `site_url`, Word shows them as plain text (a relative link is dead
    inside Word)."""
    from generator.render_md import builtin_template, read_user_template, render

    markdown = render(read_user_template(template) if template else builtin_template(builtin), context)
    if suffix == ".md":
        return (absolute_site_links(markdown, site_url) if site_url else markdown).encode("utf-8")
    from generator.render_docx import markdown_to_docx
    return markdown_to_docx(markdown, title=title, author=author, site_url=site_url)


# A Markdown link target that is relative to the site: not a scheme, not a fragment, not a root path.
# An escaped bracket (“\](” in a quoted text, kb.mdtext.escape) ends no link text and is left alone.
_RELATIVE_TARGET = re.compile(r"(?<!\\)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^)\s]+)\)")


def absolute_site_links(markdown: str, site_url: str) -> str:
    """Relative links of generated Markdown (`policies/<id>/#a21`) joined to the site's address, as
    render_docx does for Word, so a plan saved anywhere still links to the clause."""
    base = site_url.rstrip("/") + "/"
    return _RELATIVE_TARGET.sub(lambda m: f"]({urljoin(base, m.group(1))})", markdown)


def _write(output: Path, data: bytes) -> None:
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise AnbiaoError(f"无法写入 {display_path(output)}：{os_reason(exc)}；原有文件未改动") from None
