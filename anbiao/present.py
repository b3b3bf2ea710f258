"""How the command line words results and errors: Chinese text for people, JSON for programs.

Every function takes library data and returns text; nothing here reads files or prints.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from kb.errors import (
    AnbiaoError,
    ContentInvalid,
    ContentMissing,
    FieldError,
    Problem,
    display_path,
    os_reason,
)
from kb.validity import evidence_citation
from kb.vocab import load_vocabulary

if TYPE_CHECKING:
    from generator.documents import Generated
    from kb.applicability import ApplicableClause, ApplicableDocument
    from kb.importer import ImportedFile, ImportReport
    from kb.model import Corpus
    from kb.scope import ClauseScope
    from kb.validity import Proposal
    from search.index import IndexReport
    from search.query import Filters
    from search.ranking import Hit, Similar

_ANSI_ON, _ANSI_OFF = "\033[1;31m", "\033[0m"
# Options whose name on the command line is not just --<field>.
_OPTION_NAMES = {"output": "-o/--output", "query": "检索词"}


def option_name(field: str) -> str:
    """The command-line spelling of a library field: only_region → --only-region."""
    return _OPTION_NAMES.get(field) or "--" + field.replace("_", "-")


def _worded(exc: BaseException | None) -> str:
    """A library error's message with its fields named as options."""
    return exc.worded(option_name) if isinstance(exc, FieldError) else str(exc)


def error_line(exc: BaseException) -> str:
    """One Chinese line (or a few, for a list of problems) for an error the command ends with."""
    if isinstance(exc, FieldError):
        return f"错误：{exc.worded(option_name)}{_remedy(exc)}"
    if isinstance(exc, AnbiaoError):
        return f"错误：{exc}{_remedy(exc)}"
    if isinstance(exc, OSError):
        return f"错误：{os_error(exc)}"
    if isinstance(exc, MemoryError):
        return "错误：内存不足；输入可能过大"
    return f"内部错误：{type(exc).__name__}: {exc}。请设置环境变量 ANBIAO_DEBUG=1 重新运行以显示详细信息，并报告此问题"


def _remedy(exc: AnbiaoError) -> str:
    """What to run next, for the library errors that have a command as their cure."""
    from generator.render_md import TemplateFieldUnknown
    from search.index import IndexBusy, IndexDamaged, IndexMissing, IndexNotWritable, IndexOutdated

    if isinstance(exc, ContentMissing):
        return "；请在项目根目录运行，或用 --content 指定"
    if isinstance(exc, ContentInvalid):
        return "；请先运行 `anbiao check` 查看并修正"
    if isinstance(exc, IndexDamaged):
        if exc.content_missing:
            return "；请在项目根目录运行 `anbiao index`"
        return "" if exc.reason else "；请运行 `anbiao index` 重建"
    if isinstance(exc, IndexMissing):
        return "；请运行 `anbiao index`"
    if isinstance(exc, IndexOutdated):
        return "；请运行 `anbiao index` 重建"
    if isinstance(exc, IndexBusy):
        return "；请等它完成后再运行 `anbiao index`"
    if isinstance(exc, IndexNotWritable):
        return "，或用 --index-dir（或环境变量 ANBIAO_INDEX）指定一个可写的索引目录"
    if isinstance(exc, TemplateFieldUnknown):
        return "（用 --template-vars 查看可用字段）"
    return ""


# Problem.remedy → the command that would have avoided it.
_PROBLEM_REMEDIES = {"import": "（用 `anbiao import` 导入时会自动处理）"}


def problem_line(problem: Problem) -> str:
    """`path:line: message`, with the command that would fix it where there is one."""
    return f"{problem}{_PROBLEM_REMEDIES.get(problem.remedy, '')}"


def os_error(exc: OSError) -> str:
    """A file-system failure with the path it concerns, in Chinese."""
    reason = os_reason(exc)
    if exc.filename is None:
        return f"系统错误：{reason}"
    return f"无法访问 {display_path(exc.filename)}：{reason}"


# --- check ---------------------------------------------------------------------------------------

def check_report(corpus: Corpus, problems: list[Problem]) -> tuple[list[str], list[str]]:
    """(lines for stdout, lines for stderr): errors go to stderr, warnings and the summary to stdout."""
    errors = [p for p in problems if p.severity == "error"]
    out = [problem_line(p) for p in problems if p.severity != "error"]
    err = [problem_line(p) for p in errors]
    if errors:
        err.append(f"检查未通过：{len(errors)} 处错误。请按上面的 路径:行 逐条修正后重新运行 `anbiao check`。")
        return out, err
    labels = load_vocabulary().kind_labels
    counts = Counter(d.meta.kind for d in corpus)
    by_kind = "、".join(f"{labels[kind]} {counts[kind]}" for kind in labels if counts[kind])
    n_clauses = sum(1 for d in corpus for c in d.clauses if c.kind != "division")
    warn = f"，{len(problems)} 条警告" if problems else ""
    out.append(f"检查通过：{len(corpus)} 个文件（{by_kind}），{n_clauses} 个条款{warn}。")
    return out, err


# --- validity evidence ------------------------------------------------------------------------

def evidence_report(proposals: list[Proposal]) -> list[str]:
    """What the corpus proves about statuses, for the editor to confirm into the front-matter."""
    lines: list[str] = []
    pending = 0
    for p in proposals:
        if p.target is None:
            continue
        pending += not p.agrees
        successor = f"，superseded_by: {p.successor.id}" if p.successor else ""
        lines.append(f"［{'已记录' if p.agrees else '待确认'}］{display_path(p.target.path)}：《{p.target.title}》{p.status}——"
                     f"{evidence_citation(p.evidence, p.clause, p.target)}：“{p.quote}”")
        lines.append(f"    status: {p.status}，status_basis: - clause: {p.basis_ref}{successor}")
    missing = sorted({(p.title, evidence_citation(p.evidence, p.clause)) for p in proposals if p.target is None})
    if missing:
        lines.append(f"库中未收录（{len(missing)} 个；需要时可在 content/register/ 建登记条目）：")
        lines.extend(f"  《{title}》——见{where}" for title, where in missing)
    found = sum(1 for p in proposals if p.target is not None)
    lines.append(f"共 {found} 条可由库内文本证明的时效性，其中 {pending} 条待确认。")
    return lines


# --- import --------------------------------------------------------------------------------------

_FIELD_CN = {"title": "标题", "doc_no": "文号", "issuer": "发文机关", "region": "地区", "level": "效力级别",
             "issued": "成文日期", "addressees": "主送机关"}


def imported_line(item: ImportedFile, number: int, total: int) -> str:
    """✓ source → target (encoding, clauses); what is missing; or ✗ and why."""
    prefix = f"[{number}/{total}] " if total > 1 else ""
    if item.error is not None or item.result is None or item.target is None:
        return f"{prefix}✗ {_worded(item.error)}"
    result = item.result
    missing = "、".join(_FIELD_CN[f] for f in result.missing)
    line = (f"{prefix}✓ {display_path(item.source)} → {display_path(item.target)}（{result.encoding}，"
            f"{result.clause_count} 个条款）"
            + (f"；未能确定：{missing}（已留空，请人工补充）" if missing else "；元数据齐全，请人工复核"))
    if result.notes:
        line += "；" + "；".join(result.notes)
    if result.dropped:
        line += f"；已去除页码/网页杂项 {len(result.dropped)} 行"
    return line


def import_summary(report: ImportReport) -> str | None:
    total = len(report.files)
    if total < 2:
        return None
    return f"完成：成功 {total - report.failed} 个，失败 {report.failed} 个。下一步：运行 `anbiao check` 校验。"


# --- index and search ----------------------------------------------------------------------------

def index_summary(report: IndexReport, index_dir: str) -> str:
    how = "全部重建" if report.full else "增量更新"
    return (f"索引已{how}（{index_dir}）：新增 {report.added} 个文件，更新 {report.updated} 个，"
            f"删除 {report.removed} 个，未变 {report.unchanged} 个；写入 {report.clauses} 条条款，"
            f"用时 {report.seconds:.2f} 秒。")


def index_problems(problems: list[Problem]) -> list[str]:
    return [f"{problem_line(p)}（该文件未编入索引）" for p in problems]


def dictionary_written(terms: int, path: str) -> str:
    return f"已写入 {terms} 个词到 {path}；请运行 `anbiao index` 重建索引"


INDEX_FAILED = "错误：{n} 处内容问题，相关文件未编入索引；请运行 `anbiao check` 查看并修正"
EMPTY_QUERY = "检索词为空；请输入要查的问题，如 anbiao search 标准化证书过期怎么办"


def mark(passage: str, spans: list[tuple[int, int]], color: bool) -> str:
    """Wrap the spans: bold red on a terminal, 【】 when the output is piped."""
    on, off = (_ANSI_ON, _ANSI_OFF) if color else ("【", "】")
    out, last = [], 0
    for a, b in spans:
        out.append(passage[last:a])
        out.append(on + passage[a:b] + off)
        last = b
    out.append(passage[last:])
    return "".join(out)


# A compilation (kind: compilation) is the editors' summary of several texts, numbered by the
# editors: its hits are found like any clause but must not be quoted as a provision.
COMPILATION_NOTE = "注意：这是编者整理的汇编，不是文件原文，编号不能引用；请按各条所注来源核对"


def search_text(query: str, hits: list[Hit], terms: list[str], color: bool) -> str:
    """A readable listing: rank, citation, status, heading path, highlighted passage, the
    near-identical clauses of other documents folded into it, link."""
    from search.render import best_passage

    lines = [f"“{query}”：找到 {len(hits)} 条相关条款（按相关度排序）", ""]
    for rank, hit in enumerate(hits, 1):
        facts = " · ".join(x for x in (hit.region, hit.status_label, hit.issued) if x)
        lines.append(f"{rank}. {hit.citation}  [{facts}]")
        if hit.in_force is False:
            lines.append(f"   注意：本文件{hit.status_label}，引用前请核对现行规定")
        if hit.kind == "compilation":
            lines.append(f"   {COMPILATION_NOTE}")
        if hit.heading_path:
            lines.append(f"   {hit.heading}")
        passage, spans = best_passage(hit.text or hit.heading, terms)
        lines.append(f"   {mark(passage, spans, color)}")
        if hit.similar:
            lines.append(f"   {similar_line(hit.similar)}")
        lines.append(f"   {hit.url}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def similar_line(similar: list[Similar]) -> str:
    """另见 2 个地方性法规的同类规定：《…》（北京市）、《…》（山东省）."""
    levels = {s.level for s in similar}
    kind = levels.pop() if len(levels) == 1 else "文件"
    named = "、".join(f"《{s.title}》（{s.region}{'，' + s.status if s.status != '现行有效' else ''}）"
                     for s in similar[:3])
    more = f" 等 {len(similar)} 处" if len(similar) > 3 else ""
    return f"另见 {len(similar)} 个{kind}的同类规定：{named}{more}"


def search_json(hits: list[Hit]) -> str:
    return json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2) + "\n"


def no_hits(query: str, filters: Filters) -> str:
    """What to tell a user who found nothing, and what to try next."""
    tips = ["换用更短或更常用的词（如“标准化 证书”“隐患 排查”）",
            "用文号检索（如 京政办发〔2013〕10号）"]
    if not filters.is_empty():
        tips.insert(0, "去掉 --region/--industry/--kind/--status/--since/--until 等筛选条件再试")
        if filters.region and filters.only_region:
            tips.insert(0, "去掉 --only-region，把全国性文件也包括进来")
    listed = "；".join(f"{i}. {t}" for i, t in enumerate(tips, 1))
    return f"没有找到与“{query}”相关的条款。可以试试：{listed}。\n"


# --- applicable ----------------------------------------------------------------------------------

def _deadline_words(item: ApplicableClause) -> str:
    """A deadline for the terminal: spent ones as past, never as coming; the authorities' targets as theirs."""
    from kb.applicability import RELATION_GOVERNMENT

    if item.scope.deadline_phrase is None:
        return "无"
    when = _when(item)
    return f"政府工作目标 {when}，不是企业的期限" if item.relation == RELATION_GOVERNMENT else when


def _when(item: ApplicableClause) -> str:
    scope = item.scope
    if scope.deadline is None:
        return f"“{scope.deadline_phrase}”（文件日期不详，无法换算）"
    state = "已过期" if item.deadline_passed else "未到期"
    return f"{scope.deadline.isoformat()}（原文“{scope.deadline_phrase}”，{state}）"


def _scope_words(scope: ClauseScope) -> str:
    parts = []
    if scope.industries:
        parts.append("行业：" + "、".join(scope.industries))
    if scope.scales:
        parts.append("规模：" + "、".join(scope.scales))
    return "；".join(parts) if parts else "不限行业和规模"


def _deadline_overview(result: list[ApplicableDocument]) -> list[str]:
    """The enterprise's coming deadlines, then the spent ones, then the authorities' targets (context)."""
    from kb.applicability import RELATION_GOVERNMENT

    dated = sorted((c for d in result for c in d.clauses if c.scope.deadline_phrase),
                   key=lambda c: c.scope.deadline or date.max)
    groups = [
        ("企业的期限：", [c for c in dated if c.is_duty and not c.deadline_passed]),
        ("已过的期限（仅供了解，不再是待办事项）：", [c for c in dated if c.is_duty and c.deadline_passed]),
        ("政府的工作目标（背景，不是企业的期限）：", [c for c in dated if c.relation == RELATION_GOVERNMENT]),
    ]
    lines = []
    for title, items in groups:
        if items:
            lines.append(f"  {title}")
            lines.extend(f"    {_when(c)}  {c.citation}" for c in items)
    return ["", "【期限一览】", *lines] if lines else []


def _document_lines(item: ApplicableDocument) -> list[str]:
    meta = item.doc.meta
    issued = meta.issued.isoformat() if meta.issued else "日期不详"
    lines = ["", f"《{meta.title}》" + (f"（{meta.doc_no}）" if meta.doc_no else "")
             + f"  {meta.region} · {issued} · 时效性：{item.status.label}" + ("" if meta.complete else " · 仅有节选")]
    if item.status.in_force is False:
        lines.append(f"  {item.status.sentence()}")
    return lines


def _clause_lines(c: ApplicableClause) -> list[str]:
    lines = [f"  ▸ {c.clause.ref}  {_short(c.clause.heading, c.clause.label)}".rstrip(),
             f"    对象：{c.scope.addressee}（{c.relation}）；{_scope_words(c.scope)}；期限：{_deadline_words(c)}"]
    if c.condition:
        lines.append(f"    条件：{c.condition}")
    stated = [t.text for t in c.matched if t.text and t.deadline_phrase]
    shown = "原文：" + "；".join(stated[:2]) if stated else _excerpt(c.clause.text)
    if shown:
        lines.append(f"    {shown}")
    lines.append(f"    引用：{c.citation}")
    return lines


def applicable_text(result: list[ApplicableDocument], region: str, industry: str, scale: str, on: date,
                    include_superseded: bool = False, not_held: list[ApplicableDocument] | None = None) -> str:
    """Readable Chinese for the terminal: the duties by tier, then the liabilities (【法律责任】), each
    document with its status on the date, each deadline as coming, spent or the authorities' target."""
    from kb.applicability import RELATION_CONDITIONAL, RELATION_GOVERNMENT, RELATION_LIABILITY

    clauses = [c for d in result for c in d.clauses]
    count = Counter(c.relation for c in clauses)
    duties = sum(1 for c in clauses if c.is_duty)
    lines = [f"适用于 {region} · {industry} · {scale} 企业的条款（时效性和期限以 {on.isoformat()} 为准）："]
    if not result:
        lines.append("知识库中没有找到适用的条款。")
        return "\n".join(lines)
    lines.append(f"共 {len(result)} 个文件：要求企业 {duties} 条（其中有条件的 {count[RELATION_CONDITIONAL]} 条，"
                 f"只在企业具备所列条件时适用），法律责任 {count[RELATION_LIABILITY]} 条，"
                 f"政府职责中涉及企业 {count[RELATION_GOVERNMENT]} 条（供了解）。")
    ended = sum(1 for d in result if d.status.in_force is False)
    if include_superseded:
        lines.append(f"已包括该日不再有效的文件 {ended} 个，均标明时效性，不能作为现行依据。")
    else:
        lines.append("只列该日有效的文件（时效性“未知”的照列并标明）；加 --include-superseded 同时列出已修改、"
                     "已废止、已被替代或失效的文件。")
    if not_held:
        lines.extend(["", "【全文未收录的文件】（适用于本企业，但知识库没有其全文，条款无法逐条列出；请查阅原文）"])
        for item in not_held:
            lines.extend(_document_lines(item))
            replaced = [d for d in item.status.predecessors if d.held]
            if replaced:
                lines.append("    替代了库中的：" + "、".join(f"《{d.title}》（{d.meta.issued or '日期不详'}）" for d in replaced))
    lines.extend(_deadline_overview(result))
    tier = None
    for item in result:
        own = [c for c in item.clauses if c.relation != RELATION_LIABILITY]
        if not own:
            continue
        if item.tier != tier:
            tier = item.tier
            lines.extend(["", f"【{tier}】"])
        lines.extend(_document_lines(item))
        for c in own:
            lines.extend(_clause_lines(c))
    liable = [d for d in result if any(c.relation == RELATION_LIABILITY for c in d.clauses)]
    if liable:
        lines.extend(["", "【法律责任】（违反上述义务的后果，不是义务本身）"])
        for item in liable:
            lines.extend(_document_lines(item))
            for c in item.clauses:
                if c.relation == RELATION_LIABILITY:
                    lines.extend(_clause_lines(c))
    return "\n".join(lines)


def _short(heading: str, label: str) -> str:
    text = heading[len(label):].strip() if label and heading.startswith(label) else heading
    return text[:40] + ("…" if len(text) > 40 else "")


def _excerpt(text: str, limit: int = 80) -> str:
    flat = text.replace("\n", " ")
    return flat[:limit] + ("…" if len(flat) > limit else "")


def applicable_json(result: list[ApplicableDocument], region: str, industry: str, scale: str,
                    on: date, include_superseded: bool = False,
                    not_held: list[ApplicableDocument] | None = None) -> str:
    """The same result as data: one object per document with its status on the date, its clauses in
    document order with relation, condition and whether their deadline is spent."""
    data: dict[str, Any] = {
        "profile": {"region": region, "industry": industry, "scale": scale, "date": on.isoformat()},
        "include_superseded": include_superseded,
        "not_held": [
            {"doc_id": d.doc.id, "title": d.doc.title, "doc_no": d.doc.meta.doc_no, "region": d.doc.meta.region,
             "tier": d.tier, "status": d.status.status, "status_label": d.status.label,
             "in_force": d.status.in_force, "status_sentence": d.status.sentence(),
             "supersedes": [p.id for p in d.status.predecessors], "url": d.doc.url}
            for d in not_held or []
        ],
        "documents": [
            {
                "doc_id": d.doc.id, "title": d.doc.title, "doc_no": d.doc.meta.doc_no, "region": d.doc.meta.region,
                "tier": d.tier, "kind": d.doc.meta.kind,
                "status": d.status.status, "status_label": d.status.label, "in_force": d.status.in_force,
                "status_sentence": d.status.sentence(),
                "issued": d.doc.meta.issued.isoformat() if d.doc.meta.issued else None,
                "complete": d.doc.meta.complete, "url": d.doc.url,
                "clauses": [
                    {
                        "clause_id": c.clause.id, "ref": c.clause.ref, "heading": c.clause.heading,
                        "text": c.clause.text, "addressee": c.scope.addressee, "relation": c.relation,
                        "is_duty": c.is_duty, "condition": c.condition,
                        "industries": c.scope.industries, "scales": c.scope.scales,
                        "deadline": c.scope.deadline.isoformat() if c.scope.deadline else None,
                        "deadline_phrase": c.scope.deadline_phrase, "deadline_passed": c.deadline_passed,
                        "spent": c.deadline_passed is True, "enterprise_deadline": c.is_duty and c.scope.deadline is not None,
                        "overridden": c.scope.overridden, "citation": c.citation, "url": c.url,
                    }
                    for c in d.clauses
                ],
            }
            for d in result
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- plan and outline ----------------------------------------------------------------------------

def generated(result: Generated) -> str:
    from generator.model import Outline

    doc = result.document
    detail = f"{doc.title}，{doc.total_hours} 学时" if isinstance(doc, Outline) else doc.title
    return f"已生成 {display_path(result.path)}（{detail}）"


def template_variables(root: str, rows: list[tuple[str, str]]) -> str:
    width = max(len(path) for path, _ in rows)
    lines = [f"模板可用的变量（顶层变量：{root}；列表字段用 {{% for x in ... %}} 遍历）："]
    lines += [f"  {path.ljust(width)}  {text}" for path, text in rows]
    lines.append("过滤器：cn_date（日期写作 2027年1月4日）、cn_number（3 → 三）、join 等 Jinja2 内置过滤器；"
                 "函数：link(文字, 链接)、raw(已是 Markdown 的文字)、cite(引文：链接及时效性)、date_span(开始, 结束)（写作 2027年1月4日至17日）。"
                 "输出的值自动按 Markdown 转义；模板在沙箱中运行，不能访问以下划线开头的属性")
    return "\n".join(lines)


# --- serve ---------------------------------------------------------------------------------------

def serving(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"安标站点：http://{shown}:{port}/ （检索接口 /api/search?q=…；按 Ctrl+C 停止）"


def serving_publicly(host: str) -> str | None:
    if host in ("127.0.0.1", "localhost", "::1"):
        return None
    return f"注意：正在监听 {host}，局域网内其他计算机也能访问。"
