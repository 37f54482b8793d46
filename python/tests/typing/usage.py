"""How the client type-checks for its users, under `mypy --strict` with `warn_unused_ignores`.
Each line marked `# type: ignore[code]` must be an error of exactly that code; every other line
must check clean. Never run: mypy reads it."""

from __future__ import annotations

from typing import Literal, assert_type

from novavms import (
    AsyncClient,
    Client,
    ErrorCode,
    MemoryTokenStore,
    NovaVmsError,
    SessionEndReason,
    SessionInfo,
    StoredSession,
    models,
)


def service_account() -> None:
    novavms = Client(api_key="sk_live_abc123")
    page = novavms.list_cameras(limit=50)
    assert_type(page, models.CameraList)
    camera = page["data"][0]
    assert_type(camera["status"], Literal["online", "offline"])
    name: str = camera["name"]
    site: str = camera.get("site", "")
    cursor: str | None = page["next_cursor"]
    novavms.list_cameras(limit="50")  # type: ignore[arg-type]
    novavms.list_cameras(50)  # type: ignore[misc]
    novavms.list_cameras(bogus=1)  # type: ignore[call-arg]
    novavms.get_camera()  # type: ignore[call-arg]
    camera["nope"]  # type: ignore[typeddict-item]
    count: int = camera["name"]  # type: ignore[assignment]
    me = novavms.get_current_principal()
    if me["kind"] == "servicе":  # type: ignore[comparison-overlap]
        pass
    novavms.revoke_service_account_key(service_account_id="sa_siem01", key_id="key_1")
    nothing: None = novavms.revoke_service_account_key(  # type: ignore[func-returns-value]
        service_account_id="sa_siem01", key_id="key_1"
    )
    novavms.create_service_account(name="SIEM", role="auditor")
    novavms.create_service_account(name="SIEM", role="owner")  # type: ignore[arg-type]
    print(name, site, cursor, count, nothing)


def session(store: MemoryTokenStore) -> None:
    ends: list[SessionEndReason] = []
    app = Client(base_url="http://localhost:4010", store=store, user_agent="AcmeBridge/2.1", on_session_end=ends.append)
    info = app.auth.login(email="ops@example.com", password="CorrectHorseBattery!", remember_me=False)
    assert_type(info, SessionInfo)
    app.auth.login(email="ops@example.com")  # type: ignore[call-arg]
    for camera in app.paginate_cameras(limit=10):
        assert_type(camera, models.Camera)
    for event in app.paginate(app.list_audit_events, limit=10):
        assert_type(event, models.AuditEvent)
    for key in app.paginate(app.list_service_account_keys, service_account_id="sa_siem01"):
        assert_type(key, models.ApiKey)
    app.paginate(app.list_cameras, limit="x")  # type: ignore[arg-type]
    app.paginate(app.get_camera, camera_id="cam_lobby01")  # type: ignore[arg-type]
    app.paginate_service_account_keys()  # type: ignore[call-arg]


def pick_one_per_integration() -> None:
    Client(api_key="sk_live_abc123", store=MemoryTokenStore())  # type: ignore[call-overload]
    Client(api_key="sk_live_abc123", user_agent="AcmeBridge/2.1")  # type: ignore[call-overload]
    Client(on_session_end=lambda reason: None)
    Client(on_session_end=lambda reason, extra: None)  # type: ignore[arg-type, misc]


class FileStore:
    """A store of the application's own: anything with get, set and clear."""

    def get(self) -> StoredSession | None:
        return None

    def set(self, session: StoredSession) -> None:
        pass

    def clear(self) -> None:
        pass


class WrongStore:
    def get(self) -> str:
        return ""

    def set(self, session: StoredSession) -> None:
        pass

    def clear(self) -> None:
        pass


def stores() -> None:
    Client(store=FileStore())
    Client(store=WrongStore())  # type: ignore[call-overload]
    AsyncClient(store=FileStore())  # type: ignore[call-overload]


def errors() -> None:
    try:
        Client(api_key="sk_test_abc").list_audit_events()
    except NovaVmsError as error:
        assert_type(error.code, ErrorCode)
        status: int = error.status
        request_id: str | None = error.request_id
        retry_after: int | None = error.retry_after
        if error.problem is not None:
            detail: str | None = error.problem.get("detail")
            print(detail)
        if error.code == "NOT_FOUND":
            pass
        if error.code == "NOT_A_CODE":  # type: ignore[comparison-overlap]
            pass
        print(status, request_id, retry_after)
    code: ErrorCode = "TOKEN_EXPIRED"
    wrong: ErrorCode = "TOKEN_EXPIRD"  # type: ignore[assignment]
    print(code, wrong)


async def asynchronous() -> None:
    async with AsyncClient(api_key="sk_live_abc123") as novavms:
        page = await novavms.list_cameras(limit=50)
        assert_type(page, models.CameraList)
        not_awaited: models.CameraList = novavms.list_cameras()  # type: ignore[assignment, misc]
        async for camera in novavms.paginate_cameras():
            assert_type(camera, models.Camera)
        for nope in novavms.paginate_cameras():  # type: ignore[attr-defined]
            print(nope)
        print(not_awaited)
    app = AsyncClient()
    await app.auth.login(email="ops@example.com", password="CorrectHorseBattery!")
