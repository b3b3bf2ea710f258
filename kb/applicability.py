"""Which clauses of the knowledge base apply to an enterprise: region, industry, size.

Used by `anbiao applicable` and by the plan generator (编制依据、工作目标). A clause is listed when

- its document's region is the enterprise's region or one containing it (city → province → 全国);
- its document is in force on the date asked (kb.validity.in_force; 未知 counts as in force and is
  shown as 未知) — replaced, repealed or expired texts only with `include_superseded=True`, and then
  always with their status (`ApplicableDocument.status`);
- its document's `industries` are empty or include the enterprise's industry (工贸 includes 冶金) — for a
  law, article by article (kb.lawscope: a 机械 factory that stores 危险化学品 is bound by those articles of
  the 危险化学品安全管理条例, a 施工单位 article binds 建筑施工 only);
- its document's title does not name another size (大中型企业… → 规模以上 only);
- it is addressed to enterprises (addressee 企业), or it is a government clause that concerns them —
  it sets enterprises' targets or deadlines, or says what happens to enterprises (复评、撤销证书、
  停产整顿, 督促企业…). A safety manager needs both: the second kind is what the authorities will
  check. Each clause says which it is (`relation`): a duty (要求企业), a duty that holds only for
  enterprises that have or do what the text names (有条件的要求, with `condition`), a liability
  (法律责任: what happens when a duty is broken — listed apart from duties), or a government clause
  that concerns enterprises;
- one of its statements (kb.scope.Target) covers the enterprise's industry and size, or it has none; a
  duty is conditional when every statement that covers the enterprise names a condition.

The deadline shown is the earliest among the statements that match the enterprise
(京政办发〔2013〕10号 一（二）: 2013年底前 for 冶金/规模以上, 2015年前 for 冶金/规模以下).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kb.errors import FieldError
from kb.model import Clause, Corpus, Document
from kb.scope import ENTERPRISE, GOVERNMENT, ClauseScope, Target, clause_scope, document_scales, ordered_union
from kb.validity import StatusView, status_on
from kb.vocab import load_vocabulary, valid_list

TIERS = ("全国", "省级", "市级")
RELATION_DIRECT = "要求企业"
RELATION_CONDITIONAL = "有条件的要求"
RELATION_LIABILITY = "法律责任"
RELATION_GOVERNMENT = "政府职责（涉及企业）"
# Kinds that state rules: a compilation (our own summary) and a register entry (no text) do not.
_RULE_KINDS = ("policy", "standard")


@dataclass
class ApplicableClause:
    doc: Document
    clause: Clause
    scope: ClauseScope
    deadline_passed: bool | None  # None when no deadline
    citation: str
    url: str
    relation: str = RELATION_DIRECT  # 要求企业 | 有条件的要求 | 法律责任 | 政府职责（涉及企业）
    matched: list[Target] = field(default_factory=list)  # the statements that matched the profile
    condition: str | None = None  # for 有条件的要求: what the enterprise must have or do, in the text's words

    @property
    def is_duty(self) -> bool:
        """A duty of the enterprise itself, conditional or not (not a liability, not the government's)."""
        return self.relation in (RELATION_DIRECT, RELATION_CONDITIONAL)


@dataclass
class ApplicableDocument:
    doc: Document
    tier: str  # 全国 | 省级 | 市级
    clauses: list[ApplicableClause]
    status: StatusView  # the document's status on the date asked: shown beside every citation

    @property
    def only_on_conditions(self) -> bool:
        """Whether every duty it lists is conditional (危险化学品安全管理条例 for a 机械 factory): it binds the
        enterprise only if it has or does what the conditions name — a plan may leave it out of its basis."""
        duties = [c for c in self.clauses if c.is_duty]
        return bool(duties) and all(c.relation == RELATION_CONDITIONAL for c in duties)


def applicable(corpus: Corpus, region: str, industry: str, scale: str,
               on_date: date | None = None, include_superseded: bool = False) -> list[ApplicableDocument]:
    """The clauses that apply to an enterprise of `region`, `industry`, `scale`, grouped by document.

    National documents first, then the province's, then the city's; within a tier by authority
    (法律, 行政法规, 部门规章 …), newest first within a level.
    `on_date` (default today) decides which documents are in force and whether each deadline has
    passed; `include_superseded` also lists texts no longer in force (each carries its status).
    Raises FieldError with the valid values when region, industry or scale is not in the vocabulary.
    """
    vocab = load_vocabulary()
    check_enterprise(region, industry, scale)
    today = on_date or date.today()
    chain = vocab.region_chain(region)
    out: list[ApplicableDocument] = []
    for doc in corpus:
        # A page whose numbering is ours (citable: false — GB/T 33000—2025's parts, whose structure is not
        # established) offers no clause to cite, so it binds nobody by clause here.
        if doc.meta.region not in chain or not doc.held or doc.meta.kind not in _RULE_KINDS \
                or not doc.meta.citable:
            continue
        status = status_on(doc, today, corpus)
        if status.in_force is False and not include_superseded:
            continue
        found = _applicable_document(doc, status, industry, scale, today)
        if found is not None:
            out.append(found)
    # A safety manager reads the law before the regulations under it: by tier, then by authority
    # (the order of `levels` in the vocabulary: 法律, 行政法规, 部门规章 …), newest first within a level.
    levels = vocab.levels
    out.sort(key=lambda d: (TIERS.index(d.tier), levels.index(d.doc.meta.level) if d.doc.meta.level in levels
                            else len(levels), -(d.doc.meta.issued or date.min).toordinal(), d.doc.id))
    return out


def _applicable_document(doc: Document, status: StatusView, industry: str, scale: str,
                         today: date) -> ApplicableDocument | None:
    """The document's clauses that apply to the enterprise; None when none does. Region and status are
    the caller's to decide."""
    if not fits_trade_and_size(doc, industry, scale):
        return None
    clauses = [c for c in (_applicable_clause(doc, clause, industry, scale, today)
                           for clause in doc.clauses) if c is not None]
    return ApplicableDocument(doc, _tier(doc.meta.region), clauses, status) if clauses else None


def fits_trade_and_size(doc: Document, industry: str, scale: str) -> bool:
    """Whether the document's metadata reach the enterprise: its `industries` (a law's are decided article
    by article) and the size its title names."""
    if doc.meta.industries and industry not in load_vocabulary().expand_industries(doc.meta.industries) \
            and not _articles_decide(doc):
        return False
    title_scales = document_scales(doc)
    return not title_scales or scale in title_scales


def check_enterprise(region: str, industry: str, scale: str) -> None:
    """FieldError listing the valid values when a value is not in the vocabulary; cheap, so callers
    may ask before loading the corpus."""
    vocab = load_vocabulary()
    if region not in vocab.regions:
        raise FieldError("region", region, "地区“{value}”不在词表中；" + vocab.region_hint(region))
    if industry not in vocab.industries:
        raise FieldError("industry", industry, "行业“{value}”不在词表中", valid_list(vocab.industries))
    if scale not in vocab.scales:
        raise FieldError("scale", scale, "规模“{value}”不在词表中", valid_list(vocab.scales))


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
    if scope.addressee == ENTERPRISE and scope.liability:
        relation = RELATION_LIABILITY
    elif scope.addressee == ENTERPRISE:
        relation = RELATION_DIRECT
    elif scope.addressee == GOVERNMENT and scope.concerns_enterprises:
        relation = RELATION_GOVERNMENT
    else:
        return None
    vocab = load_vocabulary()
    # A trade's own law binds other trades only through what they have or do (its conditional
    # articles: storing 危险化学品), never through a trade word in the text (煤矿安全生产条例 names the
    # 国家矿山安全监察机构, which does not make it a 非煤矿山 enterprise's law).
    other_trade = bool(doc.meta.industries) and industry not in vocab.expand_industries(doc.meta.industries)
    if scope.targets:
        matched = [t for t in scope.targets if _target_matches(t, industry, scale)
                   and (t.condition or not other_trade)]
        if not matched:
            return None
    elif other_trade:
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
            else ordered_union(t.industries for t in specific)
        scales = [] if not specific or any(not t.scales for t in specific) else ordered_union(t.scales for t in specific)
        dated = sorted((t for t in matched if t.deadline_phrase), key=lambda t: t.deadline or date.max)
        deadline, phrase = (dated[0].deadline, dated[0].deadline_phrase) if dated else (None, None)
    resolved = ClauseScope(scope.addressee, industries, scales, deadline, phrase, scope.overridden,
                           scope.concerns_enterprises, scope.targets, scope.liability)
    passed = None if deadline is None else deadline < today
    # A duty binds this enterprise only on a condition when every statement that reaches it has one.
    conditions = [t.condition for t in matched]
    condition = None
    if relation == RELATION_DIRECT and conditions and all(conditions):
        relation = RELATION_CONDITIONAL
        condition = "；".join(dict.fromkeys(c for c in conditions if c))
    return ApplicableClause(doc, clause, resolved, passed, doc.citation(clause), doc.clause_url(clause),
                            relation, matched, condition)


def _articles_decide(doc: Document) -> bool:
    """A law's `industries` say what it is about; its articles say whom they bind (a 机械 factory that stores
    危险化学品 is bound by the storage articles of the 危险化学品安全管理条例), so kb.scope applies them
    article by article."""
    return any(c.scheme == "law" for c in doc.clauses)


def _target_matches(target: Target, industry: str, scale: str) -> bool:
    vocab = load_vocabulary()
    if target.industries and industry not in vocab.expand_industries(target.industries):
        return False
    return not target.scales or scale in target.scales


def applicable_register(corpus: Corpus, region: str, industry: str, scale: str,
                        on_date: date | None = None) -> list[ApplicableDocument]:
    """Register entries (documents whose text is not held) that apply to the enterprise and are in
    force (or of unknown status) on the date: the current 重庆市安全生产条例 is a plan's basis although
    only its predecessor's text is held. The region, industry and title-size rules of `applicable`;
    there are no clauses to match, so `clauses` is empty."""
    vocab = load_vocabulary()
    check_enterprise(region, industry, scale)
    today = on_date or date.today()
    chain = vocab.region_chain(region)
    out = []
    for doc in corpus:
        if doc.held or doc.meta.region not in chain or not fits_trade_and_size(doc, industry, scale):
            continue
        status = status_on(doc, today, corpus)
        if status.in_force is False or not _predecessors_apply(doc, corpus, industry, scale, today):
            continue
        out.append(ApplicableDocument(doc, _tier(doc.meta.region), [], status))
    return out


def _predecessors_apply(entry: Document, corpus: Corpus, industry: str, scale: str, today: date) -> bool:
    """A newer version we do not hold binds the enterprise where the held version it replaced did: its
    articles are not here to read, its predecessor's are (北京市烟花爆竹安全管理规定 2017 is no basis
    for a steel plant because the 2010 text binds enterprises only on conditions). An entry that
    replaced no held text is judged by its metadata alone."""
    held = [d for d in (corpus.get(i) for i in entry.meta.supersedes) if d is not None and d.held]
    if not held:
        return True
    return any((found := _applicable_document(d, status_on(d, today, corpus), industry, scale, today)) is not None
               and not found.only_on_conditions for d in held)
