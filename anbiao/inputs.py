"""What both faces check the same way before calling the library: query text, dates, search filters,
and where the project's folders are.

Errors are FieldError (kb.errors) naming the library's field; each face words the field its own way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kb.errors import FieldError
from kb.files import CONTENT_DIR, find_project_root
from kb.numbering import parse_whole_date
from search.limits import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from search.query import Filters

SITE_URL_VARIABLE = "ANBIAO_SITE_URL"
# The dates these commands take (a plan's 编制日期, the day deadlines are judged on) fall in this
# century; anything outside is a typing error in the year.
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
DEFAULT_SITE_DIR = Path("site")


def undecodable(text: str) -> bool:
    """Whether `text` holds bytes that were not UTF-8: Python keeps them as lone surrogates
    (surrogateescape), which cannot be written out or segmented."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def check_query(text: str) -> str:
    """The question, stripped, within the search library's MAX_QUERY_CHARS and decodable, refused
    in the words of a field. An empty one is each face's to word (it says where the question goes:
    an argument, a URL parameter)."""
    text = text.strip()
    if undecodable(text):
        raise FieldError("query", "", "检索词含有无法识别的字节（不是 UTF-8 编码）；请检查终端或网页的字符编码")
    if len(text) > MAX_QUERY_CHARS:
        raise FieldError("query", len(text), f"检索词过长（{{value}} 字）；最多 {MAX_QUERY_CHARS} 字，请只写要问的问题")
    return text


def typed_day(text: str, field: str) -> dt.date:
    """A day the user typed (2027-01-04 or 2027年1月4日; kb.numbering.parse_whole_date), the same
    for every option and URL parameter that takes one."""
    day = parse_whole_date(text)
    if day is None:
        raise FieldError(field, text, "{field} 的值“{value}”不是日期；请写 YYYY-MM-DD，如 2027-01-04")
    return day


def parse_day(text: str | None, field: str) -> dt.date:
    """A day the user typed within FIRST_DAY…LAST_DAY; today when none (every dated command — a
    plan's 编制日期, the day statuses are judged on — defaults to today)."""
    if text is None or not text.strip():
        return dt.date.today()
    day = typed_day(text, field)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise FieldError(field, text, f"{{field}} 的值“{{value}}”超出范围；应在 {FIRST_DAY.year} 年到 "
                                      f"{LAST_DAY.year} 年之间")
    return day


def search_filters(region: str | None = None, only_region: bool = False, industry: str | None = None,
                   kind: str | None = None, status: str | None = None, since: str | None = None,
                   until: str | None = None) -> Filters:
    """Validated search filters from the text of options or URL parameters."""
    from search.query import Filters  # here: `anbiao check` should not load numpy

    # No range here: a filter may well reach back before 2000 (the oldest laws are from the 1990s).
    filters = Filters(region=region, only_region=only_region, industry=industry, kind=kind, status=status,
                      since=typed_day(since, "since") if since is not None else None,
                      until=typed_day(until, "until") if until is not None else None)
    filters.validate()
    return filters


# --- where things are --------------------------------------------------------------------------

def site_url(given: str | None) -> str | None:
    """The public address of the built site, for absolute links in Word (a relative link is dead there):
    the option, else ANBIAO_SITE_URL, else None (citations then carry no link)."""
    url = (given if given is not None else os.environ.get(SITE_URL_VARIABLE, "")).strip()
    if not url:
        return None
    if not re.match(r"^https?://[^\s<>\"']+$", url):
        raise FieldError("site_url", url, "{field} 的值“{value}”无效：应为 http:// 或 https:// 开头的网址，"
                         "如 https://anbiao.example.cn/")
    return url if url.endswith("/") else url + "/"


def content_dir(given: Path | None, cwd: Path | None = None) -> Path:
    """--content, else the content/ of the project the working directory is in."""
    return given if given is not None else _project_root("content", "内容目录", cwd) / CONTENT_DIR


def import_dir(given: Path | None, cwd: Path | None = None) -> Path:
    """--out, else the project's content/policies/. Outside a project there is no default: importing
    must not create a content/ folder wherever one happens to stand."""
    return given if given is not None else _project_root("out", "输出目录", cwd) / CONTENT_DIR / "policies"


def _project_root(field: str, what: str, cwd: Path | None) -> Path:
    root = find_project_root(cwd or Path.cwd())
    if root is None:
        raise FieldError(field, "", "当前目录不在安标项目中（向上找不到同时含 mkdocs.yml 和 content/ 的目录）；"
                                    f"请到项目目录中运行，或用 {{field}} 指定{what}")
    return root


def index_dir(given: Path | None, cwd: Path | None = None) -> Path:
    """--index-dir, else $ANBIAO_INDEX, else .index/ of the project (of the working directory outside one)."""
    from search.index import DEFAULT_INDEX_DIR, resolve_index_dir

    found = resolve_index_dir(given)
    return _in_project(found, cwd) if given is None and found == DEFAULT_INDEX_DIR else found


def site_dir(given: Path | None, cwd: Path | None = None) -> Path:
    """--site-dir, else site/ of the project (mkdocs.yml's site_dir)."""
    return given if given is not None else _in_project(DEFAULT_SITE_DIR, cwd)


def _in_project(relative: Path, cwd: Path | None) -> Path:
    root = find_project_root(cwd or Path.cwd())
    return root / relative if root is not None else relative
