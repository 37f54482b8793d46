"""The client's logic, written once for Client and AsyncClient: building requests from the
operations table, putting the credential on them, and owning a user session (login, refresh
before expiry or after 401 TOKEN_EXPIRED with the call sent again, logout, the end of a
session). It does no I/O itself: each step is a generator that yields commands (send this
request, read or write the store, run this under the refresh lock, tell the application the
session ended), and a driver runs them, with threads in Client and with asyncio in AsyncClient.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, TypeAlias, TypeVar, cast
from urllib.parse import quote

import httpx

from ._base import Omit
from ._contract import ERRORS, LIFETIMES, OPERATIONS, SESSION_ENDING_CODES, Operation, SessionEndReason
from ._errors import ErrorAnswer, NovaVmsError, problem_code
from ._store import StoredSession
from .models import LoginRequest, TokenResponse

_T = TypeVar("_T")

# --------------------------------------------------------------------------------------------
# Commands a flow yields; the driver answers each (a Response, the stored session, a result).


@dataclass(frozen=True, slots=True)
class Send:
    """Send a request; the answer is the httpx.Response (transport errors are raised into the flow)."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    content: bytes | None

    def authorized(self, credential: str) -> Send:
        return replace(self, headers={**self.headers, "Authorization": f"Bearer {credential}"})


@dataclass(frozen=True, slots=True)
class StoreGet:
    """Read the store; the answer is the StoredSession or None."""


@dataclass(frozen=True, slots=True)
class StoreSet:
    """Write a session to the store."""

    session: StoredSession


@dataclass(frozen=True, slots=True)
class StoreClear:
    """Clear the store."""


@dataclass(frozen=True, slots=True)
class Locked:
    """Run `flow` holding the client's refresh lock; the answer is its result. Such a flow never
    asks for the lock again."""

    flow: Generator[Command, Any, Any]


@dataclass(frozen=True, slots=True)
class Notify:
    """Call the application's on_session_end, outside the lock, once per ended session."""

    reason: SessionEndReason


Command: TypeAlias = Send | StoreGet | StoreSet | StoreClear | Locked | Notify
Flow: TypeAlias = Generator[Command, Any, _T]


def _send(request: Send) -> Flow[httpx.Response]:
    response: httpx.Response = yield request
    return response


def _store_get() -> Flow[StoredSession | None]:
    stored: StoredSession | None = yield StoreGet()
    return stored


# --------------------------------------------------------------------------------------------
# Requests from the operations table


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a datetime sent to the API must carry its time zone (for example timezone.utc)")
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    raise TypeError(f"cannot send a value of type {type(value).__name__} as JSON")


def _json_bytes(body: object) -> bytes:
    return json.dumps(body, default=_encode, ensure_ascii=False, separators=(",", ":")).encode()


def _query_value(name: str, value: object) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, datetime):
        return [cast(str, _encode(value))]
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _query_value(name, item)]
    raise TypeError(f"{name} cannot be {type(value).__name__}")


def build_request(operation: Operation, arguments: Mapping[str, object]) -> Send:
    """The request of an operation called with these keyword arguments (without a credential)."""
    where = operation.method_name or operation.operation_id
    path = operation.path
    params: list[tuple[str, str]] = []
    headers = {"Accept": "application/json"}
    body: dict[str, object] = {}
    for argument in operation.arguments:
        value = arguments.get(argument.name)
        if isinstance(value, Omit) or (value is None and not argument.nullable):
            if argument.required:
                raise TypeError(f"{where}() needs {argument.name}")
            continue
        if argument.location == "path":
            if not isinstance(value, str) or value == "":
                raise TypeError(f"{where}(): {argument.name} must be a non-empty string")
            path = path.replace("{" + argument.wire_name + "}", quote(value, safe=""))
        elif argument.location == "query":
            params.extend((argument.wire_name, v) for v in _query_value(argument.name, value))
        elif argument.location == "header":
            if not isinstance(value, str) or "\r" in value or "\n" in value:
                raise TypeError(f"{where}(): {argument.name} must be a single-line string")
            headers[argument.wire_name] = value
        else:
            body[argument.wire_name] = value
    content = _json_bytes(body) if body or operation.body_required else None
    if content is not None:
        headers["Content-Type"] = "application/json"
    return Send(method=operation.http_method, path=path, params=tuple(params), headers=headers, content=content)


def result_of(operation: Operation, response: httpx.Response) -> Any:
    """The parsed body of a successful answer (None when it has none); a NovaVmsError otherwise."""
    if not response.is_success:
        raise NovaVmsError.from_response(response)
    if not operation.returns_body or not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        raise NovaVmsError(
            code="INTERNAL_ERROR",
            status=response.status_code,
            message=f"{response.status_code}: the answer of {operation.operation_id} is not JSON",
        ) from None


# --------------------------------------------------------------------------------------------
# The session


def _now() -> float:
    # Read through the module so that a test can move the client's clock.
    return time.time()


def _longest_access_lifetime() -> int:
    lifetime = LIFETIMES["UserAccessToken"]
    seconds = [s for s in (lifetime.default_seconds, lifetime.remember_me_seconds) if s is not None]
    if not seconds:
        raise RuntimeError("the contract gives access tokens no lifetime")
    return max(seconds)


_ACCESS_LIFETIME = _longest_access_lifetime()
# Refresh a minute before the access token expires, or a tenth of its life when that is
# shorter, so that a call never leaves with a token about to die.
_REFRESH_MARGIN = min(60.0, _ACCESS_LIFETIME / 10)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What a login established. The tokens themselves stay in the client and its store."""

    access_token_expires_at: datetime
    """When the access token expires (the client refreshes it a little before)."""
    refresh_token_expires_at: datetime
    """When the refresh token expires unless it is rotated first."""


@dataclass(frozen=True, slots=True)
class TokenGrant:
    token: str
    generation: int


@dataclass(frozen=True, slots=True)
class FailedGrant:
    answer: ErrorAnswer


Grant: TypeAlias = TokenGrant | FailedGrant | None
"""The credential of a call: a token, the error the call must raise, or none (no session)."""


@dataclass(frozen=True, slots=True)
class _Ended:
    generation: int
    answer: ErrorAnswer


@dataclass(frozen=True, slots=True)
class _State:
    """One snapshot, replaced as a whole, so that a reader on another thread never sees half a change."""

    generation: int = 0
    """Bumped by every login, logout and end: answers for an older session are dropped."""
    loaded: bool = False
    current: StoredSession | None = None
    ended: _Ended | None = None


class _Notice:
    """Carries the reason of a session end out of a locked flow, so that it is told once, outside."""

    __slots__ = ("reason",)

    def __init__(self) -> None:
        self.reason: SessionEndReason | None = None


def _is_fresh(session: StoredSession) -> bool:
    return _now() < session.access_token_expires_at - _REFRESH_MARGIN


def _is_session_end(code: str | None) -> bool:
    return code in SESSION_ENDING_CODES


class Session:
    """Owns one user session: logs in, hands out access tokens, refreshes them with exactly one
    refresh at a time, stores each rotated refresh token before using it, and ends the session
    when the server says so."""

    def __init__(self) -> None:
        self._state = _State()

    # Flows that take the lock -------------------------------------------------------------

    def _under_lock(self, make: Callable[[_Notice], Flow[_T]]) -> Flow[_T]:
        notice = _Notice()
        try:
            result: _T = yield Locked(make(notice))
        except Exception:
            if notice.reason is not None:
                yield Notify(notice.reason)
            raise
        if notice.reason is not None:
            yield Notify(notice.reason)
        return result

    def login(self, email: str, password: str, remember_me: bool) -> Flow[SessionInfo]:
        return (yield from self._under_lock(lambda _: self._login_locked(email, password, remember_me)))

    def logout(self) -> Flow[None]:
        yield from self._under_lock(lambda _: self._logout_locked())

    def refresh(self) -> Flow[None]:
        grant = yield from self._under_lock(self._refresh_now_locked)
        if isinstance(grant, TokenGrant):
            return
        if isinstance(grant, FailedGrant):
            raise grant.answer.error()
        raise NovaVmsError(
            code="AUTHENTICATION_REQUIRED",
            status=ERRORS["AUTHENTICATION_REQUIRED"].status,
            message="There is no session to refresh: log in first.",
        )

    def fresh_grant(self) -> TokenGrant | None:
        """The access token when it is at hand and not close to expiry, without any I/O."""
        state = self._state
        if state.loaded and state.current is not None and _is_fresh(state.current):
            return TokenGrant(state.current.access_token, state.generation)
        return None

    def access_grant(self) -> Flow[Grant]:
        """The access token of a call about to leave, refreshed first when close to expiry."""
        grant = self.fresh_grant()
        if grant is not None:
            return grant
        return (yield from self._under_lock(self._access_locked))

    def renew_after_expiry(self, sent: TokenGrant) -> Flow[Grant]:
        """A new access token for a call refused with TOKEN_EXPIRED. Calls that fail together
        refresh once: the first holds the lock, the others then find its token in the store."""
        state = self._state
        if sent.generation != state.generation:
            return self._ended_for(sent.generation)
        if state.current is None:
            return None
        if state.current.access_token != sent.token:
            return (yield from self.access_grant())
        return (yield from self._under_lock(lambda notice: self._refresh_locked(notice, sent.token, sent.generation)))

    # Flows run under the lock ---------------------------------------------------------------

    def _login_locked(self, email: str, password: str, remember_me: bool) -> Flow[SessionInfo]:
        body: LoginRequest = {"email": email, "password": password, "client_type": "api", "remember_me": remember_me}
        operation = OPERATIONS["loginWithPassword"]
        response = yield from _send(build_request(operation, body))
        if not response.is_success:
            raise NovaVmsError.from_response(response)
        tokens = _token_response(response, operation)
        session = _session_from(tokens, response, operation)
        yield StoreSet(session)
        self._state = _State(generation=self._state.generation + 1, loaded=True, current=session)
        return SessionInfo(
            access_token_expires_at=datetime.fromtimestamp(session.access_token_expires_at, timezone.utc),
            refresh_token_expires_at=datetime.fromtimestamp(_now() + tokens["refresh_token_expires_in"], timezone.utc),
        )

    def _logout_locked(self) -> Flow[None]:
        stored = (yield from _store_get()) or self._state.current
        self._state = _State(generation=self._state.generation + 1)
        yield StoreClear()
        if stored is None:
            return
        response = yield from _send(build_request(OPERATIONS["logoutSession"], {}).authorized(stored.refresh_token))
        if response.is_success:
            return
        error = NovaVmsError.from_response(response)
        if not _is_session_end(error.code):
            raise error

    def _load(self) -> Flow[_State]:
        if not self._state.loaded:
            stored = yield from _store_get()
            self._state = replace(self._state, loaded=True, current=stored)
        return self._state

    def _access_locked(self, notice: _Notice) -> Flow[Grant]:
        state = yield from self._load()
        session = state.current
        if session is None:
            return None
        generation = state.generation
        if _is_fresh(session):
            return TokenGrant(session.access_token, generation)

        held: StoredSession = session

        def still_valid() -> bool:
            return self._state.current is held and _now() < held.access_token_expires_at

        try:
            grant = yield from self._refresh_locked(notice, session.access_token, generation)
        except Exception:
            # An early refresh that could not reach the server is no reason to fail a call
            # whose token still works; a later call tries again.
            if still_valid():
                return TokenGrant(session.access_token, generation)
            raise
        if isinstance(grant, FailedGrant) and still_valid():
            return TokenGrant(session.access_token, generation)
        return grant

    def _refresh_now_locked(self, notice: _Notice) -> Flow[Grant]:
        state = yield from self._load()
        stale = state.current.access_token if state.current is not None else None
        return (yield from self._refresh_locked(notice, stale, state.generation))

    def _refresh_locked(self, notice: _Notice, stale: str | None, generation: int) -> Flow[Grant]:
        # Read the store again under the lock: another call, or another client sharing the
        # store, may have refreshed (its token is then used as it is) or ended the session.
        stored = yield from _store_get()
        state = self._state
        if generation != state.generation:
            return self._ended_for(generation)
        if stored is None:
            if state.current is not None:
                yield from self._end(notice, "SESSION_REVOKED", None)
            return None
        if stored.access_token != stale and _is_fresh(stored):
            self._state = replace(state, loaded=True, current=stored)
            return TokenGrant(stored.access_token, generation)

        operation = OPERATIONS["refreshSession"]
        response = yield from _send(build_request(operation, {}).authorized(stored.refresh_token))
        if response.is_success:
            session = _session_from(_token_response(response, operation), response, operation)
            # Persist the rotated refresh token before anything uses the new tokens: the old
            # one is dead now, and losing the new one would lose the session.
            yield StoreSet(session)
            self._state = replace(self._state, loaded=True, current=session)
            return TokenGrant(session.access_token, generation)
        answer = ErrorAnswer.of(response)
        code = answer.problem["code"] if answer.problem is not None else None
        if code is not None and _is_session_end(code):
            yield from self._end(notice, cast(SessionEndReason, code), answer)
        return FailedGrant(answer)

    def _end(self, notice: _Notice, reason: SessionEndReason, answer: ErrorAnswer | None) -> Flow[None]:
        """Forgets the session; the application hears of it once, after the lock is released."""
        state = self._state
        self._state = _State(
            generation=state.generation + 1,
            ended=_Ended(state.generation, answer) if answer is not None else None,
        )
        notice.reason = reason
        yield StoreClear()

    def _ended_for(self, generation: int) -> Grant:
        """For a call of an older session: the error that ended it, or no credential."""
        ended = self._state.ended
        return FailedGrant(ended.answer) if ended is not None and ended.generation == generation else None


def _token_response(response: httpx.Response, operation: Operation) -> TokenResponse:
    try:
        tokens = json.loads(response.content)
    except ValueError:
        tokens = None
    if (
        not isinstance(tokens, dict)
        or not isinstance(tokens.get("access_token"), str)
        or not isinstance(tokens.get("expires_in"), int)
        or not isinstance(tokens.get("refresh_token_expires_in"), int)
    ):
        raise NovaVmsError(
            code="INTERNAL_ERROR",
            status=response.status_code,
            message=f"{response.status_code}: the answer of {operation.operation_id} is not a TokenResponse",
        )
    return cast(TokenResponse, tokens)


def _session_from(tokens: TokenResponse, response: httpx.Response, operation: Operation) -> StoredSession:
    refresh_token = tokens.get("refresh_token")
    if not isinstance(refresh_token, str):
        raise NovaVmsError(
            code="INTERNAL_ERROR",
            status=response.status_code,
            message=f"The answer of {operation.operation_id} has no refresh_token although the client "
            'logged in with client_type "api".',
        )
    lifetime = min(tokens["expires_in"], _ACCESS_LIFETIME)
    return StoredSession(
        access_token=tokens["access_token"],
        access_token_expires_at=_now() + lifetime,
        refresh_token=refresh_token,
    )


# --------------------------------------------------------------------------------------------
# A call


class NovaVmsDeprecationWarning(FutureWarning):
    """An operation the client called is deprecated: the contract marks it so, or the server's
    answer carries `Deprecation` (RFC 9745). Issued once per operation and client, pointing at the
    calling line; a FutureWarning, so shown by default. `warnings.filterwarnings("ignore",
    category=NovaVmsDeprecationWarning)` silences it."""


def _http_date(value: str | None) -> str | None:
    """The day of an HTTP-date (`Sunset`, RFC 8594) as YYYY-MM-DD, or the text itself."""
    if value is None:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(timezone.utc).date().isoformat()
    except (TypeError, ValueError):
        return value


def _structured_date(value: str) -> str:
    """The day of a structured-field date (`Deprecation: @1767225600`, RFC 9745), or the text itself."""
    text = value.strip()
    if text.startswith("@") and text[1:].lstrip("-").isdigit():
        try:
            return datetime.fromtimestamp(int(text[1:]), tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return value
    return value


def deprecation_notice(operation: Operation, headers: httpx.Headers | None) -> str | None:
    """What to tell a caller of `operation`, from the contract or the answer's headers; None if it is not deprecated."""
    what = f"{operation.operation_id} ({operation.http_method} {operation.path})"
    known = operation.deprecation
    if known is not None:
        return f"{what} is deprecated since {known.announced} and goes on {known.sunset}; use {known.replacement} instead."
    if headers is None or "Deprecation" not in headers:
        return None
    sunset = _http_date(headers.get("Sunset"))
    ending = f" and goes on {sunset}" if sunset else ""
    return f"{what} is deprecated since {_structured_date(headers['Deprecation'])}{ending} (the server says so)."


class Engine:
    """What a client does with a call: the request, its credential, and the one replay after a
    refresh when the access token had expired. It notes each deprecated operation once, for the
    client to warn about (`take_notices`)."""

    def __init__(self, api_key: str | None) -> None:
        self._api_key = api_key
        self.session = Session() if api_key is None else None
        self._noted: set[str] = set()
        self._notices: list[str] = []

    def take_notices(self) -> list[str]:
        """The deprecation notices not handed out yet."""
        notices, self._notices = self._notices, []
        return notices

    def _note(self, operation: Operation, headers: httpx.Headers | None) -> None:
        if operation.operation_id in self._noted:
            return
        notice = deprecation_notice(operation, headers)
        if notice is not None:
            self._noted.add(operation.operation_id)
            self._notices.append(notice)

    def call(self, operation: Operation, arguments: Mapping[str, object]) -> Flow[Any]:
        self._note(operation, None)
        request = build_request(operation, arguments)
        grant: Grant = None
        if operation.bearer:
            if self._api_key is not None:
                request = request.authorized(self._api_key)
            elif self.session is not None:
                grant = yield from self.session.access_grant()
                if isinstance(grant, FailedGrant):
                    raise grant.answer.error()
                if grant is not None:
                    request = request.authorized(grant.token)
        response = yield from _send(request)
        self._note(operation, response.headers)
        if isinstance(grant, TokenGrant) and self.session is not None and problem_code(response) == "TOKEN_EXPIRED":
            renewed = yield from self.session.renew_after_expiry(grant)
            if isinstance(renewed, FailedGrant):
                raise renewed.answer.error()
            if renewed is not None:
                response = yield from _send(request.authorized(renewed.token))
        return result_of(operation, response)
