"""The Python-Markdown internals Word output needs, in one place behind a version check.

render_docx lays Word out from Python-Markdown's element tree, and needs two things the extension
API does not give: the cells of a table's |---| row, whose lengths are the columns' widths (the
table processor keeps the row in `separator`, set by its `test()` for the block `run()` then
handles), and the raw HTML a template wrote — our layout comments among it — which Python-Markdown
leaves in the tree as placeholders (`markdown.util.HTML_PLACEHOLDER_RE`) into
`md.htmlStash.rawHtmlBlocks`. They are read here and nowhere else, and only on the Python-Markdown
version they were tested with (pyproject.toml pins it).
"""

from __future__ import annotations

import re
from importlib.metadata import version
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.tables import TableProcessor
from markdown.util import HTML_PLACEHOLDER_RE

from kb.errors import AnbiaoError

TESTED = ("3.11.3",)  # Python-Markdown releases these accessors were tested on

_installed = version("markdown")
if _installed not in TESTED:
    raise AnbiaoError(f"Markdown {_installed} 未经测试（已测试版本：{'、'.join(TESTED)}）；"
                      "请按 pyproject.toml 重新安装依赖")

# A placeholder of raw HTML in the tree; group 1 is its index into raw_html().
PLACEHOLDER: re.Pattern[str] = HTML_PLACEHOLDER_RE


class ColumnShareTables(TableProcessor):
    """Python-Markdown's table processor, keeping the widths of the |---| row's cells as column shares
    (the table's `data-shares` attribute)."""

    def run(self, parent: Element, blocks: list[str]) -> None:
        shares = [len(cell.strip()) for cell in self.separator]  # set by test() for this block
        super().run(parent, blocks)
        parent[-1].set("data-shares", " ".join(map(str, shares)))


def raw_html(md: Markdown) -> list[str]:
    """The raw HTML blocks of the last conversion, in placeholder order."""
    return [str(block) for block in md.htmlStash.rawHtmlBlocks]
