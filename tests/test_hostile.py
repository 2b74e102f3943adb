"""Hostile inputs and safe outputs.

Every hostile file is generated here (zip bombs written by hand, PDFs and OLE compound
files built byte by byte); the only committed binary is the qpdf-encrypted PDF fixture.
Each input gets its own coded error and exit code 2, in-process and quickly; one run in
a subprocess over a folder that mixes good contracts with all of them checks that every
good file is still reported, that there is one error entry per bad file, that memory
stays under 1 GB and that no input changes. Outputs: devices and FIFOs are written, not
replaced; symlinks are written through; an input is never an output; new files get the
umask's permissions; failures and Ctrl-C leave nothing behind.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import pytest

from bpolint import output
from bpolint.errors import BpolintError
from pdfbuild import assemble, stream

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "extract"
MB = 1024 * 1024
CONTRACT = [
    "1. Services",
    "1.1 The Supplier shall provide the Services described in Schedule 1 from the Effective Date.",
    "1.2 The Supplier shall make the Services available 99.9% of each month, measured monthly.",
    "2. Charges",
    "2.1 The Customer shall pay each undisputed invoice within thirty (30) days of receipt.",
]
ROOT_IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---------------------------------------------------------------- builders


def docx_bytes(paragraphs: list[str] = CONTRACT) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The package with some parts replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            dst.writestr(name, replace.get(name, src.read(name)))
        for name, blob in replace.items():
            if name not in names:
                dst.writestr(name, blob)
    return out.getvalue()


def document_xml(body: str) -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("word/document.xml").decode()
    return xml.replace("<w:body>", "<w:body>" + body, 1).encode()


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP written by hand from (name, stored bytes, method, CRC, inflated size) entries:
    a zip bomb is then a few repeated deflate blocks, not hundreds of megabytes to squeeze."""
    body = bytearray()
    central = bytearray()
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size,
                            len(encoded), 0) + encoded + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(data),
                               size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = min(len(entries), 0xFFFF)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def deflate_bomb(megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate of ``megabytes`` MiB of spaces, its CRC and size: after a full flush
    the compressor's output for the same chunk repeats byte for byte."""
    chunk = b" " * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return first + again * (megabytes - 1) + compressor.flush(), crc, megabytes * MB


def zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates to 300 MiB (under 1 MiB on disk)."""
    data, crc, size = deflate_bomb(300)
    parts = [(n, zlib.compress(b)[2:-4], 8, zlib.crc32(b), len(b)) for n, b in _docx_parts().items()
             if n != "word/document.xml"]
    return raw_zip(parts + [("word/document.xml", data, 8, crc, size)])


def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as z:
        return {n: z.read(n) for n in z.namelist()}


def many_entries(count: int = 20_000) -> bytes:
    return raw_zip([(f"word/media/{i}.bin", b"", 0, 0, 0) for i in range(count)])


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"


def pdf_pages(count: int, lines: list[str] = CONTRACT) -> bytes:
    """``count`` pages sharing one content stream: a 5,000-page PDF is 400 kB."""
    text = b" ".join(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET" % (700 - 16 * i, line.encode("cp1252"))
                     for i, line in enumerate(lines))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
                FONT, stream(text)] + [PAGE] * count)


def pdf_page_tree_loop() -> bytes:
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"])


def pdf_form_loop() -> bytes:
    """A form XObject that draws itself."""
    form = stream(b"BT /F1 11 Tf 72 600 Td (Again.) Tj ET /X Do",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> "
                  b"/XObject << /X 5 0 R >> >> ")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
            b"/Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >> >>")
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>", FONT,
                stream(b"BT /F1 11 Tf 72 700 Td (The Supplier shall respond.) Tj ET /X Do"), form, page])


def bit_flip(data: bytes, at: int, bit: int = 0) -> bytes:
    return data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1:]


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (CFB v3, 512-byte sectors) holding ``streams``, each padded to a
    multiple of 4,096 bytes so that all live in regular sectors (no mini stream)."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    padded = {name: data + b"\0" * (-len(data) % 4096 or (0 if data else 4096)) for name, data in streams.items()}
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in padded.values():
        starts.append(len(fat))
        n = len(data) // 512
        fat += [len(fat) + i + 1 for i in range(n - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, left=no_stream, right=no_stream, child=no_stream) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    names = list(padded)
    # siblings as a chain to the right, in the compound file's order (shorter names first)
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    directory = entry("Root Entry", 5, end, 0, child=order[0] + 1)
    for i, name in enumerate(names):
        directory += entry(name, 2, starts[i], len(streams[name]), right=right.get(i, no_stream))
    directory = directory.ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + directory + b"".join(padded.values())


def encrypted_docx() -> bytes:
    """What Word saves for a password-protected document: a compound file holding the
    EncryptionInfo (agile, version 4.4) and EncryptedPackage streams."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
        b'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    package = struct.pack("<Q", 4096) + bytes(range(256)) * 16
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package})


XXE = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       '<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>').encode()
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9))
          + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
          '<w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>').encode()


def nested_tables(depth: int) -> bytes:
    cell = "<w:p><w:r><w:t>The Supplier shall provide the Services.</w:t></w:r></w:p>"
    return document_xml("<w:tbl><w:tr><w:tc>" * depth + cell + "</w:tc></w:tr></w:tbl><w:p/>" * depth)


def random_bytes(seed: int, size: int = 4096) -> bytes:
    data = hashlib.shake_256(str(seed).encode()).digest(size)
    return b"\x07\x00" + data  # not a ZIP, PDF or UTF-16 signature, and binary from the first bytes


# ------------------------------------------------------------------ cases


@dataclass(frozen=True)
class Hostile:
    name: str
    code: str
    build: Callable[[Path], Path]


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path
    return build


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        with open(path, "wb") as fh:
            fh.write(b"1. The Supplier shall provide the Services.\n")
            fh.truncate(size)  # sparse: no 100 MB written
        return path
    return build


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _zero_link(folder: Path) -> Path:
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


GOOD_DOCX = docx_bytes()
GOOD_PDF = pdf_pages(1)

HOSTILE = [
    Hostile("zip-bomb.docx", "E315", _write("zip-bomb.docx", zip_bomb)),
    Hostile("ratio-bomb.docx", "E315", _write("ratio-bomb.docx", lambda: rezip(GOOD_DOCX, {
        "word/document.xml": document_xml("<w:p/>" * 2_000_000)}))),
    Hostile("many-entries.docx", "E315", _write("many-entries.docx", many_entries)),
    Hostile("xxe.docx", "E316", _write("xxe.docx", lambda: rezip(GOOD_DOCX, {"word/document.xml": XXE}))),
    Hostile("billion-laughs.docx", "E316", _write("billion-laughs.docx",
                                                  lambda: rezip(GOOD_DOCX, {"word/document.xml": LAUGHS}))),
    Hostile("doctype-content-types.docx", "E316", _write("doctype-content-types.docx", lambda: rezip(GOOD_DOCX, {
        "[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE Types SYSTEM "http://example.com/t.dtd">'
                               + _docx_parts()["[Content_Types].xml"].split(b"?>", 1)[1]}))),
    Hostile("nested-tables.docx", "E315", _write("nested-tables.docx",
                                                 lambda: rezip(GOOD_DOCX, {"word/document.xml": nested_tables(300)}))),
    Hostile("truncated.docx", "E313", _write("truncated.docx", GOOD_DOCX[: len(GOOD_DOCX) // 2])),
    # a bit in the middle of document.xml's deflate data
    Hostile("bit-flipped.docx", "E313", _write("bit-flipped.docx", lambda: bit_flip(
        GOOD_DOCX, GOOD_DOCX.index(b"word/document.xml") + 17 + 200))),
    Hostile("password.docx", "E309", _write("password.docx", encrypted_docx)),
    Hostile("legacy-renamed.docx", "E314", _write("legacy-renamed.docx", compound_file({"WordDocument": b"\0" * 600}))),
    Hostile("spreadsheet.docx", "E314", _write("spreadsheet.docx", lambda: rezip(GOOD_DOCX, {
        "[Content_Types].xml": _docx_parts()["[Content_Types].xml"].replace(
            b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")}))),
    Hostile("5000-pages.pdf", "E318", _write("5000-pages.pdf", lambda: pdf_pages(5000))),
    Hostile("truncated.pdf", "E317", _write("truncated.pdf", GOOD_PDF[: len(GOOD_PDF) * 2 // 3])),
    # "/Kids [" becomes "/Kids Z": the page tree is gone
    Hostile("bit-flipped.pdf", "E305", _write("bit-flipped.pdf", bit_flip(GOOD_PDF, GOOD_PDF.index(b"[5 0 R]")))),
    Hostile("page-tree-loop.pdf", "E305", _write("page-tree-loop.pdf", pdf_page_tree_loop)),
    Hostile("form-loop.pdf", "E318", _write("form-loop.pdf", pdf_form_loop)),
    Hostile("encrypted.pdf", "E306", _write("encrypted.pdf", (FIXTURES / "encrypted-password.pdf").read_bytes())),
    Hostile("scanned.pdf", "E307", _write("scanned.pdf", assemble([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                             b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT,
                                                             stream(b"0 0 m 500 700 l S 100 100 400 500 re f"),
                                                             PAGE.replace(b"/Parent 2", b"/Parent 2")]))),
    Hostile("random.txt", "E302", _write("random.txt", random_bytes(1))),
    Hostile("random.md", "E302", _write("random.md", random_bytes(2))),
    Hostile("random.docx", "E314", _write("random.docx", random_bytes(3))),
    Hostile("random.pdf", "E305", _write("random.pdf", random_bytes(4))),
    Hostile("empty.txt", "E303", _write("empty.txt", b"")),
    Hostile("empty.md", "E303", _write("empty.md", b" \n\n")),
    Hostile("empty.docx", "E303", _write("empty.docx", b"")),
    Hostile("empty.pdf", "E303", _write("empty.pdf", b"")),
    Hostile("100mb.txt", "E304", _sparse("100mb.txt", 100 * MB)),
    Hostile("zero.txt", "E312", _zero_link),
    Hostile("pipe.txt", "E312", _fifo),
    Hostile("contract.xlsx", "E301", _write("contract.xlsx", GOOD_DOCX)),
]
BY_NAME = {h.name: h for h in HOSTILE}


def digest(path: Path) -> str | None:
    """The file's SHA-256 (None for anything that is not a regular file: never read it)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", HOSTILE, ids=lambda h: h.name)
def test_hostile_input_gets_its_own_coded_error(case: Hostile, tmp_path: Path, cli) -> None:
    path = case.build(tmp_path)
    before = digest(path)
    code, _, err = cli("check", str(path), "--no-config")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1 and f"[{case.code}]" in lines[0] and str(path) in lines[0], err
    assert "Traceback" not in err
    assert digest(path) == before


def test_at_least_25_hostile_inputs() -> None:
    assert len(HOSTILE) >= 25 and len({h.code for h in HOSTILE}) >= 14


def test_tables_nested_within_the_xml_limit_are_read(tmp_path: Path) -> None:
    from bpolint.extract import extract

    path = tmp_path / "nested.docx"
    path.write_bytes(rezip(GOOD_DOCX, {"word/document.xml": nested_tables(60)}))
    assert "The Supplier shall provide the Services." in extract(path).text


@pytest.mark.skipif(ROOT_IS_ROOT, reason="root may read any file")
def test_unreadable_file_is_permission_denied(tmp_path: Path, cli) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("1. The Supplier shall provide the Services.\n")
    path.chmod(0)
    code, _, err = cli("check", str(path))
    assert code == 2 and "[E311]" in err and str(path) in err


# ----------------------------------------------------- one run over many


# bpolint's CLI in a process that reports its peak memory on stderr: its own high-water mark
# (VmHWM counts only what it used after exec; ru_maxrss would include the parent it was
# forked from) or its largest forked worker's, whichever is higher.
MEASURED_CLI = """import resource, sys
from bpolint.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
with open("/proc/self/status") as fh:
    own = next((int(l.split()[1]) for l in fh if l.startswith("VmHWM:")), 0)
peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"PEAK-RSS-KB {peak}", file=sys.stderr)
sys.exit(code)
"""


def _run_measured(args: list[str], cwd: Path, umask: int | None = None, timeout: float = 300):
    """bpolint in a subprocess; returns (exit code, stdout, stderr, peak RSS in bytes)."""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    done = subprocess.run([sys.executable, "-c", MEASURED_CLI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=preexec)
    lines = done.stderr.splitlines()
    peak = int(next(l for l in lines if l.startswith("PEAK-RSS-KB")).split()[1]) * 1024
    return done.returncode, done.stdout, "\n".join(l for l in lines if not l.startswith("PEAK-RSS-KB")), peak


def test_folder_of_good_and_hostile_files(tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    good = [folder / "msa.md", folder / "strong.txt", folder / "plain.docx", folder / "plain.pdf"]
    good[0].write_bytes((ROOT / "corpora" / "sample-msa.md").read_bytes())
    good[1].write_bytes((ROOT / "corpora" / "it-services" / "strong.txt").read_bytes())
    good[2].write_bytes(GOOD_DOCX)
    good[3].write_bytes(GOOD_PDF)
    inside = [h for h in HOSTILE if h.name not in ("zero.txt", "pipe.txt", "contract.xlsx")]
    bad = {h.build(folder): h.code for h in inside}
    explicit = tmp_path / "special"
    explicit.mkdir()
    bad.update({BY_NAME["zero.txt"].build(explicit): "E312", BY_NAME["pipe.txt"].build(explicit): "E312"})
    hashes = {p: digest(p) for p in [*good, *bad]}
    report = tmp_path / "report.json"
    code, _, err, peak = _run_measured(["check", str(folder), *map(str, [p for p in bad if p.parent == explicit]),
                                        "--format", "json", "-o", str(report), "--fail-on", "never", "--no-config"],
                                       cwd=tmp_path, umask=0o027)
    assert code == 2, err
    assert peak < 1024 * MB, f"peak RSS {peak // MB} MB"
    entries = {e["file"]: e for e in json.loads(report.read_text())["files"]}
    assert set(entries) == {str(p) for p in [*good, *bad]}
    for p in good:
        assert entries[str(p)]["error"] is None and entries[str(p)]["topics"], p
    for p, code_ in bad.items():
        assert f"[{code_}]" in (entries[str(p)]["error"] or ""), (p, entries[str(p)]["error"])
    errors = [line for line in err.splitlines() if "[E" in line]
    assert len(errors) == len(bad) and "Traceback" not in err
    assert {p: digest(p) for p in hashes} == hashes
    assert stat.S_IMODE(report.stat().st_mode) == 0o640  # 0666 less the umask 027
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.json")]


# ------------------------------------------------------------ rule files

CATASTROPHIC_RULE = """rules:
  - id: HR01
    name: house.catastrophic
    topic: wording.vague
    title: A house rule with a catastrophic pattern
    check: forbidden
    detect:
      regex:
        - "(a+)+$"
    message: Found it.
    tests:
      fail_one: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
      pass_one: "The Supplier shall respond within four hours."
"""


def test_catastrophic_house_rule_is_a_load_error_not_a_hang(tmp_path: Path) -> None:
    rules = tmp_path / "house" / "common"
    rules.mkdir(parents=True)
    (rules / "house.yaml").write_text(CATASTROPHIC_RULE)
    contract = tmp_path / "c.txt"
    contract.write_text("a" * 42 + "!\n")
    code, _, err, _ = _run_measured(["check", str(contract), "--rules", str(tmp_path / "house"), "--no-config"],
                                    cwd=tmp_path, timeout=120)
    assert code == 2
    line = next(l for l in err.splitlines() if "[E213]" in l)
    assert f"{rules / 'house.yaml'}:9:" in line and "rule HR01" in line and "(a+)+$" in line


def test_rules_validate_reports_the_catastrophic_pattern(tmp_path: Path, cli) -> None:
    rules = tmp_path / "house" / "common"
    rules.mkdir(parents=True)
    (rules / "house.yaml").write_text(CATASTROPHIC_RULE)
    code, out, err = cli("rules", "validate", "--rules", str(tmp_path / "house"))
    assert code == 2 and "[E213]" in err and "ok" not in out


def test_catastrophic_regex_in_a_token_pattern_is_refused_too(tmp_path: Path, cli) -> None:
    rules = tmp_path / "house" / "common"
    rules.mkdir(parents=True)
    (rules / "house.yaml").write_text(CATASTROPHIC_RULE.replace(
        '      regex:\n        - "(a+)+$"\n', '      patterns:\n        - [{LOWER: {REGEX: "^(a|a)*$"}}]\n'))
    code, out, err = cli("rules", "validate", "--rules", str(tmp_path / "house"))
    assert code == 2 and "[E213]" in err and "(a|a)*" in err and f"{rules / 'house.yaml'}:9:" in err


def test_config_with_unknown_keys_exits_2(tmp_path: Path, cli) -> None:
    config = tmp_path / ".bpolint.yaml"
    config.write_text("service: [it-services]\nmax-workers: 4\n")
    contract = tmp_path / "c.txt"
    contract.write_text("1. The Supplier shall provide the Services.\n")
    code, _, err = cli("check", str(contract), "--config", str(config))
    assert code == 2 and "[E104]" in err and f"{config}:2" in err and "max-workers" in err


@pytest.mark.parametrize("text, detail", [
    ("a: !include ../../etc/passwd\n", "!include"),
    ("a: !!python/object/apply:os.system [echo hi]\n", "python/object"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)), "aliases"),
])
def test_yaml_cannot_include_files_run_code_or_explode(tmp_path: Path, text: str, detail: str) -> None:
    from bpolint.yamlio import load_yaml

    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(BpolintError) as info:
        load_yaml(path)
    assert info.value.code == "E201" and detail in str(info.value)


# ---------------------------------------------------------------- outputs


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "contract.md"
    path.write_bytes((ROOT / "corpora" / "sample-msa.md").read_bytes())
    return path


def test_output_to_dev_null_leaves_the_device(contract: Path, cli) -> None:
    code, _, err = cli("check", str(contract), "-o", "/dev/null", "--fail-on", "never", "--no-config")
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_through_a_symlink_keeps_the_link(contract: Path, tmp_path: Path, cli) -> None:
    target = tmp_path / "reports" / "latest.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    code, _, _ = cli("check", str(contract), "--format", "json", "-o", str(link), "--fail-on", "never")
    assert code == 0 and link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["files"][0]["file"] == str(contract)


@pytest.mark.parametrize("how", ["same path", "through a link"])
def test_output_that_is_an_input_is_refused(contract: Path, tmp_path: Path, cli, how: str) -> None:
    before = digest(contract)
    out = contract
    if how == "through a link":
        out = tmp_path / "alias.md"
        out.symlink_to(contract)
    code, _, err = cli("check", str(contract), "-o", str(out), "--fail-on", "never")
    assert code == 2 and "[E107]" in err and digest(contract) == before


def test_output_into_a_fifo_is_written_not_replaced(contract: Path, tmp_path: Path, cli) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = cli("check", str(contract), "--format", "json", "-o", str(fifo), "--fail-on", "never")
    reader.join(30)
    assert code == 0 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["files"][0]["file"] == str(contract)


def test_output_to_dev_stdout_writes_the_descriptor(contract: Path, tmp_path: Path) -> None:
    redirected = tmp_path / "stdout.json"
    with open(redirected, "w") as fh:
        inode = os.fstat(fh.fileno()).st_ino
        done = subprocess.run([sys.executable, "-m", "bpolint", "extract", str(contract), "--format", "json",
                               "-o", "/dev/stdout"], stdout=fh, cwd=tmp_path, timeout=120)
    assert done.returncode == 0
    assert os.stat(redirected).st_ino == inode  # the file the shell opened, not a replacement
    assert json.loads(redirected.read_text())["file"] == str(contract)


def test_new_output_gets_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    old = os.umask(0o002)
    try:
        output.write_output(fresh, "report\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o664 and fresh.read_text() == "report\n"
    fresh.chmod(0o640)
    output.write_output(fresh, b"again\n")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640 and fresh.read_bytes() == b"again\n"


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_interrupted_or_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch,
                                                                                 failure) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous report\n")
    real_write = os.write

    def write_then_fail(fd: int, data) -> int:
        real_write(fd, bytes(data[:10]))
        raise failure

    monkeypatch.setattr(output.os, "write", write_then_fail)
    with pytest.raises(KeyboardInterrupt if failure is KeyboardInterrupt else BpolintError) as info:
        output.write_output(target, "new report " * 1000)
    if failure is not KeyboardInterrupt:
        assert info.value.code == "E105" and "No space left" in str(info.value)
    assert target.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_output_to_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BpolintError) as info:
        output.write_output(tmp_path, "x")
    assert info.value.code == "E105" and "directory" in str(info.value)
