"""The passage of a clause to show for a query, and where the query's words are in it."""

from __future__ import annotations

import re

from search.segment import normalize

PASSAGE_CHARS = 120
# The passage is looked for in the first SCAN_CHARS characters. Real clauses are far shorter (the
# longest article of the corpus has a few thousand); a whole document imported as one clause would
# otherwise cost about a second per hit at seven million characters.
SCAN_CHARS = 20_000


def best_passage(text: str, terms: list[str], width: int = PASSAGE_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """The window of `text` holding the most query words, and the spans of those words in it.

    Matching is on normalized text (full-width ASCII folded, lower case), which keeps offsets, so
    the spans index the original text. Linear in the length of the text, which is read up to
    SCAN_CHARS.
    """
    flat = text[:SCAN_CHARS].replace("\n", " ")
    spans = _term_spans(normalize(flat), terms)
    if len(text) <= width:
        return flat, spans
    best_start, best_count, best_lo = 0, -1, 0
    # Windows start a quarter width before each span. Spans are sorted and do not overlap, so their
    # ends are sorted too: those inside [start, start + width] are a run spans[lo:hi], and both
    # bounds only move forward as the start does.
    lo = hi = 0
    for s, _e in spans or [(0, 0)]:
        start = max(0, min(s - width // 4, len(flat) - width))
        while lo < len(spans) and spans[lo][0] < start:
            lo += 1
        while hi < len(spans) and spans[hi][1] <= start + width:
            hi += 1
        count = max(0, hi - lo)
        if count > best_count:
            best_start, best_count, best_lo = start, count, lo
    end = best_start + width
    inside = spans[best_lo:best_lo + best_count]
    passage = flat[best_start:end]
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - best_start
    return prefix + passage + suffix, [(a + shift, b + shift) for a, b in inside]


def _term_spans(low: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of the terms in `low`, sorted; earlier terms (the longer ones) win."""
    spans: list[tuple[int, int]] = []
    taken = bytearray(len(low))
    for term in terms:
        if not term:
            continue
        for m in re.finditer(re.escape(term), low):
            a, b = m.span()
            if 1 not in taken[a:b]:
                spans.append((a, b))
                taken[a:b] = b"\x01" * (b - a)
    spans.sort()
    return spans
