"""Build a 实施方案 (Plan) from a profile and the knowledge base — once; renderers only lay it out."""

from __future__ import annotations

import datetime as dt
import math

from generator.model import (
    PLACEHOLDER,
    BasisItem,
    Cited,
    DeadlineItem,
    DepartmentDuty,
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
from generator.rules import PhaseSpec, plan_rules
from generator.sources import (
    Element,
    Quote,
    is_active,
    resolve_quote,
    sentence_with,
    standard_elements,
    tier_order,
)
from kb.applicability import ApplicableDocument, applicable
from kb.model import Corpus


class _Placeholders:
    """Collects every 【请填写：…】 so annex 2 lists what the enterprise still has to supply."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, what: str) -> str:
        if what not in self.items:
            self.items.append(what)
        return PLACEHOLDER.format(what)


def _cited(q: Quote) -> Cited:
    return Cited(q.text, q.citation, q.url)


def build_plan(profile: Profile, corpus: Corpus, prepared_on: dt.date) -> Plan:
    """The plan; AnbiaoError (naming the profile's line) when its departments name elements the chosen
    standard does not have."""
    rules = plan_rules()
    ask = _Placeholders()
    std_doc, elements = standard_elements(corpus, profile.chosen_standard)
    check_departments(profile, [e.name for e in elements] + [c.name for e in elements for c in e.children])
    found = sorted(applicable(corpus, profile.region, profile.industry, profile.scale, prepared_on), key=tier_order)

    phases = _phases(profile)
    task_phase = next((p for p, spec in zip(phases, _phase_specs(profile), strict=True) if spec.element_tasks),
                      phases[-1])
    return Plan(
        title=f"{profile.name}安全生产标准化建设实施方案",
        enterprise=Enterprise(profile.name, profile.region, profile.industry, profile.scale, profile.target_level,
                              profile.state, profile.start_date),
        prepared_on=prepared_on,
        standard=_standard_info(profile, corpus, std_doc),
        basis_policies=[_basis(f) for f in found if f.doc.meta.kind == "policy" and is_active(f.doc)],
        basis_standards=_basis_standards(found, std_doc),
        basis_note=rules.texts["basis_scoped"],
        target=_target(profile, corpus, found, phases[-1].end),
        organisation=_organisation(profile, corpus, ask),
        phases_note=rules.phases_note,
        phases=phases,
        tasks=_tasks(profile, elements, task_phase, ask),
        guarantees=[Guarantee(g.name, [_cited(q) for s in g.quotes if (q := resolve_quote(corpus, s))], g.advice)
                    for g in rules.guarantees],
        annex_clauses=_annex_clauses(found),
        placeholders=ask.items,
    )


def _standard_info(profile: Profile, corpus: Corpus, std_doc) -> StandardInfo:  # type: ignore[no-untyped-def]
    rules = plan_rules()
    meta = std_doc.meta
    notes = []
    successor = corpus.get(meta.superseded_by) if meta.superseded_by else None
    if meta.status == "已被替代" and successor is not None:
        notes.append(rules.superseded_note.format(old=meta.doc_no, new=successor.meta.doc_no or f"《{successor.title}》"))
    if profile.scale == "小微" and "大中型企业" in meta.title:
        notes.append(rules.small_enterprise_note.format(std=meta.doc_no, title=meta.title))
    if not meta.complete:
        notes.append(rules.texts["standard_excerpt"].format(std=meta.doc_no))
    return StandardInfo(meta.doc_no or "", meta.title, std_doc.citation(), std_doc.url, meta.status, notes)


def _basis(found: ApplicableDocument) -> BasisItem:
    d = found.doc
    return BasisItem(d.title, d.meta.doc_no, d.citation(), found.tier, d.meta.kind, d.meta.status, d.url,
                     d.meta.complete)


def _basis_standards(found: list[ApplicableDocument], std_doc) -> list[BasisItem]:  # type: ignore[no-untyped-def]
    """The chosen basic standard first; other basic-standard versions are not a basis of this plan."""
    basic = set(plan_rules().standard_elements)
    out = [BasisItem(std_doc.title, std_doc.meta.doc_no, std_doc.citation(), "全国", "standard",
                     std_doc.meta.status, std_doc.url, std_doc.meta.complete)]
    for f in found:
        if f.doc.meta.kind == "standard" and f.doc.meta.doc_no not in basic and is_active(f.doc):
            out.append(_basis(f))
    return out


def _target(profile: Profile, corpus: Corpus, found: list[ApplicableDocument], planned: dt.date) -> Target:
    rules = plan_rules()
    statement = rules.level_statements[profile.target_level]
    deadlines: list[DeadlineItem] = []
    for f in found:
        if not is_active(f.doc):
            continue
        for c in f.clauses:
            # A target date for reaching the standard, not any 年内 of a penalty clause.
            deadline, phrase = c.scope.deadline, c.scope.deadline_phrase
            if deadline is None or not phrase:
                continue
            sentence = sentence_with(c.clause.text, phrase)
            if sentence is None or not any(word in sentence for word in rules.target_words):
                continue
            quote = Cited(sentence, c.citation, c.url)
            deadlines.append(DeadlineItem(quote, phrase, deadline, c.deadline_passed))
    note = "" if deadlines else rules.texts["no_deadline_scoped"]
    quotes = []
    notes = []
    if profile.scale == "小微":
        q = resolve_quote(corpus, rules.small_enterprise_levels)
        if q:
            quotes.append(_cited(q))
    if any(d.passed for d in deadlines):
        notes.append(rules.texts["deadline_passed"])
    application = ("达标评审申请" if profile.target_level == "小微达标" else
                   "复评申请" if profile.state == "复评" else "定级申请")
    return Target(profile.target_level, statement, planned, application, deadlines, note, quotes, notes)


def _organisation(profile: Profile, corpus: Corpus, ask: _Placeholders) -> Organisation:
    rules = plan_rules()
    leaders = profile.leaders
    departments = [DepartmentDuty(name, list(els), rules.department_duty) for name, els in profile.departments.items()]
    if not departments:
        departments = [DepartmentDuty(ask("各部门名称"), [ask("各部门牵头的要素")], rules.department_duty)]
    return Organisation(
        leader=leaders.leader or ask("领导小组组长（姓名、职务）"),
        deputies=leaders.deputies or [ask("领导小组副组长（姓名、职务）")],
        members=leaders.members or [ask("领导小组成员")],
        duties_quotes=[_cited(q) for s in rules.organisation_quotes if (q := resolve_quote(corpus, s))],
        group_duties=list(rules.leading_group_duties),
        office=profile.office or ask("领导小组办公室所在部门及办公室主任"),
        office_duties=list(rules.office_duties),
        departments=departments,
    )


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
    return out


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
            label = f"{el.ref} {el.name}".strip()
            task = rules.element_tasks.get(el.name) or rules.generic_task.format(element=el.name)
            unverified = any(mark in el.doc.meta.clause_notes.get(el.clause.id, "") for mark in rules.unverified_markers)
            rows.append(TaskRow(len(rows) + 1, label, top.name, task, "、".join(owners) or ask("责任部门"), due,
                                el.citation, el.url, unverified))
    return rows


def _annex_clauses(found: list[ApplicableDocument]) -> list[Cited]:
    """Applicable clauses on 标准化 addressed to enterprises (or whose addressee is not known)."""
    out = []
    for f in found:
        if f.doc.meta.kind != "policy" or not is_active(f.doc):
            continue
        for c in f.clauses:
            if c.scope.addressee not in (None, "企业"):
                continue
            sentence = sentence_with(c.clause.text, "标准化")
            if sentence:
                out.append(Cited(sentence, c.citation, c.url))
    return out
