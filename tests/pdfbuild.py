"""Minimal PDFs written byte by byte, for the extractor tests, the hostile cases and the fuzzer.

No PDF library is needed to write them, so a test can build exactly the (possibly broken) structure it means.
"""
from __future__ import annotations

Text = tuple[float, float, str]  # x, y (from the bottom), text


def assemble(objects: list[bytes], root: int = 1) -> bytes:
    """Number the objects from 1, then write the cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def escape(text: str) -> str:
    """A PDF string literal's body; characters outside cp1252 become '?' as the font cannot show them."""
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[list[Text]], drawings: dict[int, str] | None = None, size: int = 11,
             font: str = "Helvetica") -> bytes:
    """One content stream per page, one Type 1 font; ``drawings`` adds path operators to a page."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /%s "
                                       b"/Encoding /WinAnsiEncoding >>" % font.encode()]
    kids = []
    for number, items in enumerate(pages):
        ops = [f"BT /F1 {size} Tf {x} {y} Td ({escape(t)}) Tj ET" for x, y, t in items]
        if drawings and number in drawings:
            ops.append(drawings[number])
        body = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects))
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{k} 0 R" for k in kids).encode(), len(kids))
    return assemble(objects)
