"""File -> :class:`~bpolint.model.Document`. One module per format, chosen by suffix."""
from __future__ import annotations

import importlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import BpolintError
from ..model import Document
from .convert import CONVERTIBLE, looks_like, office, to_docx
from ..reading import read_input, stat_input

# suffix -> module that defines ``extract(path, data, options) -> Document``
FORMATS: dict[str, str] = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
}

# Safety limits (README "Limits"): generous for any real contract, fatal to a hostile file.
MAX_BYTES = 64 * 1024 * 1024
DOCX_MAX_ENTRIES = 10_000
DOCX_MAX_UNPACKED = 256 * 1024 * 1024
DOCX_MAX_RATIO = 100
PDF_MAX_PAGES = 2_000
PDF_MAX_DEPTH = 32
PDF_PAGE_SECONDS = 20.0


@dataclass(frozen=True)
class ExtractOptions:
    changes: str = "accepted"  # accepted | original (DOCX tracked changes)
    max_bytes: int = MAX_BYTES  # the input file
    docx_max_entries: int = DOCX_MAX_ENTRIES  # files in the ZIP package
    docx_max_unpacked: int = DOCX_MAX_UNPACKED  # bytes of all entries once inflated
    docx_max_ratio: int = DOCX_MAX_RATIO  # inflated : stored, for entries over 1 MiB
    pdf_max_pages: int = PDF_MAX_PAGES
    pdf_max_depth: int = PDF_MAX_DEPTH  # form XObjects drawn inside one another
    pdf_page_seconds: float = PDF_PAGE_SECONDS  # reading one page's text


def supported_formats() -> str:
    return ", ".join(sorted({s for s in FORMATS if s not in (".text", ".markdown")}))


def read_contract(path: str | os.PathLike, options: ExtractOptions | None = None) -> bytes:
    """The bytes of a contract file, after the checks that need no parsing; or a one-line :class:`BpolintError`."""
    options = options or ExtractOptions()
    p = Path(path)
    name = str(path)
    if stat.S_ISDIR(stat_input(p, name).st_mode):
        raise BpolintError("E102", name, detail={"formats": supported_formats()})
    _check_suffix(name, p.suffix.lower())
    data = read_input(p, name, options.max_bytes)
    if not data.strip():
        raise BpolintError("E303", name)
    return data


def extract(path: str | os.PathLike, options: ExtractOptions | None = None, data: bytes | None = None) -> Document:
    """Read ``path`` into a Document, or raise a one-line :class:`BpolintError`.

    ``data`` is the file's bytes when they were read elsewhere (sent by a client to a
    worker that cannot see the file); ``path`` then only names it.
    """
    options = options or ExtractOptions()
    name = str(path)
    suffix = Path(path).suffix.lower()
    if data is None:
        data = read_contract(path, options)
    else:
        _check_suffix(name, suffix)
        if len(data) > options.max_bytes:
            raise BpolintError("E304", name, detail={"size": len(data), "limit": options.max_bytes})
        if not data.strip():
            raise BpolintError("E303", name)
    if suffix in CONVERTIBLE and office() is not None:  # .doc/.rtf/.odt via LibreOffice
        if not looks_like(suffix, data):
            raise _unsupported(name, suffix)
        data = to_docx(data, suffix, name)
        suffix = ".docx"
    module = importlib.import_module(f"{__name__}.{FORMATS[suffix]}")
    doc = module.extract(name, data, options)
    if not doc.blocks:
        raise BpolintError("E303", name)
    return doc


def _unsupported(name: str, suffix: str) -> BpolintError:
    return BpolintError("E301", name, detail={"suffix": suffix or "(none)", "formats": supported_formats()})


def _check_suffix(name: str, suffix: str) -> None:
    if suffix not in FORMATS and not (suffix in CONVERTIBLE and office() is not None):
        raise _unsupported(name, suffix)
