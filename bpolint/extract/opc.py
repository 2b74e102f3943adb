"""A lazy, read-only view of an Open Packaging Convention (DOCX) package.

Only the parts the DOCX walk asks for are inflated and parsed: the main document,
its styles, numbering, settings, headers, footers and notes. Images, embedded
objects and every other part stay compressed, so a draft full of pictures costs no
more to read than the same text without them. (python-docx, which writes the
annotated copies, loads and parses every reachable part when it opens a package,
and importing it costs more than reading a 60-page draft.)

Part names, relationship targets and content types follow ECMA-376 Part 2 as
python-docx reads them: targets resolve against the source part's folder,
overrides match part names case-insensitively, defaults match extensions.
"""
from __future__ import annotations

import posixpath
import zipfile
from functools import cached_property

from lxml import etree

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = _RT + "officeDocument"
STYLES, NUMBERING, SETTINGS = _RT + "styles", _RT + "numbering", _RT + "settings"
FOOTNOTES, ENDNOTES, COMMENTS = _RT + "footnotes", _RT + "endnotes", _RT + "comments"

# The parser python-docx uses for WordprocessingML, so the walk sees the same tree:
# ignorable whitespace between elements dropped, entities never resolved.
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def rels_name(partname: str) -> str:
    """Where a part's relationships are stored: "word/document.xml" -> "word/_rels/document.xml.rels"."""
    folder, filename = posixpath.split(partname)
    return posixpath.join(folder, "_rels", filename + ".rels")


class Relationship:
    """One relationship of a part: its type and, unless external, the part it targets."""

    __slots__ = ("reltype", "is_external", "target", "_package")

    def __init__(self, package: "Package", reltype: str, is_external: bool, target: str) -> None:
        self.reltype, self.is_external, self.target, self._package = reltype, is_external, target, package

    @property
    def target_part(self) -> "Part | None":
        """The internal part targeted; None for an external target or one the package lacks (a dangling
        relationship, which Word repairs)."""
        if self.is_external or not self._package.has(self.target):
            return None
        return self._package.part(self.target)


class Part:
    """One part: its name, content type, bytes, parsed root and relationships, each read on first use."""

    def __init__(self, package: "Package", partname: str) -> None:
        self.package = package
        self.partname = partname

    @cached_property
    def content_type(self) -> str:
        return self.package.content_type(self.partname)

    @cached_property
    def blob(self) -> bytes:
        return self.package.read(self.partname)

    @cached_property
    def element(self) -> etree._Element:
        return etree.fromstring(self.blob, PARSER)

    @cached_property
    def rels(self) -> dict[str, Relationship]:
        return self.package.relationships(rels_name(self.partname), posixpath.dirname(self.partname))


class Package:
    """The parts of one ZIP package, read on demand.

    Raises ``zipfile.BadZipFile`` for a damaged archive, ``KeyError`` for a part,
    content type or relationship the package lacks, and ``lxml.etree.XMLSyntaxError``
    for a part that does not parse, as python-docx does, so callers map the same errors.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive
        self._parts: dict[str, Part] = {}
        types = etree.fromstring(self._zip.read("[Content_Types].xml"), PARSER)
        self._defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                          for el in types.iter(f"{{{CONTENT_TYPES_NS}}}Default")}
        self._overrides = {el.get("PartName", "").lower(): el.get("ContentType", "")
                           for el in types.iter(f"{{{CONTENT_TYPES_NS}}}Override")}

    def read(self, partname: str) -> bytes:
        return self._zip.read(partname.lstrip("/"))

    def has(self, partname: str) -> bool:
        try:
            self._zip.getinfo(partname.lstrip("/"))
        except KeyError:
            return False
        return True

    def content_type(self, partname: str) -> str:
        found = self._overrides.get(partname.lower())
        if found is None:
            found = self._defaults.get(posixpath.splitext(partname)[1][1:].lower())
        if found is None:
            raise KeyError(f"no content type for part '{partname}'")
        return found

    def part(self, partname: str) -> Part:
        if partname not in self._parts:
            self._parts[partname] = Part(self, partname)
        return self._parts[partname]

    def relationships(self, rels_name: str, base: str) -> dict[str, Relationship]:
        """The relationships in ``rels_name`` by id; none where the package has no such file."""
        try:
            xml = self.read(rels_name)
        except KeyError:
            return {}
        rels: dict[str, Relationship] = {}
        for el in etree.fromstring(xml, PARSER).iter(f"{{{RELS_NS}}}Relationship"):
            external = el.get("TargetMode") == "External"
            target = el.get("Target", "")
            if not external:
                target = posixpath.abspath(posixpath.join(base, target))
            rels[el.get("Id", "")] = Relationship(self, el.get("Type", ""), external, target)
        return rels

    @cached_property
    def main_document_part(self) -> Part:
        for rel in self.relationships("_rels/.rels", "/").values():
            if rel.reltype == OFFICE_DOCUMENT and not rel.is_external:
                part = rel.target_part
                if part is None:
                    raise KeyError(rel.target.lstrip("/"))
                return part
        raise KeyError("no relationship of type 'officeDocument' in the package")


def related(part: Part | None, reltype: str) -> Part | None:
    """The first internal part ``part`` relates to by ``reltype``, if any."""
    if part is None:
        return None
    for rel in part.rels.values():
        if rel.reltype == reltype:
            target = rel.target_part
            if target is not None:
                return target
    return None
