"""The web server's HTTP API and page routes, in process (Starlette's TestClient).

The answers must be the bytes the CLI writes for the same file and options; every
request's folder must be gone after the answer; the token, host and size rules hold.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
pytest.importorskip("httpx")

import warnings  # noqa: E402

from starlette.routing import Route  # noqa: E402

with warnings.catch_warnings():  # newer Starlette prefers httpx's successor for its test client; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from bpolint.web import jobs  # noqa: E402
from bpolint.web.app import create_app, status_of  # noqa: E402
from bpolint.web.options import WebOptions  # noqa: E402
from bpolint.web.serve import with_token  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WEAK_IT = REPO / "corpora" / "it-services" / "weak.md"
WEAK_CS = REPO / "corpora" / "customer-support" / "weak.txt"
LOCAL = "http://127.0.0.1:8765"


def make_docx(source: Path, target: Path) -> Path:
    """A plain Word version of a sample draft: one paragraph per line."""
    import docx

    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.lstrip("#").strip())
    document.save(target)
    return target


def client_for(**options) -> TestClient:
    return TestClient(create_app(WebOptions(**options)), base_url=LOCAL)


@pytest.fixture(scope="module")
def client():
    with client_for() as c:
        yield c


@pytest.fixture(scope="module")
def docx_draft(tmp_path_factory) -> Path:
    return make_docx(WEAK_IT, tmp_path_factory.mktemp("draft") / "it-weak.docx")


def upload(path: Path, name: str | None = None, **fields) -> dict:
    return {"files": [("file", (name or path.name, path.read_bytes()))], "data": fields}


def left_behind(client: TestClient) -> list[Path]:
    return list(client.app.state.web.root.iterdir())


def cli_output(cli, tmp_path: Path, source: Path, *args: str) -> bytes:
    """What the CLI writes for the file in its own folder, as the server's workers see it."""
    work = tmp_path / "cli"
    work.mkdir(exist_ok=True)
    shutil.copy(source, work / source.name)
    out = work / "out"
    import os

    here = os.getcwd()
    os.chdir(work)
    try:
        code, _, err = cli(*args, source.name, "--no-config", "-o", str(out))
    finally:
        os.chdir(here)
    assert code in (0, 1), err
    return out.read_bytes()


# --- every endpoint -------------------------------------------------------------------------


def test_health_and_the_page(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok" and health.json()["workers"] == 2
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'name="file"' in page.text and 'action="/review"' in page.text
    for service in ("customer-support", "it-services", "finance-accounting", "back-office"):
        assert f'value="{service}"' in page.text
    # every asset the page names is served by bpolint itself, and nothing else is named
    assets = [part.split('"')[0] for part in page.text.split('="/static/')[1:]]
    assert len(assets) == 2
    for asset in assets:
        answer = client.get("/static/" + asset)
        assert answer.status_code == 200 and "immutable" in answer.headers["cache-control"]
    assert "http://" not in page.text and "https://" not in page.text
    # the policy allows no inline script or style: the page has none
    assert "<style" not in page.text and " style=" not in page.text and "<script>" not in page.text
    assert " on" + "click=" not in page.text
    assert client.get("/static/other.js").status_code == 404


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert client.post("/api/check", **upload(WEAK_IT)).headers["cache-control"] == "no-store"


def test_check_is_the_cli_json(client, cli, tmp_path):
    answer = client.post("/api/check", **upload(WEAK_IT))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.content == cli_output(cli, tmp_path, WEAK_IT, "check", "--format", "json")
    assert answer.json()["files"][0]["file"] == "weak.md"
    assert not left_behind(client)


def test_check_with_a_declared_service(client):
    answer = client.post("/api/check", **upload(WEAK_IT, service="back-office"))
    assert answer.json()["files"][0]["service_types"] == ["back-office"]
    assert answer.json()["files"][0]["service_type_source"] == "declared"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_is_the_cli_report(client, cli, tmp_path, fmt):
    answer = client.post(f"/api/report?format={fmt}", **upload(WEAK_IT))
    assert answer.status_code == 200
    assert answer.content == cli_output(cli, tmp_path, WEAK_IT, "report", "--format", fmt)
    assert answer.headers["content-disposition"].startswith('attachment; filename="weak-gap-report.')


def test_several_files_give_the_portfolio(client):
    files = [("file", (p.name, p.read_bytes())) for p in (WEAK_IT, WEAK_CS)]
    answer = client.post("/api/report?format=md", files=files)
    assert answer.status_code == 200
    assert answer.text.count("weak.md") >= 2 and "weak.txt" in answer.text
    assert "Portfolio" in answer.text or "portfolio" in answer.text


def test_annotate_returns_the_commented_docx(client, docx_draft):
    import docx

    answer = client.post("/api/annotate", **upload(docx_draft))
    assert answer.status_code == 200 and answer.headers["content-type"] == jobs.DOCX
    assert 'filename="it-weak-reviewed.docx"' in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert comments.count("<w:comment ") > 5 and "bpolint" in comments
    assert docx.Document(io.BytesIO(answer.content)).paragraphs  # opens in python-docx


def test_annotate_is_the_cli_copy(client, cli, tmp_path, docx_draft, monkeypatch):
    import re

    answer = client.post("/api/annotate", **upload(docx_draft))
    work = tmp_path / "cli"
    work.mkdir()
    shutil.copy(docx_draft, work / docx_draft.name)
    monkeypatch.chdir(work)
    code, _, err = cli("annotate", docx_draft.name, "--no-config", "-o", "out.docx")
    assert code in (0, 1), err
    def parts(z: zipfile.ZipFile) -> dict[str, bytes]:  # each comment carries the time it was written
        return {n: re.sub(rb'w:date="[^"]*"', b"", z.read(n)) for n in z.namelist()}

    with zipfile.ZipFile(io.BytesIO(answer.content)) as a, zipfile.ZipFile(work / "out.docx") as b:
        assert parts(a) == parts(b)


def test_annotate_needs_a_docx(client):
    answer = client.post("/api/annotate", **upload(WEAK_IT))
    assert answer.status_code == 422
    assert answer.json()["code"] == "E320" and answer.json()["error"].startswith("weak.md: [E320] ")


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_negotiate_is_the_cli_issues_list(client, cli, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the list is dated: one day for both
    answer = client.post(f"/api/negotiate?format={fmt}", **upload(WEAK_IT, party="customer"))
    assert answer.status_code == 200
    expected = cli_output(cli, tmp_path, WEAK_IT, "negotiate", "--format", fmt)
    if fmt == "md":
        assert answer.content == expected
    else:  # a DOCX carries no clock but its zip entries' times: compare the parts
        with zipfile.ZipFile(io.BytesIO(answer.content)) as a, zipfile.ZipFile(io.BytesIO(expected)) as b:
            assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


def test_bad_choices_are_coded_400s(client):
    answer = client.post("/api/report?format=pdf", **upload(WEAK_IT))
    assert answer.status_code == 400 and answer.json()["code"] == "E156"
    answer = client.post("/api/check", **upload(WEAK_IT, service="plumbing"))
    assert answer.status_code == 400 and answer.json()["code"] == "E103"
    answer = client.post("/api/negotiate", **upload(WEAK_IT, party="both"))
    assert answer.status_code == 400 and answer.json()["code"] == "E156"
    answer = client.post("/api/check", data={"service": "it-services"})
    assert answer.status_code == 400 and answer.json()["code"] == "E155"
    answer = client.post("/api/check", content=b"{}", headers={"content-type": "application/json"})
    assert answer.status_code == 400 and answer.json()["code"] == "E155"
    assert not left_behind(client)


# --- bad files: the CLI's coded line, and the server keeps serving ----------------------------


@pytest.mark.parametrize("name, content, code", [
    ("draft.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "E317"),
    ("draft.docx", b"PK\x03\x04 not really a zip", "E313"),
    ("draft.txt", b"\x00\x01\x02\x03" * 400, "E302"),
    ("draft.docx", b"%PDF-1.4 a PDF under a Word name", "E314"),
    ("draft.exe", b"MZ\x90\x00", "E301"),
    ("draft.md", b"", "E303"),
])
def test_a_bad_file_gets_the_cli_message(client, cli, tmp_path, name, content, code):
    answer = client.post("/api/check", files=[("file", (name, content))])
    assert answer.status_code in (400, 413, 422)
    body = answer.json()
    assert body["code"] == code and body["error"].startswith(f"{name}: [{code}] ")
    (tmp_path / name).write_bytes(content)
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        _, _, err = cli("check", name, "--no-config")
    finally:
        os.chdir(here)
    assert f"bpolint: {body['error']}\n" in err  # the very line the CLI prints
    assert client.post("/api/check", **upload(WEAK_IT)).status_code == 200
    assert not left_behind(client)


def test_a_file_without_a_suffix_is_typed_by_its_content(client, docx_draft):
    answer = client.post("/api/check", files=[("file", ("contract", docx_draft.read_bytes()))])
    assert answer.status_code == 200 and answer.json()["files"][0]["file"] == "contract.docx"
    answer = client.post("/api/check", files=[("file", ("notes", WEAK_IT.read_bytes()))])
    assert answer.json()["files"][0]["file"] == "notes.txt"
    answer = client.post("/api/check", files=[("file", ("blob", b"\x00\x01\x02" * 300))])
    assert answer.status_code == 422 and answer.json()["code"] == "E302"


def test_file_names_cannot_leave_the_folder(client):
    answer = client.post("/api/check", files=[("file", ("../../etc/../weak.md", WEAK_IT.read_bytes()))])
    assert answer.status_code == 200 and answer.json()["files"][0]["file"] == "weak.md"
    answer = client.post("/api/check", files=[("file", ("/tmp/.hidden.md", WEAK_IT.read_bytes()))])
    assert answer.json()["files"][0]["file"] == "hidden.md"


# --- limits ----------------------------------------------------------------------------------


def test_size_limit_413():
    with client_for(max_upload_mb=0.01) as c:
        big = b"1. Services\n" + b"The Supplier shall provide the Services. " * 2000
        answer = c.post("/api/check", files=[("file", ("big.txt", big))])
        assert answer.status_code == 413 and answer.json()["code"] == "E154"
        # a declared length over the limit is refused before the body is read
        answer = c.post("/api/check", content=b"x", headers={"content-length": str(10 ** 9),
                                                             "content-type": "multipart/form-data; boundary=b"})
        assert answer.status_code == 413
        assert c.post("/api/check", **upload(WEAK_CS)).status_code == 200  # small enough
        assert not left_behind(c)


def test_time_limit_and_a_crash_cost_one_request(monkeypatch):
    import os
    import time

    monkeypatch.setitem(jobs._RUNNERS, "report", lambda job: time.sleep(60))
    monkeypatch.setitem(jobs._RUNNERS, "negotiate", lambda job: os._exit(3))
    with client_for(time_limit_s=0.5) as c:
        started = time.monotonic()
        answer = c.post("/api/report", **upload(WEAK_IT))
        assert answer.status_code == 504 and answer.json()["code"] == "E901"
        assert time.monotonic() - started < 10
        answer = c.post("/api/negotiate", **upload(WEAK_IT))
        assert answer.status_code == 500 and answer.json()["code"] == "E903"
        assert c.post("/api/check", **upload(WEAK_IT)).status_code == 200
        assert not left_behind(c)


# --- who may use it ----------------------------------------------------------------------------


def test_token_rule():
    with client_for(token="s3cret-token") as c:
        for method, path in (("get", "/"), ("get", "/healthz"), ("get", "/openapi.json"), ("post", "/api/check")):
            answer = getattr(c, method)(path)
            assert answer.status_code == 401, path
            assert "[E152]" in answer.text
        assert c.get("/healthz", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/healthz", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        answer = c.post("/api/check", headers={"Authorization": "Bearer s3cret-token"}, **upload(WEAK_IT))
        assert answer.status_code == 200
        # ?token= on the page: a cookie instead, and the token leaves the address
        answer = c.get("/?token=s3cret-token", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        assert "httponly" in answer.headers["set-cookie"].lower()
        assert c.get("/").status_code == 200  # the cookie now
        c.cookies.clear()
        assert c.get("/").status_code == 401


def test_binding_elsewhere_needs_a_token():
    assert with_token(WebOptions(host="127.0.0.1")).token is None
    assert with_token(WebOptions(host="localhost")).token is None
    generated = with_token(WebOptions(host="0.0.0.0")).token
    assert generated and len(generated) >= 24 and generated != with_token(WebOptions(host="0.0.0.0")).token
    assert with_token(WebOptions(host="0.0.0.0", token="given")).token == "given"
    import socket

    from bpolint.web.serve import url_of

    assert url_of(WebOptions(port=8765)) == "http://127.0.0.1:8765/"
    assert url_of(WebOptions(host="0.0.0.0", port=80, token="t")) == f"http://{socket.gethostname()}:80/?token=t"
    assert url_of(WebOptions(host="::1", port=8765)) == "http://[::1]:8765/"


def test_other_hosts_and_sites_are_refused(client):
    answer = client.get("/", headers={"host": "attacker.example"})
    assert answer.status_code == 403 and answer.json()["code"] == "E153"
    answer = client.post("/api/check", headers={"origin": "http://attacker.example"}, **upload(WEAK_IT))
    assert answer.status_code == 403
    assert client.post("/api/check", headers={"origin": LOCAL}, **upload(WEAK_IT)).status_code == 200


# --- the page's own flow -------------------------------------------------------------------------


def test_review_without_javascript(client, docx_draft):
    files = [("file", (docx_draft.name, docx_draft.read_bytes())), ("file", (WEAK_CS.name, WEAK_CS.read_bytes()))]
    answer = client.post("/review", files=files, data={"party": "customer"}, headers={"accept": "text/html"},
                         follow_redirects=False)
    assert answer.status_code == 303
    page_url = answer.headers["location"]
    page = client.get(page_url)
    assert page.status_code == 200 and "2 contracts checked" in page.text
    assert "<style" not in page.text and " style=" not in page.text and "<script>" not in page.text
    assert "Exit and transition assistance" in page.text and "data-missing" in page.text
    assert "(detected from:" in page.text  # the reason for the service type
    for key in ("report.html", "1/reviewed.docx", "1/issues.docx", "1/issues.md", "2/issues.md"):
        assert f"{page_url}/{key}" in page.text
        output = client.get(f"{page_url}/{key}")
        assert output.status_code == 200 and output.content, key
    assert "2/reviewed.docx" not in page.text  # a text draft cannot carry Word comments
    framed = client.get(f"{page_url}/report.html")
    assert "frame-ancestors 'self'" in framed.headers["content-security-policy"]
    assert "attachment" in client.get(f"{page_url}/report.html?download=1").headers["content-disposition"]
    assert "Portfolio" in framed.text or "portfolio" in framed.text
    # the portfolio's sorting script may run in the frame (by its hash), no other script may
    import base64
    import hashlib
    import re

    scripts = re.findall(r"<script>(.*?)</script>", framed.text, re.S)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in framed.headers["content-security-policy"]
    assert "unsafe-inline" not in framed.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert client.post(f"{page_url}/delete", follow_redirects=False).status_code == 303
    assert client.get(page_url).status_code == 404
    assert client.get(f"{page_url}/report.html").status_code == 404
    assert not left_behind(client)


def test_review_with_javascript_gets_json(client):
    answer = client.post("/review", headers={"accept": "application/json"}, **upload(WEAK_IT))
    assert answer.status_code == 200 and answer.json()["url"].startswith("/review/")
    bad = client.post("/review", headers={"accept": "application/json"}, files=[("file", ("x.pdf", b"%PDF-"))])
    assert bad.status_code == 200  # the page shows a file that could not be read in its card
    page = client.get(bad.json()["url"])
    assert "Could not be read" in page.text and "x.pdf: [E317]" in page.text


# --- the OpenAPI description ----------------------------------------------------------------------


def test_openapi_is_valid_and_covers_every_route(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").json()
    validate(spec)
    routes = {route.path.replace(":path", "") for route in client.app.routes if isinstance(route, Route)}
    assert routes == set(spec["paths"])
    for route in client.app.routes:
        path = route.path.replace(":path", "")
        assert {m.lower() for m in route.methods} - {"head"} <= set(spec["paths"][path]), path


def test_a_draft_that_cannot_be_annotated_keeps_its_report(client, docx_draft, monkeypatch):
    from bpolint.errors import BpolintError

    def refuse(source, *args, **kwargs):
        raise BpolintError("E305", source, None, {"kind": "DOCX", "detail": "no body"})

    monkeypatch.setattr(jobs, "annotate_file", refuse)  # the forked worker inherits it
    answer = client.post("/review", headers={"accept": "application/json"}, **upload(docx_draft))
    page = client.get(answer.json()["url"]).text
    assert "No annotated draft: it-weak.docx: [E305]" in page
    assert "Issues list (Word)" in page and "reviewed.docx" not in page


def test_serve_config_governs_every_upload(tmp_path):
    config = tmp_path / "team.yaml"
    config.write_text("service: [back-office]\ndisable: [WD01]\n")
    with client_for(config=str(config)) as c:
        body = c.post("/api/check", **upload(WEAK_IT)).json()["files"][0]
        assert body["service_types"] == ["back-office"] and body["service_type_source"] == "declared"
        assert not [f for f in body["findings"] if f["rule"] == "WD01"]


def test_beyond_the_waiting_room_the_server_is_busy(monkeypatch, tmp_path):
    import time

    import anyio

    from bpolint.errors import BpolintError
    from bpolint.web.workers import Workers

    monkeypatch.setitem(jobs._RUNNERS, "check", lambda job: time.sleep(1.5) or jobs.Outcome())
    workers = Workers(count=1, time_limit_s=30, max_waiting=1)
    job = jobs.Job("check", str(tmp_path), ("x.md",))
    answers: list[object] = []

    async def one() -> None:
        try:
            answers.append(await workers.run(job))
        except BpolintError as e:
            answers.append(e.code)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(one)  # runs
            await anyio.sleep(0.2)
            group.start_soon(one)  # waits its turn
            await anyio.sleep(0.2)
            group.start_soon(one)  # one too many

    anyio.run(main)
    assert answers.count("E158") == 1 and sum(isinstance(a, jobs.Outcome) for a in answers) == 2
    assert status_of("E158") == 503
