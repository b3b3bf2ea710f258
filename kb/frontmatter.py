"""Split a content file into YAML front-matter and Markdown body, keeping line numbers.

Line numbers matter because every message of `anbiao check` names `path:line`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.errors import AnbiaoError

# libyaml when it is there: the pure-Python parser dominates loading a large corpus.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(AnbiaoError):
    """Malformed front-matter; keeps the line apart so `anbiao check` can print path:line."""

    def __init__(self, name: str, line: int, detail: str) -> None:
        super().__init__(f"{name}:{line}: {detail}")
        self.line = line
        self.detail = detail


@dataclass
class SplitFile:
    meta: dict[str, Any]
    key_lines: dict[str, int]  # front-matter key → 1-based line
    body: str
    body_line: int  # 1-based line of the body's first line
    meta_end_line: int = 1
    errors: list[tuple[int, str]] = field(default_factory=list)


def split_front_matter(text: str, name: str = "") -> SplitFile:
    """Parse `---\\nYAML\\n---\\nbody`. Raises FrontMatterError (with its line) when malformed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(name, 1, "缺少 front-matter：文件应以一行 `---` 开头，随后是 YAML 元数据和另一行 `---`")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise FrontMatterError(name, 1, "front-matter 没有结束：找不到第二行 `---`") from None
    yaml_text = "\n".join(lines[1:end])
    loader = _LOADER(yaml_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(name, line, f"front-matter 不是有效的 YAML（{problem}）") from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(name, 2, "front-matter 应是“键: 值”形式的映射")
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = "\n".join(lines[end + 1:])
    return SplitFile(meta=meta, key_lines=key_lines, body=body, body_line=end + 2, meta_end_line=end + 1)


def dump_front_matter(meta: dict[str, Any]) -> str:
    """YAML in our key order, block style, readable Chinese (no \\u escapes)."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{text}---\n"
