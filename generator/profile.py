"""The enterprise profile (input of `anbiao plan`): a typed schema whose errors name field, line and valid values.

A consultant writes the profile by hand, so every mistake must point at the line to fix; the whole
profile is checked before anything is written.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.rules import plan_rules
from kb.docno import doc_no_key
from kb.errors import AnbiaoError, FieldError, display_path
from kb.frontmatter import yaml_problem
from kb.model import line_of
from kb.vocab import load_vocabulary, valid_list

TARGET_LEVELS = ("一级", "二级", "三级", "小微达标")
STATES = ("新建", "复评", "提档升级")
LEADER_ROLES = ("组长", "副组长", "成员")

FIELD_NAMES_CN = {
    "name": "企业名称", "region": "地区", "industry": "行业", "scale": "规模", "target_level": "目标等级",
    "start_date": "开始日期", "state": "建设状态", "standard": "基本标准", "leaders": "领导小组",
    "departments": "部门分工", "office": "领导小组办公室", "working_group": "工作小组", "overview": "企业概况",
}


# Names become the title of the Word document and its running text: a value longer than this is a
# paste error, not a name; control characters are refused by Word's XML and invisible on paper.
MAX_TEXT_CHARS = 100
# A plan starting more than a year before it is written has all its phases behind it; one starting
# years ahead is a typing error in the year.
MAX_YEARS_BACK, MAX_YEARS_AHEAD = 1, 5


def _plain_text(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise PydanticCustomError("text", "含有控制字符（如换行、制表符）；请写成一行普通文字")
    if len(value) > MAX_TEXT_CHARS:
        raise PydanticCustomError("text", "过长（{n} 字）；最多 {limit} 字",
                                  {"n": len(value), "limit": MAX_TEXT_CHARS})
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]


def _vocab_error(field: str, value: object, valid: tuple[str, ...] | list[str]) -> PydanticCustomError:
    return PydanticCustomError("vocab", "{field}的值“{value}”无效；有效值：{valid}",
                               {"field": field, "value": str(value), "valid": valid_list(valid)})


class Leaders(BaseModel):
    """The 领导小组; any part may be missing and then shows as a placeholder."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    leader: PlainText | None = Field(default=None, alias="组长")
    deputies: list[PlainText] = Field(default_factory=list, alias="副组长")
    members: list[PlainText] = Field(default_factory=list, alias="成员")

    @field_validator("deputies", "members", mode="before")
    @classmethod
    def _one_or_list(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else ([] if v is None else v)


class Profile(BaseModel):
    """The enterprise profile (README, 实施方案与培训大纲): six required keys; the rest (`standard`: whose
    elements organise the task table; `leaders`, `working_group`, `office`, `departments`; `overview`:
    the 企业概况 items of plan.yaml) shows as a placeholder where missing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText
    region: str
    industry: str
    scale: str
    target_level: str
    start_date: dt.date
    state: str = "新建"
    standard: str | None = None
    leaders: Leaders = Field(default_factory=Leaders)
    departments: dict[PlainText, list[PlainText]] = Field(default_factory=dict)
    office: PlainText | None = None
    working_group: Leaders = Field(default_factory=Leaders)
    overview: dict[str, PlainText] = Field(default_factory=dict)
    # Where the profile came from and the line of each key, for messages found after loading.
    _source: str = PrivateAttr(default="")
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise PydanticCustomError("empty", "企业名称不能为空")
        return v

    @field_validator("region")
    @classmethod
    def _region(cls, v: str) -> str:
        vocab = load_vocabulary()
        if v not in vocab.regions:
            raise PydanticCustomError("vocab", "region（地区）的值“{value}”无效；{hint}",
                                      {"value": v, "hint": vocab.region_hint(v)})
        return v

    @field_validator("industry")
    @classmethod
    def _industry(cls, v: str) -> str:
        industries = load_vocabulary().industries
        if v not in industries:
            raise _vocab_error("industry（行业）", v, industries)
        return v

    @field_validator("scale")
    @classmethod
    def _scale(cls, v: str) -> str:
        scales = load_vocabulary().scales
        if v not in scales:
            raise _vocab_error("scale（规模）", v, scales)
        return v

    @field_validator("target_level")
    @classmethod
    def _target(cls, v: str) -> str:
        if v not in TARGET_LEVELS:
            raise _vocab_error("target_level（目标等级）", v, TARGET_LEVELS)
        return v

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        if v not in STATES:
            raise _vocab_error("state（建设状态）", v, STATES)
        return v

    @field_validator("standard")
    @classmethod
    def _standard(cls, v: str | None) -> str | None:
        if v is None:
            return None
        choices = plan_rules().standard_choices
        for choice in choices:
            if doc_no_key(choice) == doc_no_key(v):
                return choice
        raise _vocab_error("standard（基本标准）", v, choices)

    @field_validator("departments", mode="before")
    @classmethod
    def _departments(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: ([x] if isinstance(x, str) else ([] if x is None else x)) for k, x in v.items()}
        return v

    @field_validator("overview")
    @classmethod
    def _overview(cls, v: dict[str, str]) -> dict[str, str]:
        known = plan_rules().overview
        unknown = [k for k in v if k not in known]
        if unknown:
            raise PydanticCustomError("vocab", "overview（企业概况）中的项目“{value}”无效；有效值：{valid}",
                                      {"value": "、".join(unknown), "valid": valid_list(known)})
        return v

    @model_validator(mode="after")
    def _level_fits_scale(self) -> Profile:
        if self.target_level == "小微达标" and self.scale != "小微":
            raise PydanticCustomError(
                "level_scale", "target_level（目标等级）为“小微达标”时 scale（规模）应为“小微”；"
                "规模以上、规模以下企业的有效目标等级：一级、二级、三级", {})
        return self


def _node_lines(node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple[str | int, ...], int]) -> None:
    """Map every key path of the YAML to its 1-based line, so errors can name the line."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            out[sub] = key.start_mark.line + 1
            _node_lines(value, sub, out)
            out[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*path, i), out)


_TYPE_MESSAGES = {
    "missing": "缺少必填字段 {field}",
    "extra_forbidden": "未知字段 {field}",
    "string_type": "字段 {field} 应为文本",
    "list_type": "字段 {field} 应为列表，如 [目标职责, 教育培训]",
    "dict_type": "字段 {field} 应为映射（键: 值）",
    "model_type": "字段 {field} 应为映射（键: 值）",
    "date_type": "字段 {field} 应为日期 YYYY-MM-DD（如 2027-01-04）",
    "date_parsing": "字段 {field} 应为日期 YYYY-MM-DD（如 2027-01-04）",
    "date_from_datetime_parsing": "字段 {field} 应为日期 YYYY-MM-DD（如 2027-01-04）",
    "date_from_datetime_inexact": "字段 {field} 应为日期 YYYY-MM-DD，不含时间",
}

_ALLOWED_KEYS = {
    (): list(FIELD_NAMES_CN),
    ("leaders",): list(LEADER_ROLES),
    ("working_group",): list(LEADER_ROLES),
}


def _field_label(loc: tuple[str | int, ...]) -> str:
    where = ".".join(str(x) for x in loc)
    cn = FIELD_NAMES_CN.get(str(loc[0])) if loc else None
    return f"{where}（{cn}）" if cn and len(loc) == 1 else where


def _message(err: dict[str, Any]) -> str:
    loc = tuple(err.get("loc", ()))
    kind = err["type"]
    label = _field_label(loc)
    if kind == "extra_forbidden":
        allowed = _ALLOWED_KEYS.get(loc[:-1], [])
        return f"未知字段 {'.'.join(str(x) for x in loc)}；允许的字段：{'、'.join(allowed)}"
    if kind in _TYPE_MESSAGES:
        message = _TYPE_MESSAGES[kind].format(field=label)
        given = err.get("input")
        # 2027-02-30 has the shape of a date: say which value is meant, or the reader looks for a typo in the key.
        return f"{message}；收到“{given}”" if kind.startswith("date") and isinstance(given, str) else message
    if kind in ("vocab", "empty", "level_scale"):
        return str(err["msg"])
    if kind == "text":
        return f"字段 {label} {err['msg']}"
    return f"字段 {label}：{err['msg']}"


class _ProfileLoader(yaml.SafeLoader):
    """YAML without its own dates: PyYAML turns `start_date: 2027-02-30` into a bare ValueError naming
    neither key nor line. Dates stay text here, and the schema reads them with a message that does."""


_ProfileLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; every problem becomes one `file:line: message` line of one AnbiaoError."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnbiaoError(f"找不到企业概况文件 {name}") from None
    except IsADirectoryError:
        raise FieldError("profile", name, "{value} 是目录；{field} 应指向企业概况 YAML 文件（示例见 examples/）") from None
    except UnicodeDecodeError:
        raise AnbiaoError(f"{name}: 企业概况文件应为 UTF-8 编码") from None
    except OSError as exc:
        raise AnbiaoError(f"无法读取企业概况文件 {name}（{exc.strerror}）") from None
    try:
        loader = _ProfileLoader(text)
    except yaml.reader.ReaderError as exc:  # YAML refuses control characters in the file itself
        line = text[:exc.position].count("\n") + 1
        raise AnbiaoError(f"{name}:{line}: 含有控制字符 U+{exc.character:04X}；请删除它（企业概况应是普通文字）") from None
    try:
        node = loader.get_single_node()
        raw = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line0, column, problem = yaml_problem(exc)
        where = f"，见第 {column} 列" if column else ""
        raise AnbiaoError(f"{name}:{(line0 or 0) + 1}: 不是有效的 YAML（{problem}{where}）") from None
    finally:
        loader.dispose()
    if not isinstance(raw, dict) or node is None:
        raise AnbiaoError(f"{name}:1: 企业概况应是“键: 值”形式的映射；必填字段：name、region、industry、scale、"
                          "target_level、start_date")
    lines: dict[tuple[str | int, ...], int] = {}
    _node_lines(node, (), lines)
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err.get("loc", ()))
            problems.append((line_of(lines, loc), _message(dict(err))))
        problems.sort()
        raise AnbiaoError("企业概况有误，未生成文件：\n" + "\n".join(f"{name}:{ln}: {msg}" for ln, msg in problems)) \
            from None
    profile._source, profile._lines = name, lines
    return profile


def check_departments(profile: Profile, element_names: list[str], standard: str) -> None:
    """Department assignments must name elements of the standard the plan follows; checked once it is
    known (it depends on the enterprise: see generator.plan)."""
    problems = []
    for dept, elements in profile.departments.items():
        for i, element in enumerate(elements):
            if element not in element_names:
                line = profile._lines.get(("departments", dept, i), profile._lines.get(("departments", dept), 1))
                problems.append(
                    f"{profile._source}:{line}: departments.{dept} 中的要素“{element}”不是 {standard} 的要素；"
                    f"有效值：{valid_list(element_names, limit=60)}")
    if problems:
        raise AnbiaoError("企业概况有误，未生成文件：\n" + "\n".join(problems))


def check_schedule(profile: Profile, prepared_on: dt.date) -> list[str]:
    """The plan's start against the day it is written: refused when the whole plan would lie in the
    past or years ahead (a typing error in the year), a warning when it began recently (plans are
    often written after the work has started). Returns the warnings."""
    start = profile.start_date
    where = f"{profile._source}:{profile._lines.get(('start_date',), 1)}"
    label = f"start_date（{FIELD_NAMES_CN['start_date']}）{start.isoformat()}"
    if start < _years_later(prepared_on, -MAX_YEARS_BACK):
        raise FieldError("start_date", start, f"企业概况有误，未生成文件：\n{where}: {label} 早于编制日期 {prepared_on.isoformat()} "
                         f"{MAX_YEARS_BACK} 年以上，方案的各阶段都已过去；请填写计划开始建设的日期（编制日期可用 {{other}} 指定）",
                         other="date")
    if start > _years_later(prepared_on, MAX_YEARS_AHEAD):
        raise AnbiaoError(f"企业概况有误，未生成文件：\n{where}: {label} 晚于编制日期 {prepared_on.isoformat()} "
                          f"{MAX_YEARS_AHEAD} 年以上；请核对年份")
    if start < prepared_on:
        return [f"{where}: {label} 早于编制日期 {prepared_on.isoformat()}；方案中已过去的阶段按原定日期列出"]
    return []


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
