"""AsyncClient against the reference server: both modes, login, expiry through the mock clock
and transparent refresh, the end of a session, pagination with `async for`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
from _support import AsyncRecordingStore, AsyncRecordingTransport, Recorder, ReferenceServer

from novavms import LIFETIMES, OPERATIONS, AsyncClient, NovaVmsError, SessionEndReason

ACCESS = LIFETIMES["UserAccessToken"].default_seconds
REFRESH = LIFETIMES["RefreshToken"].default_seconds
assert ACCESS is not None and REFRESH is not None


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())  # type: ignore[arg-type]


def call(operation_id: str) -> str:
    operation = OPERATIONS[operation_id]  # type: ignore[index]
    return f"{operation.http_method} {operation.path}"


def test_service_account_mode(server: ReferenceServer) -> None:
    async def scenario() -> None:
        recorder = Recorder()
        async with AsyncClient(api_key=server.demo.live_key, base_url=server.url, transport=AsyncRecordingTransport(recorder)) as client:
            me = await client.get_current_principal()
            assert me["kind"] == "service_account"
            page = await client.list_cameras(limit=2)
            assert page["data"]
        assert {s.authorization for s in recorder.sent} == {f"Bearer {server.demo.live_key}"}

    run(scenario)


def test_logs_in_calls_and_refreshes_transparently_once_the_access_token_has_expired(server: ReferenceServer) -> None:
    async def scenario() -> None:
        recorder = Recorder()
        ends: list[SessionEndReason] = []
        store = AsyncRecordingStore()
        async with AsyncClient(
            base_url=server.url, store=store, on_session_end=ends.append, transport=AsyncRecordingTransport(recorder)
        ) as app:
            await app.auth.login(email=server.demo.owner_email, password=server.demo.password)
            assert (await app.get_current_principal())["email"] == server.demo.owner_email
            server.advance(ACCESS + 1)
            assert (await app.list_cameras())["data"]
            assert recorder.calls() == [
                call("loginWithPassword"),
                call("getCurrentPrincipal"),
                call("listCameras"),
                call("refreshSession"),
                call("listCameras"),
            ]
            assert len(store.writes) == 2 and ends == []
            await app.auth.logout()
            assert await store.get() is None and ends == []

    run(scenario)


def test_refreshes_before_the_call_when_its_own_clock_says_the_token_is_about_to_expire(
    server: ReferenceServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        recorder = Recorder()
        async with AsyncClient(base_url=server.url, transport=AsyncRecordingTransport(recorder)) as app:
            await app.auth.login(email=server.demo.owner_email, password=server.demo.password)
            early = ACCESS - 30
            server.advance(early)
            real = time.time
            monkeypatch.setattr(time, "time", lambda: real() + early)
            await app.list_cameras()
            assert recorder.calls() == [call("loginWithPassword"), call("refreshSession"), call("listCameras")]

    run(scenario)


def test_ends_the_session_once_and_clears_the_store(server: ReferenceServer) -> None:
    async def scenario() -> None:
        ends: list[SessionEndReason] = []
        store = AsyncRecordingStore()
        async with AsyncClient(base_url=server.url, store=store, on_session_end=ends.append) as app:
            await app.auth.login(email=server.demo.owner_email, password=server.demo.password)
            server.advance(REFRESH + 1)
            results = await asyncio.gather(*(app.list_cameras() for _ in range(5)), return_exceptions=True)
            assert {getattr(r, "code", None) for r in results} == {"SESSION_EXPIRED"}
            assert all(isinstance(r, NovaVmsError) for r in results)
            assert ends == ["SESSION_EXPIRED"] and await store.get() is None

    run(scenario)


def test_paginates_with_async_for(server: ReferenceServer) -> None:
    async def scenario() -> None:
        async with AsyncClient(api_key=server.demo.live_key, base_url=server.url) as client:
            everything = (await client.list_cameras(limit=100))["data"]
            walked = [camera async for camera in client.paginate_cameras(limit=1)]
            generic = [camera async for camera in client.paginate(client.list_cameras, limit=2)]
            assert walked == generic == everything and len(everything) > 2

    run(scenario)


def test_a_refused_login_is_a_typed_error(server: ReferenceServer) -> None:
    async def scenario() -> None:
        async with AsyncClient(base_url=server.url) as app:
            with pytest.raises(NovaVmsError) as raised:
                await app.auth.login(email=server.demo.owner_email, password="wrong password")
            assert raised.value.code == "INVALID_CREDENTIALS"
        with pytest.raises(ValueError, match="Pick one per integration"):
            await AsyncClient(api_key="sk_live_abc123").auth.login(email="a@b.c", password="x")

    run(scenario)
