"""Last step before writing: the importer's output must be what `anbiao check` accepts.

Fields the importer could not determine stay null and are reported for the editor to fill (`check`
then points at them with path:line); anything else the schema rejects means the text did not import
cleanly, and nothing is written — the error names each field and what is valid.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kb.errors import AnbiaoError
from kb.importer.structure import Block
from kb.schema import parse_front_matter, validation_messages
from kb.textsafety import find_unsafe_markup

# Left null when the text does not state them (the import report lists them).
MAY_BE_NULL = ("title", "region", "level")


def validate_output(meta: dict[str, Any], blocks: list[Block], source_name: str) -> None:
    """Raises AnbiaoError naming every problem; `anbiao check` would refuse the file otherwise."""
    unsafe = _unsafe_markup(meta, blocks)
    if unsafe:
        raise AnbiaoError(f"{source_name}: 原文含网页残留的 HTML 或脚本链接，未写入任何文件（内容检查不接受这样的文件）："
                          + "；".join(unsafe) + "。请从原文中删去这些内容后重新导入")
    try:
        parse_front_matter(meta)
    except ValidationError as exc:
        problems = [msg for loc, msg in validation_messages(exc)
                    if not (len(loc) == 1 and loc[0] in MAY_BE_NULL and meta.get(str(loc[0])) is None)]
        if problems:
            raise AnbiaoError(f"{source_name}: 导入结果不能通过校验，未写入任何文件：" + "；".join(problems)) from None


def _unsafe_markup(meta: dict[str, Any], blocks: list[Block]) -> list[str]:
    """Where the text holds markup a page must never carry (kb.textsafety, the rule of `anbiao check`)."""
    found = []
    for key, value in meta.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (hit := find_unsafe_markup(text)) is not None:
                found.append(f"字段 {key} 含{hit.describe()}")
    for block in blocks:
        for text in (block.heading, block.text, block.joined()):
            if text and (hit := find_unsafe_markup(text)) is not None:
                found.append(f"第 {block.first_line} 行含{hit.describe()}")
                break
    return found
