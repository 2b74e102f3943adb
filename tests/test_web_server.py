"""`bpolint serve` as a user starts it: a real uvicorn server in its own process.

Concurrent uploads with two workers, an upload cut off at the size limit while it is
still streaming, a client that goes away mid-upload, and a terminal that shows no file
name. The server's temporary folders live under a TMPDIR of the test's own, so that
nothing left behind can be missed.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")
httpx = pytest.importorskip("httpx")

from bpolint.api import RunOptions, lint_paths  # noqa: E402
from bpolint.config import Overrides  # noqa: E402
from bpolint.report import json_report  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "corpora").glob("*/*") if p.suffix in (".md", ".txt"))
SECRET_NAME = "confidential-acme-msa.md"


class Server:
    def __init__(self, tmp: Path, *args: str, token: str | None = None) -> None:
        self.tmp = tmp
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        if token is None:
            env.pop("BPOLINT_TOKEN", None)  # a reviewer's own token must not change these tests
        else:
            env["BPOLINT_TOKEN"] = token
        self.process = subprocess.Popen([sys.executable, "-m", "bpolint", "serve", "--port", "0", *args],
                                        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        assert "http://127.0.0.1:" in line, line + self.process.stdout.read()
        self.url = line.split()[3]
        self.port = int(self.url.split("?")[0].rsplit(":", 1)[1].strip("/"))

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def left_behind(self) -> list[Path]:
        return [p for p in self.tmp.rglob("*") if p.is_file() or (p.is_dir() and p.parent != self.tmp)]

    def stop(self) -> str:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=20)
        return output


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure memory")
    s = Server(tmp_path_factory.mktemp("serve-tmp"), "--workers", "2", "--max-upload", "1")
    yield s
    s.stop()


def expected_json(tmp: Path, sample: Path) -> dict:
    """The CLI's JSON for the sample, linted in its own folder as the server's worker does."""
    folder = tmp / sample.parent.name
    folder.mkdir(exist_ok=True)
    shutil.copy(sample, folder / sample.name)
    here = os.getcwd()
    os.chdir(folder)
    try:
        return json.loads(json_report.render(lint_paths([sample.name], RunOptions(Overrides(use_config=False),
                                                                                 jobs=1)).report))
    finally:
        os.chdir(here)


def test_twenty_concurrent_uploads_with_two_workers(server, tmp_path):
    expected = {s: expected_json(tmp_path, s) for s in SAMPLES}
    uploads = [SAMPLES[i % len(SAMPLES)] for i in range(20)]
    before = server.rss_mb()

    def post(sample: Path) -> tuple[Path, int, dict]:
        with httpx.Client(base_url=server.url, timeout=120) as c:
            answer = c.post("/api/check", files={"file": (sample.name, sample.read_bytes())})
            return sample, answer.status_code, answer.json()

    peak = before
    started = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        futures = [pool.submit(post, s) for s in uploads]
        while not all(f.done() for f in futures):
            peak = max(peak, server.rss_mb())
            time.sleep(0.05)
    seconds = time.monotonic() - started
    results = [f.result() for f in futures]
    for sample, status, body in results:
        assert status == 200, body
        assert body == expected[sample], sample
    after = server.rss_mb()
    print(f"20 uploads, 2 workers: {seconds:.1f} s; server RSS {before:.0f} MB before, "
          f"{peak:.0f} MB peak, {after:.0f} MB after")
    # the linting happens in forked workers: the server itself only streams files to disk
    assert peak - before < 100 and after - before < 50
    assert not server.left_behind()
    assert httpx.get(server.url + "healthz").json()["busy"] == 0


def _raw_upload(port: int, total: int, chunk: int = 64 * 1024, stop_after: int | None = None) -> tuple[bytes, int]:
    """A multipart upload sent in chunks without a Content-Length; returns the answer and how
    much had been sent when it began to arrive."""
    import select

    boundary = "bpolintboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{SECRET_NAME}\"\r\n"
            "Content-Type: text/markdown\r\n\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall((f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n"
                  f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode())
    sent = 0
    answer = b""
    data = b"The Supplier shall provide the Services promptly. ".ljust(chunk, b" ")
    try:
        sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        while sent < total:
            if stop_after is not None and sent >= stop_after:
                sock.close()  # the client goes away mid-upload
                return b"", sent
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered before the end of the body
            sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
            sent += chunk
        else:
            sock.sendall(f"%x\r\n\r\n--{boundary}--\r\n\r\n0\r\n\r\n".encode() % (len(boundary) + 8))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading: its answer is waiting
    try:
        while part := sock.recv(65536):
            answer += part
    except (ConnectionResetError, socket.timeout):
        pass
    sock.close()
    return answer, sent


def _read_answer(sock: socket.socket) -> bytes:
    """One HTTP answer: its head, then as many bytes of body as it declares."""
    data = b""
    while b"\r\n\r\n" not in data and (part := sock.recv(65536)):
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length and (part := sock.recv(65536)):
        body += part
    return head + b"\r\n\r\n" + body


def test_size_limit_while_streaming(server):
    # 1 MB limit, 40 MB offered: the answer comes after about the limit, not after everything
    answer, sent = _raw_upload(server.port, total=40 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"[E154]" in answer
    assert sent < 8 * 1024 * 1024, sent
    assert not server.left_behind()
    assert httpx.get(server.url + "healthz").status_code == 200


def test_client_going_away_mid_upload(server):
    _raw_upload(server.port, total=800 * 1024, stop_after=300 * 1024)
    deadline = time.monotonic() + 10
    while server.left_behind() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not server.left_behind()
    assert httpx.get(server.url + "healthz").status_code == 200


def test_nothing_about_a_request_reaches_the_terminal(tmp_path):
    s = Server(tmp_path)
    try:
        draft = (REPO / "corpora" / "it-services" / "weak.md").read_bytes()
        assert httpx.post(s.url + "api/check", files={"file": (SECRET_NAME, draft)}).status_code == 200
        assert httpx.post(s.url + "api/check", files={"file": (SECRET_NAME.replace(".md", ".pdf"), b"%PDF-1.4 broken")}).status_code == 422
    finally:
        output = s.stop()
    assert "acme" not in output and "Supplier" not in output and "POST" not in output
    assert not [p for p in tmp_path.rglob("*")]  # the server's own folder too, once it stopped


def test_serve_errors_are_one_coded_line(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    bad_config = tmp_path / "bad.yaml"
    bad_config.write_text("fail-on: sometimes\n")
    try:
        for args, code in ((["--port", str(taken.getsockname()[1])], "E151"), (["--config", str(bad_config)], "E104")):
            run = subprocess.run([sys.executable, "-m", "bpolint", "serve", *args], cwd=REPO, capture_output=True,
                                 text=True, timeout=60)
            assert run.returncode == 2 and f"[{code}]" in run.stderr, run.stderr
            assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    finally:
        taken.close()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A second server: its token from the environment, a short time limit."""
    s = Server(tmp_path_factory.mktemp("guarded-tmp"), "--time-limit", "2", token="from-the-environment")
    yield s
    s.stop()


def test_a_token_from_the_environment(guarded):
    assert guarded.url.endswith("/?token=from-the-environment")
    base = guarded.url.split("?")[0]
    assert httpx.get(base + "healthz").status_code == 401
    assert httpx.get(base + "healthz", headers={"Authorization": "Bearer from-the-environment"}).status_code == 200


def test_an_upload_that_trickles_in_runs_into_the_time_limit(guarded):
    sock = socket.create_connection(("127.0.0.1", guarded.port), timeout=30)
    sock.sendall((f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{guarded.port}\r\nContent-Length: 100000\r\n"
                  "Authorization: Bearer from-the-environment\r\n"
                  "Content-Type: multipart/form-data; boundary=b\r\n\r\n--b\r\n").encode())
    started = time.monotonic()
    answer = _read_answer(sock)  # nothing more is sent
    sock.close()
    assert answer.startswith(b"HTTP/1.1 504") and b"[E901]" in answer, answer
    assert time.monotonic() - started < 10
    assert not guarded.left_behind()
