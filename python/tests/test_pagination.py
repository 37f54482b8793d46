"""Iteration over cursor pages: which operations have a cursor comes from the contract."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from _support import Recorder, RecordingTransport, ReferenceServer

from novavms import OPERATIONS, AsyncClient, Client


def test_the_list_operations_with_a_cursor_are_the_ones_the_contract_gives_a_cursor() -> None:
    paginated = {op.method_name for op in OPERATIONS.values() if op.pagination is not None}
    with_cursor = {
        op.method_name for op in OPERATIONS.values() if any(a.wire_name == "cursor" and a.location == "query" for a in op.arguments)
    }
    assert paginated == with_cursor
    assert paginated == {"list_cameras", "list_audit_events", "list_service_accounts", "list_service_account_keys"}
    for name in paginated:
        assert name is not None and hasattr(Client, "paginate_" + name.removeprefix("list_"))


def test_paginate_cameras_walks_every_page_with_each_next_cursor(server: ReferenceServer) -> None:
    recorder = Recorder()
    client = Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder))
    everything = client.list_cameras(limit=100)
    assert everything["next_cursor"] is None
    walked = list(client.paginate_cameras(limit=1))
    assert walked == everything["data"] and len(walked) >= 3
    pages = recorder.sent[1:]
    assert len(pages) == len(walked)
    assert "cursor" not in pages[0].url and all("cursor=" in p.url for p in pages[1:])


def test_generic_paginate_over_a_list_method_with_its_keyword_arguments(server: ReferenceServer) -> None:
    admin = Client(base_url=server.url)
    admin.auth.login(email=server.demo.admin_email, password=server.demo.password)
    for n in range(3):
        admin.create_service_account_key(service_account_id="sa_siem01", mode="test", name=f"key {n}")
    keys = list(admin.paginate(admin.list_service_account_keys, service_account_id="sa_siem01", limit=2))
    assert keys == admin.list_service_account_keys(service_account_id="sa_siem01", limit=100)["data"]
    assert len(keys) >= 5
    assert list(admin.paginate_service_account_keys(service_account_id="sa_siem01", limit=3)) == keys


def test_paginate_refuses_what_is_not_a_list_method_of_this_client(server: ReferenceServer) -> None:
    client = Client(api_key=server.demo.live_key, base_url=server.url)
    other = Client(api_key=server.demo.live_key, base_url=server.url)
    with pytest.raises(TypeError, match="list_cameras"):
        client.paginate(client.get_camera, camera_id="cam_lobby01")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="list_cameras"):
        client.paginate(other.list_cameras)
    with pytest.raises(TypeError, match="keyword"):
        client.paginate(client.list_cameras, 5)  # type: ignore[call-overload]


def _pages_in_turn(pages: list[dict[str, object]]) -> tuple[httpx.MockTransport, list[str]]:
    """A transport answering `pages` in turn (the last one again and again, at most 20 times), and the URLs asked."""
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if len(asked) >= 20:
            raise AssertionError("asked for a 21st page")
        asked.append(str(request.url))
        return httpx.Response(200, json=pages[min(len(asked) - 1, len(pages) - 1)])

    return httpx.MockTransport(answer), asked


_CYCLE = [
    {"data": [{"id": "cam_1"}], "next_cursor": "c1"},
    {"data": [{"id": "cam_2"}], "next_cursor": "c2"},
    {"data": [{"id": "cam_3"}], "next_cursor": "c1"},
]


def test_paginate_stops_when_the_server_hands_out_a_cursor_it_gave_before() -> None:
    transport, asked = _pages_in_turn(_CYCLE)
    client = Client(api_key="sk_test_abc123", base_url="http://novavms.test", transport=transport)
    seen: list[str] = []
    with pytest.raises(RuntimeError, match="cursor it had given before"):
        for camera in client.paginate_cameras():
            seen.append(camera["id"])
    assert seen == ["cam_1", "cam_2", "cam_3"]
    assert len(asked) == 3


def test_async_paginate_stops_when_the_server_hands_out_a_cursor_it_gave_before() -> None:
    transport, asked = _pages_in_turn(_CYCLE)

    async def walk() -> list[str]:
        seen: list[str] = []
        async with AsyncClient(api_key="sk_test_abc123", base_url="http://novavms.test", transport=transport) as client:
            with pytest.raises(RuntimeError, match="cursor it had given before"):
                async for camera in client.paginate_cameras():
                    seen.append(camera["id"])
        return seen

    assert asyncio.run(walk()) == ["cam_1", "cam_2", "cam_3"]
    assert len(asked) == 3
