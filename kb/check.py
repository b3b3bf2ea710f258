"""`anbiao check`: everything in content/ that would break the site, the index or a citation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from kb.errors import Problem, display_path
from kb.files import ignored_files
from kb.loader import load_corpus
from kb.model import Clause, Corpus, Document
from kb.numbering import APPENDIX_HEADING, int_to_cn
from kb.textsafety import document_problems as unsafe_markup_problems
from kb.validity import check_validity


def check_corpus(content_dir: Path, today: dt.date | None = None) -> tuple[Corpus, list[Problem]]:
    corpus, problems = load_corpus(content_dir)
    today = today or dt.date.today()
    problems.extend(_check_ids(corpus))
    problems.extend(Problem(display_path(path), 1, reason, "warning") for path, reason in ignored_files(content_dir))
    for doc in corpus:
        problems.extend(_check_document(doc, today))
    problems.extend(check_validity(corpus, today))
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


def _check_document(doc: Document, today: dt.date) -> list[Problem]:
    name = display_path(doc.path)
    out: list[Problem] = []
    meta = doc.meta
    if meta.issued and meta.issued > today:
        out.append(Problem(name, doc.line_of("issued"), f"成文日期 {meta.issued} 晚于今天，请核对"))
    if not doc.held and doc.body.strip():
        out.append(Problem(name, doc.body_line, "登记条目只记录元数据，不含正文；收录全文时请放入 content/policies/"
                                                "（或 standards/），并把本条目删去"))
    if doc.held and not doc.body.strip():
        out.append(Problem(name, doc.body_line, "正文为空"))
    out.extend(unsafe_markup_problems(doc))
    out.extend(_check_clauses(doc, name))
    ids = [c.id for c in doc.clauses]
    for field, per_clause in (("clause_overrides", meta.clause_overrides), ("clause_notes", meta.clause_notes)):
        for cid in per_clause:
            if cid not in ids:
                out.append(Problem(name, doc.line_of(field, cid),
                                   f"{field} 中的条款“{cid}”不存在；现有条款如 {'、'.join(ids[:8])}"))
    for cited in meta.cites_corrections:
        if cited not in meta.cites:
            out.append(Problem(name, doc.line_of("cites_corrections", cited),
                               f"cites_corrections 更正的“{cited}”不在 cites 中；键应照录 cites 里原文的写法"))
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
        if clause.scheme == "plain" and doc.meta.kind == "policy" and not APPENDIX_HEADING.match(clause.heading):
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
