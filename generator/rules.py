"""The generator's rules, read from generator/data/*.yaml so that editors change data, not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class QuoteSpec:
    """Where to find a sentence to quote: a document (title or doc_no), a preferred clause, a phrase."""

    titles: tuple[str, ...]
    doc_no: str | None
    clause: str | None
    needle: str
    fallback_citation: str | None = None
    fallback_text: str | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> QuoteSpec:
        fb = raw.get("fallback") or {}
        title = raw.get("title") or ()
        titles = (title,) if isinstance(title, str) else tuple(title)
        return cls(titles, raw.get("doc_no"), raw.get("clause"), raw["needle"],
                   fb.get("citation"), fb.get("text"))


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


@dataclass(frozen=True)
class PlanRules:
    default_standard: str
    standard_elements: dict[str, tuple[str, ...]]
    superseded_note: str
    small_enterprise_note: str
    phases_note: str
    scale_factor: dict[str, float]
    phases: dict[str, tuple[PhaseSpec, ...]]
    leading_group_duties: tuple[str, ...]
    office_duties: tuple[str, ...]
    department_duty: str
    organisation_quotes: tuple[QuoteSpec, ...]
    guarantees: tuple[GuaranteeSpec, ...]
    small_enterprise_levels: QuoteSpec
    generic_task: str
    element_tasks: dict[str, str]
    level_statements: dict[str, str]
    target_words: tuple[str, ...]
    texts: dict[str, str]
    unverified_markers: tuple[str, ...]

    @property
    def standard_choices(self) -> list[str]:
        return list(self.standard_elements)


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
class TrainingRules:
    audiences: tuple[str, ...]
    kinds: tuple[str, ...]
    classes: dict[str, IndustryClass]
    rules: tuple[HoursRule, ...]
    audience_notes: dict[str, str]
    modules: dict[str, tuple[ModuleSpec, ...]]
    exam_notes: dict[str, str]
    exam: ExamRules = field(default_factory=lambda: ExamRules(10, 4, 14, 110, ()))


def _read(name: str) -> dict[str, Any]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict), name
    return data


@cache
def plan_rules() -> PlanRules:
    raw = _read("plan.yaml")
    std = raw["standards"]
    obligations = raw["obligations"]
    return PlanRules(
        default_standard=std["default"],
        standard_elements={c["doc_no"]: tuple(c["elements"]) for c in std["choices"]},
        superseded_note="".join(raw["superseded_note"].split()),  # Chinese: folded lines join without spaces
        small_enterprise_note="".join(raw["small_enterprise_note"].split()),
        phases_note=raw["phases_note"],
        scale_factor={k: float(v) for k, v in raw["scale_factor"].items()},
        phases={state: tuple(PhaseSpec(p["name"], int(p["weeks"]), tuple(p["tasks"]), bool(p.get("element_tasks")))
                             for p in phases)
                for state, phases in raw["phases"].items()},
        leading_group_duties=tuple(raw["leading_group_duties"]),
        office_duties=tuple(raw["office_duties"]),
        department_duty=raw["department_duty"],
        organisation_quotes=tuple(QuoteSpec.from_data(q) for q in obligations["organisation"]),
        guarantees=tuple(GuaranteeSpec(name, g["advice"], tuple(QuoteSpec.from_data(q) for q in g.get("quotes", [])))
                         for name, g in obligations["guarantees"].items()),
        small_enterprise_levels=QuoteSpec.from_data(raw["small_enterprise_levels"]),
        generic_task=raw["generic_task"],
        element_tasks=dict(raw["element_tasks"]),
        level_statements=dict(raw["level_statements"]),
        target_words=tuple(raw["target_words"]),
        texts={k: "".join(v.split()) for k, v in raw["texts"].items()},
        unverified_markers=tuple(raw["unverified_markers"]),
    )


@cache
def training_rules() -> TrainingRules:
    raw = _read("training.yaml")
    classes = {name: IndustryClass(name, c["label"], c["explain"], c.get("group"), tuple(c.get("industries", [])))
               for name, c in raw["classes"].items()}
    rules = tuple(HoursRule(tuple(r["audiences"]), r.get("class"), r["kind"], int(r["hours"]), r["citation"],
                            r["statement"], r.get("note")) for r in raw["rules"])
    modules = {aud: tuple(ModuleSpec(m["title"], int(m["weight"]), m["objectives"], tuple(m.get("refs", [])),
                                     tuple(m.get("kinds", [])), bool(m.get("exam"))) for m in mods)
               for aud, mods in raw["modules"].items()}
    ex = raw["exam"]
    return TrainingRules(
        audiences=tuple(raw["audiences"]), kinds=tuple(raw["kinds"]), classes=classes, rules=rules,
        audience_notes=dict(raw.get("audience_notes", {})), modules=modules,
        exam_notes={"questions": ex["note"], "none": ex["note_none"]},
        exam=ExamRules(int(ex["max_questions"]), int(ex["max_per_document"]), int(ex["sentence_min"]),
                       int(ex["sentence_max"]), tuple(ex["terms"])),
    )
