"""User sessions of Client against the reference server: login, calls, expiry through the mock
clock, transparent refresh, rotation into the store, the end of a session, logout."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest
from _support import Log, Recorder, RecordingStore, RecordingTransport, ReferenceServer, path_of

from novavms import LIFETIMES, Client, MemoryTokenStore, NovaVmsError, SessionEndReason, TokenStore

ACCESS = LIFETIMES["UserAccessToken"].default_seconds
REFRESH = LIFETIMES["RefreshToken"].default_seconds
assert ACCESS is not None and REFRESH is not None


class Setup:
    def __init__(self, server: ReferenceServer, store: TokenStore | None = None, **options: object) -> None:
        self.recorder = Recorder()
        self.ends: list[SessionEndReason] = []
        self.store = store if store is not None else RecordingStore()
        self.app = Client(
            base_url=server.url,
            store=self.store,
            on_session_end=self.ends.append,
            transport=RecordingTransport(self.recorder),
            **options,  # type: ignore[arg-type]
        )
        self.server = server

    def login(self, remember_me: bool = False) -> None:
        self.app.auth.login(email=self.server.demo.owner_email, password=self.server.demo.password, remember_me=remember_me)


def call(operation_id: str) -> str:
    from novavms import OPERATIONS

    operation = OPERATIONS[operation_id]  # type: ignore[index]
    return f"{operation.http_method} {operation.path}"


def test_logs_in_calls_and_refreshes_transparently_once_the_access_token_has_expired(server: ReferenceServer) -> None:
    """'3. Refresh before the access token expires' — and once after 401 TOKEN_EXPIRED, the call sent again."""
    s = Setup(server)
    info = s.app.auth.login(email=server.demo.owner_email, password=server.demo.password, remember_me=False)
    assert (info.refresh_token_expires_at - info.access_token_expires_at).total_seconds() == pytest.approx(
        REFRESH - ACCESS, abs=5
    )
    me = s.app.get_current_principal()
    assert (me["kind"], me.get("email")) == ("user", server.demo.owner_email)

    server.advance(ACCESS + 1)
    page = s.app.list_cameras()
    assert isinstance(page["data"], list) and page["data"]
    assert s.recorder.calls() == [
        call("loginWithPassword"),
        call("getCurrentPrincipal"),
        call("listCameras"),
        call("refreshSession"),
        call("listCameras"),
    ]
    first, replayed = (x for x in s.recorder.sent if x.path == path_of("listCameras"))
    assert first.authorization != replayed.authorization
    assert s.ends == []


def test_refreshes_before_the_call_when_its_own_clock_says_the_token_is_about_to_expire(
    server: ReferenceServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Setup(server)
    s.login()
    early = ACCESS - 30
    server.advance(early)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + early)
    s.app.list_cameras()
    assert s.recorder.calls() == [call("loginWithPassword"), call("refreshSession"), call("listCameras")]


def test_does_not_refresh_while_the_access_token_is_fresh(server: ReferenceServer) -> None:
    s = Setup(server)
    s.login()
    for _ in range(3):
        s.app.list_cameras(limit=1)
    assert s.recorder.count("refreshSession") == 0


def test_stores_each_rotated_refresh_token_before_using_it_and_discards_the_old(server: ReferenceServer) -> None:
    """'The server rotates the refresh token on every refresh — store the new one and discard the old.'"""
    log = Log()
    recorder = Recorder(log)
    store = RecordingStore(log)
    app = Client(base_url=server.url, store=store, transport=RecordingTransport(recorder))
    app.auth.login(email=server.demo.owner_email, password=server.demo.password)
    for _ in range(2):
        server.advance(ACCESS + 1)
        app.list_cameras()
    refresh_tokens = [w.refresh_token for w in store.writes]
    access_tokens = [w.access_token for w in store.writes]
    assert len(set(refresh_tokens)) == 3  # login, then one per refresh: each a new one
    stored = store.get()
    assert stored is not None and stored.refresh_token == refresh_tokens[-1]

    events = log.events
    for n in (1, 2):
        written = events.index(("store", f"{refresh_tokens[n]} {access_tokens[n]}"))
        used = events.index(("request", f"GET {path_of('listCameras')} Bearer {access_tokens[n]}"))
        assert written < used, "the rotated tokens are stored before the call that uses them leaves"
    refreshes = [value for kind, value in events if kind == "request" and path_of("refreshSession") in value]
    assert refreshes == [f"POST {path_of('refreshSession')} Bearer {refresh_tokens[0]}", f"POST {path_of('refreshSession')} Bearer {refresh_tokens[1]}"]


def test_sends_a_post_again_after_the_refresh_with_its_body_intact(server: ReferenceServer) -> None:
    s = Setup(server)
    s.login()
    server.advance(ACCESS + 1)
    account = s.app.create_service_account(name="Ticketing bridge", role="viewer", description="Opens tickets")
    assert (account["name"], account["role"], account.get("description")) == ("Ticketing bridge", "viewer", "Opens tickets")
    posts = [x for x in s.recorder.sent if x.method == "POST" and x.path == path_of("createServiceAccount")]
    assert len(posts) == 2
    assert json.loads(posts[0].body) == json.loads(posts[1].body) == {
        "name": "Ticketing bridge",
        "role": "viewer",
        "description": "Opens tickets",
    }


def test_pins_the_user_agent_for_the_sessions_life(server: ReferenceServer) -> None:
    """'Refresh tokens are bound to the User-Agent string captured at login.'"""
    s = Setup(server, user_agent="AcmeBridge/2.1")
    s.login()
    server.advance(ACCESS + 1)
    s.app.list_cameras()
    s.app.auth.logout()
    assert [x.headers["User-Agent"] for x in s.recorder.sent] == ["AcmeBridge/2.1"] * 5
    default = Setup(server)
    default.login()
    assert default.recorder.sent[0].headers["User-Agent"] == "novavms-python/1 (session)"


def test_a_refresh_with_a_different_user_agent_returns_401_session_mismatch_and_the_user_must_re_login(
    server: ReferenceServer,
) -> None:
    """'A refresh attempt with a different User-Agent returns 401 SESSION_MISMATCH and the user must re-login.'"""
    store = MemoryTokenStore()
    original = Setup(server, store=store, user_agent="AcmeApp/1.0")
    original.login()
    other = Setup(server, store=store, user_agent="AcmeApp/2.0")
    server.advance(ACCESS + 1)
    with pytest.raises(NovaVmsError) as raised:
        other.app.list_cameras()
    assert (raised.value.code, raised.value.status) == ("SESSION_MISMATCH", 401)
    assert other.ends == ["SESSION_MISMATCH"]
    assert store.get() is None
    assert other.recorder.count("refreshSession") == 1 and other.recorder.count("listCameras") == 1
    # The server revoked the session: the original client cannot refresh it either.
    with pytest.raises(NovaVmsError):
        original.app.list_cameras()
    assert original.ends == ["SESSION_REVOKED"]
    other.login()
    assert other.app.list_cameras()["data"]


def test_ends_the_session_once_when_its_refresh_token_was_already_rotated_elsewhere(server: ReferenceServer) -> None:
    """Reuse detection: a rotated refresh token presented again revokes the session."""
    store = MemoryTokenStore()
    s = Setup(server, store=store)
    s.login()
    stolen = store.get()
    assert stolen is not None
    rotated = httpx.post(
        f"{server.url}{path_of('refreshSession')}",
        headers={"Authorization": f"Bearer {stolen.refresh_token}", "User-Agent": s.app.user_agent},
    )
    assert rotated.status_code == 200
    server.advance(ACCESS + 1)
    with pytest.raises(NovaVmsError) as raised:
        s.app.list_cameras()
    assert raised.value.code == "REFRESH_TOKEN_REUSED"
    # The session is forgotten: the next call goes without a credential, and ends nothing more.
    with pytest.raises(NovaVmsError) as raised:
        s.app.list_cameras()
    assert raised.value.code == "AUTHENTICATION_REQUIRED"
    assert s.ends == ["REFRESH_TOKEN_REUSED"]
    assert store.get() is None


def test_ends_the_session_with_session_expired_when_the_refresh_token_has_run_out(server: ReferenceServer) -> None:
    """'Refresh token ... 7 days' (remember_me false)."""
    s = Setup(server)
    s.login()
    server.advance(REFRESH + 1)
    with pytest.raises(NovaVmsError) as raised:
        s.app.list_cameras()
    assert raised.value.code == "SESSION_EXPIRED"
    assert s.ends == ["SESSION_EXPIRED"]
    assert s.store.get() is None


def test_a_remember_me_session_survives_past_seven_days(server: ReferenceServer) -> None:
    """'With remember_me: true ... 30 days.'"""
    s = Setup(server)
    s.login(remember_me=True)
    server.advance(REFRESH + 1)
    assert s.app.list_cameras()["data"]
    assert s.ends == []


def test_logs_out_the_server_revokes_the_session_and_the_client_forgets_it(server: ReferenceServer) -> None:
    store = RecordingStore()
    s = Setup(server, store=store)
    s.login()
    old = store.get()
    assert old is not None
    s.app.auth.logout()
    assert store.get() is None and s.ends == []
    assert s.recorder.sent[-1].authorization == f"Bearer {old.refresh_token}"
    again = httpx.post(
        f"{server.url}{path_of('refreshSession')}",
        headers={"Authorization": f"Bearer {old.refresh_token}", "User-Agent": s.app.user_agent},
    )
    assert again.status_code == 401
    # Without a session a call goes without a credential and the server asks for one.
    with pytest.raises(NovaVmsError) as raised:
        s.app.list_cameras()
    assert raised.value.code == "AUTHENTICATION_REQUIRED"


def test_resumes_a_persisted_session_in_a_new_client(server: ReferenceServer) -> None:
    store = MemoryTokenStore()
    first = Setup(server, store=store)
    first.login()
    second = Setup(server, store=store)
    assert second.app.get_current_principal()["kind"] == "user"
    server.advance(ACCESS + 1)
    assert second.app.list_cameras()["data"]
    assert second.recorder.count("loginWithPassword") == 0 and second.recorder.count("refreshSession") == 1


def test_a_session_another_client_logged_out_of_a_shared_store_ends_as_revoked(server: ReferenceServer) -> None:
    store = MemoryTokenStore()
    a = Setup(server, store=store)
    a.login()
    a.app.list_cameras()
    b = Setup(server, store=store)
    b.app.list_cameras()
    a.app.auth.logout()
    server.advance(ACCESS + 1)
    with pytest.raises(NovaVmsError):
        b.app.list_cameras()
    assert b.ends == ["SESSION_REVOKED"]


def test_refresh_now_and_refresh_without_a_session(server: ReferenceServer) -> None:
    s = Setup(server)
    with pytest.raises(NovaVmsError) as raised:
        s.app.auth.refresh()
    assert raised.value.code == "AUTHENTICATION_REQUIRED" and s.ends == []
    s.login()
    before = s.store.get()
    s.app.auth.refresh()
    after = s.store.get()
    assert before is not None and after is not None and before.refresh_token != after.refresh_token


def test_turns_a_refused_login_into_a_typed_error(server: ReferenceServer) -> None:
    s = Setup(server)
    with pytest.raises(NovaVmsError) as raised:
        s.app.auth.login(email=server.demo.owner_email, password="wrong password")
    error = raised.value
    assert (error.code, error.status, error.retry_after) == ("INVALID_CREDENTIALS", 401, None)
    assert error.problem is not None and error.problem["code"] == "INVALID_CREDENTIALS"
    assert "wrong password" not in str(error) and "wrong password" not in repr(error)
    assert s.store.get() is None


def test_a_rate_limited_login_carries_retry_after(server: ReferenceServer) -> None:
    from novavms._contract import OPERATIONS

    s = Setup(server)
    error: NovaVmsError | None = None
    for _ in range(20):
        try:
            s.app.auth.login(email=server.demo.viewer_email, password="wrong password")
        except NovaVmsError as failed:
            error = failed
            if failed.code == "RATE_LIMITED":
                break
    assert error is not None and error.code == "RATE_LIMITED" and error.status == 429
    assert error.retry_after is not None and error.retry_after > 0
    assert 429 in OPERATIONS["loginWithPassword"].statuses


def test_on_session_end_raising_is_logged_and_the_call_still_gets_the_error(
    server: ReferenceServer, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(reason: SessionEndReason) -> None:
        calls.append(reason)
        raise RuntimeError("the application's handler failed")

    store = MemoryTokenStore()
    app = Client(base_url=server.url, store=store, on_session_end=broken)
    app.auth.login(email=server.demo.owner_email, password=server.demo.password)
    server.advance(REFRESH + 1)
    with caplog.at_level(logging.ERROR, logger="novavms"), pytest.raises(NovaVmsError) as raised:
        app.list_cameras()
    assert raised.value.code == "SESSION_EXPIRED"
    assert calls == ["SESSION_EXPIRED"]
    assert "on_session_end raised" in caplog.text


def test_no_token_reaches_a_log_or_a_repr(server: ReferenceServer, caplog: pytest.LogCaptureFixture) -> None:
    store = MemoryTokenStore()
    with caplog.at_level(logging.DEBUG):
        app = Client(base_url=server.url, store=store)
        app.auth.login(email=server.demo.owner_email, password=server.demo.password)
        app.list_cameras()
    stored = store.get()
    assert stored is not None
    for secret in (stored.access_token, stored.refresh_token, server.demo.password):
        assert secret not in caplog.text
        assert secret not in repr(stored) and secret not in repr(app)
