"""Findings of a portfolio as one Parquet table (``--format parquet``; pyarrow, the ``parquet`` extra).

One row per record, in report order: for each file its ``file`` row (service types, the
error if it could not be linted), then one ``topic`` row per topic status, one ``finding``
row per finding and one ``notice`` row per unused inline suppression. Every row repeats
the file, its content hash, the rule-set hash, the settings hash and the service types, so
that any row can be read on its own (``SELECT ... WHERE record = 'finding'``). The columns
are documented in ``docs/portfolios.md``; the schema's name and version are in the file's
metadata, and a reader refuses a version it does not know.

:func:`encode` writes :class:`Entry` records; :func:`decode` reads them back into the same
:class:`~bpolint.model.FileReport` records, so ``bpolint report --from`` renders a portfolio
without linting it again.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from ..errors import BpolintError
from ..model import (Evidence, FileReport, Finding, Location, Measure, Notice, Report, ServiceDetection, Severity,
                     Status, TopicResult)
from ..version import __version__

SCHEMA_NAME = "bpolint-findings"
SCHEMA_VERSION = 1
RECORDS = ("file", "topic", "finding", "notice")
LOCATION_FIELDS = ("clause", "heading", "page", "part", "paragraph", "line", "column", "end_line", "end_column")


@dataclass(frozen=True)
class Entry:
    """One file's report with what it was computed from (see :mod:`bpolint.identity`)."""

    report: FileReport
    ruleset_hash: str
    settings_hash: str

    @property
    def key(self) -> tuple[str | None, str, str]:
        return (self.report.content_hash, self.ruleset_hash, self.settings_hash)


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise BpolintError("E120", None, None, {"what": "the Parquet format", "extra": "parquet"}) from None
    return pyarrow, pyarrow.parquet


def schema():
    pa, _ = _pyarrow()
    string, int32 = pa.string(), pa.int32()
    location = [pa.field("clause", string), pa.field("heading", string), pa.field("page", int32),
                pa.field("part", string), pa.field("paragraph", int32), pa.field("line", int32),
                pa.field("column", int32), pa.field("end_line", int32), pa.field("end_column", int32)]
    fields = [
        pa.field("record", string, nullable=False),
        pa.field("file", string, nullable=False),
        pa.field("content_hash", string),
        pa.field("ruleset_hash", string),
        pa.field("settings_hash", string),
        pa.field("service_types", pa.list_(string)),
        # file rows
        pa.field("service_type_source", string),
        pa.field("service_type_reasons", pa.map_(string, pa.list_(string))),
        pa.field("service_type_scores", pa.map_(string, pa.float64())),
        pa.field("error_code", string),
        pa.field("error", string),
        pa.field("warnings", pa.list_(string)),
        pa.field("suppressed", int32),
        # topic and finding rows
        pa.field("topic", string),
        pa.field("level", string),
        pa.field("status", string),
        pa.field("rule", string),
        pa.field("rule_name", string),
        pa.field("severity", string),
        pa.field("message", string),
        pa.field("suggestion", string),
        pa.field("evidence", string),
        pa.field("fingerprint", string),
        *location,
        pa.field("evidence_span", pa.list_(int32)),
        pa.field("topic_evidence", pa.list_(pa.struct([pa.field("quote", string), pa.field("kind", string),
                                                       pa.field("span", pa.list_(int32)), *location]))),
        pa.field("measures", pa.list_(pa.struct([
            pa.field("kind", string), pa.field("value", string), pa.field("unit", string), pa.field("text", string),
            pa.field("sentence", string), pa.field("at", pa.list_(int32)), *location]))),
        # notice rows (and message above)
        pa.field("code", string),
    ]
    metadata = {"bpolint.schema": SCHEMA_NAME, "bpolint.schema_version": str(SCHEMA_VERSION),
                "bpolint.version": __version__}
    return pa.schema(fields, metadata=metadata)


def entries_of(report: Report, settings: Iterable, ruleset_hash_of, settings_hash_of) -> list[Entry]:
    """A run's reports with their hashes (``settings`` per file, in report order)."""
    return [Entry(fr, ruleset_hash_of(s.rules), settings_hash_of(s)) for fr, s in zip(report.files, settings)]


def encode(entries: Iterable[Entry]) -> bytes:
    """The Parquet file's bytes (written by the caller, atomically)."""
    pa, pq = _pyarrow()
    sch = schema()
    columns: dict[str, list[Any]] = {f.name: [] for f in sch}
    for entry in entries:
        for row in _rows(entry):
            for name, values in columns.items():
                values.append(row.get(name))
    table = pa.table(columns, schema=sch)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _rows(entry: Entry) -> Iterable[dict[str, Any]]:
    fr = entry.report
    det = fr.detection
    common = {"file": fr.file, "content_hash": fr.content_hash, "ruleset_hash": entry.ruleset_hash,
              "settings_hash": entry.settings_hash, "service_types": list(det.service_types)}
    yield {**common, "record": "file", "service_type_source": det.source,
           "service_type_reasons": [(k, list(v)) for k, v in det.reasons.items()],
           "service_type_scores": list(det.scores.items()),
           "error_code": fr.error_code, "error": fr.error, "warnings": list(fr.warnings), "suppressed": fr.suppressed}
    for t in fr.topics:
        first = t.evidence[0] if t.evidence else None
        yield {**common, "record": "topic", "topic": t.topic, "level": t.level, "status": t.status.value,
               "evidence": first.quote if first else None, **(_location(first.location) if first else {}),
               "topic_evidence": [{"quote": e.quote, "kind": e.kind, "span": _pair(e.span), **_location(e.location)}
                                  for e in t.evidence],
               "measures": [{"kind": m.kind, "value": str(m.value), "unit": m.unit, "text": m.text,
                             "sentence": m.sentence, "at": list(m.at), **_location(m.location)} for m in t.measures]}
    for f in fr.findings:
        yield {**common, "record": "finding", "rule": f.rule, "rule_name": f.rule_name, "topic": f.topic,
               "severity": f.severity.value, "status": f.status.value if f.status else None, "message": f.message,
               "suggestion": f.suggestion, "evidence": f.evidence, "fingerprint": f.fingerprint,
               "evidence_span": _pair(f.evidence_span), **_location(f.location)}
    for n in fr.notices:
        yield {**common, "record": "notice", "code": n.code, "line": n.line, "message": n.message}


def _pair(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span is not None else None


def _span(values: list[int] | None) -> tuple[int, int] | None:
    return (values[0], values[1]) if values else None


def _location(loc: Location) -> dict[str, Any]:
    return {name: getattr(loc, name) for name in LOCATION_FIELDS}


# --- reading ----------------------------------------------------------------------------


def decode(data: bytes, name: str) -> list[Entry]:
    """The entries of a findings file, in its order; E122 naming ``name`` when it is not one."""
    pa, pq = _pyarrow()
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise BpolintError("E122", name, None, {"detail": " ".join(str(exc).split())[:200]}) from None
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    if meta.get("bpolint.schema") != SCHEMA_NAME:
        raise BpolintError("E122", name, None, {"detail": "no bpolint schema in its metadata"})
    version = meta.get("bpolint.schema_version", "")
    if version != str(SCHEMA_VERSION):
        raise BpolintError("E122", name, None, {"detail": (
            f"schema version {version} (written by bpolint {meta.get('bpolint.version', '?')}); "
            f"this bpolint reads version {SCHEMA_VERSION}")})
    missing = [f.name for f in schema() if f.name not in table.column_names]
    if missing:
        raise BpolintError("E122", name, None, {"detail": f"columns missing: {', '.join(missing)}"})
    try:
        return list(_entries(table.to_pylist()))
    except (KeyError, ValueError, TypeError) as exc:
        raise BpolintError("E122", name, None, {"detail": f"bad record: {exc}"}) from None


class _Builder:
    def __init__(self, row: dict[str, Any]) -> None:
        self.file_row = row
        self.topics: list[TopicResult] = []
        self.findings: list[Finding] = []
        self.notices: list[Notice] = []

    def entry(self) -> Entry:
        r = self.file_row
        reasons = {k: tuple(v) for k, v in (r["service_type_reasons"] or [])}
        detection = ServiceDetection(tuple(r["service_types"] or ()), r["service_type_source"] or "default",
                                     scores=dict(r["service_type_scores"] or []), reasons=reasons)
        report = FileReport(file=r["file"], detection=detection, topics=tuple(self.topics),
                            findings=tuple(self.findings), error=r["error"], error_code=r["error_code"],
                            warnings=tuple(r["warnings"] or ()), notices=tuple(self.notices),
                            suppressed=r["suppressed"] or 0, content_hash=r["content_hash"])
        return Entry(report, r["ruleset_hash"] or "", r["settings_hash"] or "")


def _entries(rows: list[dict[str, Any]]) -> Iterable[Entry]:
    current: _Builder | None = None
    for row in rows:
        record = row["record"]
        if record == "file":
            if current:
                yield current.entry()
            current = _Builder(row)
            continue
        if current is None or row["file"] != current.file_row["file"]:
            raise ValueError(f"a {record} row for {row['file']!r} before its file row")
        if record == "topic":
            evidence = tuple(Evidence(e["quote"], _location_of(row["file"], e), e["kind"] or "operative", _span(e["span"]))
                             for e in row["topic_evidence"] or ())
            measures = tuple(Measure(m["kind"], Decimal(m["value"]), m["unit"], m["text"], _location_of(row["file"], m),
                                     m["sentence"] or "", _span(m["at"]) or (0, 0)) for m in row["measures"] or ())
            current.topics.append(TopicResult(row["topic"], row["level"], Status(row["status"]), evidence, measures))
        elif record == "finding":
            current.findings.append(Finding(
                rule=row["rule"], topic=row["topic"], severity=Severity(row["severity"]), message=row["message"],
                suggestion=row["suggestion"], evidence=row["evidence"], location=_location_of(row["file"], row),
                rule_name=row["rule_name"] or "", status=Status(row["status"]) if row["status"] else None,
                fingerprint=row["fingerprint"] or "", evidence_span=_span(row["evidence_span"])))
        elif record == "notice":
            current.notices.append(Notice(row["code"], row["file"], row["line"], row["message"]))
        else:
            raise ValueError(f"unknown record {record!r}")
    if current:
        yield current.entry()


def _location_of(file: str, values: dict[str, Any]) -> Location:
    return Location(file=file, **{name: values[name] for name in LOCATION_FIELDS})


def report_of(entries: Iterable[Entry]) -> Report:
    """The portfolio as the records every renderer takes."""
    return Report(__version__, tuple(e.report for e in entries))
