"""A dependency's private API is used in one quarantined module only, behind a version check."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from tests.conftest import ROOT

PACKAGES = ("anbiao", "kb", "search", "generator")
# Private API of a dependency → the one module allowed to use it.
QUARANTINE = {
    r"\bwasyncore\b|\btask_dispatcher\b": "anbiao/waitress_compat.py",
    r"\bhtmlStash\b|\bHTML_PLACEHOLDER|\.separator\b": "generator/markdown_compat.py",
    r"\._(?:p|r|tbl|tr)\b": "generator/docx_xml.py",
    r"\._(?:positionals|optionals|actions|option_string_actions)\b": None,  # argparse: nowhere
    # rjieba at runtime: no runtime package imports pure-Python jieba (bench/support.py does, for baselines)
    r"^\s*(?:import|from) jieba\b": None,
}


def _sources() -> list[tuple[str, str]]:
    return [(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


@pytest.mark.parametrize(("pattern", "allowed"), QUARANTINE.items())
def test_private_api_stays_in_its_module(pattern: str, allowed: str | None) -> None:
    users = {name for name, text in _sources() if re.search(pattern, text, re.MULTILINE)}
    assert users <= {allowed}, users


@pytest.mark.parametrize(("module", "distribution"), [
    ("anbiao.waitress_compat", "waitress"), ("generator.markdown_compat", "markdown"),
])
def test_the_installed_version_is_the_tested_one(module: str, distribution: str) -> None:
    """pyproject.toml pins these exactly: a new version must be tested and added to TESTED."""
    import importlib

    assert version(distribution) in importlib.import_module(module).TESTED
    pin = re.search(rf'"{distribution}==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin is not None and pin.group(1) == version(distribution)
