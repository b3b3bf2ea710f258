"""Applicability quality on hand labels: strict precision and recall of duties, liabilities and key duties.

    .venv/bin/python -m bench.eval_applicable [--content content] [--labels tests/labels/applicability.yaml]
                                              [--date 2026-12-01] [--misses] [--timing]

The labels (tests/labels/applicability.yaml, format in its header) say, article by article, whether an
article of a law binds an enterprise as a duty, a conditional duty, a liability or not at all, and
for which industries. For every profile below (region × industry × scale) the gold sets are the labelled
articles whose document applies in the profile's region and whose industries include the profile's (or
are unrestricted); the predicted sets are what `kb.applicability.applicable` lists for the same profile
and document:

- duties: articles labelled duty or conditional ↔ clauses with `is_duty` (the duty/conditional split is
  scored apart, as agreement among the duties found);
- liabilities: articles labelled liability ↔ clauses with relation 法律责任;
- key duties: articles with `key: true` ↔ clauses with `is_duty` (recall only).

Counts are summed over profiles (micro-average). "Strict": an article listed for a profile it does not
bind, or listed as a duty when it is a liability, is a false positive. Two naive baselines run on the same
profiles: "every article of an applicable document is a duty" and "by chapter" (articles of a 法律责任
chapter are liabilities, every other article a duty).

The held-out part is frozen: this script prints only aggregate figures for it; `--misses` lists
per-article errors for the tuning part only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.applicability import RELATION_CONDITIONAL, RELATION_LIABILITY, applicable  # noqa: E402
from kb.loader import load_valid_corpus  # noqa: E402
from kb.model import Corpus, Document  # noqa: E402
from kb.vocab import load_vocabulary  # noqa: E402

LABELS = ROOT / "tests" / "labels" / "applicability.yaml"
PARTS = ("tuning", "heldout")
DUTY_LABELS = ("duty", "conditional")
# The trades of the brief (工贸 by two of its members, 商贸 and 冶金/机械), each in a region of its own
# and in a province whose 条例 are labelled (山东省), at the three sizes.
PROFILES: tuple[tuple[str, str, str], ...] = (
    ("北京市", "机械", "规模以上"),
    ("山东省济南市", "冶金", "规模以下"),
    ("上海市", "商贸", "小微"),
    ("四川省绵阳市", "非煤矿山", "规模以上"),
    ("山东省", "非煤矿山", "小微"),
    ("山西省", "煤矿", "规模以上"),
    ("山东省济宁市", "煤矿", "规模以下"),
    ("浙江省宁波市", "危险化学品", "规模以上"),
    ("山东省", "危险化学品", "规模以下"),
    ("重庆市", "建筑施工", "规模以上"),
    ("广东省", "建筑施工", "小微"),
    ("江苏省", "化工", "规模以上"),
)


@dataclass
class Article:
    label: str
    industries: list[str]
    key: bool


@dataclass
class LabelledDocument:
    title: str
    region: str | None
    articles: dict[str, Article]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], predicted: set[str]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    duties: Score = field(default_factory=Score)
    liabilities: Score = field(default_factory=Score)
    key: Score = field(default_factory=Score)
    same_kind: int = 0  # duties found whose duty/conditional split agrees with the label
    misses: list[str] = field(default_factory=list)


# (region, industry, scale, doc) → (duties, conditional duties, liabilities) as article ids
Predictor = Callable[[Corpus, tuple[str, str, str], date], dict[str, tuple[set[str], set[str], set[str]]]]


def load_labels(path: Path, part: str) -> list[LabelledDocument]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for entry in data[part]:
        default = entry.get("industries") or []
        articles = {str(n): Article(a["label"], list(a.get("industries") or default), bool(a.get("key")))
                    for n, a in entry["articles"].items()}
        out.append(LabelledDocument(entry["title"], entry.get("region"), articles))
    return out


def labelled_document(corpus: Corpus, title: str) -> Document:
    """The held text of that exact title; of two versions, the newest (the labels follow the lawref text)."""
    found = [d for d in corpus if d.held and d.title == title]
    if not found:
        raise SystemExit(f"标注的文件《{title}》不在知识库中")
    return max(found, key=lambda d: d.meta.issued or date.min)


def ours(corpus: Corpus, profile: tuple[str, str, str], on: date) -> dict[str, tuple[set[str], set[str], set[str]]]:
    out = {}
    for item in applicable(corpus, *profile, on_date=on):
        duties = {c.clause.id for c in item.clauses if c.is_duty}
        conditional = {c.clause.id for c in item.clauses if c.relation == RELATION_CONDITIONAL}
        liabilities = {c.clause.id for c in item.clauses if c.relation == RELATION_LIABILITY}
        out[item.doc.id] = (duties, conditional, liabilities)
    return out


def _naive(by_chapter: bool) -> Predictor:
    def predict(corpus: Corpus, profile: tuple[str, str, str], on: date) -> dict[str, tuple[set[str], set[str], set[str]]]:
        vocab = load_vocabulary()
        region, industry, _scale = profile
        chain = vocab.region_chain(region)
        out = {}
        for doc in corpus:
            if not doc.held or doc.meta.region not in chain:
                continue
            if doc.meta.industries and industry not in vocab.expand_industries(doc.meta.industries):
                continue
            articles = [c for c in doc.clauses if c.kind == "clause"]
            liable = {c.id for c in articles if by_chapter and _in_chapter(c, "法律责任")}
            out[doc.id] = ({c.id for c in articles} - liable, set(), liable)
        return out
    return predict


def _in_chapter(clause, word: str) -> bool:  # type: ignore[no-untyped-def]
    node = clause.parent
    while node is not None:
        if node.kind == "division" and word in node.heading:
            return True
        node = node.parent
    return False


def _binds(article: Article, industry: str) -> bool:
    return not article.industries or industry in load_vocabulary().expand_industries(article.industries)


def evaluate(corpus: Corpus, labels: list[LabelledDocument], on: date, predictor: Predictor = ours,
             profiles: Iterable[tuple[str, str, str]] = PROFILES) -> Result:
    vocab = load_vocabulary()
    documents = [(lab, labelled_document(corpus, lab.title)) for lab in labels]
    result = Result()
    for profile in profiles:
        region, industry, _scale = profile
        predicted = predictor(corpus, profile, on)
        for lab, doc in documents:
            if (lab.region or doc.meta.region) not in vocab.region_chain(region):
                continue
            binding = {n: a for n, a in lab.articles.items() if _binds(a, industry)}
            gold_duties = {n for n, a in binding.items() if a.label in DUTY_LABELS}
            gold_liabilities = {n for n, a in binding.items() if a.label == "liability"}
            gold_key = {n for n, a in binding.items() if a.key and a.label in DUTY_LABELS}
            duties, conditional, liabilities = predicted.get(doc.id, (set(), set(), set()))
            result.duties.add(gold_duties, duties)
            result.liabilities.add(gold_liabilities, liabilities)
            result.key.add(gold_key, duties & gold_key)
            result.same_kind += sum(1 for n in gold_duties & duties
                                    if (n in conditional) == (lab.articles[n].label == "conditional"))
            where = f"{'/'.join(profile)} 《{lab.title}》"
            for n in sorted(gold_duties - duties, key=int):
                result.misses.append(f"{where} 第{n}条：漏列义务（标注 {lab.articles[n].label}）")
            for n in sorted(duties - gold_duties, key=int):
                got = lab.articles[n].label if n in lab.articles else "无标注"
                result.misses.append(f"{where} 第{n}条：误列为义务（标注 {got}）")
            for n in sorted(gold_duties & duties, key=int):
                if (n in conditional) != (lab.articles[n].label == "conditional"):
                    result.misses.append(f"{where} 第{n}条：有条件/直接 与标注不一致（标注 {lab.articles[n].label}）")
            for n in sorted(gold_liabilities ^ liabilities, key=int):
                what = "漏列法律责任" if n in gold_liabilities else "误列为法律责任"
                got = lab.articles[n].label if n in lab.articles else "无标注"
                result.misses.append(f"{where} 第{n}条：{what}（标注 {got}）")
    return result


def _row(name: str, r: Result) -> str:
    d, li, k = r.duties, r.liabilities, r.key

    def p(score: Score) -> str:  # a predictor that lists nothing has no precision
        return f"{score.precision:6.3f}" if score.tp + score.fp else "     —"

    agree = f"{r.same_kind / d.tp:6.3f}" if d.tp else "     —"
    return (f"  {name:<22} {p(d)} {d.recall:6.3f}   {p(li)} {li.recall:6.3f}   "
            f"{k.recall:6.3f}   {agree}   ({d.tp + d.fn} 项义务, {li.tp + li.fn} 项责任)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--misses", action="store_true", help="list per-article errors (tuning part only)")
    parser.add_argument("--timing", action="store_true", help="time applicable() over every profile")
    parser.add_argument("--part", choices=PARTS, action="append",
                        help="score only this part (repeatable; default both): tune on `tuning` alone")
    args = parser.parse_args(argv)
    misses: list[str] = []
    corpus = load_valid_corpus(args.content)
    print(f"{len(corpus)} documents, {len(PROFILES)} profiles, date {args.date}")
    print(f"  {'':<22} {'义务P':>6} {'义务R':>6}   {'责任P':>6} {'责任R':>6}   {'关键R':>6}   {'类型一致':>6}")
    for part in args.part or PARTS:
        labels = load_labels(args.labels, part)
        print(f"{part}: {', '.join(lab.title for lab in labels)}")
        for name, predictor in (("ours", ours), ("naive: all duties", _naive(False)),
                                ("naive: by chapter", _naive(True))):
            result = evaluate(corpus, labels, args.date, predictor)
            print(_row(name, result))
            if args.misses and part == "tuning" and predictor is ours:
                misses = result.misses
    if args.misses:
        print("\n".join(sorted(set(misses))))
    if args.timing:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            for profile in PROFILES:
                applicable(corpus, *profile, on_date=args.date)
            runs.append((time.perf_counter() - start) / len(PROFILES))
        print(f"applicable(): median {sorted(runs)[1] * 1000:.0f} ms per profile over {len(corpus)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
