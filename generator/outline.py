"""Build a 培训大纲 (Outline): legal minimum hours with their rule, modules that teach current duties, an exam.

A module teaches clauses of documents in force on the outline's date that bind an enterprise of the
trade whatever its size (kb.applicability), chosen by article, by topic or by trade as
generator/data/training.yaml says; the exam asks only what those duties say, each answer cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from generator.model import Cited, HoursRuleView, Module, Outline, Question, Ref
from generator.regime import grading, regime_status
from generator.rules import HoursRule, ModuleSpec, TrainingRules, plan_rules, regime_rules, training_rules
from generator.sources import (
    ITEM_LABEL,
    basis_group,
    element_name,
    find_document,
    is_whole,
    list_lead_in,
    reader_status,
    resolve_quote,
    sentences,
    standard_elements,
    status_text,
)
from kb.actors import ACTOR_RE, MODAL
from kb.applicability import (
    RELATION_CONDITIONAL,
    RELATION_DIRECT,
    RELATION_LIABILITY,
    ApplicableDocument,
    applicable,
    applicable_register,
)
from kb.errors import AnbiaoError, FieldError
from kb.model import Clause, Corpus, Document
from kb.numbering import cn_date
from kb.scope import clause_deadline_spent
from kb.vocab import NATIONAL, load_vocabulary, valid_list

_TITLE = re.compile(r"《([^》]+)》")
DUTIES = (RELATION_DIRECT, RELATION_CONDITIONAL)
# "Whatever its size" is asked of the two ends of the size range: a text or statement that names
# sizes names 规模以上 (大中型) or 小微 or both, and what binds both binds 规模以下 too. Each size costs a
# full `applicable`, which is most of an outline's time.
SIZE_ENDS = ("规模以上", "小微")

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
                  region: str | None = None, on: dt.date | None = None) -> Outline:
    """The outline for `audience` in `industry`, teaching what is in force on `on` (default today) and
    binds an enterprise of the trade whatever its size; `region` adds that region's own texts."""
    rules = training_rules()
    on = on or dt.date.today()
    cls = industry_class(industry, rules)
    rule = minimum_rule(audience, cls, kind, rules)
    total = check_hours(hours, rule, audience)
    specs = [m for m in rules.modules[audience] if not m.kinds or kind in m.kinds]
    shares = share_hours([m.weight for m in specs], total)
    material = _Material(corpus, region or NATIONAL, industry, on)
    by_article = {d.id for m in specs for r in m.refs if "clauses" in r
                  and (d := find_document(corpus, r.get("title"), r.get("doc_no"))) is not None}
    modules = []
    taught: list[tuple[ApplicableDocument, Clause]] = []
    for i, (spec, h) in enumerate(zip(specs, shares, strict=True), 1):
        refs, clauses, notes = _module_refs(spec, material, {(d.doc.id, c.id) for d, c in taught}, by_article)
        taught.extend(clauses)
        modules.append(Module(i, spec.title, h, spec.objectives, refs, notes))
    questions = make_exam(taught, rules, on)
    assessment, assessment_note = _assessment(corpus, audience, industry, on, rules)
    info = rules.classes[cls]
    kind_label = "初次培训" if kind == "初次" else "再培训"
    return Outline(
        title=f"{industry}行业{audience}安全生产{kind_label}大纲",
        audience=audience, industry=industry, industry_class=info.label,
        class_explain=f"{industry}：{info.explain}" + "".join(f"（{t}）" for i, t in info.explain_for if i == industry) + "。",
        kind=kind, kind_label=kind_label, region=region, prepared_on=on,
        rule=HoursRuleView(rule.hours, rule.citation, _hours_status(corpus, rule, on, rules), rule.statement,
                           rules.hours_source + (rules.hours_source_regulation if "安全培训规定" in rule.citation else ""),
                           rule.note),
        audience_note=rules.audience_notes.get(audience),
        total_hours=total, modules=modules, questions=questions,
        exam_note=rules.exam_notes["questions" if questions else "none"],
        assessment=assessment, assessment_note=assessment_note,
    )


def _hours_status(corpus: Corpus, rule: HoursRule, on: dt.date, rules: TrainingRules) -> str:
    """The status of the 规定 the hours come from: a register entry of its title where one exists."""
    title = _TITLE.search(rule.citation)
    doc = find_document(corpus, title=title.group(1)) if title else None
    return status_text(doc, on, corpus) if doc is not None else rules.hours_status


class _Material:
    """What an outline may teach: documents in force on the date that are a basis (no 工作文件), and
    their clauses that bind an enterprise of the trade whatever its size (a duty, or a liability)."""

    def __init__(self, corpus: Corpus, region: str, industry: str, on: dt.date) -> None:
        self.corpus, self.region, self.industry, self.on = corpus, region, industry, on
        self.by_scale = {scale: applicable(corpus, region, industry, scale, on) for scale in SIZE_ENDS}
        # (document, clause) → relation, where every size has the clause in the same relation
        counts = Counter((f.doc.id, c.clause.id, c.relation) for found in self.by_scale.values()
                         for f in found for c in f.clauses)
        self.relation = {(d, c): r for (d, c, r), n in counts.items() if n == len(self.by_scale)}
        everywhere = {d for d, _ in self.relation}
        first = next(iter(self.by_scale.values()))
        self.docs = sorted((f for f in first if f.doc.id in everywhere and basis_group(f) is not None),
                           key=lambda f: (basis_group(f), -(f.doc.meta.issued or dt.date.min).toordinal()))

    def document(self, doc: Document) -> ApplicableDocument | None:
        return next((f for f in self.docs if f.doc.id == doc.id), None)

    def is_duty(self, doc_id: str, clause_id: str) -> bool:
        """A duty (conditional or not) of the enterprise, whatever its size."""
        return self.relation.get((doc_id, clause_id)) in DUTIES

    def is_liability(self, doc_id: str, clause_id: str) -> bool:
        return self.relation.get((doc_id, clause_id)) == RELATION_LIABILITY


def _ref(found: ApplicableDocument, clause: Clause) -> Ref:
    doc = found.doc
    label = element_name(clause) if clause.scheme != "law" else ""
    return Ref(label, doc.citation(clause), doc.clause_url(clause), reader_status(found.status))


def _module_refs(spec: ModuleSpec, material: _Material, already: set[tuple[str, str]], by_article: set[str]
                 ) -> tuple[list[Ref], list[tuple[ApplicableDocument, Clause]], list[str]]:
    """The module's references, the clauses it teaches (for the exam) and its notes."""
    refs: list[Ref] = []
    taught: list[tuple[ApplicableDocument, Clause]] = []
    notes: list[str] = []
    seen = set(already)

    def teach(found: ApplicableDocument, clause: Clause, examinable: bool = True) -> None:
        seen.add((found.doc.id, clause.id))
        refs.append(_ref(found, clause))
        if examinable:
            taught.append((found, clause))

    for raw in spec.refs:
        limit = int(raw.get("limit", 99))
        if "clauses" in raw:
            doc = find_document(material.corpus, raw.get("title"), raw.get("doc_no"))
            found = material.document(doc) if doc is not None else None
            if found is None:
                continue  # not in force on the date (or not held): nothing to teach from it
            liability = raw.get("relation") == RELATION_LIABILITY
            for cid in raw["clauses"]:
                clause = found.doc.clause(str(cid))
                if clause is None or (found.doc.id, clause.id) in seen:
                    continue
                if liability and material.is_liability(found.doc.id, clause.id):
                    teach(found, clause, examinable=False)
                elif not liability and not material.is_liability(found.doc.id, clause.id):
                    teach(found, clause)
        elif "topic" in raw:
            for found, clause in _topic_duties(material, raw["topic"], tuple(raw["terms"]), seen,
                                               by_article)[:limit]:
                teach(found, clause)
        elif raw.get("industry"):
            chosen = _industry_duties(material, seen, limit)
            for found, clause in chosen:
                teach(found, clause)
            notes.extend(_industry_notes(material.industry, bool(chosen)))
            notes.extend(_trade_texts_not_held(material))
        elif raw.get("grading"):
            grading_refs, grading_notes = _grading_refs(material)
            refs.extend(grading_refs)
            notes.extend(grading_notes)
        elif raw.get("standard"):
            standard_refs, standard_notes = _standard_refs(material)
            refs.extend(standard_refs)
            notes.extend(standard_notes)
        elif "recent" in raw:
            recent = _recent_refs(material, int(raw["recent"]))
            refs.extend(recent)
            if not recent:
                notes.append(training_rules().recent_none.format(years=raw["recent"]))
    return _merged(refs), taught, notes


def _merged(refs: list[Ref]) -> list[Ref]:
    """One reference per document or clause: a standard named by the grading refs and again for its
    parts is listed once, its labels joined."""
    out: dict[tuple[str, str | None], Ref] = {}
    for ref in refs:
        key = (ref.citation, ref.url)
        if key in out:
            first = out[key]
            first.label = "；".join(x for x in (first.label, ref.label) if x)
        else:
            out[key] = Ref(ref.label, ref.citation, ref.url, ref.status)
    return list(out.values())


def _topic_duties(material: _Material, topic: str, terms: tuple[str, ...], seen: set[tuple[str, str]],
                  by_article: set[str]) -> list[tuple[ApplicableDocument, Clause]]:
    """Duties in documents of `topic` whose text uses one of the topic's statutory terms; the region's
    own documents first. Documents the outline teaches by article (`by_article`) are taught so."""
    local = sorted(material.docs, key=lambda f: f.tier == "全国")
    out = []
    for found in local:
        if topic not in found.doc.meta.topics or found.doc.id in by_article:
            continue
        for c in found.clauses:
            key = (found.doc.id, c.clause.id)
            if key not in seen and material.is_duty(*key) and any(t in c.clause.text for t in terms):
                out.append((found, c.clause))
    return out


def _industry_duties(material: _Material, seen: set[tuple[str, str]], limit: int
                     ) -> list[tuple[ApplicableDocument, Clause]]:
    """The trade's own regulations (documents whose industries name it) and articles of general laws
    that name it. Articles that name the trade come first, then the most specific regulations (a 条例
    of this trade before one of five trades); no regulation takes more than half the module."""
    vocab = load_vocabulary()
    ranked: list[tuple[bool, int, int, int, ApplicableDocument, Clause]] = []
    for rank, found in enumerate(material.docs):
        trades = vocab.expand_industries(found.doc.meta.industries)
        for order, c in enumerate(found.clauses):
            key = (found.doc.id, c.clause.id)
            names_trade = material.industry in vocab.expand_industries(c.scope.industries)
            if key in seen or not material.is_duty(*key) or not (names_trade or material.industry in trades):
                continue
            ranked.append((not names_trade, len(trades) or len(vocab.industries), rank, order, found, c.clause))
    ranked.sort(key=lambda x: x[:4])
    per_document = max(2, (limit + 1) // 2)
    taken: dict[str, int] = {}
    out = []
    for *_, found, clause in ranked:
        if taken.get(found.doc.id, 0) < per_document and len(out) < limit:
            taken[found.doc.id] = taken.get(found.doc.id, 0) + 1
            out.append((found, clause))
    return out


def _trade_texts_not_held(material: _Material) -> list[str]:
    """The trade's own laws in force that the knowledge base does not hold (危险化学品安全法, in force
    2026-05-01): the module cannot quote them, so it says the trainer must bring the text."""
    vocab = load_vocabulary()
    out = []
    for f in applicable_register(material.corpus, material.region, material.industry, "规模以上", material.on):
        meta = f.doc.meta
        if meta.industries and material.industry in vocab.expand_industries(meta.industries) \
                and f.status.in_force:
            # Only a stated 施行 date is said to be one (status.since may be the adoption date).
            since = f"自{cn_date(meta.effective)}起施行，" if meta.effective else ""
            out.append(training_rules().trade_text_not_held.format(citation=f.doc.citation(), since=since))
    return out


def _industry_notes(industry: str, found_any: bool) -> list[str]:
    rules = training_rules()
    notes = [] if found_any else [rules.industry_none.format(industry=industry)]
    notes.extend(text for industries, text in rules.industry_extra if industry in industries)
    return notes


def _grading_refs(material: _Material) -> tuple[list[Ref], list[str]]:
    """The grading regime (the 定级办法 and the held notice that shows its procedure) and the standards
    that cover the trade at some size."""
    rules = training_rules()
    refs: list[Ref] = []
    notes = [rules.grading_note]
    shown: set[str] = set()
    for i, scale in enumerate(material.by_scale):
        graded = grading(material.corpus, material.region, material.industry, scale, material.on)
        if i == 0:
            regime = graded.regime
            if regime.covered:
                refs.append(Ref("", regime.title, None, regime_status(material.corpus, material.on)))
            else:
                notes.append(regime_rules().out_of_scope.format(industry=material.industry))
            held = [f for f in regime.current if f.url and not f.url.startswith("http")]
            for citation in dict.fromkeys(f.citation for f in held):
                facts = [f for f in held if f.citation == citation]
                topics = "、".join(f.text.split("：", 1)[0] for f in facts)
                refs.append(Ref(topics, citation, facts[0].url, facts[0].status))
        for row in graded.standards:
            if row.applies and row.citation not in shown:
                shown.add(row.citation)
                refs.append(Ref(f"{row.role}，适用范围：{row.scope}", row.citation, row.url, row.status))
    return refs, notes


def _standard_refs(material: _Material) -> tuple[list[Ref], list[str]]:
    """The parts of the current basic standard, unnumbered (its numbering is not established)."""
    std = plan_rules().default_standard
    try:
        doc, elements = standard_elements(material.corpus, std)
    except AnbiaoError:
        return [], []
    status = status_text(doc, material.on, material.corpus)
    names = "、".join(e.name for e in elements)
    structure = regime_rules().structure_unverified.format(parts=names)
    return [Ref(f"{names}等部分", doc.citation(), doc.url, status)], [structure + training_rules().structure_use]


def _recent_refs(material: _Material, years: int) -> list[Ref]:
    """Documents of the trade in force on the date that took effect in the last `years` years."""
    since = material.on.replace(year=material.on.year - years)
    found = material.docs + applicable_register(material.corpus, material.region, material.industry, "规模以上",
                                                material.on)
    refs = []
    for f in found:
        effective = f.doc.meta.effective
        start = effective or f.doc.meta.issued
        if start is not None and since <= start <= material.on:
            url = f.doc.url if f.doc.held else None
            # Without a stated 施行 date, the document's own date is given as such, never as 施行.
            # A newer version of a title the corpus holds was amended on its date (修订 or 修正: 修改).
            made = "修改" if f.doc.meta.supersedes else "通过或印发"
            when = f"{cn_date(start)}起施行" if effective else f"{cn_date(start)}{made}，施行日期未查到"
            refs.append((start, Ref(when, f.doc.citation(), url, reader_status(f.status))))
    return [ref for _, ref in sorted(refs, key=lambda x: x[0], reverse=True)]


def _assessment(corpus: Corpus, audience: str, industry: str, on: dt.date, rules: TrainingRules
                ) -> tuple[list[Cited], str]:
    """Who assesses the trainees and who sets the pass mark (安全生产法 第二十七条第二款)."""
    a = rules.assessment
    if audience not in a.audiences:
        return [], a.workers
    if industry not in a.industries and industry not in a.maybe:
        return [], a.trainer.format(audience=audience)
    quote = resolve_quote(corpus, a.quote, on)
    quotes = [quote] if quote else []
    text = a.assessed if industry in a.industries else a.maybe_assessed
    return quotes, text.format(audience=audience)


# --- the exam ------------------------------------------------------------------------------------

# Figures worth asking; never a year or a date (a date in a duty is a deadline, not knowledge).
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?%"
    r"|\d+(?:\.\d+)?(?:个工作日|学时|小时|日内|个月|年内|人以上|人以下)"
    r"|[一二三四五六七八九十百千两]+(?:个工作日|学时|小时|日内|个月|年内|人以上|人以下|级)"
)


BLANK = "________"  # long enough to write an answer on paper


def blanks_in(sentence: str, terms: tuple[str, ...]) -> list[str]:
    """What may be blanked in a sentence: figures first, then named requirements."""
    return [m.group(0) for m in _FIGURE.finditer(sentence)] + [t for t in terms if t in sentence]


def _question_sentences(text: str, longest: int) -> list[str]:
    """Whole sentences; one too long for a question is asked by its “；” parts instead."""
    out = []
    for sentence in sentences(text, semicolons=False):
        out.extend(sentences(sentence) if len(sentence) > longest else [sentence])
    return out


def names_its_subject(sentence: str) -> bool:
    """Whether a duty sentence says who or what it is about before its modal. A later sentence of
    an article often opens with a circumstance and leaves the subject to the first sentence
    (“发现…紧急情况，应当立即…”): asked alone, the trainee cannot tell whose duty it is. Such a
    sentence has a comma before its modal and no actor word there; “安全生产工作应当…” (a topic as
    subject) and a sentence without a modal pass."""
    modal = MODAL.search(sentence)
    if modal is None:
        return True
    before = sentence[:modal.start()]
    return not re.search(r"[，,]", before) or ACTOR_RE.search(before) is not None


# A sentence that starts by pointing at another paragraph of its article.
_REFERS_BACK = re.compile(r"^(?:依照|按照|违反|有)?前[一二三四两]?款")


def make_exam(taught: list[tuple[ApplicableDocument, Clause]], rules: TrainingRules, on: dt.date) -> list[Question]:
    """Fill-in-the-blank questions cut from the duties taught, at most two per clause, each with its
    source and the source's status. A clause whose dated target is spent is not asked."""
    ex = rules.exam
    questions: list[Question] = []
    per_doc: dict[str, int] = {}
    seen: set[str] = set()  # answers already asked: ten questions ask ten things
    asked: set[tuple[str, str]] = set()
    for found, clause in taught:
        doc = found.doc
        if len(questions) >= ex.max_questions:
            break
        if per_doc.get(doc.id, 0) >= ex.max_per_document or (doc.id, clause.id) in asked:
            continue
        if clause_deadline_spent(doc, clause, on):
            continue
        asked.add((doc.id, clause.id))
        from_clause = 0
        lead_in = list_lead_in(clause.text)
        for sentence in _question_sentences(clause.text, ex.sentence_max):
            if from_clause >= 2 or per_doc.get(doc.id, 0) >= ex.max_per_document:
                break
            if not ex.sentence_min <= len(sentence) <= ex.sentence_max or not is_whole(sentence):
                continue
            if _REFERS_BACK.match(sentence):  # “前款规定以外的…” needs a paragraph the trainee cannot see
                continue
            before = ""
            if ITEM_LABEL.match(sentence):
                # An item of a list (“为从业人员配备…；”) means nothing alone: the question puts the
                # clause's lead-in (“…履行下列职责：”) before it; the source quotes the item as written.
                if lead_in is None:
                    continue
                sentence, before = ITEM_LABEL.sub("", sentence), lead_in
            if not names_its_subject(before + sentence):
                continue
            answer = next((a for a in blanks_in(sentence, ex.terms) if a not in seen), None)
            if answer is None:
                continue
            seen.add(answer)
            text = before + sentence.replace(answer, BLANK, 1)
            source = Cited(sentence, doc.citation(clause), doc.clause_url(clause), reader_status(found.status))
            questions.append(Question(len(questions) + 1, text, answer, source))
            per_doc[doc.id] = per_doc.get(doc.id, 0) + 1
            from_clause += 1
            if len(questions) >= ex.max_questions:
                break
    return questions
