"""Search quality cannot silently fall: the served search clears floors on the tuning sets and on the
six frozen held-out sets, and stays ahead of the naive baselines on the same clauses.

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
# Measured 2026-11-30 (89 files, 3,299 clauses; bench/README.md), R@1 / R@5 / MRR@10: tuning 0.841 /
# 0.944 / 0.889, tuning2 0.915 / 0.966 / 0.941, tuning3 0.895 / 0.974 / 0.925, tuning4 0.633 / 0.857 /
# 0.716, tuning5 0.560 / 0.760 / 0.657; heldout 0.837 / 0.965 / 0.894, newlaws 0.700 / 0.800 / 0.733,
# heldout2 0.700 / 0.975 / 0.831, newlaws2 0.500 / 0.900 / 0.628, heldout3 0.825 / 0.950 / 0.872, newlaws3
# 0.500 / 0.700 / 0.579; MRR@10 above the best baseline +0.175 (tuning), +0.181 (heldout), +0.211
# (heldout2), +0.137 (heldout3).
FLOORS = {
    "tuning": {"R@1": 0.80, "R@5": 0.92, "MRR@10": 0.86},
    "tuning2": {"R@1": 0.86, "R@5": 0.93, "MRR@10": 0.89},
    "tuning3": {"R@1": 0.86, "R@5": 0.94, "MRR@10": 0.89},
    "tuning4": {"R@1": 0.59, "R@5": 0.81, "MRR@10": 0.68},
    "tuning5": {"R@1": 0.50, "R@5": 0.72, "MRR@10": 0.62},
    "heldout": {"R@1": 0.79, "R@5": 0.94, "MRR@10": 0.86},
    "newlaws": {"R@1": 0.60, "R@5": 0.70, "MRR@10": 0.65},
    "heldout2": {"R@1": 0.65, "R@5": 0.95, "MRR@10": 0.80},
    "newlaws2": {"R@1": 0.40, "R@5": 0.80, "MRR@10": 0.55},
    "heldout3": {"R@1": 0.78, "R@5": 0.92, "MRR@10": 0.84},
    "newlaws3": {"R@1": 0.40, "R@5": 0.60, "MRR@10": 0.50},
}
MARGIN_OVER_BASELINES = {"heldout": 0.14, "heldout2": 0.16, "heldout3": 0.10, "tuning": 0.14}  # MRR@10 above the best baseline



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
    assert ev.coverage["unanswerable"] == []
    # One answer of heldout and one of heldout2 are in no clause of at most the eval's 1,500 characters
    # (counted as missed; the frozen questions are not opened to see why).
    assert ev.coverage["unanswerable_frozen"] == {"heldout": 1, "newlaws": 0, "heldout2": 1, "newlaws2": 0,
                                                  "heldout3": 0, "newlaws3": 0}


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
