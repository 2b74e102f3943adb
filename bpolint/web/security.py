"""Who may use the server, and the headers every answer carries.

:class:`Guard` is the outermost middleware. It refuses a request addressed to a host name
that is not this machine's (on a loopback address), a cross-origin form post, and, with a
token, any request that does not carry it: as ``Authorization: Bearer``, as the cookie
the page sets, or as ``?token=`` (which on a page is turned into that cookie and taken
out of the address). It adds the security headers, and turns an exception that escaped
a route into a coded 500 answer, so that nothing about a request reaches the log.
"""
from __future__ import annotations

import hmac
from typing import Callable
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BpolintError

# The page: its own script and style sheet, nothing inline, nothing from elsewhere.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make a form post's Origin "null"
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def cookie_name(port: int) -> str:
    return f"bpolint_token_{port}"  # one per port: two servers on one machine keep their own


class Guard:
    def __init__(self, app: ASGIApp, token: str | None, allowed_hosts: frozenset[str] | None, port: int,
                 error: Callable[[Request, BpolintError], Response]) -> None:
        self.app, self.token, self.allowed_hosts, self.port, self.error = app, token, allowed_hosts, port, error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", PAGE_CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except ClientDisconnect:
            return  # nobody to answer; the route has removed its upload
        except Exception as e:  # noqa: BLE001 - coded, and never logged with the request's details
            if started:
                return
            error = BpolintError("E900", None, None, {"stage": "the web server",
                                                       "exception": type(e).__name__})
            await self.error(request, error)(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        host = _hostname(request.headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return self.error(request, BpolintError("E153", None, None, {
                "detail": "this server answers only to requests for this machine (localhost)"}))
        origin = request.headers.get("origin")  # "null" from a sandboxed or local page counts as elsewhere
        if request.method in UNSAFE and origin and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
            return self.error(request, BpolintError("E153", None, None, {"detail": "a form from another site"}))
        if not self.token:
            return None
        query = request.query_params.get("token")
        supplied = _bearer(request) or query or request.cookies.get(cookie_name(self.port))
        if not supplied or not hmac.compare_digest(supplied.encode(), self.token.encode()):
            response = self.error(request, BpolintError("E152"))
            response.headers["WWW-Authenticate"] = 'Bearer realm="bpolint"'
            return response
        if query and request.method == "GET" and not request.url.path.startswith("/api/"):
            # the token leaves the address bar (and history) for a cookie only this site gets
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(cookie_name(self.port), self.token, httponly=True, samesite="strict", path="/")
            return response
        return None


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
