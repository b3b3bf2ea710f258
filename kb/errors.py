"""Errors are values the CLI turns into one clear Chinese line (never a traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AnbiaoError(Exception):
    """A user-facing failure; its message is Chinese and says what to do next."""


@dataclass(frozen=True, order=True)
class Problem:
    """One validation finding, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "（警告）"
        return f"{self.path}:{self.line}: {tag}{self.message}"


def display_path(path: Path | str) -> str:
    """Paths relative to the working directory read better in messages and stay clickable."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
