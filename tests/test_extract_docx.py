"""DOCX extraction: fixtures are built in code, from python-docx's default template
with WordprocessingML snippets put in place through ``docx.oxml``."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from bpolint.errors import BpolintError
from bpolint.extract import ExtractOptions, convert, extract
from bpolint.extract import docx as docx_extract
from bpolint.extract.builder import normalize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_DOCX = sorted((SHARED / "corpora" / "real" / "standard").glob("**/*.docx"))

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


# ------------------------------------------------------------------ builders


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*content: str, style: str | None = None, num: int | None = None, ilvl: int = 0, ppr: str = "") -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    props += ppr
    body = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def tbl(*rows: list[str]) -> str:
    def cell(c: str) -> str:
        return f"<w:tc>{c if c.startswith('<w:p') else p(c)}</w:tc>"

    return "<w:tbl>" + "".join("<w:tr>" + "".join(cell(c) for c in row) + "</w:tr>" for row in rows) + "</w:tbl>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def _children(xml: str) -> list:
    return list(parse_xml(f"<w:root {NS}>{xml}</w:root>"))


def _replace_children(parent, xml: str, keep: str | None = None) -> None:
    kept = parent.find(qn(keep)) if keep else None
    for child in list(parent):
        if child is not kept:
            parent.remove(child)
    for el in _children(xml):
        if kept is not None:
            kept.addprevious(el)
        else:
            parent.append(el)


def _add_part(document, name: str, content_type: str, reltype: str, root: str, xml: str) -> None:
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{xml}</w:{root}>'
    part = Part(PackURI(f"/word/{name}"), content_type, blob.encode("utf-8"), document.part.package)
    document.part.relate_to(part, reltype)


def build(body: str, numbering: str | None = None, styles: str = "", footnotes: str | None = None,
          endnotes: str | None = None, header: str | None = None, footer: str | None = None,
          sections: int = 1) -> bytes:
    document = docx.Document()
    _replace_children(document.element.body, body, keep="w:sectPr")
    if numbering is not None:
        _replace_children(document.part.numbering_part.element, numbering)
    for el in _children(styles):
        document.styles.element.append(el)
    for _ in range(sections - 1):
        document.add_section()
    for section in document.sections:
        if header is not None:
            section.header.is_linked_to_previous = False
            _replace_children(section.header._element, header)
        if footer is not None:
            section.footer.is_linked_to_previous = False
            _replace_children(section.footer._element, footer)
    if footnotes is not None:
        _add_part(document, "footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES, "footnotes", footnotes)
    if endnotes is not None:
        _add_part(document, "endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES, "endnotes", endnotes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(data: bytes, changes: str = "accepted"):
    return docx_extract.extract("t.docx", data, ExtractOptions(changes=changes))


def texts(doc, part: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if part is None or b.part == part]


# --------------------------------------------------------------- body, tables


def test_paragraphs_headings_and_title_in_order() -> None:
    doc = read(build(
        p("Master Services Agreement", style="Title")
        + p("Definitions", style="Heading1")
        + p("In this Agreement the following terms apply.")
        + p("Scope", style="Heading2")
        + p("Outline", ppr='<w:outlineLvl w:val="2"/>')
    ))
    got = [(b.text, b.kind, b.level, b.part, b.paragraph) for b in doc.blocks]
    assert got == [
        ("Master Services Agreement", "title", None, "body", 0),
        ("Definitions", "heading", 1, "body", 1),
        ("In this Agreement the following terms apply.", "paragraph", None, "body", 2),
        ("Scope", "heading", 2, "body", 3),
        ("Outline", "heading", 3, "body", 4),
    ]
    assert doc.text == "\n".join(texts(doc))


def test_table_rows_and_nested_table() -> None:
    nested = tbl(["inner a", "inner b"], ["inner c", "inner d"])
    doc = read(build(
        p("Before")
        + tbl(["Service", "Target"], ["Availability", "99.9%"], [f"<w:p/>{nested}", "outer"])
        + p("After")
    ))
    got = [(b.text, b.kind, b.part, b.paragraph, b.level) for b in doc.blocks]
    assert got == [
        ("Before", "paragraph", "body", 0, None),
        ("Service | Target", "table-row", "table", 0, 1),
        ("Availability | 99.9%", "table-row", "table", 1, 1),
        ("outer", "table-row", "table", 2, 1),
        ("inner a | inner b", "table-row", "table", 3, 2),
        ("inner c | inner d", "table-row", "table", 4, 2),
        ("After", "paragraph", "body", 1, None),
    ]


# ------------------------------------------------------------------ numbering

LEGAL_LIST = abstract(
    1,
    lvl(0, "decimal", "%1."),
    lvl(1, "decimal", "%1.%2"),
    lvl(2, "lowerLetter", "(%3)"),
    lvl(3, "lowerRoman", "(%4)"),
) + num(1, 1)


def test_multilevel_numbering_with_restarts() -> None:
    doc = read(build(
        p("Services", num=1, ilvl=0)
        + p("Scope.", num=1, ilvl=1)
        + p("Standards.", num=1, ilvl=1)
        + p("first", num=1, ilvl=2)
        + p("second", num=1, ilvl=2)
        + p("roman one", num=1, ilvl=3)
        + p("roman two", num=1, ilvl=3)
        + p("third", num=1, ilvl=2)
        + p("Fees", num=1, ilvl=0)
        + p("Invoices.", num=1, ilvl=1)
        + p("again", num=1, ilvl=2),
        numbering=LEGAL_LIST,
    ))
    got = [(b.label, b.text, b.kind, b.level) for b in doc.blocks]
    assert got == [
        ("1.", "1. Services", "list-item", 1),
        ("1.1", "1.1 Scope.", "list-item", 2),
        ("1.2", "1.2 Standards.", "list-item", 2),
        ("(a)", "(a) first", "list-item", 3),
        ("(b)", "(b) second", "list-item", 3),
        ("(i)", "(i) roman one", "list-item", 4),
        ("(ii)", "(ii) roman two", "list-item", 4),
        ("(c)", "(c) third", "list-item", 3),
        ("2.", "2. Fees", "list-item", 1),
        ("2.1", "2.1 Invoices.", "list-item", 2),
        ("(a)", "(a) again", "list-item", 3),
    ]


def test_start_override_restarts_a_list_instance() -> None:
    numbering = (
        abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1)
        + num(2, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
        + num(3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>')
    )
    doc = read(build(
        p("a", num=1) + p("b", num=1) + p("restarted", num=2) + p("continues", num=2)
        + p("shares the list", num=1) + p("seven", num=3),
        numbering=numbering,
    ))
    assert [b.label for b in doc.blocks] == ["1.", "2.", "1.", "2.", "3.", "7."]


def test_level_override_replaces_the_format() -> None:
    numbering = abstract(1, lvl(0, "decimal", "%1.")) + num(
        1, 1, f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperLetter", "Part %1")}</w:lvlOverride>')
    doc = read(build(p("one", num=1) + p("two", num=1), numbering=numbering))
    assert texts(doc) == ["Part A one", "Part B two"]


def test_number_formats_and_suffixes() -> None:
    numbering = "".join([
        abstract(1, lvl(0, "upperRoman", "ARTICLE %1", extra='<w:suff w:val="space"/>')), num(1, 1),
        abstract(2, lvl(0, "upperLetter", "%1.")), num(2, 2),
        abstract(3, lvl(0, "decimalZero", "%1", extra='<w:suff w:val="nothing"/>')), num(3, 3),
        abstract(4, lvl(0, "bullet", "\uf0b7")), num(4, 4),
        abstract(5, lvl(0, "ordinal", "%1)")), num(5, 5),
        abstract(6, lvl(0, "lowerLetter", "%1)", start=26)), num(6, 6),
    ])
    doc = read(build(
        p("Definitions", num=1) + p("Term", num=1) + p("Scope", num=1) + p("Fees", num=1)
        + p("Alpha", num=2) + p("Beta", num=2)
        + p("-Zero", num=3)
        + p("Bullet", num=4)
        + p("Ordinal", num=5)
        + p("z item", num=6) + p("aa item", num=6),
        numbering=numbering,
    ))
    got = [(b.label, b.text) for b in doc.blocks]
    assert got == [
        ("ARTICLE I", "ARTICLE I Definitions"),
        ("ARTICLE II", "ARTICLE II Term"),
        ("ARTICLE III", "ARTICLE III Scope"),
        ("ARTICLE IV", "ARTICLE IV Fees"),
        ("A.", "A. Alpha"),
        ("B.", "B. Beta"),
        ("01", "01-Zero"),
        (None, "Bullet"),
        ("1)", "1) Ordinal"),
        ("z)", "z) z item"),
        ("aa)", "aa) aa item"),
    ]
    assert doc.blocks[7].kind == "list-item" and doc.blocks[7].level == 1


def test_legal_numbering_prints_decimal() -> None:
    numbering = abstract(
        1,
        lvl(0, "upperRoman", "Article %1"),
        lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
        lvl(2, "lowerLetter", "%1.%2(%3)"),
    ) + num(1, 1)
    doc = read(build(
        p("Term", num=1) + p("Term", num=1) + p("Duration.", num=1, ilvl=1) + p("x", num=1, ilvl=2),
        numbering=numbering,
    ))
    assert [b.label for b in doc.blocks] == ["Article I", "Article II", "2.1", "II.1(a)"]


def test_style_linked_numbering_with_based_on() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Clause1"><w:name w:val="Clause 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Clause2"><w:name w:val="Clause 2"/><w:basedOn w:val="Clause1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Clause3"><w:name w:val="Clause 3"/><w:basedOn w:val="Clause1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Unnumbered"><w:name w:val="Unnumbered"/><w:basedOn w:val="Clause1"/>'
        '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>'
    )
    numbering = abstract(
        1,
        lvl(0, "decimal", "%1."),
        lvl(1, "decimal", "%1.%2"),
        lvl(2, "lowerLetter", "(%3)", extra='<w:pStyle w:val="Clause3"/>'),
    ) + num(1, 1)
    doc = read(build(
        p("Services", style="Clause1") + p("Scope.", style="Clause2") + p("item", style="Clause3")
        + p("plain", style="Unnumbered") + p("Fees", style="Clause1"),
        numbering=numbering, styles=styles,
    ))
    assert [(b.label, b.text) for b in doc.blocks] == [
        ("1.", "1. Services"), ("1.1", "1.1 Scope."), ("(a)", "(a) item"), (None, "plain"), ("2.", "2. Fees"),
    ]


def test_numbering_style_link_and_numbered_heading() -> None:
    styles = (
        '<w:style w:type="numbering" w:styleId="ContractList"><w:name w:val="Contract List"/>'
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    )
    numbering = (
        abstract(1, lvl(0, "decimal", "%1."), extra='<w:styleLink w:val="ContractList"/>')
        + abstract(2, extra='<w:numStyleLink w:val="ContractList"/>')
        + num(2, 1) + num(3, 2)
    )
    doc = read(build(p("Definitions", style="Heading1", num=3) + p("Term", style="Heading1", num=3),
                     numbering=numbering, styles=styles))
    assert [(b.label, b.text, b.kind, b.level) for b in doc.blocks] == [
        ("1.", "1. Definitions", "heading", 1), ("2.", "2. Term", "heading", 1),
    ]


def test_long_paragraph_in_heading_style_is_a_clause() -> None:
    numbering = abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1)
    doc = read(build(
        p("Term. This Agreement starts on the Effective Date and continues for three years.",
          style="Heading2", num=1),
        numbering=numbering,
    ))
    assert (doc.blocks[0].kind, doc.blocks[0].level, doc.blocks[0].label) == ("list-item", 1, "1.")


# ------------------------------------------------------------ tracked changes

TRACKED = p(
    r("The Supplier shall respond within "),
    '<w:del w:id="1" w:author="A"><w:r><w:delText>eight</w:delText></w:r></w:del>',
    '<w:ins w:id="2" w:author="A"><w:r><w:t>four</w:t></w:r></w:ins>',
    r(" hours"),
    '<w:moveFrom w:id="3" w:author="A"><w:r><w:t> promptly</w:t></w:r></w:moveFrom>',
    r("."),
    '<w:moveTo w:id="4" w:author="A"><w:r><w:t xml:space="preserve"> Always.</w:t></w:r></w:moveTo>',
)


def test_tracked_changes_accepted_by_default() -> None:
    doc = read(build(TRACKED))
    block = doc.blocks[0]
    assert block.text == "The Supplier shall respond within four hours. Always."
    assert [block.text[s:e] for s, e in block.inserted] == ["four", " Always."]
    assert block.in_insertion(34, 38) and not block.in_insertion(0, 10)


def test_tracked_changes_original() -> None:
    doc = read(build(TRACKED), changes="original")
    block = doc.blocks[0]
    assert block.text == "The Supplier shall respond within eight hours promptly."
    assert block.inserted == ()


def test_whole_paragraph_changes_and_numbering() -> None:
    numbering = abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1)
    deleted = p('<w:del w:id="5" w:author="A"><w:r><w:delText>Old clause.</w:delText></w:r></w:del>',
                num=1, ppr='<w:rPr><w:del w:id="6" w:author="A"/></w:rPr>')
    inserted = p('<w:ins w:id="7" w:author="A"><w:r><w:t>New clause.</w:t></w:r></w:ins>',
                 num=1, ppr='<w:rPr><w:ins w:id="8" w:author="A"/></w:rPr>')
    data = build(p("First.", num=1) + deleted + inserted + p("Last.", num=1), numbering=numbering)
    accepted = read(data)
    assert texts(accepted) == ["1. First.", "2. New clause.", "3. Last."]
    assert accepted.blocks[1].inserted == ((0, len("2. New clause.")),)
    original = read(data, changes="original")
    assert texts(original) == ["1. First.", "2. Old clause.", "3. Last."]


def test_deleted_paragraph_mark_joins_the_next_paragraph() -> None:
    doc = read(build(
        p("The Supplier shall", ppr='<w:rPr><w:del w:id="1" w:author="A"/></w:rPr>')
        + p("provide the Services.")
    ))
    assert texts(doc) == ["The Supplier shall provide the Services."]
    assert texts(read(build(p("A", ppr='<w:rPr><w:del w:id="1" w:author="A"/></w:rPr>') + p("B")),
                      changes="original")) == ["A", "B"]


def test_deleted_table_row() -> None:
    doc = read(build(
        "<w:tbl><w:tr><w:tc>" + p("kept") + "</w:tc></w:tr>"
        + '<w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr><w:tc>' + p("gone") + "</w:tc></w:tr></w:tbl>"
    ))
    assert texts(doc) == ["kept"]


# -------------------------------------------------------- notes, header, footer


def test_headers_footers_and_notes_after_the_body() -> None:
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>' + r(" As defined in Schedule 2.") + "</w:p></w:footnote>"
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>' + r(" Business days only.") + "</w:p></w:footnote>"
        '<w:footnote w:id="3"><w:p>' + r("Never referenced.") + "</w:p></w:footnote>"
    )
    endnotes = '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>' + r(" Source: the RFP.") + "</w:p></w:endnote>"
    body = (
        p(r("Service Levels"), '<w:r><w:footnoteReference w:id="2"/></w:r>', r(" apply"),
          '<w:r><w:footnoteReference w:id="1"/></w:r>', '<w:r><w:endnoteReference w:id="1"/></w:r>')
        + p("Second section.")
    )
    doc = read(build(body, footnotes=footnotes, endnotes=endnotes,
                     header=p("CONFIDENTIAL"), footer=p("Acme MSA v2"), sections=2))
    got = [(b.part, b.paragraph, b.label, b.text) for b in doc.blocks]
    assert got == [
        ("body", 0, None, "Service Levels apply"),
        ("body", 1, None, "Second section."),
        ("header", 0, None, "CONFIDENTIAL"),
        ("footer", 0, None, "Acme MSA v2"),
        ("footnote", 0, "1", "1 Business days only."),
        ("footnote", 1, "2", "2 As defined in Schedule 2."),
        ("endnote", 0, "i", "i Source: the RFP."),
    ]
    assert doc.text.splitlines()[2] == "CONFIDENTIAL"


def test_first_page_header_only_when_switched_on() -> None:
    document = docx.Document()
    _replace_children(document.element.body, p("Body"), keep="w:sectPr")
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    _replace_children(section.header._element, p("Running head"))
    section.first_page_header.is_linked_to_previous = False
    _replace_children(section.first_page_header._element, p("Cover head"))
    out = io.BytesIO()
    document.save(out)
    assert texts(read(out.getvalue()), "header") == ["Running head"]
    section.different_first_page_header_footer = True
    out = io.BytesIO()
    document.save(out)
    assert texts(read(out.getvalue()), "header") == ["Running head", "Cover head"]


# ------------------------------------------------- inline content and hiding

TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
    "<wps:wsp><wps:txbx><w:txbxContent>" + p("Boxed note.") + "</w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" + p("Boxed note.")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_box_read_once_after_its_paragraph() -> None:
    doc = read(build(p(r("Anchor"), TEXT_BOX) + p("Next")))
    assert texts(doc) == ["Anchor", "Boxed note.", "Next"]


def test_content_controls_fields_hyperlinks_and_special_characters() -> None:
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="Party"/></w:sdtPr><w:sdtContent>'
        + p(r("Supplier: "), '<w:sdt><w:sdtContent><w:r><w:t>Acme Ltd</w:t></w:r></w:sdtContent></w:sdt>')
        + "</w:sdtContent></w:sdt>"
        + p(
            r("See clause "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\r </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("4.2"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            r(" and "), '<w:hyperlink r:id="rId99"><w:r><w:t>the portal</w:t></w:r></w:hyperlink>',
            '<w:smartTag w:uri="u" w:element="place"><w:r><w:t> in London</w:t></w:r></w:smartTag>',
        )
        + p(r("Col1"), "<w:r><w:tab/><w:t>Col2</w:t><w:br/><w:t>next line</w:t></w:r>",
            r(" third"), "<w:r><w:noBreakHyphen/><w:t>party </w:t></w:r>",
            '<w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:t xml:space="preserve"> 99%</w:t></w:r>')
        + p('<w:fldSimple w:instr=" DOCPROPERTY Client "><w:r><w:t>Globex</w:t></w:r></w:fldSimple>')
    )
    doc = read(build(body))
    assert texts(doc) == [
        "Supplier: Acme Ltd",
        "See clause 4.2 and the portal in London",
        "Col1 Col2 next line third-party \u2265 99%",
        "Globex",
    ]


def test_hidden_text_and_comments_excluded() -> None:
    styles = ('<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
              "<w:rPr><w:vanish/></w:rPr></w:style>")
    body = p(
        '<w:commentRangeStart w:id="0"/>', r("Visible"), r(" hidden", "<w:vanish/>"),
        r(" styled", '<w:rStyle w:val="Secret"/>'), r(" shown", '<w:vanish w:val="0"/>'),
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
        ppr="<w:rPr><w:vanish/></w:rPr>",
    )
    assert texts(read(build(body, styles=styles))) == ["Visible shown"]


def test_comments_part_is_not_read() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The fee is fixed.")
    document.add_comment(paragraph.runs, text="Check this figure", author="Reviewer")
    out = io.BytesIO()
    document.save(out)
    doc = read(out.getvalue())
    assert "Check this figure" not in doc.text
    assert texts(doc) == ["The fee is fixed."]


# ---------------------------------------------------------------- registry


def test_registry_reads_docx_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.docx"
    path.write_bytes(build(p("Hello", style="Heading1")))
    doc = extract(path)
    assert doc.format == "docx" and texts(doc) == ["Hello"]


# ------------------------------------------------- legacy formats via LibreOffice

RTF = rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard 1. The Supplier shall respond within four hours.\par}"


@pytest.mark.skipif(convert.office() is None, reason="LibreOffice is not installed")
def test_rtf_is_read_through_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "legacy.rtf"
    path.write_bytes(RTF)
    assert texts(extract(path)) == ["1. The Supplier shall respond within four hours."]


def test_file_that_is_not_what_its_suffix_says_is_not_converted(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0junk")
    with pytest.raises(BpolintError) as info:
        extract(path)
    assert info.value.code == "E301"


def test_legacy_format_without_libreoffice_is_e301(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bpolint.extract.office", lambda: None)
    path = tmp_path / "legacy.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    with pytest.raises(BpolintError) as info:
        extract(path)
    assert info.value.code == "E301" and ".docx" in str(info.value)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("data, code", [(b"this is not a zip file at all", "E314"), (b"PK\x03\x04broken zip", "E313")])
def test_corrupt_file_is_e313_and_other_bytes_e314(data: bytes, code: str) -> None:
    with pytest.raises(BpolintError) as info:
        read(data)
    assert info.value.code == code
    assert "\n" not in str(info.value)


def test_zip_that_is_not_a_word_document_is_e314() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hello")
    with pytest.raises(BpolintError) as info:
        read(out.getvalue())
    assert info.value.code == "E314"


def test_strict_open_xml_is_named() -> None:
    strict = "http://purl.oclc.org/ooxml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{strict}/officeDocument/relationships/'
                   'officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="{strict}/wordprocessingml/main"><w:body>'
                   "<w:p><w:r><w:t>Strict</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(BpolintError) as info:
        read(out.getvalue())
    assert info.value.code == "E305" and "Strict Open XML" in str(info.value)


def test_encrypted_package_is_reported_as_encrypted() -> None:
    # An encrypted DOCX is an OLE compound file holding an "EncryptedPackage" stream.
    data = docx_extract._OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(BpolintError) as info:
        read(data)
    assert info.value.code == "E309"
    assert "password" in str(info.value)


def test_legacy_doc_renamed_is_e314() -> None:
    with pytest.raises(BpolintError) as info:
        read(docx_extract._OLE_MAGIC + b"\x00" * 600)
    assert info.value.code == "E314" and ".doc" in str(info.value)


# ------------------------------------------------------------- real corpus


@pytest.mark.skipif(not REAL_DOCX, reason="shared corpus not present")
@pytest.mark.parametrize("path", REAL_DOCX, ids=lambda p: p.name)
def test_real_docx_extracts(path: Path) -> None:
    doc = extract(path)
    assert doc.blocks and all(b.text == normalize(doc.text[b.start:b.end])[0] for b in doc.blocks)
    labels = [b.label for b in doc.blocks if b.label]
    # Common Paper standard terms number every clause automatically.
    if "common-paper" in path.name:
        assert labels[:3] == ["1.", "1.1", "1.2"]


# ------------------------------------------------------------ the package view


def _rezip(data: bytes, edit) -> bytes:
    """``data`` with each member's bytes passed through ``edit(name, bytes)`` (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = edit(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info.filename, content)
    return out.getvalue()


def _with_header_and_numbering() -> bytes:
    numbering = abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1)
    return build(p(r("Fees are payable monthly."), num=1), numbering=numbering, header=p(r("DRAFT FOR REVIEW")))


def test_absolute_relationship_targets_resolve_like_relative_ones() -> None:
    data = _with_header_and_numbering()

    def absolute(name: str, content: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            return content.replace(b'Target="', b'Target="/word/').replace(b'Target="/word/http', b'Target="http')
        return content

    assert texts(read(_rezip(data, absolute))) == texts(read(data))
    assert "1. Fees are payable monthly." in texts(read(_rezip(data, absolute)))


def test_a_relationship_to_a_part_the_package_lacks_reads_as_no_part() -> None:
    data = _with_header_and_numbering()
    header = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/header"))
    damaged = read(_rezip(data, lambda name, content: None if name in (header, "word/numbering.xml") else content))
    # the header and the automatic numbers are gone; the body is read, and nothing is refused
    assert texts(damaged) == ["Fees are payable monthly."]


def test_content_type_overrides_match_part_names_case_insensitively() -> None:
    data = build(p(r("The Supplier shall report monthly.")))

    def upper_override(name: str, content: bytes) -> bytes:
        return content.replace(b'PartName="/word/document.xml"', b'PartName="/WORD/Document.XML"') \
            if name == "[Content_Types].xml" else content

    assert texts(read(_rezip(data, upper_override))) == ["The Supplier shall report monthly."]


def test_images_and_other_parts_are_never_inflated(monkeypatch) -> None:
    data = build(p(r("Charges are fixed for the Term.")))
    data = _rezip(data, lambda name, content: content)
    with zipfile.ZipFile(io.BytesIO(data), "a") as z:
        z.writestr("word/media/image1.png", b"\x89PNG" + b"\0" * 4096)
    read_names: list[str] = []
    original = zipfile.ZipFile.read

    def spy(self, name, pwd=None):
        read_names.append(name if isinstance(name, str) else name.filename)
        return original(self, name, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "read", spy)
    assert texts(read(data)) == ["Charges are fixed for the Term."]
    assert "word/media/image1.png" not in read_names and "word/document.xml" in read_names
