"""The front-matter schema of DESIGN.md as a typed model with Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from kb.docno import doc_no_shape_ok
from kb.vocab import load_vocabulary, valid_list

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_vocab(value: str, allowed: tuple[str, ...], field_cn: str, nearest: str | None = None) -> str:
    if value not in allowed:
        if nearest:
            raise PydanticCustomError(
                "vocab", "{field}的值“{value}”不在词表中；最接近的有效值：{nearest}（其他有效值：{valid}）",
                {"field": field_cn, "value": value, "nearest": nearest, "valid": valid_list(allowed, limit=12)},
            )
        raise PydanticCustomError(
            "vocab", "{field}的值“{value}”不在词表中；有效值：{valid}",
            {"field": field_cn, "value": value, "valid": valid_list(allowed)},
        )
    return value


class ClauseOverride(BaseModel):
    """Per-clause corrections where the scope rules read a clause wrongly."""

    model_config = ConfigDict(extra="forbid")
    addressee: str | None = None
    industries: list[str] | None = None
    scales: list[str] | None = None
    deadline: dt.date | None = None
    deadline_phrase: str | None = None

    @field_validator("addressee")
    @classmethod
    def _addressee(cls, v: str | None) -> str | None:
        return None if v is None else _check_vocab(v, load_vocabulary().addressees, "addressee（对象）")

    @field_validator("industries")
    @classmethod
    def _industries(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return None
        return [_check_vocab(x, load_vocabulary().industry_values, "industries（行业）") for x in v]

    @field_validator("scales")
    @classmethod
    def _scales(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return None
        return [_check_vocab(x, load_vocabulary().scales, "scales（规模）") for x in v]


CLAUSE_REF = re.compile(r"^(?P<doc>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<anchor>[A-Za-z0-9][A-Za-z0-9-]*)$")
GRADES = ("一手", "二手")  # 一手: the document itself or a government site; 二手: a third party


def _check_url(v: str | None) -> str | None:
    if v is not None and not re.match(r"^https?://[^\s<>\"']+$", v):
        raise PydanticCustomError("url", "网址“{value}”无效：只接受 http:// 或 https:// 开头、不含空格的网址",
                                  {"value": v[:80]})
    return v


def _check_id(v: str, field_cn: str | None = None) -> str:
    """A document's own id (`field_cn` None), or a field naming another document by its id."""
    if ID_PATTERN.match(v):
        return v
    if field_cn is None:
        raise PydanticCustomError("id", "id“{value}”无效：只能用小写字母、数字和连字符（如 bj-2013-jzbf-10）",
                                  {"value": v})
    raise PydanticCustomError("id", "{field}应写文件的 id（如 gbt-33000-2025），“{value}”不是 id",
                              {"field": field_cn, "value": v})


class OutsideSource(BaseModel):
    """A page or publication outside the knowledge base: who says it, where, and when we read it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    source: str  # the publisher or site, as a reader would name it: 重庆市应急管理局
    url: str | None = None
    checked: dt.date | None = None  # the day the page was read
    grade: str | None = None  # 一手 | 二手
    says: str | None = None  # what it states; text in “” is quoted verbatim

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return _check_url(v)

    @field_validator("grade")
    @classmethod
    def _grade(cls, v: str | None) -> str | None:
        return None if v is None else _check_vocab(v, GRADES, "grade（资料等级）")


class StatusBasis(OutsideSource):
    """What establishes a status: a clause of the knowledge base, or an outside source read on a date."""

    clause: str | None = None  # gj-2024-mkaqsctl#a76: a document id and a clause anchor
    source: str | None = None  # type: ignore[assignment]

    @field_validator("clause")
    @classmethod
    def _clause(cls, v: str | None) -> str | None:
        if v is not None and not CLAUSE_REF.match(v):
            raise PydanticCustomError("basis", "clause 应写作 文件id#条款锚点，如 gj-2024-mkaqsctl#a76；“{value}”不是",
                                      {"value": v})
        return v

    @model_validator(mode="after")
    def _one_kind(self) -> StatusBasis:
        if (self.clause is None) == (self.source is None):
            raise PydanticCustomError(
                "basis", "每条依据写 clause（库内条款，如 gj-2024-mkaqsctl#a76）或 source（外部来源的发布者）二者之一")
        if self.clause is not None and (self.url or self.checked or self.grade):
            raise PydanticCustomError("basis", "clause 依据只写 clause 和可选的 says；url、checked、grade 属于外部来源")
        if self.source is not None and (self.checked is None or self.grade is None):
            raise PydanticCustomError(
                "basis", "外部来源依据须写 checked（查阅日期，如 2026-11-30）和 grade（一手 或 二手）")
        return self


class FrontMatter(BaseModel):
    """One document's metadata. Unknown keys are refused so that typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    kind: str  # policy | standard | compilation (our own summary) | register (a record, no text held)
    title: str
    doc_no: str | None
    issuer: list[str]
    region: str
    level: str
    issued: dt.date | None
    status: str
    superseded_by: str | None = None  # id of the newer version or the replacing document
    industries: list[str]
    topics: list[str]
    addressees: str | None = None
    cites: list[str] = []
    source: str
    # Ours, beyond DESIGN.md's list: see README (字段说明).
    effective: dt.date | None = None  # 施行日期, where the text states it
    complete: bool = True  # False: only an excerpt of the document is held
    note: str | None = None  # an editor's note shown on the page, clearly ours
    closing: list[str] = []  # 落款/版记 lines moved out of the body, verbatim
    clause_overrides: dict[str, ClauseOverride] = {}
    # Validity (kb/validity.py): what establishes the status, and the chain of versions.
    status_basis: list[StatusBasis] = []
    status_note: str | None = None  # why the status is 未知, or what a reader should know about it
    supersedes: list[str] = []  # ids of the versions or documents this one replaced
    valid_until: dt.date | None = None  # last day of a stated term (有效期)
    # Provenance and honesty about what the page holds.
    sources: list[OutsideSource] = []  # 来源 of an editor-written page, shown as proper sources
    citable: bool = True  # false: the numbering and wording are not the document's own
    clause_notes: dict[str, str] = {}  # clause id → our note on it, shown apart from the text
    cites_corrections: dict[str, str] = {}  # a `cites` entry as the source misprints it → what it means

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _check_vocab(v, load_vocabulary().kinds, "kind（类别）")

    @field_validator("superseded_by")
    @classmethod
    def _superseded_by(cls, v: str | None) -> str | None:
        return None if v is None else _check_id(v, "superseded_by（被替代为）")

    @field_validator("supersedes")
    @classmethod
    def _supersedes(cls, v: list[str]) -> list[str]:
        return [_check_id(x, "supersedes（替代了）") for x in v]

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        if not v:
            raise PydanticCustomError("empty", "标题不能为空")
        return v

    @field_validator("doc_no")
    @classmethod
    def _doc_no(cls, v: str | None) -> str | None:
        if v is not None and not doc_no_shape_ok(v):
            raise PydanticCustomError(
                "doc_no",
                "文号“{value}”格式不对：应如 京政办发〔2013〕10号（用六角括号〔〕）、应急管理部令第10号 或 GB/T 33000-2016；"
                "文中没有文号时写 null", {"value": v})
        return v

    @field_validator("region")
    @classmethod
    def _region(cls, v: str) -> str:
        vocab = load_vocabulary()
        if v in vocab.regions:
            return v
        raise PydanticCustomError("vocab", "region（地区）的值“{value}”不在词表中；{hint}",
                                  {"value": v, "hint": vocab.region_hint(v)})

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        return _check_vocab(v, load_vocabulary().levels, "level（效力级别）")

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        return _check_vocab(v, load_vocabulary().statuses, "status（时效性）")

    @field_validator("industries")
    @classmethod
    def _industries(cls, v: list[str]) -> list[str]:
        vocab = load_vocabulary()
        return [x if x in vocab.industry_values
                else _check_vocab(x, vocab.industry_values, "industries（行业）", vocab.nearest_industry(x)) for x in v]

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: list[str]) -> list[str]:
        return [_check_vocab(x, load_vocabulary().topics, "topics（主题）") for x in v]

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, v: list[str]) -> list[str]:
        if any(not x for x in v):
            raise PydanticCustomError("empty", "issuer（发文机关）中有空项")
        return v


FIELD_ORDER = list(FrontMatter.model_fields)
# The fields allowed inside each structured field, for “unknown field” messages.
_NESTED_FIELDS = {
    "status_basis": list(StatusBasis.model_fields),
    "sources": list(OutsideSource.model_fields),
    "clause_overrides": list(ClauseOverride.model_fields),
}

_TYPE_MESSAGES = {
    "missing": "缺少必填字段“{field}”（不知道时写 null，不要猜）",
    "string_type": "字段“{field}”应为文本",
    "list_type": "字段“{field}”应为列表，如 [冶金, 机械]",
    "date_type": "字段“{field}”应为日期 YYYY-MM-DD，或 null",
    "date_from_datetime_parsing": "字段“{field}”应为日期 YYYY-MM-DD（如 2013-03-08），或 null",
    "date_parsing": "字段“{field}”应为日期 YYYY-MM-DD（如 2013-03-08），或 null",
    "date_from_datetime_inexact": "字段“{field}”应为日期 YYYY-MM-DD，不含时间",
    "bool_type": "字段“{field}”应为 true 或 false",
    "bool_parsing": "字段“{field}”应为 true 或 false",
    "dict_type": "字段“{field}”应为映射（键: 值）",
    "model_type": "字段“{field}”应为映射（键: 值）",
}

_OWN_MESSAGES = ("vocab", "id", "doc_no", "empty", "url", "basis")


def validation_messages(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """(location in the front-matter, Chinese message) for each error of a FrontMatter validation."""
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        where = ".".join(str(x) for x in loc)
        if err["type"] in _OWN_MESSAGES:
            msg = err["msg"] if len(loc) <= 1 else f"{where}：{err['msg']}"
        elif err["type"] == "extra_forbidden":
            allowed = FIELD_ORDER if len(loc) == 1 else _NESTED_FIELDS.get(str(loc[0]), [])
            msg = f"未知字段“{where}”" + (f"；允许的字段：{'、'.join(allowed)}" if allowed else "")
        elif err["type"] in _TYPE_MESSAGES:
            msg = _TYPE_MESSAGES[err["type"]].format(field=where)
        else:
            msg = f"字段“{where}”的值无效（{err['msg']}）"
        out.append((loc, msg))
    return out


def parse_front_matter(meta: dict[str, Any]) -> FrontMatter:
    return FrontMatter.model_validate(meta)
