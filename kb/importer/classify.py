"""Metadata the text implies by its form: region (from the issuer), level, industries, topics, id.

Each value comes from a rule over what the text states (issuer, title, 文号); when no rule fires
the value stays None and the report says so. The importer's output is reviewed by an editor.
"""

from __future__ import annotations

import re

import rjieba
from pypinyin import Style, lazy_pinyin

from kb.docno import DOC_NO, ORDER_NO
from kb.vocab import load_vocabulary

_NATIONAL_PREFIXES = ("国务院", "国家", "全国", "中华人民共和国", "中共中央", "应急管理部", "公安部", "财政部",
                      "交通运输部", "住房和城乡建设部", "工业和信息化部", "人力资源和社会保障部", "生态环境部",
                      "国务院安委会", "国务院安全生产委员会", "市场监管总局")
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "区", "县")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def region_of(issuers: list[str], title: str | None) -> tuple[str | None, str | None]:
    """(region, problem). The issuing body names its region; 国务院/部委 are national."""
    vocab = load_vocabulary()
    texts = [*issuers, title or ""]
    for text in texts:
        if not text:
            continue
        if text.startswith(_NATIONAL_PREFIXES) or re.match(r"^[\u4e00-\u9fff]{1,8}部(?:办公厅)?$", text):
            return "全国", None
        # Most specific first: a city of the vocabulary, then a province.
        for region in sorted(vocab.regions, key=len, reverse=True):
            parent = vocab.region_parent.get(region)
            if parent and parent != "全国":
                city = region[len(parent):]
                if text.startswith((city, _short(city))) or text.startswith(region):
                    return region, None
        for region in vocab.regions:
            if region != "全国" and text.startswith((region, _short(region))):
                return region, None
        m = re.match(r"^([\u4e00-\u9fff]{2,6}?[省市州盟县区])", text)
        if m and issuers and text == issuers[0]:
            return None, f"地区“{m.group(1)}”不在词表中，请加入 kb/data/vocab.yaml 后重新导入"
    return None, None


def level_of(title: str | None, issuers: list[str], region: str | None, doc_no: str | None,
             is_law: bool) -> str | None:
    title = title or ""
    issuer = "".join(issuers)
    national = region == "全国"
    if "人民代表大会" in issuer:
        if national:
            return "法律" if title.endswith("法") or re.search(r"法（[^）]*）$", title) else None
        return "地方性法规"
    if doc_no and "令第" in doc_no:
        if issuer.startswith("国务院") or doc_no.startswith("国务院令"):
            return "行政法规"
        if "人民政府" in issuer:
            return "地方政府规章"
        return "部门规章"
    if is_law and issuer == "国务院":
        return "行政法规"
    if region is None:
        return None
    working = re.search(r"(通报|公告|通告|复函|名单)(?:[（(][^）)]*[）)])?$", title) or re.search(
        r"工作要点|工作安排|名单", subject_of(title))
    if national:
        return "部门工作文件" if working else "部门规范性文件"
    return "地方工作文件" if working else "地方规范性文件"


def industries_of(title: str | None, issuers: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Industries the title names (the body mentions too many to mean scope)."""
    if not title:
        return []
    vocab = load_vocabulary()
    core = subject_of(title, issuers)
    starts = _word_starts(core)
    rest = core
    found: list[str] = []
    for name in sorted((*vocab.industries, *vocab.industry_groups), key=len, reverse=True):
        if name == "高危行业":
            continue
        pos = rest.find(name)
        # A short name must start a word: 化工 is not in 标准化工作.
        while pos >= 0 and len(name) < 4 and pos not in starts:
            pos = rest.find(name, pos + 1)
        if pos >= 0:
            found.append(name)
            rest = rest[:pos] + "｜" * len(name) + rest[pos + len(name):]
    # 冶金等工贸行业 means the group: a member named beside its group is not listed again.
    covered = {m for g in found if g in vocab.industry_groups for m in vocab.industry_groups[g]}
    found = [n for n in found if n not in covered]
    order = {name: core.find(name) for name in found}
    return sorted(found, key=lambda n: order[n])


def subject_of(title: str, issuers: list[str] | tuple[str, ...] = ()) -> str:
    """What a title is about: without the issuer's name and 关于 (the issuer is not a topic)."""
    if "关于" in title:
        return title.split("关于", 1)[1]
    for issuer in issuers:
        if issuer and title.startswith(issuer):
            return title[len(issuer):]
    return title


def _word_starts(text: str) -> set[int]:
    starts, pos = set(), 0
    for token in rjieba.cut(text):
        starts.add(pos)
        pos += len(token)
    return starts


_TOPIC_RULES: list[tuple[str, str]] = [
    (r"标准化", "标准化建设"),
    (r"评审", "评审"),
    (r"定级|等级企业", "定级"),
    (r"隐患排查|隐患治理", "隐患排查治理"),
    (r"双重预防", "双重预防机制"),
    (r"风险分级管控", "风险分级管控"),
    (r"小微", "小微企业"),
    (r"工作要点", "工作要点"),
    (r"通报", "情况通报"),
    (r"培训", "教育培训"),
    (r"应急", "应急管理"),
    (r"事故报告|调查处理", "事故报告和调查处理"),
    (r"主体责任", "主体责任"),
    (r"安全生产条例|安全生产法$|安全生产法（", "监督管理"),
    (r"评定标准", "评定标准"),
]


def topics_of(title: str | None, issuers: list[str] | tuple[str, ...] = ()) -> list[str]:
    vocab = load_vocabulary()
    out: list[str] = []
    for pattern, topic in _TOPIC_RULES:
        if title and re.search(pattern, subject_of(title, issuers)) and topic in vocab.topics and topic not in out:
            out.append(topic)
    return out


def _initials(text: str) -> str:
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: [c for c in s if c.isalnum()])
    return re.sub(r"[^a-z0-9]", "", "".join(letters).lower())


def make_id(region: str | None, year: int | None, doc_no: str | None, title: str | None, fallback: str,
            issuers: list[str] | tuple[str, ...] = ()) -> str:
    """bj-2013-jzbf-10: region, year, 文号 initials and number; without 文号, the title's initials."""
    vocab = load_vocabulary()
    if region == "全国":
        region_part = "gj"
    elif region:
        parent = vocab.region_parent.get(region)
        own = region[len(parent):] if parent and parent != "全国" else region
        region_part = _initials(_short(own))
    else:
        region_part = "xx"
    year_part = str(year) if year else "nd"
    if doc_no:
        m = DOC_NO.search(doc_no) or ORDER_NO.search(doc_no)
        if m:
            tail = _initials(m["prefix"]) + "-" + str(int(m["num"])) if m["num"].isdigit() else _initials(doc_no)
            return f"{region_part}-{year_part}-{tail}"
    if title:
        core = re.sub(r"^中华人民共和国", "", subject_of(title, issuers))
        core = re.sub(r"[（(][^）)]*[）)]$", "", core)
        core = re.sub(r"^(?:印发|转发|公布)|的(?:通知|意见|指导意见|通报|决定|批复|函)$|\d+年?", "", core)
        places = {*vocab.regions, *(r[len(p):] for r, p in vocab.region_parent.items() if p != "全国")}
        for name in sorted(places, key=len, reverse=True):
            if core.startswith(name):
                core = core[len(name):]
                break
        ini = _initials(core)[:12]
        if ini:
            return f"{region_part}-{year_part}-{ini}"
    slug = re.sub(r"[^a-z0-9]+", "-", fallback.lower()).strip("-") or "doc"
    return f"{region_part}-{year_part}-{slug}"[:60].strip("-")
