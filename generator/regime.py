"""The grading regime (定级制度) and the standards that cover an enterprise, as far as they are established.

Every statement comes from generator/data/regime.yaml with its source (a held text, quoted verbatim
with its status, or a named outside source with its grade); what is not established becomes an item
the enterprise confirms with the 属地应急管理部门. Whether a held standard covers the enterprise is
what kb.applicability says; a standard known only by number covers the industries its row names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.model import BasisItem, Cited, Regime, StandardRow
from generator.rules import FactSpec, RegimeRules, StandardSpec, plan_rules, regime_rules
from generator.sources import held_quote, status_text
from kb.applicability import fits_trade_and_size
from kb.docno import doc_no_key
from kb.model import Corpus, Document
from kb.numbering import cn_date
from kb.validity import source_line, status_on
from kb.vocab import load_vocabulary

ROLE_BASIC = "基本标准"
ROLE_SMALL_TRADE = "评定标准"  # the 工贸 小微 评定标准 (安监总管四〔2014〕17号附件)


@dataclass
class Grading:
    """What a plan says about grading for one enterprise."""

    regime: Regime
    standards: list[StandardRow]
    notes: list[str]
    confirm: list[str]
    basic_applies: bool  # the basic standard (GB/T 33000—2025) covers the enterprise
    small_trade: bool  # the 工贸 小微 评定标准 covers it
    leading: str | None  # the standard the enterprise is graded by (citation and status), where one covers it
    # Documents for the 编制依据 whose text is not held (the 定级办法, GB 45673-2025), with their level.
    basis: list[tuple[str, BasisItem]] = field(default_factory=list)


def grading(corpus: Corpus, region: str, industry: str, scale: str, on: dt.date) -> Grading:
    """The regime, the standards table and what to confirm, for an enterprise of `industry` and `scale`
    in `region` on `on`."""
    rules = regime_rules()
    covered = industry in rules.scope_industries
    confirm: list[str] = []
    current = []
    for spec in rules.current:
        fact = _fact(spec, corpus, on, rules)
        if spec.about_scope:
            fact.text += (rules.in_scope if covered else rules.out_of_scope).format(industry=industry)
            if not covered:
                confirm.append(rules.out_of_scope_confirm.format(industry=industry))
        current.append(fact)
        if spec.confirm:
            confirm.append(spec.confirm)
    province = next((r for r in load_vocabulary().region_chain(region) if r in rules.provincial_rules), None)
    if province is not None:
        source = rules.sources[rules.provincial_rules_source]
        current.append(Cited(rules.provincial_rules[province], source_line(source).text, source.url))
    confirm.append(rules.provincial_confirm)
    regime = Regime(f"《{rules.title}》（{rules.doc_no}）", covered, current,
                    [_fact(spec, corpus, on, rules) for spec in rules.history], rules.history_note)

    rows: list[tuple[StandardSpec, StandardRow]] = []
    for spec in rules.standards:
        row = _standard_row(spec, corpus, industry, scale, on, rules)
        if row is not None:
            rows.append((spec, row))
    basis: list[tuple[str, BasisItem]] = []
    for spec, row in rows:
        held = corpus.get(spec.document) if spec.document else None
        if row.applies and held is not None:
            # a standard covering the enterprise is a basis even when it offers no clause to cite
            basis.append((held.meta.level, BasisItem(held.title, held.meta.doc_no, held.citation(), row.status,
                                                     held.url)))
        elif row.applies and spec.document is None and _register(corpus, spec.doc_no or "") is None:
            # not held and not registered (a register entry is in the basis already): named from the table
            assert spec.title is not None and spec.level is not None
            basis.append((spec.level, BasisItem(spec.title, spec.doc_no, row.citation, row.status, None)))
    if covered:
        basis.append((rules.level, BasisItem(rules.title, rules.doc_no, regime.title,
                                             _not_held_status(corpus, rules.doc_no, on), None)))
    basic_applies = any(row.applies for _, row in rows if row.role == ROLE_BASIC)
    notes = []
    if not basic_applies:
        notes.append(rules.outside_basic_standard.format(scale=scale))
    if not any(row.applies for _, row in rows if row.role != ROLE_BASIC):
        notes.append(rules.no_grading_standard.format(industry=industry, scale=scale))
    small = [row for spec, row in rows if row.applies and spec.role == ROLE_SMALL_TRADE and spec.document]
    small_trade = bool(small)
    notes += [rules.small_trade_earlier_regime.format(standard=row.citation) for row in small]
    shown = [row for _, row in rows if row.applies or row.role == ROLE_BASIC]
    covering = [row for row in shown if row.applies]
    lead = next((r for r in covering if r.role != ROLE_BASIC), covering[0] if covering else None)
    leading = f"{lead.citation}（{lead.status}）" if lead else None
    return Grading(regime, shown, notes, confirm, basic_applies, small_trade, leading, basis)


def _fact(spec: FactSpec, corpus: Corpus, on: dt.date, rules: RegimeRules) -> Cited:
    if spec.held is not None:
        quote = held_quote(corpus, spec.held, on)
        return Cited(spec.text.format(quote=quote.text), quote.citation, quote.url, quote.status)
    assert spec.source is not None  # regime_rules() checks every fact names one or the other
    source = rules.sources[spec.source]
    return Cited(spec.text.format(scope_words=rules.scope_words), source_line(source).text, source.url)


def _register(corpus: Corpus, doc_no: str) -> Document | None:
    """A register entry (or any document) recorded under `doc_no`, which then gives the status."""
    key = doc_no_key(doc_no)
    return next((d for d in corpus if d.meta.doc_no and doc_no_key(d.meta.doc_no) == key), None)


def regime_status(corpus: Corpus, on: dt.date) -> str:
    """The status of the 定级办法 itself (its text is not held)."""
    return _not_held_status(corpus, regime_rules().doc_no, on)


def _not_held_status(corpus: Corpus, doc_no: str, on: dt.date) -> str:
    entry = _register(corpus, doc_no)
    if entry is not None:
        return status_text(entry, on, corpus)
    return plan_rules().status_words["未知"]


def _standard_row(spec: StandardSpec, corpus: Corpus, industry: str, scale: str, on: dt.date,
                  rules: RegimeRules) -> StandardRow | None:
    if spec.document is not None:
        doc = corpus.get(spec.document)
        if doc is None:
            return None
        # Whom a standard covers is in its metadata (industries, the size its title names), not in clauses
        # `applicable` could list: a page whose numbering is ours offers none.
        applies = fits_trade_and_size(doc, industry, scale) and status_on(doc, on, corpus).in_force is not False
        return StandardRow(doc.citation(), doc.url, spec.role, spec.scope, applies, status_text(doc, on, corpus))
    assert spec.doc_no is not None and spec.title is not None
    vocab = load_vocabulary()
    applies = industry in vocab.expand_industries(spec.industries) and (not spec.scales or scale in spec.scales)
    entry = _register(corpus, spec.doc_no)
    source = rules.sources[spec.source] if spec.source else None
    if entry is not None:
        status = status_text(entry, on, corpus)
    else:
        status = rules.standard_not_held.format(effective=cn_date(spec.effective) if spec.effective else "")
    return StandardRow(f"《{spec.title}》（{spec.doc_no}）", None, spec.role, spec.scope, applies, status,
                       source_line(source).text if source else "")
