"""`anbiao import`: raw policy text → a checked Markdown file in content/.

A pipeline of small steps, each testable alone: decode → lines → head/closing metadata →
line repair and numbering → classify → emit. Fields it cannot determine are left null and
reported; nothing is guessed, and an existing file is never overwritten without --force.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb import fsio
from kb.docno import doc_no_shape_ok, doc_no_year
from kb.errors import AnbiaoError, FieldError, display_path, os_reason
from kb.importer.classify import industries_of, level_of, make_id, region_of, topics_of
from kb.importer.decode import decode_bytes
from kb.importer.emit import render_file
from kb.importer.history import History, read_history
from kb.importer.lines import Line, Prepared, prepare
from kb.importer.metadata import (
    TITLE_END,
    Metadata,
    doc_no_of_line,
    issuer_from_title,
    issuer_in_opening,
    issuer_of_order,
    looks_like_org,
    read_cites,
    read_closing,
    read_effective,
    read_head,
    read_inner_signature,
)
from kb.importer.script import for_reading, has_fullwidth_digits, has_pinyin, is_traditional
from kb.importer.structure import Block, build_blocks, ends_sentence, is_law
from kb.importer.validate import validate_output
from kb.numbering import match_label, match_law_label, parse_date

# Fields whose absence the report names (DESIGN: leave null, never guess).
REPORTED_FIELDS = ("title", "doc_no", "issuer", "region", "level", "issued", "addressees")


@dataclass
class ImportResult:
    source: str
    meta: dict[str, Any]
    blocks: list[Block]
    encoding: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return render_file(self.meta, self.blocks)

    @property
    def clause_count(self) -> int:
        return sum(1 for b in self.blocks if b.heading_level)


# Titles of 公文 that carry another text or a message (《党政机关公文处理工作条例》第八条): they are signed,
# not adopted, even when a meeting's decision is quoted at their top.
_NOTICE_TITLE = re.compile(r"(?:通知|通报|意见|函|批复|报告|公告|通告)(?:[（(][^（）()]{1,20}[）)])?$")


def import_text(raw: bytes, source_name: str) -> ImportResult:
    """The whole pipeline on one file's bytes.

    Raises AnbiaoError for unreadable input, and for output that `anbiao check` would reject beyond the
    fields left null for the editor (each problem with its field and the valid or nearest value).
    """
    text, encoding = decode_bytes(raw, source_name)
    prepared = prepare(text)
    _drop_unlabelled_panel(prepared)
    _drop_repeated_headline(prepared)
    _drop_page_headline(prepared)
    _drop_headline_over_own_head(prepared)
    lines = prepared.lines
    if not lines:
        raise AnbiaoError(f"{source_name}: 去掉页眉页码后没有正文")
    whole = "\n".join(ln.text for ln in lines)
    traditional = is_traditional(whole)
    # The metadata of a page in traditional characters are read in simplified ones, those of a page typed
    # with full-width digits in ASCII ones (script.py says why);
    # the text keeps its lines as they are (a 主送 run into its first line then stays in it too).
    reading = [replace(ln, text=for_reading(ln.text)) for ln in lines] \
        if traditional or has_pinyin(whole) or has_fullwidth_digits(whole) else lines
    meta = Metadata()
    start = read_head(reading, meta)
    end = read_closing(reading, start, meta)
    if reading is not lines:
        meta.closing = [ln.text for ln in lines[end:]]  # the 落款 and 版记 as written, kept verbatim
    body_lines = lines[start:end]
    law = is_law(body_lines)
    history = read_history(reading[start:end], leading_only=not law)
    if not law and (not history.events or _NOTICE_TITLE.search(meta.title or "")):
        # An official document: its dates are in its head and 落款. A 印发 notice may say which meeting
        # passed what it issues; its issuer is still the one who signs it.
        history = None
    read_inner_signature(reading[start:end], meta)
    structure = build_blocks(body_lines, markdown=any(ln.markdown_heading for ln in lines))
    blocks = structure.blocks
    if not blocks:
        raise AnbiaoError(f"{source_name}: 找不到正文（只有标题或落款）")
    body_text = "\n".join(b.joined() for b in blocks)
    if reading is not lines:
        body_text = for_reading(body_text)
    if history is not None:
        _apply_history(meta, history, reading[start:end], body_text)
    else:
        read_effective(body_text, meta)
    read_cites(body_text, meta, tuple(history.order_numbers) if history else ())
    _find_issuer(meta, blocks)
    if reading is not lines:
        meta.issuer = [for_reading(org) for org in meta.issuer]  # an issuer the opening paragraph names
    notes: list[str] = [f"第 {w.line} 行：{w.message}" for w in structure.warnings]
    if traditional:
        notes.append("原文为繁体字：标题、文号、发文机关等元数据按简体字记录，正文保持原文用字")
    from_portal, portal_notes = _apply_portal(meta, prepared.portal)
    notes.extend(portal_notes)
    notes.extend(f"{name}取自网页的政府信息公开栏" for name in from_portal)
    if meta.issued is None and meta.page_date is not None:
        meta.issued = meta.page_date  # the date the page prints under the title, when nothing else dates it
    out = _front_matter(meta, prepared.record, blocks, history, source_name, notes, from_portal)
    validate_output(out, blocks, source_name)
    # Laws, regulations and the decisions adopted like them have no 主送 and usually no 文号 in their text.
    adopted = history is not None
    reported = [f for f in REPORTED_FIELDS if not (adopted and f in ("addressees", "doc_no"))]
    missing = [f for f in reported if out.get(f) in (None, [], "")]
    return ImportResult(Path(source_name).name, out, blocks, encoding, missing, notes, prepared.dropped)


def _front_matter(meta: Metadata, record: dict[str, str], blocks: list[Block], history: History | None,
                  source_name: str, notes: list[str], from_portal: list[str]) -> dict[str, Any]:
    """The document's metadata: what the text states, then the catalogue record for what it does not,
    then what the rules of classify.py derive from both."""
    law = history is not None
    from_record = _apply_record(meta, record, notes)
    region, region_problem = region_of(meta.issuer, meta.title)
    if region_problem:
        notes.append(region_problem)
    # A consolidated amendment keeps no 文号 of its own (History.own_promulgation), yet the 令 that promulgated
    # or amended it shows the form it was made in: a 规章 is promulgated by its minister's or governor's 令
    # (《规章制定程序条例》).
    order = meta.doc_no or (history.order_numbers[0] if history and history.order_numbers else None)
    level = level_of(meta.title, meta.issuer, region, order, law,
                     approved_by_state_council=bool(history and history.approved_by_state_council),
                     made_as_rule=bool(history and history.made_as_rule))
    year = meta.issued.year if meta.issued else doc_no_year(meta.doc_no)
    out: dict[str, Any] = {
        "id": make_id(region, year, meta.doc_no, meta.title, Path(source_name).stem, meta.issuer),
        "kind": "policy",
        "title": meta.title,
        "doc_no": meta.doc_no,
        "issuer": meta.issuer,
        "region": region,
        "level": level,
        "issued": meta.issued,
        "status": "未知",
        "superseded_by": None,
        "industries": industries_of(meta.title, meta.issuer, _scope_sentence(blocks) if law else None),
        "topics": topics_of(meta.title, meta.issuer, _chapter_headings(blocks) if law else ()),
        "addressees": meta.addressees,
        "cites": meta.cites,
        "source": record.get("source") or Path(source_name).name,
    }
    if meta.effective:
        out["effective"] = meta.effective
    partial = record.get("complete", "").strip() == "partial"
    if partial:
        out["complete"] = False
    # An official document that ends without 落款 and date may have lost its end: say so, claim no more.
    # One signed before the attachments that follow it (read_inner_signature found the 落款) has its end.
    unsigned = not law and not partial and not meta.closing and not meta.signature \
        and bool(meta.doc_no or meta.addressees)
    note = _note(from_record, record, unsigned, from_portal)
    if note:
        out["note"] = note
    if meta.closing:
        out["closing"] = meta.closing
    return out


def _drop_page_headline(prepared: Prepared) -> None:
    """A page headline is the hosting site's wording. When the catalogue record gives the document's
    own title and the headline says something else (有色金属等… over a text about 冶金等…), the headline is
    dropped with the furniture under it; when they agree, it is the document's title."""
    headline, own = prepared.headline, _record_title(prepared.record)
    if headline is not None and own and headline.text.replace(" ", "") != own:
        prepared.lines.remove(headline)
        prepared.dropped.insert(0, headline.text)


def _drop_unlabelled_panel(prepared: Prepared) -> None:
    """A 政府信息公开 panel that lost its labels is a column of values (113715…/2017-26749960, 冠县政府,
    2017-09-04, the title, 有效, the 文号) above the document's own head. Only where that head — its title
    over its 文号 — repeats a title and a 文号 the lines above it hold are those lines the panel's:
    dropped and reported."""
    lines = prepared.lines
    for j in range(2, min(len(lines) - 1, 16)):
        title, number = lines[j].text, lines[j + 1].text
        if not TITLE_END.search(title) or not doc_no_of_line(number):
            continue
        above = [ln.text for ln in lines[:j]]
        if title in above and number in above[above.index(title) + 1:]:
            prepared.dropped[:0] = above
            del lines[:j]
            prepared.headline = None
            return


def _drop_repeated_headline(prepared: Prepared) -> None:
    """A page prints the title as its headline, then the document its own head, which repeats the title
    (济宁市人民政府 / 关于…的批复 over 济宁市人民政府关于…的批复). The first copy is the page's: dropped
    and reported. Only a copy that the next one to three lines spell out exactly counts."""
    lines = prepared.lines
    if len(lines) < 3 or not TITLE_END.search(lines[0].text) or match_label(lines[0].text):
        return
    first = re.sub(r"\s", "", lines[0].text)
    # The document's head may print its issuer above the title the headline gave without it
    # (关于…的通知 over 湘西自治州人大常委会法工委 / 关于… / …的通知).
    headline_names_issuer = bool(issuer_from_title(lines[0].text))
    starts = [1, 2] if looks_like_org(lines[1].text) and not headline_names_issuer and len(lines) > 3 else [1]
    for start, k in ((start, k) for start in starts for k in range(1, 4)):
        if re.sub(r"\s", "", "".join(ln.text for ln in lines[start:start + k])) == first:
            headline = lines.pop(0)
            prepared.dropped.insert(0, headline.text)
            if prepared.headline is headline:
                prepared.headline = None
            return


def _drop_headline_over_own_head(prepared: Prepared) -> None:
    """A page's headline may be its own short name for the document (17号 十三五安全生产规划), over the
    document's 文号 and its own head broken over lines (关于印发安全生产“十三五”规划的 / 通    知). The head
    is the title; the headline, on a page whose furniture was dropped, is the page's: dropped and reported.
    Only a head that starts with 关于 and ends as a title does, in one to three lines of no sentence."""
    lines = prepared.lines
    if len(lines) < 4 or not TITLE_END.search(lines[0].text) or lines[0].text.startswith("关于") \
            or not prepared.dropped:
        return
    start = 2 if doc_no_of_line(lines[1].text) else 1
    for k in range(1, 4):
        head = lines[start:start + k]
        joined = re.sub(r"\s", "", "".join(ln.text for ln in head))
        if any(len(ln.text) > 40 or ends_sentence(ln.text) for ln in head):
            return
        if joined.startswith("关于") and TITLE_END.search(joined):
            prepared.dropped.insert(0, lines.pop(0).text)
            prepared.headline = None
            return


def _record_title(record: dict[str, str]) -> str:
    title = record.get("title", "").strip()
    while title and _COMPILER_REMARK.search(title):
        title = _COMPILER_REMARK.sub("", title).strip()
    return title


def _apply_history(meta: Metadata, history: History, body: list[Line], body_text: str) -> None:
    """What a law's adoption history states: dates, its own 令 number, who made it, when in force."""
    meta.issued = meta.issued or history.issued
    meta.doc_no = meta.doc_no or history.doc_no or _preamble_doc_no(body)
    meta.issuer = meta.issuer or history.issuers
    meta.effective = history.effective(body_text)


def _preamble_doc_no(body: list[Line]) -> str | None:
    """A line that is nothing but a 文号 above the first article (法释〔2022〕19号 under a repeated title)."""
    for line in body:
        if match_law_label(line.text):
            return None
        found = doc_no_of_line(line.text)
        if found:
            return found
    return None


def _find_issuer(meta: Metadata, blocks: list[Block]) -> None:
    """Signature, then the title's own issuer, then the opening paragraph's “…决定”. A 公文 title is
    发文机关名称 + 事由 + 文种 (GB/T 9704), so a title printed as 关于… gets the issuer the text names."""
    if meta.issuer:
        return
    meta.issuer = meta.signature or meta.publisher or (issuer_from_title(meta.title) if meta.title else []) \
        or issuer_of_order(meta.doc_no)
    if meta.issuer:
        named_in_text = bool(meta.signature)
    else:
        opening = "".join(b.text for b in blocks[:3] if not b.heading_level)
        org = issuer_in_opening(opening)
        meta.issuer = [org] if org else []
        named_in_text = bool(org)
    if named_in_text and meta.title and meta.title.startswith("关于"):
        meta.title = "、".join(meta.issuer) + meta.title


def _apply_portal(meta: Metadata, portal: dict[str, str]) -> tuple[list[str], list[str]]:
    """The 政府信息公开 panel of the page the text came from fills what the text does not state.

    Returns the names of the fields it filled, for the document's `note`, and what the editor must be
    told. A 成文日期 in another year than the 文号's is the day the page was posted, not the day the text
    was written (巫山府办发〔2017〕132号 under 成文日期 2020-10-28): it is left out and the editor told.
    """
    filled: list[str] = []
    notes: list[str] = []
    title = portal.get("文件名称")
    if not meta.title and title:
        meta.title = title
        filled.append("标题")
    no = portal.get("文号") or portal.get("发文字号")
    found = doc_no_of_line(no) if no else None
    if not meta.doc_no and found:
        meta.doc_no = found
        filled.append("文号")
    org = portal.get("发布机构") or portal.get("发文机关")
    if not meta.issuer and org:
        meta.issuer = [x for x in re.split(r"[、\s]+", org) if x]
        filled.append("发文机关")
    day = parse_date(portal.get("成文日期") or portal.get("发文日期") or "")
    year = doc_no_year(meta.doc_no)
    if meta.issued is None and day and year not in (None, day.year):
        notes.append(f"网页政府信息公开栏的成文日期 {day.isoformat()} 与文号年份 {year} 不符，未采用")
    elif meta.issued is None and day:
        meta.issued = day
        filled.append("成文日期")
    return filled, notes


def _scope_sentence(blocks: list[Block]) -> str | None:
    """The first sentence of 第二条, where a law says whom it governs."""
    for block in blocks:
        if block.label == "第二条":
            return re.split(r"[。；;]", block.text, maxsplit=1)[0]
    return None


def _chapter_headings(blocks: list[Block]) -> list[str]:
    return [b.heading[len(b.label):].strip() for b in blocks if b.label.endswith(("章", "节"))]


def _note(from_record: list[str], record: dict[str, str], unsigned: bool, from_portal: list[str]) -> str | None:
    """The editor-facing note: only what is true of the text (never a claim it does not support)."""
    parts = []
    if from_portal:
        parts.append("、".join(from_portal) + "不见于正文，取自发布网页的政府信息公开栏。")
    if from_record:
        drafted = "标题" in from_record and re.search("整理者|拟定", record.get("title", ""))
        parts.append("、".join(from_record) + "不见于原文，取自来源目录记录" + ("（标题由整理者拟定）" if drafted else "") + "。")
    if unsigned:
        parts.append("原文末尾没有落款和成文日期，无法确认是否为全文。")
    return "".join(parts) or None


# A compiler's remark at the end of a catalogue title: （通知正文；附件…未收录）（标题为整理者据正文拟定…）
# （安监总管四〔2014〕17号附件）——考评说明部分 (the number is the doc_no's; the part is what is held).
_COMPILER_REMARK = re.compile(r"[（(][^（）()]*(?:整理者|未收录|正文|开头|部分|拟定|附件|〔\d{4}〕)[^（）()]*[）)]$"
                              r"|[—–]{1,2}[^—–]{1,20}部分$")


def _apply_record(meta: Metadata, record: dict[str, str], notes: list[str]) -> list[str]:
    """A catalogue note above the text fills only what the text itself does not state.

    Returns the names of the fields it filled, for the document's `note`.
    """
    filled: list[str] = []
    if not record:
        return filled
    title = _record_title(record)
    if not meta.title and title:
        meta.title = title
        filled.append("标题")
    no = (record.get("doc_no") or "").strip()
    if not meta.doc_no and no and doc_no_shape_ok(no):
        meta.doc_no = no
        filled.append("文号")
    if not meta.issuer and record.get("issuer"):
        meta.issuer = [x for x in record["issuer"].replace("、", " ").split() if x]
        filled.append("发文机关")
    if meta.issued is None and record.get("date"):
        d = parse_date(record["date"])
        if d:
            meta.issued = d
            filled.append("成文日期")
    notes.extend(f"{name}取自目录记录" for name in filled)
    return filled


def write_content_file(path: Path, text: str) -> None:
    """Write a content file atomically (kb.fsio), creating its folder on the first import."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fsio.write_atomic(path, text)


@dataclass
class ImportedFile:
    """The outcome for one source file: written to `target`, or refused with `error` (Chinese; a
    FieldError where an option would change the outcome)."""

    source: Path
    target: Path | None = None
    result: ImportResult | None = None
    error: AnbiaoError | None = None


@dataclass
class ImportReport:
    files: list[ImportedFile] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if f.error is not None)


def import_files(files: list[Path], out_dir: Path, force: bool = False,
                 progress: Callable[[ImportedFile], None] | None = None) -> ImportReport:
    """Import each file into `out_dir`; a file that fails is reported and the batch goes on.

    `progress` hears of each file as soon as it is done (a batch of hundreds takes a while).
    An existing target is never overwritten without `force`.
    """
    report = ImportReport()
    for path in files:
        item = _import_one(path, out_dir, force)
        report.files.append(item)
        if progress:
            progress(item)
    return report


def _import_one(path: Path, out_dir: Path, force: bool) -> ImportedFile:
    name = display_path(path)
    item = ImportedFile(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        item.error = AnbiaoError(f"{name}: 文件不存在")
        return item
    except IsADirectoryError:
        item.error = AnbiaoError(f"{name}: 是目录，不是文件")
        return item
    except OSError as exc:
        item.error = AnbiaoError(f"{name}: 无法读取（{os_reason(exc)}）")
        return item
    try:
        item.result = import_text(raw, name)
    except AnbiaoError as exc:
        item.error = exc
        return item
    target = out_dir / f"{item.result.meta['id']}.md"
    if out_dir.exists() and not out_dir.is_dir():
        item.error = FieldError("out", display_path(out_dir), f"{name}: 输出位置 {{value}} 是一个文件，不是目录；请用 {{field}} 指定目录")
    elif target.is_dir():
        item.error = AnbiaoError(f"{name}: 目标 {display_path(target)} 是目录，未写入")
    elif target.exists() and not force:
        item.error = FieldError("force", display_path(target), f"{name}: 目标文件 {{value}} 已存在，未覆盖；确需覆盖请加 {{field}}")
    else:
        try:
            write_content_file(target, item.result.text)
            item.target = target
        except OSError as exc:
            item.error = AnbiaoError(f"{name}: 无法写入 {display_path(target)}（{os_reason(exc)}）")
    return item
