"""`anbiao`: the command line. Each command is a few lines: read the options, call one library
function, print what `anbiao.present` words.

Library modules are imported inside the handlers, so that `anbiao check` never pays for jieba or
numpy. `main` is the one error boundary: whatever goes wrong ends as one Chinese line on stderr and
a non-zero exit code, never a traceback (unless ANBIAO_DEBUG=1 asks for one).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from anbiao import inputs, present
from kb.errors import AnbiaoError, FieldError, display_path
from kb.vocab import load_vocabulary

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_LIMIT = 500
DEBUG_ENV = "ANBIAO_DEBUG"


class _ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese help, usage errors and a hint of what to do next.

    Only argparse's public API: arguments go into two groups of our own (参数, 选项), which leaves
    argparse's English-titled default groups empty, and empty groups are not shown.
    """

    def __init__(self, *args: object, commands: str | None = None, **kwargs: object) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if commands is not None:  # before the other groups, so that help lists the commands first
            self.commands = self.add_subparsers(title=commands, dest="command", metavar=commands,
                                                parser_class=_ChineseParser)
        self.arguments_group = self.add_argument_group("参数")
        self.options_group = self.add_argument_group("选项")
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def add_argument(self, *names: str, **kwargs: Any) -> argparse.Action:  # type: ignore[override]
        group = self.options_group if names and names[0].startswith(self.prefix_chars) else self.arguments_group
        return group.add_argument(*names, **kwargs)

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage: ", "用法：", 1)
        # Group headings end in a full-width colon; the command group's title is not repeated by the
        # placeholder of its commands (argparse prints the metavar of add_subparsers as a first line).
        return re.sub(r"^(\S[^\n]*):\n(?:  \1\n)?", r"\1：\n", text, flags=re.MULTILINE)

    def error(self, message: str) -> None:  # type: ignore[override]
        translated = (message.replace("the following arguments are required", "缺少必需参数")
                      .replace("unrecognized arguments", "无法识别的参数")
                      .replace("invalid choice", "无效的选项")
                      .replace("choose from", "可选")
                      .replace("expected one argument", "需要一个值")
                      .replace("argument ", "参数 ")
                      .replace("invalid int value", "不是整数"))
        self.exit(EXIT_USAGE, f"{self.prog}: 错误：{translated}\n运行 `{self.prog} --help` 查看用法。\n")


def _add_content_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=None, metavar="DIR",
                   help="内容目录（默认：所在项目的 content/）")


def _add_index_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", type=Path, default=None, metavar="DIR",
                   help="索引目录（默认：所在项目的 .index/，可用环境变量 ANBIAO_INDEX 指定）")


def _add_document_options(p: argparse.ArgumentParser) -> None:
    """What plan and outline share: where the document goes, the template, links in Word."""
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件：.docx 或 .md")
    p.add_argument("--template", type=Path, metavar="FILE", help="自定义 Jinja2 Markdown 模板")
    p.add_argument("--template-vars", action="store_true", help="列出模板可用的变量")
    p.add_argument("--site-url", metavar="URL", default=None,
                   help="站点网址（如 https://anbiao.example.cn/）：Word 和 Markdown 中的引文链接指向它；"
                        f"默认取环境变量 {inputs.SITE_URL_VARIABLE}；都没有时 Word 中引文不加链接，"
                        "Markdown 中为相对链接（放在生成的站点内才能打开）")
    _add_content_option(p)


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseParser(
        prog="anbiao",
        description="安标：企业安全生产标准化知识库与文档生成器。",
        epilog="示例：anbiao search 标准化证书过期怎么办；anbiao check；anbiao plan --profile examples/beijing-yejin.yml -o 方案.docx",
        commands="命令",
    )
    sub = parser.commands

    p = sub.add_parser("import", help="把原始文本（PDF 提取、GB18030 等）导入为 content/ 下的 Markdown")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="要导入的文本文件")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="输出目录（默认：所在项目的 content/policies/）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(handler=_run_import)

    p = sub.add_parser("check", help="校验 content/ 下全部内容，错误以 路径:行: 信息 列出")
    _add_content_option(p)
    p.set_defaults(handler=_run_check)

    p = sub.add_parser("evidence", help="从库内文本推出时效性（“…同时废止”、新版本的沿革），供编辑核对后写入")
    _add_content_option(p)
    p.set_defaults(handler=_run_evidence)

    p = sub.add_parser("index", help="建立或增量更新检索索引")
    _add_content_option(p)
    _add_index_option(p)
    p.add_argument("--rebuild", action="store_true", help="丢弃旧索引，全部重建")
    p.set_defaults(handler=_run_index)

    p = sub.add_parser("search", help="按条款检索（中文）")
    p.add_argument("query", nargs="+", metavar="QUERY", help=f"检索词或问题（最多 {inputs.MAX_QUERY_CHARS} 字）")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组")
    p.add_argument("--limit", type=int, default=10, metavar="N", help=f"最多返回条数（默认 10，最多 {MAX_LIMIT}）")
    p.add_argument("--region", metavar="R", help="地区，如 北京市（默认同时包含全国性文件）")
    p.add_argument("--only-region", action="store_true", help="只要该地区本身的文件，不含全国性文件")
    p.add_argument("--industry", metavar="I", help="行业，如 冶金")
    kinds = load_vocabulary().kind_labels  # those the search API takes (search.query.Filters checks both)
    p.add_argument("--kind", choices=list(kinds), metavar="K",
                   help="文件类别：" + " | ".join(f"{k} {label}" for k, label in kinds.items()))
    p.add_argument("--status", metavar="S", help="时效性，如 现行有效")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="成文日期不早于")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="成文日期不晚于")
    _add_content_option(p)
    _add_index_option(p)
    p.set_defaults(handler=_run_search)

    p = sub.add_parser("applicable", help="列出适用于某类企业的条款")
    p.add_argument("--region", required=True, metavar="R", help="地区，如 北京市、四川省绵阳市")
    p.add_argument("--industry", required=True, metavar="I", help="行业，如 冶金")
    p.add_argument("--scale", required=True, metavar="S", help="规模：规模以上 | 规模以下 | 小微")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="判断时效性和期限的日期（默认今天）")
    p.add_argument("--include-superseded", action="store_true",
                   help="同时列出该日已修改、已废止、已被替代或失效的文件（均标明时效性）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    _add_content_option(p)
    p.set_defaults(handler=_run_applicable)

    p = sub.add_parser("plan", help="生成企业安全生产标准化建设实施方案（.docx 或 .md）")
    p.add_argument("--profile", type=Path, metavar="P.yml", help="企业概况 YAML")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="编制日期（默认今天）")
    _add_document_options(p)
    p.set_defaults(handler=_run_plan)

    p = sub.add_parser("outline", help="生成安全培训大纲（.docx 或 .md）")
    p.add_argument("--audience", metavar="A", help="培训对象：主要负责人 | 安全生产管理人员 | 新上岗从业人员 | 班组长")
    p.add_argument("--industry", metavar="I", help="行业，如 冶金")
    p.add_argument("--kind", default="初次", metavar="K", help="初次 | 再培训（默认 初次）")
    p.add_argument("--hours", type=int, metavar="H", help="学时（不得低于法定最低学时）")
    p.add_argument("--region", metavar="R", help="地区（选填），如 重庆市：加入该地区的政策条款和试题")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="编制日期（默认今天）：只讲授该日现行有效的文件")
    _add_document_options(p)
    p.set_defaults(handler=_run_outline)

    p = sub.add_parser("serve", help="提供 site/ 及 JSON 检索接口（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, metavar="P", help="端口（默认 8000）")
    p.add_argument("--host", default="127.0.0.1", metavar="H", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--site-dir", type=Path, default=None, metavar="DIR", help="站点目录（默认：所在项目的 site/）")
    _add_content_option(p)
    _add_index_option(p)
    p.set_defaults(handler=_run_serve)

    p = sub.add_parser("dict", help="从内容重新生成检索用领域词典（search/dict/content.txt，供维护者使用）")
    p.add_argument("--recurring", action="store_true",
                   help="也收入反复出现的字串（实测使检索略差，默认不用）")
    _add_content_option(p)
    p.set_defaults(handler=_run_dict)
    return parser


# --- handlers: call the library, print what present words, return an exit code -------------

def _print(lines: Iterable[str], err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    for line in lines:
        print(line, file=stream)


def _note(message: str) -> None:
    """Progress of long work, on stderr so that stdout stays the result."""
    print(message, file=sys.stderr, flush=True)


def _run_import(args: argparse.Namespace) -> int:
    from kb.importer import ImportedFile, import_files

    out_dir = inputs.import_dir(args.out)
    numbers = itertools.count(1)

    def report(item: ImportedFile) -> None:
        _print([present.imported_line(item, next(numbers), len(args.files))], err=item.error is not None)

    result = import_files(args.files, out_dir, force=args.force, progress=report)
    _print(filter(None, [present.import_summary(result)]))
    return EXIT_FAIL if result.failed else EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from kb.check import check_corpus

    corpus, problems = check_corpus(inputs.content_dir(args.content))
    out, err = present.check_report(corpus, problems)
    _print(out)
    _print(err, err=True)
    return EXIT_FAIL if err else EXIT_OK


def _run_evidence(args: argparse.Namespace) -> int:
    from kb.loader import load_valid_corpus
    from kb.validity import derive_evidence

    proposals = derive_evidence(load_valid_corpus(inputs.content_dir(args.content)))
    _print(present.evidence_report(proposals))
    return EXIT_OK


def _run_index(args: argparse.Namespace) -> int:
    from search.index import update_index

    index_dir = inputs.index_dir(args.index_dir)
    report = update_index(inputs.content_dir(args.content), index_dir, rebuild=args.rebuild, progress=_note)
    _print(present.index_problems(report.problems), err=True)
    _print([present.index_summary(report, display_path(index_dir))])
    if report.problems:
        _print([present.INDEX_FAILED.format(n=len(report.problems))], err=True)
        return EXIT_FAIL
    return EXIT_OK


def _run_search(args: argparse.Namespace) -> int:
    from anbiao.searching import BoundedSearch
    from search.service import ensure_index

    text = " ".join(args.query).strip()
    if not text:
        raise AnbiaoError(present.EMPTY_QUERY)
    text = inputs.check_query(text)
    if not 1 <= args.limit <= MAX_LIMIT:
        raise FieldError("limit", args.limit, f"{{field}} 应在 1 到 {MAX_LIMIT} 之间（收到 {{value}}）")
    filters = inputs.search_filters(args.region, args.only_region, args.industry, args.kind, args.status,
                                    args.since, args.until)
    index_dir = inputs.index_dir(args.index_dir)
    report = ensure_index(inputs.content_dir(args.content), index_dir, notify=_note)
    if report is not None:
        _print(present.index_problems(report.problems), err=True)
    engine = BoundedSearch(index_dir)
    try:
        hits, plan = engine.search(text, filters, args.limit)
    finally:
        engine.close()
    if args.json:
        sys.stdout.write(present.search_json(hits))
        if not hits:
            sys.stderr.write(present.no_hits(text, filters))
    elif not hits:
        sys.stdout.write(present.no_hits(text, filters))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        sys.stdout.write(present.search_text(text, hits, plan.highlight, color))
    return EXIT_OK


def _run_applicable(args: argparse.Namespace) -> int:
    from kb.applicability import applicable, applicable_register, check_enterprise
    from kb.loader import load_valid_corpus

    on = inputs.parse_day(args.date, "date")
    check_enterprise(args.region, args.industry, args.scale)  # before loading: a typo fails fast
    corpus = load_valid_corpus(inputs.content_dir(args.content))
    result = applicable(corpus, args.region, args.industry, args.scale, on, args.include_superseded)
    # The current version of a replaced text we do not hold (重庆市安全生产条例 2024) still binds.
    not_held = applicable_register(corpus, args.region, args.industry, args.scale, on)
    words = present.applicable_json if args.json else present.applicable_text
    _print([words(result, args.region, args.industry, args.scale, on, args.include_superseded, not_held)])
    return EXIT_OK


def _show_template_variables(root: str) -> int:
    from generator.documents import template_variables

    _print([present.template_variables(root, template_variables(root))])
    return EXIT_OK


def _run_plan(args: argparse.Namespace) -> int:
    from generator.documents import generate_plan

    if args.template_vars:
        return _show_template_variables("plan")
    result = generate_plan(args.profile, args.output, inputs.content_dir(args.content),
                           inputs.parse_day(args.date, "date"), template=args.template,
                           site_url=inputs.site_url(args.site_url))
    _print((f"提示：{w}" for w in result.warnings), err=True)
    _print([present.generated(result)])
    return EXIT_OK


def _run_outline(args: argparse.Namespace) -> int:
    from generator.documents import generate_outline

    if args.template_vars:
        return _show_template_variables("outline")
    result = generate_outline(args.output, inputs.content_dir(args.content), inputs.parse_day(args.date, "date"),
                              args.audience, args.industry, args.kind, args.hours, args.region,
                              template=args.template, site_url=inputs.site_url(args.site_url))
    _print([present.generated(result)])
    return EXIT_OK


def _run_serve(args: argparse.Namespace) -> int:
    from anbiao.server import make_server

    if not 0 <= args.port <= 65535:
        raise FieldError("port", args.port, "端口 {value} 无效；应为 0 到 65535")
    server = make_server(inputs.site_dir(args.site_dir), args.host, args.port, inputs.index_dir(args.index_dir),
                         inputs.content_dir(args.content), log=_note)
    with server:
        _print([present.serving(*server.address)])
        sys.stdout.flush()
        _print(filter(None, [present.serving_publicly(args.host)]), err=True)
        server.run()
    return EXIT_OK


def _run_dict(args: argparse.Namespace) -> int:
    from search.dictbuild import build, write_dictionary

    terms = build(inputs.content_dir(args.content), args.recurring)
    path = write_dictionary(terms)
    _print([present.dictionary_written(len(terms), display_path(path))])
    return EXIT_OK


# --- the error boundary --------------------------------------------------------------------

def _undecodable_option(args: argparse.Namespace) -> FieldError | None:
    """Text options holding bytes that were not UTF-8 (surrogateescape): they can be neither looked
    up nor printed. Paths may hold such bytes: the file system takes them back unchanged."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and inputs.undecodable(v) for v in values):
            field = "query" if name == "query" else name
            return FieldError(field, "", "{field} 含有无法识别的字节（不是 UTF-8 编码）；请检查终端的字符编码设置")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A path with undecodable bytes must not crash the message that names it.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        bad = _undecodable_option(args)
        if bad is not None:
            raise bad
        return handler(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (anbiao search … | head): not an error; keep Python quiet at exit too.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        print(present.error_line(exc), file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
