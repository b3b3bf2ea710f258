"""The typed document model: a plan or an outline is built once as these structures, then rendered.

Templates (built-in and a user's own) see exactly these objects; each field's Annotated description is
what `--template-vars` prints, so the listing cannot drift from the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any

PLACEHOLDER = "【请填写：{}】"


# --- shared pieces -----------------------------------------------------------------------------

@dataclass
class Cited:
    """A sentence quoted from a source, never reworded, with the citation behind it."""

    text: Annotated[str, "原文句子（未改写）"]
    citation: Annotated[str, "出处：《文件名》（文号）条款"]
    url: Annotated[str | None, "站内条款链接，如 policies/<id>/#c2-2-4；库外出处为空"] = None


# --- plan ------------------------------------------------------------------------------------------

@dataclass
class Enterprise:
    name: Annotated[str, "企业名称"]
    region: Annotated[str, "地区"]
    industry: Annotated[str, "行业"]
    scale: Annotated[str, "规模：规模以上 | 规模以下 | 小微"]
    target_level: Annotated[str, "目标等级：一级 | 二级 | 三级 | 小微达标"]
    state: Annotated[str, "建设状态：新建 | 复评 | 提档升级"]
    start_date: Annotated[dt.date, "开始日期"]


@dataclass
class BasisItem:
    title: Annotated[str, "文件名称"]
    doc_no: Annotated[str | None, "文号或标准号"]
    citation: Annotated[str, "《文件名》（文号）"]
    tier: Annotated[str, "层级：全国 | 省级 | 市级"]
    kind: Annotated[str, "policy | standard"]
    status: Annotated[str, "时效性"]
    url: Annotated[str, "站内链接"]
    complete: Annotated[bool, "本库是否收录全文（false 为节选）"]


@dataclass
class StandardInfo:
    doc_no: Annotated[str, "基本标准编号，如 GB/T 33000—2025"]
    title: Annotated[str, "基本标准名称"]
    citation: Annotated[str, "《名称》（编号）"]
    url: Annotated[str, "站内链接"]
    status: Annotated[str, "时效性"]
    notes: Annotated[list[str], "关于所选版本的说明"] = field(default_factory=list)


@dataclass
class DeadlineItem:
    quote: Annotated[Cited, "设定期限的原文句子及出处"]
    phrase: Annotated[str | None, "期限原文，如 2013年底前"]
    deadline: Annotated[dt.date | None, "期限日期"]
    passed: Annotated[bool | None, "编制日期时期限是否已过"]


@dataclass
class Target:
    level: Annotated[str, "目标等级"]
    statement: Annotated[str, "目标表述"]
    planned_date: Annotated[dt.date, "计划完成日期（最后一个阶段结束）"]
    application: Annotated[str, "计划提出的申请：定级申请 | 复评申请 | 达标评审申请"]
    deadlines: Annotated[list[DeadlineItem], "适用文件为本企业设定的期限"] = field(default_factory=list)
    deadline_note: Annotated[str, "期限的说明（如未找到期限的原因）"] = ""
    quotes: Annotated[list[Cited], "与目标等级有关的原文"] = field(default_factory=list)
    notes: Annotated[list[str], "说明"] = field(default_factory=list)


@dataclass
class DepartmentDuty:
    name: Annotated[str, "部门名称"]
    elements: Annotated[list[str], "牵头的要素"]
    duty: Annotated[str, "职责（模板建议）"]


@dataclass
class Organisation:
    leader: Annotated[str, "领导小组组长（未填写时为占位符）"]
    deputies: Annotated[list[str], "副组长"]
    members: Annotated[list[str], "成员"]
    duties_quotes: Annotated[list[Cited], "主要负责人职责的原文"]
    group_duties: Annotated[list[str], "领导小组职责（模板建议）"]
    office: Annotated[str, "领导小组办公室所在部门"]
    office_duties: Annotated[list[str], "办公室职责（模板建议）"]
    departments: Annotated[list[DepartmentDuty], "部门分工"]


@dataclass
class Phase:
    number: Annotated[int, "序号"]
    name: Annotated[str, "阶段名称"]
    start: Annotated[dt.date, "开始日期"]
    end: Annotated[dt.date, "结束日期"]
    tasks: Annotated[list[str], "工作内容（模板建议）"]


@dataclass
class TaskRow:
    number: Annotated[int, "序号"]
    element: Annotated[str, "要素（编号+名称）"]
    parent: Annotated[str, "所属一级要素"]
    task: Annotated[str, "主要工作内容（模板建议）"]
    department: Annotated[str, "责任部门（来自企业概况，未填写时为占位符）"]
    due: Annotated[dt.date, "计划完成日期"]
    citation: Annotated[str, "要素出处"]
    url: Annotated[str, "要素的站内链接"]
    unverified: Annotated[bool, "本库说明该要素名称未经核实"] = False


@dataclass
class Guarantee:
    name: Annotated[str, "措施名称"]
    quotes: Annotated[list[Cited], "原文依据"]
    advice: Annotated[str, "模板建议"]


@dataclass
class Plan:
    title: Annotated[str, "方案标题"]
    enterprise: Annotated[Enterprise, "企业概况"]
    prepared_on: Annotated[dt.date, "编制日期"]
    standard: Annotated[StandardInfo, "本方案遵循的基本标准"]
    basis_policies: Annotated[list[BasisItem], "编制依据：法律法规和政策文件"]
    basis_standards: Annotated[list[BasisItem], "编制依据：标准"]
    basis_note: Annotated[str, "适用文件的判断方式"]
    target: Annotated[Target, "工作目标"]
    organisation: Annotated[Organisation, "组织机构及职责"]
    phases_note: Annotated[str, "阶段安排的说明（模板建议）"]
    phases: Annotated[list[Phase], "实施步骤"]
    tasks: Annotated[list[TaskRow], "要素任务分解表"]
    guarantees: Annotated[list[Guarantee], "保障措施"]
    annex_clauses: Annotated[list[Cited], "附件1：适用的标准化条款摘录"]
    placeholders: Annotated[list[str], "附件2：需企业补充的信息"]


# --- outline ---------------------------------------------------------------------------------------

@dataclass
class HoursRuleView:
    minimum: Annotated[int, "法定最低学时"]
    citation: Annotated[str, "规定出处"]
    statement: Annotated[str, "规定要点"]
    note: Annotated[str | None, "说明（规定未覆盖时采用了哪条规则）"]


@dataclass
class Ref:
    label: Annotated[str, "条款或要素名称"]
    citation: Annotated[str, "出处"]
    url: Annotated[str | None, "站内链接"]


@dataclass
class Module:
    number: Annotated[int, "序号"]
    title: Annotated[str, "模块名称"]
    hours: Annotated[int, "学时"]
    objectives: Annotated[str, "培训目标"]
    refs: Annotated[list[Ref], "讲授的条款和要素"]


@dataclass
class Question:
    number: Annotated[int, "题号"]
    text: Annotated[str, "题目（含 ____ 空格）"]
    answer: Annotated[str, "答案"]
    source: Annotated[Cited, "出题的原文及出处"]


@dataclass
class Outline:
    title: Annotated[str, "大纲标题"]
    audience: Annotated[str, "培训对象"]
    industry: Annotated[str, "行业"]
    industry_class: Annotated[str, "行业类别：高危行业 | 建筑施工 | 一般行业"]
    class_explain: Annotated[str, "行业类别的说明"]
    kind: Annotated[str, "初次 | 再培训"]
    region: Annotated[str | None, "地区（选填）"]
    rule: Annotated[HoursRuleView, "最低学时规定"]
    audience_note: Annotated[str | None, "培训对象的说明"]
    total_hours: Annotated[int, "总学时"]
    modules: Annotated[list[Module], "培训模块"]
    questions: Annotated[list[Question], "考试题"]
    exam_note: Annotated[str, "考试说明"]


def describe(root: type, name: str) -> list[tuple[str, str]]:
    """(variable path, description) for a model type, walking nested dataclasses and lists of them."""
    out: list[tuple[str, str]] = []
    hints = typing.get_type_hints(root, include_extras=True)
    for f in dataclasses.fields(root):
        path = f"{name}.{f.name}"
        hint = hints[f.name]
        text = next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, str)), "")
        out.append((path, text))
        tp = typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint
        inner = _dataclass_in(tp)
        if inner is not None:
            is_list = typing.get_origin(tp) is list
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
