"""The generator's rules, read from generator/data/*.yaml so that editors change data, not code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb.schema import OutsideSource

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class QuoteSpec:
    """Where to find a sentence to quote: a document (title or doc_no), a preferred clause, a phrase."""

    titles: tuple[str, ...]
    doc_no: str | None
    clause: str | None
    needle: str

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> QuoteSpec:
        title = raw.get("title") or ()
        titles = (title,) if isinstance(title, str) else tuple(title)
        return cls(titles, raw.get("doc_no"), raw.get("clause"), raw["needle"])


@dataclass(frozen=True)
class PhaseSpec:
    name: str
    weeks: int
    tasks: tuple[str, ...]
    element_tasks: bool = False


@dataclass(frozen=True)
class GuaranteeSpec:
    name: str
    advice: str
    quotes: tuple[QuoteSpec, ...]
    placeholders: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HeldQuote:
    """Words of a text held in content/: document id, clause id, and the exact words."""

    document: str
    clause: str
    quote: str


@dataclass(frozen=True)
class BasisGroupSpec:
    name: str
    tier: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class PlanRules:
    default_standard: str
    small_trade_standard: str
    small_trade_basis: HeldQuote
    standard_elements: dict[str, tuple[str, ...]]
    superseded_note: str
    small_trade_note: str
    unverified_markers: tuple[str, ...]
    basis_groups: tuple[BasisGroupSpec, ...]
    status_words: dict[str, str]
    guiding: tuple[str, ...]
    guiding_no_standard: str
    overview: tuple[str, ...]
    level_statements: dict[str, str]
    goals: tuple[str, ...]
    target_words: tuple[str, ...]
    phases_note: str
    scale_factor: dict[str, float]
    phases: dict[str, tuple[PhaseSpec, ...]]
    leading_group_duties: tuple[str, ...]
    office_duties: tuple[str, ...]
    working_group_duties: tuple[str, ...]
    department_duty: str
    organisation_quotes: tuple[QuoteSpec, ...]
    guarantees: tuple[GuaranteeSpec, ...]
    small_enterprise_levels: HeldQuote
    small_not_covered: str
    generic_task: str
    generic_output: str
    element_tasks: dict[str, tuple[str, str]]
    texts: dict[str, str]
    annexes: tuple[str, ...]

    @property
    def standard_choices(self) -> list[str]:
        return list(self.standard_elements)


@dataclass(frozen=True)
class FactSpec:
    """A statement of the regime: its text, and either an outside source or words of a held text."""

    text: str
    source: str | None = None
    held: HeldQuote | None = None
    confirm: str | None = None
    about_scope: bool = False  # the fact lists the industries 83号 covers: the plan says whether the enterprise's is one


@dataclass(frozen=True)
class StandardSpec:
    """A standard a plan may name: held in content/ (`document`) or only known by number."""

    role: str
    scope: str
    level: str | None = None  # for the 编制依据 where the text is not held
    document: str | None = None
    doc_no: str | None = None
    title: str | None = None
    industries: tuple[str, ...] = ()
    scales: tuple[str, ...] = ()
    effective: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True)
class RegimeRules:
    sources: dict[str, OutsideSource]  # the same kind of source as a status basis, validated alike
    title: str
    doc_no: str
    level: str
    scope_industries: tuple[str, ...]
    scope_words: str
    current: tuple[FactSpec, ...]
    in_scope: str
    out_of_scope: str
    out_of_scope_confirm: str
    history: tuple[FactSpec, ...]
    history_note: str
    provincial_rules: dict[str, str]
    provincial_rules_source: str
    provincial_confirm: str
    standards: tuple[StandardSpec, ...]
    standard_not_held: str
    no_grading_standard: str
    outside_basic_standard: str
    small_trade_earlier_regime: str
    structure_unverified: str
    confirm_with: str


@dataclass(frozen=True)
class HoursRule:
    audiences: tuple[str, ...]
    industry_class: str | None
    kind: str
    hours: int
    citation: str
    statement: str
    note: str | None = None


@dataclass(frozen=True)
class IndustryClass:
    name: str
    label: str
    explain: str
    group: str | None = None
    industries: tuple[str, ...] = ()
    explain_for: tuple[tuple[str, str], ...] = ()  # (industry, what is said to it alone)


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    weight: int
    objectives: str
    refs: tuple[dict[str, Any], ...] = ()
    kinds: tuple[str, ...] = ()
    exam: bool = False


@dataclass(frozen=True)
class ExamRules:
    max_questions: int
    max_per_document: int
    sentence_min: int
    sentence_max: int
    terms: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentRules:
    """Who assesses whom (安全生产法 第二十七条第二款), and how the outline says it."""

    audiences: tuple[str, ...]
    quote: QuoteSpec
    industries: tuple[str, ...]
    maybe: tuple[str, ...]
    assessed: str
    maybe_assessed: str
    trainer: str
    workers: str


@dataclass(frozen=True)
class TrainingRules:
    audiences: tuple[str, ...]
    kinds: tuple[str, ...]
    classes: dict[str, IndustryClass]
    rules: tuple[HoursRule, ...]
    hours_source: str
    hours_source_regulation: str
    hours_status: str
    audience_notes: dict[str, str]
    modules: dict[str, tuple[ModuleSpec, ...]]
    industry_none: str
    industry_extra: tuple[tuple[tuple[str, ...], str], ...]
    recent_none: str
    trade_text_not_held: str
    structure_use: str
    grading_note: str
    assessment: AssessmentRules
    exam_notes: dict[str, str]
    exam: ExamRules


def _read(name: str) -> dict[str, Any]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict), name
    return data


_FOLD = re.compile(r"\s+")


def _joined(text: str) -> str:
    """Folded YAML lines of Chinese join without spaces; a space between two Latin words or numbers
    (GB/T 33000) stays."""
    def keep(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""
    return _FOLD.sub(keep, text.strip())


def _held(raw: dict[str, Any]) -> HeldQuote:
    return HeldQuote(raw["document"], str(raw["clause"]), raw["quote"])


@cache
def plan_rules() -> PlanRules:
    raw = _read("plan.yaml")
    std = raw["standards"]
    obligations = raw["obligations"]
    return PlanRules(
        default_standard=std["default"],
        small_trade_standard=std["small_trade"],
        small_trade_basis=_held(std["small_trade_basis"]),
        standard_elements={c["doc_no"]: tuple(c["elements"]) for c in std["choices"]},
        superseded_note=_joined(raw["superseded_note"]),
        small_trade_note=_joined(raw["small_trade_note"]),
        unverified_markers=tuple(raw["unverified_markers"]),
        basis_groups=tuple(BasisGroupSpec(g["name"], g["tier"], tuple(g["levels"])) for g in raw["basis_groups"]),
        status_words=dict(raw["status_words"]),
        guiding=tuple(_joined(g) for g in raw["guiding"]),
        guiding_no_standard=raw["guiding_no_standard"],
        overview=tuple(raw["overview"]),
        level_statements=dict(raw["level_statements"]),
        goals=tuple(raw["goals"]),
        target_words=tuple(raw["target_words"]),
        phases_note=raw["phases_note"],
        scale_factor={k: float(v) for k, v in raw["scale_factor"].items()},
        phases={state: tuple(PhaseSpec(p["name"], int(p["weeks"]), tuple(p["tasks"]), bool(p.get("element_tasks")))
                             for p in phases)
                for state, phases in raw["phases"].items()},
        leading_group_duties=tuple(raw["leading_group_duties"]),
        office_duties=tuple(raw["office_duties"]),
        working_group_duties=tuple(raw["working_group_duties"]),
        department_duty=raw["department_duty"],
        organisation_quotes=tuple(QuoteSpec.from_data(q) for q in obligations["organisation"]),
        guarantees=tuple(GuaranteeSpec(name, g["advice"], tuple(QuoteSpec.from_data(q) for q in g.get("quotes", [])),
                                       dict(g.get("placeholders", {})))
                         for name, g in obligations["guarantees"].items()),
        small_enterprise_levels=_held(raw["small_enterprise_levels"]),
        small_not_covered=raw["small_not_covered"],
        generic_task=raw["generic_task"],
        generic_output=raw["generic_output"],
        element_tasks={name: (pair[0], pair[1]) for name, pair in raw["element_tasks"].items()},
        texts={k: _joined(v) for k, v in raw["texts"].items()},
        annexes=tuple(raw["annexes"]),
    )


def _fact(raw: dict[str, Any]) -> FactSpec:
    return FactSpec(_joined(raw["text"]), raw.get("source"), _held(raw["held"]) if raw.get("held") else None,
                    raw.get("confirm"), bool(raw.get("about_scope")))


@cache
def regime_rules() -> RegimeRules:
    raw = _read("regime.yaml")
    regime = raw["regime"]
    sources = {key: OutsideSource(source=s["publisher"], grade=s["grade"], url=s.get("url"), checked=s.get("checked"))
               for key, s in raw["sources"].items()}
    standards = tuple(StandardSpec(s["role"], s["scope"], s.get("level"), s.get("document"), s.get("doc_no"), s.get("title"),
                                   tuple(s.get("industries", ())), tuple(s.get("scales", ())), s.get("effective"),
                                   s.get("source"))
                      for s in raw["standards"])
    rules = RegimeRules(
        sources=sources, title=regime["title"], doc_no=regime["doc_no"], level=regime["level"],
        scope_industries=tuple(regime["scope_industries"]), scope_words=regime["scope_words"],
        current=tuple(_fact(f) for f in raw["current"]),
        in_scope=raw["in_scope"], out_of_scope=raw["out_of_scope"], out_of_scope_confirm=raw["out_of_scope_confirm"],
        history=tuple(_fact(f) for f in raw["history"]), history_note=_joined(raw["history_note"]),
        provincial_rules=dict(raw["provincial_rules"]), provincial_rules_source=raw["provincial_rules_source"],
        provincial_confirm=raw["provincial_confirm"],
        standards=standards, standard_not_held=raw["standard_not_held"],
        no_grading_standard=_joined(raw["no_grading_standard"]),
        outside_basic_standard=_joined(raw["outside_basic_standard"]),
        small_trade_earlier_regime=_joined(raw["small_trade_earlier_regime"]),
        structure_unverified=_joined(raw["structure_unverified"]),
        confirm_with=raw["confirm_with"],
    )
    named = {f.source for f in (*rules.current, *rules.history) if f.source} | {rules.provincial_rules_source} \
        | {s.source for s in standards if s.source}
    missing = named - set(sources)
    assert not missing, f"regime.yaml: sources not defined: {missing}"
    return rules


@cache
def training_rules() -> TrainingRules:
    raw = _read("training.yaml")
    classes = {name: IndustryClass(name, c["label"], c["explain"], c.get("group"), tuple(c.get("industries", [])),
                                   tuple((c.get("explain_for") or {}).items()))
               for name, c in raw["classes"].items()}
    rules = tuple(HoursRule(tuple(r["audiences"]), r.get("class"), r["kind"], int(r["hours"]), r["citation"],
                            r["statement"], r.get("note")) for r in raw["rules"])
    modules = {aud: tuple(ModuleSpec(m["title"], int(m["weight"]), m["objectives"], tuple(m.get("refs", [])),
                                     tuple(m.get("kinds", [])), bool(m.get("exam"))) for m in mods)
               for aud, mods in raw["modules"].items()}
    ex = raw["exam"]
    a = raw["assessment"]
    assessment = AssessmentRules(tuple(a["audiences"]), QuoteSpec.from_data(a["quote"]), tuple(a["industries"]),
                                 tuple(a["maybe"]), _joined(a["assessed"]), _joined(a["maybe_assessed"]),
                                 _joined(a["trainer"]), _joined(a["workers"]))
    return TrainingRules(
        audiences=tuple(raw["audiences"]), kinds=tuple(raw["kinds"]), classes=classes, rules=rules,
        hours_source=_joined(raw["hours_source"]), hours_status=raw["hours_status"],
        hours_source_regulation=_joined(raw["hours_source_regulation"]),
        audience_notes=dict(raw.get("audience_notes", {})), modules=modules,
        industry_none=raw["industry_none"],
        industry_extra=tuple((tuple(x["industries"]), x["text"]) for x in raw["industry_extra"]),
        recent_none=raw["recent_none"], trade_text_not_held=raw["trade_text_not_held"], structure_use=raw["structure_use"], grading_note=raw["grading_note"], assessment=assessment,
        exam_notes={"questions": ex["note"], "none": ex["note_none"]},
        exam=ExamRules(int(ex["max_questions"]), int(ex["max_per_document"]), int(ex["sentence_min"]),
                       int(ex["sentence_max"]), tuple(ex["terms"])),
    )
