"""Who may do what: API keys in the ``X-API-Key`` header for writes, and for reads unless
the operator made reading public."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiError
from api.settings import KEYS_ENV, Settings

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="An API key configured by the operator (GRAPHMAP_API_KEYS or a keys file).",
)


class AuthThrottle:
    """Wrong API keys per client in a sliding window; too many and the client waits.

    Counted per client address in this server process (behind a reverse proxy every client
    shares the proxy's address: put the limit in the proxy there). A throttled client gets
    429 before its key is even compared, so guessing goes no faster than the limit.
    """

    MAX_CLIENTS = 10_000  # the oldest client is forgotten first, so memory stays bounded

    def __init__(self, limit: int, window_s: float, clock=time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            del self._failures[client]
        return times

    def retry_after(self, client: str) -> int:
        """Seconds ``client`` must wait before its next try, 0 when it may try now."""
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            if len(times) < self.limit:
                return 0
            return max(1, math.ceil(self.window_s - (now - times[-self.limit])))

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times
            self._failures.move_to_end(client)
            while len(self._failures) > self.MAX_CLIENTS:
                self._failures.popitem(last=False)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _check_key(request: Request, key: str | None, purpose: str) -> None:
    settings = _settings(request)
    if not settings.api_keys:
        raise ApiError(
            403,
            f"{purpose} is disabled: the server has no API keys configured",
            f"start the server with {KEYS_ENV}=... or --api-keys-file",
        )
    if not key:
        raise ApiError(
            401,
            f"{purpose} needs an API key in the X-API-Key header",
            "ask the operator for a key and send it as X-API-Key",
        )
    throttle: AuthThrottle = request.app.state.auth_throttle
    wait = throttle.retry_after(_client(request))
    if wait:
        raise ApiError(
            429, f"too many wrong API keys from this client: try again in {wait} s",
            "check the key with the operator before trying again",
            headers={"Retry-After": str(wait)},
        )
    # Compare against every key in constant time so timing does not reveal a prefix.
    valid = False
    for candidate in settings.api_keys:
        valid |= secrets.compare_digest(key.encode("utf-8"), candidate.encode("utf-8"))
    if not valid:
        throttle.failed(_client(request))
        raise ApiError(403, "the API key is not valid", "check the key with the operator")


def require_read(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Pass when reading is public or the request carries a valid key."""
    if not _settings(request).public_read:
        _check_key(request, key, "reading")


def require_write(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Pass only with a valid key: every change and every upload needs one."""
    _check_key(request, key, "writing")


ReadAccess = Depends(require_read)
WriteAccess = Depends(require_write)
