"""The PDFium calls the PDF reader makes, bound to the library that pypdfium2 ships.

Importing pypdfium2 declares its whole API (some 500 functions) and its helper
classes: about 35 ms of CPU, a tenth of ``bpolint extract`` on a 60-page PDF,
where these few declarations take a few. Errors keep pypdfium2's messages, which
bpolint's own quote ("(PDFium: Data format error)").
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from codecs import decode

ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
PAGEOBJ_FORM = 5  # FPDF_PAGEOBJ_FORM
_ERRORS = {0: "Success", 1: "Unknown error", 2: "File access error", 3: "Data format error",
           4: "Incorrect password error", 5: "Unsupported security scheme error", 6: "Page not found or content error"}
_DEGREES = {0: 0, 1: 90, 2: 180, 3: 270}  # FPDFPage_GetRotation's quarter turns
_LETTER = (0, 0, 612, 792)  # the MediaBox of a page that defines none
_LIBRARY = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")


class PdfiumError(RuntimeError):
    def __init__(self, message: str, err_code: int | None = None) -> None:
        super().__init__(message)
        self.err_code = err_code


class Rect(ctypes.Structure):
    _fields_ = [("left", ctypes.c_float), ("top", ctypes.c_float), ("right", ctypes.c_float),
                ("bottom", ctypes.c_float)]


class _Config(ctypes.Structure):  # FPDF_LIBRARY_CONFIG, version 2
    _fields_ = [("version", ctypes.c_int), ("user_font_paths", ctypes.c_void_p), ("isolate", ctypes.c_void_p),
                ("v8_embedder_slot", ctypes.c_uint)]


def _load() -> ctypes.CDLL:
    """pypdfium2's own copy of the library, or the one its bindings load (a build against
    a PDFium installed elsewhere)."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, _LIBRARY)
        if os.path.isfile(path):
            return ctypes.CDLL(path)
    from pypdfium2_raw import bindings
    return bindings._libs["pdfium"]


_lib = _load()
_P, _INT, _UINT, _FLOAT_P = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ctypes.c_float)


def _function(name: str, restype, *argtypes):
    function = _lib[name]  # a new function object: pypdfium2's declarations are left alone
    function.restype = restype
    function.argtypes = argtypes
    return function


_init = _function("FPDF_InitLibraryWithConfig", None, ctypes.POINTER(_Config))
_load_document = _function("FPDF_LoadMemDocument64", _P, _P, ctypes.c_size_t, ctypes.c_char_p)
_last_error = _function("FPDF_GetLastError", ctypes.c_ulong)
_page_count = _function("FPDF_GetPageCount", _INT, _P)
_close_document = _function("FPDF_CloseDocument", None, _P)
_load_page = _function("FPDF_LoadPage", _P, _P, _INT)
_close_page = _function("FPDF_ClosePage", None, _P)
_media_box = _function("FPDFPage_GetMediaBox", _INT, _P, _FLOAT_P, _FLOAT_P, _FLOAT_P, _FLOAT_P)
_rotation = _function("FPDFPage_GetRotation", _INT, _P)
count_objects = _function("FPDFPage_CountObjects", _INT, _P)
get_object = _function("FPDFPage_GetObject", _P, _P, _INT)
object_type = _function("FPDFPageObj_GetType", _INT, _P)
form_count_objects = _function("FPDFFormObj_CountObjects", _INT, _P)
form_get_object = _function("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong)
_load_text = _function("FPDFText_LoadPage", _P, _P)
_close_text = _function("FPDFText_ClosePage", None, _P)
_count_chars = _function("FPDFText_CountChars", _INT, _P)
_text_index = _function("FPDFText_GetTextIndexFromCharIndex", _INT, _P, _INT)
_get_text = _function("FPDFText_GetText", _INT, _P, _INT, _INT, ctypes.POINTER(ctypes.c_ushort))
get_unicode = _function("FPDFText_GetUnicode", _UINT, _P, _INT)
# Called twice for every word: without declared argument types, which would cost twice
# the call itself. Pass a c_void_p text page, an int and ``byref`` of a Rect.
loose_char_box = _lib["FPDFText_GetLooseCharBox"]
loose_char_box.restype = _INT

_init(ctypes.byref(_Config(version=2)))  # PDFium ignores a second initialisation (pypdfium2's)


class Document:
    """A PDF opened from bytes, which PDFium reads until :meth:`close`."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        handle = _load_document(data, len(data), None)
        if _page_count(handle) < 1:
            code = _last_error()
            if handle:
                _close_document(handle)
            raise PdfiumError(f"Failed to load document (PDFium: {_ERRORS.get(code, f'Unhandled constant {code}')}).",
                              err_code=code)
        self.handle = handle

    def __len__(self) -> int:
        return _page_count(self.handle)

    def page(self, index: int) -> Page:
        handle = _load_page(self.handle, index)
        if not handle:
            raise PdfiumError("Failed to load page.")
        return Page(handle)

    def close(self) -> None:
        if self.handle:
            _close_document(self.handle)
            self.handle = None


class Page:
    def __init__(self, handle: int) -> None:
        self.handle = handle

    def mediabox(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top); US Letter where the page defines none."""
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not _media_box(self.handle, left, bottom, right, top):
            return _LETTER
        return left.value, bottom.value, right.value, top.value

    def rotation(self) -> int:
        """Clockwise, in degrees."""
        turns = _rotation(self.handle)
        if turns == -1:
            raise PdfiumError("Failed to get page rotation.")
        return _DEGREES[turns]

    def textpage(self) -> TextPage:
        handle = _load_text(self.handle)
        if not handle:
            raise PdfiumError("Failed to load text page.")
        return TextPage(handle)

    def close(self) -> None:
        if self.handle:
            _close_page(self.handle)
            self.handle = None


class TextPage:
    def __init__(self, handle: int) -> None:
        self.handle = handle

    def count_chars(self) -> int:
        count = _count_chars(self.handle)
        if count == -1:
            raise PdfiumError("Failed to get character count.")
        return count

    def text(self) -> str:
        """The page's text, as pypdfium2's ``get_text_range()`` reads it: from the first to
        the last character that the text holds (PDFium may leave some out at either end),
        decoded from UTF-16 dropping what does not decode."""
        count = self.count_chars()
        first, last = 0, count - 1
        while first <= last and _text_index(self.handle, first) == -1:
            first += 1
        if first > last:
            return ""
        start = _text_index(self.handle, first)
        while _text_index(self.handle, last) == -1:
            last -= 1
        end = _text_index(self.handle, last)
        size = end + 2 - start  # with the NUL terminator
        buffer = (ctypes.c_ushort * size)()
        written = _get_text(self.handle, first, last + 1 - first, buffer)
        assert size >= written, f"Buffer too small: {size} vs {written}"
        return decode(memoryview(buffer)[:written - 1], "utf-16-le", errors="ignore")

    def close(self) -> None:
        if self.handle:
            _close_text(self.handle)
            self.handle = None
