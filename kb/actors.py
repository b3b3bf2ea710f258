"""Who a sentence of a policy text names, and the words that make it a duty: the lexicon that kb.scope
(official documents) and kb.lawscope (laws) both read with."""

from __future__ import annotations

import re
from collections.abc import Iterable

ENTERPRISE, GOVERNMENT, REVIEWER, OTHER = "企业", "政府及部门", "评审机构", "其他"

# Actor words: longest match wins, so 评审单位 beats 单位 and 生产经营单位 beats 单位.
ACTOR_WORDS: dict[str, str] = {}
for _cls, _words in (
    (REVIEWER, ["评审组织单位", "评审单位", "评审机构", "评审人员", "评审员", "评审专家", "中介机构",
                "技术服务机构", "安全评价机构", "评价机构", "检测检验机构", "检验检测机构", "认证机构",
                "检测、检验职责的机构"]),
    (GOVERNMENT, ["人民政府", "政府", "安委会", "安委办", "部门", "管理局", "监管局",
                  "应急局", "监督局", "监察局", "安监局", "安监站", "安监机构", "安办", "国务院", "总局",
                  "应急管理部", "各地区", "各地", "各级", "各区县", "区县", "县市区", "乡镇", "街道办事处",
                  "街道", "机关", "监管人员", "监察人员", "执法人员", "工作人员", "市委", "事故调查组",
                  "调查组"]),
    # 单位 alone is an enterprise in laws (生产经营单位、施工单位、事故发生单位); in a list with 部门
    # (“各部门、各单位要”) the tie goes to the document's 主送机关.
    (ENTERPRISE, ["企业", "生产经营单位", "用人单位", "事故发生单位", "单位", "本单位", "从业人员", "集团",
                  "总公司", "公司", "经营者", "个体工商户", "投资人"]),
    (OTHER, ["工会", "协会", "应急救援队伍", "救援队伍", "社会公众", "公众", "公民", "新闻媒体", "媒体", "专家组", "任何单位和个人",
             "任何单位或者个人", "个人"]),
):
    for _w in _words:
        ACTOR_WORDS[_w] = _cls


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """Any of `words`, the longest first where one holds another (生产经营单位 before 单位)."""
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


ACTOR_RE = alternation(ACTOR_WORDS)
# Modal words introducing a duty. 要 is a modal except in 重要/主要/需要/要求/要点…; 应 except in 应急/相应….
MODAL = re.compile(
    r"应当|必须|务必|不得|严禁|禁止|负责(?!人)|"
    r"(?<![重主需纲摘概紧只首必提扼简])要(?![求点素害件闻])|"
    r"(?<![相响供适对反效理呼感顺回])应(?![急用对变运当付届聘征收])"
)
# A chapter under these headings holds what happens when a duty is broken (安全生产法 第六章 法律责任).
LIABILITY_CHAPTERS = ("法律责任", "罚则")
