"""Whoosh analyzers over our segmenter.

The index pickles these classes by import path, so their names and module must stay importable
(renaming them means a rebuild, which `search.index` forces through `INDEX_FORMAT`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from search.segment import normalize, segment

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


class WordTokenizer(Tokenizer):
    """jieba search-mode words with word positions (see search.segment) and true character spans."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for tok in segment(value):
            token.text = tok.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[tok.start:tok.end]
            if positions:
                token.pos = start_pos + tok.pos
            if chars:
                token.startchar = start_char + tok.start
                token.endchar = start_char + tok.end
            yield token


class BigramTokenizer(Tokenizer):
    """Overlapping character pairs of each run of Chinese (a single character stays itself) and whole
    Latin/digit runs. Indifferent to how jieba cuts, so it catches what word matching misses."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for start, end, gram in char_bigrams(value):
            token.text = gram
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = gram
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            pos += 1
            yield token


def char_bigrams(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, gram) of each character bigram of `text` (normalized)."""
    for m in _CJK_RUN.finditer(normalize(text)):
        run, base = m.group(), m.start()
        if not (run[0] >= "\u3400"):
            yield base, base + len(run), run
        elif len(run) == 1:
            yield base, base + 1, run
        else:
            for i in range(len(run) - 1):
                yield base + i, base + i + 2, run[i:i + 2]


def word_analyzer() -> WordTokenizer:
    """Our analyzer for body, heading and title fields."""
    return WordTokenizer()


def bigram_analyzer() -> BigramTokenizer:
    """The fallback field's analyzer (also the char-bigram baseline of bench/eval_search.py)."""
    return BigramTokenizer()
