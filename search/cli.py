"""Handlers of `anbiao index` and `anbiao search` (argparse lives in kb/cli.py).

`anbiao search --json` prints an array, best first; each hit has doc_id, clause_id, title (of the
document), heading (the clause's heading path joined with " / "; the same as a list in
heading_path), text (the clause's whole own text, plain), score, url (policies/<id>/#anchor),
citation, doc_no, region, status, kind, issued. No hits: `[]` on stdout, the hint on stderr.
--region R also returns documents of the regions containing R (a city's province) and national
(全国) ones unless --only-region; --industry I also returns documents for all industries
(industries: []) and for groups containing I (工贸 for 冶金); --since/--until compare the document's
issued date, so documents without one are left out.
"""

from __future__ import annotations

import argparse
import os
import sys

from kb.errors import AnbiaoError, display_path
from search.index import IndexReport, resolve_index_dir, update_index
from search.query import Filters, parse_date_option
from search.render import no_hits_message, render_json, render_text
from search.service import ClauseSearch, ensure_index

MAX_LIMIT = 500


def _summary(report: IndexReport, index_dir: str) -> str:
    how = "全部重建" if report.full else "增量更新"
    return (f"索引已{how}（{index_dir}）：新增 {report.added} 个文件，更新 {report.updated} 个，"
            f"删除 {report.removed} 个，未变 {report.unchanged} 个；写入 {report.clauses} 条条款，"
            f"用时 {report.seconds:.2f} 秒。")


def run_index(args: argparse.Namespace) -> int:
    index_dir = resolve_index_dir(args.index_dir)
    report = update_index(args.content, index_dir, rebuild=getattr(args, "rebuild", False),
                          progress=lambda msg: print(msg, file=sys.stderr))
    for problem in report.problems:
        print(f"{problem}（该文件未编入索引）", file=sys.stderr)
    print(_summary(report, display_path(index_dir)))
    if report.problems:
        print(f"错误：{len(report.problems)} 处内容问题，相关文件未编入索引；请运行 `anbiao check` 查看并修正",
              file=sys.stderr)
        return 1
    return 0


def filters_from_args(args: argparse.Namespace) -> Filters:
    filters = Filters(
        region=args.region, only_region=bool(args.only_region), industry=args.industry,
        kind=args.kind, status=args.status,
        since=parse_date_option(args.since, "--since"), until=parse_date_option(args.until, "--until"),
    )
    if filters.only_region and not filters.region:
        raise AnbiaoError("--only-region 需要同时给出 --region，如 --region 北京市 --only-region")
    filters.validate()
    return filters


def run_search(args: argparse.Namespace) -> int:
    text = " ".join(args.query).strip()
    if not text:
        raise AnbiaoError("检索词为空；请输入要查的问题，如 anbiao search 标准化证书过期怎么办")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise AnbiaoError(f"--limit 应在 1 到 {MAX_LIMIT} 之间（收到 {args.limit}）")
    filters = filters_from_args(args)
    index_dir = resolve_index_dir(args.index_dir)
    report = ensure_index(args.content, index_dir)
    if report is not None:
        for problem in report.problems:
            print(f"{problem}（该文件未编入索引）", file=sys.stderr)
    with ClauseSearch(index_dir) as engine:
        hits, plan = engine.search_with_plan(text, filters, args.limit)
    if plan.truncated:
        print("提示：检索词都很常见，只在部分条款中排序；加上更具体的词（如行业、地区、事项）结果更准。",
              file=sys.stderr)
    if args.json:
        sys.stdout.write(render_json(hits))
        if not hits:
            sys.stderr.write(no_hits_message(text, filters))
        return 0
    if not hits:
        sys.stdout.write(no_hits_message(text, filters))
        return 0
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(render_text(text, hits, plan.highlight, color))
    return 0
