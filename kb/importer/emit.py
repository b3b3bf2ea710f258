"""Step 5 of the importer: blocks and metadata → a content file (front-matter + Markdown)."""

from __future__ import annotations

from typing import Any

from kb.frontmatter import dump_front_matter
from kb.importer.structure import Block
from kb.mdtext import escape


def render_body(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.heading_level:
            parts.append("#" * block.heading_level + " " + escape(block.heading, block_start=False))
            if block.text:
                parts.append(escape(block.text))
        else:
            parts.append(escape(block.text))
    return "\n\n".join(parts) + "\n"


def render_file(meta: dict[str, Any], blocks: list[Block]) -> str:
    return dump_front_matter(meta) + "\n" + render_body(blocks)
