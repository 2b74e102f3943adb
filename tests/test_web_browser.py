"""The page in headless Chromium (Playwright, with Debian's /usr/bin/chromium), against a
real `bpolint serve` on a free port: upload a weak draft, see its missing topics,
download the annotated DOCX and open it with python-docx. Skips when Chromium or
Playwright is absent; `.ci/run` installs Chromium so that CI runs it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")
sync_api = pytest.importorskip("playwright.sync_api")

from test_web_api import make_docx  # noqa: E402  (the same plain Word version of a sample draft)

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
WEAK_IT = REPO / "corpora" / "it-services" / "weak.md"

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {**os.environ, "TMPDIR": str(tmp_path_factory.mktemp("serve-tmp"))}
    env.pop("BPOLINT_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "bpolint", "serve", "--port", "0"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    assert "http://127.0.0.1:" in line, line
    yield line.split()[3]
    process.terminate()
    process.wait(20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(CHROMIUM),
                                  args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        except sync_api.Error as e:
            pytest.skip(f"chromium does not start under Playwright: {str(e).splitlines()[0]}")
        yield b
        b.close()


def test_upload_a_weak_draft_and_download_the_annotated_docx(server, browser, tmp_path):
    import docx

    draft = make_docx(WEAK_IT, tmp_path / "supplier-draft.docx")
    page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server)
    assert page.locator("button[type=submit]").is_visible()
    # keyboard: the file picker is the first control after the skip link, and shows a focus ring
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "files"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.set_input_files("#files", str(draft))
    assert "supplier-draft.docx" in page.locator("[data-chosen]").inner_text()
    page.click("button[type=submit]")
    page.wait_for_url("**/review/**")
    missing = page.locator("[data-missing] li")
    titles = missing.all_inner_texts()
    assert any("Exit and transition assistance" in t for t in titles)
    assert any("Audit rights" in t for t in titles)
    assert "it-services (detected from:" in page.content()
    frame = page.frame_locator("iframe[name=report]")
    assert frame.locator("h1").inner_text() == "Contract gap report"

    with page.expect_download() as info:
        page.click("text=Annotated draft (Word)")
    download = info.value
    assert download.suggested_filename == "supplier-draft-reviewed.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    reviewed = docx.Document(saved)
    body = "\n".join(p.text for p in reviewed.paragraphs)
    assert "Supplier" in body
    with __import__("zipfile").ZipFile(saved) as z:
        assert z.read("word/comments.xml").count(b"<w:comment ") > 5
    # everything the page loaded came from the server itself
    assert requests and all(url.startswith(server.rstrip("/")) for url in requests)
    page.close()


def test_a_bad_file_is_reported_in_place(server, browser, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not a real PDF")
    page = browser.new_page()
    page.goto(server)
    page.set_input_files("#files", str(bad))
    page.click("button[type=submit]")
    page.wait_for_url("**/review/**")
    assert "scan.pdf: [E317]" in page.locator(".error-box").inner_text()
    page.close()


def test_the_form_works_without_javascript(server, browser, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    page.set_input_files("#files", str(WEAK_IT))
    page.click("button[type=submit]")
    page.wait_for_url("**/review/**")
    assert page.locator("[data-missing] li").count() > 5
    context.close()


def test_several_files_give_the_portfolio_with_its_sorting(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server)
    page.set_input_files("#files", [str(WEAK_IT), str(REPO / "corpora" / "customer-support" / "weak.txt")])
    page.click("button[type=submit]")
    page.wait_for_url("**/review/**")
    assert "2 contracts checked" in page.locator("h1").inner_text()
    frame = page.frame_locator("iframe[name=report]")
    # the sort buttons exist only if the report's own script ran under the frame's policy
    assert frame.locator("table[data-sortable] button.sort").count() > 2
    assert not errors, errors  # no policy violation, nothing blocked
    page.close()
