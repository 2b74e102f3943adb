"""Render a DOCX with LibreOffice and read back the comments it placed.

Shared by ``bench/annotate_real.py`` (does every annotated draft open, and does
LibreOffice see every comment?) and ``bench/report_screenshots.py`` (the annotated
draft with its comments in the margin).

LibreOffice exports each Word comment as a PDF text annotation at the place it anchors
the comment. The LibreOffice on the development machine (7.4, without its desktop UI
files) has no ``ExportNotesInMargin`` PDF option and cannot lay comments out in the margin
itself, so ``margin_view`` draws the annotations' text in a margin beside LibreOffice's page
image, each joined to the point where LibreOffice anchored it.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

# Word comments become PDF annotations (ExportNotes); newer LibreOffice can also lay them
# out in the margin (ExportNotesInMargin), which 7.4 ignores.
EXPORT_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Note:
    page: int  # 1-based
    x: float  # PDF points from the left
    y: float  # PDF points from the top
    author: str
    text: str


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path, timeout: int = 180) -> Path:
    """Convert with LibreOffice (its own profile, so a running office is not disturbed)."""
    profile = Path(tempfile.mkdtemp(prefix="bpolint-lo-"))
    try:
        cmd = [soffice() or "soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", EXPORT_WITH_COMMENTS, "--outdir", str(out_dir), str(docx)]
        subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice did not convert {docx}")
    return pdf


def notes(pdf: Path) -> list[Note]:
    """The comment annotations LibreOffice wrote, page by page."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            for ref in resolve1(page.page_obj.attrs.get("Annots")) or []:
                annot = resolve1(ref)
                if getattr(resolve1(annot.get("Subtype")), "name", None) != "Text":
                    continue
                x0, y0, x1, y1 = (float(v) for v in resolve1(annot["Rect"]))
                out.append(Note(number, x0, float(page.height) - y1, _text(annot.get("T")), _text(annot.get("Contents"))))
    return out


def _text(value) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)
    return str(value or "")


def page_image(pdf: Path, page: int, dpi: int, out_dir: Path) -> Path:
    stem = out_dir / f"page-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return stem.with_suffix(".png")


def margin_view(pdf: Path, page: int, out: Path, dpi: int = 80, width: int = 380, max_lines: int = 4):
    """LibreOffice's page with its comments drawn in a right-hand margin, each joined to the
    point where LibreOffice anchored it (the end of the commented words)."""
    from PIL import Image, ImageDraw, ImageFont

    with tempfile.TemporaryDirectory() as tmp:
        page_png = page_image(pdf, page, dpi, Path(tmp))
        base = Image.open(page_png).convert("RGB")
    scale = dpi / 72
    canvas = Image.new("RGB", (base.width + width, base.height), "#f3f4f6")
    canvas.paste(base, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT, 11)
    bold = ImageFont.truetype(FONT_BOLD, 11)
    line_h = 14
    chars = int((width - 34) / 6.9)  # bold DejaVu at 11 px
    y_next = 8
    page_notes = sorted((n for n in notes(pdf) if n.page == page), key=lambda n: (n.y, n.x))
    left = base.width + 12
    for i, note in enumerate(page_notes):
        paragraphs = [para for para in note.text.splitlines() if para.strip()] or [""]
        head = textwrap.wrap(f"{note.author.split(',')[0]}: {paragraphs[0]}", chars)
        body = [line for para in paragraphs[1:] for line in textwrap.wrap(para, chars)]
        shown = head[:2] + body[: max(max_lines - len(head[:2]), 0)]
        if len(head) + len(body) > len(shown):
            shown[-1] = shown[-1][: chars - 1].rstrip() + "\u2026"
        height = line_h * len(shown) + 10
        anchor = (note.x * scale, note.y * scale + 4)
        top = max(y_next, anchor[1] - 8)
        if top + height > canvas.height - 26:
            rest = len(page_notes) - i
            draw.text((left, canvas.height - 22), f"+ {rest} more comment{'s' if rest != 1 else ''} on this page",
                      font=bold, fill="#374151")
            break
        draw.rectangle([left, top, left + width - 24, top + height], fill="#fff8c5", outline="#b58900")
        # like a word processor's margin: along the line to the page edge, then to the comment
        edge = base.width - 6
        draw.line([anchor, (edge, anchor[1]), (left, top + 8)], fill="#b58900", width=1)
        draw.ellipse([anchor[0] - 3, anchor[1] - 3, anchor[0] + 3, anchor[1] + 3], outline="#b45309", width=2)
        for k, text in enumerate(shown):
            draw.text((left + 6, top + 4 + line_h * k), text, font=bold if k < len(head[:2]) else font, fill="#1f2937")
        y_next = top + height + 6
    canvas.save(out, optimize=True)
    return out
