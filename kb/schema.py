"""The front-matter schema of DESIGN.md as a typed model with Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from kb.numbering import doc_no_shape_ok
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


class FrontMatter(BaseModel):
    """One document's metadata. Unknown keys are refused so that typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    kind: Literal["policy", "standard"]
    title: str
    doc_no: str | None
    issuer: list[str]
    region: str
    level: str
    issued: dt.date | None
    status: str
    superseded_by: str | None = None
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

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_PATTERN.match(v):
            raise PydanticCustomError("id", "id“{value}”无效：只能用小写字母、数字和连字符（如 bj-2013-jzbf-10）",
                                      {"value": v})
        return v

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

_TYPE_MESSAGES = {
    "missing": "缺少必填字段“{field}”（不知道时写 null，不要猜）",
    "extra_forbidden": "未知字段“{field}”；允许的字段：" + "、".join(FIELD_ORDER),
    "string_type": "字段“{field}”应为文本",
    "list_type": "字段“{field}”应为列表，如 [冶金, 机械]",
    "date_type": "字段“{field}”应为日期 YYYY-MM-DD，或 null",
    "date_from_datetime_parsing": "字段“{field}”应为日期 YYYY-MM-DD（如 2013-03-08），或 null",
    "date_parsing": "字段“{field}”应为日期 YYYY-MM-DD（如 2013-03-08），或 null",
    "date_from_datetime_inexact": "字段“{field}”应为日期 YYYY-MM-DD，不含时间",
    "literal_error": "字段“{field}”的值无效；有效值：policy、standard",
    "bool_type": "字段“{field}”应为 true 或 false",
    "bool_parsing": "字段“{field}”应为 true 或 false",
    "dict_type": "字段“{field}”应为映射",
    "model_type": "字段“{field}”应为映射",
}


def validation_messages(exc: ValidationError) -> list[tuple[str, str]]:
    """(top-level field, Chinese message) for each error of a FrontMatter validation."""
    out = []
    for err in exc.errors():
        loc = err.get("loc", ())
        top = str(loc[0]) if loc else ""
        where = ".".join(str(x) for x in loc)
        if err["type"] in ("vocab", "id", "doc_no", "empty"):
            msg = err["msg"] if len(loc) <= 1 else f"{where}：{err['msg']}"
        elif err["type"] in _TYPE_MESSAGES:
            msg = _TYPE_MESSAGES[err["type"]].format(field=where)
        else:
            msg = f"字段“{where}”：{err['msg']}"
        out.append((top, msg))
    return out


def parse_front_matter(meta: dict[str, Any]) -> FrontMatter:
    return FrontMatter.model_validate(meta)
