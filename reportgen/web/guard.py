"""ASGI middlewares that guard every request: body size, cross-site POSTs, response headers.

* :class:`BodyLimit` refuses a body larger than the limit *before* reading it when the
  Content-Length says so, and stops reading as soon as a streamed body goes past it.
* :class:`CrossSite` refuses state-changing requests from another site: ``Sec-Fetch-Site``
  must be ``same-origin`` or ``none``; without it (plain ``http://`` intranet addresses do not
  get Fetch Metadata) the ``Origin`` must be our own. Requests with neither header are not
  from a browser form and pass (as Go's ``http.CrossOriginProtection`` does).
* :class:`Headers` adds CSP, nosniff, frame and referrer policies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import Headers as RequestHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "CrossSite", "Headers", "TooLarge"]

Refusal = Callable[[Scope, int], Awaitable[tuple[int, bytes]]]
_SAFE = {"GET", "HEAD", "OPTIONS"}


class TooLarge(Exception):
    """The body went past the limit while it was being read."""


async def _send_page(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 with a Vietnamese page for bodies over ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int, page: Callable[[int], bytes]) -> None:
        self.app = app
        self.limit = limit
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = RequestHeaders(scope=scope).get("content-length")
        try:
            declared = int(length) if length is not None else None
        except ValueError:
            declared = None
        if declared is not None and (declared < 0 or declared > self.limit):
            await _send_page(send, 413, self.page(self.limit))
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TooLarge:
            if not started:
                await _send_page(send, 413, self.page(self.limit))


class CrossSite:
    """403 with a Vietnamese page for a state-changing request from another site."""

    def __init__(self, app: ASGIApp, page: Callable[[], bytes]) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in _SAFE and not _same_site(scope):
            await _send_page(send, 403, self.page())
            return
        await self.app(scope, receive, send)


def _same_site(scope: Scope) -> bool:
    headers = RequestHeaders(scope=scope)
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return True
    host = headers.get("host", "")
    scheme = scope.get("scheme", "http")
    return origin in (f"{scheme}://{host}", f"https://{host}", f"http://{host}") and bool(host)


class Headers:
    """Security headers on every response; HTML pages are not cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra: list[tuple[bytes, bytes]] = [
                    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]  # fmt: skip
                names = {k.lower() for k, _ in message.get("headers", [])}
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def client_address(scope: MutableMapping[str, Any]) -> str:
    """The client's address as the server saw it (uvicorn --proxy-headers fills it behind nginx)."""
    client = scope.get("client")
    return str(client[0]) if client else ""
