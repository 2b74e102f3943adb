"""Make the screenshots of the web page in docs/img/.

    python bench/web_screenshots.py [--out docs/img]

Starts ``bpolint serve --port 0``, opens the page in headless Chromium (Playwright, with
Debian's ``/usr/bin/chromium``) on a 1280x800 laptop screen and saves

* ``web-page.png``: the page before an upload, with the sample drafts chosen;
* ``web-results.png``: the results after uploading ``corpora/it-services/weak.md`` as a
  DOCX (built here as in ``report_screenshots.py``): coverage, missing terms, downloads;
* ``web-report.png``: further down the same page, the gap report in its frame;
* ``web-portfolio.png``: three sample drafts at once: the portfolio matrix in the frame.

Needs the ``test`` extra (playwright) and chromium.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_screenshots import SAMPLE, _shrink, markdown_to_docx  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PORTFOLIO = [REPO / "corpora" / "it-services" / "weak.md", REPO / "corpora" / "customer-support" / "weak.txt",
             REPO / "corpora" / "finance-accounting" / "strong.md"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def start_server() -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if k != "BPOLINT_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "bpolint", "serve", "--port", "0"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = server.stdout.readline()
    if "http://" not in line:
        server.kill()
        raise RuntimeError(f"bpolint serve did not start: {line}{server.stdout.read()}")
    return server, line.split()[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            draft = Path(tmp) / "it-services-draft.docx"
            markdown_to_docx(SAMPLE, draft)
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.set_input_files("#files", str(draft))
            page.locator("#files").blur()
            page.screenshot(path=str(args.out / "web-page.png"))
            page.click("button[type=submit]")
            page.wait_for_url("**/review/**")
            page.wait_for_selector("[data-missing]")
            page.screenshot(path=str(args.out / "web-results.png"))
            page.evaluate("window.scrollTo(0, document.getElementById('report-title').offsetTop - 16)")
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out / "web-report.png"))
            page.goto(url)
            page.set_input_files("#files", [str(p) for p in PORTFOLIO])
            page.click("button[type=submit]")
            page.wait_for_url("**/review/**")
            page.wait_for_selector("iframe[name=report]")
            page.wait_for_timeout(500)
            page.evaluate("window.scrollTo(0, document.getElementById('report-title').offsetTop - 16)")
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out / "web-portfolio.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    for name in ("web-page.png", "web-results.png", "web-report.png", "web-portfolio.png"):
        _shrink(args.out / name)
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
