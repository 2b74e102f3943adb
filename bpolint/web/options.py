"""How the web server runs: where it listens, who may use it, and its limits."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..config import Overrides

DEFAULT_PORT = 8765
DEFAULT_MAX_UPLOAD_MB = 50.0
DEFAULT_TIME_LIMIT_S = 120.0
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str | None = None  # when set, every request must carry it
    config: str | None = None  # --config: the configuration for every upload (None: none is read)
    workers: int = 2  # jobs linted at once, each in its own process
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB  # per request, all its files together
    time_limit_s: float = DEFAULT_TIME_LIMIT_S  # per request
    max_waiting: int = 64  # requests queued for a worker before the server answers busy

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def allowed_hosts(self) -> frozenset[str] | None:
        """Host names a request may address: on a loopback address, only local names, so a
        web page elsewhere cannot reach the server by pointing its own name at 127.0.0.1
        (DNS rebinding). Bound elsewhere, the token guards it."""
        return LOCAL_NAMES | {self.host.lower().strip("[]")} if self.loopback else None

    def overrides(self, services: tuple[str, ...] = ()) -> Overrides:
        """The flags an upload is linted under: no configuration file but ``--config`` (a
        temporary folder has no project around it), the request's time limit."""
        return Overrides(service=services, time_limit_s=self.time_limit_s, config=self.config,
                         use_config=self.config is not None)
