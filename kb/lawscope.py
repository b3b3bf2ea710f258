"""How an article of a law binds an enterprise: a duty, a duty on a condition, a liability, or not at all.

Laws (法律、行政法规、地方性法规、规章: numbered by 条) say whom they bind in the words of their scope
articles — 生产经营单位 (安全生产法 第二条), 用人单位 (职业病防治法 第二条), 特种设备使用单位 (特种设备安全法
第二条), 施工单位 (建设工程安全生产管理条例 第二条). kb/data/scope.yaml lists those words, each with the
article or classification that gives it its meaning; this module reads an article with them.

1. Each sentence with a duty word (应当、必须、不得、禁止、负责、负有…职责) has a subject: the party words
   before the duty word (“生产经营单位的主要负责人” → its head, 主要负责人: the enterprise), cut where a
   preposition or a verb starts the predicate (“生产经营单位进行爆破…以及国务院应急管理部门会同…” is the
   enterprise's sentence). A sentence that opens with a clause (“…的，应当…”) or omits its subject takes the
   party it opened with, the article's previous subject, or the party its chapter is about (第二章 生产经营单位
   的安全生产保障). A thing as subject (“矿山、金属冶炼建设项目…应当进行安全评价”) binds the enterprise
   outside 总则 when it names a trade, an object or a condition of scope.yaml, or when the chapter is the
   enterprise's; principles and procedures (“事故调查处理应当…”) bind nobody.
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
needs every duty in it. Its statements are `Target`s (industries and condition), so that a profile sees
“conditional” only when every statement that reaches it has a condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from kb.model import Clause, Document
from kb.scope import (
    _ACTOR_WORDS,
    _MODAL,
    ENTERPRISE,
    GOVERNMENT,
    LIABILITY_CHAPTERS,
    OTHER,
    REVIEWER,
    Target,
    _concerns_enterprises,
)
from kb.vocab import load_vocabulary

WORKERS = "从业人员"  # a class of its own here: workers' rights and duties are not the unit's
_GENERAL_CHAPTER = ("总则", "附则")
# Duty words of laws beyond kb/scope.py's modals: 负有下列职责 / 负有…义务; 负责 not before punctuation
# (“生产经营单位负责、职工参与…” lists principles).
_DUTY = re.compile(_MODAL.pattern + r"|负有[^，。；]{0,12}?(?:职责|义务)|须")
_NOT_DUTY_AFTER = re.compile(r"[、，。；]")
# Words that open the predicate: party words after a preposition are objects (对承包单位…、向…部门报告);
# after a verb too, unless a 的 makes the verb part of the party's description (使用危险化学品的单位).
_PREPOSITION = re.compile(r"对于|对|向|给|按照|依照|依据|根据|会同|配合|(?<!存)在|(?<!作)为")
_VERB = re.compile(r"进行|采用|使用(?!单位)|发生|从事|将|把|有(?!关|权)|未|经(?!营|办)|取得|申请|提供|履行|"
                   r"设置|建立|组织|制定|落实|督促|保证|确保|承担|报告|委托|接受|不")
# A thing as subject that is an activity or a procedure, not something an enterprise holds.
_NOT_A_THING = re.compile(r"(?:工作|活动|管理|处理|检查|调查|审查|审批|规划|布局|目录|收费|办法|程序|规定|原则)$")
_LIST_LINK = re.compile(r"^(?:[、和及与]|或者|或|以及|及其|和其)$")
_SENTENCE = re.compile(r"[^。；;\n]+")
_SEGMENT = re.compile(r"[，,：:]")
# A penalty: what a 法律责任 article does to the one it names.
_PENALTY = re.compile(r"责令|处[^，。；]{0,20}罚款|罚款|没收|吊销|暂扣|撤销|关闭|追究|给予[^，。；]{0,6}处分|"
                      r"承担[^，。；]{0,8}责任|予以处罚|处罚|处分")
_AGENT = re.compile(r"由[^，。；：:由]{0,24}$")
_DEFINITION = re.compile(r"(?P<phrase>[^，。；：:（）()]{2,80})[（(]以下(?:统称|简称)(?P<term>[^）)“”\"]{2,20})[）)]")
_OPENING_LAW_REF = re.compile(r"^违反本(?:法|条例|规定|办法|细则)(?:[^，。]{0,20})?规定，")


@dataclass(frozen=True)
class _Object:
    name: str
    words: tuple[str, ...]
    acts: tuple[str, ...]
    trades: dict[str, tuple[str, ...]]
    explains: tuple[str, ...]


@dataclass(frozen=True)
class _Lexicon:
    party_class: dict[str, str]
    party_re: re.Pattern[str]
    trades: dict[str, tuple[str, ...]]
    trade_re: re.Pattern[str]
    objects: tuple[_Object, ...]
    object_of: dict[str, _Object]
    object_re: re.Pattern[str]
    acts_re: re.Pattern[str]
    conditions: dict[str, str | None]  # word → fixed wording (None: the text's own words)
    condition_re: re.Pattern[str]
    role_conditions: dict[str, tuple[str, tuple[str, ...]]]  # party word → (wording, industries it explains)


@dataclass
class ArticleReading:
    """What a law article asks of whom (see the module docstring)."""

    addressee: str  # 企业 | 政府及部门 | 评审机构 | 其他 (workers' articles are 其他)
    liability: bool
    targets: list[Target] = field(default_factory=list)  # the enterprise's statements
    concerns_enterprises: bool = False


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


@cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(resources.files("kb").joinpath("data/scope.yaml").read_text(encoding="utf-8"))
    classes = {"企业": ENTERPRISE, WORKERS: WORKERS, "政府及部门": GOVERNMENT, "评审机构": REVIEWER, "其他": OTHER}
    party_class = dict(_ACTOR_WORDS)
    for entry in data["parties"]:
        for word in entry["words"]:
            party_class[word] = classes[entry["class"]]
    role_conditions = {}
    for entry in data["parties_with_condition"]:
        for word in entry["words"]:
            party_class[word] = ENTERPRISE
            role_conditions[word] = (entry["says"], tuple(entry.get("explains") or ()))
    vocab = load_vocabulary()
    trades = {}
    for entry in data["trades"]:
        for word in entry["words"]:
            trades[word] = tuple(sorted(vocab.expand_industries(entry["industries"]) - set(vocab.industry_groups)))
    objects = tuple(_Object(o["name"], tuple(o["words"]), tuple(o["acts"]),
                            {act: tuple(v) for act, v in (o.get("trades") or {}).items()},
                            tuple(o.get("explains") or ())) for o in data["objects"])
    conditions = {word: entry.get("says") for entry in data["conditions"] for word in entry["words"]}
    return _Lexicon(
        party_class, _alternation(list(party_class)), trades, _alternation(list(trades)), objects,
        {w: o for o in objects for w in o.words}, _alternation([w for o in objects for w in o.words]),
        _alternation(data["acts"]), conditions, _alternation(list(conditions)), role_conditions)


def is_law_article(clause: Clause) -> bool:
    return clause.scheme == "law" and clause.kind == "clause"


def read_article(doc: Document, clause: Clause) -> ArticleReading:
    """The reading of one article (clause.scheme == "law")."""
    lex = _lexicon()
    definitions = _definitions(doc)
    chapter = _chapter_headings(clause)
    if any(word in h for h in chapter for word in LIABILITY_CHAPTERS):
        return _read_liability(doc, clause, lex, definitions)
    general = any(word in h for h in chapter for word in _GENERAL_CHAPTER)
    chapter_party = _chapter_party(chapter, lex)
    chapter_acts = _chapter_acts(chapter, lex)
    title_objects = [m.group(0) for m in lex.object_re.finditer(doc.title)]
    targets: list[Target] = []
    others: dict[str, int] = {}
    previous: str | None = None
    for sentence in _SENTENCE.findall(clause.text):
        found = _duty_in(sentence)
        if found is None:
            continue
        context = sentence[:found]
        subject = _subject(context, lex)
        if subject is None:
            subject = _opening_party(context, lex) or previous
        if subject is None and not general:
            thing = _names_scope(context, lex, definitions) or bool(chapter_acts and title_objects)
            subject = ENTERPRISE if thing or chapter_party == ENTERPRISE else None
        if subject is None:
            continue
        previous = subject
        if subject != ENTERPRISE:
            others[subject] = others.get(subject, 0) + 1
            continue
        targets.append(_statement(doc, sentence, context, lex, definitions, chapter_acts, title_objects))
    if targets:
        return ArticleReading(ENTERPRISE, False, targets, True)
    addressee = max(others, key=lambda k: others[k]) if others else OTHER
    addressee = OTHER if addressee == WORKERS else addressee
    concerns = addressee == GOVERNMENT and _concerns_enterprises(clause.text, [])
    return ArticleReading(addressee, False, [], concerns)


def _read_liability(doc: Document, clause: Clause, lex: _Lexicon, definitions: dict[str, str]) -> ArticleReading:
    text = _OPENING_LAW_REF.sub("", clause.text.strip())
    penalized = _penalized(text, lex)
    if penalized not in (None, ENTERPRISE):
        return ArticleReading(OTHER if penalized == WORKERS else penalized, False)
    # Each paragraph or item states one offence; an item that names no trade leaves the article unrestricted.
    lines = [line for line in text.split("\n") if line.strip()] or [text]
    targets = [_statement(doc, line, line, lex, definitions, (), []) for line in lines]
    return ArticleReading(ENTERPRISE, True, _merge(targets), True)


def _merge(targets: list[Target]) -> list[Target]:
    """One statement per distinct (industries, condition): what a profile needs to match."""
    out: list[Target] = []
    for t in targets:
        if not any(o.industries == t.industries and o.condition == t.condition for o in out):
            out.append(t)
    return out


def _penalized(text: str, lex: _Lexicon) -> str | None:
    """The class of the first party an article penalizes: not the authority named after 由."""
    for m in lex.party_re.finditer(text):
        if _AGENT.search(text, 0, m.start()) and lex.party_class[m.group(0)] == GOVERNMENT:
            continue
        return _head_class(text, m, lex)
    return None


def _duty_in(sentence: str) -> int | None:
    """Where the first duty word of a sentence starts (None: it states no duty)."""
    for m in _DUTY.finditer(sentence):
        if m.group(0).startswith("负责") and _NOT_DUTY_AFTER.match(sentence, m.end()):
            continue
        return m.start()
    return None


def _subject(context: str, lex: _Lexicon) -> str | None:
    """The class of the subject in the words of a sentence's last segment before its duty word."""
    segment = _SEGMENT.split(context)[-1]
    agent = re.search(r"由(?=[^由]{0,30}$)", segment)
    if agent:  # “…的责任仍由本单位负责”: the agent after 由 acts
        found = lex.party_re.search(segment, agent.end())
        if found:
            return _head_class(segment, found, lex)
    first = lex.party_re.search(segment)
    if first is None or _is_object(segment, first):
        return None  # 对…单位，应当…: the party is an object
    return _head_class(segment, first, lex)


def _is_object(text: str, party: re.Match[str]) -> bool:
    """Whether a preposition or a verb before `party` makes it an object (对承包单位, 委托…机构), not a
    subject — a verb followed by 的 describes the party (使用危险化学品的单位)."""
    before = text[:party.start()]
    if _PREPOSITION.search(before):
        return True
    verb = _VERB.search(before)
    return verb is not None and "的" not in before[verb.end():]


def _opening_party(context: str, lex: _Lexicon) -> str | None:
    """The party a sentence opens with (“两个以上生产经营单位在同一作业区域内…的，应当…”)."""
    segments = _SEGMENT.split(context)
    if len(segments) < 2:
        return None
    head = segments[0]
    first = lex.party_re.search(head)
    if first is None or first.start() > 24 or _is_object(head, first):
        return None
    return _head_class(head, first, lex)


def _head_class(text: str, first: re.Match[str], lex: _Lexicon) -> str:
    """The class of the noun phrase that starts with `first`: its last linked party (“生产经营单位的主要负责人”
    → 主要负责人), the enterprise if any item of a list is (“特种设备生产、经营、使用单位及其主要负责人”)."""
    classes = [lex.party_class[first.group(0)]]
    end = first.end()
    for m in lex.party_re.finditer(text, end):
        gap = text[end:m.start()]
        if _LIST_LINK.match(gap) or gap == "":
            classes.append(lex.party_class[m.group(0)])
        elif gap.endswith("的") and not (_PREPOSITION.search(gap) or _VERB.search(gap)) and len(gap) <= 16:
            classes = [lex.party_class[m.group(0)]]  # X的Y: the head is Y
        else:
            break
        end = m.end()
    if ENTERPRISE in classes:
        return ENTERPRISE
    return classes[-1]


def _names_scope(context: str, lex: _Lexicon, definitions: dict[str, str]) -> bool:
    """A thing as subject binds the enterprise when it names a trade, an object or a condition."""
    if _NOT_A_THING.search(context.strip()):
        return False
    text = _expand(context, definitions)
    return bool(lex.trade_re.search(text) or lex.object_re.search(text) or lex.condition_re.search(text))


def _statement(doc: Document, sentence: str, context: str, lex: _Lexicon, definitions: dict[str, str],
               chapter_acts: tuple[str, ...], title_objects: list[str]) -> Target:
    """The industries and condition of one enterprise sentence, from the words before its duty word."""
    text = _expand(context, definitions)
    industries: list[str] = []
    for m in lex.trade_re.finditer(text):
        industries.extend(i for i in lex.trades[m.group(0)] if i not in industries)
    condition, explained = _condition(text, lex, chapter_acts, title_objects, industries)
    if not industries:
        doc_industries = sorted(load_vocabulary().expand_industries(doc.meta.industries)
                                - set(load_vocabulary().industry_groups))
        if not (condition and set(doc_industries) <= explained):
            industries = doc_industries
    return Target(industries, [], None, None, sentence, condition)


def _condition(text: str, lex: _Lexicon, chapter_acts: tuple[str, ...], title_objects: list[str],
               industries: list[str]) -> tuple[str | None, set[str]]:
    """(the condition in words, the document industries it explains) — industries found by acts that are
    trades are added to `industries`."""
    for word, (says, explains) in lex.role_conditions.items():
        if word in text:
            return says, set(explains)
    objects = [m for m in lex.object_re.finditer(text)]
    if not objects and chapter_acts and title_objects:
        obj = lex.object_of[title_objects[0]]
        return _object_condition(obj, title_objects[0], list(chapter_acts), industries)
    for m in objects:
        obj = lex.object_of[m.group(0)]
        acts = _acts_around(text, m, lex) or list(chapter_acts) or list(obj.acts)
        said, explained = _object_condition(obj, m.group(0), acts, industries)
        if said is not None or industries:
            return said, explained
    found = lex.condition_re.search(text)
    if found is None:
        return None, set()
    fixed = lex.conditions[found.group(0)]
    return (fixed or _own_words(text, found)), set()


def _object_condition(obj: _Object, word: str, acts: list[str], industries: list[str]) -> tuple[str | None, set[str]]:
    if acts and all(act in obj.trades for act in acts):
        for act in acts:
            industries.extend(i for i in obj.trades[act] if i not in industries)
        return None, set()
    explained = set(obj.explains) | {i for v in obj.trades.values() for i in v}
    return f"{'、'.join(acts)}{word}", explained


def _acts_around(text: str, m: re.Match[str], lex: _Lexicon) -> list[str]:
    """The acts written next to an object: 生产、储存危险化学品的 / 特种设备使用单位 / 危险物品的生产、经营单位."""
    acts = r"(?:" + lex.acts_re.pattern + r")"
    chain = acts + r"(?:(?:[、和及或]|或者|以及)" + acts + r")*"
    before = re.search(r"(" + chain + r")(?:的)?$", text[:m.start()])
    after = re.match(r"(?:的)?(" + chain + r")", text[m.end():])
    found = (before.group(1) if before else "") + "、" + (after.group(1) if after else "")
    return list(dict.fromkeys(a.group(0) for a in lex.acts_re.finditer(found)))


def _own_words(text: str, found: re.Match[str]) -> str:
    """The clause or phrase of the text that holds a condition word, without its trailing 的/时."""
    start = max((text.rfind(p, 0, found.start()) for p in "，,：:"), default=-1) + 1
    ends = [i for i in (text.find(p, found.end()) for p in "，,") if i >= 0]
    phrase = text[start:min(ends) if ends else len(text)].strip()
    return re.sub(r"(?:的|时|后)$", "", phrase)


def _expand(text: str, definitions: dict[str, str]) -> str:
    """Append the definition of every defined term the text uses (危险化学品单位 → 生产、储存…的单位)."""
    extra = [phrase for term, phrase in definitions.items() if term in text]
    return text + ("，" + "，".join(extra) if extra else "")


@cache
def _definitions_of(body: str) -> dict[str, str]:
    return {m["term"]: m["phrase"] for m in _DEFINITION.finditer(body)}


def _definitions(doc: Document) -> dict[str, str]:
    """Terms the document defines: “…（以下统称危险化学品单位）”."""
    return _definitions_of(doc.body)


def _chapter_headings(clause: Clause) -> list[str]:
    out = []
    node = clause.parent
    while node is not None:
        if node.kind == "division":
            out.append(node.heading)
        node = node.parent
    return out


def _chapter_party(headings: list[str], lex: _Lexicon) -> str | None:
    """The party a chapter is about (第二章 生产经营单位的安全生产保障 → the enterprise)."""
    for heading in headings:
        m = lex.party_re.search(heading)
        if m:
            return _head_class(heading, m, lex)
    return None


def _chapter_acts(headings: list[str], lex: _Lexicon) -> tuple[str, ...]:
    """The acts a chapter or section is about (第三章 使用安全, 第二节 生产): its subject's conditions."""
    for heading in headings:
        words = re.sub(r"^第[一二三四五六七八九十百]+[章节]\s*", "", heading).replace(" ", "")
        acts = [m.group(0) for m in lex.acts_re.finditer(words)]
        if acts and len("".join(acts)) + 4 >= len(words.replace("、", "")):
            return tuple(acts)
    return ()
