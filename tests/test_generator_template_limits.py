"""A user's template cannot hang, exhaust memory or read files: each attack ends in one Chinese error, quickly."""

from __future__ import annotations

import resource
import time

import pytest

from generator.render_md import Limits, Template, builtin_template, render
from kb.errors import AnbiaoError

# Less memory than the defaults so that the suite stays light; the mechanism is the same.
LIMITS = Limits(memory_bytes=256 * 2**20)
CONTEXT = {"plan": {"title": "标题"}}


def _render_user(body: str) -> str:
    return render(Template(f"# {{{{ plan.title }}}}\n\n{body}\n", "mine.md.j2", trusted=False), CONTEXT, LIMITS)


@pytest.mark.parametrize(("body", "expected"), [
    ("{{ 'a' * 10**9 }}", "mine.md.j2:3: 模板超出限制：“*” 会生成 1,000,000,000 个字符"),
    ("{{ [1] * 10**9 }}", "mine.md.j2:3: 模板超出限制：“*”"),
    ("{{ 10 ** 100000 }}", "mine.md.j2:3: 模板超出限制：“**” 的结果过大"),
    ("{% for i in range(10**9) %}x{% endfor %}", "mine.md.j2:3: 模板超出限制：range() 有 1,000,000,000 项"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "mine.md.j2: 模板运行超过时间上限"),
    ("{% for i in range(3) %}{{ raw('x' * 1000000) }}{% endfor %}", "mine.md.j2: 模板输出超过上限（2,000,000 个字符）"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "mine.md.j2:3: 模板递归过深"),
    ("{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('ab') }}", "mine.md.j2: 模板运行超出内存上限（256 MB）"),
    ("{{ 'a' | center(10**9) }}", "mine.md.j2: 模板运行超出内存上限"),
    ("{{ '%0999999999d' % 1 }}", "mine.md.j2: 模板运行超出内存上限"),
    ("{% include '/etc/passwd' %}", "mine.md.j2:3: 模板不能引用“/etc/passwd”"),
    ("{% extends 'mine.md.j2' %}", "mine.md.j2:3: 模板不能引用“mine.md.j2”"),
    ("{% import '/etc/passwd' as p %}", "mine.md.j2:3: 模板不能引用“/etc/passwd”"),
    ("{% from plan.title import x %}", "mine.md.j2:3: 模板不能引用其他文件"),
    ("{{ 1 / 0 }}", "mine.md.j2:3: 模板运行出错（算术错误，如除以零"),
])
def test_hostile_template_ends_in_a_clear_error(body: str, expected: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(AnbiaoError) as caught:
        _render_user(body)
    elapsed = time.monotonic() - start
    assert str(caught.value).startswith(expected), caught.value
    assert "\n" not in str(caught.value)
    # The limit is 2 s of template time; the rest is the child's start-up on a loaded machine.
    assert elapsed < 15, elapsed
    # Whatever the template asked for was allocated in the child, not here (ru_maxrss is in kB).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000


def test_a_user_template_renders_in_the_child_as_ours_do_here() -> None:
    ours = builtin_template("outline.md.j2")
    assert ours.trusted
    context = {"plan": {"title": "安全生产<标准化>"}}
    as_user = Template("# {{ plan.title }}\n\n{% for i in range(3) %}- {{ i }}\n{% endfor %}", "mine.md.j2", False)
    as_ours = Template(as_user.source, as_user.name, trusted=True)
    assert render(as_user, context, LIMITS) == render(as_ours, context, LIMITS) == \
        "# 安全生产&lt;标准化&gt;\n\n- 0\n- 1\n- 2\n"
