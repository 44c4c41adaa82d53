"""Who may do what: API keys in the ``X-API-Key`` header for writes, and for reads unless
the operator made reading public."""

from __future__ import annotations

import secrets
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


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _check_key(settings: Settings, key: str | None, purpose: str) -> None:
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
    # Compare against every key in constant time so timing does not reveal a prefix.
    valid = False
    for candidate in settings.api_keys:
        valid |= secrets.compare_digest(key.encode("utf-8"), candidate.encode("utf-8"))
    if not valid:
        raise ApiError(403, "the API key is not valid", "check the key with the operator")


def require_read(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Pass when reading is public or the request carries a valid key."""
    settings = _settings(request)
    if not settings.public_read:
        _check_key(settings, key, "reading")


def require_write(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Pass only with a valid key: every change and every upload needs one."""
    _check_key(_settings(request), key, "writing")


ReadAccess = Depends(require_read)
WriteAccess = Depends(require_write)
