"""The typed document model: a plan or an outline is built once as these structures, then rendered.

Templates (built-in and a user's own) see exactly these objects; each field's `doc` metadata is what
`--template-vars` prints, so the listing cannot drift from the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any


def doc(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    """A dataclass field carrying its Chinese description for --template-vars."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"doc": text})
    if default is not dataclasses.MISSING:
        return field(default=default, metadata={"doc": text})
    return field(metadata={"doc": text})


PLACEHOLDER = "【请填写：{}】"


# --- shared pieces -----------------------------------------------------------------------------

@dataclass
class Cited:
    """A sentence quoted from a source, never reworded, with the citation behind it."""

    text: str = doc("原文句子（未改写）")
    citation: str = doc("出处：《文件名》（文号）条款")
    url: str | None = doc("站内条款链接，如 policies/<id>/#c2-2-4；库外出处为空", None)


# --- plan ------------------------------------------------------------------------------------------

@dataclass
class Enterprise:
    name: str = doc("企业名称")
    region: str = doc("地区")
    industry: str = doc("行业")
    scale: str = doc("规模：规模以上 | 规模以下 | 小微")
    target_level: str = doc("目标等级：一级 | 二级 | 三级 | 小微达标")
    state: str = doc("建设状态：新建 | 复评 | 提档升级")
    start_date: dt.date = doc("开始日期")


@dataclass
class BasisItem:
    title: str = doc("文件名称")
    doc_no: str | None = doc("文号或标准号")
    citation: str = doc("《文件名》（文号）")
    tier: str = doc("层级：全国 | 省级 | 市级")
    kind: str = doc("policy | standard")
    status: str = doc("时效性")
    url: str = doc("站内链接")
    complete: bool = doc("本库是否收录全文（false 为节选）")


@dataclass
class StandardInfo:
    doc_no: str = doc("基本标准编号，如 GB/T 33000—2025")
    title: str = doc("基本标准名称")
    citation: str = doc("《名称》（编号）")
    url: str = doc("站内链接")
    status: str = doc("时效性")
    notes: list[str] = doc("关于所选版本的说明", factory=list)


@dataclass
class DeadlineItem:
    quote: Cited = doc("设定期限的原文句子及出处")
    phrase: str | None = doc("期限原文，如 2013年底前")
    deadline: dt.date | None = doc("期限日期")
    passed: bool | None = doc("编制日期时期限是否已过")


@dataclass
class Target:
    level: str = doc("目标等级")
    statement: str = doc("目标表述")
    planned_date: dt.date = doc("计划完成日期（最后一个阶段结束）")
    application: str = doc("计划提出的申请：定级申请 | 复评申请 | 达标评审申请")
    deadlines: list[DeadlineItem] = doc("适用文件为本企业设定的期限", factory=list)
    deadline_note: str = doc("期限的说明（如未找到期限的原因）", "")
    quotes: list[Cited] = doc("与目标等级有关的原文", factory=list)
    notes: list[str] = doc("说明", factory=list)


@dataclass
class DepartmentDuty:
    name: str = doc("部门名称")
    elements: list[str] = doc("牵头的要素")
    duty: str = doc("职责（模板建议）")


@dataclass
class Organisation:
    leader: str = doc("领导小组组长（未填写时为占位符）")
    deputies: list[str] = doc("副组长")
    members: list[str] = doc("成员")
    duties_quotes: list[Cited] = doc("主要负责人职责的原文")
    group_duties: list[str] = doc("领导小组职责（模板建议）")
    office: str = doc("领导小组办公室所在部门")
    office_duties: list[str] = doc("办公室职责（模板建议）")
    departments: list[DepartmentDuty] = doc("部门分工")


@dataclass
class Phase:
    number: int = doc("序号")
    name: str = doc("阶段名称")
    start: dt.date = doc("开始日期")
    end: dt.date = doc("结束日期")
    tasks: list[str] = doc("工作内容（模板建议）")


@dataclass
class TaskRow:
    number: int = doc("序号")
    element: str = doc("要素（编号+名称）")
    parent: str = doc("所属一级要素")
    task: str = doc("主要工作内容（模板建议）")
    department: str = doc("责任部门（来自企业概况，未填写时为占位符）")
    due: dt.date = doc("计划完成日期")
    citation: str = doc("要素出处")
    url: str = doc("要素的站内链接")


@dataclass
class Guarantee:
    name: str = doc("措施名称")
    quotes: list[Cited] = doc("原文依据")
    advice: str = doc("模板建议")


@dataclass
class Plan:
    title: str = doc("方案标题")
    enterprise: Enterprise = doc("企业概况")
    prepared_on: dt.date = doc("编制日期")
    standard: StandardInfo = doc("本方案遵循的基本标准")
    basis_policies: list[BasisItem] = doc("编制依据：法律法规和政策文件")
    basis_standards: list[BasisItem] = doc("编制依据：标准")
    basis_note: str = doc("适用文件的判断方式")
    target: Target = doc("工作目标")
    organisation: Organisation = doc("组织机构及职责")
    phases_note: str = doc("阶段安排的说明（模板建议）")
    phases: list[Phase] = doc("实施步骤")
    tasks: list[TaskRow] = doc("要素任务分解表")
    guarantees: list[Guarantee] = doc("保障措施")
    annex_clauses: list[Cited] = doc("附件1：适用的标准化条款摘录")
    placeholders: list[str] = doc("附件2：需企业补充的信息")


# --- outline ---------------------------------------------------------------------------------------

@dataclass
class HoursRuleView:
    minimum: int = doc("法定最低学时")
    citation: str = doc("规定出处")
    statement: str = doc("规定要点")
    note: str | None = doc("说明（规定未覆盖时采用了哪条规则）")


@dataclass
class Ref:
    label: str = doc("条款或要素名称")
    citation: str = doc("出处")
    url: str | None = doc("站内链接")


@dataclass
class Module:
    number: int = doc("序号")
    title: str = doc("模块名称")
    hours: int = doc("学时")
    objectives: str = doc("培训目标")
    refs: list[Ref] = doc("讲授的条款和要素")


@dataclass
class Question:
    number: int = doc("题号")
    text: str = doc("题目（含 ____ 空格）")
    answer: str = doc("答案")
    source: Cited = doc("出题的原文及出处")


@dataclass
class Outline:
    title: str = doc("大纲标题")
    audience: str = doc("培训对象")
    industry: str = doc("行业")
    industry_class: str = doc("行业类别：高危行业 | 建筑施工 | 一般行业")
    class_explain: str = doc("行业类别的说明")
    kind: str = doc("初次 | 再培训")
    region: str | None = doc("地区（选填）")
    rule: HoursRuleView = doc("最低学时规定")
    audience_note: str | None = doc("培训对象的说明")
    total_hours: int = doc("总学时")
    modules: list[Module] = doc("培训模块")
    questions: list[Question] = doc("考试题")
    exam_note: str = doc("考试说明")


def describe(root: type, name: str) -> list[tuple[str, str]]:
    """(variable path, description) for a model type, walking nested dataclasses and lists of them."""
    out: list[tuple[str, str]] = []
    hints = typing.get_type_hints(root)
    for f in dataclasses.fields(root):
        path = f"{name}.{f.name}"
        out.append((path, f.metadata.get("doc", "")))
        inner = _dataclass_in(hints[f.name])
        if inner is not None:
            is_list = typing.get_origin(hints[f.name]) is list
            out.extend(describe(inner, f"{path}[i]" if is_list else path))
    return out


def _dataclass_in(tp: Any) -> type | None:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return tp
    origin = typing.get_origin(tp)
    if origin in (list, types.UnionType, typing.Union):
        for arg in typing.get_args(tp):
            found = _dataclass_in(arg)
            if found is not None:
                return found
    return None
