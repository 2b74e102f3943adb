"""DOCX: a direct walk over the WordprocessingML parts, as the reader sees the page.

python-docx opens the package (parts and relationships); the XML is walked with
lxml, because ``Paragraph.text`` drops tracked insertions, content controls, text
boxes and every automatic number. What the walk renders:

* body paragraphs and tables in document order (one block per table row, cells
  joined by " | "; nested tables follow their row), then headers, footers,
  footnotes and endnotes, each in its own part;
* automatic numbering as printed (numbering.xml levels, style-linked lists,
  overrides, restarts, legal numbering), put before the text and in ``label``;
* tracked changes as if accepted (or, with ``changes="original"``, as before
  them); accepted insertions are recorded as ``inserted`` ranges;
* text boxes, content controls, field results, hyperlinks, symbols; never
  comments, hidden text or field instructions.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple

from lxml import etree

from ..errors import BpolintError, warning_text
from ..model import Document
from . import opc
from .builder import DocumentBuilder
from .package import check_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO Strict, not read
_STRICT_HINT = "saved as Strict Open XML, which is not read; save it as a Word Document (.docx)"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = map(_w, ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent"))
PPR, RPR, TRPR, TCPR, PSTYLE, RSTYLE = map(_w, ("pPr", "rPr", "trPr", "tcPr", "pStyle", "rStyle"))
INS, DEL, MOVE_TO, MOVE_FROM = map(_w, ("ins", "del", "moveTo", "moveFrom"))
DEL_TEXT, INSTR_TEXT, DEL_INSTR_TEXT, FLD_CHAR = map(_w, ("delText", "instrText", "delInstrText", "fldChar"))
# w:softHyphen is an optional hyphen that Word shows only at a line break: not read, like any unknown element
TAB, PTAB, BR, CR, NB_HYPHEN, SYM = map(_w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
DRAWING, PICT, OBJECT, TXBX_CONTENT, RUBY, RUBY_BASE = map(_w, ("drawing", "pict", "object", "txbxContent", "ruby", "rubyBase"))
FOOTNOTE_REF, ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
VANISH, NUMPR, NUMID, ILVL, OUTLINE = map(_w, ("vanish", "numPr", "numId", "ilvl", "outlineLvl"))
PPR_CHANGE, SECT_PR, VMERGE, ALT_CHUNK = map(_w, ("pPrChange", "sectPr", "vMerge", "altChunk"))
HYPERLINK, SMART_TAG, CUSTOM_XML, FLD_SIMPLE, DIR, BDO = map(_w, ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"))
VAL, ID, TYPE = _w("val"), _w("id"), _w("type")
ALT_CONTENT, MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
M_T, M_OMATH, M_OMATH_PARA = f"{{{M_NS}}}t", f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"
R_ID = f"{{{R_NS}}}id"

# Inline wrappers whose children are read as if they stood in the paragraph.
_INLINE_WRAPPERS = {HYPERLINK, SMART_TAG, CUSTOM_XML, FLD_SIMPLE, DIR, BDO}
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected DOCX is an OLE compound file holding these two streams.
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_FALSE = {"0", "false", "off"}
# Word writes Symbol-font characters in the private-use area (F000 + code).
_SYMBOL_FONT = {
    0x2D: "\u2212", 0xA3: "\u2264", 0xB0: "\u00b0", 0xB1: "\u00b1", 0xB3: "\u2265", 0xB4: "\u00d7",
    0xB7: "\u2022", 0xB8: "\u00f7", 0xD2: "\u00ae", 0xD3: "\u00a9", 0xD4: "\u2122", 0xE2: "\u00ae",
    0xE3: "\u00a9", 0xE4: "\u2122", 0xA7: "\u2663",
}
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)


class Run(NamedTuple):
    """A piece of a block's text and where it came from."""

    text: str
    inserted: bool = False  # inside an accepted tracked insertion
    source: etree._Element | None = None  # the element that printed it (w:t, w:tab...); None for numbers and separators


Origin = tuple[str, int]  # (package part name, index of a w:p among the part's paragraphs in document order)


def _on(el: etree._Element | None) -> bool:
    """A toggle property such as <w:vanish/>: present and not switched off."""
    return el is not None and el.get(VAL, "true").lower() not in _FALSE


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(VAL, ""))
    except ValueError:
        return default


# --------------------------------------------------------------------- styles


@dataclass
class _Style:
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class Styles:
    """Paragraph and character styles with basedOn inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_hidden = False
        if root is None:
            return
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            name = st.find(_w("name"))
            based = st.find(_w("basedOn"))
            self.styles[sid] = _Style(
                name=name.get(VAL, "") if name is not None else sid,
                based_on=based.get(VAL) if based is not None else None,
                ppr=st.find(PPR),
                rpr=st.find(RPR),
            )
            if st.get(TYPE) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = sid
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{RPR}")
        self.default_hidden = defaults is not None and _on(defaults.find(VANISH))

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        """The style and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style_id, style
            style_id = style.based_on

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style applies, each from the nearest style that sets it."""
        num_id: str | None = None
        ilvl: int | None = None
        for _, style in self.chain(style_id):
            numpr = style.ppr.find(NUMPR) if style.ppr is not None else None
            if numpr is None:
                continue
            if num_id is None and numpr.find(NUMID) is not None:
                num_id = numpr.find(NUMID).get(VAL)
            if ilvl is None:
                ilvl = _int(numpr.find(ILVL))
        return num_id, ilvl

    def outline(self, style_id: str | None) -> tuple[str, int] | None:
        """("title", 0) or ("heading", level) from outline levels or built-in style names."""
        for _, style in self.chain(style_id):
            level = _int(style.ppr.find(OUTLINE)) if style.ppr is not None else None
            if level is not None:
                return ("heading", level + 1) if level < 9 else None
            match = _HEADING_NAME.match(style.name.strip())
            if match:
                return "heading", int(match.group(1))
            if style.name.strip().lower() == "title":
                return "title", 0
        return None

    def hidden(self, style_id: str | None) -> bool | None:
        """Whether a style (or one it is based on) hides its text; None if none says."""
        for _, style in self.chain(style_id):
            if style.rpr is not None and style.rpr.find(VANISH) is not None:
                return _on(style.rpr.find(VANISH))
        return None


# ------------------------------------------------------------------ numbering


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False
    suffix: str = "\t"
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never
    style: str | None = None


def _parse_level(lvl: etree._Element) -> Level:
    fmt = lvl.find(_w("numFmt"))
    text = lvl.find(_w("lvlText"))
    suff = lvl.find(_w("suff"))
    suffix = {"space": " ", "nothing": ""}.get(suff.get(VAL, "tab") if suff is not None else "tab", "\t")
    pstyle = lvl.find(PSTYLE)
    return Level(
        start=_int(lvl.find(_w("start")), 0) or 0,
        fmt=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
        text=text.get(VAL, "") if text is not None else "",
        legal=_on(lvl.find(_w("isLgl"))),
        suffix=suffix,
        restart=_int(lvl.find(_w("lvlRestart"))),
        style=pstyle.get(VAL) if pstyle is not None else None,
    )


@dataclass
class NumInstance:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)  # lvlOverride/lvl replacements


class Numbering:
    """numbering.xml: abstract lists, list instances and style links."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, NumInstance] = {}
        style_links: dict[str, str] = {}  # abstractNumId -> numbering style it refers to
        if root is None:
            return
        for absn in root.iter(_w("abstractNum")):
            aid = absn.get(_w("abstractNumId"), "")
            self.abstracts[aid] = {int(l.get(ILVL, "0")): _parse_level(l) for l in absn.iter(_w("lvl"))}
            link = absn.find(_w("numStyleLink"))
            if link is not None:
                style_links[aid] = link.get(VAL, "")
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            inst = NumInstance(abstract=ref.get(VAL, "") if ref is not None else "")
            for ov in num.iter(_w("lvlOverride")):
                ilvl = int(ov.get(ILVL, "0"))
                start = _int(ov.find(_w("startOverride")))
                if start is not None:
                    inst.start_overrides[ilvl] = start
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    inst.levels[ilvl] = _parse_level(lvl)
            self.nums[num.get(NUMID, "")] = inst
        for inst in self.nums.values():
            inst.abstract = self._follow_style_link(inst.abstract, style_links, styles)

    def _follow_style_link(self, aid: str, links: dict[str, str], styles: Styles) -> str:
        """An abstract list that only names a numbering style takes that style's list."""
        seen = {aid}
        while aid in links:
            num_id, _ = styles.numbering(links[aid])
            target = self.nums.get(num_id or "")
            if target is None or target.abstract in seen:
                break
            aid = target.abstract
            seen.add(aid)
        return aid

    def level(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        return inst.levels.get(ilvl) or self.abstracts.get(inst.abstract, {}).get(ilvl)

    def style_level(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose pStyle links it to a paragraph style."""
        inst = self.nums.get(num_id)
        if inst is None or style_id is None:
            return None
        for ilvl, lvl in sorted(self.abstracts.get(inst.abstract, {}).items()):
            if lvl.style == style_id:
                return ilvl
        return None


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word number format; unknown and ordinal formats print as decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        # Word repeats the letter past z: y, z, aa, bb, cc...
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


class ListCounters:
    """Running counters per abstract list, advanced in document order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counters: dict[str, dict[int, int]] = {}
        self.used_nums: set[str] = set()

    def _start(self, num_id: str, ilvl: int) -> int:
        inst = self.numbering.nums[num_id]
        if ilvl in inst.start_overrides:
            return inst.start_overrides[ilvl]
        lvl = self.numbering.level(num_id, ilvl)
        return lvl.start if lvl else 1

    def advance(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph; returns (label as printed, suffix) or None for no label."""
        level = self.numbering.level(num_id, ilvl)
        if level is None:
            return None
        inst = self.numbering.nums[num_id]
        counts = self.counters.setdefault(inst.abstract, {})
        if num_id not in self.used_nums:
            # A list instance that overrides a start restarts that level when first used.
            self.used_nums.add(num_id)
            for over in inst.start_overrides:
                counts.pop(over, None)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else self._start(num_id, ilvl)
        for deeper in [k for k in counts if k > ilvl]:
            restart = (self.numbering.level(num_id, deeper) or Level()).restart
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                del counts[deeper]
        label = self._render(num_id, ilvl, level, counts)
        return (label, level.suffix) if label.strip() else None

    def _render(self, num_id: str, ilvl: int, level: Level, counts: dict[int, int]) -> str:
        def sub(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = self.numbering.level(num_id, k) or Level()
            value = counts.get(k, self._start(num_id, k))
            fmt = lvl.fmt
            if level.legal and fmt not in ("bullet", "none"):
                fmt = "decimal"
            return format_number(value, fmt)

        if level.fmt == "bullet":
            return ""
        return re.sub(r"%([1-9])", sub, level.text).strip()


# ---------------------------------------------------------------- the walker


@dataclass
class _Out:
    """A block waiting to be appended, in reading order."""

    runs: list[Run]
    kind: str
    part: str
    label: str | None = None
    level: int | None = None
    origin: Origin | None = None

    def has_text(self, skip: int = 0) -> bool:
        return any(run.text.strip() for run in self.runs[skip:])


@dataclass
class _Para:
    runs: list[Run]
    kind: str = "paragraph"
    label: str | None = None
    level: int | None = None
    has_label: bool = False
    after: list[_Out] = field(default_factory=list)  # text boxes anchored in the paragraph
    origin: Origin | None = None


class Story:
    """Walks one story (the body, a header, a note) into :class:`_Out` records."""

    def __init__(self, doc: "DocxReader", part: str, table_part: str, part_name: str = "",
                 root: etree._Element | None = None) -> None:
        self.doc = doc
        self.part = part
        self.table_part = table_part
        self.part_name = part_name
        self.positions = doc.positions(part_name, root)
        self.fields: list[bool] = []  # per open field: are we in its result yet?
        self.note_refs: list[tuple[str, str, bool]] = []  # (footnote|endnote, id, custom mark)

    def origin(self, p: etree._Element | None) -> Origin | None:
        position = self.positions.get(p) if p is not None else None
        return (self.part_name, position) if position is not None else None

    # ---- visibility of tracked changes
    def visible(self, inserted: bool, deleted: bool) -> bool:
        return not inserted if self.doc.original else not deleted

    def mark_removed(self, ppr: etree._Element | None) -> bool:
        """The paragraph mark itself was inserted or deleted, so it vanishes in this view."""
        rpr = ppr.find(RPR) if ppr is not None else None
        if rpr is None:
            return False
        inserted = rpr.find(INS) is not None or rpr.find(MOVE_TO) is not None
        deleted = rpr.find(DEL) is not None or rpr.find(MOVE_FROM) is not None
        return not self.visible(inserted, deleted)

    # ---- blocks
    def blocks(self, container: etree._Element, depth: int = 0) -> list[_Out]:
        out: list[_Out] = []
        for item in self._items(container):
            if isinstance(item, _Para):
                skip = 1 if item.has_label else 0
                record = _Out(item.runs, item.kind, self.part, item.label, item.level, item.origin)
                if record.has_text(skip):
                    out.append(record)
                out.extend(item.after)
            else:
                out.extend(self.table(item, depth + 1))
        return out

    def _items(self, container: etree._Element) -> Iterator[_Para | etree._Element]:
        """Paragraphs (merged where a tracked change removed the mark between them) and tables."""
        carry: list[Run] = []
        carried_after: list[_Out] = []
        carried_origin: Origin | None = None
        for el in self._block_children(container):
            if el.tag == TBL:
                yield el
                continue
            removed = self.mark_removed(el.find(PPR))
            para = self.paragraph(el, numbered=not removed)
            if removed:
                carry.extend(para.runs)
                carried_after.extend(para.after)
                carried_origin = carried_origin or para.origin
                continue
            if carry:
                cut = 1 if para.has_label else 0
                para.runs[cut:cut] = carry + [Run(" ")]
                para.after[:0] = carried_after
                para.origin = carried_origin or para.origin  # the block starts in the first merged paragraph
                carry, carried_after, carried_origin = [], [], None
            yield para
        if carry or carried_after:
            yield _Para(carry, after=carried_after, origin=carried_origin)

    def _block_children(self, container: etree._Element) -> Iterator[etree._Element]:
        for el in container:
            if el.tag in (P, TBL):
                yield el
            elif el.tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None:
                    yield from self._block_children(content)
            elif el.tag in (CUSTOM_XML, INS, DEL, MOVE_TO, MOVE_FROM):
                yield from self._block_children(el)
            elif el.tag == ALT_CHUNK:
                self.doc.warn_once(warning_text("W304", what="an embedded document (altChunk)"))

    # ---- paragraphs
    def paragraph(self, p: etree._Element, numbered: bool = True) -> _Para:
        ppr = self._effective_ppr(p.find(PPR))
        style_id = self._style_id(ppr)
        para = _Para(runs=[], origin=self.origin(p))
        if numbered and _section_break_only(p):
            numbered = False  # the carrier of a section break shows no number
        label = self._number(ppr, style_id) if numbered else None
        list_level: int | None = None
        if label is not None:
            text, suffix, list_level = label
            para.runs.append(Run(text + suffix, self.mark_inserted(ppr)))
            para.label, para.has_label = text, True
        elif numbered and self._bulleted(ppr, style_id):
            list_level = self._bullet_level(ppr, style_id)
        self.inline(p, para, style_id, inserted=False, deleted=False)
        heading = self._outline(ppr, style_id)
        if heading and not _reads_as_clause(para):
            para.kind, para.level = heading
            if para.kind == "title":
                para.level = None
        elif list_level is not None:
            para.kind, para.level = "list-item", list_level + 1
        return para

    def mark_inserted(self, ppr: etree._Element | None) -> bool:
        rpr = ppr.find(RPR) if ppr is not None else None
        return not self.doc.original and rpr is not None and rpr.find(INS) is not None

    def _effective_ppr(self, ppr: etree._Element | None) -> etree._Element | None:
        """Before changes, a tracked paragraph-property change still has its old properties."""
        if ppr is None or not self.doc.original:
            return ppr
        change = ppr.find(PPR_CHANGE)
        if change is None:
            return ppr
        old = change.find(PPR)
        return old if old is not None else ppr

    def _style_id(self, ppr: etree._Element | None) -> str | None:
        pstyle = ppr.find(PSTYLE) if ppr is not None else None
        if pstyle is not None:
            return pstyle.get(VAL)
        return self.doc.styles.default_paragraph

    def _outline(self, ppr: etree._Element | None, style_id: str | None) -> tuple[str, int] | None:
        direct = _int(ppr.find(OUTLINE)) if ppr is not None else None
        if direct is not None:
            return ("heading", direct + 1) if direct < 9 else None
        return self.doc.styles.outline(style_id)

    def _num_ref(self, ppr: etree._Element | None, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) from direct properties, else from the paragraph style."""
        numpr = ppr.find(NUMPR) if ppr is not None else None
        direct_id = numpr.find(NUMID) if numpr is not None else None
        direct_lvl = _int(numpr.find(ILVL)) if numpr is not None else None
        style_num, style_lvl = self.doc.styles.numbering(style_id)
        num_id = direct_id.get(VAL) if direct_id is not None else style_num
        if not num_id or num_id == "0" or num_id not in self.doc.numbering.nums:
            return None
        ilvl = direct_lvl if direct_lvl is not None else style_lvl
        if ilvl is None:
            ilvl = self.doc.numbering.style_level(num_id, style_id) or 0
        return num_id, max(0, min(ilvl, 8))

    def _number(self, ppr: etree._Element | None, style_id: str | None) -> tuple[str, str, int] | None:
        ref = self._num_ref(ppr, style_id)
        if ref is None:
            return None
        printed = self.doc.counters(self.part).advance(*ref)
        if printed is None:
            return None
        return printed[0], printed[1], ref[1]

    def _bulleted(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        ref = self._num_ref(ppr, style_id)
        level = self.doc.numbering.level(*ref) if ref else None
        return level is not None and level.fmt == "bullet"

    def _bullet_level(self, ppr: etree._Element | None, style_id: str | None) -> int:
        ref = self._num_ref(ppr, style_id)
        return ref[1] if ref else 0

    # ---- inline content
    def inline(self, parent: etree._Element, para: _Para, style_id: str | None,
               inserted: bool, deleted: bool) -> None:
        for el in parent:
            tag = el.tag
            if tag == R:
                self.run(el, para, style_id, inserted, deleted)
            elif tag in (INS, MOVE_TO):
                self.inline(el, para, style_id, True, deleted)
            elif tag in (DEL, MOVE_FROM):
                self.inline(el, para, style_id, inserted, True)
            elif tag in _INLINE_WRAPPERS:
                self.inline(el, para, style_id, inserted, deleted)
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, para, style_id, inserted, deleted)
            elif tag in (M_OMATH, M_OMATH_PARA) and self.visible(inserted, deleted) and self._showing():
                para.runs.append(Run("".join(t.text or "" for t in el.iter(M_T)), self._flag(inserted), el))
            elif tag == ALT_CONTENT:
                branch = _alternate(el)
                if branch is not None:
                    self.inline(branch, para, style_id, inserted, deleted)

    def _flag(self, inserted: bool) -> bool:
        return inserted and not self.doc.original

    def _showing(self) -> bool:
        return all(self.fields)

    def run(self, r: etree._Element, para: _Para, style_id: str | None, inserted: bool, deleted: bool) -> None:
        if not self.visible(inserted, deleted):
            return
        hidden = self._hidden(r.find(RPR), style_id)
        flag = self._flag(inserted)
        for el in r:
            tag = el.tag
            if tag == FLD_CHAR:
                self._field(el.get(_w("fldCharType")))
            elif hidden or not self._showing() or tag in (RPR, INSTR_TEXT, DEL_INSTR_TEXT):
                continue
            elif tag in (T, DEL_TEXT):
                para.runs.append(Run(el.text or "", flag, el))
            else:
                self._run_item(el, para, style_id, flag, inserted, deleted)

    def _run_item(self, el: etree._Element, para: _Para, style_id: str | None,
                  flag: bool, inserted: bool, deleted: bool) -> None:
        tag = el.tag
        if tag in (TAB, PTAB):
            para.runs.append(Run("\t", flag, el))
        elif tag in (BR, CR):
            para.runs.append(Run(" ", flag, el))
        elif tag == NB_HYPHEN:
            para.runs.append(Run("-", flag, el))
        elif tag == SYM:
            para.runs.append(Run(_symbol(el), flag, el))
        elif tag in (FOOTNOTE_REF, ENDNOTE_REF):
            kind = "footnote" if tag == FOOTNOTE_REF else "endnote"
            self.note_refs.append((kind, el.get(ID, ""), _on_attr(el.get(_w("customMarkFollows")))))
        elif tag in (DRAWING, PICT, OBJECT, ALT_CONTENT):
            for box in _text_boxes(el):
                para.after.extend(self.text_box(box))
        elif tag == RUBY:
            base = el.find(RUBY_BASE)
            if base is not None:
                self.inline(base, para, style_id, inserted, deleted)

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _hidden(self, rpr: etree._Element | None, style_id: str | None) -> bool:
        if rpr is not None:
            vanish = rpr.find(VANISH)
            if vanish is not None:
                return _on(vanish)
            rstyle = rpr.find(RSTYLE)
            by_char_style = self.doc.styles.hidden(rstyle.get(VAL)) if rstyle is not None else None
            if by_char_style is not None:
                return by_char_style
        by_para_style = self.doc.styles.hidden(style_id)
        return by_para_style if by_para_style is not None else self.doc.styles.default_hidden

    def text_box(self, content: etree._Element) -> list[_Out]:
        saved, self.fields = self.fields, []
        try:
            return self.blocks(content)
        finally:
            self.fields = saved

    # ---- tables
    def table(self, tbl: etree._Element, depth: int) -> list[_Out]:
        out: list[_Out] = []
        for tr in _rows(tbl):
            if self._row_removed(tr):
                continue
            runs: list[Run] = []
            nested: list[_Out] = []
            for tc in _cells(tr):
                cell = self._cell(tc, depth, nested)
                if any(run.text.strip() for run in cell):
                    if runs:
                        runs.append(Run(" | "))
                    runs.extend(cell)
            if runs:
                out.append(_Out(runs, "table-row", self.table_part, level=depth, origin=self.origin(_first_paragraph(tr))))
            out.extend(nested)
        return out

    def _row_removed(self, tr: etree._Element) -> bool:
        trpr = tr.find(TRPR)
        if trpr is None:
            return False
        return not self.visible(trpr.find(INS) is not None, trpr.find(DEL) is not None)

    def _cell(self, tc: etree._Element, depth: int, nested: list[_Out]) -> list[Run]:
        tcpr = tc.find(TCPR)
        merge = tcpr.find(VMERGE) if tcpr is not None else None
        if merge is not None and merge.get(VAL, "continue") == "continue":
            return []  # the continuation of a vertically merged cell repeats nothing
        runs: list[Run] = []
        for item in self._items(tc):
            if isinstance(item, _Para):
                if runs and item.runs:
                    runs.append(Run(" "))
                runs.extend(item.runs)
                nested.extend(item.after)
            else:
                nested.extend(self.table(item, depth + 1))
        return runs


def _first_paragraph(el: etree._Element) -> etree._Element | None:
    return next(el.iter(P), None)


def _section_break_only(p: etree._Element) -> bool:
    ppr = p.find(PPR)
    if ppr is None or ppr.find(SECT_PR) is None:
        return False
    return not any(t.text and t.text.strip() for t in p.iter(T)) and not any(True for _ in p.iter(TXBX_CONTENT))


_SENTENCE_GAP = re.compile(r"[a-z)\]\"'\u201d][.:;]\s+\S")


def _reads_as_clause(para: _Para) -> bool:
    """Drafters often style whole numbered clauses as Heading N: more than one
    sentence, or a long paragraph, is a clause, not a heading."""
    skip = 1 if para.has_label else 0
    text = "".join(run.text for run in para.runs[skip:]).strip()
    words = len(text.split())
    return words > 20 or _SENTENCE_GAP.search(text) is not None or (words > 8 and text.endswith((".", ";")))


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _FALSE


def _alternate(el: etree._Element) -> etree._Element | None:
    """Read one branch of mc:AlternateContent: the first Choice, else the Fallback."""
    choice = el.find(MC_CHOICE)
    return choice if choice is not None else el.find(MC_FALLBACK)


def _text_boxes(el: etree._Element) -> Iterator[etree._Element]:
    """Outermost w:txbxContent under a drawing, reading one branch of alternate content."""
    if el.tag == ALT_CONTENT:
        branch = _alternate(el)
        el = branch if branch is not None else el
    for child in el:
        if child.tag == TXBX_CONTENT:
            yield child
        elif child.tag == ALT_CONTENT:
            branch = _alternate(child)
            if branch is not None:
                yield from _text_boxes(branch)
        elif isinstance(child.tag, str):
            yield from _text_boxes(child)


def _symbol(el: etree._Element) -> str:
    try:
        code = int(el.get(_w("char"), ""), 16)
    except ValueError:
        return ""
    font = (el.get(_w("font")) or "").lower()
    if code >= 0xF000:
        code -= 0xF000
        if font == "symbol":
            return _SYMBOL_FONT.get(code, chr(code) if 0x20 <= code < 0x7F else "")
        return chr(code) if font not in ("wingdings", "wingdings 2", "wingdings 3", "webdings") and code >= 0x20 else ""
    return chr(code)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in (SDT, CUSTOM_XML):
            inner = el.find(SDT_CONTENT) if el.tag == SDT else el
            if inner is not None:
                yield from _children(inner, tag)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    return _children(tbl, TR)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    return _children(tr, TC)


# ----------------------------------------------------------------- the package


def _root(part: opc.Part | None) -> etree._Element | None:
    return None if part is None else part.element



class DocxReader:
    """The parts of one package and the state shared by its stories."""

    def __init__(self, name: str, data: bytes, options) -> None:
        self.name = name
        self.original = getattr(options, "changes", "accepted") == "original"
        self.warnings: list[str] = []
        self.main = _open_main_part(name, data, options)
        root = _root(self.main)
        self.body = root.find(_w("body"))
        if self.body is None:
            strict = isinstance(root.tag, str) and root.tag.startswith("{" + _STRICT_NS)
            raise _corrupt(name, _STRICT_HINT if strict else "the document has no body")
        self.styles = Styles(_root(opc.related(self.main, opc.STYLES)))
        self.numbering = Numbering(_root(opc.related(self.main, opc.NUMBERING)), self.styles)
        self.settings = _root(opc.related(self.main, opc.SETTINGS))
        self._counters: dict[str, ListCounters] = {}
        self._positions: dict[str, dict[etree._Element, int]] = {}

    def positions(self, part_name: str, root: etree._Element | None) -> dict[etree._Element, int]:
        """Each w:p of a part by its index in document order: a block's stable identity."""
        if part_name not in self._positions:
            self._positions[part_name] = {p: i for i, p in enumerate(root.iter(P))} if root is not None else {}
        return self._positions[part_name]

    def counters(self, part: str) -> ListCounters:
        # Notes and headers number apart from the body.
        key = "body" if part in ("body", "table") else part
        if key not in self._counters:
            self._counters[key] = ListCounters(self.numbering)
        return self._counters[key]

    def warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def records(self) -> list[_Out]:
        body = Story(self, "body", "table", str(self.main.partname), self.body.getroottree().getroot())
        out = body.blocks(self.body)
        out.extend(self._headers_footers())
        out.extend(self._notes(body.note_refs, "footnote", opc.FOOTNOTES))
        out.extend(self._notes(body.note_refs, "endnote", opc.ENDNOTES))
        return out

    def _headers_footers(self) -> list[_Out]:
        parts: dict[str, list] = {"header": [], "footer": []}
        even_odd = self.settings is not None and _on(self.settings.find(_w("evenAndOddHeaders")))
        for sect in self.body.iter(SECT_PR):
            # First-page and even-page variants only show when the document switches them on.
            shown = {"default", "first" if _on(sect.find(_w("titlePg"))) else "", "even" if even_odd else ""}
            for ref in sect:
                kind = {_w("headerReference"): "header", _w("footerReference"): "footer"}.get(ref.tag)
                if kind is None or ref.get(TYPE, "default") not in shown:
                    continue
                rel = self.main.rels.get(ref.get(R_ID, ""))
                target = rel.target_part if rel is not None else None
                if target is not None and target not in parts[kind]:
                    parts[kind].append(target)
        out: list[_Out] = []
        for kind in ("header", "footer"):
            seen: set[str] = set()
            for part in parts[kind]:
                root = _root(part)
                records = Story(self, kind, kind, str(part.partname), root).blocks(root)
                key = _text_key(records)
                if key and key not in seen:
                    seen.add(key)
                    out.extend(records)
        return out

    def _notes(self, refs: list[tuple[str, str, bool]], kind: str, reltype: str) -> list[_Out]:
        part = opc.related(self.main, reltype)
        root = _root(part)
        if root is None:
            return []
        notes = {n.get(ID): n for n in root.iter(_w(kind)) if n.get(TYPE, "normal") == "normal"}
        fmt, start = self._note_numbering(kind)
        out: list[_Out] = []
        number = start
        for ref_kind, note_id, custom in refs:
            if ref_kind != kind:
                continue
            note = notes.get(note_id)
            label = None if custom else format_number(number, fmt)
            if not custom:
                number += 1
            if note is None:
                continue
            records = Story(self, kind, kind, str(part.partname), root).blocks(note)
            if records and label:
                records[0].runs.insert(0, Run(label + " "))
                records[0].label = label
            out.extend(records)
        return out

    def _note_numbering(self, kind: str) -> tuple[str, int]:
        """Number format and start of foot/endnote marks: section, then settings, then Word's default."""
        fmt, start = ("decimal" if kind == "footnote" else "lowerRoman"), 1
        props = _w(f"{kind}Pr")
        sources = [self.settings.find(props) if self.settings is not None else None]
        body_sect = self.body.find(SECT_PR)
        sources.append(body_sect.find(props) if body_sect is not None else None)
        for pr in sources:
            if pr is None:
                continue
            num_fmt = pr.find(_w("numFmt"))
            fmt = num_fmt.get(VAL, fmt) if num_fmt is not None else fmt
            start = _int(pr.find(_w("numStart")), start) or start
        return fmt, start


def _text_key(records: list[_Out]) -> str:
    return " ".join(" ".join("".join(run.text for run in r.runs).split()) for r in records).strip()


def _open_main_part(name: str, data: bytes, options):
    if data.startswith(_OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise BpolintError("E309", name, detail={"kind": "DOCX"})
        raise BpolintError("E314", name, detail={"detail": "this is a legacy Word 97-2003 (.doc) file, not DOCX"})
    check_package(name, data, options)  # zip bombs and DTDs, before anything is parsed
    try:
        main = opc.Package(zipfile.ZipFile(io.BytesIO(data))).main_document_part
        main.element  # parsed here, so that its errors are mapped with the package's
    except zipfile.BadZipFile as exc:
        raise BpolintError("E313", name, detail={"detail": _first_line(exc)}) from None
    except KeyError as exc:
        if _is_strict(data):
            raise _corrupt(name, _STRICT_HINT) from None
        raise BpolintError("E314", name, detail={"detail": f"the package has no part {exc}"}) from None
    except (etree.XMLSyntaxError, ValueError, zlib.error, EOFError, OSError) as exc:
        raise _xml_error(name, exc) from None
    if main.content_type not in _MAIN_TYPES:
        raise BpolintError("E314", name, detail={"detail": f"the main part is {main.content_type}"})
    return main


def _is_strict(data: bytes) -> bool:
    """ISO Strict packages name their relationships under purl.oclc.org."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return b"purl.oclc.org/ooxml" in package.read("_rels/.rels")
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError):
        return False


def _corrupt(name: str, detail: str) -> BpolintError:
    return BpolintError("E305", name, detail={"kind": "DOCX", "detail": detail})


def _xml_error(name: str, exc: BaseException) -> BpolintError:
    """A part that does not parse; libxml2's depth limit (256) is a safety limit, not damage."""
    if isinstance(exc, zlib.error):
        return BpolintError("E313", name, detail={"detail": _first_line(exc)})
    if "Excessive depth" in str(exc):
        return BpolintError("E315", name, detail={"detail": "XML elements nested more than 256 deep",
                                                  "limit": "256 levels"})
    return _corrupt(name, _first_line(exc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _emit(builder: DocumentBuilder, records: Iterable[_Out]) -> None:
    for rec in records:
        meta: dict = {"kind": rec.kind, "part": rec.part}
        if rec.label is not None:
            meta["label"] = rec.label
        if rec.level is not None:
            meta["level"] = rec.level
        if rec.origin is not None:
            meta["origin"] = rec.origin
        runs = _coalesce(rec.runs)
        if any(inserted for _, inserted in runs):
            builder.append_runs(runs, **meta)
        else:
            builder.append("".join(text for text, _ in runs), **meta)  # one pass of normalising


def _coalesce(runs: list[Run]) -> list[tuple[str, bool]]:
    """Join neighbouring runs of the same kind, so one insertion is one range."""
    out: list[tuple[str, bool]] = []
    for text, inserted, _ in runs:
        if out and out[-1][1] == inserted:
            out[-1] = (out[-1][0] + text, inserted)
        elif text:
            out.append((text, inserted))
    return out


Record = _Out  # one block as the walk produced it: its runs (with their sources), kind, part, origin


@dataclass
class Walk:
    """The walk behind a Document: the package reader and every block's record, each run
    with the element it came from, so a location can be traced back to the XML."""

    reader: "DocxReader"
    records: list[Record]

    def by_origin(self) -> dict[Origin, Record]:
        return {r.origin: r for r in self.records if r.origin is not None}


def walk(name: str, data: bytes, options, body: etree._Element | None = None) -> Walk:
    """Walk a package into block records. ``body`` replaces the main part's w:body with
    another parse of the same part (a tree the caller means to edit)."""
    try:
        reader = DocxReader(name, data, options)
        if body is not None:
            reader.body = body
        records = reader.records()
    except zipfile.BadZipFile as exc:
        raise BpolintError("E313", name, detail={"detail": _first_line(exc)}) from None
    except (etree.XMLSyntaxError, zlib.error, ValueError, EOFError, OSError) as exc:
        # Parts are read on first use, so a damaged styles, header or notes part surfaces here.
        raise _xml_error(name, exc) from None
    return Walk(reader, records)


def extract(name: str, data: bytes, options) -> Document:
    result = walk(name, data, options)
    builder = DocumentBuilder(name, "docx")
    _emit(builder, result.records)
    for message in result.reader.warnings:
        builder.warn(message)
    return builder.build()
