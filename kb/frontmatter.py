"""Split a content file into YAML front-matter and Markdown body, keeping line numbers.

Line numbers matter because every message of `anbiao check` names `path:line`: the line of each
key and list item is kept, nested ones included (`status_basis[1].clause`), so a validation error
deep inside the front-matter still points at its own line.

A value YAML reads but Python cannot hold (`issued: 2023-02-30`, `!!int x`) is a content error at
its line, like a syntax error, never a ValueError from inside the parser. Anchors and aliases are
refused: front-matter is short enough to write out, and an alias lets a few lines expand into an
arbitrarily large structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.errors import AnbiaoError

# libyaml when it is there: the pure-Python parser dominates loading a large corpus.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]


class FrontMatterError(AnbiaoError):
    """Malformed front-matter; keeps the line apart so `anbiao check` can print path:line."""

    def __init__(self, name: str, line: int, detail: str) -> None:
        super().__init__(f"{name}:{line}: {detail}")
        self.line = line
        self.detail = detail


class _BadValue(Exception):
    def __init__(self, node: yaml.Node, problem: str) -> None:
        super().__init__(problem)
        self.node = node
        self.line = node.start_mark.line + 2
        self.problem = problem


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, with values Python cannot construct reported at their node."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, _BadValue):
            raise
        except Exception:  # whatever a constructor raises (ValueError, KeyError…), the value is at fault
            expected = _EXPECTED.get(node.tag.rsplit(":", 1)[-1])
            if node.tag.endswith(":timestamp"):
                problem = f"“{node.value}”不是存在的日期；日期应写作 YYYY-MM-DD（如 2013-03-08），不知道时写 null"
            else:
                problem = f"值“{str(node.value)[:40]}”无法读取" + (f"（{expected}）" if expected else "")
            raise _BadValue(node, problem) from None


_NESTED_COLON = "此处不能有“键: 值”（值中含“: ”时请给整个值加引号）"
# What an explicitly tagged value (!!bool, !!int…) must look like.
_EXPECTED = {"bool": "应为 true 或 false", "int": "应为整数", "float": "应为数字", "binary": "应为 base64 数据"}
# PyYAML's wording (pure-Python and libyaml differ) of the problems an editor meets, in Chinese:
# a pattern searched in "context problem", and what went wrong with what to do about it ({1}: the
# pattern's group).
_YAML_PROBLEMS = [
    (r"expected ',' or '\]'", "方括号列表 [ ] 没有闭合，或两项之间缺少英文逗号；请补上 ] 或逗号"),
    (r"expected ',' or '\}'", "花括号 { } 没有闭合，或两项之间缺少英文逗号；请补上 } 或逗号"),
    (r"mapping values are not allowed", _NESTED_COLON),
    (r"quoted scalar.*unexpected end of stream", "引号没有闭合；请补上配对的引号"),
    (r"found character '\\t'", "不能用 Tab 缩进，请用空格"),
    (r"found character '(.)' that cannot start any token", "值不能以“{1}”开头；请给整个值加引号"),
    (r"found character that cannot start any token", "此处的字符不能作为值的开头（如 Tab、@、`、%）；"
                                                      "请用空格缩进，或给整个值加引号"),
    (r"expected '-' indicator|expected <block end>, but found '\?'", "列表中混入了不以“- ”开头的行；请检查缩进"),
    (r"did not find expected key|expected <block end>", "缩进不一致，或值后面多出了内容；"
                                                        "同一层的键应对齐，含特殊字符的值请加引号"),
    (r"found undefined alias", "使用了未定义的别名（*）"),
    (r"found unhashable key", "键必须是简单的文字，不能是列表或映射"),
    (r"could not determine a constructor for the tag '([^']*)'", "不认识的标记“{1}”；请去掉它，或给整个值加引号"),
    (r"unknown escape character", "双引号中有无效的转义（\\ 及其后的字符）；请改用单引号，或把 \\ 写作 \\\\"),
    (r"duplicate anchor", "锚点（&）重复"),
    (r"expected (?:the )?node content", "此处缺少值，或值以不能开头的符号开始；请给整个值加引号"),
    (r"could not find expected ':'", "缺少“: ”；每行应是“键: 值”"),
]
_YAML_UNKNOWN = "格式有误；请检查这一行及上一行的缩进、引号和括号"


def yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    """Where YAML failed (0-based line, 1-based column, when known) and why, in Chinese.

    The parser's English never reaches an editor: an unlisted problem gets a general hint instead.
    """
    mark = getattr(exc, "problem_mark", None)
    said = f"{getattr(exc, 'context', None) or ''} {getattr(exc, 'problem', None) or ''}"
    problem = next((chinese.replace("{1}", match.group(1)) if match.groups() else chinese
                    for pattern, chinese in _YAML_PROBLEMS if (match := re.search(pattern, said))), _YAML_UNKNOWN)
    return (mark.line, mark.column + 1, problem) if mark else (None, None, problem)


@dataclass
class SplitFile:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the body's first line
    # Every key and list item, nested ones included: ("status_basis", 1, "clause") → line.
    lines: dict[Loc, int] = field(default_factory=dict)


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
    loader = _Loader(yaml_text)
    node_lines: dict[Loc, int] = {}
    value_locs: dict[int, Loc] = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            node_lines, value_locs = _node_lines(node, name)
        meta = loader.construct_document(node) if node is not None else None
    except _BadValue as exc:
        key = ".".join(str(x) for x in value_locs.get(id(exc.node), ()))
        raise FrontMatterError(name, exc.line, f"字段“{key}”：{exc.problem}" if key else exc.problem) from None
    except yaml.YAMLError as exc:
        line0, column, problem = yaml_problem(exc)
        where = f"，见第 {column} 列" if column else ""
        # +2: the file's first line is `---`, and YAML counts from 0.
        raise FrontMatterError(name, line0 + 2 if line0 is not None else 1,
                               f"front-matter 不是有效的 YAML（{problem}{where}）") from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(name, 2, "front-matter 应是“键: 值”形式的映射")
    body = "\n".join(lines[end + 1:])
    return SplitFile(meta=meta, body=body, body_line=end + 2, lines=node_lines)


def _node_lines(root: yaml.Node, name: str) -> tuple[dict[Loc, int], dict[int, Loc]]:
    """The line of every mapping key and sequence item under `root` (the file's first line is `---`),
    and the location of every node (by id), to name the field of a value that cannot be read.

    Also refuses what YAML accepts silently but loses data or hides size: a key given twice (the
    second value would win without a word) and aliases.
    """
    out: dict[Loc, int] = {}
    seen: dict[int, Loc] = {}
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            raise FrontMatterError(name, node.start_mark.line + 2,
                                   "front-matter 中不能使用 YAML 锚点和别名（&、*）；请把值直接写出")
        seen[id(node)] = loc
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 2
                if key in first:
                    raise FrontMatterError(name, line, f"键“{key}”重复（第 {first[key]} 行已有）；每个键只能写一次")
                first[key] = line
                out[(*loc, key)] = line
                stack.append((value_node, (*loc, key)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[(*loc, i)] = item.start_mark.line + 2
                stack.append((item, (*loc, i)))
    return out, seen


class _PlainDumper(yaml.SafeDumper):
    """SafeDumper that writes a value twice rather than as an anchor and alias (issued and effective are
    often the same date object): `anbiao check` refuses aliases in front-matter, editors misread them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_front_matter(meta: dict[str, Any]) -> str:
    """YAML in our key order, block style, readable Chinese (no \\u escapes)."""
    text = yaml.dump(meta, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=1000)
    return f"---\n{text}---\n"
