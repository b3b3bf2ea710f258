"""Search quality cannot silently fall: the served search clears floors on the tuning sets and on the
eight frozen held-out sets, and stays ahead of the naive baselines on the same clauses.

The frozen sets (tests/eval/heldout*.yaml, newlaws*.yaml) are only ever
measured in aggregate: this test prints nothing per question, and its failure messages give the
figures alone. Each floor sits
a little below what bench/eval_search.py measured when it was set (bench/README.md has the table);
the static site's figures are held by tests/test_search_static.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
# Measured 2026-11-30 (89 files, 3,300 clauses; bench/README.md), R@1 / R@5 / MRR@10: tuning 0.804 /
# 0.953 / 0.870, tuning2 0.915 / 0.983 / 0.944, tuning3 0.921 / 1.000 / 0.945, tuning4 0.612 / 0.939 /
# 0.737, tuning5 0.620 / 0.800 / 0.703; heldout 0.849 / 0.965 / 0.899, newlaws 0.700 / 0.900 / 0.800,
# heldout2 0.775 / 0.975 / 0.867, newlaws2 0.700 / 0.900 / 0.796, heldout3 0.875 / 0.975 / 0.911, newlaws3
# 0.600 / 0.800 / 0.689, newlaws4 0.900 / 0.900 / 0.900, newlaws5 0.800 / 1.000 / 0.883; MRR@10 above the
# best baseline +0.156 (tuning), +0.185 (heldout), +0.246 (heldout2), +0.176 (heldout3).
FLOORS = {
    "tuning": {"R@1": 0.77, "R@5": 0.92, "MRR@10": 0.84},
    "tuning2": {"R@1": 0.86, "R@5": 0.94, "MRR@10": 0.90},
    "tuning3": {"R@1": 0.86, "R@5": 0.95, "MRR@10": 0.90},
    "tuning4": {"R@1": 0.55, "R@5": 0.89, "MRR@10": 0.69},
    "tuning5": {"R@1": 0.56, "R@5": 0.76, "MRR@10": 0.66},
    "heldout": {"R@1": 0.80, "R@5": 0.94, "MRR@10": 0.87},
    "newlaws": {"R@1": 0.60, "R@5": 0.80, "MRR@10": 0.75},
    "heldout2": {"R@1": 0.72, "R@5": 0.95, "MRR@10": 0.84},
    "newlaws2": {"R@1": 0.60, "R@5": 0.80, "MRR@10": 0.70},
    "heldout3": {"R@1": 0.83, "R@5": 0.95, "MRR@10": 0.88},
    "newlaws3": {"R@1": 0.50, "R@5": 0.70, "MRR@10": 0.60},
    "newlaws4": {"R@1": 0.80, "R@5": 0.80, "MRR@10": 0.80},
    "newlaws5": {"R@1": 0.70, "R@5": 0.90, "MRR@10": 0.80},
}
MARGIN_OVER_BASELINES = {"heldout": 0.15, "heldout2": 0.20, "heldout3": 0.14, "tuning": 0.12}  # MRR@10 above the best baseline



@pytest.fixture(scope="module")
def evaluation():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import eval_search
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return eval_search, eval_search.evaluate(CONTENT, with_static=False)


def test_every_question_has_an_answer_in_the_content(evaluation) -> None:  # type: ignore[no-untyped-def]
    _module, ev = evaluation
    assert len(ev.queries["tuning"]) >= 100 and len(ev.queries["heldout"]) == 86 and len(ev.queries["newlaws"]) == 10
    assert (len(ev.queries["heldout2"]), len(ev.queries["newlaws2"])) == (40, 10)
    assert (len(ev.queries["heldout3"]), len(ev.queries["newlaws3"])) == (40, 10)
    assert (len(ev.queries["newlaws4"]), len(ev.queries["newlaws5"])) == (10, 10)
    assert ev.coverage["unanswerable"] == []
    # One answer of heldout and one of heldout2 are in no clause of at most the eval's 1,500 characters
    # (counted as missed; the frozen questions are not opened to see why).
    assert ev.coverage["unanswerable_frozen"] == {"heldout": 1, "newlaws": 0, "heldout2": 1, "newlaws2": 0,
                                                  "heldout3": 0, "newlaws3": 0, "newlaws4": 0, "newlaws5": 0}


@pytest.mark.parametrize("name", list(FLOORS))
def test_served_quality_clears_the_floor(evaluation, name: str) -> None:  # type: ignore[no-untyped-def]
    module, ev = evaluation
    ours = ev.of(module.SERVED, name)
    measured = {"R@1": ours.recall(1), "R@5": ours.recall(5), "MRR@10": ours.mrr}
    low = {k: f"{measured[k]:.3f} < {floor}" for k, floor in FLOORS[name].items() if measured[k] < floor}
    assert not low, f"{name}: {low}"


@pytest.mark.parametrize("name", list(MARGIN_OVER_BASELINES))
def test_served_stays_ahead_of_the_naive_baselines(evaluation, name: str) -> None:  # type: ignore[no-untyped-def]
    module, ev = evaluation
    best = max(ev.of(s, name).mrr for s in ev.systems if s != module.SERVED)
    gain = ev.of(module.SERVED, name).mrr - best
    assert gain >= MARGIN_OVER_BASELINES[name], f"{name}: MRR@10 {gain:+.3f} over the best baseline"
