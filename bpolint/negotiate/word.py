"""The issues list as a Word document a lawyer can send as it is, and the letter as Word.

The list is a real table (python-docx): A4 landscape, the header row repeated on every
page, a page header naming the draft and the date and a footer with page numbers. The
letter is the Markdown letter template turned into Word paragraphs (bold, numbered and
bulleted lists), so one replaceable template drives both forms.

The bytes are reproducible: the package's dates and its zip entries' timestamps are the
list's date (``SOURCE_DATE_EPOCH`` when set), so the same draft gives the same file.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor

from .model import IssuesList, Priority, Row
from .render import COLOURS, long_date

# column widths in millimetres on A4 landscape with 12 mm margins (273 mm of text width)
_COLUMNS = [("No.", 11), ("Clause", 27), ("Issue", 46), ("Why it matters", 40), ("Our ask", 63),
            ("Fallback", 39), ("Priority", 23), ("{other} response", 24)]
_ROUND_COLUMN = ("Round", 16)
_FONT = "Calibri"
_TABLE_PT = 8.5


def render_docx(issues: IssuesList) -> bytes:
    doc = Document()
    _base_style(doc, 9)
    section = doc.sections[0]
    _page(section, landscape=True)
    _header_footer(section, f"Issues list: {issues.title}", long_date(issues.date))
    title = doc.add_paragraph()
    run = title.add_run(f"Issues list: {issues.title}")
    run.bold, run.font.size = True, Pt(16)
    for line in _meta_lines(issues):
        p = doc.add_paragraph(line)
        p.paragraph_format.space_after = Pt(0)
        _muted(p)
    doc.add_paragraph()
    _table(doc, issues)
    note = doc.add_paragraph(
        "Clause references are to the draft" + (" (resolved rows: to the previous draft)" if issues.against else "")
        + "; \u201cnew clause\u201d means the term is missing. Written by bpolint " + issues.version + ".")
    _muted(note)
    _properties(doc, issues, "Issues list")
    return _reproducible(doc, issues.date)


def render_letter_docx(issues: IssuesList, letter_markdown: str) -> bytes:
    """The covering letter (the rendered letter template) as a portrait A4 Word document."""
    doc = Document()
    _base_style(doc, 11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(8)
    section = doc.sections[0]
    _page(section, landscape=False)
    for block in re.split(r"\n\s*\n", letter_markdown.strip()):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        items = [re.match(r"^\s*(\d+\.|[-*])\s+(.*)$", ln) for ln in lines]
        if all(items):
            for m in items:
                style = "List Number" if m.group(1)[0].isdigit() else "List Bullet"
                _inline(doc.add_paragraph(style=style), m.group(2))
            continue
        p = doc.add_paragraph()
        for i, ln in enumerate(lines):
            if i:
                p.add_run().add_break()
            _inline(p, ln)
    _properties(doc, issues, "Letter")
    return _reproducible(doc, issues.date)


# --- pieces ------------------------------------------------------------------------------


def _meta_lines(issues: IssuesList) -> list[str]:
    counts = {p: issues.count(p) for p in Priority}
    lines = [
        f"{long_date(issues.date)} \u00b7 prepared for the {issues.party} \u00b7 {_points(len(issues.open_rows))}: "
        f"{counts[Priority.MUST]} must-have, {counts[Priority.IMPORTANT]} important, {counts[Priority.NICE]} nice-to-have",
        f"Draft: {issues.draft} \u00b7 service types: {issues.services}",
        f"Positions compared: {issues.playbook}",
    ]
    if issues.against:
        rounds = {}
        for r in issues.rows:
            rounds[r.round.value] = rounds.get(r.round.value, 0) + 1
        lines.append(f"Previous draft: {issues.against} \u00b7 " + ", ".join(
            f"{rounds.get(k, 0)} {k}" for k in ("new", "still open", "resolved")))
    return lines


def _points(n: int) -> str:
    return f"{n} point{'' if n == 1 else 's'}"


def _table(doc, issues: IssuesList) -> None:
    columns = list(_COLUMNS)
    if issues.against:
        columns.insert(7, _ROUND_COLUMN)
    scale = 273 / sum(w for _, w in columns)
    widths = [Mm(w * scale) for _, w in columns]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))  # LibreOffice and Word lay out from the grid
    head = table.rows[0]
    _repeat_header(head)
    for cell, (name, _), width in zip(head.cells, columns, widths):
        cell.width = width
        _shade(cell, "1D2430")
        text = name.format(other=issues.other.capitalize())
        if name == "Why it matters":
            text = f"Why it matters to the {issues.party}"
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.color.rgb, run.font.size = True, RGBColor(0xFF, 0xFF, 0xFF), Pt(_TABLE_PT)
    for row in issues.rows:
        cells = table.add_row().cells
        values = _cells(row, bool(issues.against))
        for cell, value, width in zip(cells, values, widths):
            cell.width = width
            cell.paragraphs[0].add_run(value).font.size = Pt(_TABLE_PT)
        pcell = cells[6]
        bg, fg = COLOURS[row.priority.value]
        _shade(pcell, bg.lstrip("#"))
        pcell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(fg.lstrip("#").upper())
        pcell.paragraphs[0].runs[0].bold = True
        if row.comparison is not None:
            c = row.comparison
            extra = cells[2].add_paragraph()
            shown = f" ({c.draft_range})" if c.draft_range != c.draft else ""
            _muted(extra, f"Draft: {c.draft}{shown} \u00b7 target {c.target} \u00b7 walk-away {c.walk_away}")
            extra.runs[0].font.size = Pt(_TABLE_PT - 0.5)
        if issues.against:
            bg, fg = COLOURS[row.round.value]
            _shade(cells[7], bg.lstrip("#"))
        _shade(cells[-1], "F5F7FA")


def _cells(row: Row, with_round: bool) -> list[str]:
    # a non-breaking hyphen keeps "must-have" on one line in a narrow column
    values = [str(row.number), row.clause_text, row.issue, row.why, row.ask, row.fallback,
              row.priority.value.replace("-", "\u2011")]
    if with_round:
        values.append(row.round.value)
    values.append("")
    return values


def _base_style(doc, size: int) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), _FONT)
    normal.paragraph_format.space_after = Pt(3)


def _page(section, landscape: bool) -> None:
    long_side, short_side = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_side, short_side) if landscape else (short_side, long_side)
    margin = Mm(12) if landscape else Mm(25)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Mm(15) if landscape else Mm(25)
    section.header_distance = section.footer_distance = Mm(7)


def _header_footer(section, left: str, right: str) -> None:
    p = section.header.paragraphs[0]
    p.text = ""
    p.add_run(left).bold = True
    p.add_run(f"\t{right}")
    _tab_stops(p, section)
    _muted(p)
    f = section.footer.paragraphs[0]
    f.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    f.add_run("Page ")
    _field(f, "PAGE")
    f.add_run(" of ")
    _field(f, "NUMPAGES")
    _muted(f)


def _tab_stops(p, section) -> None:
    """One right-aligned stop at the text's right edge, clearing the Header style's portrait stops."""
    width = section.page_width - section.left_margin - section.right_margin
    stops = p.paragraph_format.tab_stops
    for inches in (3.25, 6.5):
        stops.add_tab_stop(Inches(inches), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _field(paragraph, instruction: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _muted(paragraph, text: str | None = None) -> None:
    if text is not None:
        paragraph.add_run(text)
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0x4C, 0x56, 0x68)


def _shade(cell, hex_fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill.upper())
    props.append(shd)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _fixed_layout(table) -> None:
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)


_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")


def _inline(paragraph, text: str) -> None:
    """Letter text with **bold**; a backslash escapes a character taken from the draft."""
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            paragraph.add_run(_unescape(text[pos:m.start()]))
        paragraph.add_run(_unescape(m.group(1))).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(_unescape(text[pos:]))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _properties(doc, issues: IssuesList, kind: str) -> None:
    props = doc.core_properties
    when = dt.datetime(issues.date.year, issues.date.month, issues.date.day, tzinfo=dt.timezone.utc)
    props.title = f"{kind}: {issues.title}"
    props.subject = f"Negotiation of {issues.title}"
    props.author = props.last_modified_by = "bpolint"
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""


def _reproducible(doc, date: dt.date) -> bytes:
    """The saved package with every zip entry dated ``date``, so equal inputs give equal bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
