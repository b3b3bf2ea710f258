"""Helpers of the generator tests: the fixture corpus, the example profiles, running `anbiao` in-process."""

from __future__ import annotations

from pathlib import Path

from anbiao.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "generator" / "content"
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "generator"
PREPARED_ON = "2026-12-01"  # fixed 编制日期 so golden files do not change with the calendar
PROFILES = {path.stem: path for path in sorted(EXAMPLES.glob("*.yml"))}
# The outlines a consultant reviewed (tests/golden/generator/README.md): name → arguments.
OUTLINES = {
    "zhuyaofuzeren-yejin": ["--audience", "主要负责人", "--industry", "冶金", "--region", "重庆市"],
    "anquanguanli-weihua": ["--audience", "安全生产管理人员", "--industry", "危险化学品"],
    "xinshanggang-jianzhu": ["--audience", "新上岗从业人员", "--industry", "建筑施工"],
    "banzuzhang-feimei-zaipeixun": ["--audience", "班组长", "--industry", "非煤矿山", "--kind", "再培训",
                                    "--region", "四川省绵阳市"],
}


def anbiao(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def plan_args(profile: Path, output: Path, content: Path = FIXTURE_CONTENT, *extra: str) -> list[str | Path]:
    return ["plan", "--profile", profile, "-o", output, "--date", PREPARED_ON, "--content", content, *extra]


def outline_args(name: str, output: Path, content: Path = FIXTURE_CONTENT) -> list[str | Path]:
    return ["outline", *OUTLINES[name], "-o", output, "--date", PREPARED_ON, "--content", content]


def regenerate_golden() -> None:
    """Rewrite tests/golden/generator/*.md from the fixture corpus (see tests/golden/generator/README.md)."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.glob("*.md"):
        if old.name != "README.md":
            old.unlink()
    for name, profile in PROFILES.items():
        assert anbiao(*plan_args(profile, GOLDEN / f"plan-{name}.md")) == 0
    for name in OUTLINES:
        assert anbiao(*outline_args(name, GOLDEN / f"outline-{name}.md")) == 0


if __name__ == "__main__":
    regenerate_golden()
    print(f"已重新生成 {GOLDEN}")
