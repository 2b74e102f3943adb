"""A multipart upload streamed into a private folder, within a size limit.

The body is counted as it arrives and the upload stops at the limit, before the rest is
read. Files are written straight into the request's own folder (mode 0700, removed by
the caller after the response); only small text fields are held in memory. A file's
type is checked by its content (ZIP and OLE signatures, the PDF header, text decoding)
by the extractors, in a worker process, so the messages are the CLI's own; here, a file
sent without a suffix only gets the one its first bytes call for.
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header

from ..errors import BpolintError

FILE_FIELDS = ("file", "against")  # contract uploads; every other field is a short text value
MAX_FILES = 50
MAX_FIELDS = 32
MAX_FIELD_BYTES = 1024
FRAMING_BYTES = 64 * 1024  # room for the multipart boundaries and part headers around the files
MAX_NAME_BYTES = 150


@dataclass(frozen=True)
class Upload:
    field: str  # the form field it came in ("file" or "against")
    name: str  # the safe file name it is saved under, and that reports show


@dataclass
class Form:
    folder: Path
    files: list[Upload] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def files_in(self, name: str) -> list[Upload]:
        return [u for u in self.files if u.field == name]

    def values(self, name: str) -> list[str]:
        """Every value of a text field; a comma-separated value counts as several."""
        return [v.strip() for raw in self.fields.get(name, []) for v in raw.split(",") if v.strip()]


def upload_error(detail: str) -> BpolintError:
    return BpolintError("E155", None, None, {"detail": detail})


def too_large(limit_mb: float) -> BpolintError:
    return BpolintError("E154", None, None, {"limit": f"{limit_mb:g}"})


def check_declared_size(content_length: str | None, limit_mb: float) -> None:
    """Refuse at once a body whose declared length is over the limit: nothing of it is read."""
    if content_length and content_length.strip().isdigit() and int(content_length) > _limit_bytes(limit_mb):
        raise too_large(limit_mb)


async def receive_form(content_type: str | None, stream: AsyncIterator[bytes], folder: Path,
                       limit_mb: float) -> Form:
    """Read a multipart/form-data body from ``stream`` into ``folder``.

    Raises E154 as soon as more than the limit has arrived and E155 for a body that is
    not a well-formed multipart form; the caller removes ``folder`` in every case.
    """
    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise upload_error("send the files as multipart/form-data")
    reader = _Reader(folder)
    parser = MultipartParser(boundary, reader.callbacks())
    limit = _limit_bytes(limit_mb)
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > limit:
                raise too_large(limit_mb)
            try:
                parser.write(chunk)
            except BpolintError:
                raise
            except Exception:  # noqa: BLE001 - python-multipart's errors on malformed framing
                raise upload_error("malformed multipart body") from None
        parser.finalize()
    finally:
        reader.close()
    if not reader.ended:
        raise upload_error("the body ended before the last part")
    return reader.form


def _limit_bytes(limit_mb: float) -> int:
    return int(limit_mb * 1024 * 1024) + FRAMING_BYTES


class _Reader:
    """python-multipart callbacks: part headers parsed, file parts written to disk."""

    def __init__(self, folder: Path) -> None:
        self.form = Form(folder)
        self.ended = False
        self._taken: set[str] = set()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._field = ""
        self._raw_name: str | None = None
        self._name: str | None = None
        self._text = bytearray()
        self._file: BinaryIO | None = None
        self._size = 0
        self._fields = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self._part_begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value_data, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
                "on_part_end": self._part_end, "on_end": self._end}

    def _part_begin(self) -> None:
        self._disposition = b""
        self._field, self._raw_name, self._name = "", None, None
        self._text = bytearray()
        self._size = 0

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def _headers_finished(self) -> None:
        disposition, options = parse_options_header(self._disposition)
        if disposition != b"form-data" or b"name" not in options:
            raise upload_error("a part without a form-data name")
        self._field = options[b"name"].decode("utf-8", "replace")
        if b"filename" not in options:
            self._fields += 1
            if self._fields > MAX_FIELDS:
                raise upload_error(f"more than {MAX_FIELDS} form fields")
            return
        if self._field not in FILE_FIELDS:
            raise upload_error(f"a file in the field {self._field!r} (send contracts in 'file')")
        self._raw_name = options[b"filename"].decode("utf-8", "replace")
        if not self._raw_name:
            return  # a file input left empty: browsers send an empty part
        if len(self.form.files) >= MAX_FILES:
            raise upload_error(f"more than {MAX_FILES} files in one upload")
        self._name = safe_name(self._raw_name, self._taken)
        self._taken.add(self._name.lower())
        # O_EXCL: the name is new in a folder only this request writes to
        fd = os.open(self.form.folder / self._name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        self._file = os.fdopen(fd, "wb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._file.write(data[start:end])
            self._size += end - start
        elif self._raw_name is None:
            self._text += data[start:end]
            if len(self._text) > MAX_FIELD_BYTES:
                raise upload_error(f"the field {self._field!r} is longer than {MAX_FIELD_BYTES} bytes")
        elif end > start:
            raise upload_error("a file part without a file name")

    def _part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            name = self._name or ""
            if not os.path.splitext(name)[1]:
                name = self._with_suffix(name)
            self.form.files.append(Upload(self._field, name))
        elif self._raw_name is None:
            self.form.fields.setdefault(self._field, []).append(self._text.decode("utf-8", "replace"))

    def _with_suffix(self, name: str) -> str:
        """A file sent without a suffix is named by its first bytes, so that the extractor
        that checks it is the one its content calls for (and the CLI's messages follow)."""
        path = self.form.folder / name
        with open(path, "rb") as fh:
            head = fh.read(8)
        suffix = ".docx" if head.startswith(b"PK\x03\x04") else ".pdf" if head.startswith(b"%PDF-") else ".txt"
        renamed = safe_name(name + suffix, self._taken)
        os.rename(path, self.form.folder / renamed)
        self._taken.add(renamed.lower())
        return renamed

    def _end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def safe_name(raw: str, taken: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """The name a browser sent, as a plain file name: no folders, no control characters, not
    hidden, at most 150 bytes, and distinct (case-insensitively) from ``taken``."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if ch.isprintable() and ch != "\x00")
    name = " ".join(name.split()).lstrip(". ")
    stem, suffix = os.path.splitext(name)
    if not stem:  # ".docx" alone, or nothing at all
        stem, suffix = "upload", suffix or ""
    suffix = suffix if len(suffix) <= 16 else ""
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    candidate, n = stem + suffix, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    return candidate
