"""From findings to a negotiation: the issues list, the company playbook and the letter.

    >>> from bpolint import lint_file
    >>> from bpolint.negotiate import issues_list, render_markdown
    >>> report = lint_file("draft.docx")
    >>> issues = issues_list(report, party="customer")
    >>> [(r.number, r.priority.value, r.clause_text) for r in issues.rows]

:func:`issues_list` builds the rows (:mod:`.rows`) under the draft's playbook and, with
``against``, marks them new, still open or resolved (:mod:`.rounds`); the renderers turn
the same :class:`IssuesList` into Markdown, HTML, JSON, a Word table and a covering letter.
"""
from __future__ import annotations

import datetime as dt
import os

from ..config import Settings
from ..errors import BpolintError
from ..model import FileReport
from ..pipeline import engine_for
from ..version import __version__
from ..report.gap import services_text
from .model import ClauseRef, Comparison, IssuesList, Priority, Round, Row
from .playbook import describe
from .rounds import mark_rounds
from .rows import build_rows, other_party

PARTIES = ("customer", "supplier")


def issues_list(report: FileReport, settings: Settings | None = None, party: str = "customer",
                against: FileReport | None = None, date: dt.date | None = None) -> IssuesList:
    """The issues list for one linted draft (``report``), for ``party``, under its settings' playbook."""
    if party not in PARTIES:
        raise BpolintError("E103", None, None, {"value": party, "choices": ", ".join(PARTIES)})
    settings = settings or Settings()
    ruleset = engine_for(settings.rules).ruleset
    rows = build_rows(report, ruleset, party, settings.playbook)
    if against is not None:
        rows = mark_rounds(rows, build_rows(against, ruleset, party, settings.playbook), report, against)
    services = report.detection.service_types
    return IssuesList(
        draft=report.file, title=os.path.basename(report.file), date=date or today(), party=party,
        other=other_party(party), service_types=services,
        services=services_text(report),
        playbook=describe(settings.playbook, services), rows=tuple(rows), version=__version__,
        against=against.file if against is not None else None)


def today() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when it is set, so outputs can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise BpolintError("E112", None, None, {"value": epoch}) from None


__all__ = ["ClauseRef", "Comparison", "IssuesList", "PARTIES", "Priority", "Round", "Row", "issues_list", "today"]
