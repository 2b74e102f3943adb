"""Coded error and warning catalogue.

Every user-facing failure is a :class:`BpolintError` carrying a code, the file it
concerns and (where known) the line. The CLI prints ``str(error)`` as one line
and exits with code 2; nothing else ever reaches the user as a traceback.

Code ranges: E1xx config and usage, E2xx rule files, E3xx extraction,
E4xx segmentation, E9xx the run (internal error, limits, lost workers);
W1xx notices about the run (waivers, suppressions, baselines), W3xx/W4xx warnings.
"""
from __future__ import annotations

from dataclasses import dataclass

# fmt: off
MESSAGES: dict[str, str] = {
    # usage and configuration
    "E101": "no such file or directory",
    "E102": "no contracts found (supported: {formats})",
    "E103": "unknown service type {value!r} (choose from {choices})",
    "E104": "invalid configuration: {detail}",
    "E105": "cannot write output: {detail}",
    "E106": "invalid labels file: {detail}",
    "E107": "the output path is an input file ({detail}); choose another output path",
    "E110": "invalid baseline file: {detail}",
    "E108": "{what} already exists; use --force to replace it",
    "E109": "is a folder; {command} compares two files",
    "E111": "unknown rule {rule!r} in a bpolint: comment (see `bpolint rules list`)",
    "E112": "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}",
    "E113": "invalid template: {detail}",
    "E120": "{what} needs the optional {extra!r} extra: pip install \"bpolint[{extra}]\"",
    "E121": "Dask cluster {address}: {detail}",
    "E122": "not a bpolint findings file: {detail}",
    # the web server (bpolint serve)
    "E150": "the web server needs the web extra: pip install \"bpolint[web]\" ({detail})",
    "E151": "cannot listen on {address}: {detail}",
    "E152": "a token is needed: open the address `bpolint serve` printed, or send 'Authorization: Bearer TOKEN'",
    "E153": "request refused: {detail}",
    "E154": "the upload is larger than the limit of {limit} MB; start the server with a higher --max-upload",
    "E155": "invalid upload: {detail}",
    "E156": "invalid value {value!r} for {name} (choose from {choices})",
    "E157": "no such review: it expired or was cleared; check the files again",
    "E158": "the server is busy ({waiting} requests waiting); try again in a moment",
    # rule files
    "E201": "invalid YAML: {detail}",
    "E202": "unknown key {key!r}{where}",
    "E203": "{key!r} must be {expected}{where}",
    "E204": "missing required key {key!r}{where}",
    "E205": "invalid regular expression {pattern!r}: {detail}",
    "E206": "invalid token pattern: {detail}",
    "E207": "unknown topic {topic!r}{where}",
    "E208": "duplicate rule id {rule!r} (also defined in {other})",
    "E209": "unknown check kind {value!r} (choose from {choices})",
    "E210": "invalid value {value!r} for {key!r}{where}: {detail}",
    "E211": "unknown vocabulary {value!r}",
    "E212": "rules directory not found",
    "E213": "regular expression {pattern!r} can take exponential time: {detail}{where}",
    "E214": "duplicate rule name {name!r} (also used by {other})",
    # extraction
    "E301": "unsupported file type {suffix!r} (supported: {formats})",
    "E302": "not a text file (binary content); give bpolint the contract as DOCX, PDF, text or Markdown",
    "E303": "the file is empty or has no text",
    "E304": "file too large ({size} bytes; limit {limit}); raise --max-size if it really is one contract",
    "E305": "corrupt or unreadable {kind} file: {detail}; open and save it again, or export a fresh copy",
    "E306": "encrypted PDF: a password is needed to open it; save a copy without a password and try again",
    "E307": "the PDF has no text layer (scanned?); it needs OCR first",
    "E308": "cannot read file: {detail}; check the path",
    "E309": "encrypted {kind} file: it is password-protected; save a copy without a password and try again",
    "E310": "cannot convert {suffix} file with LibreOffice: {detail}",
    "E311": "permission denied: bpolint may not read this file; check its permissions",
    "E312": "is {kind}, not a regular file; bpolint reads only regular files",
    "E313": "corrupt ZIP package ({detail}): the DOCX is damaged or truncated; save it again from Word",
    "E314": "not a Word document: {detail}; save it as a Word Document (.docx)",
    "E315": "DOCX refused: {detail}, beyond the safety limit of {limit}; a genuine contract stays well inside it",
    "E316": "DOCX refused: part {part} declares a DOCTYPE, which Word never writes (an XML entity attack?)",
    "E317": "truncated PDF ({detail}): the file was cut short; copy or download it again",
    "E318": "PDF refused: {detail}, beyond the safety limit of {limit}; a genuine contract stays well inside it",
    "E319": "PDF refused: page {page} took more than {limit} s to read (a hostile or broken page?)",
    "E320": "annotate needs a DOCX file ({suffix} files cannot carry Word comments); lint it with 'bpolint check' instead",
    # segmentation
    "E401": "text too large to segment ({size} characters)",
    # the run itself: one file's failure becomes its error entry and the run goes on
    "E900": "internal error in {stage}: {exception}; please report it (run with --debug for the traceback)",
    "E901": "took longer than the time limit of {limit} s; raise it with --time-limit or limits.time-limit-s",
    "E902": "needed more memory than the ceiling of {limit} MB; raise it with --memory-limit or limits.memory-limit-mb",
    "E903": "the worker process linting this file stopped ({detail}); the other files are not affected",
}

WARNINGS: dict[str, str] = {
    "W101": "{what} suppressed nothing",
    "W102": "inline {kind}={rule} suppressed nothing",
    "W103": "baseline entry for {rule} no longer matches a finding: {evidence}",
    "W301": "not valid UTF-8; decoded as cp1252",
    "W302": "page {page} has no text layer",
    "W304": "{what} is not read",
}
# fmt: on


class _Detail(dict):
    """Message fields; an optional one (``where``) left out reads as empty."""

    def __missing__(self, key: str) -> str:
        if key == "where":
            return ""
        raise KeyError(key)


@dataclass
class BpolintError(Exception):
    """A user-facing error: code, file, optional line and formatted detail."""

    code: str
    file: str | None = None
    line: int | None = None
    detail: dict | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, "{detail}")
        try:
            return template.format_map(_Detail(self.detail or {}))
        except (KeyError, IndexError, ValueError):
            return f"{template} {self.detail}"

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        return f"{where}[{self.code}] {self.message}"


def warning_text(code: str, **detail: object) -> str:
    """Format a warning from the catalogue as ``[W301] message``."""
    return f"[{code}] {WARNINGS[code].format(**detail)}"
