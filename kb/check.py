"""`anbiao check`: everything in content/ that would break the site, the index or a citation."""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

from kb.errors import Problem, display_path
from kb.loader import load_corpus
from kb.model import Clause, Corpus, Document
from kb.numbering import int_to_cn
from kb.textsafety import document_problems as unsafe_markup_problems


def check_corpus(content_dir: Path, today: dt.date | None = None) -> tuple[Corpus, list[Problem]]:
    corpus, problems = load_corpus(content_dir)
    today = today or dt.date.today()
    problems.extend(_check_ids(corpus))
    for doc in corpus:
        problems.extend(_check_document(doc, today))
    return corpus, sorted(problems)


def _check_ids(corpus: Corpus) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, Document] = {}
    for doc in corpus:
        name = display_path(doc.path)
        if doc.id in seen:
            out.append(Problem(name, 2, f"id“{doc.id}”与 {display_path(seen[doc.id].path)} 重复；id 是网址，必须唯一"))
        else:
            seen[doc.id] = doc
        if doc.path.stem != doc.id:
            out.append(Problem(name, 2, f"文件名应与 id 一致：请改名为 {doc.id}.md（或改 id）"))
        folder = doc.path.parent.name
        if folder != doc.section:
            out.append(Problem(name, 3, f"kind 为 {doc.meta.kind} 的文件应放在 content/{doc.section}/ 下"))
    return out


def _line_of(doc: Document, key: str) -> int:
    """The line of a front-matter key (approximate by searching the file's head)."""
    for i, line in enumerate(doc.path.read_text(encoding="utf-8").split("\n")[: doc.body_line], 1):
        if line.startswith(f"{key}:"):
            return i
    return 1


def _check_document(doc: Document, today: dt.date) -> list[Problem]:
    name = display_path(doc.path)
    out: list[Problem] = []
    meta = doc.meta
    if meta.issued and meta.issued > today:
        out.append(Problem(name, _line_of(doc, "issued"), f"成文日期 {meta.issued} 晚于今天，请核对"))
    if meta.superseded_by and meta.status not in ("已被替代", "已废止"):
        out.append(Problem(name, _line_of(doc, "status"),
                           f"有 superseded_by（{meta.superseded_by}）时，status 应为 已被替代 或 已废止"))
    if meta.status == "已被替代" and not meta.superseded_by:
        out.append(Problem(name, _line_of(doc, "superseded_by"),
                           "status 为 已被替代 时，请在 superseded_by 写明替代它的文件（文号或 id）", "warning"))
    if not doc.body.strip():
        out.append(Problem(name, doc.body_line, "正文为空"))
    out.extend(unsafe_markup_problems(doc))
    out.extend(_check_clauses(doc, name))
    ids = {c.id for c in doc.clauses}
    for cid in meta.clause_overrides:
        if cid not in ids:
            out.append(Problem(name, _line_of(doc, "clause_overrides"),
                               f"clause_overrides 中的条款“{cid}”不存在；现有条款如 {'、'.join(list(ids)[:8])}"))
    return out


def _label_style(clause: Clause) -> str:
    """Siblings are numbered in sequence within one style (一、 vs （一） vs 1. vs （1）)."""
    label = clause.label
    if clause.scheme == "law":
        return label[-1]
    if clause.scheme == "standard":
        return "std"
    if label.startswith(("（", "(")):
        return "paren-digit" if any(ch.isdigit() for ch in label) else "paren-cn"
    return "digit" if label[:1].isdigit() else "cn"


def _expected_label(style: str, n: int) -> str:
    return {"cn": f"{int_to_cn(n)}、", "paren-cn": f"（{int_to_cn(n)}）", "digit": f"{n}.",
            "paren-digit": f"（{n}）"}.get(style, str(n))


def _check_clauses(doc: Document, name: str) -> list[Problem]:
    out: list[Problem] = []
    anchors: dict[str, Clause] = {}
    for clause in doc.clauses:
        if clause.anchor in anchors:
            out.append(Problem(name, clause.line, f"锚点 #{clause.anchor} 与第 {anchors[clause.anchor].line} 行重复"
                                                  f"（条款编号重复：{clause.heading}）"))
        else:
            anchors[clause.anchor] = clause
        if clause.scheme == "plain" and doc.meta.kind == "policy":
            out.append(Problem(name, clause.line, f"标题“{clause.heading[:20]}”没有编号；政策文件的标题应以 一、（一）1.（1）"
                                                  "或 第X章/第X条 开头", "warning"))
    # Sequence: within each parent, each numbering style runs 1, 2, 3 … (articles across the document).
    groups: dict[tuple[str, str], list[Clause]] = defaultdict(list)
    for clause in doc.clauses:
        if clause.ordinal is None or clause.kind == "preamble":
            continue
        style = _label_style(clause)
        if clause.scheme == "law" and style in ("条", "章"):
            key = ("doc", style)
        else:
            key = (clause.parent.id if clause.parent else "", style)
        groups[key].append(clause)
    for (_parent, style), members in groups.items():
        for expected, clause in enumerate(members, 1):
            if clause.ordinal != expected:
                want = _expected_label(style, expected) if style in ("cn", "paren-cn", "digit", "paren-digit") \
                    else f"第 {expected} 个"
                out.append(Problem(name, clause.line,
                                   f"编号不连续：“{clause.heading[:24]}”处应为 {want}（编号跳号或重复）"))
                break
    for clause in doc.clauses:
        if clause.scheme == "standard" and clause.parent is not None and clause.parent.scheme == "standard" \
                and not clause.id.startswith(clause.parent.id + "."):
            out.append(Problem(name, clause.line, f"条款 {clause.id} 不属于上级 {clause.parent.id}；请检查标题级别"))
    return out


def run_check(content_dir: Path) -> int:
    corpus, problems = check_corpus(content_dir)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
    if errors:
        print(f"检查未通过：{len(errors)} 处错误。请按上面的 路径:行 逐条修正后重新运行 `anbiao check`。", file=sys.stderr)
        return 1
    n_pol = sum(1 for d in corpus if d.meta.kind == "policy")
    n_std = len(corpus) - n_pol
    n_clauses = sum(1 for d in corpus for c in d.clauses if c.kind != "division")
    warn = f"，{len(problems)} 条警告" if problems else ""
    print(f"检查通过：{len(corpus)} 个文件（政策 {n_pol}、标准 {n_std}），{n_clauses} 个条款{warn}。")
    return 0
