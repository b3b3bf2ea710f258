"""The direction of imports (README, “架构”): kb ← search ← generator ← anbiao, read from the source.

Every module's AST is walked, so an import inside a function counts as much as one at the top.
The library packages never print and never parse arguments: only anbiao/ speaks to users.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = ("kb", "search", "generator", "anbiao")  # each may import only those before it
FORBIDDEN = {name: set(LAYERS[i + 1:]) for i, name in enumerate(LAYERS)}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Absolute module names `path` imports."""
    return imported_names(path.read_text(encoding="utf-8"), path.relative_to(ROOT).with_suffix("").parts[:-1])


def imported_names(source: str, package: tuple[str, ...]) -> set[str]:
    """Absolute module names `source` imports, relative imports resolved against `package`."""
    tree = ast.parse(source)
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def top(name: str) -> str:
    return name.split(".", 1)[0]


@pytest.mark.parametrize("package", LAYERS)
def test_packages_import_only_the_layers_below(package: str) -> None:
    wrong = {f"{p.relative_to(ROOT)} imports {name}" for p in modules(package) for name in imported(p)
             if top(name) in FORBIDDEN[package]}
    assert not wrong, sorted(wrong)


def test_the_server_does_not_import_the_command_line() -> None:
    assert not {n for n in imported(ROOT / "anbiao" / "server.py") if n == "anbiao.cli" or n.startswith("anbiao.cli.")}


@pytest.mark.parametrize("package", LAYERS[:3])
def test_library_packages_neither_print_nor_parse_arguments(package: str) -> None:
    found = []
    for path in modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: print()")
            if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr") \
                    and isinstance(node.value, ast.Name) and node.value.id == "sys":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: sys.{node.attr}")
        found.extend(f"{path.relative_to(ROOT)}: imports argparse" for name in imported(path) if top(name) == "argparse")
    assert not found, found


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    """The rule could pass by not looking: an import inside a function or a relative one is found."""
    source = "from .loader import load\ndef f():\n    from generator.plan import build_plan\n    import search.index\n"
    assert {"kb.loader", "generator.plan", "search.index"} <= imported_names(source, ("kb",))
