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
    """A statement with the source behind it: a sentence quoted from a held text (never reworded), or
    a statement of the plan resting on a source outside it (a named publisher, a web page)."""

    text: Annotated[str, "原文句子（未改写），或以出处为据的表述（引号内为原文）"]
    citation: Annotated[str, "出处：《文件名》（文号）条款，或发布者、查阅日期和资料等级"]
    url: Annotated[str | None, "出处链接：站内条款（如 policies/<id>/#c2-2-4）或外部网页；无则为空"] = None
    status: Annotated[str, "被引文件在编制日期的时效性，如 现行有效、时效性未核实，请核对；出处不是收录文件时为空"] = ""


# --- plan ------------------------------------------------------------------------------------------

@dataclass
class Detail:
    label: Annotated[str, "项目，如 从业人员"]
    value: Annotated[str, "内容（未填写时为占位符）"]


@dataclass
class Enterprise:
    name: Annotated[str, "企业名称"]
    region: Annotated[str, "地区"]
    industry: Annotated[str, "行业"]
    scale: Annotated[str, "规模：规模以上 | 规模以下 | 小微"]
    target_level: Annotated[str, "目标等级：一级 | 二级 | 三级 | 小微达标"]
    state: Annotated[str, "建设状态：新建 | 复评 | 提档升级"]
    start_date: Annotated[dt.date, "开始日期"]
    details: Annotated[list[Detail], "企业概况的其他项目（地址、从业人员、主要产品等）"] = field(default_factory=list)


@dataclass
class BasisItem:
    title: Annotated[str, "文件名称"]
    doc_no: Annotated[str | None, "文号或标准号"]
    citation: Annotated[str, "《文件名》（文号）"]
    status: Annotated[str, "编制日期的时效性，如 现行有效、时效性未核实，请核对"]
    url: Annotated[str | None, "站内链接（全文未收录的文件为空）"]
    applies_when: Annotated[str | None, "只在企业具备所列情形时适用的文件：情形，如 生产、储存、使用危险化学品"] = None


@dataclass
class BasisGroup:
    name: Annotated[str, "类别：法律 | 行政法规 | 部门规章 | 规范性文件 | 国家标准和行业标准 | 省级地方性法规和文件 | 市级…"]
    items: Annotated[list[BasisItem], "该类别的文件，按发布日期由新到旧"]


@dataclass
class Regime:
    title: Annotated[str, "现行定级办法：《名称》（文号）"]
    covered: Annotated[bool, "企业所在行业是否在定级办法（征求意见稿第二条）所列行业之内"]
    current: Annotated[list[Cited], "现行定级制度的要点，各有出处"]
    history: Annotated[list[Cited], "此前的制度（沿革）"]
    history_note: Annotated[str, "关于此前制度的说明"]


@dataclass
class StandardRow:
    citation: Annotated[str, "《标准名称》（编号）"]
    url: Annotated[str | None, "站内链接（全文未收录的为空）"]
    role: Annotated[str, "作用：基本标准 | 评定标准 | 强制性国家标准"]
    scope: Annotated[str, "适用范围"]
    applies: Annotated[bool, "是否适用于本企业"]
    status: Annotated[str, "时效性"]
    source: Annotated[str, "出处（全文未收录的标准）"] = ""


@dataclass
class StandardInfo:
    doc_no: Annotated[str, "任务分解所依据的标准编号，如 GB/T 33000—2025"]
    title: Annotated[str, "标准名称"]
    citation: Annotated[str, "《名称》（编号）"]
    url: Annotated[str, "站内链接"]
    status: Annotated[str, "时效性"]
    notes: Annotated[list[str], "关于所选标准及其结构的说明"] = field(default_factory=list)


@dataclass
class DeadlineItem:
    quote: Annotated[Cited, "设定期限的原文句子及出处"]
    phrase: Annotated[str | None, "期限原文，如 2028年底前"]
    deadline: Annotated[dt.date | None, "期限日期（均未到期；已过的期限不列入）"]
    passed: Annotated[bool | None, "编制日期时期限是否已过（列入的均为 false）"]


@dataclass
class Target:
    level: Annotated[str, "目标等级"]
    statement: Annotated[str, "目标表述"]
    planned_date: Annotated[dt.date, "计划完成日期（最后一个阶段结束）"]
    application: Annotated[str, "计划提出的申请：定级申请 | 复评申请 | 达标评审申请"]
    goals: Annotated[list[str], "具体目标（建议）"] = field(default_factory=list)
    deadlines: Annotated[list[DeadlineItem], "适用文件为本企业设定、尚未到期的期限"] = field(default_factory=list)
    deadline_note: Annotated[str, "期限的说明（如未找到期限的原因）"] = ""
    quotes: Annotated[list[Cited], "与目标等级有关的原文"] = field(default_factory=list)
    notes: Annotated[list[str], "说明"] = field(default_factory=list)


@dataclass
class DepartmentDuty:
    name: Annotated[str, "部门名称"]
    elements: Annotated[list[str], "牵头的要素"]
    duty: Annotated[str, "职责（建议）"]


@dataclass
class Organisation:
    leader: Annotated[str, "领导小组组长（未填写时为占位符）"]
    deputies: Annotated[list[str], "副组长"]
    members: Annotated[list[str], "成员"]
    duties_quotes: Annotated[list[Cited], "主要负责人职责的原文"]
    group_duties: Annotated[list[str], "领导小组职责（建议）"]
    office: Annotated[str, "领导小组办公室所在部门"]
    office_duties: Annotated[list[str], "办公室职责（建议）"]
    working_leader: Annotated[str, "工作小组组长（未填写时为占位符）"]
    working_members: Annotated[list[str], "工作小组成员"]
    working_duties: Annotated[list[str], "工作小组职责（建议）"]
    departments: Annotated[list[DepartmentDuty], "部门分工"]


@dataclass
class Phase:
    number: Annotated[int, "序号"]
    name: Annotated[str, "阶段名称"]
    start: Annotated[dt.date, "开始日期"]
    end: Annotated[dt.date, "结束日期"]
    tasks: Annotated[list[str], "工作内容（建议）"]
    months: Annotated[list[bool], "进度表：该阶段是否落在 schedule_months 的各月"] = field(default_factory=list)


@dataclass
class TaskRow:
    number: Annotated[int, "序号"]
    element: Annotated[str, "要素名称"]
    parent: Annotated[str, "所属一级要素"]
    task: Annotated[str, "主要工作内容（建议）"]
    department: Annotated[str, "责任部门（来自企业概况，未填写时为占位符）"]
    output: Annotated[str, "成果或台账（建议）"]
    due: Annotated[dt.date, "完成时限"]
    citation: Annotated[str, "要素出处"]
    url: Annotated[str, "要素的站内链接"]
    unverified: Annotated[bool, "要素名称尚待对照标准文本核对"] = False


@dataclass
class Guarantee:
    name: Annotated[str, "措施名称"]
    quotes: Annotated[list[Cited], "原文依据"]
    advice: Annotated[str, "措施（建议；经费等未填写处为占位符）"]


@dataclass
class Annex:
    number: Annotated[int, "附件序号"]
    title: Annotated[str, "附件标题"]


@dataclass
class Plan:
    title: Annotated[str, "方案标题"]
    enterprise: Annotated[Enterprise, "企业概况"]
    prepared_on: Annotated[dt.date, "编制日期"]
    guiding: Annotated[list[str], "指导思想"]
    basis: Annotated[list[BasisGroup], "编制依据：按效力层级分类，均为编制日期现行有效或时效性待核对的文件"]
    regime: Annotated[Regime, "现行定级制度"]
    standards: Annotated[list[StandardRow], "与本企业有关的标准和评定标准"]
    grading_notes: Annotated[list[str], "关于适用标准的说明（如知识库中没有本行业的定级标准）"]
    confirm: Annotated[list[str], "需向属地应急管理部门确认的事项"]
    confirm_with: Annotated[str, "确认对象，如 属地应急管理部门"]
    standard: Annotated[StandardInfo, "要素任务分解所依据的标准"]
    target: Annotated[Target, "工作目标"]
    organisation: Annotated[Organisation, "组织机构及职责"]
    phases_note: Annotated[str, "阶段安排的说明"]
    phases: Annotated[list[Phase], "实施步骤"]
    schedule_months: Annotated[list[str], "进度表的月份，如 2027年1月"]
    tasks: Annotated[list[TaskRow], "要素任务分解表"]
    guarantees: Annotated[list[Guarantee], "保障措施"]
    annexes: Annotated[list[Annex], "附件目录"]
    annex_clauses: Annotated[list[Cited], "附件1：适用的安全生产标准化条款摘录"]
    placeholders: Annotated[list[str], "附件2：需企业补充的信息"]


# --- outline ---------------------------------------------------------------------------------------

@dataclass
class HoursRuleView:
    minimum: Annotated[int, "法定最低学时"]
    citation: Annotated[str, "规定出处"]
    status: Annotated[str, "规定的时效性"]
    statement: Annotated[str, "规定要点"]
    source: Annotated[str, "学时要求的资料来源及条文序号的说明"]
    note: Annotated[str | None, "说明（规定未覆盖时采用了哪条规则）"]


@dataclass
class Ref:
    label: Annotated[str, "条款的要点（条款标题或首句）"]
    citation: Annotated[str, "出处"]
    url: Annotated[str | None, "站内链接"]
    status: Annotated[str, "出处文件的时效性"] = ""


@dataclass
class Module:
    number: Annotated[int, "序号"]
    title: Annotated[str, "模块名称"]
    hours: Annotated[int, "学时"]
    objectives: Annotated[str, "培训目标"]
    refs: Annotated[list[Ref], "讲授的条款和要素"]
    notes: Annotated[list[str], "模块说明（如本行业专门法规的情况）"] = field(default_factory=list)


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
    kind_label: Annotated[str, "培训类别的写法：初次培训 | 再培训"]
    region: Annotated[str | None, "地区（选填）"]
    prepared_on: Annotated[dt.date, "编制日期（据此判断所引文件是否现行有效）"]
    rule: Annotated[HoursRuleView, "最低学时规定"]
    audience_note: Annotated[str | None, "培训对象的说明"]
    total_hours: Annotated[int, "总学时"]
    modules: Annotated[list[Module], "培训模块"]
    questions: Annotated[list[Question], "考试题"]
    exam_note: Annotated[str, "考试说明"]
    assessment: Annotated[list[Cited], "考核的法定要求（安全生产法第二十七条等原文）"] = field(default_factory=list)
    assessment_note: Annotated[str, "谁组织考核、谁确定合格标准"] = ""


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
