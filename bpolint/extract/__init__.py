"""File -> :class:`~bpolint.model.Document`. One module per format, chosen by suffix."""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import BpolintError
from ..model import Document
from .convert import CONVERTIBLE, looks_like, office, to_docx

# suffix -> module that defines ``extract(path, data, options) -> Document``
FORMATS: dict[str, str] = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
}

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ExtractOptions:
    changes: str = "accepted"  # accepted | original (DOCX tracked changes)
    max_bytes: int = MAX_BYTES


def supported_formats() -> str:
    return ", ".join(sorted({s for s in FORMATS if s not in (".text", ".markdown")}))


def extract(path: str | os.PathLike, options: ExtractOptions | None = None) -> Document:
    """Read ``path`` into a Document, or raise a one-line :class:`BpolintError`."""
    options = options or ExtractOptions()
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise BpolintError("E101", name)
    if p.is_dir():
        raise BpolintError("E102", name, detail={"formats": supported_formats()})
    unsupported = BpolintError("E301", name, detail={"suffix": suffix or "(none)", "formats": supported_formats()})
    converted = suffix in CONVERTIBLE and office() is not None  # .doc/.rtf/.odt via LibreOffice
    if suffix not in FORMATS and not converted:
        raise unsupported
    try:
        size = p.stat().st_size
        if size > options.max_bytes:
            raise BpolintError("E304", name, detail={"size": size, "limit": options.max_bytes})
        data = p.read_bytes()
    except OSError as exc:
        raise BpolintError("E308", name, detail={"detail": exc.strerror or str(exc)}) from None
    if not data.strip():
        raise BpolintError("E303", name)
    if converted:
        if not looks_like(suffix, data):
            raise unsupported
        data = to_docx(p, name)
    module = importlib.import_module(f"{__name__}.{FORMATS['.docx' if converted else suffix]}")
    doc = module.extract(name, data, options)
    if not doc.blocks:
        raise BpolintError("E303", name)
    return doc
