"""Legacy word-processor files (.doc, .rtf, .odt) through LibreOffice, when it is installed.

LibreOffice converts the file to DOCX in a private temporary directory, with its own
user profile so that a running LibreOffice (or a parallel conversion) does not block
it; the DOCX reader then does the rest. Without LibreOffice these formats stay
unsupported (E301, naming the supported formats).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BpolintError

CONVERTIBLE = {".doc", ".rtf", ".odt"}
TIMEOUT_S = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def office() -> str | None:
    """The LibreOffice command on PATH, if any."""
    import shutil  # here: only a file of these formats needs it, and every extraction imports this module

    return shutil.which("soffice") or shutil.which("libreoffice")


def looks_like(suffix: str, data: bytes) -> bool:
    """Only a file that is what its name says goes to LibreOffice, which would
    otherwise turn any bytes into text."""
    if suffix == ".doc":
        return data.startswith(_OLE_MAGIC) and _WORD_STREAM in data
    if suffix == ".rtf":
        return data.lstrip().startswith(b"{\\rtf")
    if suffix == ".odt":
        return data.startswith(b"PK") and _ODT_MIMETYPE in data[:200]  # stored first, uncompressed
    return False


def to_docx(data: bytes, suffix: str, name: str) -> bytes:
    """Convert the file's bytes (already read, within the size limit) to DOCX bytes, or raise
    E310 with LibreOffice's reason."""
    import subprocess
    import tempfile

    command = office()
    if command is None:
        raise BpolintError("E310", name, detail={"suffix": suffix, "detail": "LibreOffice is not installed"})
    with tempfile.TemporaryDirectory(prefix="bpolint-convert-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        source = Path(tmp, "in" + suffix.lower())
        source.write_bytes(data)  # a plain name: LibreOffice mangles some characters
        args = [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                "--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise _failed(name, suffix, f"LibreOffice took longer than {TIMEOUT_S} s") from None
        except OSError as exc:
            raise _failed(name, suffix, exc.strerror or str(exc)) from None
        result = source.with_suffix(".docx")
        if done.returncode != 0 or not result.exists():
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise _failed(name, suffix, reason[-1] if reason else f"exit code {done.returncode}")
        return result.read_bytes()


def _failed(name: str, suffix: str, detail: str) -> BpolintError:
    return BpolintError("E310", name, detail={"suffix": suffix.lower(), "detail": detail})
