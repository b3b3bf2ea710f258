"""Which clauses of the knowledge base apply to an enterprise: region, industry, size (issue 6).

Used by `anbiao applicable` and by the plan generator (编制依据、工作目标). A clause is listed when

- its document's region is the enterprise's region or one containing it (city → province → 全国);
- its document is not 已废止 / 已被替代 (a superseded text is not what an enterprise must meet today);
- its document's `industries` are empty or include the enterprise's industry (工贸 includes 冶金);
- its document's title does not name another size (大中型企业… → 规模以上 only);
- it is addressed to enterprises (addressee 企业), or it is a government clause that concerns them —
  it sets enterprises' targets or deadlines, or says what happens to enterprises (复评、撤销证书、
  停产整顿, 督促企业…). A safety manager needs both: the second kind is what the authorities will
  check. Each clause says which of the two it is (`relation`);
- one of its statements (kb.scope.Target) covers the enterprise's industry and size, or it has none.

The deadline shown is the earliest among the statements that match the enterprise
(京政办发〔2013〕10号 一（二）: 2013年底前 for 冶金/规模以上, 2015年前 for 冶金/规模以下).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kb.errors import AnbiaoError
from kb.loader import load_valid_corpus
from kb.model import Clause, Corpus, Document
from kb.numbering import parse_date
from kb.scope import ENTERPRISE, GOVERNMENT, ClauseScope, Target, clause_scope, document_scales
from kb.vocab import load_vocabulary, valid_list

TIERS = ("全国", "省级", "市级")
RELATION_DIRECT = "要求企业"
RELATION_GOVERNMENT = "政府职责（涉及企业）"
_EXCLUDED_STATUSES = ("已废止", "已被替代")


@dataclass
class ApplicableClause:
    doc: Document
    clause: Clause
    scope: ClauseScope
    deadline_passed: bool | None  # None when no deadline
    citation: str
    url: str
    # Beyond the interface of docs/HELPERS.md (defaults keep it compatible):
    relation: str = RELATION_DIRECT  # 要求企业 | 政府职责（涉及企业）
    matched: list[Target] = field(default_factory=list)  # the statements that matched the profile


@dataclass
class ApplicableDocument:
    doc: Document
    tier: str  # 全国 | 省级 | 市级
    clauses: list[ApplicableClause]


def applicable(corpus: Corpus, region: str, industry: str, scale: str,
               on_date: date | None = None) -> list[ApplicableDocument]:
    """The clauses that apply to an enterprise of `region`, `industry`, `scale`, grouped by document.

    National documents first, then the province's, then the city's; newest first within a tier.
    `on_date` (default today) decides whether each deadline has passed.
    Raises AnbiaoError with the valid values when region, industry or scale is not in the vocabulary.
    """
    vocab = load_vocabulary()
    _check_profile(region, industry, scale)
    today = on_date or date.today()
    chain = vocab.region_chain(region)
    out: list[ApplicableDocument] = []
    for doc in corpus:
        if doc.meta.region not in chain or doc.meta.status in _EXCLUDED_STATUSES:
            continue
        if doc.meta.industries and industry not in vocab.expand_industries(doc.meta.industries):
            continue
        title_scales = document_scales(doc)
        if title_scales and scale not in title_scales:
            continue
        clauses = [c for c in (_applicable_clause(doc, clause, industry, scale, today)
                               for clause in doc.clauses) if c is not None]
        if clauses:
            out.append(ApplicableDocument(doc, _tier(doc.meta.region), clauses))
    out.sort(key=lambda d: (TIERS.index(d.tier), -(d.doc.meta.issued or date.min).toordinal(), d.doc.id))
    return out


def _check_profile(region: str, industry: str, scale: str) -> None:
    vocab = load_vocabulary()
    if region not in vocab.regions:
        raise AnbiaoError(f"地区“{region}”不在词表中；{vocab.region_hint(region)}")
    if industry not in vocab.industries:
        raise AnbiaoError(f"行业“{industry}”不在词表中；有效值：{valid_list(vocab.industries)}")
    if scale not in vocab.scales:
        raise AnbiaoError(f"规模“{scale}”不在词表中；有效值：{valid_list(vocab.scales)}")


def _tier(region: str) -> str:
    if region == "全国":
        return "全国"
    parent = load_vocabulary().region_parent.get(region)
    return "省级" if parent in (None, "全国") else "市级"


def _applicable_clause(doc: Document, clause: Clause, industry: str, scale: str,
                       today: date) -> ApplicableClause | None:
    if clause.kind != "clause":
        return None  # the preamble and 章/节 headings are not clauses of their own
    scope = clause_scope(doc, clause)
    if scope.addressee == ENTERPRISE:
        relation = RELATION_DIRECT
    elif scope.addressee == GOVERNMENT and scope.concerns_enterprises:
        relation = RELATION_GOVERNMENT
    else:
        return None
    vocab = load_vocabulary()
    if scope.targets:
        matched = [t for t in scope.targets if _target_matches(t, industry, scale)]
        if not matched:
            return None
    else:
        if scope.industries and industry not in vocab.expand_industries(scope.industries):
            return None
        if scope.scales and scale not in scope.scales:
            return None
        matched = []
    industries, scales = scope.industries, scope.scales
    deadline, phrase = scope.deadline, scope.deadline_phrase
    if matched:
        # What the clause says to this enterprise: the statements that cover it, not the whole clause.
        # Statements that restrict or date something say more than the clause's general duties.
        specific = [t for t in matched if t.industries or t.scales or t.deadline_phrase]
        industries = [] if not specific or any(not t.industries for t in specific) \
            else _union(t.industries for t in specific)
        scales = [] if not specific or any(not t.scales for t in specific) else _union(t.scales for t in specific)
        dated = sorted((t for t in matched if t.deadline_phrase), key=lambda t: t.deadline or date.max)
        deadline, phrase = (dated[0].deadline, dated[0].deadline_phrase) if dated else (None, None)
    resolved = ClauseScope(scope.addressee, industries, scales, deadline, phrase, scope.overridden,
                           scope.concerns_enterprises, scope.targets)
    passed = None if deadline is None else deadline < today
    return ApplicableClause(doc, clause, resolved, passed, doc.citation(clause), doc.clause_url(clause),
                            relation, matched)


def _union(lists: Any) -> list[str]:
    out: list[str] = []
    for values in lists:
        out.extend(v for v in values if v not in out)
    return out


def _target_matches(target: Target, industry: str, scale: str) -> bool:
    vocab = load_vocabulary()
    if target.industries and industry not in vocab.expand_industries(target.industries):
        return False
    return not target.scales or scale in target.scales


# --- the command ----------------------------------------------------------------------------------

def run_applicable(args: argparse.Namespace) -> int:
    """`anbiao applicable --region R --industry I --scale S [--date D] [--json]`."""
    on_date = _parse_cli_date(args.date)
    _check_profile(args.region, args.industry, args.scale)  # before loading: a typo fails fast
    corpus = load_valid_corpus(Path(args.content))
    result = applicable(corpus, args.region, args.industry, args.scale, on_date)
    if args.json:
        print(json.dumps(to_json(result, args.region, args.industry, args.scale, on_date),
                         ensure_ascii=False, indent=2))
    else:
        print(format_text(result, args.region, args.industry, args.scale, on_date))
    return 0


def _parse_cli_date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        found = parse_date(text)
        if found is None:
            raise AnbiaoError(f"--date 的值“{text}”不是日期；请写 YYYY-MM-DD，如 2027-01-04") from None
        return found


def _deadline_words(item: ApplicableClause) -> str:
    scope = item.scope
    if scope.deadline_phrase is None:
        return "无"
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


def format_text(result: list[ApplicableDocument], region: str, industry: str, scale: str,
                on_date: date | None = None) -> str:
    """Readable Chinese for the terminal: documents by tier, each clause with its deadline and citation."""
    on = (on_date or date.today()).isoformat()
    n_clauses = sum(len(d.clauses) for d in result)
    lines = [f"适用于 {region} · {industry} · {scale} 企业的条款（期限以 {on} 判断）：",
             f"共 {len(result)} 个文件、{n_clauses} 条。"]
    if not result:
        lines.append("知识库中没有找到适用的条款。")
        return "\n".join(lines)
    direct = sum(1 for d in result for c in d.clauses if c.relation == RELATION_DIRECT)
    lines.append(f"其中直接要求企业的 {direct} 条，政府职责中涉及企业的 {n_clauses - direct} 条。")
    dated = sorted((c for d in result for c in d.clauses if c.scope.deadline_phrase),
                   key=lambda c: c.scope.deadline or date.max)
    if dated:
        lines.append("")
        lines.append("【期限一览】")
        lines.extend(f"  {_deadline_words(c)}  {c.citation}" for c in dated)
    tier = None
    for item in result:
        if item.tier != tier:
            tier = item.tier
            lines.append("")
            lines.append(f"【{tier}】")
        meta = item.doc.meta
        issued = meta.issued.isoformat() if meta.issued else "日期不详"
        lines.append("")
        lines.append(f"《{meta.title}》" + (f"（{meta.doc_no}）" if meta.doc_no else "")
                     + f"  {meta.region} · {issued} · {meta.status}"
                     + ("" if meta.complete else " · 仅有节选"))
        for c in item.clauses:
            lines.append(f"  ▸ {c.clause.ref}  {_short(c.clause.heading, c.clause.label)}")
            lines.append(f"    对象：{c.scope.addressee}（{c.relation}）；{_scope_words(c.scope)}；"
                         f"期限：{_deadline_words(c)}")
            stated = [t.text for t in c.matched if t.text and t.deadline_phrase]
            lines.append(f"    {'原文：' + '；'.join(stated[:2]) if stated else _excerpt(c.clause.text)}")
            lines.append(f"    引用：{c.citation}")
    return "\n".join(lines)


def _short(heading: str, label: str) -> str:
    text = heading[len(label):].strip() if label and heading.startswith(label) else heading
    return text[:40] + ("…" if len(text) > 40 else "")


def _excerpt(text: str, limit: int = 80) -> str:
    flat = text.replace("\n", " ")
    return flat[:limit] + ("…" if len(flat) > limit else "")


def to_json(result: list[ApplicableDocument], region: str, industry: str, scale: str,
            on_date: date | None = None) -> dict[str, Any]:
    """The same result as data: one object per document, its clauses in document order."""
    return {
        "profile": {"region": region, "industry": industry, "scale": scale,
                    "date": (on_date or date.today()).isoformat()},
        "documents": [
            {
                "doc_id": d.doc.id, "title": d.doc.title, "doc_no": d.doc.meta.doc_no, "region": d.doc.meta.region,
                "tier": d.tier, "status": d.doc.meta.status, "kind": d.doc.meta.kind,
                "issued": d.doc.meta.issued.isoformat() if d.doc.meta.issued else None,
                "complete": d.doc.meta.complete, "url": d.doc.url,
                "clauses": [
                    {
                        "clause_id": c.clause.id, "ref": c.clause.ref, "heading": c.clause.heading,
                        "text": c.clause.text, "addressee": c.scope.addressee, "relation": c.relation,
                        "industries": c.scope.industries, "scales": c.scope.scales,
                        "deadline": c.scope.deadline.isoformat() if c.scope.deadline else None,
                        "deadline_phrase": c.scope.deadline_phrase, "deadline_passed": c.deadline_passed,
                        "overridden": c.scope.overridden, "citation": c.citation, "url": c.url,
                    }
                    for c in d.clauses
                ],
            }
            for d in result
        ],
    }
