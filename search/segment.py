"""The Chinese segmenter of the index: rjieba (jieba-rs) in search mode plus our domain dictionary.

Every text the index holds goes through `segment()` (the index records `dictionary_version()` and
is rebuilt when it changes); a question is then cut by the words the index holds (search.query), so
it asks for exactly what this segmenter produced. rjieba is used rather than pure-Python jieba
because it gives the same cuts about 25× faster and loads in ~0.2 s, which is what keeps index
builds and the cold start of `anbiao search` short.

Token positions count *words*, not characters: every word of the default cut gets the next position
and the shorter dictionary words jieba's search mode finds inside it share that position.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rjieba import Jieba

# Bump when the way text becomes tokens changes, so old indexes are rebuilt, not misread.
SEGMENTER_VERSION = "2"
DICT_DIR = Path(__file__).with_name("dict")
DICT_FILES = ("curated.txt", "content.txt")

# Full-width ASCII → ASCII and the ideographic space → space: one character for one, so offsets hold.
_HALF_WIDTH = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDISH = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
_ALNUM_RUN = re.compile(r"[0-9a-z]+(?:\.[0-9]+)*")


class Tok(NamedTuple):
    """One token: its text (lower-cased), word position, character span, and whether it is a word of
    the default cut (`main`) rather than a shorter word found inside one."""

    text: str
    pos: int
    start: int
    end: int
    main: bool


def _dictionary_lines() -> list[str]:
    lines: list[str] = []
    for name in DICT_FILES:
        entry = DICT_DIR / name
        if entry.is_file():
            lines.extend(entry.read_text(encoding="utf-8").splitlines())
    return lines


@cache
def dictionary_terms() -> tuple[str, ...]:
    """The domain words (curated, then derived from content), without comments or duplicates."""
    seen: dict[str, None] = {}
    for line in _dictionary_lines():
        word = line.split("#", 1)[0].strip().split(" ")[0]
        if word:
            seen.setdefault(word, None)
    return tuple(seen)


@cache
def dictionary_version() -> str:
    """Identifies the segmentation: an index built under another version must be rebuilt."""
    digest = hashlib.sha1(SEGMENTER_VERSION.encode())
    for term in dictionary_terms():
        digest.update(term.encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


@cache
def _jieba() -> Jieba:
    """Our own rjieba instance with the domain words added (loaded on first use, once per process).

    Not rjieba's module-level default: other code in the process cuts with that one (the importer's
    classifier), and adding our words to it would change their answers once search has loaded.
    A second instance costs about 0.1 s of cold start (rjieba loads its dictionary per instance).
    """
    from rjieba import Jieba

    jieba = Jieba()
    for term in dictionary_terms():
        jieba.add_word(term, None, None)
    return jieba


def normalize(text: str) -> str:
    """Full-width ASCII to ASCII, lower case; length is preserved so character offsets stay valid."""
    # A regex finds the full-width characters (about one in twenty of a Chinese text: ，（）：；)
    # faster than str.translate looks up every character in a dict: 0.4 s against 1.2 s for seven
    # million characters.
    return _FULL_WIDTH.sub(_half_width, text).lower()


def _half_width(match: re.Match[str]) -> str:
    return _HALF_WIDTH[match[0]]


def segment(text: str) -> tuple[Tok, ...]:
    """Search-mode tokens of `text` with word positions; punctuation and spaces are dropped."""
    # Questions repeat and are cached; long texts (clause bodies) are not: they are cut once per
    # build, and a cache of their tokens would only hold memory (a million-character clause has
    # hundreds of thousands of tokens).
    return _segment_cached(text) if len(text) <= _CACHED_CHARS else tuple(map(Tok._make, _tokens(text)))


def segment_words(text: str) -> list[str]:
    """Every token of `text` as the index counts it (the words of `segment`, without positions and
    without making a Tok of each: the index builder calls this for every clause)."""
    if len(text) <= _CACHED_CHARS:
        return [t.text for t in _segment_cached(text)]
    return [t[0] for t in _tokens(text)]


_CACHED_CHARS = 256
_START, _END = itemgetter(1), itemgetter(2)


@lru_cache(maxsize=8192)
def _segment_cached(text: str) -> tuple[Tok, ...]:
    return tuple(map(Tok._make, _tokens(text)))


def _tokens(text: str) -> list[tuple[str, int, int, int, bool]]:
    """(text, pos, start, end, main) of each token, as plain tuples (see Tok)."""
    jieba = _jieba()
    raw = jieba.tokenize(normalize(text), "search", True)
    # Words of the default cut tile the text; the search-mode extras lie inside them. Sorting by
    # start, longest first (two stable sorts), puts each tile before the words inside it.
    raw.sort(key=_END, reverse=True)
    raw.sort(key=_START)
    out: list[tuple[str, int, int, int, bool]] = []
    pos = -1
    tile_end = 0
    for word, start, end in raw:
        kind = _word_kind(word)
        if not kind:
            if start >= tile_end:
                tile_end = end
            continue
        main = start >= tile_end
        if main:
            pos += 1
            tile_end = end
        if kind == _PLAIN:
            out.append((word, pos, start, end, main))
            if main and len(word) > 4:
                out.extend(_long_subwords(jieba, word, pos, start))
            continue
        # Mixed tokens such as 33000-2016 or 80%: the core as one token, its numeric runs inside it.
        runs = list(_ALNUM_RUN.finditer(word))
        core = word.strip("%-_/.·~") or word
        out.append((core, pos, start, end, main))
        if len(runs) > 1 or (runs and runs[0].group() != core):
            out.extend((r.group(), pos, start + r.start(), start + r.end(), False) for r in runs)
    return out


_PUNCT, _PLAIN, _MIXED = 0, 1, 2


@lru_cache(maxsize=65536)
def _word_kind(word: str) -> int:
    """_PUNCT (no letter, digit or Chinese character), _PLAIN (kept as it is) or _MIXED (such as
    33000-2016 or 80%). Cached: a corpus has far fewer distinct words than words."""
    if not _WORDISH.search(word):
        return _PUNCT
    return _PLAIN if _CJK.search(word) or word.isalnum() else _MIXED


def _long_subwords(jieba: Jieba, word: str, pos: int, start: int) -> list[tuple[str, int, int, int, bool]]:
    """Dictionary words of four or more characters inside a longer word (安全生产 in
    安全生产标准化): jieba's search mode only adds the two- and three-character ones."""
    found = []
    for size in range(4, len(word)):
        for i in range(len(word) - size + 1):
            sub = word[i:i + size]
            if jieba.has_word(sub):
                found.append((sub, pos, start + i, start + i + size, False))
    return found


def words(text: str) -> list[str]:
    """The main words of `text` in order (the default cut), for tests and diagnostics."""
    return [t.text for t in segment(text) if t.main]
