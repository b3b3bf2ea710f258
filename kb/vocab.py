"""The controlled vocabularies, read once from kb/data/vocab.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


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

    @property
    def industry_values(self) -> tuple[str, ...]:
        """Values valid in an `industries:` list: single industries and group names."""
        return self.industries + tuple(self.industry_groups)

    def region_chain(self, region: str) -> list[str]:
        """The region and every region containing it, ending with 全国."""
        chain = [region]
        while chain[-1] in self.region_parent:
            chain.append(self.region_parent[chain[-1]])
        if chain[-1] != "全国":
            chain.append("全国")
        return chain

    def expand_industries(self, values: list[str] | tuple[str, ...]) -> set[str]:
        """Group names stand for their members; members stay themselves."""
        out: set[str] = set()
        for v in values:
            out.add(v)
            out.update(self.industry_groups.get(v, ()))
        return out


def valid_list(values: tuple[str, ...] | list[str], limit: int = 40) -> str:
    """A compact Chinese listing of valid values for error messages."""
    shown = "、".join(values[:limit])
    return shown + (f" 等（共 {len(values)} 个）" if len(values) > limit else "")


@cache
def load_vocabulary() -> Vocabulary:
    text = resources.files("kb").joinpath("data/vocab.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    regions: list[str] = []
    parent: dict[str, str] = {}
    for province, cities in raw["regions"].items():
        regions.append(province)
        if province != "全国":
            parent[province] = "全国"
        for city in cities or []:
            full = province + city
            regions.append(full)
            parent[full] = province
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
    )
