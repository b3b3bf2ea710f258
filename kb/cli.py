"""`anbiao`: a thin face over library functions. Parses arguments, calls one function, prints Chinese.

Each command's work lives in the module that owns it (kb, search, generator); the handlers here
only import it lazily (so `anbiao check` never pays for jieba or Whoosh) and turn AnbiaoError into
one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kb.errors import AnbiaoError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese help, usage errors and a hint of what to do next."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "用法：", 1)

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
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                   help="内容目录（默认 content/）")


def _add_index_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", type=Path, default=None, metavar="DIR",
                   help="索引目录（默认 .index/，可用环境变量 ANBIAO_INDEX 指定）")


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseParser(
        prog="anbiao",
        description="安标：企业安全生产标准化知识库与文档生成器。",
        epilog="示例：anbiao search 标准化证书过期怎么办；anbiao check；anbiao plan --profile examples/beijing.yml -o 方案.docx",
    )
    parser._positionals.title = "命令"
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_ChineseParser)

    p = sub.add_parser("import", help="把原始文本（PDF 提取、GB18030 等）导入为 content/ 下的 Markdown")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="要导入的文本文件")
    p.add_argument("--out", type=Path, default=Path("content/policies"), metavar="DIR",
                   help="输出目录（默认 content/policies/）")
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
    p.add_argument("query", nargs="+", metavar="QUERY", help="检索词或问题")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="最多返回条数（默认 10）")
    p.add_argument("--region", metavar="R", help="地区，如 北京市（默认同时包含全国性文件）")
    p.add_argument("--only-region", action="store_true", help="只要该地区本身的文件，不含全国性文件")
    p.add_argument("--industry", metavar="I", help="行业，如 冶金")
    p.add_argument("--kind", choices=["policy", "standard"], help="文件类别")
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
    p.add_argument("--date", metavar="YYYY-MM-DD", help="判断期限是否已过的日期（默认今天）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    _add_content_option(p)
    p.set_defaults(handler=_run_applicable)

    p = sub.add_parser("plan", help="生成企业安全生产标准化建设实施方案（.docx 或 .md）")
    p.add_argument("--profile", type=Path, metavar="P.yml", help="企业概况 YAML")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件：.docx 或 .md")
    p.add_argument("--template", type=Path, metavar="FILE", help="自定义 Jinja2 Markdown 模板")
    p.add_argument("--template-vars", action="store_true", help="列出模板可用的变量")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="编制日期（默认今天）")
    _add_content_option(p)
    p.set_defaults(handler=_run_plan)

    p = sub.add_parser("outline", help="生成安全培训大纲（.docx 或 .md）")
    p.add_argument("--audience", metavar="A", help="培训对象：主要负责人 | 安全生产管理人员 | 新上岗从业人员 | 班组长")
    p.add_argument("--industry", metavar="I", help="行业，如 冶金")
    p.add_argument("--kind", default="初次", metavar="K", help="初次 | 再培训（默认 初次）")
    p.add_argument("--hours", type=int, metavar="H", help="学时（不得低于法定最低学时）")
    p.add_argument("--region", metavar="R", help="地区（选填），如 重庆市：加入该地区的政策条款和试题")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件：.docx 或 .md")
    p.add_argument("--template", type=Path, metavar="FILE", help="自定义 Jinja2 Markdown 模板")
    p.add_argument("--template-vars", action="store_true", help="列出模板可用的变量")
    _add_content_option(p)
    p.set_defaults(handler=_run_outline)

    p = sub.add_parser("serve", help="提供 site/ 及 JSON 检索接口（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, metavar="P", help="端口（默认 8000）")
    p.add_argument("--host", default="127.0.0.1", metavar="H", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--site-dir", type=Path, default=Path("site"), metavar="DIR", help="站点目录（默认 site/）")
    _add_content_option(p)
    _add_index_option(p)
    p.set_defaults(handler=_run_serve)
    return parser


# --- handlers: import the owning module, call it, return an exit code -----------------------

def _run_import(args: argparse.Namespace) -> int:
    from kb.importer import run_import
    return run_import(args.files, args.out, force=args.force)


def _run_check(args: argparse.Namespace) -> int:
    from kb.check import run_check
    return run_check(args.content)


def _run_evidence(args: argparse.Namespace) -> int:
    from kb.errors import display_path
    from kb.loader import load_valid_corpus
    from kb.validity import derive_evidence, evidence_citation

    proposals = derive_evidence(load_valid_corpus(args.content))
    pending = 0
    for p in proposals:
        if p.target is None:
            continue
        pending += not p.agrees
        successor = f"，superseded_by: {p.successor.id}" if p.successor else ""
        print(f"［{'已写入' if p.agrees else '待确认'}］{display_path(p.target.path)}：《{p.target.title}》{p.status}——"
              f"{evidence_citation(p.evidence, p.clause, p.target)}：“{p.quote}”\n"
              f"    status: {p.status}，status_basis: - clause: {p.basis_ref}{successor}")
    missing = sorted({(p.title, evidence_citation(p.evidence, p.clause)) for p in proposals if p.target is None})
    if missing:
        print(f"库中未收录（{len(missing)} 个；需要时可在 content/register/ 建登记条目）：")
        for title, where in missing:
            print(f"  《{title}》——见{where}")
    found = sum(1 for p in proposals if p.target is not None)
    print(f"共 {found} 条可由库内文本证明的时效性，其中 {pending} 条待确认。")
    return EXIT_OK


def _run_index(args: argparse.Namespace) -> int:
    from search.cli import run_index
    return run_index(args)


def _run_search(args: argparse.Namespace) -> int:
    from search.cli import run_search
    return run_search(args)


def _run_applicable(args: argparse.Namespace) -> int:
    from kb.applicability import run_applicable
    return run_applicable(args)


def _run_plan(args: argparse.Namespace) -> int:
    from generator.cli import run_plan
    return run_plan(args)


def _run_outline(args: argparse.Namespace) -> int:
    from generator.cli import run_outline
    return run_outline(args)


def _run_serve(args: argparse.Namespace) -> int:
    from generator.site.serve import run_serve
    return run_serve(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return handler(args)
    except AnbiaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
