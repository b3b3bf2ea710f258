"""The python-docx internals Word output needs, in one place behind a version check.

python-docx has no public API for East Asian fonts, hyperlinks, table borders, repeated header rows
or fields, so render_docx edits the underlying XML. The only private attributes it needs are the
proxies' XML elements (`Paragraph._p`, `Run._r`, `Table._tbl`, `_Row._tr`); they are read here and
nowhere else, and only on the python-docx versions they were tested with.
"""

from __future__ import annotations

from importlib.metadata import version

from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kb.errors import AnbiaoError

TESTED = ((1, 2),)  # (major, minor) of python-docx releases these accessors were tested on

_installed = version("python-docx")
if tuple(int(part) for part in _installed.split(".")[:2]) not in TESTED:
    raise AnbiaoError(f"python-docx {_installed} 未经测试（已测试版本："
                      f"{'、'.join(f'{a}.{b}' for a, b in TESTED)}）；请按 pyproject.toml 重新安装依赖")


def paragraph_xml(paragraph: Paragraph) -> BaseOxmlElement:
    return paragraph._p


def run_xml(run: Run) -> BaseOxmlElement:
    return run._r


def table_xml(table: Table) -> BaseOxmlElement:
    return table._tbl


def row_xml(row: _Row) -> BaseOxmlElement:
    return row._tr
