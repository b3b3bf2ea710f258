"""The adoption history of a law or regulation (题注): who adopted, revised or amended it, and when.

    2002年1月26日 中华人民共和国国务院令第344号公布
    2011年2月16日 国务院第144次常务会议修订通过
    2017年9月30日 浙江省…会议通过根据2020年9月24日…《关于修改…的决定》修正

Each dated segment of these lines is an event. What the text is follows from its latest change:
an original text (通过/公布/批准 only); a revision (修订: the whole text re-enacted, its 施行 article
re-dated); an amendment (修正, or any change made by a 《…决定》: the consolidated text keeps the
original's 施行 article and 令 number, so neither is this text's own). Nothing is inferred that
the lines do not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kb.docno import ORDER_NO
from kb.importer.lines import Line
from kb.numbering import match_law_label, parse_date

_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_DECISION = re.compile(r"《[^》]*决定》")
# A line of history of a text numbered 一、二、: a date, then who did what, no sentence; a date followed
# by 起 starts a sentence about when something applies (2024年1月1日起施行的…), not an event.
_HISTORY_LINE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?!\s*起)[^。；;]*$")
# A line that says only when the text itself takes effect; some compilations print it above the
# history of a 修正案 or 决定 (“本修正案自公布之日起实行”). It dates no event and ends no history.
_OWN_COMMENCEMENT = re.compile(r"^本(?:修正案|决定|法|条例|规定|办法|解释)自[^。；;，,]{2,20}起?(?:施行|实行)。?$")
# The first Standing Committee numbered its meetings without a 届 (1958年1月9日 全国人民代表大会常务委员会第九十一次
# 会议通过): the body then stands right before its meeting's number.
_NATIONAL_CONGRESS = re.compile(r"第[一二三四五六七八九十]+届全国人民代表大会(?P<sc>常务委员会)?"
                                r"|全国人民代表大会(?P<sc1>常务委员会)?(?=第[一二三四五六七八九十百零〇]+次(?:全体)?会议)")
# The place may be long: 积石山保安族东乡族撒拉族自治县 has 15 characters.
_CONGRESS = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,24}?)第[一二三四五六七八九十]+届(?P<body>人民代表大会常务委员会|人民代表大会)")
# A department that published a text without an order (1990年10月22日 对外经济贸易部发布): the segment is
# the body's name and the verb alone, the name ending as a body's does.
_PUBLISHER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,20}?(?:部|委员会|总局|局|署|院|办公厅|人民政府))(?:发布|公布)$")
# Older regulations name no order: “1995年7月28日 国务院发布”.
_STATE_COUNCIL = re.compile(r"国务院第\d+次常务会议|国务院令|国务院(?:发布|公布)")
_ORDER_ISSUER = re.compile(r"(?:中华人民共和国)?(?P<org>[\u4e00-\u9fff]{2,14}?)令第")
# 最高人民法院审判委员会 / 最高人民检察院第十三届检察委员会: the court adopts through its committee.
_COURTS = re.compile(r"(?P<org>最高人民法院|最高人民检察院)")
# 《规章制定程序条例》第二十七条: 部门规章应当经部务会议或者委员会会议决定；地方政府规章应当经政府常务会议
# 或者全体会议决定 (a 总局's rules pass its 局务会议). The meeting names the body that made the rule.
_RULE_MEETING = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,30}?)第[\d一二三四五六七八九十百零〇]+次"
                           r"(?P<kind>部务|委务|局务|委员会|常务|全体)会议")
# A 设区的市 or 自治县 amends its regulation and the province approves (《立法法》第八十一条): “…常务委员会
# 会议关于批准《景宁畲族自治县人民代表大会关于修改〈…〉的决定》修正”, or “…会议批准的《杭州市人民代表大会
# 常务委员会关于修改〈…〉的决定》修正”. The maker is the decision's issuer.
_APPROVED_DECISION = re.compile(r"批准的?《(?P<org>[\u4e00-\u9fff]{2,40}?)关于修改")
_SELF_DATED = re.compile(r"自(?:公布|发布)之日(?:起)?施行")
# The 施行 article: 本条例自2011年12月1日起施行 / 本规定自公布之日起施行.
# Older texts write the date in Chinese numerals: 本规定自二○○四年十月一日起施行.
_EFFECTIVE_ARTICLE = re.compile(
    r"本(?:法|条例|规定|办法|解释|细则|规则|决定|实施办法|修正案)自(?:(?P<d>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
    r"|(?P<self>公布|发布)之日)起?施行")

ADOPTED, PROMULGATED, APPROVED, REVISED, AMENDED, IN_FORCE = "通过", "公布", "批准", "修订", "修正", "施行"
CHANGES = (REVISED, AMENDED)


@dataclass
class Event:
    date: date
    kind: str  # one of 通过 公布 批准 修订 修正 施行
    bodies: list[str] = field(default_factory=list)  # who adopted/promulgated it
    order_no: str | None = None  # 国务院令第344号, as the line writes it (without 中华人民共和国)
    self_dated: bool = False  # “自公布之日施行” in the line itself
    rule_meeting: bool = False  # decided by a 部务会议/政府常务会议…: the procedure of a 规章


@dataclass
class History:
    events: list[Event]
    order_numbers: list[str]  # every 令 number the lines state (the text's own, not citations)

    @property
    def enacting(self) -> list[Event]:
        return [e for e in self.events if e.kind != IN_FORCE]

    @property
    def issued(self) -> date | None:
        """The latest date on which the text was adopted, revised, amended, approved or promulgated."""
        return max((e.date for e in self.enacting), default=None)

    @property
    def last_change(self) -> Event | None:
        changes = [e for e in self.events if e.kind in CHANGES]
        return max(changes, key=lambda e: e.date) if changes else None

    @property
    def amended(self) -> bool:
        """The text is a consolidated amendment: its 施行 article and 令 number date the original."""
        last = self.last_change
        return last is not None and last.kind == AMENDED

    def own_promulgation(self) -> Event | None:
        """The 公布 of this very text: the original's, or one dated on/after a full revision."""
        if self.amended:
            return None
        since = self.last_change.date if self.last_change else date.min
        made = [e for e in self.events if e.kind == PROMULGATED and e.date >= since]
        return max(made, key=lambda e: e.date) if made else None

    @property
    def doc_no(self) -> str | None:
        event = self.own_promulgation()
        return event.order_no if event else None

    @property
    def issuers(self) -> list[str]:
        """The bodies that made the text: of its latest enacting event that names one (not an approver)."""
        for event in sorted(self.enacting, key=lambda e: e.date, reverse=True):
            if event.kind != APPROVED and event.bodies:
                return event.bodies
        return []

    @property
    def made_as_rule(self) -> bool:
        """Adopted by a department's 部务/委务/局务会议 or a government's 常务/全体会议 (not the State
        Council's: its texts are 行政法规): the procedure of a 规章."""
        return any(e.rule_meeting and e.kind in (ADOPTED, REVISED) and "国务院" not in e.bodies for e in self.events)

    @property
    def approved_by_state_council(self) -> bool:
        return any(e.kind == APPROVED and "国务院" in e.bodies for e in self.events)

    def effective(self, body_text: str) -> date | None:
        """The date this text took effect, where the text states it (see the module docstring)."""
        since = self.last_change.date if self.last_change else date.min
        stated = [e for e in self.events if (e.kind == IN_FORCE or e.self_dated) and e.date >= since]
        if stated:
            return max(e.date for e in stated)
        if self.amended:
            return None
        return effective_article(body_text, self.own_promulgation())


def effective_article(body_text: str, promulgation: Event | None) -> date | None:
    """The last 施行 article's date; “自公布之日起施行” is the date of the text's own 公布, if stated."""
    matches = list(_EFFECTIVE_ARTICLE.finditer(body_text))
    if not matches:
        return None
    m = matches[-1]
    if m["d"]:
        return parse_date(m["d"])
    return promulgation.date if promulgation else None


def read_history(body: list[Line], leading_only: bool = False) -> History:
    """The dated lines above the first chapter or article.

    `leading_only`: for a text numbered 一、二、 (a 决定 of a congress or court), only the lines at the
    very top that begin with a date and are no sentence (“2021年9月24日 …会议通过”) are its history —
    not “2021年1月1日起施行新办法。” opening a notice.
    """
    events: list[Event] = []
    orders: list[str] = []
    # Dated segments that name no event yet: 「A会议、B会议通过」, on one line or two (a court's
    # committee on one line, the procuratorate's 通过 on the next).
    pending: list[tuple[date, str]] = []
    for line in body[:30]:  # a reposting site may print its own lines above the history
        if leading_only and not events and not pending and _OWN_COMMENCEMENT.match(line.text):
            continue  # 本修正案自公布之日起实行 printed above the history (the text's own words, kept as text)
        if match_law_label(line.text) or (leading_only and not _HISTORY_LINE.match(line.text)):
            break
        for when, segment in _segments(line.text):
            for m in ORDER_NO.finditer(segment):
                orders.append(_without_state_name(m.group(0)))
            kind = _kind(segment)
            if kind is None:
                pending.append((when, segment))
                continue
            texts = [s for _, s in pending] + [segment]
            event = Event(max([when, *(d for d, _ in pending)]), kind, _bodies(texts),
                          self_dated=bool(_SELF_DATED.search(segment)),
                          rule_meeting=any(_RULE_MEETING.search(t) for t in texts))
            order = ORDER_NO.search(segment)
            event.order_no = _without_state_name(order.group(0)) if order else None
            events.append(event)
            pending = []
        # Only a meeting's name waits for its 通过 on the next line; another dated line that names no
        # event (a date printed above the history) dates nothing.
        pending = [(when, segment) for when, segment in pending if "会议" in segment]
    return History(events, orders)


def _segments(text: str) -> list[tuple[date, str]]:
    """(date, the words up to the next date) for each date in a history line."""
    starts = list(_DATE.finditer(text))
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        when = parse_date(m.group(0))
        if when:
            out.append((when, text[m.end():end]))
    return out


def _kind(segment: str) -> str | None:
    if "修正" in segment or (_DECISION.search(segment) and re.search("修订|修改", segment)):
        return AMENDED
    if "修订" in segment:
        return REVISED
    for word, kind in (("通过", ADOPTED), ("批准", APPROVED), ("公布", PROMULGATED), ("发布", PROMULGATED)):
        if word in segment:
            return kind
    if "施行" in segment:
        return IN_FORCE
    return None


def _bodies(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        found: list[str] = []
        nat = _NATIONAL_CONGRESS.search(text)
        loc = _CONGRESS.search(text)
        meeting = _RULE_MEETING.search(text)
        if approved := _APPROVED_DECISION.search(text):
            found.append(approved["org"])
        elif nat:
            found.append("全国人民代表大会常务委员会" if nat["sc"] or nat["sc1"] else "全国人民代表大会")
        elif loc:
            found.append(loc["place"] + loc["body"])
        elif _STATE_COUNCIL.search(text):
            found.append("国务院")
        elif order := _ORDER_ISSUER.search(text):
            found.append(order["org"])
        elif meeting:
            found.append(meeting["org"].removeprefix("经"))
        elif publisher := _PUBLISHER.match(text.strip()):
            found.append(publisher["org"])
        elif re.search(r"国务院(?:批准|同意)", text):
            found.append("国务院")
        found += [m["org"] for m in _COURTS.finditer(text)]
        out += [b for b in found if b not in out]
    return out


def _without_state_name(order_no: str) -> str:
    return order_no.removeprefix("中华人民共和国")
