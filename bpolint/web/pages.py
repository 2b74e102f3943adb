"""The page's HTML, its style sheet and its script.

Templates live in ``templates/`` beside the gap report's (``report/templates``), whose
shared look (``look-page.css.j2``, ``look-table.css.j2``) and status colours the style
sheet includes. Assets are addressed with a hash of their content, so a browser may keep
them and still never runs an old script after an upgrade.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from ..report.gap import STATUS_TEXT
from ..report.render import STATUS_COLOURS
from ..version import __version__
from .jobs import Review

ACCEPT = ".docx,.pdf,.md,.markdown,.txt,.text"


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()[:16]


class Pages:
    def __init__(self, max_upload_mb: float, keep_s: float, service_types: dict[str, str]) -> None:
        self.max_upload_mb, self.keep_s, self.service_types = max_upload_mb, keep_s, service_types
        self.env = Environment(loader=ChoiceLoader([PackageLoader("bpolint.web", "templates"),
                                                    PackageLoader("bpolint.report", "templates")]),
                               autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["percent"] = lambda score: "n/a" if score is None else f"{round(score * 100)}%"
        self.env.globals.update(version=__version__, colours=STATUS_COLOURS, asset=self.asset_url,
                                status_text=lambda status: STATUS_TEXT.get(status, "Not checked"),
                                keep_minutes=round(keep_s / 60))

    @cached_property
    def assets(self) -> dict[str, Asset]:
        css = self.env.get_template("page.css.j2").render().encode("utf-8")
        js = resources.files("bpolint.web").joinpath("static/page.js").read_bytes()
        return {"page.css": Asset(css, "text/css; charset=utf-8"),
                "page.js": Asset(js, "text/javascript; charset=utf-8")}

    def asset_url(self, name: str) -> str:
        return f"/static/{name}?v={self.assets[name].digest}"

    def index(self) -> str:
        return self.env.get_template("index.html.j2").render(
            max_mb=f"{self.max_upload_mb:g}", max_bytes=int(self.max_upload_mb * 1024 * 1024), accept=ACCEPT,
            service_types=list(self.service_types.items()))

    def review(self, key: str, review: Review) -> str:
        return self.env.get_template("review.html.j2").render(
            review=review, base=f"/review/{key}", titles=", ".join(c.title for c in review.contracts))

    def error(self, heading: str, message: str) -> str:
        return self.env.get_template("error.html.j2").render(heading=heading, message=message)
