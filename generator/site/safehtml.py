"""The one way a value from content becomes HTML on the site.

Policy texts are pasted from the web; whatever they hold, it must reach a reader as text. Every
value from content goes through one of these functions, chosen by where it lands:

- `text()`: element text and attribute values (titles, metadata, notes, data attributes);
- `link_target()`: a URL we link to (only http, https, relative paths and anchors);
- `script_json()`: data for a `<script type="application/json">` element;
- `PageSanitizer`: the rendered HTML of a whole page body (Python-Markdown's output plus our own
  blocks), kept to an allowlist of tags, attributes and URL schemes.

Values that pass through Markdown first (a document's title as its `# heading`, list items of the
index pages) are escaped for Markdown by kb.mdtext.escape, which also turns `<` and `&` into
entities; a document's body reaches Markdown with every `<` as `&lt;` (pages.annotated_body), so
no raw HTML starts in it. The sanitizer is the last gate behind those: whatever Markdown makes of
`{: onclick=… }` (attr_list) or `[link](javascript:…)` is dropped there.

The sanitizer is nh3, the Python binding of Ammonia: it parses with html5ever, the HTML5 parser of
Servo, so it reads markup the way browsers do (a regex of ours would not), and it is the
maintained successor of bleach, which its maintainers deprecated in 2023.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlsplit

import nh3

SAFE_SCHEMES = ("http", "https")

# What Python-Markdown makes of a text with our extensions (tables, attr_list, toc), and what our
# page and index builders write (cards, badges, legend, filters). Nothing else reaches a page.
_TAGS = {
    "a", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "input", "label", "li", "ol", "option", "p", "pre", "select", "span", "strong", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "role"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "td": {"style"},  # Markdown tables align columns with style="text-align: …" (filtered below)
    "th": {"style"},
    "input": {"type", "placeholder"},
    "option": {"value"},
}


def text(value: str) -> str:
    """A string as HTML text or as a quoted attribute value."""
    return html.escape(value, quote=True)


def link_target(url: str) -> str | None:
    """`url` if a link to it is safe (http, https, relative, anchor); None otherwise.

    Browsers ignore ASCII whitespace and control characters around and inside a scheme, so they
    are removed before the scheme is read (`java\\tscript:` is `javascript:`).
    """
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    if not cleaned:
        return None
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme and scheme not in SAFE_SCHEMES:
        return None
    if cleaned.startswith("//") or cleaned.startswith(("\\", "/\\")):
        return None  # scheme-relative: another host, whatever page links to it
    return url.strip()


def script_json(data: Any) -> str:
    """JSON that can stand inside a <script> element.

    `</script>` would end the element and `<!--` would change how the parser reads the rest, so
    `<`, `>` and `&` are written as \\u escapes; U+2028 and U+2029 are line terminators to older
    JavaScript parsers. The result is still exactly `data` to JSON.parse.
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                        ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        raw = raw.replace(ch, escaped)
    return raw


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    """Images only from the site itself: it must work on an intranet, and a remote image tracks readers."""
    if tag == "img" and attribute == "src" and (urlsplit(value).scheme or value.startswith("//")):
        return None
    return value


class PageSanitizer:
    """The allowlist every page body passes through before MkDocs writes it."""

    def __init__(self) -> None:
        self._cleaner = nh3.Cleaner(
            tags=_TAGS, clean_content_tags={"script", "style"}, attributes=_ATTRIBUTES,
            generic_attribute_prefixes={"data-"}, url_schemes=set(SAFE_SCHEMES),
            filter_style_properties={"text-align"}, attribute_filter=_keep_local_images,
            link_rel=None, strip_comments=True)

    def clean(self, page_html: str) -> str:
        return self._cleaner.clean(page_html)
