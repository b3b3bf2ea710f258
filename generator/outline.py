"""Build a 培训大纲 (Outline): legal minimum hours with their rule, modules mapped to clauses, an exam."""

from __future__ import annotations

import re

from generator.model import Cited, HoursRuleView, Module, Outline, Question, Ref
from generator.rules import HoursRule, ModuleSpec, TrainingRules, plan_rules, training_rules
from generator.sources import find_document, is_active, sentences, standard_elements
from kb.errors import AnbiaoError, FieldError
from kb.model import Clause, Corpus, Document
from kb.vocab import load_vocabulary, valid_list

# More than half a working year of classes is not a training outline but a typing error.
MAX_HOURS = 1000


def check_outline_args(audience: str | None, industry: str | None, kind: str, region: str | None) -> None:
    """Refuse bad arguments before anything is read or written."""
    rules = training_rules()
    vocab = load_vocabulary()
    if not audience:
        raise FieldError("audience", "", "缺少参数 {field}（培训对象）", valid_list(rules.audiences))
    if audience not in rules.audiences:
        raise FieldError("audience", audience, valid=valid_list(rules.audiences))
    if not industry:
        raise FieldError("industry", "", "缺少参数 {field}（行业）", valid_list(vocab.industries))
    if industry not in vocab.industries:
        raise FieldError("industry", industry, valid=valid_list(vocab.industries))
    if kind not in rules.kinds:
        raise FieldError("kind", kind, valid=valid_list(rules.kinds))
    if region is not None and region not in vocab.regions:
        raise FieldError("region", region, "{field} 的值“{value}”不在地区词表中；" + vocab.region_hint(region))


def industry_class(industry: str, rules: TrainingRules) -> str:
    vocab = load_vocabulary()
    for name, cls in rules.classes.items():
        members = set(cls.industries) | set(vocab.industry_groups.get(cls.group or "", ()))
        if industry in members:
            return name
    return "一般"


def minimum_rule(audience: str, cls: str, kind: str, rules: TrainingRules) -> HoursRule:
    for rule in rules.rules:
        if audience in rule.audiences and rule.kind == kind and rule.industry_class in (None, cls):
            return rule
    raise AnbiaoError(f"generator/data/training.yaml 中没有适用于 {audience}、{cls}、{kind} 的学时规则")


def check_hours(hours: int | None, rule: HoursRule, audience: str) -> int:
    if hours is None:
        return rule.hours
    if hours > MAX_HOURS:
        raise FieldError("hours", hours, f"{{field}} {{value}} 超过上限 {MAX_HOURS} 学时；请填写计划的总学时")
    if hours < rule.hours:
        # The rule may name another audience (班组长 are held to the rule for 从业人员): say so.
        applied = "" if audience in rule.statement or audience == "新上岗从业人员" else f"（{audience}按从业人员的要求）"
        raise FieldError("hours", hours, f"{{field}} {{value}} 低于法定最低学时 {rule.hours} 学时{applied}："
                         f"依据{rule.citation}，{rule.statement}。请把 {{field}} 设为不少于 {rule.hours}")
    return hours


def share_hours(weights: list[int], total: int) -> list[int]:
    """Whole hours in proportion to weights, each at least 1, summing exactly to `total`."""
    if total < len(weights):
        raise AnbiaoError(f"总学时 {total} 少于培训模块数 {len(weights)}")
    raw = [total * w / sum(weights) for w in weights]
    hours = [max(1, int(x)) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(hours) < total:
        hours[order[i % len(order)]] += 1
        i += 1
    while sum(hours) > total:
        j = max(range(len(hours)), key=lambda k: hours[k])
        hours[j] -= 1
    return hours


def build_outline(corpus: Corpus, audience: str, industry: str, kind: str, hours: int | None,
                  region: str | None = None) -> Outline:
    rules = training_rules()
    cls = industry_class(industry, rules)
    rule = minimum_rule(audience, cls, kind, rules)
    total = check_hours(hours, rule, audience)
    specs = [m for m in rules.modules[audience] if not m.kinds or kind in m.kinds]
    shares = share_hours([m.weight for m in specs], total)
    docs = _teaching_documents(corpus, industry, region)
    modules = []
    taught: list[tuple[Document, Clause]] = []
    named = {(d.id, str(cid)) for m in specs for r in m.refs
             if (d := find_document(corpus, r.get("title"), r.get("doc_no"))) for cid in r.get("clauses", [])}
    for i, (spec, h) in enumerate(zip(specs, shares, strict=True), 1):
        refs, clauses = _refs(corpus, spec, docs, named | {(d.id, c.id) for d, c in taught})
        taught.extend(clauses)
        modules.append(Module(i, spec.title, h, spec.objectives, refs))
    questions = make_exam(taught, rules)
    info = rules.classes[cls]
    return Outline(
        title=f"{industry}行业{audience}安全生产{'初次' if kind == '初次' else '再'}培训大纲",
        audience=audience, industry=industry, industry_class=info.label,
        class_explain=f"{industry}：{info.explain}。",
        kind=kind, region=region,
        rule=HoursRuleView(rule.hours, rule.citation, rule.statement, rule.note),
        audience_note=rules.audience_notes.get(audience),
        total_hours=total, modules=modules, questions=questions,
        exam_note=rules.exam_notes["questions" if questions else "none"],
    )


def _teaching_documents(corpus: Corpus, industry: str, region: str | None) -> list[Document]:
    """National policies for the industry, plus the region's own (and its parents') when given."""
    vocab = load_vocabulary()
    regions = vocab.region_chain(region) if region else ["全国"]
    out = []
    for doc in corpus:
        if doc.meta.kind != "policy" or not is_active(doc) or doc.meta.region not in regions:
            continue
        if doc.meta.industries and industry not in vocab.expand_industries(doc.meta.industries):
            continue
        out.append(doc)
    out.sort(key=lambda d: (regions.index(d.meta.region), d.id))
    return out


def _refs(corpus: Corpus, spec: ModuleSpec, docs: list[Document],
          already: set[tuple[str, str]]) -> tuple[list[Ref], list[tuple[Document, Clause]]]:
    """The module's references; a topic brings only clauses no module names explicitly."""
    refs: list[Ref] = []
    clauses: list[tuple[Document, Clause]] = []
    for raw in spec.refs:
        if raw.get("standard"):
            try:
                _, elements = standard_elements(corpus, plan_rules().default_standard)
            except AnbiaoError:
                continue
            refs.extend(Ref(f"{e.ref} {e.name}".strip(), e.citation, e.url) for e in elements)
        elif "topic" in raw:
            for doc in docs:
                if raw["topic"] not in doc.meta.topics:
                    continue
                for c in _topic_clauses(doc, raw.get("match", raw["topic"])):
                    if (doc.id, c.id) in already:
                        continue
                    refs.append(Ref(c.heading or doc.title, doc.citation(c), doc.clause_url(c)))
                    clauses.append((doc, c))
        else:
            doc = find_document(corpus, raw.get("title"), raw.get("doc_no"))
            if doc is None:
                continue
            for cid in raw.get("clauses", []):
                c = doc.clause(str(cid))
                if c is None:
                    continue
                refs.append(Ref(c.heading, doc.citation(c), doc.clause_url(c)))
                if c.kind == "clause":
                    clauses.append((doc, c))
    return refs, clauses


def _topic_clauses(doc: Document, word: str, limit: int = 3) -> list[Clause]:
    """The clauses of a document most worth teaching on a topic: those with figures or dates first."""
    scored = []
    for i, c in enumerate(doc.clauses):
        if c.kind != "clause" or not c.text:
            continue
        score = 2 * bool(_FIGURE.search(c.text)) + (word in c.text)
        if score:
            scored.append((-score, i, c))
    return [c for _, _, c in sorted(scored)[:limit]]


# --- the exam ------------------------------------------------------------------------------------

_FIGURE = re.compile(
    r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底)?"
    r"|\d+(?:\.\d+)?%"
    r"|\d+(?:\.\d+)?(?:个工作日|学时|小时|日|天|个月|年|人|万元|分)"
    r"|[一二三四五六七八九十百千两]+(?:个工作日|学时|小时|日内|个月|年内|人以上|人以下|人|级)"
)


BLANK = "________"  # long enough to write an answer on paper
_YEAR_ONLY = re.compile(r"^(\d{4})年$")


def blanks_in(sentence: str, terms: tuple[str, ...]) -> list[str]:
    """What may be blanked in a sentence: figures and dates first, then named requirements.

    A bare year is asked as “到____年” (the answer is the number), as a person would write the question.
    """
    out = []
    for m in _FIGURE.finditer(sentence):
        year = _YEAR_ONLY.match(m.group(0))
        out.append(year.group(1) if year else m.group(0))
    out.extend(t for t in terms if t in sentence)
    return out


def _question_sentences(text: str, longest: int) -> list[str]:
    """Whole sentences; one too long for a question is asked by its “；” parts instead."""
    out = []
    for sentence in sentences(text, semicolons=False):
        out.extend(sentences(sentence) if len(sentence) > longest else [sentence])
    return out


def make_exam(taught: list[tuple[Document, Clause]], rules: TrainingRules) -> list[Question]:
    """Fill-in-the-blank questions cut from the taught clauses, one per clause, each with its source."""
    ex = rules.exam
    questions: list[Question] = []
    per_doc: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    asked: set[tuple[str, str]] = set()
    for doc, clause in taught:
        if len(questions) >= ex.max_questions:
            break
        if per_doc.get(doc.id, 0) >= ex.max_per_document:
            continue
        if (doc.id, clause.id) in asked:
            continue
        asked.add((doc.id, clause.id))
        from_clause = 0
        for sentence in _question_sentences(clause.text, ex.sentence_max):
            if from_clause >= 2 or per_doc.get(doc.id, 0) >= ex.max_per_document:
                break
            if not ex.sentence_min <= len(sentence) <= ex.sentence_max:
                continue
            if not sentence.endswith(("。", "；", "！", "？")):  # cut off where the source is an excerpt
                continue
            answer = next((a for a in blanks_in(sentence, ex.terms) if (doc.id, a) not in seen), None)
            if answer is None:
                continue
            seen.add((doc.id, answer))
            text = sentence.replace(answer, BLANK, 1)
            questions.append(Question(len(questions) + 1, text, answer,
                                      Cited(sentence, doc.citation(clause), doc.clause_url(clause))))
            per_doc[doc.id] = per_doc.get(doc.id, 0) + 1
            from_clause += 1
            if len(questions) >= ex.max_questions:
                break
    return questions
