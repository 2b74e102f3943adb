"""Make the negotiation screenshots in docs/img/ from a sample draft in corpora/.

    python bench/negotiate_screenshots.py [--out docs/img]

Runs ``bpolint negotiate corpora/it-services/weak.md`` as a user would (dated 14 March
2025 through ``SOURCE_DATE_EPOCH``) and renders what it writes:

* ``negotiate-issues-docx.png``: page 1 of the Word issues list, converted to PDF by
  LibreOffice (``soffice --headless --convert-to pdf``) and rasterised by ``pdftoppm``;
* ``negotiate-letter-docx.png``: page 1 of the Word covering letter (``--letter``), the same way;
* ``negotiate-issues-html.png``: the HTML issues list in headless Chromium at 1400x900.

Needs soffice, pdftoppm and chromium on the PATH.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_render import page_image, to_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = Path("corpora") / "it-services" / "weak.md"
DATE = "1741910400"  # 14 March 2025, 00:00 UTC
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--hide-scrollbars"]


def negotiate(*args: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=DATE)
    run = subprocess.run([sys.executable, "-m", "bpolint", "negotiate", str(SAMPLE), "--no-config", *args],
                         capture_output=True, text=True, cwd=REPO, env=env)
    if run.returncode != 0:
        raise RuntimeError(run.stderr)


def first_page(docx: Path, out: Path, tmp: Path, dpi: int) -> None:
    """Page 1 of a Word file as LibreOffice lays it out (the gap report's helpers)."""
    pdf = to_pdf(docx, tmp)
    shutil.copy(page_image(pdf, 1, dpi, tmp), out)
    _shrink(out)


def desktop(html: Path, out: Path) -> None:
    subprocess.run(CHROMIUM + [f"--screenshot={out}", "--window-size=1400,900", html.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    _shrink(out)


def _shrink(png: Path) -> None:
    """Screenshots are flat colour: a 256-colour palette keeps them small and sharp (when Pillow is there)."""
    try:
        from PIL import Image
    except ImportError:
        return
    image = Image.open(png).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(REPO / "docs" / "img"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        negotiate("--format", "docx", "-o", str(tmp / "issues.docx"), "--letter")
        negotiate("--format", "html", "-o", str(tmp / "issues.html"))
        first_page(tmp / "issues.docx", out / "negotiate-issues-docx.png", tmp, 80)
        first_page(tmp / "issues-letter.docx", out / "negotiate-letter-docx.png", tmp, 70)
        desktop(tmp / "issues.html", out / "negotiate-issues-html.png")
    for name in ("negotiate-issues-docx.png", "negotiate-letter-docx.png", "negotiate-issues-html.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
