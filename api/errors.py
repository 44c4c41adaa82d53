"""Errors as clients see them: a status code, a ``detail`` sentence and, when known, a ``fix``.

No handler ever sends a traceback: unexpected failures are logged on the server and answered
with a 500 that says where to look.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphmap.errors import GraphmapError, WorkspaceError

log = logging.getLogger("graphmap.api")


class ApiError(StarletteHTTPException):
    """An HTTP error with a fix: ``ApiError(404, "no entity x", "search first")``."""

    def __init__(self, status_code: int, detail: str, fix: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.fix = fix


def _body(detail: str, fix: str = "") -> dict[str, str]:
    return {"detail": detail, "fix": fix} if fix else {"detail": detail}


def _allowed_methods(request: Request) -> str:
    """Every method the API description lists for this path (each route has one method)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {method.upper() for method in operations}
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return JSONResponse(
        _body(detail, getattr(exc, "fix", "")), status_code=exc.status_code, headers=headers or None
    )


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_query(request: Request) -> None:
    """Refuse query parameters the route does not take: a typo must not be silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(
            422, f"unknown query parameter(s): {', '.join(unknown)}",
            f"this operation takes: {', '.join(sorted(known)) or 'no query parameters'}",
        )


def scrub_paths(text: str, root: Path) -> str:
    """``text`` without the workspace's location on the server: an upload is named by its
    file name, anything else in the workspace as ``the workspace``."""
    for form in {str(root), str(root.resolve())}:
        text = text.replace(form + "/uploads/", "").replace(form, "the workspace")
    return text


async def _graphmap_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GraphmapError)
    # Inside a running service the workspace is open, so a WorkspaceError is a lookup miss.
    status = 404 if isinstance(exc, WorkspaceError) else 400
    message, fix = exc.message, exc.fix
    state = getattr(request.app.state, "workspace", None)
    if state is not None:  # never tell a client where the workspace sits on the server
        message, fix = scrub_paths(message, state.root), scrub_paths(fix, state.root)
    if "`graphmap" in fix or "--" in fix:  # command-line advice a client cannot follow
        fix = "correct the request (see /openapi.json) or ask the operator"
    return JSONResponse(_body(message, fix), status_code=status)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()))
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return JSONResponse(
        {"detail": "; ".join(problems) or "the request is not valid",
         "fix": "see the API description at /openapi.json"},
        status_code=422,
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        _body("internal error while answering this request", "the server log has the details"),
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(GraphmapError, _graphmap_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimitMiddleware:
    """Refuse request bodies over a size limit with 413, counting bytes as they arrive.

    The Content-Length header is checked first; bodies sent without one (chunked) are
    counted as they stream, so an oversized upload never lands on disk in full.
    """

    def __init__(self, app: ASGIApp, *, upload_limit: int, other_limit: int,
                 upload_prefix: str) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.other_limit = other_limit
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope["path"].startswith(self.upload_prefix)
        limit = self.upload_limit if is_upload else self.other_limit
        too_large = ApiError(
            413,
            f"the request body is over the limit of {limit / 1_048_576:.1f} MiB",
            "send fewer or smaller files per request" if is_upload else "send a smaller body",
        )
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    response = JSONResponse(_body(too_large.detail, too_large.fix), 413)
                    await response(scope, receive, send)
                    return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large
            return message

        await self.app(scope, counted, send)


class SecurityHeadersMiddleware:
    """Headers that keep the page and the API from being framed, sniffed or fed scripts."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (
            b"content-security-policy",
            b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            b"base-uri 'none'; form-action 'self'",
        ),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in self.HEADERS if k not in present
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
