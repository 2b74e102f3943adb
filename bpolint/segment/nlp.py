"""The default pipeline: ``spacy.blank("en")`` plus bpolint's own components.

Components (registered once, idempotently):

* ``bpolint_norm``: sets ``token.norm_`` to a folded, singular, US-spelled form so
  that phrase rules match "Service Levels", "service level" and "service-level".
* ``bpolint_sentences``: sentence starts that respect legal abbreviations (Inc.,
  U.S., e.g., No., Sec.) and clause labels ("1.", "(a)") instead of splitting on them.
* ``bpolint_definitions``: defined terms (``"Services" means`` and ``(the "Supplier")``)
  stored on ``doc._.definitions`` as character spans.

Blocks are fed one paragraph at a time through ``nlp.pipe``: sentence recall and
speed both collapse on one huge Doc. Segmentation tokenises them with
:func:`make_docs`, so each Doc keeps the text it was made from and the components
need not join the tokens again (``doc.text`` walks every token in Python).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..numbering import parse_label
from .spacy_import import import_spacy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy is imported when the pipeline is built (make_nlp), not with this module: commands
# that lint nothing never pay for it. Token attribute ids, set then:
IDX = NORM = ORTH = SENT_START = 0

# Abbreviations that end with a period but do not end a sentence.
ABBREVIATIONS = [
    "U.S.", "U.S.A.", "U.K.", "E.U.", "Inc.", "Ltd.", "Co.", "Corp.", "Cos.", "Bros.", "L.L.C.", "L.P.", "L.L.P.",
    "N.A.", "N.V.", "B.V.", "S.A.", "A.G.", "P.C.", "Pty.", "No.", "Nos.", "Sec.", "Secs.", "Art.", "Arts.",
    "Para.", "para.", "Sch.", "Cl.", "cl.", "e.g.", "i.e.", "E.g.", "I.e.", "etc.", "viz.", "cf.", "vs.", "v.",
    "p.m.", "a.m.", "P.M.", "A.M.", "approx.", "Approx.", "incl.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.",
    "Sr.", "Ave.", "Dept.", "Div.", "Govt.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.",
    "Sept.", "Oct.", "Nov.", "Dec.", "Ex.", "Exh.", "Fig.", "Vol.", "Rev.", "Id.", "id.", "et al.", "n.b.",
]
# After these a capitalised stop word ("The", "Each") still starts a new sentence.
SENTENCE_FINAL_ABBREVIATIONS = {"inc.", "ltd.", "co.", "corp.", "l.l.c.", "l.p.", "l.l.p.", "n.a.", "n.v.", "b.v.",
                                "s.a.", "a.g.", "p.c.", "pty.", "etc.", "p.m.", "a.m.", "u.s.", "u.s.a.", "u.k."}

# Words that continue a sentence after "5 p.m.": time zones, days, months.
_TIME_FOLLOWERS = {
    "eastern", "central", "mountain", "pacific", "atlantic", "hawaii", "alaska", "greenwich", "local", "new", "london",
    "et", "ct", "mt", "pt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "bst", "cet", "utc", "uk",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "on", "to", "and", "or",
}

# UK -> US spellings folded in token norms, so one phrase list serves both.
SPELLING = {
    "endeavour": "endeavor", "endeavours": "endeavor", "endeavoured": "endeavored", "organisation": "organization",
    "organisations": "organization", "licence": "license", "licences": "license", "authorise": "authorize",
    "authorised": "authorized", "utilisation": "utilization", "minimise": "minimize", "maximise": "maximize",
    "prioritise": "prioritize", "prioritised": "prioritized", "behaviour": "behavior", "favour": "favor",
    "labour": "labor", "centre": "center", "centres": "center", "programme": "program", "programmes": "program",
    "judgement": "judgment", "catalogue": "catalog", "analyse": "analyze", "recognise": "recognize",
    "realise": "realize", "cheque": "check", "defence": "defense", "offence": "offense", "honour": "honor",
    "colour": "color", "fulfil": "fulfill", "fulfilment": "fulfillment", "enrol": "enroll", "practise": "practice",
    "cancelled": "canceled", "cancelling": "canceling", "modelling": "modeling", "travelling": "traveling",
}

_INVARIANT = {"this", "its", "his", "has", "was", "is", "as", "us", "yes", "thus", "plus", "bus", "gas", "its",
              "less", "unless", "business", "process", "access", "address", "express", "success", "across",
              "status", "basis", "analysis", "always", "perhaps", "whereas", "series", "news", "means", "hours"}


def fold(word: str) -> str:
    """Lower-case, US spelling, crude singular: the attribute phrase rules match on."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = SPELLING.get(w, w)
    if w in _INVARIANT or len(w) <= 3 or not w.isalpha():
        return "hour" if w == "hours" else w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


TEXT_KEY = "bpolint_text"


def make_docs(nlp: Language, texts: list[str]) -> list[Doc]:
    """Tokenise ``texts``, each Doc remembering its text for :func:`doc_text`."""
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text
        docs.append(doc)
    return docs


def doc_text(doc: Doc) -> str:
    """``doc.text``, without joining every token again where the text is known (it is the same string)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


_fold_cache: dict[str, str] = {}


def fold_cached(word: str) -> str:
    folded = _fold_cache.get(word)
    if folded is None:
        if len(_fold_cache) > 500_000:
            _fold_cache.clear()
        folded = _fold_cache[word] = fold(word)
    return folded


def _norm_component(doc: Doc) -> Doc:
    """``token.norm_ = fold(token.text)`` for every token.

    In the default pipeline each lexeme already carries its folded form (see
    :func:`make_nlp`), so only tokens whose norm a tokenizer exception set ("n't" ->
    "not") are written here; the check runs on the norm and orth ids in bulk.
    """
    n = len(doc)
    if not n:
        return doc
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, NORM]).tolist()
    for i in range(n):
        orth, norm = arr[i]
        want = _norm_ids.get(orth)
        if want is None:
            if len(_norm_ids) > 500_000:
                _norm_ids.clear()
            want = _norm_ids[orth] = strings.add(fold_cached(strings[orth]))
        if norm != want:
            doc[i].norm_ = fold_cached(strings[orth])
    return doc


_norm_ids: dict[int, int] = {}  # orth id -> id of its folded form (ids are string hashes: one per text)


_ENUM_LABEL = re.compile(r"^(?:\((?:[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3})\)|\d{1,3}(?:\.\d{1,3})+\.?)$")


def _sentence_component(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    text = doc_text(doc)
    label = parse_label(text)
    label_end = label.end if label else -1
    n = len(doc)
    starts = [-1] * n
    starts[0] = 1
    # only a token whose last character is one of these can end a sentence (see _ends_sentence)
    ends = [m.end() for m in _SENTENCE_END_CHAR.finditer(text)]
    if ends:
        offsets = doc.to_array([IDX]).tolist()
        seen = -1
        for end in ends:
            i = bisect.bisect_right(offsets, end - 1) - 1
            if i <= seen or i >= n - 1:
                continue
            tok = doc[i]
            if tok.idx + len(tok.text) != end:
                continue
            seen = i
            if end <= label_end:
                continue  # the label's own period: "1." / "ARTICLE IV."
            if _ends_sentence(doc, i) and _starts_sentence(doc, i + 1):
                starts[i + 1] = 1
    import numpy

    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(n, 1))
    return doc


_SENTENCE_END_CHAR = re.compile(r"[.!?\"')]")


def _ends_sentence(doc: Doc, i: int) -> bool:
    tok = doc[i]
    text = tok.text
    if text in ("!", "?") or text == "." or text.endswith(".") and len(text) > 1 and tok.is_punct:
        return True
    if text in ('"', "'", ")") and i > 0 and doc[i - 1].text in (".", "!", "?"):
        return True
    if text.endswith(".") and len(text) > 1:
        # Abbreviation token ("Inc."): ends a sentence only before a capitalised stop word.
        if text.lower() in SENTENCE_FINAL_ABBREVIATIONS and i + 1 < len(doc):
            nxt = doc[i + 1].text
            if text.lower() in ("a.m.", "p.m.") and i > 0 and doc[i - 1].text[:1].isdigit():
                # "until 5 p.m. Redwood bears ...": a time ends the sentence unless a zone or date follows
                return nxt[:1].isupper() and nxt.lower().rstrip(".") not in _TIME_FOLLOWERS
            from spacy.lang.en.stop_words import STOP_WORDS

            return nxt[:1].isupper() and nxt.lower() in STOP_WORDS
        return False
    return False


def _starts_sentence(doc: Doc, j: int) -> bool:
    text = doc[j].text
    first = text[:1]
    if first.isupper() or first.isdigit() or first in "\"'(\u201c[":
        return True
    return bool(_ENUM_LABEL.match(text))


_DEF_MEANS = re.compile(
    r"\"(?P<term>[A-Za-z0-9][^\"]{0,80}?)\"\s*(?:\([^)]{0,40}\)\s*)?(?:,\s*)?"
    r"(?:shall\s+|will\s+)?(?:mean|means|has\s+the\s+meaning|have\s+the\s+meaning|shall\s+have\s+the\s+meaning|"
    r"includes|include|refers\s+to|is\s+defined|shall\s+refer|:)",
    re.I,
)
_DEF_PAREN = re.compile(r"\((?P<body>[^()]{0,160}?\"[^()]{1,240}?)\)")
# a quoted term; a closing single quote is accepted before ")" "," ";" (a typed mismatch: "Recipient')
_QUOTED = re.compile(r"\"(?P<term>[^\"]{1,80}?)\"|\"(?P<odd>[^\"']{1,80})'(?=\s*(?:[);,]|$))")
_ONLY_QUOTED = re.compile(r"^\s*\"[^\"]{1,80}[\"']\s*$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE|a|an)\s+")


# UK-style definitions without quotes, at the start of a paragraph (after any label):
# "Business Day: a day other than ..." / "Service Credit means the amount ...".
_DEF_UNQUOTED = re.compile(
    r"^(?:\(?[a-z0-9]{1,4}[.)]\)?\s+|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?"
    r"(?P<term>[A-Z][\w&'/-]*(?:\s+(?:of|and|for|to|in|on|the|[A-Z][\w&'/-]*)){0,5}?)"
    r"(?:\s*:\s+(?=(?:a|an|the|any|all|each|in\s+relation)\b)|\s+(?:means|shall\s+mean|has\s+the\s+meaning)\b)")
_NOT_TERMS = {"Note", "Notes", "Address", "Attention", "Email", "E-mail", "Tel", "Fax", "Name", "Title", "Date", "By",
              "Signature", "Subject", "Re", "Phone", "Telephone", "Contact", "Recitals", "Background", "Whereas",
              "Schedule", "Section", "Clause", "Article", "Annex", "Exhibit", "Appendix", "Part", "Where", "This",
              "It", "That", "Each", "Either", "Neither", "The", "A", "An", "If", "In", "For", "Except", "Provided"}


# "2.4 Reporting: the monthly report under clause 6.4 will show ...": a run-in heading before a sentence of
# its own, not a definition. After a definition's colon comes a noun phrase, whose verbs sit in relative
# clauses ("Business Day: a day on which banks are open"); a verb before any relative word makes a sentence
_BODY_VERB = re.compile(r"\b(?:will|shall|must|may|can|applies|apply|is|are|continues?|remains?)\b")
_RELATIVE = re.compile(r"\b(?:which|that|who|whom|whose|when|where|if|unless|other\s+than|as)\b")


# "the data the Supplier may collect": a relative clause without its relative word
_BARE_RELATIVE = re.compile(r"^\s*(?:the|a|an|any|all|each)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:the|a|an|its|any)\s+[A-Z]")
_PREPOSITION = re.compile(r"\b(?:in|of|under|to|for|with|by|from|on|at)\b")


def _sentence_after_colon(body: str) -> bool:
    first = re.split(r"[.;:](?:\s|$)", body, maxsplit=1)[0]
    verb = _BODY_VERB.search(first)
    if verb is None or _RELATIVE.search(first, 0, verb.start()) is not None:
        return False
    lead = first[:verb.start()]
    bare = _BARE_RELATIVE.match(lead)
    return not (bare and not _PREPOSITION.search(lead, 0, bare.end()))


def find_definitions(text: str) -> list[tuple[str, int, int]]:
    """Defined terms as (term, start, end) character spans of the term."""
    found: dict[int, tuple[str, int, int]] = {}
    m = _DEF_UNQUOTED.match(text)
    if m and m.group("term").split()[0] not in _NOT_TERMS and not m.group("term").isupper() \
            and not (text[m.end("term"):m.end()].lstrip().startswith(":") and _sentence_after_colon(text[m.end():])):
        found[m.start("term")] = (m.group("term"), m.start("term"), m.end("term"))
    for m in _DEF_MEANS.finditer(text):
        found[m.start("term")] = (m.group("term").strip(), m.start("term"), m.end("term"))
    for m in _DEF_PAREN.finditer(text):
        body_start = m.start("body")
        alone = bool(_ONLY_QUOTED.match(m.group("body")))  # ("i-on"): a name, whatever its case
        for q in _QUOTED.finditer(m.group("body")):
            group = "term" if q.group("term") is not None else "odd"
            raw = q.group(group)
            article = _LEADING_ARTICLE.match(raw)  # ("the Customer") defines "Customer"
            term = raw[article.end():] if article else raw
            term = term.strip().rstrip(",")
            if term and (term[0].isupper() or term[0].isdigit() or alone):
                s = body_start + q.start(group) + (article.end() if article else 0)
                found[s] = (term, s, s + len(term))
    return sorted(found.values(), key=lambda d: d[1])


def _definitions_component(doc: Doc) -> Doc:
    text = doc_text(doc)
    doc._.definitions = find_definitions(text) if '"' in text or _DEF_UNQUOTED.match(text) else []
    return doc


_registered = False


def _register() -> None:
    global _registered, IDX, NORM, ORTH, SENT_START
    if _registered:
        return
    import_spacy()
    from spacy import attrs
    from spacy.language import Language
    from spacy.tokens import Doc

    IDX, NORM, ORTH, SENT_START = attrs.IDX, attrs.NORM, attrs.ORTH, attrs.SENT_START
    if not Doc.has_extension("definitions"):
        Doc.set_extension("definitions", default=None)
    Language.component("bpolint_norm", assigns=["token.norm"])(_norm_component)
    Language.component("bpolint_sentences", assigns=["token.is_sent_start"])(_sentence_component)
    Language.component("bpolint_definitions", assigns=["doc._.definitions"])(_definitions_component)
    _registered = True


# spaCy splits prefixes and suffixes off a token one character at a time, searching the
# rest of it each time: a 4,000-character run of brackets or underscores took seconds,
# 20,000 minutes. No contract has a run of non-space characters this long (142 dots at
# most in the shared corpus); such a run is cut into tokens of this length, unsplit.
LONG_RUN = 500
_LONG_RUN = re.compile(r"\S{%d,}" % LONG_RUN)


class BoundedTokenizer:
    """spaCy's tokenizer, except that a run of non-space characters of ``LONG_RUN`` or more
    becomes tokens of ``LONG_RUN`` characters (the text, and so every offset, is the same)."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if len(text) < LONG_RUN or not _LONG_RUN.search(text):
            return self.tokenizer(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for run in _LONG_RUN.finditer(text):
            for tok in self.tokenizer(text[pos:run.start()]):
                words.append(tok.text)
                spaces.append(bool(tok.whitespace_))
            for at in range(run.start(), run.end(), LONG_RUN):
                words.append(text[at:min(at + LONG_RUN, run.end())])
                spaces.append(False)
            pos = run.end()
            if text[pos:pos + 1] == " ":
                spaces[-1] = True
                pos += 1
        for tok in self.tokenizer(text[pos:]):
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
        return Doc(self.vocab, words=words, spaces=spaces)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """The default pipeline (no model download)."""
    spacy = import_spacy()
    _register()
    nlp = spacy.blank("en")
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    # every lexeme carries its folded form, so bpolint_norm has only exceptions to write
    nlp.vocab.lex_attr_getters[NORM] = fold_cached
    for lex in list(nlp.vocab):
        lex.norm_ = fold_cached(lex.orth_)
    nlp.add_pipe("bpolint_norm")
    nlp.add_pipe("bpolint_sentences")
    nlp.add_pipe("bpolint_definitions")
    nlp.max_length = 2_000_000
    return nlp
