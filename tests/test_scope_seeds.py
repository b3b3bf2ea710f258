"""Addressee detection against the hand-labelled seed clauses (tests/scope_labels.py).

The rules are lexical, so they are measured, not assumed: the accuracy must stay at or above the
floor below, and the clauses the issue names must be exactly right.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kb.applicability import applicable
from kb.loader import load_corpus
from kb.model import Corpus
from kb.scope import clause_scope
from tests.conftest import CONTENT
from tests.scope_labels import BJ, DEADLINES, GS99, HELDOUT_LABELS, LABELS, LAW_LABELS, MY, REG_LABELS
from tests.scope_support import find_clause, find_document, fixture_corpus

ACCURACY_FLOOR = 0.85


def _score(corpus: Corpus, labels: list[tuple[str, str, str]]) -> tuple[int, list[str]]:
    correct, wrong = 0, []
    for title, snippet, expected in labels:
        doc = find_document(corpus, title)
        assert doc is not None, f"no document titled …{title}…"
        clause = find_clause(doc, snippet)
        assert clause is not None, f"{doc.id}: no clause holds “{snippet}”"
        got = clause_scope(doc, clause).addressee
        if got == expected:
            correct += 1
        else:
            wrong.append(f"{doc.id} {clause.ref}: expected {expected}, got {got} (“{snippet[:20]}”)")
    return correct, wrong


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus, _ = fixture_corpus(tmp_path_factory.mktemp("scope"))
    return corpus


def test_every_label_finds_its_clause(seeds: Corpus) -> None:
    labels = LABELS + LAW_LABELS
    snippets = [(t, s) for t, s, _ in labels]
    assert len(set(snippets)) == len(snippets), "duplicate label rows"
    for title, snippet in snippets:
        doc = find_document(seeds, title)
        assert doc is not None and find_clause(doc, snippet) is not None, snippet


def test_addressee_accuracy_on_fixture_seeds(seeds: Corpus) -> None:
    correct, wrong = _score(seeds, LABELS + LAW_LABELS)
    n = len(LABELS) + len(LAW_LABELS)
    assert correct / n >= ACCURACY_FLOOR, f"{correct}/{n} correct; wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("title", "snippet", "expected"), [
    (BJ, "总体目标：持续开展安全生产标准化建设", "企业"),
    (BJ, "作为安全生产标准化创建的主体", "企业"),
    (BJ, "统一领导本地区安全生产标准化建设工作", "政府及部门"),
    (BJ, "对评审单位上报的评审报告进行复核", "评审机构"),
    (MY, "要及时提醒其及早提交复审申请", "政府及部门"),
    (GS99, "基本摸清了全国工贸企业现状", "其他"),
])
def test_named_clauses_are_exact(seeds: Corpus, title: str, snippet: str, expected: str) -> None:
    doc = find_document(seeds, title)
    assert doc is not None
    clause = find_clause(doc, snippet)
    assert clause is not None
    assert clause_scope(doc, clause).addressee == expected


@pytest.mark.parametrize(("title", "snippet", "industry", "scale", "deadline", "phrase"), DEADLINES)
def test_deadline_for_profile(seeds: Corpus, title: str, snippet: str, industry: str, scale: str,
                              deadline: str | None, phrase: str | None) -> None:
    doc = find_document(seeds, title)
    assert doc is not None
    clause = find_clause(doc, snippet)
    assert clause is not None
    result = applicable(seeds, doc.meta.region if doc.meta.region != "全国" else "北京市", industry, scale,
                        date(2026, 1, 1))
    listed = [c for d in result for c in d.clauses if c.clause is clause]
    assert len(listed) == 1, f"{doc.id} {clause.ref} not listed for {industry}/{scale}"
    item = listed[0]
    assert item.scope.deadline == (date.fromisoformat(deadline) if deadline else None)
    assert item.scope.deadline_phrase == phrase
    assert item.deadline_passed is (None if deadline is None else True)


def test_imported_seeds_when_present() -> None:
    """The same labels over content/policies as imported by `anbiao import` (content is committed:
    a seed missing from it is a failure, not a reason to skip)."""
    corpus, _problems = load_corpus(Path(CONTENT))
    titles = {t for t, _s, _e in LABELS + LAW_LABELS}
    missing = sorted(t for t in titles if not find_document(corpus, t))
    assert not missing, f"content/ lacks labelled documents: {missing}"
    labels = [row for row in LABELS + LAW_LABELS if find_clause(find_document(corpus, row[0]), row[1])]  # type: ignore[arg-type]
    correct, wrong = _score(corpus, labels)
    assert len(labels) >= 0.9 * len(LABELS + LAW_LABELS), "the imported texts lost labelled clauses"
    assert correct / len(labels) >= ACCURACY_FLOOR, f"{correct}/{len(labels)}; wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("labels", "floor"), [(REG_LABELS, 0.9), (HELDOUT_LABELS, 0.8)],
                         ids=["regulations", "held-out"])
def test_regulations_in_content(labels: list[tuple[str, str, str]], floor: float) -> None:
    """Articles of other regulations in content/policies: the rules are not fitted to the seeds only."""
    corpus, _problems = load_corpus(Path(CONTENT))
    missing = sorted({t for t, _s, _e in labels if not find_document(corpus, t)})
    assert not missing, f"content/ lacks labelled documents: {missing}"
    correct, wrong = _score(corpus, labels)
    assert correct / len(labels) >= floor, f"{correct}/{len(labels)}; wrong:\n" + "\n".join(wrong)
