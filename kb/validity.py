"""Validity (时效性): whether a document is in force on a date, on what evidence, and its versions.

A safety manager's first question about a clause is "is this still the law?". The answer is data
in each content file, never guessed:

- `status` — 现行有效, 已修改 (a newer version of the same title exists), 已废止, 已被替代 (another
  document replaced it), 失效 (its stated term ran out), 尚未施行, or 未知 — as established on the
  day its basis was checked.
- `status_basis` — required for every status but 未知: a clause of the knowledge base
  (`{clause: gj-2024-mkaqsctl#a76}`) or an outside source (`{source: 重庆市应急管理局, url: …,
  checked: 2026-11-30, grade: 一手, says: "…"}`). `status_note` says why a status is 未知.
- `superseded_by` / `supersedes` — ids of the newer version (已修改) or replacing document (已被替代)
  and back; `anbiao check` verifies both directions. A document whose text we do not hold is a
  register entry (`content/register/<id>.md`, `kind: register`, front-matter only; `Document.held`
  is False), so a chain never ends in a dead link.
- `valid_until` — the last day of a stated term (有效期); `effective` — the day it took effect.

Downstream (applicable, plan, outline, search, site) asks, for a date `on`:

- `status_on(doc, on, corpus) -> StatusView` — the status on that date, the date it began, the
  basis as Chinese source lines (no file paths), the successor and predecessors, and a sentence for
  readers (`StatusView.sentence`).
- `in_force(doc, on, corpus)` and `documents_in_force(corpus, on)` — what to use by default. A document of
  unknown status counts as in force unless `assume_unknown_in_force=False`: hiding it would hide
  most of the knowledge base, so downstream shows it with its status (未知) beside every citation.
- `deadline_spent(deadline, on)` (and `kb.scope.clause_deadline_spent(doc, clause, on)`) — a dated target
  (“2013年底前”) that lies before `on` is spent: report it as past, never as a coming deadline.

How a stored status becomes a status on a date (the stored one holds on the day it was checked):
before the document's `effective` date (or `issued` where none is stated) it is 尚未施行; after
`valid_until` it is 失效; a status that ends it (已修改, 已被替代, 已废止) applies from the day the
change took effect — the successor's `effective` (else its adoption date `issued`: from then on a
newer version exists), or that of the document whose clause repealed it — and before that day the
document was 现行有效. When that day is not known the stored status applies on every date: we
cannot say when it changed, and calling an outdated text current would be the worse error.

`derive_evidence(corpus)` reads the corpus for what proves a status in its own words (see there);
`anbiao check` warns where the front-matter disagrees, and `anbiao evidence` lists every finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kb.errors import Problem, display_path
from kb.model import Clause, Corpus, Document
from kb.numbering import cn_date, parse_date
from kb.schema import OutsideSource

IN_FORCE = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
REPLACED = "已被替代"
EXPIRED = "失效"
NOT_YET = "尚未施行"
UNKNOWN = "未知"
# Statuses that end a document's force from some day on; they name what ended it.
ENDED = (AMENDED, REPLACED, REPEALED)
NEEDS_SUCCESSOR = (AMENDED, REPLACED)
GRADE_WORDS = {"一手": "一手资料", "二手": "二手资料"}
# Front-matter the editor writes from evidence and the importer never does: a re-import leaves them alone.
VALIDITY_FIELDS = frozenset({"status", "status_basis", "status_note", "superseded_by", "supersedes", "valid_until",
                             "cites_corrections"})


# --- the status on a date ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BasisLine:
    """One piece of evidence for a status, as a reader sees it."""

    text: str  # 《煤矿安全生产条例》第七十六条：“…同时废止” or 重庆市应急管理局（2026年11月30日查阅，一手资料）：…
    url: str | None  # the outside page, or the clause's site URL (policies/<id>/#a76)
    in_corpus: bool  # True when the evidence is a clause of the knowledge base


@dataclass(frozen=True)
class StatusView:
    """A document's status on one date, with everything needed to show it beside a citation."""

    doc: Document
    on: dt.date
    status: str
    in_force: bool | None  # None: not known (status 未知)
    since: dt.date | None  # the day this status began, where known
    basis: tuple[BasisLine, ...]
    note: str | None  # status_note: what was searched, what a reader should know
    successor: Document | None  # the newer version or replacing document (maybe a register entry)
    predecessors: tuple[Document, ...]

    @property
    def label(self) -> str:
        """现行有效 · 已被替代（2025年10月31日起） · 失效（2028年3月20日起）."""
        return f"{self.status}（{cn_date(self.since)}起）" if self.since and self.status != IN_FORCE else self.status

    def sentence(self) -> str:
        """One sentence for a page or a plan: what the status means for this document."""
        succ = self.successor
        if self.status == AMENDED and succ is not None:
            when = f"已于{cn_date(succ.meta.issued)}修改" if succ.meta.issued else "已修改"
            tail = "，现行版本全文未收录" if not succ.held else f"，现行版本见《{succ.title}》"
            return f"本文件{when}{tail}。"
        if self.status == REPLACED and succ is not None:
            number = f"（{succ.meta.doc_no}）" if succ.meta.doc_no else ""
            when = f"已于{cn_date(self.since)}" if self.since else "已"
            return f"本文件{when}被《{succ.title}》{number}代替" + ("，其全文未收录。" if not succ.held else "。")
        if self.status == REPEALED:
            return f"本文件已于{cn_date(self.since)}废止。" if self.since else "本文件已废止。"
        if self.status == EXPIRED:
            until = self.doc.meta.valid_until
            return f"本文件的有效期已于{cn_date(until)}届满。" if until else "本文件已失效。"
        if self.status == NOT_YET:
            start = self.doc.meta.effective or self.doc.meta.issued
            return f"本文件自{cn_date(start)}起施行。" if start else "本文件尚未施行。"
        if self.status == IN_FORCE:
            until = self.doc.meta.valid_until
            return f"现行有效（有效期至{cn_date(until)}）。" if until else "现行有效。"
        return f"时效性未知：{self.note}" if self.note else "时效性未知。"


def status_on(doc: Document, on: dt.date, corpus: Corpus) -> StatusView:
    """The status of `doc` on `on` (see the module docstring for the rules)."""
    meta = doc.meta
    successor = corpus.get(meta.superseded_by) if meta.superseded_by else None
    predecessors = tuple(d for d in (corpus.get(i) for i in meta.supersedes) if d is not None)
    basis = tuple(basis_lines(doc, corpus))

    def view(status: str, in_force: bool | None, since: dt.date | None) -> StatusView:
        return StatusView(doc, on, status, in_force, since, basis, meta.status_note, successor, predecessors)

    start = meta.effective or meta.issued
    if start is not None and on < start:
        return view(NOT_YET, False, None)
    if meta.valid_until is not None and on > meta.valid_until:
        return view(EXPIRED, False, meta.valid_until + dt.timedelta(days=1))
    if meta.status in ENDED:
        since = change_date(doc, corpus)
        if since is not None and on < since:
            return view(IN_FORCE, True, start)
        return view(meta.status, False, since)
    if meta.status == UNKNOWN:
        return view(UNKNOWN, None, None)
    # 现行有效, or 尚未施行 / 失效 stored on the day checked: the dates above have decided.
    return view(IN_FORCE, True, start)


def documents_in_force(corpus: Corpus, on: dt.date, assume_unknown_in_force: bool = True) -> list[Document]:
    """The held documents in force on `on` (see `in_force` for 未知)."""
    return [d for d in corpus if d.held and in_force(d, on, corpus, assume_unknown_in_force)]


def in_force(doc: Document, on: dt.date, corpus: Corpus, assume_unknown_in_force: bool = True) -> bool:
    """Whether to treat `doc` as in force on `on` (unknown counts as in force unless told otherwise)."""
    known = status_on(doc, on, corpus).in_force
    return assume_unknown_in_force if known is None else known


# The 施行 sentence of a clause: “本条例自2024年5月1日起施行”.
_IN_FORCE_FROM = re.compile(r"自(?:19|20)\d{2}年\d{1,2}月\d{1,2}日起?施行")


def change_date(doc: Document, corpus: Corpus) -> dt.date | None:
    """The day an ending status (已修改, 已被替代, 已废止) took effect, where the corpus tells it."""
    meta = doc.meta
    if meta.superseded_by:
        successor = corpus.get(meta.superseded_by)
        if successor is not None:
            return successor.meta.effective or successor.meta.issued
    days = []
    for entry in meta.status_basis:
        if entry.clause:
            doc_id, anchor = entry.clause.split("#", 1)
            other = corpus.get(doc_id)
            if other is None or other.id == doc.id:
                continue
            # “本规定自2005年12月1日起施行。…同时废止”: the clause dates the repeal itself. The document's
            # own dates may be those of a later amendment (a 修正 keeps the original's 施行 article).
            clause = other.clause_at(anchor)
            stated = _IN_FORCE_FROM.search(clause.text) if clause is not None else None
            day = parse_date(stated.group()) if stated else other.meta.effective or other.meta.issued
            if day is not None:
                days.append(day)
    return min(days) if days else None


def basis_lines(doc: Document, corpus: Corpus) -> Iterable[BasisLine]:
    """The status basis as lines a reader can follow: citations and named sources, no file paths."""
    for entry in doc.meta.status_basis:
        says = f"：{entry.says}" if entry.says else ""
        if entry.clause:
            doc_id, anchor = entry.clause.split("#", 1)
            other = corpus.get(doc_id)
            clause = other.clause_at(anchor) if other is not None else None
            if other is None or clause is None:
                continue  # `anbiao check` reports it; never show a reference to nothing
            yield BasisLine(f"{evidence_citation(other, clause, doc)}{says}", other.clause_url(clause), True)
        elif entry.source:
            yield source_line(entry)


def source_line(entry: OutsideSource) -> BasisLine:
    """An outside source as a reader sees it: publisher, when we read it and how direct it is, what it says.

    The same wording for a status basis and for the `sources` of an editor-written page."""
    read = []
    if entry.checked:
        read.append(f"{cn_date(entry.checked)}查阅")
    if entry.grade:
        read.append(GRADE_WORDS[entry.grade])
    when = f"（{'，'.join(read)}）" if read else ""
    says = f"：{entry.says}" if entry.says else ""
    return BasisLine(f"{entry.source}{when}{says}", entry.url, False)


def evidence_citation(evidence: Document, clause: Clause, about: Document | None = None) -> str:
    """The citation of an evidence clause: a law's preamble is its 题注 (adoption history), and a
    version of the same title as `about` is told apart by its date."""
    head = evidence.citation(clause)
    # Document.citation gives the year of a version in a chain; an unlinked namesake gets its date here.
    in_chain = bool(evidence.meta.superseded_by or evidence.meta.supersedes)
    if about is not None and evidence.id != about.id and _key(evidence.title) == _key(about.title) \
            and evidence.meta.issued and not in_chain:
        head = head.replace("》", f"》（{cn_date(evidence.meta.issued)}）", 1)
    if clause.kind == "preamble" and any(c.scheme == "law" for c in evidence.clauses):
        head += "题注"
    return head


# --- spent deadlines --------------------------------------------------------------------------------

def deadline_spent(deadline: dt.date | None, on: dt.date) -> bool:
    """True when a dated target lies before `on`: it can only be reported as past, not planned for."""
    return deadline is not None and deadline < on



# --- evidence from the corpus itself ----------------------------------------------------------------

# A repeal statement ends with 废止: "…《A》和《B》同时废止。" "原《A》予以废止". One sentence at a time.
_SENTENCE = re.compile(r"[^。；\n]+[。；]?")
_REPEAL_END = re.compile(r"(?:同时|予以|即行|自行)?废止[。；]?$")
# The verb first, as a 废止决定 lists what it repeals: “一、废止《北京市…条例》（1992年9月19日…通过）”.
_REPEAL_START = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:决定|同时|现)?废止(?=《)")
# The version meant, dated in brackets after the title: 《…条例》（1992年9月19日…会议通过）.
_DATED_AFTER = re.compile(r"^[（(](?P<when>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)")
_TITLE = re.compile(r"(?P<when>(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:公布|施行|发布|通过)的)?《(?P<title>[^《》\n]{2,80})》")
# A line of adoption history: "2022年5月25日 北京市第十五届人民代表大会常务委员会第三十九次会议修订".
_REVISION = re.compile(r"修订|修正")


@dataclass(frozen=True)
class Proposal:
    """A status the corpus proves in its own words; the editor confirms by writing it down."""

    title: str  # the title as the evidence writes it
    target: Document | None  # the held document or register entry it resolves to; None = not held
    status: str  # 已废止 | 已修改
    evidence: Document
    clause: Clause
    quote: str  # the sentence or history line that proves it
    successor: Document | None = None  # for 已修改: the newer version

    @property
    def basis_ref(self) -> str:
        """The value for `status_basis: - clause:`."""
        return f"{self.evidence.id}#{self.clause.anchor}"

    @property
    def agrees(self) -> bool:
        """Whether the target's front-matter already says as much."""
        if self.target is None:
            return False
        if self.status == REPEALED:
            return self.target.meta.status in (REPEALED, REPLACED)
        return self.target.meta.status in ENDED


class _Titles:
    """Documents (held texts and register entries) by title, whitespace ignored."""

    def __init__(self, corpus: Corpus) -> None:
        self.by_title: dict[str, list[Document]] = {}
        for doc in corpus:
            self.by_title.setdefault(_key(doc.title), []).append(doc)

    def resolve(self, title: str, before: dt.date | None, dated: dt.date | None) -> list[Document]:
        """Versions of `title` older than `before`; the one issued or in force on `dated` if given."""
        found = [d for d in self.by_title.get(_key(title), [])
                 if before is None or d.meta.issued is None or d.meta.issued < before]
        if dated is not None:
            exact = [d for d in found if dated in (d.meta.issued, d.meta.effective)]
            return exact or found
        return found


def _key(title: str) -> str:
    return re.sub(r"\s+", "", title)


def derive_evidence(corpus: Corpus) -> list[Proposal]:
    """Statuses the corpus proves, each with the clause that proves it.

    Two kinds of evidence, both primary (the words of a document in force):

    - A repeal statement: a sentence that ends in 废止 and names 《titles》 before it (“本条例自2024年
      5月1日起施行。《煤矿安全监察条例》和《国务院关于预防煤矿生产安全事故的特别规定》同时废止。”).
      Each title is proposed 已废止. A 废止决定 writes the verb first (“一、废止《…》（1992年9月19日…
      通过）”): then every title of the sentence is repealed but those inside its brackets. A title
      qualified by a date (“1989年3月29日公布的《…》”, or the date in brackets after it) picks the
      version of that date; otherwise every held version older than the repealing document.
    - An adoption history: the lines before a law's first article (“2022年5月25日…修订”). When a
      document of the same title and region is older than a 修订/修正 line of that history, a newer
      version exists: 已修改, the successor being the next held version.

    Titles that resolve to nothing held are returned with `target` None (“not held”).
    """
    titles = _Titles(corpus)
    out: list[Proposal] = []
    for doc in corpus:
        for clause in doc.clauses:
            out.extend(_repeals(doc, clause, titles))
        out.extend(_newer_versions(doc, titles))
    return out


def _repeals(doc: Document, clause: Clause, titles: _Titles) -> Iterable[Proposal]:
    if "废止" not in clause.text:
        return
    for m in _SENTENCE.finditer(clause.text):
        sentence = m.group().strip()
        first = _REPEAL_START.match(sentence)
        if not (first or _REPEAL_END.search(sentence)):
            continue
        found = list(_TITLE.finditer(sentence))
        if first:  # “废止《A》和《B》（…依照《C》…）” repeals A and B, not what its brackets cite
            found = [t for t in found if not _in_brackets(sentence, t.start())]
        for t in found:
            title = t.group("title")
            if _key(title) == _key(doc.title):
                continue
            after = _DATED_AFTER.match(sentence[t.end():])
            when = t.group("when") or (after.group("when") if after else None)
            dated = parse_date(when) if when else None
            targets = titles.resolve(title, doc.meta.issued, dated)
            for target in targets or [None]:
                if target is not doc:
                    yield Proposal(title, target, REPEALED, doc, clause, sentence)


def _in_brackets(text: str, at: int) -> bool:
    """Whether position `at` of `text` lies inside （…） or (…)."""
    depth = 0
    for ch in text[:at]:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
    return depth > 0


def _newer_versions(doc: Document, titles: _Titles) -> Iterable[Proposal]:
    preamble = doc.clause("0")
    if preamble is None:
        return
    history = [(day, line) for line in preamble.text.split("\n")
               if _REVISION.search(line) and (day := parse_date(line)) is not None]
    if not history:
        return
    versions = sorted((d for d in titles.by_title.get(_key(doc.title), [])
                       if d.meta.region == doc.meta.region and d.meta.issued is not None),
                      key=lambda d: d.meta.issued or dt.date.min)
    for older in versions:
        issued = older.meta.issued
        if older is doc or issued is None or doc.meta.issued is None or issued >= doc.meta.issued:
            continue
        later = [(day, line) for day, line in history if day > issued]
        if not later:
            continue
        successor = next(d for d in versions if d.meta.issued and d.meta.issued > issued)
        yield Proposal(older.title, older, AMENDED, doc, preamble, min(later)[1], successor)


# --- checks ------------------------------------------------------------------------------------------

class _Checker:
    """The validity rules of `anbiao check`; every problem names the file and line to fix."""

    def __init__(self, corpus: Corpus, today: dt.date) -> None:
        self.corpus = corpus
        self.today = today
        self.out: list[Problem] = []

    def add(self, doc: Document, line: int, message: str, severity: str = "error") -> None:
        self.out.append(Problem(display_path(doc.path), line, message, severity))

    def run(self) -> list[Problem]:
        for doc in self.corpus:
            self.status(doc)
            self.basis(doc)
            self.chain(doc)
            self.dates(doc)
        self.evidence()
        return self.out

    def status(self, doc: Document) -> None:
        meta = doc.meta
        line = doc.line_of("status")
        if meta.status != UNKNOWN and not meta.status_basis:
            self.add(doc, line, f"status 为 {meta.status} 时必须写 status_basis（依据）：库内条款如 "
                                "- clause: gj-2024-mkaqsctl#a76，或外部来源如 - {source: 发布者, url: …, "
                                "checked: 查阅日期, grade: 一手|二手}；查不到依据时 status 写 未知，并在 status_note 说明")
        if meta.status == UNKNOWN and meta.status_basis:
            self.add(doc, doc.line_of("status_basis"),
                     "status 为 未知 时不写 status_basis；已有依据就写出它证明的状态，检索情况写入 status_note")
        if meta.status in NEEDS_SUCCESSOR and not meta.superseded_by:
            self.add(doc, line, f"status 为 {meta.status} 时请在 superseded_by 写明新版本或替代文件的 id；"
                                "其全文未收录时，在 content/register/ 建一个登记条目")
        if meta.superseded_by and meta.status not in ENDED:
            self.add(doc, doc.line_of("superseded_by"),
                     f"有 superseded_by（{meta.superseded_by}）时，status 应为 {'、'.join(ENDED)} 之一")
        if meta.status == EXPIRED and meta.valid_until is None:
            self.add(doc, line, "status 为 失效 时请写 valid_until（有效期的最后一天）")
        if meta.status == NOT_YET and (meta.effective is None or meta.effective <= self.today):
            self.add(doc, line, "status 为 尚未施行 时 effective（施行日期）应晚于今天")

    def basis(self, doc: Document) -> None:
        for i, entry in enumerate(doc.meta.status_basis):
            if entry.clause:
                self.clause_basis(doc, i, entry.clause)
            elif entry.checked and entry.checked > self.today:
                self.add(doc, doc.line_of("status_basis", i, "checked"), f"查阅日期 {entry.checked} 晚于今天")

    def clause_basis(self, doc: Document, i: int, ref: str) -> None:
        line = doc.line_of("status_basis", i, "clause")
        doc_id, anchor = ref.split("#", 1)
        other = self.corpus.get(doc_id)
        if other is None:
            self.add(doc, line, f"依据 {ref} 指向的文件“{doc_id}”不存在")
            return
        clause = other.clause_at(anchor)
        if clause is None:
            some = "、".join(c.anchor for c in other.clauses[:6])
            self.add(doc, line, f"依据 {ref}：{other.id} 中没有锚点 #{anchor} 的条款（现有如 {some}）")
            return
        # A clause of another document is evidence only if it speaks of this one; a version's own
        # adoption history names no title, but belongs to the same title.
        if other.id != doc.id and _key(other.title) != _key(doc.title):
            words = _key(clause.heading + clause.full_text())
            if _key(doc.title) not in words and not (doc.meta.doc_no and _key(doc.meta.doc_no) in words):
                self.add(doc, line, f"依据 {ref}（{other.citation(clause)}）没有提到《{doc.title}》；请核对条款")

    def chain(self, doc: Document) -> None:
        meta = doc.meta
        if meta.superseded_by:
            line = doc.line_of("superseded_by")
            newer = self.corpus.get(meta.superseded_by)
            if newer is None:
                self.add(doc, line, f"superseded_by 指向的“{meta.superseded_by}”不存在；全文未收录的文件请在 "
                                    "content/register/ 建登记条目")
            elif newer.id == doc.id:
                self.add(doc, line, "superseded_by 不能指向本文件")
            else:
                if doc.id not in newer.meta.supersedes:
                    self.add(newer, newer.line_of("supersedes") if newer.meta.supersedes else newer.line_of("id"),
                             f"{doc.id} 的 superseded_by 指向本文件，请在本文件的 supersedes 中加入 {doc.id}")
                if meta.status == AMENDED and _key(newer.title) != _key(doc.title):
                    self.add(doc, doc.line_of("status"), f"已修改 指同一标题的新版本，但《{newer.title}》标题不同；"
                                                         "被另一文件代替时写 已被替代", "warning")
        for i, older_id in enumerate(meta.supersedes):
            older = self.corpus.get(older_id)
            line = doc.line_of("supersedes", i)
            if older is None:
                self.add(doc, line, f"supersedes 中的“{older_id}”不存在")
            elif older.meta.superseded_by != doc.id:
                self.add(older, older.line_of("superseded_by"),
                         f"{doc.id} 的 supersedes 列出本文件，请把本文件的 superseded_by 写为 {doc.id}")

    def dates(self, doc: Document) -> None:
        meta = doc.meta
        start = meta.effective or meta.issued
        if meta.valid_until and start and meta.valid_until < start:
            self.add(doc, doc.line_of("valid_until"), f"有效期截止日 {meta.valid_until} 早于施行（成文）日期 {start}")
        if meta.valid_until and not meta.status_basis:
            self.add(doc, doc.line_of("valid_until"), "valid_until 需要依据：在 status_basis 中写出规定有效期的条款")

    def evidence(self) -> None:
        for p in derive_evidence(self.corpus):
            if p.target is None or p.agrees:
                continue
            what = "已废止" if p.status == REPEALED else "已有新版本"
            self.add(p.target, p.target.line_of("status"),
                     f"{evidence_citation(p.evidence, p.clause, p.target)}表明本文件{what}（“{p.quote[:60]}”）：建议 status: {p.status}，"
                     f"status_basis: - clause: {p.basis_ref}"
                     + (f"，superseded_by: {p.successor.id}（并在其 supersedes 中加入 {p.target.id}）"
                        if p.successor else "") + "；请核对后写入", "warning")


def check_validity(corpus: Corpus, today: dt.date) -> list[Problem]:
    """The validity problems of a corpus: missing or dangling bases, one-way chains, evidence not yet written."""
    return _Checker(corpus, today).run()
