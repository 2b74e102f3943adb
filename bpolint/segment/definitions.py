"""Defined terms, found once per document during segmentation.

Two passes, kept apart because their consumers weigh them differently:

* *primary* definitions come from the sentence-level pipeline component
  (``"X" means``, ``(the "X")``, ``Business Day: a day ...``) and are what
  wording and party checks treat as the contract's own defined terms;
* the document-level pass adds the other forms real filings use: parenthetical
  names with "each", "hereinafter" and friends, ``ALL CAPS means``, quoted terms a
  few words before "means", ``hereinafter called X``, and glossary-style entries
  ("Registrar. The registered owner ..."), which are weak evidence (``strong`` is
  false): a run-in heading looks the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..model import Block


@dataclass(frozen=True)
class Definition:
    term: str  # as written (primary) or cleaned of quotes and trailing punctuation (document pass)
    block: int
    start: int  # clean offsets of the term within the block
    end: int
    primary: bool = True  # found by the sentence-level component
    strong: bool = True  # a definition proper, not a glossary-style entry
    named: bool = False  # a name set out without a definition: "(Dispute)", "Single Point of Contact  SPOC"


_Q = "\"'\u201c\u201d\u2018\u2019"
PAREN_DEF = re.compile(
    r"\(\s*(?:(?:each|individually|collectively|together|jointly)\s*,?\s*(?:an?\s+|the\s+)?|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?"
    r"|referred\s+to\s+(?:herein\s+)?as\s+|the\s+|this\s+|a\s+|an\s+)*[" + _Q + r"]+\s*(?:the\s+|this\s+)?"
    r"([A-Za-z0-9][^" + _Q + r"()]{0,60}?)\s*[,.]?[" + _Q + r"]+", re.I)
_CAPS_DEF = re.compile(r"(?<![\w\"])[\"\u201c]?([A-Z][A-Z0-9&'/ -]{1,60}[A-Z0-9)])[\"\u201d]?\s+(?:means|shall\s+mean|refers\s+to|has\s+the\s+meaning)\b")
_QUOTED_MEANS = re.compile(r"[\"\u201c]([A-Z][^\"\u201d]{1,60})[\"\u201d][^.;\"\u201c]{0,60}?\b(?:shall\s+mean|means|shall\s+have\s+the\s+meaning|has\s+the\s+meaning)\b")
_HEREINAFTER = re.compile(r"hereinafter\s+(?:referred\s+to\s+as|called)\s+(?:the\s+)?[" + _Q + r"]?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")
# "Registrar. The registered owner ...", "Due Period: the monthly ..." in a glossary,
# and run-in headings ("Service Credits. The Supplier ..."): either way the phrase is a term the document sets out
_GLOSSARY = re.compile(r"^\W{0,3}(?:[A-Z0-9]{1,3}[.)]\s+)?[" + _Q + r"]?([A-Z][\w&'/-]*(?:\s+(?:[A-Z][\w&'/-]*|of|and|or|the|for|to|in|on)){0,6})[" + _Q + r"]?\s*(?:\.|:|\u2013|\u2014|-|means\b|shall\s+mean\b)(?:\s|$)")
# A capitalised term in quotes anywhere in running text: 'are the "Key Personnel"', 'A "Chronic Service
# Failure" occurs if ...'. The document sets the term out, though not in a definition form; weak evidence.
# US punctuation puts the full stop inside the quotes: 'collectively termed "Safety Reports."'
_QUOTED_TERM = re.compile(r"[\"\u201c]([A-Z][\w&'/-]*(?:\s+(?:[A-Z][\w&'/-]*|of|and|or|the|for|to|in|on)){0,5})[.,]?[\"\u201d]")
# "For purposes of this Clause: Authorised Persons means ...": an unquoted definition after a colon
# "Business Day: ...", and a glossary run into one paragraph: "Affiliates means ...; Commencement Date means ..."
_COLON_MEANS = re.compile(r"(?:^|:\s+|;\s+(?:and\s+)?|\.\s+)([A-Z][\w'/-]*(?:\s+(?:[A-Z][\w'/-]*|of|and|or|the|for|to|in|on)){0,5})\s+(?:means|shall\s+mean)\b")
# "In this clause 6, Customer Data means ...": a term defined for one clause, without quotes (UK drafting)
_SCOPED_MEANS = re.compile(
    r"\b(?:[Ii]n|[Ff]or\s+the\s+purposes\s+of)\s+this\s+(?:[Cc]lause|[Ss]ection|[Ss]chedule|[Pp]aragraph|[Aa]rticle|"
    r"[Pp]art|[Aa]nnex|[Ee]xhibit|[Aa]ppendix)(?:\s+[\w.()]{1,12})?\s*,\s+"
    r"([A-Z][\w'/-]*(?:\s+(?:[A-Z][\w'/-]*|of|and|or|the|for|to|in|on)){0,5})\s+(?:means|shall\s+mean)\b")
QUOTED_HEADING_BEFORE = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?)\s+[\w.()]+\s*\(\s*[" + _Q + r"]?\s*$", re.I)
_SECTION_TITLE_REF = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?|Exhibits?|Schedules?)\s+[\w.()]+\s*$", re.I)


def clean_term(term: str) -> str:
    return term.strip().strip(_Q).strip().rstrip(".,;:").strip()


_PLURAL_SUFFIX = re.compile(r"\((?:s|es|ies)\)$", re.I)
MINOR_WORDS = {"of", "and", "or", "the", "for", "to", "in", "on", "a", "an", "&", "by", "with"}


def title_like(term: str) -> bool:
    """A term written like a defined term: "Service Credits", "SLA", "Outsourcing Customer(s)"."""
    bare = _PLURAL_SUFFIX.sub("", term)
    words = bare.split()
    if not words or len(words) > 6 or any(ch in bare for ch in "()[]{}" + _Q):
        return False
    return (words[0][:1].isupper() or words[0][:1].isdigit()) and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in MINOR_WORDS for w in words)


def document_definitions(blocks: Sequence[Block], primary: Iterable[Definition],
                         sentences: Iterable[tuple[int, int, int]]) -> list[Definition]:
    """Primary definitions first, then the forms the sentence-level component leaves out.

    ``sentences`` are (block, start, end) clean-text spans.
    """
    out: list[Definition] = list(primary)
    for bi, block in enumerate(blocks):
        text = block.text
        for m in PAREN_DEF.finditer(text):
            if _SECTION_TITLE_REF.search(text[max(0, m.start() - 40):m.start()]):
                continue  # Section 12.3 ("Effect of Termination"): a quoted heading, not a definition
            t = clean_term(m.group(1))
            if t and (t[:1].isupper() or t[:1].isdigit()):
                out.append(Definition(t, bi, m.start(1), m.end(1), primary=False))
        for m in _CAPS_DEF.finditer(text):
            t = clean_term(m.group(1))
            if re.search(r"\b[A-Z][a-z]+\s+$", text[max(0, m.start() - 20):m.start()]):
                continue  # "New CPI means": the term is "New CPI", which the quoted and unquoted forms find
            if len(t) > 1:
                out.append(Definition(t, bi, m.start(1), m.end(1), primary=False))
        for m in _QUOTED_MEANS.finditer(text):
            out.append(Definition(clean_term(m.group(1)), bi, m.start(1), m.end(1), primary=False))
        for m in _HEREINAFTER.finditer(text):
            out.append(Definition(clean_term(m.group(1)), bi, m.start(1), m.end(1), primary=False))
        for rx in (_COLON_MEANS, _SCOPED_MEANS):
            for m in rx.finditer(text):
                t = clean_term(m.group(1))
                if title_like(t):
                    out.append(Definition(t, bi, m.start(1), m.end(1), primary=False))
    out.extend(unquoted_party_definitions(blocks))
    for bi, block in enumerate(blocks):
        for m in _QUOTED_TERM.finditer(block.text):
            t = clean_term(m.group(1))
            if title_like(t) and not QUOTED_HEADING_BEFORE.search(block.text[max(0, m.start() - 45):m.start()]):
                out.append(Definition(t, bi, m.start(1), m.end(1), primary=False, strong=False))
    for bi, block in enumerate(blocks):
        out.extend(Definition(t, bi, a, b, primary=False, strong=False, named=True) for t, a, b in _set_out_names(block.text))
    for block, start, end in sentences:
        m = _GLOSSARY.match(blocks[block].text[start:end])
        if m:
            out.append(Definition(clean_term(m.group(1)), block, start + m.start(1), start + m.end(1),
                                  primary=False, strong=False))
    return out


# A name given in parentheses without quotes: "a dispute ... arising out of this agreement (Dispute)",
# "Datec (PNG) LTD (Datec)"; a cited attachment or clause is no name
_UNQUOTED_NAME = re.compile(r"(?<=[\w,.)])\s\((?:the\s+)?([A-Z][\w&'-]+(?:\s+[A-Z][\w&'-]+){0,3})\)")
_CITED = {"Schedule", "Schedules", "Annex", "Exhibit", "Appendix", "Attachment", "Part", "Clause", "Section",
          "Article", "Paragraph", "See", "Note"}
# An abbreviation beside its expansion, in parentheses or in a list of abbreviations:
# "Service Level Agreement (SLA)", "Single Point of Contact   SPOC", "Moves, Adds and Changes | MACs"
_ABBREVIATION = re.compile(r"(?:\s\s|\t|\s?\|\s?|\s\(\s?[\"\u201c]?)([A-Z][A-Z&]{1,7})s?(?=[\"\u201d]?\)|\s|\||$)")
# a line of a list of abbreviations once its columns are joined: "Single Point of Contact SPOC"
_ABBREVIATION_LINE = re.compile(r"\s([A-Z][A-Z&]{1,7})s?\s*$")
_WORDS_BEFORE = re.compile(r"[\w&'-]+")


def _set_out_names(text: str) -> Iterable[tuple[str, int, int]]:
    """(term, start, end) of names a text sets out without a definition: a name in parentheses without
    quotes, and an expansion beside its abbreviation (the expansion needs no definition of its own)."""
    for m in _UNQUOTED_NAME.finditer(text):
        term = m.group(1)
        if term.split()[0] not in _CITED and len(term) > 1:
            yield term, m.start(1), m.end(1)
    line = _ABBREVIATION_LINE.search(text) if len(text) <= 80 else None
    marks = [(m, False) for m in _ABBREVIATION.finditer(text)] + ([(line, True)] if line else [])
    for m, whole_line in marks:
        abbr = m.group(1).replace("&", "")
        words = list(_WORDS_BEFORE.finditer(text, max(0, m.start() - 120), m.start()))
        for k in range(len(abbr), min(2 * len(abbr) + 1, len(words)) + 1):
            phrase = [w.group(0) for w in words[-k:]]
            caps = "".join(w[0] for w in phrase if w[0].isupper()).upper()
            if whole_line and text[:words[-k].start()].strip():
                continue  # a joined list line holds the expansion and its abbreviation only
            if phrase[0][0].isupper() and abbr in (caps, "".join(w[0] for w in phrase).upper()):
                yield text[words[-k].start():words[-1].end()], words[-k].start(), words[-1].end()
                break


HEAD_BLOCKS = 15
HEAD_CHARS = 6000


def head_text(blocks: Sequence[Block]) -> str:
    """The opening lines, where the parties are named."""
    return " ".join(b.text for b in blocks[:HEAD_BLOCKS])[:HEAD_CHARS]


# A party's short name in the parties block without quotes, as UK drafts and Markdown bold
# leave it: "Velmont Limited ... (the Supplier)", "(the **Customer**)".
_UNQUOTED_PARTY = re.compile(r"\((?:the\s+)?([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2})\)")
_PARTY_ENTRY = re.compile(
    r"\b(?:registered\s+(?:office|number|society)|incorporated|company\s+(?:number|registered)|organi[sz]ed\s+under|"
    r"a\s+(?:\w+\s+){0,3}(?:company|corporation|partnership|society|association|trust|authority)|"
    r"(?:limited|ltd|plc|llp|llc|inc|corp|gmbh)\b\.?)", re.I)
_NOT_PARTY_WORDS = {"Company", "Act", "Agreement", "Schedule", "Annex", "Exhibit", "Appendix", "Part", "Clause",
                    "Section", "Registered", "Number", "Regulations", "Rules", "Directive", "Code"}


def unquoted_party_definitions(blocks: Sequence[Block]) -> list[Definition]:
    """Short names given to the parties in the opening lines without quotes."""
    out = []
    for bi, block in enumerate(blocks[:HEAD_BLOCKS]):
        text = block.text
        for m in _UNQUOTED_PARTY.finditer(text):
            term = m.group(1)
            if term.split()[0] in _NOT_PARTY_WORDS or term.isupper() and len(term) <= 3:
                continue
            if not _PARTY_ENTRY.search(text[max(0, m.start() - 300):m.start()]):
                continue  # not after a party's name and particulars
            out.append(Definition(term, bi, m.start(1), m.end(1), primary=False))
    return out


def names_defined_in_head(blocks: Sequence[Block]) -> set[str]:
    """Names the opening lines define in parentheses ("Acme Limited (the "Supplier")"), any case,
    with or without quotes."""
    out = set()
    for m in PAREN_DEF.finditer(head_text(blocks)):
        t = clean_term(m.group(1))
        if t and len(t.split()) <= 4:
            out.add(t)
    out.update(d.term for d in unquoted_party_definitions(blocks))
    return out


def term_regex(term: str, ignore_case: bool = False) -> re.Pattern:
    """A defined term in either number: "Individual Users" is used by "each Individual User", and the
    other way round; "Affiliate(s)" by both."""
    root = re.sub(r"\((?:s|es|ies)\)$", "", term, flags=re.I)
    if root != term and term.lower().endswith("(ies)"):
        root = root[:-1] if root.lower().endswith("y") else root
    elif root == term and len(term) > 3:
        if term.endswith("ies"):
            root = term[:-3]  # "Approved Clinical Studies": the suffix alternatives add "y" or "ies" back
        elif term.endswith("s") and not term.endswith(("ss", "us", "is")):
            root = term[:-1]
    return re.compile(r"(?<![\w-])" + re.escape(root) + r"(?:y|s|es|ies|'s|s')?(?![\w-])", re.I if ignore_case else 0)
