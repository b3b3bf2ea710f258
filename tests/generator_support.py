"""Helpers of the generator tests: the fixture corpus, the example profiles, running `anbiao` in-process."""

from __future__ import annotations

from pathlib import Path

from anbiao.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "generator" / "content"
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "generator"
PREPARED_ON = "2026-12-01"  # fixed 编制日期 so golden files do not change with the calendar
PROFILES = {
    "beijing-yejin": EXAMPLES / "beijing-yejin.yml",
    "chongqing-shangmao-xiaowei": EXAMPLES / "chongqing-shangmao-xiaowei.yml",
    "mianyang-feimeikuangshan": EXAMPLES / "mianyang-feimeikuangshan.yml",
}
OUTLINE_GOLDEN_ARGS = ["--audience", "主要负责人", "--industry", "冶金", "--region", "重庆市"]


def anbiao(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def plan_args(profile: Path, output: Path, content: Path = FIXTURE_CONTENT, *extra: str) -> list[str | Path]:
    return ["plan", "--profile", profile, "-o", output, "--date", PREPARED_ON, "--content", content, *extra]


def regenerate_golden() -> None:
    """Rewrite tests/golden/generator/*.md from the fixture corpus (see tests/golden/generator/README.md)."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, profile in PROFILES.items():
        assert anbiao(*plan_args(profile, GOLDEN / f"plan-{name}.md")) == 0
    assert anbiao("outline", *OUTLINE_GOLDEN_ARGS, "-o", GOLDEN / "outline-zhuyaofuzeren-yejin.md",
                  "--content", FIXTURE_CONTENT) == 0


if __name__ == "__main__":
    regenerate_golden()
    print(f"已重新生成 {GOLDEN}")
