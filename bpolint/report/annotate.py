"""The draft handed back with Word comments: one per finding, anchored on the words of its
evidence, and a summary comment at the start.

The comments are added to a copy of the package. Only the parts a comment needs change:
the main document part (comment markers, and runs split where a marker falls inside
one), the comments part, the main part's relationships and the content types. Every
other part is copied byte for byte, so headers, footers, footnotes, numbering, styles,
existing comments and tracked changes stay as they were.

A finding is traced back to the XML through the extractor's own walk: each block knows
the paragraph it came from and each piece of its text the element that printed it.
Evidence that cannot be marked exactly (split across paragraphs or table cells, inside a
tracked change or a text box, in a header, footer or note) gets a comment on its
paragraph, or at the start of the document, saying where it is; it is never dropped.
"""
from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from ..errors import BpolintError
from ..output import refuse_input, write_output
from ..extract.builder import normalize
from ..extract import ExtractOptions, opc
from ..extract.docx import (BDO, CUSTOM_XML, DEL, DIR, FLD_SIMPLE, HYPERLINK, INS, MOVE_FROM, MOVE_TO, P, PPR, R,
                            RPR, SDT, SDT_CONTENT, SMART_TAG, T, TXBX_CONTENT, W_NS, Run, walk)
from ..model import Coverage, Document, FileReport, Finding
from ..taxonomy import Taxonomy
from .gap import STATUS_TEXT, where

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_W = f"{{{W_NS}}}"
COMMENT_RANGE_START, COMMENT_RANGE_END, COMMENT_REFERENCE = _W + "commentRangeStart", _W + "commentRangeEnd", _W + "commentReference"
ANNOTATION_REF, COMMENT = _W + "annotationRef", _W + "comment"
W_ID = _W + "id"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Where a comment marker may stand next to a run: the paragraph and the inline wrappers.
_MARKER_PARENTS = {P, HYPERLINK, SMART_TAG, CUSTOM_XML, SDT, SDT_CONTENT, FLD_SIMPLE, DIR, BDO}
_TRACKED = {INS, DEL, MOVE_TO, MOVE_FROM}
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
MAX_LISTED = 12  # topics named per line of the summary comment


@dataclass(frozen=True)
class Annotated:
    """What was written: comment counts by how they are anchored."""

    data: bytes
    exact: int  # on the exact words of the evidence
    paragraph: int  # on the evidence's paragraph
    start: int  # at the start of the document (missing terms, evidence outside the body)

    @property
    def comments(self) -> int:
        return self.exact + self.paragraph + self.start + 1  # and the summary


@dataclass
class _Target:
    """Where one comment goes: a range of source elements, or a whole paragraph."""

    how: str  # exact | paragraph | start
    paragraph: etree._Element  # the paragraph commented on; for a range, the one it ends in
    start: tuple[etree._Element, int] | None = None  # (source element, offset in its text)
    end: tuple[etree._Element, int] | None = None  # exclusive
    note: str | None = None  # where the evidence is, when the comment is at the start


def annotate(data: bytes, document: Document, report: FileReport, taxonomy: Taxonomy, author: str = "bpolint",
             date: datetime | None = None, changes: str = "accepted") -> Annotated:
    """A copy of the DOCX package ``data`` with one comment per finding of ``report`` and a
    summary comment at the start. ``document`` and ``report`` come from extracting and
    linting the same bytes, with the same ``changes``."""
    if document.format != "docx":
        raise ValueError("annotate needs a DOCX document")
    package = zipfile.ZipFile(io.BytesIO(data))
    main = opc.Package(package).main_document_part  # extraction of these bytes has already found it
    main_name = main.partname.lstrip("/")
    existing = _existing_comments(package, main)
    root = etree.fromstring(package.read(main_name), _PARSER)
    body = root.find(_W + "body")
    result = walk(document.path, data, ExtractOptions(changes=changes), body=body)
    main_part = str(result.reader.main.partname)
    tracer = _Tracer(document, result.by_origin(), main_part, root)

    ids = _Ids(root, existing)
    stamp = (date or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    comments: list[etree._Element] = []
    counts = {"exact": 0, "paragraph": 0, "start": 0}
    pieces = _Pieces()
    start_paragraph = tracer.first_paragraph(body)
    summary = _comment(ids.next(), author, stamp, _summary_lines(report, taxonomy))
    comments.append(summary)
    _mark_paragraph(start_paragraph, summary.get(W_ID))
    for f in report.findings:
        target = tracer.target(f) or _Target("start", start_paragraph, note=_where_note(f))
        comment = _comment(ids.next(), author, stamp, _finding_lines(f, taxonomy, target))
        comments.append(comment)
        if target.how == "exact":
            _mark_range(target, comment.get(W_ID), pieces)
        else:
            _mark_paragraph(target.paragraph, comment.get(W_ID))
        counts[target.how] += 1

    replaced = {main_name: _serialize(root)}
    replaced.update(_comment_parts(package, main_name, comments, existing))
    return Annotated(_repack(package, replaced), counts["exact"], counts["paragraph"], counts["start"])


# ------------------------------------------------------------------ tracing findings to XML


class _Tracer:
    def __init__(self, document: Document, records: dict, main_part: str, root: etree._Element) -> None:
        self.document = document
        self.records = records
        self.main_part = main_part
        self.root = root

    def first_paragraph(self, body: etree._Element | None) -> etree._Element:
        """The first body paragraph with text: the summary and document-wide comments go there."""
        for block in self.document.blocks:
            record = self.records.get(block.origin) if block.origin and block.origin[0] == self.main_part else None
            if record is None:
                continue
            for run in record.runs:
                p = _paragraph_of(run.source)
                if p is not None and run.text.strip():
                    return _outer_paragraph(p)
        p = next(body.iter(P), None) if body is not None else None
        if p is None:  # a body with no paragraph at all: give the comment one to stand in
            p = etree.Element(P)
            if body is not None:
                body.insert(0, p)
        return p

    def target(self, f: Finding) -> _Target | None:
        """The exact words of the finding's evidence, else its paragraph; None when the
        evidence is not in the body (or there is none): the comment goes at the start."""
        doc = self.document
        span = f.evidence_span
        if span is None:
            if f.location.part is None:
                return None  # a document-wide finding (a missing term)
            index = self._block_at_line(f.location.line)
            if index is None:
                return None
            block = doc.blocks[index]
            start = end = None
        else:
            index = doc.block_at(span[0])
            if index is None:
                return None
            block = doc.blocks[index]
            start, end = block.offsets.to_clean(span[0]), block.offsets.to_clean(max(span[1] - 1, span[0])) + 1
        record = self.records.get(block.origin) if block.origin and block.origin[0] == self.main_part else None
        if record is None:
            return None
        runs: list[Run] = record.runs
        fallback = self._record_paragraph(runs)
        if fallback is None:
            return None
        paragraph = _Target("paragraph", _outer_paragraph(fallback))
        if start is None:
            return paragraph
        raw = "".join(r.text for r in runs)
        clean, offsets = normalize(raw)
        if clean != block.text:
            return paragraph  # the package changed since it was read: anchor on the paragraph
        raw_start = offsets.to_canonical(start)
        raw_end = offsets.to_canonical(end - 1) + 1
        first = _piece_at(runs, raw_start, forward=True)
        last = _piece_at(runs, raw_end, forward=False)
        if first is None or last is None or (first[0], first[2]) > (last[0], last[2]):
            return paragraph  # nothing but generated text (a number, a separator) to mark
        # Both ends are in this block, so a range from one paragraph to another covers the
        # cells of one table row, or paragraphs a tracked change joined: Word allows both.
        p_first, p_last = _paragraph_of(first[1]), _paragraph_of(last[1])
        if p_first is None or p_last is None or not _markable(first[1], p_first) or not _markable(last[1], p_last):
            return _Target("paragraph", _outer_paragraph(p_first if p_first is not None else fallback))
        return _Target("exact", p_last, first[1:], last[1:])

    def _record_paragraph(self, runs: list[Run]) -> etree._Element | None:
        for run in runs:
            p = _paragraph_of(run.source)
            if p is not None:
                return p
        return None

    def _block_at_line(self, line: int) -> int | None:
        starts = self.document.line_starts
        if not 1 <= line <= len(starts):
            return None
        return self.document.block_at(starts[line - 1])


def _piece_at(runs: list[Run], raw: int, forward: bool) -> tuple[int, etree._Element, int] | None:
    """(run index, source element, offset in its text) of a raw offset in the record's text.
    ``forward`` finds a start (moving past generated text such as numbers and cell
    separators); otherwise an exclusive end (moving back before it)."""
    pos = 0
    spans = []
    for run in runs:
        spans.append((pos, pos + len(run.text), run))
        pos += len(run.text)
    indexed = list(enumerate(spans))
    for i, (s, e, run) in (indexed if forward else reversed(indexed)):
        if not run.text or run.source is None:
            continue
        if forward and e > raw:
            return i, run.source, max(raw - s, 0)
        if not forward and s < raw:
            return i, run.source, min(raw - s, len(run.text))
    return None


def _paragraph_of(el: etree._Element | None) -> etree._Element | None:
    while el is not None and el.tag != P:
        el = el.getparent()
    return el


def _outer_paragraph(p: etree._Element) -> etree._Element:
    """A paragraph inside a text box is commented on through the paragraph that holds the box."""
    el = p
    outer = p
    while el is not None:
        if el.tag == TXBX_CONTENT:
            holder = _paragraph_of(el.getparent())
            if holder is not None:
                outer = holder
                el = holder
        el = el.getparent()
    return outer


def _markable(source: etree._Element, paragraph: etree._Element) -> bool:
    """A marker can stand beside this source: it sits in a run (or is one) directly inside the
    paragraph or an inline wrapper, outside tracked changes and text boxes."""
    node = source.getparent() if source.getparent() is not None and source.getparent().tag == R else source
    el = node.getparent()
    while el is not None and el is not paragraph:
        if el.tag in _TRACKED or el.tag not in _MARKER_PARENTS:
            return False
        el = el.getparent()
    if el is None or _outer_paragraph(paragraph) is not paragraph:
        return False
    return node.getparent() is not None and node.getparent().tag in _MARKER_PARENTS


# ------------------------------------------------------------------ marking the body


def _marker(tag: str, cid: str) -> etree._Element:
    el = etree.Element(tag)
    el.set(W_ID, cid)
    return el


def _reference_run(cid: str) -> etree._Element:
    run = etree.Element(R)
    run.append(_marker(COMMENT_REFERENCE, cid))
    return run


def _mark_paragraph(p: etree._Element, cid: str) -> None:
    kids = list(p)
    at = kids.index(p.find(PPR)) + 1 if p.find(PPR) is not None else 0
    while at < len(kids) and kids[at].tag == COMMENT_RANGE_START:
        at += 1  # after the comments already started here, so they read in the order written
    p.insert(at, _marker(COMMENT_RANGE_START, cid))
    p.append(_marker(COMMENT_RANGE_END, cid))
    p.append(_reference_run(cid))


class _Pieces:
    """Where the text of a w:t went when earlier markers split it: targets are traced on the
    text as read, so a second comment in the same run must find the piece holding its offset."""

    def __init__(self) -> None:
        self._split: dict[etree._Element, list[tuple[int, etree._Element]]] = {}  # original -> (start, piece)
        self._origin: dict[etree._Element, tuple[etree._Element, int]] = {}  # piece -> (original, start)

    def resolve(self, source: etree._Element, offset: int) -> tuple[etree._Element, int]:
        for start, piece in reversed(self._split.get(source, ())):
            if offset >= start:
                return piece, offset - start
        return source, offset

    def record(self, piece: etree._Element, offset: int, tail: etree._Element) -> None:
        """``piece`` was cut at ``offset``; ``tail`` holds the rest."""
        original, start = self._origin.get(piece, (piece, 0))
        pieces = self._split.setdefault(original, [(0, original)])
        pieces.append((start + offset, tail))
        pieces.sort(key=lambda p: p[0])
        self._origin[tail] = (original, start + offset)


def _mark_range(target: _Target, cid: str, pieces: _Pieces) -> None:
    # The end first, its marker placed before the start is cut: a cut at the start may split
    # the run the end marker follows, and the marker must stay after the whole range.
    end_side, end_node = _cut(*pieces.resolve(*target.end), pieces)
    end_marker = _marker(COMMENT_RANGE_END, cid)
    if end_side == "before":
        end_node.addprevious(end_marker)
    else:
        end_node.addnext(end_marker)
    start_side, start_node = _cut(*pieces.resolve(*target.start), pieces)
    start_marker = _marker(COMMENT_RANGE_START, cid)
    if start_side == "before":
        start_node.addprevious(start_marker)
    else:
        start_node.addnext(start_marker)
    # The reference run stands in the paragraph itself, after the range.
    holder = end_marker
    while holder.getparent() is not None and holder.getparent() is not target.paragraph:
        holder = holder.getparent()
    holder.addnext(_reference_run(cid))


def _cut(source: etree._Element, offset: int, pieces: _Pieces) -> tuple[str, etree._Element]:
    """Make a boundary before character ``offset`` of ``source``'s text, splitting its
    w:t and its run where needed. Returns ("before", node) or ("after", node): where a
    marker goes, as a sibling of a run or of a non-run source."""
    run = source.getparent()
    if run is None or run.tag != R:
        return ("before", source) if offset <= 0 else ("after", source)
    text = source.text or "" if source.tag == T else None
    if text is not None and 0 < offset < len(text):
        tail = copy.copy(source)
        tail.text = text[offset:]
        tail.tail = None
        source.text = text[:offset]
        for t in (source, tail):
            t.set(XML_SPACE, "preserve")
        source.addnext(tail)
        pieces.record(source, offset, tail)
        source, offset = tail, 0
    content = [c for c in run if c.tag != RPR]
    i = content.index(source)
    if offset > 0:  # after the whole element
        i += 1
    if i == 0:
        return "before", run
    if i >= len(content):
        return "after", run
    second = etree.Element(R, dict(run.attrib))
    rpr = run.find(RPR)
    if rpr is not None:
        second.append(copy.deepcopy(rpr))
    for child in content[i:]:
        second.append(child)  # moves it
    run.addnext(second)
    second.tail, run.tail = run.tail, None
    return "before", second


# ------------------------------------------------------------------ comment text


def _comment(cid: int, author: str, stamp: str, lines: list[tuple[str, bool]]) -> etree._Element:
    """A w:comment with one paragraph per line; (text, bold) pairs."""
    comment = etree.Element(COMMENT, nsmap={"w": W_NS})
    comment.set(W_ID, str(cid))
    comment.set(_W + "author", _xml_text(author))
    comment.set(_W + "date", stamp)
    comment.set(_W + "initials", _initials(author))
    for n, (text, bold) in enumerate(lines):
        p = etree.SubElement(comment, P)
        if n == 0:
            etree.SubElement(etree.SubElement(p, R), ANNOTATION_REF)
        run = etree.SubElement(p, R)
        if bold:
            etree.SubElement(etree.SubElement(run, RPR), _W + "b")
        t = etree.SubElement(run, T)
        t.text = _xml_text(text)
        t.set(XML_SPACE, "preserve")
    return comment


def _initials(author: str) -> str:
    letters = "".join(w[0] for w in re.findall(r"[^\W\d_]+", author))[:3].upper()
    return letters or "B"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", " ".join(text.split()))


def _finding_lines(f: Finding, taxonomy: Taxonomy, target: _Target) -> list[tuple[str, bool]]:
    topic = taxonomy.topics.get(f.topic)
    title = topic.title if topic else f.topic
    status = f" ({STATUS_TEXT[f.status].lower()})" if f.status in STATUS_TEXT and f.status not in ("flagged",) else ""
    lines = [(f"{f.rule} {f.severity.value}: {title}{status}", True), (f.message, False)]
    if f.suggestion:
        lines.append((f"Suggested wording: {f.suggestion}", False))
    if target.how != "exact" and f.evidence:
        where_text = f" ({target.note})" if target.note else ""
        lines.append((f"Evidence{where_text}: \u201c{f.evidence}\u201d", False))
    return lines


def _where_note(f: Finding) -> str | None:
    if f.location.part is None:
        return None
    return where(f.location)


def _summary_lines(report: FileReport, taxonomy: Taxonomy) -> list[tuple[str, bool]]:
    coverage = report.coverage
    score = f"{round(coverage.score * 100)}%" if coverage.score is not None else "n/a"
    det = report.detection
    services = ", ".join(det.service_types) or "common terms only"
    lines = [(f"Review summary: coverage {score}", True),
             (f"{coverage.covered} of {coverage.required} required terms for {services} are covered. "
              f"Coverage is the {Coverage.EXPLANATION}.", False)]
    for status, label in (("missing", "Missing"), ("unquantified", "Not measurable"), ("vague", "Vague"),
                          ("flagged", "Risks flagged")):
        topics = [t for t in report.topics if t.status == status and taxonomy.topics[t.topic].kind in ("requirement", "risk")]
        if topics:
            names = [taxonomy.topics[t.topic].title + (" (required)" if t.level == "required" else "") for t in topics]
            more = f"; and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
            lines.append((f"{label}: {'; '.join(names[:MAX_LISTED])}{more}.", False))
    lines.append((f"{len(report.findings)} findings follow as comments: on the words they concern, or here for "
                  "terms the draft lacks.", False))
    return lines


# ------------------------------------------------------------------ the package


class _Ids:
    """Comment ids not used by the document's own comments."""

    def __init__(self, root: etree._Element, existing: tuple[str, etree._Element] | None) -> None:
        used = [int(v) for v in (el.get(W_ID) for el in root.iter(COMMENT_RANGE_START, COMMENT_RANGE_END, COMMENT_REFERENCE))
                if v and v.lstrip("-").isdigit()]
        if existing is not None:
            used += [int(v) for v in (c.get(W_ID) for c in existing[1].iter(COMMENT)) if v and v.lstrip("-").isdigit()]
        self._next = max(used, default=-1) + 1

    def next(self) -> int:
        self._next += 1
        return self._next - 1


def _existing_comments(package: zipfile.ZipFile, main: opc.Part) -> tuple[str, etree._Element] | None:
    """(zip name, root) of the comments part the main part already relates to, parsed for editing."""
    part = opc.related(main, opc.COMMENTS)
    if part is None:
        return None
    name = part.partname.lstrip("/")
    return name, etree.fromstring(package.read(name), _PARSER)


def _comment_parts(package: zipfile.ZipFile, main_name: str, comments: list[etree._Element],
                   existing: tuple[str, etree._Element] | None) -> dict[str, bytes]:
    """The comments part (the document's own, ``existing``, extended, or a new one) and, for a new
    one, the relationship and the content type that declare it."""
    if existing is not None:
        name, root = existing
        root.extend(comments)
        return {name: _serialize(root)}
    names = set(package.namelist())
    folder = posixpath.dirname(main_name)
    name = posixpath.join(folder, "comments.xml")
    n = 1
    while name in names:
        name = posixpath.join(folder, f"comments{n}.xml")
        n += 1
    root = etree.Element(_W + "comments", nsmap={"w": W_NS})
    root.extend(comments)
    out = {name: _serialize(root)}

    rels_name = opc.rels_name(main_name)
    if rels_name in names:
        rels = etree.fromstring(package.read(rels_name), _PARSER)
    else:
        rels = etree.Element(f"{{{opc.RELS_NS}}}Relationships", nsmap={None: opc.RELS_NS})
    taken = {rel.get("Id") for rel in rels}
    rid = next(f"rId{i}" for i in range(len(taken) + 1, len(taken) + 1000) if f"rId{i}" not in taken)
    rel = etree.SubElement(rels, f"{{{opc.RELS_NS}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", opc.COMMENTS)
    rel.set("Target", posixpath.relpath(name, folder or "."))
    out[rels_name] = _serialize(rels)

    types = etree.fromstring(package.read("[Content_Types].xml"), _PARSER)
    override = etree.SubElement(types, f"{{{opc.CONTENT_TYPES_NS}}}Override")
    override.set("PartName", "/" + name)
    override.set("ContentType", COMMENTS_TYPE)
    out["[Content_Types].xml"] = _serialize(types)
    return out


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _repack(package: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """The package with ``replaced`` parts swapped in or added; every other entry copied as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.infolist():
            data = replaced.pop(info.filename, None)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = info.create_system
            target.writestr(entry, data if data is not None else package.read(info))
        for name, data in replaced.items():  # parts the package did not have
            target.writestr(zipfile.ZipInfo(name, datetime.now().timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ------------------------------------------------------------------ files


def annotate_file(path: str, output: str, lint, taxonomy: Taxonomy, author: str = "bpolint",
                  changes: str = "accepted") -> Annotated:
    """Lint the DOCX at ``path`` with ``lint(path) -> (Document, FileReport)`` and write the
    commented copy to ``output``. The input is read, never written."""
    suffix = Path(path).suffix.lower()
    if suffix != ".docx":
        raise BpolintError("E320", path, detail={"suffix": suffix or "extensionless"})
    refuse_input(output, (path,))  # before the work, not only when writing
    document, report = lint(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BpolintError("E308", path, detail={"detail": exc.strerror or str(exc)}) from None
    result = annotate(data, document, report, taxonomy, author, changes=changes)
    write_output(output, result.data, (path,))
    return result
