"""The controlled vocabularies, read once from kb/data/: vocab.yaml and regions.csv (GB/T 2260).

A region is written by its full name — the names of the divisions containing it, then its own:
北京市, 四川省绵阳市, 上海市青浦区, 山东省潍坊市诸城市 — so that the chain district → city →
province → 全国 follows from the codes, and a document of a province applies in its cities.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

NATIONAL = "全国"
# Suffixes of province-level names: 广西壮族自治区 is also written 广西 (the short form at the start
# of an issuer's name: 山东煤矿安全监察局).
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
# A division's own name this short (城区, 矿区, 泸县) is also an ordinary word: it counts only
# after the name of the division containing it.
_MIN_LEADING_NAME = 3
# …unless the government or congress of that division follows it (冠县人民政府办公室): only a place has one.
_GOVERNMENT_OF_PLACE = ("人民政府", "人民代表大会")


@dataclass(frozen=True)
class RegionMatch:
    """What the start of a name (an issuer, a title) says about its region."""

    region: str | None  # the full name of the most specific division named, if unambiguous
    length: int = 0  # characters of the text that named it
    candidates: tuple[str, ...] = ()  # when ambiguous: the full names it could be


@dataclass(frozen=True)
class Vocabulary:
    regions: tuple[str, ...]
    region_parent: dict[str, str]
    industries: tuple[str, ...]
    industry_groups: dict[str, tuple[str, ...]]
    topics: tuple[str, ...]
    levels: tuple[str, ...]
    statuses: tuple[str, ...]
    kinds: tuple[str, ...]
    kind_labels: dict[str, str]  # kind → how a reader calls it (政策法规, 标准, 资料汇编, 登记条目)
    scales: tuple[str, ...]
    addressees: tuple[str, ...]
    region_codes: dict[str, str] = field(default_factory=dict)  # full name → GB/T 2260 code
    # A division's own name (青浦区, 绵阳市, and province short forms such as 广西) → full names.
    place_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of titles and scope articles that stand for an industry of the list (建设工程 → 建筑施工).
    industry_aliases: dict[str, str] = field(default_factory=dict)
    longest_place_name: int = 0

    @property
    def industry_values(self) -> tuple[str, ...]:
        """Values valid in an `industries:` list: single industries and group names."""
        return self.industries + tuple(self.industry_groups)

    def region_chain(self, region: str) -> list[str]:
        """The region and every region containing it, ending with 全国."""
        chain = [region]
        while chain[-1] in self.region_parent:
            chain.append(self.region_parent[chain[-1]])
        if chain[-1] != NATIONAL:
            chain.append(NATIONAL)
        return chain

    def expand_industries(self, values: list[str] | tuple[str, ...]) -> set[str]:
        """Group names stand for their members; members stay themselves."""
        out: set[str] = set()
        for v in values:
            out.add(v)
            out.update(self.industry_groups.get(v, ()))
        return out

    def industry_names(self, industries: set[str] | list[str]) -> set[str]:
        """The words that name these industries: each industry, each group holding one of them (a
        question about 矿山 is about 煤矿 too) and each alias of one (建设工程 names 建筑施工), so that a
        question using any of them names the trade."""
        wanted = set(industries)
        groups = {g for g, members in self.industry_groups.items() if wanted & set(members)}
        return wanted | groups | {alias for alias, target in self.industry_aliases.items() if target in wanted}

    def region_at_start(self, text: str) -> RegionMatch:
        """The division a name begins with, following the chain of names written one after the other.

        上海市青浦区应急管理局 → 上海市青浦区; 绵阳市应急管理局 → 四川省绵阳市; 诸城市… → 山东省潍坊市诸城市.
        A name shared by several divisions (朝阳区) is ambiguous unless a containing division was
        named before it (北京市朝阳区).
        """
        pos, current, candidates = 0, None, ()
        while True:
            step = self._next_place(text, pos, current)
            if step is None:
                break
            length, found = step
            if len(found) > 1:
                if current is None:
                    candidates = found
                break
            pos, current, candidates = pos + length, found[0], ()
        return RegionMatch(current, pos, candidates)

    def _next_place(self, text: str, pos: int, within: str | None) -> tuple[int, tuple[str, ...]] | None:
        """The longest division name at `pos` (inside `within`, if given) and its full names."""
        for length in range(min(len(text) - pos, self.longest_place_name), 1, -1):
            names = self.place_names.get(text[pos:pos + length])
            if not names:
                continue
            if within is not None:
                # 山东省诸城市 names the province and a county of one of its cities.
                names = tuple(n for n in names if within in self.region_chain(n)[1:])
            elif length < _MIN_LEADING_NAME and not text.startswith(_GOVERNMENT_OF_PLACE, pos + length):
                names = tuple(n for n in names if self.region_parent.get(n) == NATIONAL)
            if names:
                return length, names
        return None

    def nearest_region(self, value: str) -> str | None:
        """The valid region a mistyped or partial one most likely means (青浦区 → 上海市青浦区)."""
        match = self.region_at_start(value)
        rest = value[match.length:] if match.region else value
        # 绵阳 → 四川省绵阳市, 上海青浦 → 上海市青浦区: an own name written without its suffix, inside the
        # division already read, if any.
        by_own = {full for own, fulls in self.place_names.items() if rest and own.startswith(rest) for full in fulls
                  if match.region is None or full.startswith(match.region)}
        # 莱芜市 (abolished in 2019) → 山东省济南市莱芜区: a former division's name lives on in another kind.
        stem = rest[:-1] if len(rest) > 2 and rest[-1] in "省市州盟县区旗" else ""
        if not by_own and stem:
            by_own = {full for own, fulls in self.place_names.items() if own.startswith(stem) for full in fulls
                      if match.region is None or full.startswith(match.region)}
        if len(by_own) == 1:
            return by_own.pop()
        if match.region and match.region != value:
            return match.region
        close = difflib.get_close_matches(value, self.regions, n=1, cutoff=0.6)
        return close[0] if close else None

    def region_hint(self, value: str) -> str:
        """What a region is written as, and the likeliest one meant: the list (every county) is too long
        to print in an error message."""
        nearest = self.nearest_region(value)
        return (f"有效值：全国及 {len(self.regions) - 1} 个县级以上行政区划（GB/T 2260）的全称，如 四川省绵阳市、"
                "上海市青浦区" + (f"；最接近的有效值：{nearest}" if nearest else ""))

    def nearest_industry(self, value: str) -> str | None:
        """The valid industry value a mistyped one most likely means (建设工程 → 建筑施工)."""
        if value in self.industry_aliases:
            return self.industry_aliases[value]
        close = difflib.get_close_matches(value, self.industry_values, n=1, cutoff=0.5)
        return close[0] if close else None


def valid_list(values: tuple[str, ...] | list[str], limit: int = 40) -> str:
    """A compact Chinese listing of valid values for error messages."""
    shown = "、".join(values[:limit])
    return shown + (f" 等（共 {len(values)} 个）" if len(values) > limit else "")


def _province_short(name: str) -> str | None:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _read_regions(extra: list[dict[str, str]]) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """(full names in code order, parent by full name, code by full name) from regions.csv."""
    text = resources.files("kb").joinpath("data/regions.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("".join(ln for ln in text.splitlines(True) if not ln.startswith("#")))))
    full_by_code: dict[str, str] = {}
    regions, parent, codes = [NATIONAL], {}, {}
    for row in sorted(rows, key=lambda r: r["code"]):  # a parent's code sorts before its children's
        above = full_by_code.get(row["parent"], "")
        full = above + row["name"]
        full_by_code[row["code"]] = full
        regions.append(full)
        parent[full] = above or NATIONAL
        codes[full] = row["code"]
    for entry in extra:
        # Listed after the division it is named with (兵团 after 新疆 and its cities), as people expect.
        after = max(i for i, r in enumerate(regions) if r.startswith(entry["after"]))
        regions.insert(after + 1, entry["name"])
        parent[entry["name"]] = entry["parent"]
    return regions, parent, codes


def _place_names(regions: list[str], parent: dict[str, str]) -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for full in regions[1:]:
        above = parent[full]
        own = full[len(above):] if above != NATIONAL else full
        names.setdefault(own, []).append(full)
        short = _province_short(own) if above == NATIONAL else None
        if short:
            names.setdefault(short, []).append(full)
    return {k: tuple(v) for k, v in names.items()}


@cache
def load_vocabulary() -> Vocabulary:
    text = resources.files("kb").joinpath("data/vocab.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    regions, parent, codes = _read_regions(raw.get("extra_regions") or [])
    places = _place_names(regions, parent)
    return Vocabulary(
        regions=tuple(regions),
        region_parent=parent,
        industries=tuple(raw["industries"]),
        industry_groups={k: tuple(v) for k, v in raw["industry_groups"].items()},
        topics=tuple(raw["topics"]),
        levels=tuple(raw["levels"]),
        statuses=tuple(raw["statuses"]),
        kinds=tuple(raw["kinds"]),
        kind_labels=dict(raw["kinds"]),
        scales=tuple(raw["scales"]),
        addressees=tuple(raw["addressees"]),
        region_codes=codes,
        place_names=places,
        industry_aliases=dict(raw.get("industry_aliases") or {}),
        longest_place_name=max(map(len, places)),
    )
