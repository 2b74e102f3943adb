"""Checks on a DOCX (ZIP) package before any part of it is inflated or parsed.

A zip bomb is refused from the central directory alone: the entry count (read from the
end-of-central-directory record, before the directory itself is loaded), the total
uncompressed size and each large entry's compression ratio. Python's ``zipfile``
never inflates more than an entry's declared size, so the declared sizes bound what
the parsers later get. Every XML part is then read up to its root element: a part
that declares a DOCTYPE is refused, so no DTD, entity declaration or external entity
ever reaches an XML parser (Word never writes one).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..errors import BpolintError

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD_MAX_COMMENT = 65535
# Compression methods Python's zipfile inflates (stored, deflate, bzip2, LZMA).
_METHODS = {0, 8, 12, 14}
_XML_SUFFIXES = (".xml", ".rels")
_PROLOGUE_BYTES = 64 * 1024  # a prologue (declaration, comments) longer than this is refused
_RATIO_FLOOR = 1024 * 1024  # entries smaller than this inflate harmlessly whatever their ratio


def check_package(name: str, data: bytes, limits) -> None:
    """Raise a coded error unless ``data`` is a ZIP package within ``limits``.

    ``limits`` has ``docx_max_entries``, ``docx_max_unpacked`` (bytes) and
    ``docx_max_ratio``. E313 corrupt ZIP, E314 not a ZIP at all, E309 encrypted
    entries, E315 beyond a limit, E316 a part with a DOCTYPE.
    """
    if not data.startswith(b"PK"):
        raise BpolintError("E314", name, detail={"detail": "not a ZIP package"})
    count = _entry_count(name, data)
    if count > limits.docx_max_entries:
        raise BpolintError("E315", name, detail={"detail": f"{count} entries in the package",
                                                 "limit": f"{limits.docx_max_entries} entries"})
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error) as exc:
        raise _corrupt(name, exc) from None
    with package:
        entries = package.infolist()
        _check_sizes(name, entries, limits)
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise BpolintError("E309", name, detail={"kind": "DOCX"})
            if entry.compress_type not in _METHODS:
                raise BpolintError("E313", name, detail={"detail": f"{entry.filename}: unknown compression "
                                                                   f"method {entry.compress_type}"})
        for entry in entries:
            if entry.filename.lower().endswith(_XML_SUFFIXES) and entry.file_size:
                _check_prologue(name, package, entry)


def _entry_count(name: str, data: bytes) -> int:
    """Entries declared by the end-of-central-directory record (ZIP64 where it says so)."""
    at = data.rfind(_EOCD, max(0, len(data) - 22 - _EOCD_MAX_COMMENT))
    if at < 0 or len(data) < at + 22:
        raise BpolintError("E313", name, detail={"detail": "no end-of-central-directory record"})
    count = struct.unpack_from("<H", data, at + 10)[0]
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and data[locator:locator + 4] == _EOCD64_LOCATOR:
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if data[record:record + 4] == b"PK\x06\x06" and len(data) >= record + 40:
            count = struct.unpack_from("<Q", data, record + 32)[0]
    return count


def _check_sizes(name: str, entries: list[zipfile.ZipInfo], limits) -> None:
    total = sum(e.file_size for e in entries)
    if total > limits.docx_max_unpacked:
        raise BpolintError("E315", name, detail={"detail": f"it unpacks to {total} bytes (a zip bomb?)",
                                                 "limit": f"{limits.docx_max_unpacked} bytes"})
    for e in entries:
        if e.file_size > _RATIO_FLOOR and e.file_size > limits.docx_max_ratio * max(e.compress_size, 1):
            ratio = e.file_size // max(e.compress_size, 1)
            raise BpolintError("E315", name, detail={"detail": f"{e.filename} inflates {ratio}:1 (a zip bomb?)",
                                                     "limit": f"{limits.docx_max_ratio}:1"})


def _check_prologue(name: str, package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    try:
        with package.open(entry) as fh:
            head = fh.read(_PROLOGUE_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise _corrupt(name, exc) from None
    verdict = prologue_verdict(head, complete=len(head) == entry.file_size)
    if verdict == "doctype":
        raise BpolintError("E316", name, detail={"part": entry.filename})
    if verdict == "not xml":
        raise BpolintError("E305", name, detail={"kind": "DOCX", "detail": f"part {entry.filename} is not XML"})
    if verdict == "too long":
        raise BpolintError("E315", name, detail={"detail": f"{entry.filename} has an XML prologue over "
                                                           f"{_PROLOGUE_BYTES} bytes",
                                                 "limit": f"{_PROLOGUE_BYTES} bytes"})


def prologue_verdict(head: bytes, complete: bool = True) -> str:
    """"ok", "doctype" (the prologue declares a DTD), "not xml" or "too long" (no root in ``head``).

    The prologue is what precedes the root element: the XML declaration, processing
    instructions, comments and white space. Anything else starting with ``<!`` there is
    a document type declaration.
    """
    text = _markup(head)
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
        elif text.startswith("<!", pos):
            return "doctype"
        elif pos >= len(text):
            return "ok" if complete else "too long"
        else:
            return "ok" if text[pos] == "<" else "not xml"
        if end < 0:
            return "ok" if complete else "too long"  # unclosed: the parser reports it
        pos = end + 2 if text[pos + 1] == "?" else end + 3


def _markup(head: bytes) -> str:
    """The prologue's markup as ASCII, whatever the encoding: markup characters are ASCII,
    so dropping a byte-order mark and the zero bytes of UTF-16 or UTF-32 leaves them."""
    for bom in (b"\xef\xbb\xbf", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.replace(b"\x00", b"").decode("latin-1")


def _corrupt(name: str, exc: BaseException) -> BpolintError:
    text = str(exc).strip().splitlines()
    return BpolintError("E313", name, detail={"detail": text[0] if text else type(exc).__name__})
