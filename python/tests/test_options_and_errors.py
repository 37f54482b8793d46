"""The options a client refuses, its defaults, closing its pool, timeouts, and NovaVmsError for
answers that are and are not NovaVMS problems."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from _support import Recorder, RecordingTransport, ReferenceServer

from novavms import (
    DEFAULT_SERVER_URL,
    ERRORS,
    ERROR_CODES,
    KEY_PREFIXES,
    AsyncClient,
    AsyncMemoryTokenStore,
    Client,
    MemoryTokenStore,
    NovaVmsError,
    StoredSession,
    is_problem,
)


def test_defaults_to_the_first_server_of_the_contract() -> None:
    assert Client(api_key="sk_live_abc123").base_url == DEFAULT_SERVER_URL
    assert Client().base_url == DEFAULT_SERVER_URL
    assert "user session" in repr(Client()) and "service account" in repr(Client(api_key="sk_test_x1"))


def test_refuses_an_api_key_without_a_known_prefix_naming_the_prefixes_from_the_contract() -> None:
    for bad in ("", "abc", "pk_live_123", "sk_live_", "sk_live_abc 123", "sk_live_abc\n"):
        with pytest.raises(ValueError) as raised:
            Client(api_key=bad)
        for prefix in KEY_PREFIXES.values():
            assert prefix in str(raised.value)
        if bad.strip() and bad not in KEY_PREFIXES.values():
            assert bad.strip() not in str(raised.value), "the refused key is not echoed"


def test_refuses_bad_base_urls_user_agents_headers_and_stores() -> None:
    for url in ("localhost:4010", "ftp://example.com", "http://", "http://x/?a=1"):
        with pytest.raises(ValueError, match="base_url"):
            Client(base_url=url)
    for agent in ("", "  ", "Acme\r\nX-Evil: 1"):
        with pytest.raises(ValueError, match="user_agent"):
            Client(user_agent=agent)
    with pytest.raises(ValueError, match="Authorization"):
        Client(api_key="sk_live_abc123", headers={"authorization": "Bearer other"})
    with pytest.raises(ValueError, match="user_agent="):
        Client(headers={"User-Agent": "Acme/1"})
    assert Client(api_key="sk_live_abc123", headers={"User-Agent": "Acme/1"}).user_agent == "Acme/1"
    with pytest.raises(TypeError, match="store"):
        Client(store=AsyncMemoryTokenStore())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="store"):
        AsyncClient(store=MemoryTokenStore())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on_session_end"):
        Client(on_session_end="print")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Pick one per integration"):
        AsyncClient(api_key="sk_live_abc123", store=AsyncMemoryTokenStore())  # type: ignore[call-overload]


def test_the_context_manager_closes_the_connection_pool(server: ReferenceServer) -> None:
    with Client(api_key=server.demo.live_key, base_url=server.url) as client:
        client.list_cameras()
    with pytest.raises(RuntimeError, match="closed"):
        client.list_cameras()

    async def scenario() -> None:
        async with AsyncClient(api_key=server.demo.live_key, base_url=server.url) as aclient:
            await aclient.list_cameras()
        with pytest.raises(RuntimeError, match="closed"):
            await aclient.list_cameras()

    asyncio.run(scenario())


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_server_that_does_not_answer_raises_httpx_timeout(silent_server: str) -> None:
    with pytest.raises(httpx.TimeoutException):
        Client(api_key="sk_live_abc123", base_url=silent_server, timeout=0.2).list_cameras()

    async def scenario() -> None:
        with pytest.raises(httpx.TimeoutException):
            await AsyncClient(api_key="sk_live_abc123", base_url=silent_server, timeout=0.2).list_cameras()

    asyncio.run(scenario())


def test_login_over_a_dead_connection_raises_the_transport_error_and_stores_nothing(silent_server: str) -> None:
    store = MemoryTokenStore()
    with pytest.raises(httpx.TimeoutException):
        Client(base_url=silent_server, store=store, timeout=0.2).auth.login(email="ops@example.com", password="x")
    assert store.get() is None


def answering(status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers={"Content-Type": content_type, **(headers or {})})
    )


def test_carries_code_status_request_id_problem_and_retry_after_of_every_code_of_the_contract() -> None:
    for code in ERROR_CODES:
        status = ERRORS[code].status
        problem = {"type": ERRORS[code].type, "title": ERRORS[code].title, "status": status, "code": code, "request_id": "req_0123456789"}
        client = Client(
            api_key="sk_live_abc123",
            transport=answering(status, json.dumps(problem).encode(), "application/problem+json", {"Retry-After": "7"}),
        )
        with pytest.raises(NovaVmsError) as raised:
            client.list_cameras()
        error = raised.value
        assert (error.code, error.status, error.request_id, error.problem, error.retry_after) == (
            code,
            status,
            "req_0123456789",
            problem,
            7,
        )
        assert str(error) == f"{status} {code}: {ERRORS[code].title}"


def test_reports_an_answer_that_is_no_novavms_problem_as_internal_error_without_a_problem() -> None:
    gateway = Client(api_key="sk_live_abc123", transport=answering(502, b"<html>Bad gateway</html>", "text/html"))
    with pytest.raises(NovaVmsError) as raised:
        gateway.list_cameras()
    assert (raised.value.code, raised.value.status, raised.value.problem, raised.value.request_id) == (
        "INTERNAL_ERROR",
        502,
        None,
        None,
    )
    foreign = {"code": "SOMETHING_ELSE", "status": 418}
    assert not is_problem(foreign)
    other = Client(api_key="sk_live_abc123", transport=answering(418, json.dumps(foreign).encode(), "application/json"))
    with pytest.raises(NovaVmsError) as raised:
        other.list_cameras()
    assert raised.value.code == "INTERNAL_ERROR" and raised.value.problem is None


def test_a_success_that_is_not_json_is_a_clear_error() -> None:
    broken = Client(api_key="sk_live_abc123", transport=answering(200, b"not json", "application/json"))
    with pytest.raises(NovaVmsError, match="not JSON"):
        broken.list_cameras()


def test_retry_after_as_an_http_date() -> None:
    later = (datetime.now(timezone.utc) + timedelta(seconds=120)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    problem = {"type": "x", "title": "Too many requests", "status": 429, "code": "RATE_LIMITED", "request_id": "req_01234567"}
    client = Client(transport=answering(429, json.dumps(problem).encode(), "application/problem+json", {"Retry-After": later}))
    with pytest.raises(NovaVmsError) as raised:
        client.auth.login(email="ops@example.com", password="x")
    assert raised.value.retry_after is not None and 100 <= raised.value.retry_after <= 121


def test_datetimes_are_sent_as_rfc_3339_in_utc_and_naive_ones_are_refused(server: ReferenceServer) -> None:
    recorder = Recorder()
    admin = Client(base_url=server.url, transport=RecordingTransport(recorder))
    admin.auth.login(email=server.demo.admin_email, password=server.demo.password)
    expires = datetime(2099, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    created = admin.create_service_account_key(service_account_id="sa_siem01", mode="test", expires_at=expires)
    assert json.loads(recorder.sent[-1].body)["expires_at"] == "2099-01-02T01:04:05Z"
    assert created["key"]["expires_at"] is not None and created["key"]["expires_at"].startswith("2099-01-02T01:04:05")
    with pytest.raises(ValueError, match="time zone"):
        admin.create_service_account_key(service_account_id="sa_siem01", mode="test", expires_at=datetime(2099, 1, 1))


def test_rotation_without_a_body_and_with_an_overlap(server: ReferenceServer) -> None:
    recorder = Recorder()
    admin = Client(base_url=server.url, transport=RecordingTransport(recorder))
    admin.auth.login(email=server.demo.owner_email, password=server.demo.password)
    created = admin.create_service_account_key(service_account_id="sa_siem01", mode="test", name="rotated")
    rotated = admin.rotate_service_account_key(service_account_id="sa_siem01", key_id=created["key"]["id"])
    assert recorder.sent[-1].body == b""
    assert rotated["previous_key"]["id"] == created["key"]["id"] and rotated["secret"] != created["secret"]
    again = admin.rotate_service_account_key(service_account_id="sa_siem01", key_id=rotated["key"]["id"], overlap_seconds=60)
    assert json.loads(recorder.sent[-1].body) == {"overlap_seconds": 60}
    assert Client(api_key=rotated["secret"], base_url=server.url).list_cameras()["data"]  # still in its overlap
    assert again["previous_key"]["expires_at"] is not None


def test_stored_sessions_hide_their_tokens() -> None:
    session = StoredSession(access_token="eyJ.secret.jwt", access_token_expires_at=1.0, refresh_token="rt_secret")
    assert "secret" not in repr(session) and "secret" not in str(session)
