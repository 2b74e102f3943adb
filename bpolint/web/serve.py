"""Run the app on uvicorn: bind first (so a taken port is a coded error), then serve.

uvicorn's access log is off and its own log shows warnings only: no request line, so no
file name or token, ever reaches the terminal.
"""
from __future__ import annotations

import secrets
import socket
from dataclasses import replace
from typing import Callable

from ..errors import BpolintError
from .options import WebOptions


def require_extra() -> None:
    """E150 when the ``web`` extra is not installed."""
    missing = []
    for module in ("starlette", "uvicorn", "python_multipart"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module.replace("_", "-"))
    if missing:
        raise BpolintError("E150", None, None, {"detail": "missing: " + ", ".join(missing)})


def with_token(options: WebOptions) -> WebOptions:
    """Bound elsewhere than this machine, a token is required: a generated one when none was given."""
    if options.token or options.loopback:
        return options
    return replace(options, token=secrets.token_urlsafe(24))


def bind(host: str, port: int) -> socket.socket:
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(info[0], socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(128)
        sock.set_inheritable(True)
    except OSError as e:
        raise BpolintError("E151", None, None, {"address": f"{host}:{port}", "detail": e.strerror or str(e)}) from None
    return sock


def url_of(options: WebOptions) -> str:
    """The address to open; on every interface, this machine's name, which others can reach."""
    host = socket.gethostname() if options.host in ("0.0.0.0", "::", "") else options.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{options.port}/" + (f"?token={options.token}" if options.token else "")


def serve(options: WebOptions, announce: Callable[[str], None]) -> None:
    require_extra()
    import uvicorn

    from .app import create_app

    options = with_token(options)
    sock = bind(options.host, options.port)
    options = replace(options, port=sock.getsockname()[1])  # --port 0: the one the system chose
    app = create_app(options)  # builds spaCy and the rules before the first request
    config = uvicorn.Config(app, access_log=False, log_level="warning", server_header=False, lifespan="on",
                            timeout_graceful_shutdown=5)
    announce(url_of(options))
    uvicorn.Server(config).run(sockets=[sock])
