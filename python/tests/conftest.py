"""One reference server for the whole test session, reset to its seeded state before each test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from _support import ReferenceServer

from novavms import DEFAULT_SERVER_URL


@pytest.fixture(scope="session")
def server() -> Iterator[ReferenceServer]:
    running = ReferenceServer()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(autouse=True)
def _fresh_server(request: pytest.FixtureRequest) -> None:
    if "server" in request.fixturenames:
        request.getfixturevalue("server").reset()


@pytest.fixture
def production_routed(server: ReferenceServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Sends what is addressed to the production server (the contract's default) to the reference
    server instead, as a hosts entry would: code runs as written, with its default URL. Returns
    the URLs as the code addressed them."""
    production = httpx.URL(DEFAULT_SERVER_URL)
    local = httpx.URL(server.url)
    addressed: list[str] = []
    sync_handle = httpx.HTTPTransport.handle_request
    async_handle = httpx.AsyncHTTPTransport.handle_async_request

    def route(request: httpx.Request) -> None:
        addressed.append(str(request.url))
        if request.url.host == production.host:
            request.url = request.url.copy_with(scheme=local.scheme, host=local.host, port=local.port)
            request.headers["Host"] = local.netloc.decode()

    def handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        route(request)
        return sync_handle(self, request)

    async def handle_async(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        route(request)
        return await async_handle(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async)
    return addressed
