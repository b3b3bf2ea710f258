"""The passage of a clause to show for a query, and where the query's words are in it."""

from __future__ import annotations

import re

from search.segment import normalize

PASSAGE_CHARS = 120


def best_passage(text: str, terms: list[str], width: int = PASSAGE_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """The window of `text` holding the most query words, and the spans of those words in it.

    Matching is on normalized text (full-width ASCII folded, lower case), which keeps offsets, so
    the spans index the original text.
    """
    flat = text.replace("\n", " ")
    low = normalize(flat)
    spans: list[tuple[int, int]] = []
    taken = [False] * len(low)
    for term in terms:  # longest first: a long word wins over the words inside it
        if not term:
            continue
        for m in re.finditer(re.escape(term), low):
            if not any(taken[m.start():m.end()]):
                spans.append((m.start(), m.end()))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    spans.sort()
    if len(flat) <= width:
        return flat, spans
    best_start, best_count = 0, -1
    for s, _e in spans or [(0, 0)]:
        start = max(0, min(s - width // 4, len(flat) - width))
        count = sum(1 for a, b in spans if a >= start and b <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    end = best_start + width
    inside = [(a - best_start, b - best_start) for a, b in spans if a >= best_start and b <= end]
    passage = flat[best_start:end]
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix)
    return prefix + passage + suffix, [(a + shift, b + shift) for a, b in inside]
