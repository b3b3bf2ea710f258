"""Search results for people (a terminal listing) and for programs (JSON)."""

from __future__ import annotations

import json
import re

from search.query import Filters, Hit
from search.segment import normalize

PASSAGE_CHARS = 120
_ANSI_ON, _ANSI_OFF = "\033[1;31m", "\033[0m"


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
