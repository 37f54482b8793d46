"""Deprecated operations: the client warns once per operation and client, at the calling line,
whether the contract marks the operation or only the server's answer says so (RFC 9745
`Deprecation`, RFC 8594 `Sunset`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import warnings

import httpx
import pytest

import novavms._client
from novavms import OPERATIONS, AsyncClient, Client, NovaVmsDeprecationWarning, NovaVmsError
from novavms._contract import Deprecation

PAGE = json.dumps({"data": [], "next_cursor": None}).encode()
# 2027-01-01T00:00:00Z as a structured-field date, and a Sunset HTTP-date.
DEPRECATED = {"Deprecation": "@1798761600", "Sunset": "Sun, 01 Aug 2027 00:00:00 GMT"}


def answering(status: int, headers: dict[str, str]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        if status == 200:
            return httpx.Response(200, content=PAGE, headers={"Content-Type": "application/json", **headers})
        problem = {"type": "about:blank", "title": "Not found", "status": status, "code": "NOT_FOUND", "request_id": "req_1"}
        return httpx.Response(
            status, content=json.dumps(problem).encode(), headers={"Content-Type": "application/problem+json", **headers}
        )

    return httpx.MockTransport(answer)


def caught(action: object) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert callable(action)
        action()
    return [w for w in seen if issubclass(w.category, NovaVmsDeprecationWarning)]


def test_warns_once_at_the_calling_line_when_the_answer_says_the_operation_is_deprecated() -> None:
    client = Client(api_key="sk_live_abc123", transport=answering(200, DEPRECATED))

    def twice() -> None:
        client.list_cameras()
        client.list_cameras()

    seen = caught(twice)
    assert len(seen) == 1
    assert str(seen[0].message) == (
        "listCameras (GET /api/v1/cameras) is deprecated since 2027-01-01 and goes on 2027-08-01 (the server says so)."
    )
    assert seen[0].filename == __file__
    # Another client warns again: each client reports what it calls.
    assert len(caught(Client(api_key="sk_live_abc123", transport=answering(200, DEPRECATED)).list_cameras)) == 1


def test_is_shown_by_default_and_can_be_silenced_by_its_category() -> None:
    assert issubclass(NovaVmsDeprecationWarning, FutureWarning)
    client = Client(api_key="sk_live_abc123", transport=answering(200, DEPRECATED))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=NovaVmsDeprecationWarning)
        client.list_cameras()
    assert seen == []


def test_warns_also_when_the_answer_is_an_error_and_says_nothing_without_deprecation() -> None:
    failing = Client(api_key="sk_live_abc123", transport=answering(404, {"Deprecation": "@1798761600"}))

    def call() -> None:
        with pytest.raises(NovaVmsError):
            failing.list_cameras()

    seen = caught(call)
    assert [str(w.message) for w in seen] == [
        "listCameras (GET /api/v1/cameras) is deprecated since 2027-01-01 (the server says so)."
    ]
    assert caught(Client(api_key="sk_live_abc123", transport=answering(200, {})).list_cameras) == []


def test_warns_from_the_contract_before_any_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    marked = dataclasses.replace(
        OPERATIONS["listCameras"], deprecation=Deprecation(announced="2027-01-01", sunset="2027-07-01", replacement="getCamera")
    )
    monkeypatch.setattr(novavms._client, "OPERATIONS", {**OPERATIONS, "listCameras": marked})

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = Client(api_key="sk_live_abc123", transport=httpx.MockTransport(refuse))

    def call() -> None:
        with pytest.raises(httpx.ConnectError):
            client.list_cameras()

    seen = caught(call)
    assert [str(w.message) for w in seen] == [
        "listCameras (GET /api/v1/cameras) is deprecated since 2027-01-01 and goes on 2027-07-01; use getCamera instead."
    ]
    assert seen[0].filename == __file__


def test_async_client_warns_once_at_the_awaiting_line() -> None:
    async def twice() -> None:
        async with AsyncClient(api_key="sk_live_abc123", transport=answering(200, DEPRECATED)) as client:
            await client.list_cameras()
            await client.list_cameras()

    seen = caught(lambda: asyncio.run(twice()))
    assert len(seen) == 1
    assert seen[0].filename == __file__
    assert "listCameras" in str(seen[0].message)


def test_an_unreadable_date_is_quoted_as_sent() -> None:
    odd = Client(api_key="sk_live_abc123", transport=answering(200, {"Deprecation": "soon", "Sunset": "later"}))
    assert [str(w.message) for w in caught(odd.list_cameras)] == [
        "listCameras (GET /api/v1/cameras) is deprecated since soon and goes on later (the server says so)."
    ]
