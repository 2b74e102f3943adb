"""``bpolint annotate``: the draft handed back with one Word comment per finding.

Fixtures are built in code (see ``test_extract_docx``); each test checks the package
the command writes, part by part."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from bpolint.api import lint_document, settings_for_path
from bpolint.config import Overrides
from bpolint.extract import extract
from bpolint.report.annotate import annotate
from bpolint.ruleset import load_ruleset
from conftest import REAL
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from test_extract_docx import _add_part, p, r, tbl
from test_extract_docx import build as build_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMENT_MARKERS = {W + "commentRangeStart", W + "commentRangeEnd"}
BODY = "word/document.xml"
# The parts a comment may change; every other part must come out byte for byte.
COMMENT_PARTS = {BODY, "word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}

INS = ('<w:ins w:id="90" w:author="Supplier" w:date="2024-05-01T00:00:00Z">'
       '<w:r><w:t xml:space="preserve"> at its sole discretion.</w:t></w:r></w:ins>')
DEL = ('<w:del w:id="91" w:author="Supplier" w:date="2024-05-01T00:00:00Z">'
       '<w:r><w:delText xml:space="preserve">within 30 days </w:delText></w:r></w:del>')
FOOTNOTES = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>The Supplier shall use reasonable efforts to keep records.</w:t></w:r></w:p></w:footnote>'
)
FOOTNOTE_REF = '<w:r><w:footnoteReference w:id="1"/></w:r>'
LAWYER = ('<w:comment w:id="0" w:author="A. Lawyer" w:date="2024-05-02T00:00:00Z" w:initials="AL">'
          '<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Customer: we need 24 months.</w:t></w:r></w:p></w:comment>')


def build(body: str, comments: str | None = None, **parts) -> bytes:
    """The extractor tests' builder, plus a comments part."""
    data = build_docx(body, **parts)
    if comments is None:
        return data
    document = docx.Document(io.BytesIO(data))
    _add_part(document, "comments.xml", CT.WML_COMMENTS, RT.COMMENTS, "comments", comments)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _draft() -> bytes:
    """An IT services draft: runs split by formatting, a table, a tracked insertion and deletion,
    a hyperlink, a footnote, a header and a footer."""
    body = "".join([
        p("MANAGED SERVICES AGREEMENT", style="Title"),
        p("1. Services", style="Heading1"),
        p(r("1.1 The Supplier shall provide the hosting services and "),
          r("respond to incidents", "<w:b/>"), r(" promptly and in a timely manner.")),
        p(r("1.2 The Supplier shall make the system available "), r("as far as practicable"),
          r(" and report to the Customer regularly."), FOOTNOTE_REF),
        p(r("1.3 The Supplier may change the scope of the Services"), INS),
        p(r("1.4 The Customer shall pay each invoice "), DEL, r("when it is convenient.")),
        p('<w:hyperlink w:anchor="x"><w:r><w:t xml:space="preserve">2.1 Extra work is billed at the Supplier\u2019s '
          'then-current rates</w:t></w:r></w:hyperlink>', r(" as notified from time to time.")),
        tbl(["Service", "Target"], ["Availability", "as agreed from time to time"]),
        p("3. Term", style="Heading1"),
        # an existing comment by the customer's lawyer, on the term clause
        p('<w:commentRangeStart w:id="0"/>', r("3.1 This Agreement continues for an initial term of twelve (12) months "
                                                "\u2013 renewable by agreement."),
          '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'),
    ])
    return build(body, footnotes=FOOTNOTES, comments=LAWYER,
                 header=p("Draft \u2013 subject to contract"), footer=p("Confidential"))


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annotate")
    source = folder / "draft.docx"
    source.write_bytes(_draft())
    document, report = _lint(source, ("it-services",))
    result = annotate(source.read_bytes(), document, report, load_ruleset().taxonomy, author="Reviewer")
    return source, report, result


def _lint(path: Path, services: tuple[str, ...] = ()):
    """(Document, FileReport) of one DOCX, through the public API, with no configuration file."""
    settings = settings_for_path(path, Overrides(service=services, use_config=False))
    document = extract(path)
    return document, lint_document(document, settings)[0]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _anchored_text(document_xml: bytes) -> dict[str, str]:
    """Comment id -> the text between its range start and end, in document order."""
    root = etree.fromstring(document_xml)
    open_ids: set[str] = set()
    texts: dict[str, list[str]] = {}
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            texts.setdefault(el.get(W + "id"), [])
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag == W + "t" and el.text:
            for cid in open_ids:
                texts[cid].append(el.text)
    return {cid: "".join(parts) for cid, parts in texts.items()}


def _comments(comments_xml: bytes) -> dict[str, tuple[str, str]]:
    root = etree.fromstring(comments_xml)
    return {c.get(W + "id"): (c.get(W + "author"), " ".join("".join(t.text or "" for t in para.iter(W + "t"))
                                                           for para in c.iter(W + "p")))
            for c in root.iter(W + "comment")}


def _squash(text: str) -> str:
    """Compare words, not spacing or the cell separators the extractor adds."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "|")


def _without_markers(document_xml: bytes) -> bytes:
    """The body as it was before annotating: comment markers and reference runs removed, and
    runs split at a marker joined again with their twin."""
    root = etree.fromstring(document_xml)
    for el in list(root.iter(*COMMENT_MARKERS)):
        el.getparent().remove(el)
    for ref in list(root.iter(W + "commentReference")):
        run = ref.getparent()
        if len(run) == 1:
            run.getparent().remove(run)
    _join_runs(root)
    return etree.tostring(root, method="c14n")


def _join_runs(root) -> None:
    """Join neighbouring runs with the same properties, and neighbouring w:t in a run."""
    for parent in list(root.iter()):
        kids = list(parent)
        i = 0
        while i + 1 < len(kids):
            a, b = kids[i], kids[i + 1]
            if a.tag == b.tag == W + "r" and _props(a) == _props(b):
                for child in list(b):
                    if child.tag != W + "rPr":
                        a.append(child)
                parent.remove(b)
                kids.pop(i + 1)
                continue
            i += 1
        if parent.tag == W + "r":
            ts = list(parent)
            for x, y in zip(ts, ts[1:]):
                if x.tag == y.tag == W + "t" and y.getparent() is parent:
                    y.text = (x.text or "") + (y.text or "")
                    parent.remove(x)
        if parent.tag == W + "t":
            parent.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)


def _props(run) -> bytes:
    rpr = run.find(W + "rPr")
    return etree.tostring(rpr, method="c14n") if rpr is not None else b""


def test_one_comment_per_finding_plus_the_summary(annotated):
    _, report, result = annotated
    comments = _comments(_parts(result.data)["word/comments.xml"])
    ours = {cid: text for cid, (author, text) in comments.items() if author == "Reviewer"}
    assert len(ours) == len(report.findings) + 1 == result.comments
    assert result.exact >= 6  # the evidence sits in ordinary runs, a table and a hyperlink
    summary = min(ours, key=int)
    assert ours[summary].startswith("Review summary: coverage ")
    assert "Service credits for missed levels" in ours[summary]  # a missing required term is named


def test_each_comment_is_anchored_on_its_evidence(annotated):
    _, report, result = annotated
    parts = _parts(result.data)
    anchored = _anchored_text(parts[BODY])
    comments = _comments(parts["word/comments.xml"])
    ours = sorted((int(cid) for cid, (author, _) in comments.items() if author == "Reviewer"))[1:]
    assert len(ours) == len(report.findings)
    checked = 0
    for cid, finding in zip(ours, report.findings):
        text = anchored[str(cid)]
        assert text, f"comment {cid} anchors nothing"
        if finding.evidence and finding.location.part in ("body", "table", "insertion"):
            for piece in finding.evidence.split("\u2026"):
                assert _squash(piece) in _squash(text), (finding.rule, finding.evidence, text)
            checked += 1
        assert finding.rule in comments[str(cid)][1]
        if finding.suggestion:
            assert "Suggested wording:" in comments[str(cid)][1]
    assert checked >= 6


def test_exact_anchors_split_runs_at_the_words(annotated):
    _, report, result = annotated
    parts = _parts(result.data)
    anchored = _anchored_text(parts[BODY])
    comments = _comments(parts["word/comments.xml"])
    ours = sorted((int(cid) for cid, (author, _) in comments.items() if author == "Reviewer"))[1:]
    by_finding = {f: str(cid) for cid, f in zip(ours, report.findings)}
    # vague words are their own evidence: two ranges inside one run, each holding exactly its words
    prompt = next(f for f in report.findings if f.rule == "WD01" and f.evidence == "promptly")
    timely = next(f for f in report.findings if f.rule == "WD01" and f.evidence == "in a timely manner")
    assert anchored[by_finding[prompt]] == "promptly"
    assert anchored[by_finding[timely]] == "in a timely manner"
    # a quote that starts mid-paragraph at its sentence holds exactly those words, around both
    assert any(text.startswith("1.1 The Supplier shall provide") and text.endswith("timely manner.")
               for text in anchored.values())


def test_everything_else_is_preserved(annotated):
    source, _, result = annotated
    before, after = _parts(source.read_bytes()), _parts(result.data)
    assert set(before) <= set(after)
    for name in before:
        if name not in COMMENT_PARTS:
            assert after[name] == before[name], f"{name} changed"
    assert _without_markers(after[BODY]) == _without_markers(before[BODY])
    # the lawyer's comment, the tracked changes, the footnote reference are still there
    comments = _comments(after["word/comments.xml"])
    assert ("A. Lawyer", "Customer: we need 24 months.") in comments.values()
    body = etree.fromstring(after[BODY])
    assert len(body.findall(f".//{W}ins")) == 1 and len(body.findall(f".//{W}del")) == 1
    assert len(body.findall(f".//{W}footnoteReference")) == 1
    # new ids do not clash with the existing comment's
    ids = [c for c in comments]
    assert len(ids) == len(set(ids))


def test_output_opens_and_input_is_untouched(annotated, tmp_path, cli):
    source, _, _ = annotated
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    target = tmp_path / "reviewed.docx"
    code, out, err = cli("annotate", str(source), "-o", str(target), "--service", "it-services")
    assert code == 0, err
    assert "comments" in out and str(target) in out
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    docx.Document(str(target))  # opens
    assert len(_comments(_parts(target.read_bytes())["word/comments.xml"])) == len(_comments(
        _parts(source.read_bytes())["word/comments.xml"])) + int(out.split(": ")[1].split()[0])
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert not list(tmp_path.glob(".reviewed.docx.*"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_tracked_change_evidence_falls_back_to_its_paragraph(annotated):
    _, report, result = annotated
    parts = _parts(result.data)
    anchored = _anchored_text(parts[BODY])
    discretion = [f for f in report.findings if "sole discretion" in f.evidence]
    assert discretion, "the inserted words are linted as accepted"
    assert all(f.location.part == "insertion" for f in discretion)
    comments = _comments(parts["word/comments.xml"])
    ours = sorted((int(cid) for cid, (author, _) in comments.items() if author == "Reviewer"))[1:]
    by_finding = {f: str(cid) for cid, f in zip(ours, report.findings)}
    for f in discretion:
        cid = by_finding[f]
        # the range covers the whole paragraph, tracked insertion included
        assert anchored[cid].startswith("1.3 The Supplier may change")
        assert "Evidence:" in comments[cid][1]


@pytest.mark.parametrize("name, content", [("draft.pdf", b"%PDF-1.4\n"), ("draft.txt", b"1. The Supplier shall.\n")])
def test_non_docx_input_needs_a_docx(cli, tmp_path, name, content):
    src = tmp_path / name
    src.write_bytes(content)
    code, out, err = cli("annotate", str(src), "-o", str(tmp_path / "out.docx"))
    assert code == 2 and "[E320]" in err and "DOCX" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.docx").exists()


def test_output_never_replaces_the_input_and_writes_through_a_link(cli, tmp_path):
    src = tmp_path / "draft.docx"
    src.write_bytes(_draft())
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    code, _, err = cli("annotate", str(src), "-o", str(src))
    assert code == 2 and "[E107]" in err and "input" in err
    link = tmp_path / "link.docx"
    link.symlink_to(tmp_path / "elsewhere.docx")
    code, _, err = cli("annotate", str(src), "-o", str(link))
    assert code in (0, 1), err
    assert link.is_symlink() and zipfile.is_zipfile(tmp_path / "elsewhere.docx")  # the link stays a link
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest


def test_corrupt_docx_is_a_coded_error(cli, tmp_path):
    src = tmp_path / "broken.docx"
    src.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = cli("annotate", str(src), "-o", str(tmp_path / "out.docx"))
    assert code == 2 and "[E313]" in err and "Traceback" not in err


def test_real_docx_annotates_and_opens(real_corpus, tmp_path):
    """One real DOCX here; every real DOCX, with LibreOffice, in bench/annotate_real.py."""
    source = next(iter(sorted(real_corpus.rglob("common-paper-professional-services-agreement.docx"))), None)
    if source is None:
        pytest.skip("the Common Paper DOCX is not in the shared corpus")
    document, report = _lint(source)
    result = annotate(source.read_bytes(), document, report, load_ruleset().taxonomy)
    assert result.comments == len(report.findings) + 1
    target = tmp_path / "reviewed.docx"
    target.write_bytes(result.data)
    docx.Document(str(target))  # opens
    assert len(_comments(_parts(result.data)["word/comments.xml"])) == result.comments
    before, after = _parts(source.read_bytes()), _parts(result.data)
    assert all(after[n] == before[n] for n in before if n not in COMMENT_PARTS)


def test_awkward_structures_are_marked_or_fall_back(tmp_path):
    """Numbering labels, a text box, content controls, a field, a paragraph joined by a deleted
    mark, moved text, a nested table, math and a header: every finding gets its comment,
    nothing else changes."""
    from test_extract_docx import TEXT_BOX, abstract, lvl, num

    box = TEXT_BOX.replace("Boxed note.", "The Supplier shall respond to all enquiries promptly.")
    body = "".join([
        p("SERVICES AGREEMENT", style="Title"),
        p("Services", num=1),
        p("The Supplier shall provide the services in a timely manner.", num=1, ilvl=1),
        p(r("Anchor paragraph for a box"), box),
        '<w:sdt><w:sdtContent>' + p(r("The Supplier shall use "), '<w:sdt><w:sdtContent><w:r><w:t>commercially '
                                    'reasonable efforts</w:t></w:r></w:sdtContent></w:sdt>', r(" to meet the targets."))
        + "</w:sdtContent></w:sdt>",
        p(r("The Supplier may "), '<w:fldSimple w:instr=" DOCPROPERTY X "><w:r><w:t>at its sole discretion</w:t></w:r>'
          '</w:fldSimple>', r(" change the Charges.")),
        p("The Customer shall pay the Charges as soon as reasonably practicable",
          ppr='<w:rPr><w:del w:id="6" w:author="A"/></w:rPr>'),
        p(" after receiving an invoice."),
        p(r("Extra work is charged "), '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>promptly </w:t></w:r></w:moveFrom>',
          '<w:moveTo w:id="4" w:author="A"><w:r><w:t>at the then-current rates</w:t></w:r></w:moveTo>', r(".")),
        "<w:tbl><w:tr><w:tc>" + p("Outer") + tbl(["Inner cell: respond promptly", "as required"]) + "</w:tc><w:tc>"
        + p("The Supplier shall report regularly.") + "</w:tc></w:tr></w:tbl>",
        p(r("Math "), '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x+1'
          '</m:t></m:r></m:oMath>', r(" and reasonable endeavours apply.")),
    ])
    data = build_docx(body, numbering=abstract(1, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(1, 1),
                      header=p("Header: the Supplier shall act promptly."))
    source = tmp_path / "awkward.docx"
    source.write_bytes(data)
    document, report = _lint(source, ("it-services",))
    result = annotate(data, document, report, load_ruleset().taxonomy)
    before, after = _parts(data), _parts(result.data)
    assert all(after[n] == before[n] for n in before if n not in COMMENT_PARTS)
    assert _without_markers(after[BODY]) == _without_markers(before[BODY])
    anchored = _anchored_text(after[BODY])
    ids = sorted(_comments(after["word/comments.xml"]), key=int)
    assert len(ids) == len(report.findings) + 1 == result.comments
    assert all(anchored.get(cid) for cid in ids)
    by_finding = dict(zip(report.findings, ids[1:]))
    numbered = next(f for f in report.findings if f.evidence == "in a timely manner")
    assert numbered.location.column == 45  # the automatic number "1.1 " is part of the canonical line...
    assert anchored[by_finding[numbered]] == "in a timely manner"  # ...not of the range
    boxed = next(f for f in report.findings if f.location.part == "body" and f.evidence == "promptly")
    assert anchored[by_finding[boxed]].startswith("Anchor paragraph for a box")  # the paragraph holding the box
    control = next(f for f in report.findings if "commercially reasonable" in f.evidence)
    assert anchored[by_finding[control]] == "commercially reasonable efforts"
    header = [f for f in report.findings if f.location.part == "header"]
    assert header and all(anchored[by_finding[f]] == "SERVICES AGREEMENT" for f in header)  # at the start
    assert result.paragraph >= 1 and result.exact >= 5
    docx.Document(io.BytesIO(result.data))
