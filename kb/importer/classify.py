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
                      "国务院安委会", "国务院安全生产委员会", "市场监管总局", "最高人民法院", "最高人民检察院")
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "区", "县")
_PLACE_LIKE = re.compile(r"^([\u4e00-\u9fff]{2,6}?[省市州盟县区旗])")
# A development zone has no code of its own in GB/T 2260: it lies in the city whose name it carries
# (金华经济技术开发区, 管委会 of 金华市).
_ZONE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,4}?)(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|工业园区)")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def region_of(issuers: list[str], title: str | None) -> tuple[str | None, str | None]:
    """(region, problem). The issuing body names its region; 国务院/部委 are national.

    Any province, city, district or county of GB/T 2260 resolves, following the names as written
    (上海市青浦区应急管理局 → 上海市青浦区, 烟台市… → 山东省烟台市); the title is the fallback.
    """
    vocab = load_vocabulary()
    for text in [*issuers, title or ""]:
        if not text:
            continue
        if text.startswith(_NATIONAL_PREFIXES) or re.match(r"^[\u4e00-\u9fff]{1,8}部(?:办公厅)?$", text):
            return "全国", None
        match = vocab.region_at_start(text)
        if match.region:
            return match.region, None
        zone = _ZONE.match(text)
        city = vocab.region_at_start(zone["place"] + "市") if zone and not match.candidates else None
        if city and city.region and city.length == len(zone["place"]) + 1:
            return city.region, None
        if match.candidates:
            return None, (f"发文机关“{text}”中的地名有多个同名行政区（{'、'.join(match.candidates[:6])}），"
                          "无法确定地区；请在 region 中写明")
        m = _PLACE_LIKE.match(text)
        if m and issuers and text == issuers[0]:
            nearest = vocab.nearest_region(m.group(1))
            hint = f"；最接近的有效值：{nearest}" if nearest else ""
            return None, f"地区“{m.group(1)}”不在行政区划表（kb/data/regions.csv）中{hint}"
    return None, None


# 《规章制定程序条例》(2001) 第六条: 规章的名称一般称“规定”“办法”.
_RULE_TITLE = re.compile(r"(?:规定|办法|细则|规则)(?:[（(][^（）()]{1,20}[）)])?$")
# 《最高人民法院关于司法解释工作的规定》第六条: 司法解释的形式分为“解释”“规定”“规则”“批复”和“决定”.
_JUDICIAL_FORMS = re.compile(r"(?:解释|规定|规则|批复|决定)(?:[（(][一二三四五六七八九十]+[）)])?$")
# 批复 answers one office's 请示 (《党政机关公文处理工作条例》第八条（十三）): a working document too, and
# so is an 答复 to a question put.
_WORKING_TITLE = re.compile(r"(通报|公告|通告|函|名单|批复|答复)(?:[（(][^）)]*[）)])?$")
# A notice that announces who was listed or rated (公布…评审单位, 公布…达标企业) sets no rule.
_WORKING_SUBJECT = re.compile(r"工作要点|工作安排|名单|^公布[^《》]*(?:单位|企业|机构|结果)")


def level_of(title: str | None, issuers: list[str], region: str | None, doc_no: str | None,
             is_law: bool, approved_by_state_council: bool = False, made_as_rule: bool = False) -> str | None:
    """效力级别 by who made the text and what it is called.

    A 条例 is never a 规章 (《规章制定程序条例》第六条: 规章的名称一般称“规定”“办法”，但不得称“条例”):
    a national one is a 行政法规, a local one a 地方性法规. A 函 (…函〔2020〕42号) deals with a matter
    between offices (《党政机关公文处理工作条例》第八条), so it is a working document, not a normative one.
    A text named as a 规章 is (规定, 办法 …) and decided by a department's 部务会议 or a government's
    常务会议 (`made_as_rule`, read from its history) went through the procedure of a 规章
    (《规章制定程序条例》第二十七条).
    """
    title = title or ""
    issuer = "".join(issuers)
    national = region == "全国"
    if "人民代表大会" in issuer:
        if national:
            # A 修正案 amends a law and is adopted and promulgated as one (刑法修正案（六）, 主席令第五十一号); a
            # 条例 the Standing Committee adopted is a law too (户口登记条例 1958, 学位条例 1980): under 《立法法》 the
            # Congress and its Standing Committee exercise the state's legislative power.
            return "法律" if re.search(r"(?:法(?:修正案)?|条例)(?:（[^）]*）)?$", title) else None
        return "地方性法规"
    if re.search("最高人民法院|最高人民检察院", issuer):
        # A court's or procuratorate's document in another form (通知, 意见 of 1997) is no department's
        # normative document either: its level is left to the editor.
        return "司法解释" if _JUDICIAL_FORMS.search(title) else None
    if is_law and approved_by_state_council and title.endswith("条例"):
        return "行政法规"  # 国务院批准、部委发布, as before the Legislation Law of 2000 (矿山安全法实施条例)
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
    rule_named = bool(_RULE_TITLE.search(title))
    if made_as_rule and rule_named and "人民政府" in issuer:
        return "地方政府规章"
    if made_as_rule and rule_named and national:
        return "部门规章"
    if is_law and title.endswith("条例"):
        return "行政法规" if national else "地方性法规"
    working = (_WORKING_TITLE.search(title) or _WORKING_SUBJECT.search(subject_of(title, issuers))
               or (doc_no and "函〔" in doc_no))
    if national:
        return "部门工作文件" if working else "部门规范性文件"
    return "地方工作文件" if working else "地方规范性文件"


def industries_of(title: str | None, issuers: list[str] | tuple[str, ...] = (), scope: str | None = None) -> list[str]:
    """Industries the title names (the body mentions too many to mean scope).

    A law whose title names none may name them in its scope article: `scope` is the first sentence
    of its 第二条 (安全生产许可证条例: 国家对矿山企业、建筑施工企业和危险化学品、烟花爆竹、民用爆炸物品生产
    企业…实行安全生产许可制度). Only that sentence: later ones list exceptions (另有规定的，适用其规定).
    """
    found = industries_named(subject_of(title, issuers)) if title else []
    return found or (industries_named(scope) if scope else [])


def industries_named(text: str) -> list[str]:
    """Vocabulary industries (and their aliases) named in `text`, in order, longest name first."""
    vocab = load_vocabulary()
    starts = _word_starts(text)
    rest = text
    names = {n: n for n in (*vocab.industries, *vocab.industry_groups) if n != "高危行业"}
    names.update(vocab.industry_aliases)
    found: dict[str, int] = {}
    for name in sorted(names, key=len, reverse=True):
        pos = rest.find(name)
        # A short name must start a word: 化工 is not in 标准化工作.
        while pos >= 0 and len(name) < 4 and pos not in starts:
            pos = rest.find(name, pos + 1)
        if pos >= 0:
            found.setdefault(names[name], pos)
            rest = rest[:pos] + "｜" * len(name) + rest[pos + len(name):]
    # 冶金等工贸行业 means the group: a member named beside its group is not listed again.
    covered = {m for g in found if g in vocab.industry_groups for m in vocab.industry_groups[g]}
    return sorted((n for n in found if n not in covered), key=lambda n: found[n])


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


# What a title (or a law's chapter heading) says it is about → topic. A law's chapters name what it
# regulates (安全生产法 第五章 生产安全事故的应急救援与调查处理, 第六章 法律责任).
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
    (r"安全生产条例|安全生产法$|安全生产法（|监督管理|监督检查|安全监察", "监督管理"),
    (r"评定标准", "评定标准"),
    (r"法律责任|罚则", "法律责任"),
    (r"消防|火灾", "消防"),
    # 使用有毒物品作业场所劳动保护条例 第一条: 预防、控制和消除职业中毒危害. 尘肺病 is the first class
    # of 《职业病分类和目录》 (职业性尘肺病); 粉尘 alone may be 粉尘防爆, a hazard of explosion.
    (r"职业病|职业卫生|职业健康|职业危害|有毒物品|尘肺", "职业健康"),
    (r"特种设备", "特种设备"),
    (r"工伤", "工伤保险"),
    (r"劳动保护|劳动安全卫生|劳动法$|特殊保护", "劳动保护"),
    (r"安全生产许可", "安全生产许可"),
    (r"刑事|刑法", "刑事责任"),
]


def topics_of(title: str | None, issuers: list[str] | tuple[str, ...] = (),
              chapters: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Topics the title names, then those a law's chapter headings name (in the order of the rules)."""
    vocab = load_vocabulary()
    texts = ([subject_of(title, issuers)] if title else []) + list(chapters)
    out: list[str] = []
    for text in texts:
        for pattern, topic in _TOPIC_RULES:
            if re.search(pattern, text) and topic in vocab.topics and topic not in out:
                out.append(topic)
    return out


def _initials(text: str) -> str:
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: [c for c in s if c.isalnum()])
    return re.sub(r"[^a-z0-9]", "", "".join(letters).lower())


def make_id(region: str | None, year: int | None, doc_no: str | None, title: str | None, fallback: str,
            issuers: list[str] | tuple[str, ...] = ()) -> str:
    """bj-2013-jzbf-10: region, year, 文号 initials and number; without 文号, the title's initials.

    The region part is the initials of the region's own name (上海市青浦区 → qp, 四川省绵阳市 → my).
    """
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
    # An attachment shares its notice's 文号 (安监总管四〔2014〕17号 附件): its title tells it apart.
    if doc_no and "附件" not in doc_no:
        m = DOC_NO.search(doc_no) or ORDER_NO.search(doc_no)
        if m:
            tail = _initials(m["prefix"]) + "-" + str(int(m["num"])) if m["num"].isdigit() else _initials(doc_no)
            return f"{region_part}-{year_part}-{tail}"
    if title:
        core = re.sub(r"^中华人民共和国", "", subject_of(title, issuers))
        core = re.sub(r"[（(][^）)]*[）)]$", "", core)
        core = re.sub(r"^(?:印发|转发|公布)|的(?:通知|意见|指导意见|通报|决定|批复|函)$|\d+年?", "", core)
        core = core[vocab.region_at_start(core).length:]
        ini = _initials(core)[:12]
        if ini:
            return f"{region_part}-{year_part}-{ini}"
    slug = re.sub(r"[^a-z0-9]+", "-", fallback.lower()).strip("-") or "doc"
    return f"{region_part}-{year_part}-{slug}"[:60].strip("-")
