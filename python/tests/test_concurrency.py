"""Exactly one refresh at a time: 20 threads on one Client, and 20 tasks on one AsyncClient,
all calling with an expired access token, succeed through one refresh, and the session lives on
(two refreshes of one token would end it: reuse detection)."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from _support import AsyncRecordingStore, AsyncRecordingTransport, Recorder, RecordingStore, RecordingTransport, ReferenceServer

from novavms import LIFETIMES, AsyncClient, Client, SessionEndReason, models

ACCESS = LIFETIMES["UserAccessToken"].default_seconds
assert ACCESS is not None
CALLERS = 20


def test_20_threads_with_an_expired_access_token_all_succeed_through_exactly_one_refresh(server: ReferenceServer) -> None:
    recorder = Recorder()
    store = RecordingStore()
    ends: list[SessionEndReason] = []
    app = Client(base_url=server.url, store=store, on_session_end=ends.append, transport=RecordingTransport(recorder))
    app.auth.login(email=server.demo.owner_email, password=server.demo.password)
    server.advance(ACCESS + 1)

    start = threading.Barrier(CALLERS)

    def call(_: int) -> models.CameraList:
        start.wait()
        return app.list_cameras(limit=5)

    with ThreadPoolExecutor(CALLERS) as pool:
        pages = list(pool.map(call, range(CALLERS)))

    assert len(pages) == CALLERS and all(page["data"] for page in pages)
    assert recorder.count("refreshSession") == 1
    # A call that left with the expired token was refused and sent again with the new one; a
    # thread that started after the refresh sent the new token at once.
    sent = recorder.authorizations("listCameras")
    expired = sent[0]
    with_expired = sent.count(expired)
    assert 1 <= with_expired <= CALLERS
    assert len(sent) == CALLERS + with_expired
    assert len(set(sent) - {expired}) == 1  # one new access token for every call sent again
    assert len(store.writes) == 2  # the login, and the one refresh
    assert ends == []
    # The session survives: the rotated refresh token still refreshes.
    server.advance(ACCESS + 1)
    assert app.get_current_principal()["kind"] == "user"
    assert recorder.count("refreshSession") == 2 and ends == []


def test_20_tasks_on_an_async_client_with_an_expired_access_token_all_succeed_through_exactly_one_refresh(
    server: ReferenceServer,
) -> None:
    async def scenario() -> None:
        recorder = Recorder()
        store = AsyncRecordingStore()
        ends: list[SessionEndReason] = []
        async with AsyncClient(
            base_url=server.url, store=store, on_session_end=ends.append, transport=AsyncRecordingTransport(recorder)
        ) as app:
            await app.auth.login(email=server.demo.owner_email, password=server.demo.password)
            server.advance(ACCESS + 1)
            pages = await asyncio.gather(*(app.list_cameras(limit=5) for _ in range(CALLERS)))
            assert len(pages) == CALLERS and all(page["data"] for page in pages)
            assert recorder.count("refreshSession") == 1
            sent = recorder.authorizations("listCameras")
            with_expired = sent.count(sent[0])
            assert 1 <= with_expired <= CALLERS and len(sent) == CALLERS + with_expired
            assert len(store.writes) == 2
            assert ends == []
            server.advance(ACCESS + 1)
            assert (await app.get_current_principal())["kind"] == "user"
            assert recorder.count("refreshSession") == 2 and ends == []

    asyncio.run(scenario())


def test_20_threads_whose_session_the_server_ended_all_get_its_error_and_it_is_reported_once(
    server: ReferenceServer,
) -> None:
    """The calls waiting on a refresh that ended the session raise its error; on_session_end runs once."""
    store = RecordingStore()
    ends: list[SessionEndReason] = []
    recorder = Recorder()
    app = Client(base_url=server.url, store=store, on_session_end=ends.append, transport=RecordingTransport(recorder))
    app.auth.login(email=server.demo.owner_email, password=server.demo.password)
    refresh = LIFETIMES["RefreshToken"].default_seconds
    assert refresh is not None
    server.advance(refresh + 1)
    start = threading.Barrier(CALLERS)

    def call(_: int) -> str:
        start.wait()
        try:
            app.list_cameras()
        except Exception as error:  # noqa: BLE001 - the code is what the test compares
            return getattr(error, "code", repr(error))
        return "succeeded"

    with ThreadPoolExecutor(CALLERS) as pool:
        codes = list(pool.map(call, range(CALLERS)))
    assert set(codes) <= {"SESSION_EXPIRED", "AUTHENTICATION_REQUIRED"}
    assert "SESSION_EXPIRED" in codes
    assert ends == ["SESSION_EXPIRED"]
    assert recorder.count("refreshSession") == 1
    assert store.get() is None
