"""The OpenAPI 3.1 description served at ``/openapi.json``, written out by hand.

It covers every route of the app (a test compares it with the routing table and
validates it); the limits and service types in it are the running server's own.
"""
from __future__ import annotations

from ..version import __version__
from .jobs import DOCX, NEGOTIATE_FORMATS, REPORT_FORMATS
from .options import WebOptions

_ERROR = {"$ref": "#/components/responses/Error"}


def _upload(extra: dict | None = None, multiple: bool = False) -> dict:
    file = {"type": "string", "format": "binary", "description": "A contract: DOCX, PDF, Markdown or plain text."}
    properties = {
        "file": {"type": "array", "items": file} if multiple else file,
        "service": {"type": "string", "description": "Service types, comma-separated or repeated "
                                                      "(default: detected from the text)."},
    }
    properties.update(extra or {})
    return {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": properties}}}}


def _errors(*codes: str) -> dict:
    return {code: _ERROR for code in codes}


def _format(choices, default: str) -> dict:
    return {"name": "format", "in": "query", "required": False,
            "schema": {"type": "string", "enum": list(choices), "default": default}}


def _binary(*media_types: str) -> dict:
    return {media: {"schema": {"type": "string"}} for media in media_types}


def describe(options: WebOptions, service_types: tuple[str, ...]) -> dict:
    upload_errors = _errors("400", "401", "403", "413", "422", "500", "503", "504")
    party = {"party": {"type": "string", "enum": ["customer", "supplier"], "default": "customer",
                       "description": "The side the issues list is written for."}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "bpolint",
            "version": __version__,
            "description": (
                "Lint outsourcing (BPO) contracts on this computer. Every upload is limited to "
                f"{options.max_upload_mb:g} MB, read in a private temporary folder that is removed before the "
                f"answer, and linted within {options.time_limit_s:g} s. Service types: "
                f"{', '.join(['auto', *service_types])}. Errors are JSON with the coded one-line message the "
                "command line prints. With a token, every request needs 'Authorization: Bearer TOKEN'."),
        },
        "servers": [{"url": "/"}],
        "security": [{"token": []}] if options.token else [],
        "paths": {
            "/api/check": {"post": {
                "summary": "Findings for one contract: the JSON of `bpolint check --format json`.",
                "operationId": "check", "requestBody": _upload(),
                "responses": {"200": {"description": "The findings.", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["version", "files"]}}}}, **upload_errors}}},
            "/api/report": {"post": {
                "summary": "The gap report (`bpolint report`); several files give the portfolio matrix.",
                "operationId": "report", "parameters": [_format(REPORT_FORMATS, "html")],
                "requestBody": _upload(multiple=True),
                "responses": {"200": {"description": "The gap report.",
                                      "content": _binary(*REPORT_FORMATS.values())}, **upload_errors}}},
            "/api/annotate": {"post": {
                "summary": "The DOCX with a Word comment on each finding (`bpolint annotate`).",
                "operationId": "annotate",
                "requestBody": _upload({"author": {"type": "string", "default": "bpolint",
                                                   "description": "The name on the comments."}}),
                "responses": {"200": {"description": "The annotated draft.", "content": _binary(DOCX)},
                              **upload_errors}}},
            "/api/negotiate": {"post": {
                "summary": "The issues list to send back (`bpolint negotiate`).",
                "operationId": "negotiate", "parameters": [_format(NEGOTIATE_FORMATS, "docx")],
                "requestBody": _upload({**party, "against": {
                    "type": "string", "format": "binary",
                    "description": "The previous draft: the list shows what changed between the rounds."}}),
                "responses": {"200": {"description": "The issues list.",
                                      "content": _binary(*NEGOTIATE_FORMATS.values())}, **upload_errors}}},
            "/healthz": {"get": {
                "summary": "Whether the server is up, and how busy its workers are.", "operationId": "health",
                "security": [],
                "responses": {"200": {"description": "Up.", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status", "version"],
                    "properties": {"status": {"const": "ok"}, "version": {"type": "string"},
                                   "workers": {"type": "integer"}, "busy": {"type": "integer"},
                                   "waiting": {"type": "integer"}}}}}}, **_errors("401")}}},
            "/openapi.json": {"get": {
                "summary": "This description.", "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}},
                              **_errors("401")}}},
            "/": {"get": {
                "summary": "The page: choose or drop drafts, get the gap report and the downloads.",
                "operationId": "page",
                "responses": {"200": {"description": "HTML.", "content": _binary("text/html")}, **_errors("401")}}},
            "/static/{name}": {"get": {
                "summary": "The page's style sheet and script.", "operationId": "asset",
                "parameters": [{"name": "name", "in": "path", "required": True,
                                "schema": {"type": "string", "enum": ["page.css", "page.js"]}}],
                "responses": {"200": {"description": "The asset.", "content": _binary("text/css", "text/javascript")},
                              "404": {"description": "No such asset."}}}},
            "/review": {"post": {
                "summary": "The page's form: check the drafts and keep the results in memory for a while.",
                "operationId": "review", "requestBody": _upload(party, multiple=True),
                "responses": {"200": {"description": "With 'Accept: application/json': where the results are.",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "required": ["url"],
                                          "properties": {"url": {"type": "string"}}}}}},
                              "303": {"description": "A plain form post: redirected to the results page."},
                              **upload_errors}}},
            "/review/{key}": {"get": {
                "summary": "The results page of one check.", "operationId": "reviewPage",
                "parameters": [_key()],
                "responses": {"200": {"description": "HTML.", "content": _binary("text/html")}, **_errors("401", "404")}}},
            "/review/{key}/delete": {"post": {
                "summary": "Clear the results of one check from the server's memory.", "operationId": "reviewDelete",
                "parameters": [_key()],
                "responses": {"303": {"description": "Cleared; redirected to the page."}, **_errors("401", "403")}}},
            "/review/{key}/{output}": {"get": {
                "summary": "One output of a check: report.html, N/reviewed.docx, N/issues.docx, N/issues.md.",
                "operationId": "reviewOutput",
                "parameters": [_key(), {"name": "output", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "download", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "Download the report rather than show it."}],
                "responses": {"200": {"description": "The output.",
                                      "content": _binary("text/html", "text/markdown", DOCX)}, **_errors("401", "404")}}},
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "The token `bpolint serve` printed or was given."}},
            "responses": {"Error": {"description": "The coded one-line message, as the command line prints it.",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {"Error": {"type": "object", "required": ["error", "code"], "properties": {
                "error": {"type": "string", "examples": ["draft.docx: [E314] not a Word document: not a ZIP package; save it as a Word Document (.docx)"]},
                "code": {"type": "string", "pattern": "^E[0-9]{3}$"}}}},
        },
    }


def _key() -> dict:
    return {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
