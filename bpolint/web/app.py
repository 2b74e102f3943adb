"""The web app: routes for the page and the HTTP API, on Starlette.

Each upload is streamed into its own private folder (``uploads``), linted by a worker
process (``workers`` running ``jobs``), and the folder is removed before the answer
goes out, whatever happened: a bad file, a time limit, the client going away. API
answers are the bytes the CLI writes; an error is a JSON body with the CLI's coded line
and a 4xx/5xx status. The page posts to ``/review`` and shows what ``jobs`` kept for it.
"""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import tempfile
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Callable

import anyio
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import BpolintError
from ..version import __version__
from .jobs import NEGOTIATE_FORMATS, PARTIES, REPORT_FORMATS, Failure, Job, Outcome
from .openapi import describe
from .options import WebOptions
from .pages import Pages
from .results import Reviews
from .security import Guard
from .uploads import Form, check_declared_size, receive_form, upload_error
from .workers import Workers

# The HTTP status of each coded error; the rest of a range by its first two characters.
STATUS = {"E103": 400, "E152": 401, "E153": 403, "E154": 413, "E157": 404, "E158": 503, "E901": 504,
          "E902": 422, "E900": 500, "E903": 500}
RANGE_STATUS = {"E1": 400, "E2": 400, "E3": 422, "E4": 422}


NONE = "'none'"


def report_csp() -> str:
    """The gap report shown in the page's frame: its own inline style sheet, its own inline
    script (the portfolio's sorting) by hash, so no other script can run; framed by this site only."""
    source = resources.files("bpolint.report").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    hashes = " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
                      for script in re.findall(r"<script>(.*?)</script>", source, re.S))
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {hashes or NONE}; "
            "img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'")


def status_of(code: str) -> int:
    return STATUS.get(code) or RANGE_STATUS.get(code[:2], 500)


class WebApp:
    """The server's state: options, worker slots, kept results and the page templates."""

    def __init__(self, options: WebOptions, service_types: dict[str, str]) -> None:
        self.options = options
        self.workers = Workers(options.workers, options.time_limit_s, options.max_waiting)
        self.reviews = Reviews()
        self.pages = Pages(options.max_upload_mb, self.reviews.keep_s, service_types)
        self.service_types = service_types
        self.report_csp = report_csp()
        # every request's folder lives in one private folder of the server's, removed when it stops
        self.root = Path(tempfile.mkdtemp(prefix="bpolint-serve-"))

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.reviews.clear()

    # --- answers -------------------------------------------------------------------------

    def error(self, request: Request, error: BpolintError | Failure) -> Response:
        code, message = (error.code, str(error)) if isinstance(error, BpolintError) else (error.code, error.message)
        status = status_of(code)
        if _wants_html(request):
            heading = "The check could not be done" if status != 401 else "A token is needed"
            response: Response = HTMLResponse(self.pages.error(heading, message), status)
        else:
            response = JSONResponse({"error": message, "code": code}, status)
        if status == 413:
            response.headers["Connection"] = "close"  # the rest of the body is not wanted
        return response

    async def _with_upload(self, request: Request, make_job: Callable[[Form], Job],
                           answer: Callable[[Outcome], Response]) -> Response:
        """Receive the upload, run its job, answer; the request's folder is gone afterwards."""
        folder = Path(tempfile.mkdtemp(prefix="req-", dir=self.root))
        try:
            check_declared_size(request.headers.get("content-length"), self.options.max_upload_mb)
            try:
                with anyio.fail_after(self.options.time_limit_s):  # a body that trickles in holds no slot forever
                    form = await receive_form(request.headers.get("content-type"), request.stream(), folder,
                                              self.options.max_upload_mb)
            except TimeoutError:
                raise BpolintError("E901", None, None, {"limit": f"{self.options.time_limit_s:g}"}) from None
            job = make_job(form)
            outcome = await self.workers.run(job)
            if outcome.failure is not None:
                return self.error(request, outcome.failure)
            return answer(outcome)
        except BpolintError as e:
            return self.error(request, e)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody reads it
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _job(self, kind: str, form: Form, fmt: str = "", **fields) -> Job:
        files = form.files_in("file")
        if not files:
            raise upload_error("no file in the field 'file'")
        if kind in ("annotate", "negotiate", "check") and len(files) > 1:
            raise upload_error(f"{kind} takes one file; send several to /api/report or the page")
        against = form.files_in("against")
        return Job(kind, str(form.folder), tuple(u.name for u in files),
                   self.options.overrides(tuple(form.values("service"))), fmt,
                   against=against[0].name if against else None, **fields)

    @staticmethod
    def _choice(value: str | None, name: str, choices, default: str) -> str:
        value = default if value in (None, "") else value
        if value not in choices:
            raise BpolintError("E156", None, None, {"value": value, "name": name, "choices": ", ".join(choices)})
        return value

    def _party(self, form: Form) -> str:
        values = form.values("party")
        return self._choice(values[0] if values else None, "party", PARTIES, "customer")

    # --- the API ---------------------------------------------------------------------------

    async def api_check(self, request: Request) -> Response:
        return await self._with_upload(request, lambda form: self._job("check", form), _output)

    async def api_report(self, request: Request) -> Response:
        try:
            fmt = self._choice(request.query_params.get("format"), "format", tuple(REPORT_FORMATS), "html")
        except BpolintError as e:
            return self.error(request, e)
        return await self._with_upload(request, lambda form: self._job("report", form, fmt), _output)

    async def api_annotate(self, request: Request) -> Response:
        def job(form: Form) -> Job:
            authors = form.values("author")
            return self._job("annotate", form, author=authors[0][:100] if authors else "bpolint")
        return await self._with_upload(request, job, _output)

    async def api_negotiate(self, request: Request) -> Response:
        try:
            fmt = self._choice(request.query_params.get("format"), "format", tuple(NEGOTIATE_FORMATS), "docx")
        except BpolintError as e:
            return self.error(request, e)
        return await self._with_upload(request, lambda form: self._job("negotiate", form, fmt,
                                                                       party=self._party(form)), _output)

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "workers": self.workers.count,
                             "busy": self.workers.busy, "waiting": self.workers.waiting})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(describe(self.options, tuple(self.service_types)))

    # --- the page --------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        return HTMLResponse(self.pages.index())

    async def static(self, request: Request) -> Response:
        asset = self.pages.assets.get(request.path_params["name"])
        if asset is None:
            return JSONResponse({"error": "not found"}, 404)
        fresh = request.query_params.get("v") == asset.digest  # addressed by content: it never changes
        return Response(asset.body, media_type=asset.media_type,
                        headers={"Cache-Control": "public, max-age=31536000, immutable" if fresh else "no-cache"})

    async def review(self, request: Request) -> Response:
        def answer(outcome: Outcome) -> Response:
            key = self.reviews.add(outcome.review)
            url = f"/review/{key}"
            if _wants_html(request):
                return RedirectResponse(url, status_code=303)  # the plain form post, without the script
            return JSONResponse({"url": url})
        return await self._with_upload(request, lambda form: self._job("review", form, party=self._party(form)),
                                       answer)

    async def review_page(self, request: Request) -> Response:
        key = request.path_params["key"]
        review = self.reviews.get(key)
        if review is None:
            return self.error(request, BpolintError("E157"))
        return HTMLResponse(self.pages.review(key, review))

    async def review_output(self, request: Request) -> Response:
        review = self.reviews.get(request.path_params["key"])
        output = review.outputs.get(request.path_params["output"]) if review else None
        if output is None:
            return self.error(request, BpolintError("E157"))
        inline = request.path_params["output"] == "report.html" and not request.query_params.get("download")
        headers = {"Content-Security-Policy": self.report_csp, "X-Frame-Options": "SAMEORIGIN"} if inline else \
            {"Content-Disposition": _attachment(output.filename)}
        return Response(output.body, media_type=output.media_type, headers=headers)

    async def review_delete(self, request: Request) -> Response:
        self.reviews.drop(request.path_params["key"])
        return RedirectResponse("/", status_code=303)


def _output(outcome: Outcome) -> Response:
    out = outcome.output
    return Response(out.body, media_type=out.media_type, headers={"Content-Disposition": _attachment(out.filename)})


def _attachment(filename: str) -> str:
    """A download name: ASCII for old clients, the exact name in RFC 5987 form."""
    from urllib.parse import quote

    plain = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def _wants_html(request: Request) -> bool:
    """The page's plain form posts and links get HTML; the script and API clients get JSON."""
    accept = request.headers.get("accept", "")
    return not request.url.path.startswith("/api/") and "text/html" in accept and "application/json" not in accept


def warm_up() -> dict[str, str]:
    """Build spaCy and the shipped rule set in this process, so every worker forked from it
    starts warm; returns the service types the page offers."""
    from ..api import lint_text
    from ..pipeline import engine_for

    import gc

    lint_text("1. Services\n1.1 The Supplier shall provide the Services.\n")
    service_types = dict(engine_for(()).ruleset.taxonomy.service_types)
    # what was built is never collected: a collection in a forked worker would otherwise walk
    # (and so copy) every page of it
    gc.freeze()
    return service_types


def create_app(options: WebOptions = WebOptions()) -> Starlette:
    web = WebApp(options, warm_up())

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            web.close()

    routes = [
        Route("/", web.index, methods=["GET"]),
        Route("/static/{name}", web.static, methods=["GET"]),
        Route("/healthz", web.healthz, methods=["GET"]),
        Route("/openapi.json", web.openapi, methods=["GET"]),
        Route("/api/check", web.api_check, methods=["POST"]),
        Route("/api/report", web.api_report, methods=["POST"]),
        Route("/api/annotate", web.api_annotate, methods=["POST"]),
        Route("/api/negotiate", web.api_negotiate, methods=["POST"]),
        Route("/review", web.review, methods=["POST"]),
        Route("/review/{key}", web.review_page, methods=["GET"]),
        Route("/review/{key}/delete", web.review_delete, methods=["POST"]),
        Route("/review/{key}/{output:path}", web.review_output, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.web = web
    app.add_middleware(Guard, token=options.token, allowed_hosts=options.allowed_hosts, port=options.port,
                       error=web.error)
    return app

