"""Make the screenshots in docs/img/ from the sample drafts in corpora/.

    python bench/report_screenshots.py [--out docs/img]

* ``report-desktop.png``, ``report-print.png``: the HTML gap report of
  ``corpora/it-services/weak.md`` in headless Chromium at 1280x900, and A4 pages 1 and 3
  as printed (``--print-to-pdf``, then ``pdftoppm``);
* ``portfolio-desktop.png``, ``portfolio-print.png``: the same for the report of every
  sample draft in ``corpora/`` (the portfolio matrix, printed on a landscape page);
* ``annotated-docx-start.png``, ``annotated-docx.png``: the same IT draft as a DOCX
  (built here from the Markdown), through ``bpolint annotate``, rendered by LibreOffice
  with the comments in the margin (see ``bench/docx_render.py``): page 1 with the summary
  comment and the missing terms, page 2 with comments on the words they concern.

Needs chromium, pdftoppm and soffice on the PATH.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_render import margin_view, page_image, to_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "it-services" / "weak.md"
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--hide-scrollbars"]


def bpolint(*args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "bpolint", *args], capture_output=True, text=True, cwd=REPO)
    if run.returncode not in (0, 1):
        raise RuntimeError(run.stderr)
    return run.stdout


def desktop(html: Path, out: Path, height: int = 900) -> None:
    subprocess.run(CHROMIUM + [f"--screenshot={out}", f"--window-size=1280,{height}", html.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    _shrink(out)


def printed(html: Path, out: Path, tmp: Path, pages: tuple[int, ...] = (1,), dpi: int = 70) -> None:
    """The printed pages side by side, each with a thin frame."""
    from PIL import Image, ImageOps

    pdf = tmp / (html.stem + ".pdf")
    subprocess.run(CHROMIUM + [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    images = []
    for page in pages:
        image = Image.open(shutil.copy(page_image(pdf, page, dpi, tmp), tmp / f"print-{page}.png")).convert("RGB")
        images.append(ImageOps.expand(image, border=1, fill="#9ca3af"))
    sheet = Image.new("RGB", (sum(i.width for i in images) + 16 * (len(images) + 1), max(i.height for i in images) + 32),
                      "#e5e7eb")
    x = 16
    for image in images:
        sheet.paste(image, (x, 16))
        x += image.width + 16
    sheet.save(out)
    _shrink(out)


def _shrink(png: Path) -> None:
    """Screenshots are flat colour: a 256-colour palette keeps them small and sharp."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def markdown_to_docx(source: Path, target: Path) -> None:
    """A plain Word version of a sample draft: headings, paragraphs with bold runs, tables."""
    import docx

    document = docx.Document()
    lines = source.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)", line)
        if heading:
            level = len(heading.group(1))
            document.add_heading(heading.group(2), level=0 if level == 1 else level - 1)
        elif line.strip():
            para = document.add_paragraph()
            for k, part in enumerate(re.split(r"\*\*", line)):
                if part:
                    para.add_run(part.replace("'", "\u2019")).bold = k % 2 == 1
        i += 1
    document.save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        single = tmp / "gap-report.html"
        bpolint("report", str(SAMPLE), "--service", "it-services", "--format", "html", "-o", str(single))
        desktop(single, args.out / "report-desktop.png")
        printed(single, args.out / "report-print.png", tmp, pages=(1, 3))

        portfolio = tmp / "portfolio.html"
        drafts = sorted(str(d) for d in (REPO / "corpora").rglob("*") if d.suffix in (".md", ".txt") and d.name != "README.md")
        bpolint("report", *drafts, "--format", "html", "-o", str(portfolio))
        desktop(portfolio, args.out / "portfolio-desktop.png")
        printed(portfolio, args.out / "portfolio-print.png", tmp)

        draft = tmp / "it-services-draft.docx"
        markdown_to_docx(SAMPLE, draft)
        reviewed = tmp / "it-services-draft-reviewed.docx"
        print(bpolint("annotate", str(draft), "-o", str(reviewed), "--service", "it-services").strip())
        pdf = to_pdf(reviewed, tmp)
        margin_view(pdf, 1, args.out / "annotated-docx-start.png")
        margin_view(pdf, 2, args.out / "annotated-docx.png")
        _shrink(args.out / "annotated-docx-start.png")
        _shrink(args.out / "annotated-docx.png")
    for png in sorted(args.out.glob("*.png")):
        print(f"{png}: {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
