"""Bytes -> str for text formats: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252."""
from __future__ import annotations

import codecs

from ..errors import BpolintError, warning_text

_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127}


def decode_text(name: str, data: bytes) -> tuple[str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(name, data[3:], "utf-8"), []
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(name, data, "utf-16"), []
    sample = data[:65536]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > max(8, len(sample) // 100):
        raise BpolintError("E302", name)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [warning_text("W301")]


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BpolintError("E305", name, detail={"kind": "text", "detail": f"invalid {encoding}: {exc.reason}"}) from None
    return text.lstrip("\ufeff")
