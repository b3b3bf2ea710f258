"""Step 1 of the importer: bytes → text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030)."""

from __future__ import annotations

import codecs
import unicodedata

from kb.errors import AnbiaoError


def decode_bytes(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name). Refuses empty and binary input with a message that says why."""
    if not raw.strip():
        raise AnbiaoError(f"{name}: 文件为空，没有可导入的文字")
    if raw.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(raw[len(codecs.BOM_UTF8):], "utf-8", name), "UTF-8（带 BOM）"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(raw, "utf-16", name), "UTF-16"
    else:
        if b"\x00" in raw:
            raise AnbiaoError(f"{name}: 不是文本文件（含二进制数据）；请先从 PDF/Word 中提取为纯文本再导入")
        try:
            text, encoding = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("gb18030"), "GB18030"
            except UnicodeDecodeError:
                raise AnbiaoError(
                    f"{name}: 无法识别编码（既不是 UTF-8 也不是 GB18030）；请另存为 UTF-8 文本后再导入") from None
    _refuse_binary(text, name)
    if not text.strip():
        raise AnbiaoError(f"{name}: 文件为空，没有可导入的文字")
    return text, encoding


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise AnbiaoError(f"{name}: 声明为 {encoding} 但第 {exc.start} 字节无法解码；请检查文件是否损坏") from None


def _refuse_binary(text: str, name: str) -> None:
    """GB18030 decodes most byte soup; real policy text is mostly Han characters and punctuation."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    visible = sum(1 for ch in sample if not ch.isspace()) or 1
    if controls > 0.01 * visible or odd > 0.01 * visible:
        raise AnbiaoError(f"{name}: 不是文本文件（含控制字符或无效字符）；请先提取为纯文本再导入")
    if han < 0.2 * visible:
        raise AnbiaoError(f"{name}: 文字中汉字太少（{han}/{visible}），不像政策文件正文；请检查编码或内容")
