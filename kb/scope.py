"""Whom a clause addresses, and for which industries, sizes and deadline.

A safety manager asks “which clauses bind an enterprise like mine, by when?”. Policy texts do not
say so in metadata: they say it in the wording — “企业：…”, “各区县政府要…”, “规模以上企业要在
2013年底前实现达标”. The rules below read those cues; where they read a clause wrongly, the
content file's `clause_overrides` corrects it (and the override always wins).

How the rules decide, in order (every step is lexical and general, nothing is keyed to one document):

1. A role label that opens the clause's heading or its first paragraph (“4. 企业：…”, “评审单位：…”,
   or a heading that is only an actor, “市安委会”) names the addressee outright. A heading without
   text of its own states a theme, not a duty: 其他.
2. Otherwise the subjects of the clause's duties are counted: in each sentence segment, the words
   before a modal (要、应当、必须、负责、不得…) or before a target verb (全部达到、实现达标) are the
   subject; its head word (the last actor word, or each item of a list 、和) is classified as
   企业 / 政府及部门 / 评审机构 / 其他. “对…企业，要…” and “推动…企业达到…” make the enterprise an
   object, not a subject; “由…部门决定” counts the agent after 由. A segment whose subject is
   omitted (“要及时提醒其…”) takes the sentence's topic, or else the document's 主送机关
   (front-matter `addressees`); so does an official document's sentence that opens with an action
   verb (“加快实施和完善…”). Quoted slogans and what follows “…规定，” in a sentence are skipped.
   The most frequent class wins (a dated enterprise target counts 1.5; an omitted subject and a
   government's 达标率 target 0.5); a tie goes to the document's default, else to 企业.
3. With no duty at all, a clause inherits its parent heading's role label; a law article's opening
   actor decides (“生产经营单位有下列行为之一的，…”); anything else — background, principles,
   statistics, reports of what was done — addresses nobody: 其他.

`concerns_enterprises` marks the clauses a safety manager must also see although they address the
authorities: they state enterprises' targets, a consequence for enterprises (关闭、撤销证书、复评…)
or an order to them (督促企业…, 提醒其…).

Scope statements. Each segment about enterprises that carries a subject, a size or a deadline is a
`Target`: industries named in its subject, sizes (规模以上 / 规模以下 / 小微; 大中型 → 规模以上,
小企业 → 规模以下 + 小微) and the deadline carried across the sentence (“到2012年，我市各类大中型
企业全部达到…，各类小企业达标率在80%以上” gives both segments 2012-12-31). When the clause has duties
no statement covers, an unrestricted statement stands for them. A clause's industries and scales are
the union of its statements' (empty when any is unrestricted), its deadline the earliest. `applicable()` picks the targets that match a profile, so 冶金/规模以下 gets 2015 where
冶金/规模以上 gets 2013 from the same clause.

Deadline phrases (the phrase is always kept beside the date):
- 2013年底前 / 2013年年底前 / 2013年底 / 到2013年 / 至2013年 / 2013年内 / a segment that is only
  “2013年” → 2013-12-31
- 2015年前 / 2015年以前 → 2015-12-31: in these documents “X年前” and “X年底前” name the same target
  (京政办发〔2013〕10号 writes “2015年前” for the national “2015年底前” of 安监总厅管四〔2012〕99号);
  a reader who needs the strict “before 2015” sees the phrase.
- 2014年6月底前 → 2014-06-30; 2014年6月30日前 → 2014-06-30
- 年内 / 今年内 / 今年底前 / 年底前 (no year) → 31 December of the document's `issued` year, or of
  the year in its 文号 (绵应急函〔2020〕42号 → 2020) when the date is unknown; else None (the phrase
  is still reported).
- Durations (“三年内”, “用五年的时间”) are not turned into dates: their starting point is not stated.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kb.actors import (
    ACTOR_RE,
    ACTOR_WORDS,
    ENTERPRISE,
    GOVERNMENT,
    LIABILITY_CHAPTERS,
    MODAL,
    OTHER,
    REVIEWER,
)
from kb.docno import doc_no_year
from kb.lawscope import read_article
from kb.model import Clause, Document
from kb.validity import deadline_spent
from kb.vocab import load_vocabulary

# A role label opening a heading or paragraph: “企业：”, “评审单位：”, “各区县政府：”.
_ROLE_LABEL = re.compile(r"^(?P<role>[^，。；：:、]{1,16})[：:]")

# Target verbs: a subject that “全部达到 / 实现达标” a standard is bound by it even without a modal.
_TARGET_VERB = re.compile(r"全部达到|全面达到|均达到|实现达标|全面达标|达标率|启动率|达标数量|"
                          r"达到[^，。；]{0,12}标准")
_RATE = re.compile(r"达标率|启动率|覆盖率|比例|达标数量")
# Words that open an adverbial, not a subject: 对…企业，要… ; 按照… ; 在…
_NOT_SUBJECT_START = ("对", "对于", "按照", "根据", "依据", "在", "通过", "为", "把", "将", "以", "从", "经",
                      "结合", "围绕", "针对", "凡", "如")
# Words that introduce a quotation or report of another text: what follows binds nobody here.
_QUOTE_END = re.compile(r"(?:规定|指出|强调)$")
# Prepositions after a subject's first actor: 各区县对规模以下企业…的评审工作要… → the subject is 各区县.
_SUBJECT_CUT = re.compile(r"(?<=.)(?:对于|对|向|按照|依照|根据|针对|通过|把|会同)")

# A sentence that opens with an action verb and no subject (“加快实施和完善基层安全监管体系建设…”) is
# addressed to the document's 主送机关; “了” marks a report of what was done, not a task.
_IMPERATIVE = re.compile(r"^(?:要|进一步|全面|大力|切实|积极|着力|继续|深入|认真|严格|不断|逐步)?"
                         r"(?:加快|加强|加大|完善|建立|健全|开展|推进|推动|推行|落实|强化|制定|组织|深化|实施|"
                         r"督促|规范|严格|强制|推广|支持|鼓励|构建|发挥|提升|提高|筑牢|优化|做好|抓好)")
# “…由安全生产监督管理部门决定”: the agent after 由 is the one who acts.
_AGENT = re.compile(r"由(?P<agent>[^，。；由]{0,24}?(?:" + ACTOR_RE.pattern + r"))"
                    r"(?:决定|负责|组织|指定|承担|实施|确定|批准|审查|验收|发放|颁发)")
_LONG_QUOTE = re.compile(r"“[^”]{9,80}”")
_SENTENCE_SPLIT = re.compile(r"[。；;！？!?\n]")
_SEGMENT_SPLIT = re.compile(r"[，,：:]")

# --- enterprise-concerning cues for clauses addressed to someone else ---------------------------

_CONSEQUENCE = re.compile(r"关闭|停产|停业|撤销|吊销|暂扣|证书|复评|复审|罚款|处罚|黑名单|限期整改|挂钩|"
                          r"授牌|公告|取缔|追究|约谈|信用")
_DIRECTIVE_START = re.compile(r"(?:督促|要求|提醒|引导|鼓励|推动|指导|帮助|组织|支持|动员|责令|促使|促进|让|使)")
_DIRECTIVE = re.compile(r"(?:督促|要求|提醒|引导|鼓励|推动|指导|帮助|组织|支持|动员|责令)[^，。；]{0,8}?"
                        r"(?:企业|生产经营单位|其)")

# --- sizes ----------------------------------------------------------------------------------------

_SCALE_WORDS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"规模以上"), ("规模以上",)),
    (re.compile(r"规模以下"), ("规模以下",)),
    (re.compile(r"小微|小型、?微型|微型"), ("小微",)),
    (re.compile(r"大中型|大型|中型"), ("规模以上",)),
    (re.compile(r"(?<![中大])小企业|小型企业"), ("规模以下", "小微")),
]

# --- industries (vocabulary names plus the spellings documents use) --------------------------------

_INDUSTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "危化": ("危险化学品",),
    "工商贸": ("工贸",),
    "建设施工": ("建筑施工",),
    "民爆": ("民用爆炸物品",),
    "轻纺": ("轻工", "纺织"),
    "机电": ("机械",),
    "道路交通": ("交通运输",),
    "水上交通": ("交通运输",),
    "农机": ("农业机械",),
    "高危行业": ("高危行业",),
    "高危企业": ("高危行业",),
}
# 工矿商贸 names every industry at once: it restricts nothing.
_INDUSTRY_NOT = re.compile(r"工矿商贸")

# --- deadlines ------------------------------------------------------------------------------------

_YEAR = r"(?P<y>(?:19|20)\d{2})年"
_DEADLINE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_YEAR + r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|以前|之前)"), "day"),
    (re.compile(_YEAR + r"(?P<m>\d{1,2})月(?:底前|底|末前|末|以前|前)"), "month"),
    (re.compile(r"(?:到|至|于)?" + _YEAR + r"(?:年底|底|末)(?:前|以前|之前)?"), "year"),
    (re.compile(_YEAR + r"(?:前|以前|之前|内)"), "year"),
    (re.compile(r"(?:到|(?<!截)至)" + _YEAR), "year"),
]
# 年内 / 年底前 without a year mean the document's year; “五年内”, “申请前一年内”, “每年” do not.
_RELATIVE_DEADLINE = re.compile(r"今年年底前|今年底前|本年底前|今年内|本年内|本年度内|"
                                r"(?<![\d一二两三四五六七八九十百几每前当同上下去明次])(?:年内|年底前)")
_BARE_YEAR = re.compile(r"^" + _YEAR + r"$")
# 分别于2013年和2015年底前: one year per item of the subject's list.
_PAIRED_YEARS = re.compile(r"(?P<y1>(?:19|20)\d{2})年(?:底)?(?:和|、|及)(?P<y2>(?:19|20)\d{2})年(?P<tail>底前|前|年底前|底)")


@dataclass
class Target:
    """One statement of a clause about enterprises: whom (industries, sizes) and by when."""

    industries: list[str]
    scales: list[str]
    deadline: date | None
    deadline_phrase: str | None
    text: str  # the segment it was read from, for explaining a result
    # What an enterprise must have or do for the statement to bind it, in the text's words (使用特种设备);
    # None: it binds every enterprise it names.
    condition: str | None = None


@dataclass
class ClauseScope:
    addressee: str  # 企业 | 政府及部门 | 评审机构 | 其他
    industries: list[str]  # [] = not restricted
    scales: list[str]  # [] = not restricted; else a subset of 规模以上 规模以下 小微
    deadline: date | None
    deadline_phrase: str | None  # the words it came from, e.g. "2013年底前"
    overridden: bool  # True when the content file's clause_overrides set it
    # Defaults: a clause the rules leave unread (an override, an unbinding law article) has none of these.
    concerns_enterprises: bool = False  # a clause for others that sets enterprises' targets or consequences
    targets: list[Target] = field(default_factory=list)
    liability: bool = False  # it states what happens when the addressee breaks a duty (法律责任), not a duty


# --- public API -------------------------------------------------------------------------------------

def clause_scope(doc: Document, clause: Clause) -> ClauseScope:
    """The addressee, industries, sizes and deadline of one clause: rules, then the file's override.

    Articles of laws are read by kb.lawscope (whom the law's own words bind, on what condition), the
    rest by the rules of this module.
    """
    scope = _law_scope(doc, clause) if clause.scheme == "law" and clause.kind == "clause" \
        else _rule_scope(doc, clause)
    override = doc.meta.clause_overrides.get(clause.id)
    if override is None:
        return scope
    if override.addressee is not None:
        scope.addressee = override.addressee
    if override.industries is not None:
        scope.industries = list(override.industries)
    if override.scales is not None:
        scope.scales = list(override.scales)
    if override.deadline is not None or override.deadline_phrase is not None:
        scope.deadline = override.deadline
        scope.deadline_phrase = override.deadline_phrase
    if override.industries is not None or override.scales is not None or override.deadline is not None:
        # The editor's reading replaces the rules' statements: one target, as overridden.
        scope.targets = [Target(scope.industries, scope.scales, scope.deadline, scope.deadline_phrase,
                                "clause_overrides")]
    scope.concerns_enterprises = scope.concerns_enterprises or scope.addressee == ENTERPRISE
    scope.overridden = True
    return scope


def document_default_addressee(doc: Document) -> str | None:
    """The class of the document's 主送机关, used for duties whose subject is omitted."""
    text = doc.meta.addressees or ""
    classes = {cls for _w, cls in _actors(text)}
    if classes == {ENTERPRISE}:
        return ENTERPRISE
    if GOVERNMENT in classes:
        return GOVERNMENT
    if REVIEWER in classes:
        return REVIEWER
    return None


def document_scales(doc: Document) -> list[str]:
    """Sizes named in the title (大中型企业…要求 → 规模以上; 小微企业… → 小微); [] when none."""
    return _scales_in(doc.meta.title)


def resolve_deadline(phrase: str, issued: date | None) -> date | None:
    """The date a deadline phrase names (see the module docstring), or None."""
    found = _find_deadline(phrase, issued)
    return found[0] if found else None


# --- the rules ------------------------------------------------------------------------------------

def _law_scope(doc: Document, clause: Clause) -> ClauseScope:
    """A law article: kb.lawscope says whether and how it binds enterprises; one that binds none is read
    by this module's rules for whom it addresses (an enterprise there means its workers or a role the law
    does not bind: 其他)."""
    reading = read_article(doc, clause)
    if reading is None:
        own_heading = _strip_label(clause)
        body = "\n".join(x for x in (own_heading, clause.text) if x)
        addressee = _addressee(clause, own_heading, body, document_default_addressee(doc))
        if addressee == ENTERPRISE:
            return ClauseScope(OTHER, [], [], None, None, False)
        # The authorities' articles of a trade's law (煤矿安全生产条例) concern that trade's enterprises only.
        return ClauseScope(addressee, list(doc.meta.industries), [], None, None, False,
                           _concerns_enterprises(body, []))
    targets = [Target(st.industries, [], None, None, st.text, st.condition) for st in reading.statements]
    industries = [] if any(not t.industries for t in targets) else ordered_union(t.industries for t in targets)
    found = _find_deadline(clause.text, doc.meta.issued)
    deadline, phrase = found if found else (None, None)
    return ClauseScope(ENTERPRISE, industries, document_scales(doc), deadline, phrase, False, True, targets,
                       reading.liability)


def _rule_scope(doc: Document, clause: Clause) -> ClauseScope:
    own_heading = _strip_label(clause)
    body = "\n".join(x for x in (own_heading, clause.text) if x)
    default = document_default_addressee(doc)
    year = doc_no_year(doc.meta.doc_no)
    # 绵应急函〔2020〕42号 was issued in 2020: enough to place “今年内” when the date is unknown.
    issued = doc.meta.issued or (date(year, 1, 1) if year else None)

    addressee = _addressee(clause, own_heading, body, default)
    targets = _targets(body, issued)
    title_scales = document_scales(doc)
    if targets:
        industries = [] if any(not t.industries for t in targets) else ordered_union(t.industries for t in targets)
        scales = [] if any(not t.scales for t in targets) else ordered_union(t.scales for t in targets)
        dated = sorted((t for t in targets if t.deadline), key=lambda t: t.deadline or date.max)
        deadline, phrase = (dated[0].deadline, dated[0].deadline_phrase) if dated else (None, None)
        if phrase is None:
            phrase = next((t.deadline_phrase for t in targets if t.deadline_phrase), None)
    else:
        industries, scales = [], []
        found = _find_deadline(body, issued)
        deadline, phrase = (found[0], found[1]) if found else (None, None)
    if not scales and title_scales:
        scales = title_scales
    concerns = addressee == ENTERPRISE or _concerns_enterprises(body, [t for t in targets if t.text])
    return ClauseScope(addressee, industries, scales, deadline, phrase, False, concerns, targets,
                       _in_liability_chapter(clause))


def _in_liability_chapter(clause: Clause) -> bool:
    node = clause.parent
    while node is not None:
        if node.kind == "division" and any(word in node.heading for word in LIABILITY_CHAPTERS):
            return True
        node = node.parent
    return False


def _strip_label(clause: Clause) -> str:
    heading = clause.heading
    if clause.label and heading.startswith(clause.label):
        heading = heading[len(clause.label):]
    return heading.strip()


def _addressee(clause: Clause, own_heading: str, body: str, default: str | None) -> str:
    if clause.kind in ("preamble", "division"):
        return OTHER
    role = _role_label(own_heading) or _paragraph_role(clause.text)
    if role:
        return role
    if not clause.text:
        return OTHER  # a heading over sub-clauses states a theme, not a duty
    counts = _subject_counts(body, clause.text, default, law=clause.scheme == "law")
    if counts:
        best = max(counts.values())
        tied = [cls for cls, n in counts.items() if n == best]
        if len(tied) == 1:
            return tied[0]
        if default in tied:
            return default
        return ENTERPRISE if ENTERPRISE in tied else tied[0]
    inherited = _inherited_role(clause)
    if inherited:
        return inherited
    if clause.scheme == "law":
        # An article without a modal still has a subject: “生产经营单位有下列行为之一的，责令…”.
        return _opening_actor(clause.text) or OTHER
    return OTHER


def _role_label(text: str) -> str | None:
    m = _ROLE_LABEL.match(text)
    if m:
        role = m.group("role")
    elif len(text) <= 12 and any(m.end() == len(text) for m in ACTOR_RE.finditer(text)):
        role = text  # a heading that is only an actor: “市安委会”
    else:
        return None
    found = _actors(role)
    # A role label is short and is nothing but the actor (“各区县政府”, “评审组织单位”), not a topic
    # such as “工作目标：”.
    if not found:
        return None
    return _head_class(role, found)


def _paragraph_role(text: str) -> str | None:
    """A clause whose first paragraph opens with a role label (“评审单位：…”)."""
    first = text.split("\n", 1)[0]
    m = _ROLE_LABEL.match(first)
    return _role_label(first) if m else None


def _inherited_role(clause: Clause) -> str | None:
    node = clause.parent
    while node is not None and node.kind != "preamble":
        heading = node.heading[len(node.label):] if node.label and node.heading.startswith(node.label) \
            else node.heading
        role = _role_label(heading.strip())
        if role:
            return role
        node = node.parent
    return None


def _actors(text: str) -> list[tuple[str, str]]:
    return [(m.group(0), ACTOR_WORDS[m.group(0)]) for m in ACTOR_RE.finditer(text)]


def _head_class(phrase: str, found: list[tuple[str, str]] | None = None) -> str:
    """The class of a noun phrase's head: the last actor word (Chinese phrases are head-final)."""
    found = found if found is not None else _actors(phrase)
    return found[-1][1]


def _subject_classes(subject: str) -> set[str]:
    """Classes of a subject phrase: its head, plus every item of a list (政府、部门和企业)."""
    first = ACTOR_RE.search(subject)
    if first:
        cut = _SUBJECT_CUT.search(subject, first.end())
        if cut:
            subject = subject[: cut.start()]
    found = [(m.group(0), ACTOR_WORDS[m.group(0)], m.end()) for m in ACTOR_RE.finditer(subject)]
    if not found:
        return set()
    classes = {found[-1][1]}
    for _word, cls, end in found[:-1]:
        if re.match(r"(?:[、和及与]|以及|或者|或)", subject[end:end + 2]):
            classes.add(cls)
    return classes


def _segments(body: str) -> list[list[str]]:
    """Sentences, each a list of comma segments; a segment reporting another text is dropped."""
    sentences: list[list[str]] = []
    for sentence in _SENTENCE_SPLIT.split(body):
        parts = [s.strip(" “”\"'（）()") for s in _SEGMENT_SPLIT.split(sentence)]
        kept: list[str] = []
        quoting = False
        for part in parts:
            if quoting:
                continue
            if part:
                kept.append(part)
            if _QUOTE_END.search(part):
                quoting = True
        if kept:
            sentences.append(kept)
    return sentences


def _subject_of(segment: str) -> tuple[str, bool] | None:
    """(subject words, is-a-target) before the first modal or target verb; None when neither occurs."""
    modal = MODAL.search(segment)
    target = _TARGET_VERB.search(segment)
    hits = [m for m in (modal, target) if m]
    if not hits:
        return None
    first = min(hits, key=lambda m: m.start())
    return segment[:first.start()], first is target


def _sentence_topic(sentence: list[str], law: bool) -> set[str]:
    """The actor a sentence opens with (生产经营单位制定…，应当听取…), for segments without a subject.

    In a law the opening segment names its subject at any length (“矿山、金属冶炼…单位（以下统称
    高危生产经营单位），应当…”); in an official document only an actor at the very start counts,
    since its sentences usually open with a verb (“全面开展企业职工…培训”).
    """
    head = sentence[0]
    if head.startswith(_NOT_SUBJECT_START) or _DIRECTIVE_START.match(head):
        return set()
    modal = MODAL.search(head)
    if law and len(sentence) > 1 and modal is None and not _IMPERATIVE.match(head):
        return _subject_classes(head)
    m = ACTOR_RE.search(head)
    if m and m.start() <= 8 and (modal is None or modal.start() > m.start()):
        return _subject_classes(head[: _phrase_end(head, m.end())])
    return set()


def _phrase_end(text: str, end: int) -> int:
    """Extend a subject over a list (政府、部门和企业) that continues after the first actor word."""
    while True:
        m = re.match(r"(?:[、和及与]|以及)[^，。；、和及与]{0,14}?(?=" + ACTOR_RE.pattern + ")", text[end:])
        if not m:
            return end
        nxt = ACTOR_RE.match(text, end + m.end())
        if not nxt:
            return end
        end = nxt.end()


def _subject_counts(body: str, text: str, default: str | None, law: bool = False) -> dict[str, float]:
    counts: dict[str, float] = {}
    if default:
        for sentence in _segments(_unquote(text)):
            if _IMPERATIVE.match(sentence[0]) and "了" not in sentence[0][:12] and _subject_of(sentence[0]) is None:
                counts[default] = counts.get(default, 0) + 0.5
    for sentence in _segments(_unquote(body)):
        topic = _sentence_topic(sentence, law)
        for segment in sentence:
            # “…由安全生产监督管理部门决定”: the agent after 由 acts.
            for agent in _AGENT.finditer(segment):
                cls = _head_class(agent.group("agent"))
                counts[cls] = counts.get(cls, 0) + 1.0
        for segment in sentence:
            found = _subject_of(segment)
            if found is None:
                continue
            subject, is_target = found
            subject = subject.strip()
            if subject.startswith(("对", "对于")) or _DIRECTIVE_START.match(subject):
                subject = ""  # 对不达标企业要… / 推动辖区内企业达到…: the enterprise is the object
            elif subject.startswith(_NOT_SUBJECT_START) and not _ends_with_actor(subject):
                subject = ""  # 按照…，要… ; but 按照国家有关规定成立的事故调查组应当… keeps its subject
            classes = _subject_classes(subject)
            if is_target and classes and _RATE.search(segment) and ENTERPRISE in classes:
                # “规模以上工贸企业标准化启动率达到100%” is a government work target, not an
                # enterprise's own duty: it concerns enterprises but addresses the government (weakly).
                counts[GOVERNMENT] = counts.get(GOVERNMENT, 0) + 0.5
                continue
            if not classes:
                if is_target:
                    continue
                classes = topic or ({default} if default else set())
                # A law's topic (“…经营单位，应当…”) is its subject; an omitted one is only a guess.
                weight = 1.0 if topic and law else 0.5
            else:
                # A dated target of enterprises (“…企业要在2013年底前实现达标”) is what such a clause is for.
                weight = 1.5 if ENTERPRISE in classes and _find_deadline(segment, None) else 1.0
            for cls in classes:
                counts[cls] = counts.get(cls, 0) + weight
    return counts


def _ends_with_actor(phrase: str) -> bool:
    return any(m.end() == len(phrase) for m in ACTOR_RE.finditer(phrase))


def _unquote(text: str) -> str:
    """Slogans in quotes (“政府统一领导、…、企业全面负责…”) name actors without addressing them."""
    return _LONG_QUOTE.sub("“”", text)


def _opening_actor(body: str) -> str | None:
    """The actor a clause opens with (laws: “生产经营单位有下列行为之一的，…”)."""
    text = body.lstrip("“\"（(")
    m = ACTOR_RE.search(text)
    if m and m.start() <= 12 and not text.startswith(_NOT_SUBJECT_START):
        return _head_class(text[: _phrase_end(text, m.end())])
    return None


def _concerns_enterprises(body: str, targets: list[Target]) -> bool:
    if targets:
        return True
    for sentence in _SENTENCE_SPLIT.split(_unquote(body)):
        if _DIRECTIVE.search(sentence):
            return True
        if _CONSEQUENCE.search(sentence) and re.search(r"企业|生产经营单位|单位", sentence):
            return True
    return False


# --- scope statements -----------------------------------------------------------------------------

def _targets(body: str, issued: date | None) -> list[Target]:
    """Statements about enterprises with their industries, sizes and deadline (see module docstring)."""
    targets: list[Target] = []
    general = False  # a duty in the clause that no restricted statement covers
    for sentence in _segments(body):
        carried: tuple[date | None, str] | None = None
        last: Target | None = None
        for segment in sentence:
            deadline = _find_deadline(segment, issued)
            found = _subject_of(segment)
            subject = found[0].strip() if found else ""
            if _DIRECTIVE_START.match(subject):
                subject = ""
            enterprise_subject = ENTERPRISE in _subject_classes(subject)
            about_enterprises = re.search(r"企业|生产经营单位", segment) is not None
            scales = _scales_in(segment) if about_enterprises and (found or deadline) else []
            if not enterprise_subject and not scales:
                general = general or found is not None
                if deadline and last is not None:
                    # “…实现达标，并于2014年底前基本建立…”: same subject, its own deadline.
                    last = Target(last.industries, last.scales, deadline[0], deadline[1], segment)
                    targets.append(last)
                elif deadline:
                    carried = deadline
                continue
            paired = _paired_targets(segment, subject or segment, issued)
            if paired:
                targets.extend(paired)
                last = Target(paired[0].industries, ordered_union(p.scales for p in paired), None, None, segment)
                continue
            when = deadline or carried
            industries = _industries_in(subject if enterprise_subject else segment)
            last = Target(industries, scales, when[0] if when else None, when[1] if when else None, segment)
            targets.append(last)
    if targets and general:
        # The clause's other duties bind every enterprise it concerns: an unrestricted statement.
        targets.append(Target([], [], None, None, ""))
    return targets


def _paired_targets(segment: str, subject: str, issued: date | None) -> list[Target]:
    """规模以上企业和规模以下企业分别要于2013年和2015年底前…: pair sizes with years in order."""
    m = _PAIRED_YEARS.search(segment) if "分别" in segment else None
    if m is None:
        return []
    sizes = sorted((found.start(), values) for pattern, values in _SCALE_WORDS for found in pattern.finditer(subject))
    if len(sizes) != 2:
        return []
    industries = _industries_in(subject)
    out = []
    for (_pos, values), year in zip(sizes, (m["y1"], m["y2"]), strict=True):
        phrase = f"{year}年{m['tail']}"
        out.append(Target(industries, list(values), resolve_deadline(phrase, issued), phrase, segment))
    return out


def _scales_in(text: str) -> list[str]:
    found: list[str] = []
    for pattern, values in _SCALE_WORDS:
        if pattern.search(text):
            found.extend(v for v in values if v not in found)
    order = load_vocabulary().scales
    return [s for s in order if s in found]


@cache
def _industry_pattern() -> re.Pattern[str]:
    vocab = load_vocabulary()
    names = sorted(set(vocab.industry_values) | set(_INDUSTRY_ALIASES), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _industries_in(text: str) -> list[str]:
    """Vocabulary industries named in `text` (longest name first: 非煤矿山 is not 煤矿)."""
    found: list[str] = []
    for m in _industry_pattern().finditer(_INDUSTRY_NOT.sub("", text)):
        for value in _INDUSTRY_ALIASES.get(m.group(0), (m.group(0),)):
            if value not in found:
                found.append(value)
    return found


def _find_deadline(text: str, issued: date | None) -> tuple[date | None, str] | None:
    """The first deadline phrase in `text` and the date it names."""
    best: tuple[int, date | None, str] | None = None
    for pattern, unit in _DEADLINE_PATTERNS:
        for m in pattern.finditer(text):
            y = int(m["y"])
            try:
                if unit == "day":
                    when = date(y, int(m["m"]), int(m["d"]))
                elif unit == "month":
                    month = int(m["m"])
                    when = date(y, month, calendar.monthrange(y, month)[1])
                else:
                    when = date(y, 12, 31)
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), when, m.group(0).removeprefix("于"))
            break
    bare = _BARE_YEAR.match(text.strip())
    if best is None and bare:
        best = (0, date(int(bare["y"]), 12, 31), bare.group(0))
    rel = _RELATIVE_DEADLINE.search(text)
    if rel and (best is None or rel.start() < best[0]):
        best = (rel.start(), date(issued.year, 12, 31) if issued else None, rel.group(0))
    return (best[1], best[2]) if best else None


def ordered_union(lists: Iterable[list[str]]) -> list[str]:
    """The values of all lists, each once, in the order first met (industries as the text lists them)."""
    out: list[str] = []
    for values in lists:
        out.extend(v for v in values if v not in out)
    return out


def clause_deadline_spent(doc: Document, clause: Clause, on: date) -> bool:
    """Whether the clause's deadline (overrides included) lies before `on`: a spent target is reported
    as past, never as a coming deadline (kb.validity.deadline_spent)."""
    return deadline_spent(clause_scope(doc, clause).deadline, on)
