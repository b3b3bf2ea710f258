"""Quantities: how a clause states a number of something and how a question asks for one.

A statute answers “how long / how many / how much” with a numeral and its measure word (量词):
“应当于1小时内…报告”, “有效期为三年”, “从业人员超过一百人的”, “评审评分不低于90分”. Neither the
numeral nor the measure word is a word a question shares with its answer (the question writes 多长时间,
几年, 多少人), so each clause is indexed with one term per kind of quantity it states (QUANTITY + the
kind, e.g. #日; the prefix is search.store.QUANTITY), and a question asking for a kind — 多少 or 几
before the measure word, or a word asking how long (data/quantities.yaml) — looks for that term.
The browser's scorer (generator/site/assets/anbiao-search.js) reads the question the same way; the
clause side is done at index time, so it ships as terms of the static index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

NUMERAL = r"(?:\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千万亿半]+)"
# Not a quantity: an ordinal (第三年), the day or year of a date (2013年12月20日), a fraction
# (三分之一), the adverbs 十分 and 一起.
_ORDINAL = "第"
# Four digits, Arabic or Chinese (〇 and the look-alike ○ as zero), before 年 write a year.
_YEAR = re.compile(r"[0-9零〇○一二三四五六七八九]{4}")


@dataclass(frozen=True)
class QuantityWords:
    """data/quantities.yaml."""

    units: dict[str, list[str]]  # kind → the measure words that state it
    durations: list[str]  # words asking how long
    time_units: list[str]  # the kinds that answer how long

    def as_json(self) -> dict[str, object]:
        return {"units": self.units, "durations": self.durations, "time_units": self.time_units}


@cache
def quantity_words() -> QuantityWords:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(Path(__file__).with_name("data").joinpath("quantities.yaml").read_text(encoding="utf-8"),
                    Loader=loader)
    return QuantityWords({str(k): [str(w) for w in v] for k, v in raw["units"].items()},
                         [str(w) for w in raw["durations"]], [str(w) for w in raw["time_units"]])


def _surfaces(units: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """(measure word, kind), longest first, so that 个工作日 is read before 日."""
    return sorted(((s, kind) for kind, words in units.items() for s in words), key=lambda x: -len(x[0]))


@cache
def _patterns(units: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """A numeral and its measure word (个 may stand between them: 三个人, 几个小时), and 多少 / 几 in
    the numeral's place; with the kind of each measure word."""
    pairs = _surfaces(dict(units))
    alternation = "|".join(re.escape(s) for s, k in pairs if s != "个")
    unit = rf"(?:个?(?P<unit>{alternation})|(?P<ge>个))"
    return re.compile(rf"(?P<num>{NUMERAL}){unit}"), re.compile(rf"(?:多少|几){unit}"), dict(pairs)


def _key(units: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, tuple(v)) for k, v in units.items())


def stated_quantities(text: str, units: Mapping[str, Sequence[str]]) -> list[str]:
    """The kinds of quantity `text` (normalized) states, each once, in order of first appearance."""
    stated, _asked, kind_of = _patterns(_key(units))
    found: dict[str, None] = {}
    for m in stated.finditer(text):
        num, unit, start = m["num"], m["unit"] or m["ge"], m.start()
        before = text[start - 1] if start else ""
        after = text[m.end():m.end() + 1]
        if before == _ORDINAL or before.isdigit():
            continue
        if unit == "年" and _YEAR.fullmatch(num):
            continue  # a year: 2013年, 二〇〇二年, 二○二一年
        if unit in ("日", "天") and before == "月":
            continue  # the day of a date: 12月20日
        if unit == "分" and (num == "十" or (after and after in "之钟")):
            continue  # 十分 (very), 三分之一
        if unit == "起" and num == "一":
            continue  # 一起 (together)
        found[kind_of[unit]] = None
    return list(found)


def asked_quantities(text: str, units: Mapping[str, Sequence[str]], durations: Sequence[str],
                     time_units: Sequence[str]) -> list[str]:
    """The kinds of quantity a question (normalized) asks for: 多少 or 几 before a measure word
    (几个小时, 多少分, 多少个), or a word asking how long (any time unit)."""
    found: dict[str, None] = {}
    if any(d in text for d in durations):
        found.update(dict.fromkeys(time_units))
    _stated, asked, kind_of = _patterns(_key(units))
    for m in asked.finditer(text):
        found[kind_of[m["unit"] or m["ge"]]] = None
    return list(found)
