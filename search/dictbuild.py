"""Derive domain words from the content (`anbiao dict [--content content] [--recurring]`).

Writes search/dict/content.txt (kept in the repository, next to the curated list), so the
segmenter knows the words this corpus is written in — 两项建设, 隐患查报, 自查自报 … — without anyone
listing them by hand. Three sources, all general:

1. the controlled vocabularies (industries, topics, region names);
2. terms the documents define or quote: （以下简称“…”） and short “…” phrases;
3. with --recurring: character sequences (4–6 characters) that recur in several documents, have
   varied neighbours on both sides (units, not fragments of a longer phrase) and that jieba would
   otherwise cut into pieces. Off by default: on 2026-11-23 it made the eval slightly worse
   (MRR 0.852 → 0.846), the mined sequences being mostly phrases jieba already handles.

Changing the dictionary changes `dictionary_version()`, and the next `anbiao index` rebuilds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from kb.fsio import write_atomic
from kb.loader import load_valid_corpus
from kb.vocab import load_vocabulary
from search.segment import DICT_DIR

_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Characters that begin or end fragments rather than words.
_EDGE = set("的了和与及或在对等是为将把被由从向于以其之所各该本每已并而但则也都就还又个这那要应当地第条款项章节依按经有")
MIN_COUNT, MIN_DOCS, MIN_NEIGHBOURS, MAX_CROSSING = 8, 3, 5, 0.2
_VERBS = ("进行", "建立", "制定", "开展", "推进", "落实", "加强", "完善", "实施", "履行", "提供", "负责", "保障",
          "组织", "健全", "采取", "符合", "依法", "按照", "规定", "未按")


def vocabulary_terms() -> set[str]:
    vocab = load_vocabulary()
    terms = set(vocab.industries) | set(vocab.industry_groups) | set(vocab.topics)
    for region in vocab.regions:
        terms.add(region)
        if region in vocab.region_parent and vocab.region_parent[region] != "全国":
            continue  # a city: 四川省绵阳市 stays whole
        short = re.sub(r"(省|市|自治区|特别行政区|壮族|回族|维吾尔)$", "", region)
        if len(short) >= 2:
            terms.add(short)
    return {t for t in terms if len(t) >= 2}


def quoted_terms(texts: list[str]) -> set[str]:
    return {m.group(1) for text in texts for m in _QUOTED.finditer(text)}


def recurring_terms(docs: list[list[str]], has_word: Callable[[str], bool]) -> set[str]:
    """Sequences of 4–6 characters recurring across documents with varied neighbours, that start
    and end where words do (制定安全生产 → 定安全生产 is a fragment: 制定 runs across its edge), and
    do not begin or end with a common verb (建立安全生产 is a phrase, not a term)."""
    counts: Counter[str] = Counter()
    in_docs: defaultdict[str, set[int]] = defaultdict(set)
    left: defaultdict[str, set[str]] = defaultdict(set)
    right: defaultdict[str, set[str]] = defaultdict(set)
    crossing: Counter[str] = Counter()  # occurrences where a word runs across the sequence's edge
    for doc_no, texts in enumerate(docs):
        for text in texts:
            for run in _CJK_RUN.findall(text):
                for size in (4, 5, 6):
                    for i in range(len(run) - size + 1):
                        gram = run[i:i + size]
                        if gram[0] in _EDGE or gram[-1] in _EDGE:
                            continue
                        counts[gram] += 1
                        in_docs[gram].add(doc_no)
                        before = run[i - 1] if i else "^"
                        after = run[i + size] if i + size < len(run) else "$"
                        left[gram].add(before)
                        right[gram].add(after)
                        if has_word(before + gram[0]) or has_word(gram[-1] + after):
                            crossing[gram] += 1
    found = set()
    for gram, count in counts.items():
        if (count >= MIN_COUNT and len(in_docs[gram]) >= MIN_DOCS and len(left[gram]) >= MIN_NEIGHBOURS
                and len(right[gram]) >= MIN_NEIGHBOURS and not has_word(gram)
                and crossing[gram] <= MAX_CROSSING * count
                and not gram.startswith(_VERBS) and not gram.endswith(_VERBS)
                and not any(ch in "的和或" for ch in gram)):
            found.add(gram)
    # Keep the longest: drop a sequence that only ever occurs inside a longer kept one.
    return {g for g in found if not any(g != h and g in h and counts[h] >= counts[g] for h in found)}


def build(content: Path, recurring: bool = False) -> list[str]:
    import rjieba

    corpus = load_valid_corpus(content)
    docs = [[c.heading + "\n" + c.text for c in d.clauses] + [d.title] for d in corpus]
    flat = [t for texts in docs for t in texts]
    terms = vocabulary_terms() | quoted_terms(flat)
    if recurring:
        terms |= recurring_terms(docs, rjieba.Jieba().has_word)
    return sorted(terms, key=lambda t: (len(t), t))


def write_dictionary(terms: list[str]) -> Path:
    """Replace search/dict/content.txt with `terms`; returns its path."""
    header = ("# Generated by `anbiao dict` from content/; do not edit by hand.\n"
              "# Curated words are in curated.txt. Regenerate after adding documents, then `anbiao index`.\n")
    path = DICT_DIR / "content.txt"
    write_atomic(path, header + "\n".join(terms) + "\n")
    return path
