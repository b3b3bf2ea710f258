"""Search results for people (a terminal listing) and for programs (JSON)."""

from __future__ import annotations

import json
import re

from search.query import Filters, Hit
from search.segment import normalize

PASSAGE_CHARS = 120
# The passage is looked for in the first SCAN_CHARS characters. Real clauses are far shorter (the
# longest article of the corpus has a few thousand); a whole document imported as one clause would
# otherwise cost about a second per hit at seven million characters.
SCAN_CHARS = 20_000
_ANSI_ON, _ANSI_OFF = "\033[1;31m", "\033[0m"


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


def mark(passage: str, spans: list[tuple[int, int]], color: bool) -> str:
    """Wrap the spans: bold red on a terminal, 【】 when the output is piped."""
    on, off = (_ANSI_ON, _ANSI_OFF) if color else ("【", "】")
    out, last = [], 0
    for a, b in spans:
        out.append(passage[last:a])
        out.append(on + passage[a:b] + off)
        last = b
    out.append(passage[last:])
    return "".join(out)


def render_text(query: str, hits: list[Hit], terms: list[str], color: bool) -> str:
    """A readable listing: rank, citation, heading path, highlighted passage, link."""
    lines = [f"“{query}”：找到 {len(hits)} 条相关条款（按相关度排序）", ""]
    for rank, hit in enumerate(hits, 1):
        facts = " · ".join(x for x in (hit.region, hit.status, hit.issued) if x)
        lines.append(f"{rank}. {hit.citation}  [{facts}]")
        if hit.heading_path:
            lines.append(f"   {hit.heading}")
        passage, spans = best_passage(hit.text or hit.heading, terms)
        lines.append(f"   {mark(passage, spans, color)}")
        lines.append(f"   {hit.url}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(hits: list[Hit]) -> str:
    return json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2) + "\n"


def no_hits_message(query: str, filters: Filters) -> str:
    """What to tell a user who found nothing, and what to try next."""
    tips = ["换用更短或更常用的词（如“标准化 证书”“隐患 排查”）",
            "用文号检索（如 京政办发〔2013〕10号）"]
    if not filters.is_empty():
        tips.insert(0, "去掉 --region/--industry/--kind/--status/--since/--until 等筛选条件再试")
        if filters.region and filters.only_region:
            tips.insert(0, "去掉 --only-region，把全国性文件也包括进来")
    listed = "；".join(f"{i}. {t}" for i, t in enumerate(tips, 1))
    return f"没有找到与“{query}”相关的条款。可以试试：{listed}。\n"
