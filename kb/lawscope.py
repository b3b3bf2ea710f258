"""How an article of a law binds an enterprise: a duty, a duty on a condition, a liability, or not at all.

Laws (法律、行政法规、地方性法规、规章: numbered by 条) say whom they bind in the words of their scope
articles — 生产经营单位 (安全生产法 第二条), 用人单位 (职业病防治法 第二条), 特种设备使用单位 (特种设备安全法
第二条), 施工单位 (建设工程安全生产管理条例 第二条). kb/data/scope.yaml lists those words, each with the
article or classification that gives it its meaning; this module reads an article with them.

1. Each sentence with a duty word (应当、必须、不得、禁止、负责、负有…职责) has a subject: the party words
   before the duty word (“生产经营单位的主要负责人” → its head, 主要负责人: the enterprise; “部门的负责人”:
   an official), cut where a preposition or a verb starts the predicate (“生产经营单位进行爆破…以及国务院应急
   管理部门会同…” is the enterprise's sentence); an agent after 由 acts (“应当由…部门进行审查”). A sentence
   that omits its subject (“…的，应当…”) takes the nearest party that acts in it, else the article's previous
   subject. A thing as subject (“矿山、金属冶炼建设项目…应当进行安全评价”, “禁止在具有火灾、爆炸危险的场所吸
   烟”) binds whoever keeps the thing — the enterprise — outside 总则/附则 and the authorities' chapters (监督
   管理、事故调查…), unless it is a procedure (“事故调查处理应当…”). Workers' own rights and duties, 任何单位
   和个人's civic duties and judicial interpretations (they bind courts) bind no enterprise.
2. The words before the duty word decide for which enterprises: trade words (矿山、金属冶炼、施工单位) restrict
   it to industries; an object with its acts (“生产、储存危险化学品的单位”, “特种设备使用单位”) makes it a
   duty of whoever does so (a conditional duty, `condition` = the acts and the object), unless every act is a
   trade (危险化学品生产企业 → 危险化学品); a condition word (重大危险源、发包、出租) makes it conditional in
   the text's own words. A defined term (“…的单位（以下统称危险化学品单位）”) is read through its definition.
   Events any enterprise can meet (an accident, a fire) are not conditions.
3. The document's `industries` (煤矿安全生产条例: 煤矿) restrict every duty that names no trade of its own,
   except conditional duties on an object the document is about (a 机械 factory that stores 危险化学品 is
   bound by those articles of the 危险化学品安全管理条例).
4. An article in a 法律责任 / 罚则 chapter is a liability of the one it penalizes: the first party it names
   other than the authority that acts (“由…部门”); penalties of officials, institutions and workers are
   nobody's liability here. An article that names nobody (“未经依法批准，擅自生产…的，依照…处罚”) penalizes
   the regulated enterprise.

An article is the enterprise's when any of its sentences binds the enterprise: the reader of a clause
needs every duty in it. Its statements are `Statement`s (industries and condition), so that a profile sees
“conditional” only when every statement that reaches it has a condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from kb.actors import (
    ACTOR_WORDS,
    ENTERPRISE,
    GOVERNMENT,
    LIABILITY_CHAPTERS,
    MODAL,
    OTHER,
    REVIEWER,
    alternation,
)
from kb.model import Clause, Document
from kb.vocab import load_vocabulary

_WORKERS = "从业人员"  # a class of its own here: workers' rights and duties are not the unit's
# 负责人 and the like belong to whatever body they head (部门的负责人 is an official); alone, the enterprise's.
_OFFICERS = "负责人"
# 任何单位和个人: a civic duty, except where it names something an enterprise makes or handles (任何单位和
# 个人不得生产、经营、使用国家禁止…的危险化学品: a duty of whoever does so).
_EVERYONE = "任何单位"
_CLASSES = {"企业": ENTERPRISE, _WORKERS: _WORKERS, _OFFICERS: _OFFICERS, _EVERYONE: _EVERYONE,
            "政府及部门": GOVERNMENT, "评审机构": REVIEWER, "其他": OTHER}
_GENERAL_CHAPTER = ("总则", "附则")
# Chapters of what the authorities do (第四章 监督管理, 第三章 工伤认定): a thing as subject there is theirs.
_AUTHORITY_CHAPTER = re.compile(r"监督|监察|检查|执法|调查|消防组织|灭火救援|基金|鉴定|认定|诊断")
# Duty words of laws beyond kb/scope.py's modals: 负有下列职责, 履行下列职责; 负责 not in a list of
# principles (“生产经营单位负责、职工参与…”).
_DUTY = re.compile(MODAL.pattern + r"|负有[^，。；]{0,12}?(?:职责|义务)|履行下列|须")
_NOT_DUTY_AFTER = re.compile(r"、")
# 负责特种设备安全监督管理的部门: 负责 describes a body, it is not a duty.
_ATTRIBUTIVE = re.compile(r"[^，。；：:]{0,24}?的(?:部门|机构|单位|人员|工作人员|行政部门)")
# “…的规定，适用于使用…的企业”: the articles named bind the party named after 适用于.
_EXTENDS = re.compile(r"规定[，,]?(?:同样|也)?适用于")
# Party words after a preposition are objects (对承包单位…、向…部门报告); after a verb too, unless a 的
# makes the verb part of the party's description (使用危险化学品的单位).
_PREPOSITION = re.compile(r"对于|对|向|给|会同|配合")
_VERB = re.compile(r"按照|依照|依据|根据|(?<![存所现实自内])在|(?<![作成认])为|进行|采用|使用(?!单位)|发生|从事|"
                   r"将|把|有(?!关|权)|未|经(?!营|办)|取得|申请|提供|履行|设置|建立|组织|制定|落实|督促|保证|确保|"
                   r"承担|报告|报请|报经|报送|提请|通知|告知|委托|接受|不")
# What may stand before a duty word when the subject is omitted (“…的，并应当…”).
_ADVERBS = re.compile(r"^(?:并且|并|还|也|同时|均|都|及时|则|即|仍|仍然|亦|一律|必要时|依法|立即|应|另外)*$")
# A thing as subject that is an activity or a procedure, not something an enterprise holds.
_NOT_A_THING = re.compile(r"(?:工作|活动|管理|处理|检查|调查|审查|审批|规划|布局|目录|收费|办法|程序|规定|原则|报告)$")
# Between two items of a list of parties, maybe with items that are not party words (机关、团体、企业、事业等单位).
_LINK = r"(?:[、和及与等]|或者|或|以及|及其|和其)"
_LIST_LINK = re.compile(f"{_LINK}(?:[^，。；：、和及与等]{{1,8}}{_LINK})*")
_PUNCTUATION = re.compile(r"[，,。；;：:]")
_SENTENCE = re.compile(r"[^。；;\n]+")
_SEGMENT = re.compile(r"[，,：:]")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
_AGENT = re.compile(r"由[^，。；：:由]{0,40}$")
# An authority that imposes a penalty (部门还应当责令其…): it acts, it is not penalized.
_IMPOSES = re.compile(r"(?:还|应当|可以|依法|并)*(?:责令|处以|处|吊销|没收|给予|予以|撤销|暂扣|关闭|提请)")
# 本法规定的行政处罚，由…决定: who decides penalties, not an offence.
_ABOUT_PENALTIES = re.compile(r"^本(?:法|条例|规定|办法|细则)(?:规定的|所称)")
_DEFINITION = re.compile(r"(?P<phrase>[^，。；：:（）()]{2,80})[（(]以下(?:统称|简称)(?P<term>[^）)“”\"]{2,20})[）)]")
_OPENING_LAW_REF = re.compile(r"^违反本(?:法|条例|规定|办法|细则)(?:[^，。]{0,20})?规定，")


@dataclass(frozen=True)
class _Object:
    scope: tuple[str, ...]  # what the law regulates (its scope article): the acts when none is written
    acts_re: re.Pattern[str]  # the acts laws write with it
    act_chain: re.Pattern[str]  # 生产、储存 / 生产、经营、使用
    trades: dict[str, tuple[str, ...]]  # acts that are a trade of their own → industries
    explains: frozenset[str]  # document industries that come from regulating this object


@dataclass(frozen=True)
class _Lexicon:
    party_class: dict[str, str]
    party_re: re.Pattern[str]
    trades: dict[str, tuple[str, ...]]
    trade_re: re.Pattern[str]
    object_of: dict[str, _Object]
    object_re: re.Pattern[str]
    conditions: dict[str, str | None]  # word → fixed wording (None: the text's own words)
    condition_re: re.Pattern[str]
    roles: dict[str, tuple[str, frozenset[str]]]  # party word → (condition, document industries it explains)
    courts_levels: frozenset[str]  # levels whose articles bind courts, not enterprises


@dataclass(frozen=True)
class Statement:
    """One sentence (or offence) of an article that binds enterprises: which, and on what condition."""

    industries: list[str]  # [] = any industry
    condition: str | None  # what an enterprise must have or do (使用特种设备); None = every enterprise it names
    text: str


@dataclass
class ArticleReading:
    """How a law article binds enterprises (see the module docstring)."""

    liability: bool  # it states what happens to an enterprise (or its officers) that breaks a duty
    statements: list[Statement] = field(default_factory=list)


def _single_industries(values: list[str]) -> tuple[str, ...]:
    """Industries of the vocabulary, groups (矿山, 工贸) replaced by their members: what a profile names."""
    vocab = load_vocabulary()
    return tuple(sorted(vocab.expand_industries(values) - set(vocab.industry_groups)))


@cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(resources.files("kb").joinpath("data/scope.yaml").read_text(encoding="utf-8"))
    party_class = dict(ACTOR_WORDS)
    party_class.update({w: _CLASSES[e["class"]] for e in data["parties"] for w in e["words"]})
    roles = {w: (e["says"], frozenset(e.get("explains") or ())) for e in data["parties_with_condition"]
             for w in e["words"]}
    party_class.update({w: ENTERPRISE for w in roles})
    trades = {w: _single_industries(e["industries"]) for e in data["trades"] for w in e["words"]}
    object_of = {}
    for o in data["objects"]:
        obj_trades = {act: _single_industries(v) for act, v in (o.get("trades") or {}).items()}
        explains = frozenset(o.get("explains") or ()) | {i for v in obj_trades.values() for i in v}
        acts = alternation(o["acts"])
        chain = re.compile(f"(?:{acts.pattern})(?:(?:[、和及或]|或者|以及)(?:{acts.pattern}))*")
        for word in o["words"]:
            object_of[word] = _Object(tuple(o["scope"]), acts, chain, obj_trades, explains)
    conditions = {w: e.get("says") for e in data["conditions"] for w in e["words"]}
    return _Lexicon(party_class, alternation(list(party_class)), trades, alternation(list(trades)), object_of,
                    alternation(list(object_of)), conditions, alternation(list(conditions)), roles,
                    frozenset(data["levels_that_bind_courts"]))


@dataclass
class _Article:
    """What the reading of one article needs to know about its document and chapter."""

    doc: Document
    lex: _Lexicon
    definitions: dict[str, str]
    general: bool  # 总则 / 附则: only a named party is bound
    chapter_party: str | None  # 第二章 生产经营单位的安全生产保障 → 企业
    chapter_acts: tuple[str, ...]  # 第三章 使用安全 → (使用,)
    doc_industries: list[str]
    # Document industries that come from the object the law regulates (危险化学品安全管理条例: 危险化学品):
    # they do not limit the conditional duties of whoever handles it.
    explained: frozenset[str]


def read_article(doc: Document, clause: Clause) -> ArticleReading | None:
    """How an article (clause.scheme == "law") binds enterprises; None when it binds none — whom else it
    addresses is kb.scope's reading."""
    lex = _lexicon()
    if doc.meta.level in lex.courts_levels:
        return None
    chapter = _chapter_headings(clause)
    article = _Article(doc, lex, _definitions_of(doc.body), any(w in h for h in chapter for w in _GENERAL_CHAPTER),
                       _chapter_party(chapter, lex), _chapter_acts(chapter, doc.title, lex),
                       list(_single_industries(doc.meta.industries)),
                       frozenset().union(*(lex.object_of[m.group(0)].explains for m in lex.object_re.finditer(doc.title))))
    if any(word in h for h in chapter for word in LIABILITY_CHAPTERS):
        return _read_liability(article, clause.text)
    statements: list[Statement] = []
    last: tuple[str, Statement | None] | None = None  # the previous sentence's subject and statement
    for sentence in _SENTENCE.findall(clause.text):
        extends = _EXTENDS.search(sentence)
        if extends:
            party = lex.party_re.search(sentence, extends.end())
            if party is not None and _head_class(sentence, party, lex) == ENTERPRISE:
                statement = _statement(article, sentence[extends.end():], sentence)
                statements.append(statement)
                last = (ENTERPRISE, statement)
            continue
        duty = _duty_in(sentence)
        if duty is None:
            continue
        subject, how = _subject(sentence, duty, lex)
        before = sentence[:duty.start()]
        statement: Statement | None = None
        if how == "omitted" and last is not None:
            subject, statement = last  # the article goes on about the same party
        elif how == "omitted":
            subject = _nearest_party([s for s in _SEGMENT.split(before) if s.endswith("的")], lex)
            how = "named" if subject else "thing"
        if how == "thing" and last is not None and not _names_scope(article, before):
            subject, statement = last  # a thing of the same matter: 化学品安全技术说明书…所载明的内容应当…
        elif how == "thing":
            subject = ENTERPRISE if not article.general and _binds_as_thing(article, before) else None
        if subject == _EVERYONE:
            # A rule for everyone binds the enterprise only where it names what an enterprise handles.
            subject = ENTERPRISE if _names_scope(article, sentence) else OTHER
            if subject == ENTERPRISE:
                statement = _statement(article, sentence, sentence)
        if subject is None:
            continue
        if subject == ENTERPRISE:
            if statement is None:
                statement = _statement(article, before, sentence, thing=how == "thing")
                if statement.condition is None and last is not None and last[1] is not None \
                        and _continues(article, sentence, last[1]):
                    statement = last[1]  # 生产经营单位应当…将本单位重大危险源…备案: still the 重大危险源's duty
            statements.append(statement)
        last = (subject, statement)
    return ArticleReading(False, _merge(statements)) if statements else None


def _read_liability(article: _Article, text: str) -> ArticleReading | None:
    text = _OPENING_LAW_REF.sub("", text.strip())
    if _ABOUT_PENALTIES.match(text):
        return None
    if _penalized(text, article.lex) not in (None, ENTERPRISE, _EVERYONE):
        return None  # officials, institutions, workers
    # Each item (or paragraph) states one offence, read with the sentence that leads into it: an offence
    # that names no trade leaves the article unrestricted.
    offences: list[str] = []
    lead = ""
    for line in (line for line in text.split("\n") if line.strip()):
        if _ITEM.match(line):
            offences.append(lead + line)
        else:
            lead = line if line.rstrip().endswith((":", "：")) else ""
            if not lead:
                offences.append(line)
    statements = [_statement(article, offence, offence) for offence in offences or [text]]
    return ArticleReading(True, _merge(statements))


def _merge(statements: list[Statement]) -> list[Statement]:
    """One statement per distinct (industries, condition): what a profile needs to match."""
    out: list[Statement] = []
    for t in statements:
        if not any(o.industries == t.industries and o.condition == t.condition for o in out):
            out.append(t)
    return out


def _penalized(text: str, lex: _Lexicon) -> str | None:
    """The class of the first party an article penalizes: not the authority named after 由."""
    for m in lex.party_re.finditer(text):
        if lex.party_class[m.group(0)] == GOVERNMENT and (_AGENT.search(text, 0, m.start())
                                                          or _IMPOSES.match(text, m.end())):
            continue
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，,：:。；\n") + 1
        if lex.party_class[m.group(0)] != ENTERPRISE and _is_object(text[clause_start:], m, clause_start):
            continue  # 未经消防救援机构许可…: the authority is an object of the offence (对…单位 is penalized)
        return _head_class(text, m, lex)
    return None


def _duty_in(sentence: str) -> re.Match[str] | None:
    """The first duty word of a sentence (None: it states no duty)."""
    for m in _DUTY.finditer(sentence):
        if m.group(0).startswith("负责") and (_NOT_DUTY_AFTER.match(sentence, m.end())
                                              or _ATTRIBUTIVE.match(sentence, m.end())):
            continue
        if m.group(0).startswith("负有") and sentence.startswith("的", m.end()):
            continue  # 负有安全生产监督管理职责的部门
        return m
    return None


def _subject(sentence: str, duty: re.Match[str], lex: _Lexicon) -> tuple[str | None, str]:
    """(class, how it was found) of a duty's subject: "named" (a party), "omitted", or "thing"."""
    agent = re.match(r"由", sentence[duty.end():])  # 应当由安全生产监督管理部门进行审查: the agent acts
    if agent:
        party = lex.party_re.search(sentence, duty.end() + 1)
        if party is not None and not _PUNCTUATION.search(sentence, duty.end(), party.start()):
            return _head_class(sentence, party, lex), "named"
    segments = _SEGMENT.split(sentence[:duty.start()])
    own = segments[-1]
    agent = re.search(r"由(?=[^由]{0,30}$)", own)  # “…的责任仍由本单位负责”
    if agent:
        party = lex.party_re.search(own, agent.end())
        if party is not None:
            return _head_class(own, party, lex), "named"
    party = lex.party_re.search(own)
    if party is not None and not _is_object(own, party):
        return _head_class(own, party, lex), "named"
    if party is None and not _ADVERBS.match(own.strip()):
        return None, "thing"
    # “…，被派遣劳动者享有…，并应当…”: the nearest party that acts; one in a “…的” clause (从业人员超过一百人
    # 的，应当…) only states a condition, and counts only when nothing else names the subject.
    found = _nearest_party([s for s in segments[:-1] if not s.endswith("的")], lex)
    return (found, "named") if found else (None, "omitted")


def _nearest_party(segments: list[str], lex: _Lexicon) -> str | None:
    for segment in reversed(segments):
        party = lex.party_re.search(segment)
        if party is not None and not _is_object(segment, party):
            return _head_class(segment, party, lex)
    return None


def _is_object(text: str, party: re.Match[str], offset: int = 0) -> bool:
    """Whether a preposition or a verb before `party` makes it an object (对承包单位, 委托…机构), not a
    subject — a verb followed by 的 describes the party (使用危险化学品的单位). `offset`: where `text`
    starts in the string `party` was found in."""
    start, end = party.start() - offset, party.end() - offset
    before = text[:start]
    if _PREPOSITION.search(before):
        return True
    verb = _VERB.search(before)
    return verb is not None and "的" not in text[verb.end():end]


def _head_class(text: str, first: re.Match[str], lex: _Lexicon) -> str:
    """The class of the noun phrase that starts with `first`: its last linked party (“生产经营单位的主要负责人”
    → 主要负责人), the enterprise if any item of a list is (“特种设备生产、经营、使用单位及其主要负责人”)."""
    classes = [lex.party_class[first.group(0)]]
    if text[max(0, first.start() - 1):first.start()] == "其" and classes[0] in (REVIEWER, OTHER):
        classes = [ENTERPRISE]  # 生产经营单位设置技术机构的，其技术机构…: the unit's own
    words = [first.group(0)]
    end = first.end()
    for m in lex.party_re.finditer(text, end):
        gap = text[end:m.start()]
        if _PUNCTUATION.search(gap):
            break
        if _LIST_LINK.fullmatch(gap):
            classes.append(lex.party_class[m.group(0)])
            words.append(m.group(0))
        elif gap in ("的", ""):  # 生产经营单位的主要负责人, 煤矿企业从业人员: the head is the second
            classes = [lex.party_class[m.group(0)] if lex.party_class[m.group(0)] != _OFFICERS else classes[-1]]
            words = [m.group(0)]
        else:
            break
        end = m.end()
    classes = [ENTERPRISE if c == _OFFICERS else c for c in classes]
    # 机关、团体、企业、事业等单位 binds enterprises; 有关部门和单位 is the authorities' (and the bodies they
    # direct): a bare 单位 beside an authority is not an enterprise.
    if ENTERPRISE in classes and any(w != "单位" and lex.party_class[w] == ENTERPRISE for w in words):
        return ENTERPRISE
    for cls in (GOVERNMENT, ENTERPRISE):
        if cls in classes:
            return cls
    return classes[-1]


def _continues(article: _Article, sentence: str, previous: Statement) -> bool:
    """Whether a sentence goes on about the object or condition of the article's previous statement."""
    if previous.condition is None:
        return False
    lex = article.lex
    words = [m.group(0) for m in lex.condition_re.finditer(sentence)] + \
        [m.group(0) for m in lex.object_re.finditer(sentence)]
    return any(word in previous.condition for word in words)


def _binds_as_thing(article: _Article, before: str) -> bool:
    """A thing as subject, or none (禁止在具有火灾、爆炸危险的场所吸烟), binds whoever keeps the thing — the
    enterprise — unless it is a procedure (事故调查处理应当…) or the chapter is the authorities'."""
    return not _NOT_A_THING.search(before.strip()) and article.chapter_party in (None, ENTERPRISE)


def _names_scope(article: _Article, text: str) -> bool:
    """Whether the text names a trade, an object or a condition of scope.yaml (defined terms read through)."""
    lex = article.lex
    text = _expand(text, article.definitions)
    return bool(lex.trade_re.search(text) or lex.object_re.search(text) or lex.condition_re.search(text))


def _statement(article: _Article, context: str, sentence: str, thing: bool = False) -> Statement:
    """The industries and condition of one enterprise sentence, from the words before its duty word
    (`context`); a thing as subject (`thing`) may name its acts anywhere in the sentence."""
    lex = article.lex
    text = _expand(context, article.definitions)
    industries: list[str] = []
    for m in lex.trade_re.finditer(text):
        industries.extend(i for i in lex.trades[m.group(0)] if i not in industries)
    condition, explained = _condition(article, text, sentence if thing else None, industries)
    if not industries and not (condition and set(article.doc_industries) <= explained | article.explained):
        industries = list(article.doc_industries)
    return Statement(industries, condition, sentence)


def _condition(article: _Article, text: str, thing_sentence: str | None,
               industries: list[str]) -> tuple[str | None, frozenset[str]]:
    """(the condition in words, the document industries it explains); acts that are trades add to
    `industries` instead. A thing as subject may name its acts in its predicate (危险化学品应当储存在…)."""
    lex = article.lex
    objects = list(lex.object_re.finditer(text))
    explained = frozenset().union(*(lex.object_of[m.group(0)].explains for m in objects))
    for word, (says, explains) in lex.roles.items():
        if word in text:
            return says, explains | explained
    for m in objects:
        acts = _acts_around(text, m, lex.object_of[m.group(0)])
        if acts:
            return _object_condition(lex.object_of[m.group(0)], m.group(0), acts, industries)
    if objects and not industries:
        m = objects[0]
        obj = lex.object_of[m.group(0)]
        acts = list(dict.fromkeys(a.group(0) for a in obj.acts_re.finditer(thing_sentence or "")))
        if thing_sentence and not acts and article.doc_industries and set(article.doc_industries) <= obj.explains:
            return None, frozenset()  # 危险化学品的包装应当…: the document's own trade
        acts = acts or list(article.chapter_acts if thing_sentence else ()) or list(obj.scope)
        return _object_condition(obj, m.group(0), acts, industries)
    found = lex.condition_re.search(text)
    if found is None or industries:
        return None, frozenset()  # a trade's own business (施工单位…新建、扩建) is not a condition of it
    return (lex.conditions[found.group(0)] or _own_words(text, found)), frozenset()


def _object_condition(obj: _Object, word: str, acts: list[str], industries: list[str]) -> tuple[str | None, frozenset[str]]:
    if all(act in obj.trades for act in acts):
        for act in acts:
            industries.extend(i for i in obj.trades[act] if i not in industries)
        return None, frozenset()
    return f"{'、'.join(acts)}{word}", obj.explains


def _acts_around(text: str, m: re.Match[str], obj: _Object) -> list[str]:
    """The acts written with an object: 生产、储存危险化学品的 / 特种设备使用单位 / 危险物品的生产、经营单位,
    else the acts earlier in its clause (生产列入…目录的危险化学品的企业)."""
    found = []
    before = re.search(f"({obj.act_chain.pattern})(?:的)?$", text[:m.start()])
    if before:
        found.append(before.group(1))
    after = re.match(f"(?:的)?(?:道路|水路|内河|铁路|航空)?({obj.act_chain.pattern})", text[m.end():])
    if after:
        found.append(after.group(1))
    if not found:
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，,：:。；") + 1
        found.append(text[clause_start:m.start()])
    return list(dict.fromkeys(a.group(0) for a in obj.acts_re.finditer("、".join(found))))


def _own_words(text: str, found: re.Match[str]) -> str:
    """The clause or phrase of the text that holds a condition word, without its trailing 的/时."""
    start = max(text.rfind(p, 0, found.start()) for p in "，,：:") + 1
    ends = [i for i in (text.find(p, found.end()) for p in "，,") if i >= 0]
    phrase = text[start:min(ends) if ends else len(text)].strip()
    return re.sub(r"(?:的|时|后)$", "", phrase)


def _expand(text: str, definitions: dict[str, str]) -> str:
    """Append the definition of every defined term the text uses (危险化学品单位 → 生产、储存…的单位)."""
    extra = [phrase for term, phrase in definitions.items() if term in text]
    return text + ("，" + "，".join(extra) if extra else "")


@cache
def _definitions_of(body: str) -> dict[str, str]:
    """Terms a document defines: “生产、储存、使用、经营、运输危险化学品的单位（以下统称危险化学品单位）”."""
    return {m["term"]: m["phrase"] for m in _DEFINITION.finditer(body)}


def _chapter_headings(clause: Clause) -> list[str]:
    out = []
    node = clause.parent
    while node is not None:
        if node.kind == "division":
            out.append(node.heading)
        node = node.parent
    return out


def _chapter_party(headings: list[str], lex: _Lexicon) -> str | None:
    """The party a chapter is about (第二章 生产经营单位的安全生产保障 → the enterprise; 第四章 监督管理 → the
    authorities)."""
    for heading in headings:
        m = lex.party_re.search(heading)
        if m:
            return _head_class(heading, m, lex)
        if _AUTHORITY_CHAPTER.search(heading):
            return GOVERNMENT
    return None


def _chapter_acts(headings: list[str], title: str, lex: _Lexicon) -> tuple[str, ...]:
    """The acts a chapter or section of a law on an object is about (危险化学品安全管理条例 第三章 使用安全,
    特种设备安全法 第二章第二节 生产)."""
    obj = next((lex.object_of[m.group(0)] for m in lex.object_re.finditer(title)), None)
    if obj is None:
        return ()
    for heading in headings:
        words = re.sub(r"^第[一二三四五六七八九十百]+[章节]\s*", "", heading).replace(" ", "")
        acts = [m.group(0) for m in obj.acts_re.finditer(words)]
        if acts and len("".join(acts)) + 4 >= len(words.replace("、", "")):
            return tuple(acts)
    return ()
