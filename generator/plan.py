"""Build a 实施方案 (Plan) from a profile and the knowledge base — once; renderers only lay it out.

What the plan asserts rests on the applicable documents in force on the day it is written
(kb.applicability), each cited with its status; the grading regime and the standards come from
generator.regime; everything else is advice, worded as such, from generator/data/plan.yaml.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from generator.model import (
    PLACEHOLDER,
    Annex,
    BasisGroup,
    BasisItem,
    Cited,
    DeadlineItem,
    DepartmentDuty,
    Detail,
    Enterprise,
    Guarantee,
    Organisation,
    Phase,
    Plan,
    StandardInfo,
    Target,
    TaskRow,
)
from generator.profile import Profile, check_departments
from generator.regime import Grading, grading
from generator.rules import GuaranteeSpec, PhaseSpec, plan_rules, regime_rules
from generator.sources import (
    ITEM_LABEL,
    Element,
    basis_group,
    basis_group_index,
    conditions_of,
    held_quote,
    list_lead_in,
    reader_status,
    resolve_quote,
    sentence_with,
    standard_elements,
    status_text,
)
from kb.applicability import ApplicableDocument, applicable, applicable_register
from kb.model import Corpus, Document
from kb.validity import status_on
from kb.vocab import load_vocabulary

ANNEX_TOPIC = "标准化建设"  # annex 1 quotes what the documents of this topic require of the enterprise


class _Placeholders:
    """Collects every 【请填写：…】 so the annex lists what the enterprise still has to supply."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, what: str) -> str:
        if what not in self.items:
            self.items.append(what)
        return PLACEHOLDER.format(what)


def build_plan(profile: Profile, corpus: Corpus, prepared_on: dt.date) -> Plan:
    """The plan; AnbiaoError (naming the profile's line) when its departments name elements the chosen
    standard does not have."""
    rules = plan_rules()
    ask = _Placeholders()
    found = applicable(corpus, profile.region, profile.industry, profile.scale, prepared_on)
    graded = grading(corpus, profile.region, profile.industry, profile.scale, prepared_on)
    frame = _frame(profile, graded)
    std_doc, elements = standard_elements(corpus, frame)
    check_departments(profile, [e.name for e in elements] + [c.name for e in elements for c in e.children],
                      frame)
    basis_docs = [f for f in found if basis_group(f) is not None]
    standard = _standard_info(profile, corpus, std_doc, graded, elements, prepared_on)
    phases = _phases(profile)
    target = _target(profile, corpus, basis_docs, graded, prepared_on, phases[-1].end)
    task_phase = next((p for p, spec in zip(phases, _phase_specs(profile), strict=True) if spec.element_tasks),
                      phases[-1])
    return Plan(
        title=f"{profile.name}安全生产标准化建设实施方案",
        enterprise=_enterprise(profile, ask),
        prepared_on=prepared_on,
        guiding=[g.format(standard=graded.leading or rules.guiding_no_standard, target=target.statement)
                 for g in rules.guiding],
        basis=_basis(profile, corpus, basis_docs, graded, std_doc, prepared_on),
        regime=graded.regime,
        standards=graded.standards,
        grading_notes=graded.notes,
        confirm=graded.confirm,
        confirm_with=regime_rules().confirm_with,
        standard=standard,
        target=target,
        organisation=_organisation(profile, corpus, prepared_on, ask),
        phases_note=rules.phases_note,
        phases=phases,
        schedule_months=_months(phases),
        tasks=_tasks(profile, elements, task_phase, ask),
        guarantees=[_guarantee(g, corpus, prepared_on, ask) for g in rules.guarantees],
        annexes=[Annex(i, title) for i, title in enumerate(rules.annexes, 1)],
        annex_clauses=_annex_clauses(basis_docs),
        placeholders=ask.items,
    )


def _enterprise(profile: Profile, ask: _Placeholders) -> Enterprise:
    details = [Detail(label, profile.overview.get(label) or ask(f"企业概况：{label}"))
               for label in plan_rules().overview]
    return Enterprise(profile.name, profile.region, profile.industry, profile.scale, profile.target_level,
                      profile.state, profile.start_date, details)


# --- the standard whose elements organise the work -------------------------------------------------

def _frame(profile: Profile, graded: Grading) -> str:
    """The profile's choice; else, where the 工贸 小微 评定标准 applies, the standard it was made on;
    else the current basic standard."""
    rules = plan_rules()
    if profile.standard:
        return profile.standard
    return rules.small_trade_standard if graded.small_trade else rules.default_standard


def _standard_info(profile: Profile, corpus: Corpus, std_doc: Document, graded: Grading, elements: list[Element],
                   on: dt.date) -> StandardInfo:
    rules = plan_rules()
    meta = std_doc.meta
    view = status_on(std_doc, on, corpus)
    notes = []
    if view.in_force is False and view.successor is not None:
        new = view.successor.meta.doc_no or f"《{view.successor.title}》"
        notes.append(rules.superseded_note.format(old=meta.doc_no, new=new))
    if meta.doc_no == rules.default_standard:
        notes.append(regime_rules().structure_unverified.format(parts="、".join(e.name for e in elements))
                     + rules.texts["structure_use"])
        if not graded.basic_applies:
            notes.append(rules.texts["frame_not_covering"])
    elif meta.doc_no == rules.small_trade_standard and not profile.standard:
        basis = held_quote(corpus, rules.small_trade_basis, on)
        grading_doc = corpus.get(rules.small_trade_basis.document)
        assert grading_doc is not None  # held_quote found it
        notes.append(rules.small_trade_note.format(std=meta.doc_no, citation=grading_doc.citation(),
                                                   status=basis.status, quote=basis.text))
    return StandardInfo(meta.doc_no or "", meta.title, std_doc.citation(), std_doc.url, reader_status(view), notes)


# --- 编制依据 ---------------------------------------------------------------------------------------

def _basis(profile: Profile, corpus: Corpus, basis_docs: list[ApplicableDocument], graded: Grading,
           std_doc: Document, on: dt.date) -> list[BasisGroup]:
    """In force (or of unknown status) on the date, by authority: 法律 … 标准, then the province, then
    the city; newest first within a group."""
    rules = plan_rules()
    chain = load_vocabulary().region_chain(profile.region)
    grouped: dict[int, list[tuple[dt.date, BasisItem]]] = {}

    def add(index: int | None, doc: Document, applies_when: str | None = None) -> None:
        if index is not None:
            item = BasisItem(doc.title, doc.meta.doc_no, doc.citation(), status_text(doc, on, corpus),
                             doc.url if doc.held else None, applies_when)
            grouped.setdefault(index, []).append((doc.meta.effective or doc.meta.issued or dt.date.min, item))

    registered = applicable_register(corpus, profile.region, profile.industry, profile.scale, on)
    for f in basis_docs + registered:
        add(basis_group(f), f.doc, conditions_of(f) if f.only_on_conditions else None)
    listed = {f.doc.id for f in basis_docs + registered}
    # The standard the task table follows is a basis when in force and not merely borrowed (an
    # enterprise outside GB/T 33000—2025's scope only borrows its structure).
    borrowed = std_doc.meta.doc_no == plan_rules().default_standard and not graded.basic_applies
    if std_doc.id not in listed and not borrowed and status_on(std_doc, on, corpus).in_force is not False:
        add(basis_group_index("全国", std_doc.meta.level), std_doc)
    cited = {item.citation for entries in grouped.values() for _, item in entries}
    for level, item in graded.basis:  # the grading regime's documents, unless listed already (83号)
        index = basis_group_index("全国", level)
        assert index is not None, level
        if item.citation not in cited:
            grouped.setdefault(index, []).append((dt.date.min, item))
    # chain: [city, province, 全国] or [province, 全国]
    regions = {"全国": "", "省级": chain[-2] if len(chain) > 1 else "", "市级": chain[0]}
    groups = []
    for index, spec in enumerate(rules.basis_groups):
        entries = sorted(grouped.get(index, []), key=lambda e: (-e[0].toordinal(), e[1].citation))
        if entries:
            name = spec.name.format(region=regions.get(spec.tier, ""))
            groups.append(BasisGroup(name, [item for _, item in entries]))
    return groups


# --- 工作目标 ---------------------------------------------------------------------------------------

def _target(profile: Profile, corpus: Corpus, basis_docs: list[ApplicableDocument], graded: Grading,
            on: dt.date, planned: dt.date) -> Target:
    rules = plan_rules()
    statement = rules.level_statements[profile.target_level]
    deadlines: list[DeadlineItem] = []
    for f in basis_docs:
        for c in f.clauses:
            # The enterprise's own deadline for reaching the standard, still ahead: a spent target or
            # a government's target is context, not a date this plan works to.
            deadline, phrase = c.scope.deadline, c.scope.deadline_phrase
            if not c.is_duty or deadline is None or not phrase or c.deadline_passed:
                continue
            sentence = sentence_with(c.clause.text, phrase)
            if sentence is None or not any(word in sentence for word in rules.target_words):
                continue
            quote = Cited(sentence, c.citation, c.url, reader_status(f.status))
            deadlines.append(DeadlineItem(quote, phrase, deadline, False))
    quotes, notes = [], []
    if profile.scale == "小微" and graded.small_trade:
        quotes = [held_quote(corpus, rules.small_enterprise_levels, on)]
    elif profile.scale == "小微":
        notes.append(rules.small_not_covered)
    application = ("达标评审申请" if profile.target_level == "小微达标" else
                   "复评申请" if profile.state == "复评" else "定级申请")
    return Target(profile.target_level, statement, planned, application, list(rules.goals), deadlines,
                  "" if deadlines else rules.texts["no_deadline"], quotes, notes)


# --- 组织机构 ---------------------------------------------------------------------------------------

def _organisation(profile: Profile, corpus: Corpus, on: dt.date, ask: _Placeholders) -> Organisation:
    rules = plan_rules()
    leaders, working = profile.leaders, profile.working_group
    departments = [DepartmentDuty(name, list(els), rules.department_duty) for name, els in profile.departments.items()]
    if not departments:
        departments = [DepartmentDuty(ask("各部门名称"), [ask("各部门牵头的要素")], rules.department_duty)]
    return Organisation(
        leader=leaders.leader or ask("领导小组组长（姓名、职务）"),
        deputies=leaders.deputies or [ask("领导小组副组长（姓名、职务）")],
        members=leaders.members or [ask("领导小组成员")],
        duties_quotes=[q for s in rules.organisation_quotes if (q := resolve_quote(corpus, s, on))],
        group_duties=list(rules.leading_group_duties),
        office=profile.office or ask("领导小组办公室所在部门及办公室主任"),
        office_duties=list(rules.office_duties),
        working_leader=working.leader or ask("工作小组组长（姓名、职务）"),
        working_members=working.members or [ask("工作小组成员")],
        working_duties=list(rules.working_group_duties),
        departments=departments,
    )


# --- 实施步骤 ---------------------------------------------------------------------------------------

def _phase_specs(profile: Profile) -> tuple[PhaseSpec, ...]:
    return plan_rules().phases[profile.state]


def _phases(profile: Profile) -> list[Phase]:
    factor = plan_rules().scale_factor.get(profile.scale, 1.0)
    start = profile.start_date
    out = []
    for i, spec in enumerate(_phase_specs(profile), 1):
        weeks = max(1, round(spec.weeks * factor))
        end = start + dt.timedelta(days=weeks * 7 - 1)
        out.append(Phase(i, spec.name, start, end, list(spec.tasks)))
        start = end + dt.timedelta(days=1)
    first, last = out[0].start, out[-1].end
    months = _month_starts(first, last)
    for phase in out:
        phase.months = [_overlaps(phase, m) for m in months]
    return out


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _overlaps(phase: Phase, month: dt.date) -> bool:
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return phase.start < next_month and phase.end >= month


def _months(phases: list[Phase]) -> list[str]:
    """Column labels of the schedule: the month, with the year where a new year begins (the table's
    caption gives the first year; a narrow column keeps 2月 on one line)."""
    months = _month_starts(phases[0].start, phases[-1].end)
    return [f"{m.year}年{m.month}月" if i and m.month == 1 else f"{m.month}月" for i, m in enumerate(months)]


# --- 要素任务分解 -----------------------------------------------------------------------------------

def _tasks(profile: Profile, elements: list[Element], phase: Phase, ask: _Placeholders) -> list[TaskRow]:
    """One row per second-level element (or per first-level element where it has none).

    Due dates are staggered over the phase by first-level element, in the standard's order (advice).
    """
    rules = plan_rules()
    days = (phase.end - phase.start).days + 1
    rows: list[TaskRow] = []
    for i, top in enumerate(elements, 1):
        due = phase.start + dt.timedelta(days=math.ceil(i / len(elements) * days) - 1)
        for el in top.children or [top]:
            owners = [d for d, names in profile.departments.items() if el.name in names or top.name in names]
            task, output = rules.element_tasks.get(el.name) or (rules.generic_task.format(element=el.name),
                                                                  rules.generic_output.format(element=el.name))
            unverified = any(mark in el.doc.meta.clause_notes.get(el.clause.id, "") for mark in rules.unverified_markers)
            rows.append(TaskRow(len(rows) + 1, el.label, top.name, task, "、".join(owners) or ask("责任部门"), output,
                                due, el.citation, el.url, unverified))
    return rows


# --- 保障措施与附件 ---------------------------------------------------------------------------------

def _guarantee(spec: GuaranteeSpec, corpus: Corpus, on: dt.date, ask: _Placeholders) -> Guarantee:
    quotes = [q for s in spec.quotes if (q := resolve_quote(corpus, s, on))]
    advice = spec.advice.format(**{key: ask(what) for key, what in spec.placeholders.items()})
    return Guarantee(spec.name, quotes, advice)


def _annex_clauses(basis_docs: list[ApplicableDocument]) -> list[Cited]:
    """The enterprise's duties on 安全生产标准化 in the basis documents of that topic, quoted
    whole-sentence."""
    out = []
    for f in basis_docs:
        if f.doc.meta.kind != "policy" or ANNEX_TOPIC not in f.doc.meta.topics:
            continue
        status = reader_status(f.status)
        for c in f.clauses:
            if not c.is_duty:
                continue
            sentence = sentence_with(c.clause.text, "标准化")
            if sentence and ITEM_LABEL.match(sentence) and (lead_in := list_lead_in(c.clause.text)):
                # Both verbatim; an ellipsis marks what lies between them, when anything does.
                flat = re.sub(r"\s+", "", c.clause.text)
                gap = "" if re.sub(r"\s+", "", lead_in + sentence) in flat else "……"
                sentence = f"{lead_in}{gap}{sentence}"
            if sentence:
                out.append(Cited(sentence, c.citation, c.url, status))
    return out
