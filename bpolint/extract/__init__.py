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


def extract(path: str | os.PathLike, options: ExtractOptions | None = None) -> Document:
    """Read ``path`` into a Document, or raise a one-line :class:`BpolintError`."""
    options = options or ExtractOptions()
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if stat.S_ISDIR(stat_input(p, name).st_mode):
        raise BpolintError("E102", name, detail={"formats": supported_formats()})
    unsupported = BpolintError("E301", name, detail={"suffix": suffix or "(none)", "formats": supported_formats()})
    converted = suffix in CONVERTIBLE and office() is not None  # .doc/.rtf/.odt via LibreOffice
    if suffix not in FORMATS and not converted:
        raise unsupported
    data = read_input(p, name, options.max_bytes)
    if not data.strip():
        raise BpolintError("E303", name)
    if converted:
        if not looks_like(suffix, data):
            raise unsupported
        data = to_docx(data, suffix, name)
    module = importlib.import_module(f"{__name__}.{FORMATS['.docx' if converted else suffix]}")
    doc = module.extract(name, data, options)
    if not doc.blocks:
        raise BpolintError("E303", name)
    return doc
