"""Pages served in traditional characters (a big5 gateway such as big5.www.gov.cn, a reposting site).

The knowledge base is written in simplified characters: its titles, issuers and 文号 are what a user
searches and what other texts cite (安监总调度〔2006〕126号, not 安監總調度〔2006〕126號). So the head,
the 落款 and the adoption history of such a page are read from a simplified reading of its lines, while
the text itself keeps the characters it was written in (content fidelity). OpenCC's t2s tables do the
reading: they know the one-to-many cases (於/于, 乾/干, 後/后) that a character list would get wrong.

Pages typed with full-width digits (２０２２年５月２６日, 某应急〔２０２２〕１５号) are read the same way, with
ASCII digits: a date or 文号 in the metadata is written in those.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_HAN = re.compile(r"[\u4e00-\u9fff]")
# A simplified text changes in no character under t2s (measured on the corpus, the seeds, content/ and
# the test sources: 0 of 1.35 million); the traditional pages seen change a quarter to a third of theirs.
_SHARE = 0.05
_AT_LEAST = 5


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The same text in simplified characters, character for character (t2s keeps the length)."""
    return _t2s().convert(text)


# A site that prints the reading of some characters after them (生產(chǎn), 直(zhi)轄(xia)): pinyin in
# brackets right after a Han character, which no name or title holds.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6})\)")


def has_pinyin(text: str) -> bool:
    return bool(_PINYIN.search(text))


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def has_fullwidth_digits(text: str) -> bool:
    return any("０" <= ch <= "９" for ch in text)


def for_reading(text: str) -> str:
    """A line as the metadata are read from it: in simplified characters with ASCII digits, without printed
    pinyin."""
    return _PINYIN.sub("", to_simplified(text)).translate(_FULLWIDTH_DIGITS)


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters."""
    han = len(_HAN.findall(text))
    changed = sum(1 for a, b in zip(text, to_simplified(text), strict=False) if a != b)
    return changed >= _AT_LEAST and changed >= _SHARE * han
