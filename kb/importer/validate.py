"""Last step before writing: the importer's output must be what `anbiao check` accepts.

Fields the importer could not determine stay null and are reported for the editor to fill (`check`
then points at them with path:line); anything else the schema rejects means the text did not import
cleanly, and nothing is written — the error names each field and what is valid.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kb.errors import AnbiaoError
from kb.schema import parse_front_matter, validation_messages

# Left null when the text does not state them (the import report lists them).
MAY_BE_NULL = ("title", "region", "level")


def validate_output(meta: dict[str, Any], source_name: str) -> None:
    try:
        parse_front_matter(meta)
    except ValidationError as exc:
        problems = [msg for loc, msg in validation_messages(exc)
                    if not (len(loc) == 1 and loc[0] in MAY_BE_NULL and meta.get(str(loc[0])) is None)]
        if problems:
            raise AnbiaoError(f"{source_name}: 导入结果不能通过校验，未写入任何文件：" + "；".join(problems)) from None
