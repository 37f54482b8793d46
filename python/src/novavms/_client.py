"""Client and AsyncClient: the contract's operations as methods, with a service-account key or a
user session. Both run the same logic (`_session`); Client with threads and a threading.Lock,
AsyncClient with asyncio and an asyncio.Lock."""

from __future__ import annotations

import asyncio
import inspect
import logging
import platform
import threading
import warnings
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, TypeAlias, TypeVar, cast, overload
from urllib.parse import urlsplit

import httpx

from ._contract import DEFAULT_SERVER_URL, KEY_PREFIXES, OPERATIONS, OperationId, SessionEndReason
from ._operations import AsyncOperations, SyncOperations
from ._session import (
    Engine,
    NovaVmsDeprecationWarning,
    Flow,
    Locked,
    Notify,
    Send,
    Session,
    SessionInfo,
    StoreClear,
    StoreGet,
    StoreSet,
)
from ._store import AsyncMemoryTokenStore, AsyncTokenStore, MemoryTokenStore, TokenStore
from ._version import __version__

_T = TypeVar("_T")
_logger = logging.getLogger("novavms")

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
DEFAULT_TIMEOUT: Final = 30.0
"""Seconds a request may take to connect, send, or wait for each part of the answer."""

SessionEndCallback: TypeAlias = Callable[[SessionEndReason], None]

_MIXED = (
    "pass either api_key (a service account) or the session options store, user_agent and "
    'on_session_end (a signed-in user), not both. "Pick one per integration — do not mix." '
    "(Authenticate to the API)"
)


def default_user_agent() -> str:
    """The User-Agent of API-key calls: the client and Python versions, so that server logs tell
    integrations apart."""
    return f"novavms-python/{__version__} python/{platform.python_version()}"


def default_session_user_agent() -> str:
    """The default User-Agent of a user session. The server binds a session to the User-Agent of
    its login and ends it on any change, so this names only the major version: upgrading Python
    or the client within a major version keeps stored sessions."""
    return f"novavms-python/{__version__.split('.')[0]} (session)"


class _Options:
    """The checked options of a client."""

    def __init__(
        self,
        *,
        owner: str,
        api_key: object,
        base_url: object,
        session_options: bool,
        user_agent: object,
        on_session_end: object,
        headers: Mapping[str, str] | None,
    ) -> None:
        if api_key is not None and session_options:
            raise ValueError(f"{owner}: {_MIXED}")
        self.api_key = _check_api_key(owner, api_key) if api_key is not None else None
        self.base_url = _check_base_url(owner, DEFAULT_SERVER_URL if base_url is None else base_url)
        if on_session_end is not None and not callable(on_session_end):
            raise TypeError(f"{owner}: on_session_end must be a function taking the reason")
        extra = dict(headers or {})
        lowered = {name.lower() for name in extra}
        if "authorization" in lowered:
            raise ValueError(f"{owner}: the client sets Authorization itself; pass api_key or log in")
        if self.api_key is None and "user-agent" in lowered:
            raise ValueError(f"{owner}: a session's User-Agent is pinned with user_agent=, not headers")
        if self.api_key is None:
            agent = default_session_user_agent() if user_agent is None else _check_user_agent(owner, user_agent)
        else:
            agent = default_user_agent()
        self.headers = {"User-Agent": agent, "Accept": "application/json", **extra}
        self.user_agent = next(v for k, v in self.headers.items() if k.lower() == "user-agent")


def _check_api_key(owner: str, api_key: object) -> str:
    prefixes = tuple(KEY_PREFIXES.values())
    if (
        not isinstance(api_key, str)
        or not api_key.startswith(prefixes)
        or api_key in prefixes
        or any(c.isspace() for c in api_key)
        or not api_key.isprintable()
    ):
        raise ValueError(f"{owner}: api_key must be a service-account key starting with {' or '.join(prefixes)}")
    return api_key


def _check_base_url(owner: str, base_url: object) -> str:
    parts = urlsplit(base_url) if isinstance(base_url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{owner}: base_url must be an http or https URL without query or fragment, got {base_url!r}")
    return cast(str, base_url).rstrip("/")


def _check_user_agent(owner: str, user_agent: object) -> str:
    if not isinstance(user_agent, str) or not user_agent.strip() or not user_agent.isprintable():
        raise ValueError(f"{owner}: user_agent must be a non-empty single-line string")
    return user_agent


def _notify(callback: SessionEndCallback | None, reason: SessionEndReason) -> None:
    if callback is None:
        return
    try:
        callback(reason)
    except Exception:
        # Reported like an event handler's error: it must not fail the calls that wait.
        _logger.exception("on_session_end raised")


def _warn(notices: list[str]) -> None:
    """Warns of each deprecation notice at the line that called the operation (the caller of the
    operation method, which calls `_call`, which calls this)."""
    for notice in notices:
        warnings.warn(NovaVmsDeprecationWarning(notice), stacklevel=4)


def _no_session(owner: str) -> ValueError:
    return ValueError(f"{owner} was created with api_key: a service account has no session to log in. {_MIXED}")


class Auth:
    """The session operations of a Client: `client.auth.login(...)`, `refresh()`, `logout()`."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def login(self, *, email: str, password: str, remember_me: bool = False) -> SessionInfo:
        """Logs in with client_type "api" (the refresh token comes in the body) and stores the
        session; raises NovaVmsError (INVALID_CREDENTIALS, RATE_LIMITED, …) when refused.
        `remember_me` makes the refresh token last longer (see LIFETIMES)."""
        return self._client._run(self._client._session("Client").login(email, password, remember_me))

    def refresh(self) -> None:
        """Refreshes now (the client also does on its own, before expiry and after TOKEN_EXPIRED)."""
        self._client._run(self._client._session("Client").refresh())

    def logout(self) -> None:
        """Revokes the session on the server and forgets it here, after any refresh in flight."""
        self._client._run(self._client._session("Client").logout())


class AsyncAuth:
    """The session operations of an AsyncClient, as coroutines."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def login(self, *, email: str, password: str, remember_me: bool = False) -> SessionInfo:
        """Logs in with client_type "api" and stores the session; raises NovaVmsError when refused."""
        return await self._client._run(self._client._session("AsyncClient").login(email, password, remember_me))

    async def refresh(self) -> None:
        """Refreshes now."""
        await self._client._run(self._client._session("AsyncClient").refresh())

    async def logout(self) -> None:
        """Revokes the session on the server and forgets it here."""
        await self._client._run(self._client._session("AsyncClient").logout())


class _Common:
    _engine: Engine
    _options: _Options

    def _session(self, owner: str) -> Session:
        if self._engine.session is None:
            raise _no_session(owner)
        return self._engine.session

    @property
    def base_url(self) -> str:
        """The server this client calls (default: the contract's production server)."""
        return self._options.base_url

    @property
    def user_agent(self) -> str:
        """The User-Agent of every request, pinned for the client's life."""
        return self._options.user_agent

    def __repr__(self) -> str:
        kind = "service account" if self._engine.session is None else "user session"
        return f"{type(self).__name__}(base_url={self.base_url!r}, {kind})"


class Client(SyncOperations, _Common):
    """The NovaVMS client.

    `Client(api_key="sk_live_…")` acts as a service account: every call carries the key.
    `Client()` acts for a person: `client.auth.login(...)`, then calls carry the access token,
    refreshed shortly before it expires and once after 401 TOKEN_EXPIRED (the call is sent
    again), one refresh at a time across threads. `base_url` defaults to the contract's
    production server. Use it as a context manager, or call `close()`, to close its connections.
    """

    @overload
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        *,
        api_key: None = None,
        base_url: str | None = None,
        store: TokenStore | None = None,
        user_agent: str | None = None,
        on_session_end: SessionEndCallback | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None: ...

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        store: TokenStore | None = None,
        user_agent: str | None = None,
        on_session_end: SessionEndCallback | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._options = _Options(
            owner="Client",
            api_key=api_key,
            base_url=base_url,
            session_options=store is not None or user_agent is not None or on_session_end is not None,
            user_agent=user_agent,
            on_session_end=on_session_end,
            headers=headers,
        )
        if store is not None and not _is_store(store, asynchronous=False):
            raise TypeError("Client: store must have get(), set(session) and clear() (for AsyncClient: coroutines)")
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._on_session_end = on_session_end
        self._lock = threading.Lock()
        self._engine = Engine(self._options.api_key)
        self._http = httpx.Client(
            base_url=self._options.base_url,
            headers=self._options.headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )
        self.auth: Final = Auth(self)

    def _call(self, operation_id: OperationId, arguments: Mapping[str, object]) -> Any:
        try:
            return self._run(self._engine.call(OPERATIONS[operation_id], arguments))
        finally:
            _warn(self._engine.take_notices())

    def _run(self, flow: Flow[_T]) -> _T:
        """Runs a flow: answers each command, raising errors into the flow where they happened."""
        value: Any = None
        error: Exception | None = None
        try:
            while True:
                try:
                    command = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration as stop:
                    return cast(_T, stop.value)
                value, error = None, None
                try:
                    value = self._execute(command)
                except Exception as exc:
                    error = exc
        finally:
            flow.close()

    def _execute(self, command: object) -> Any:
        if isinstance(command, Send):
            return self._http.request(
                command.method, command.path, params=command.params, headers=command.headers, content=command.content
            )
        if isinstance(command, StoreGet):
            return self._store.get()
        if isinstance(command, StoreSet):
            return self._store.set(command.session)
        if isinstance(command, StoreClear):
            return self._store.clear()
        if isinstance(command, Locked):
            with self._lock:
                return self._run(command.flow)
        if isinstance(command, Notify):
            return _notify(self._on_session_end, command.reason)
        raise TypeError(f"unknown command {command!r}")

    def close(self) -> None:
        """Closes the connection pool. The client cannot send requests afterwards."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(AsyncOperations, _Common):
    """The NovaVMS client for asyncio, with the same surface as Client: each operation is a
    coroutine, `paginate…()` gives an async iterator, and one refresh at a time runs across the
    client's tasks. Use it with `async with`, or call `aclose()`."""

    @overload
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        *,
        api_key: None = None,
        base_url: str | None = None,
        store: AsyncTokenStore | None = None,
        user_agent: str | None = None,
        on_session_end: SessionEndCallback | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None: ...

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        store: AsyncTokenStore | None = None,
        user_agent: str | None = None,
        on_session_end: SessionEndCallback | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._options = _Options(
            owner="AsyncClient",
            api_key=api_key,
            base_url=base_url,
            session_options=store is not None or user_agent is not None or on_session_end is not None,
            user_agent=user_agent,
            on_session_end=on_session_end,
            headers=headers,
        )
        if store is not None and not _is_store(store, asynchronous=True):
            raise TypeError("AsyncClient: store must have async get(), set(session) and clear() (an AsyncTokenStore)")
        self._store: AsyncTokenStore = store if store is not None else AsyncMemoryTokenStore()
        self._on_session_end = on_session_end
        self._lock = asyncio.Lock()
        self._engine = Engine(self._options.api_key)
        self._http = httpx.AsyncClient(
            base_url=self._options.base_url,
            headers=self._options.headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )
        self.auth: Final = AsyncAuth(self)

    async def _call(self, operation_id: OperationId, arguments: Mapping[str, object]) -> Any:
        try:
            return await self._run(self._engine.call(OPERATIONS[operation_id], arguments))
        finally:
            _warn(self._engine.take_notices())

    async def _run(self, flow: Flow[_T]) -> _T:
        """Runs a flow: answers each command, raising errors into the flow where they happened."""
        value: Any = None
        error: Exception | None = None
        try:
            while True:
                try:
                    command = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration as stop:
                    return cast(_T, stop.value)
                value, error = None, None
                try:
                    value = await self._execute(command)
                except Exception as exc:
                    error = exc
        finally:
            flow.close()

    async def _execute(self, command: object) -> Any:
        if isinstance(command, Send):
            return await self._http.request(
                command.method, command.path, params=command.params, headers=command.headers, content=command.content
            )
        if isinstance(command, StoreGet):
            return await self._store.get()
        if isinstance(command, StoreSet):
            return await self._store.set(command.session)
        if isinstance(command, StoreClear):
            return await self._store.clear()
        if isinstance(command, Locked):
            async with self._lock:
                return await self._run(command.flow)
        if isinstance(command, Notify):
            return _notify(self._on_session_end, command.reason)
        raise TypeError(f"unknown command {command!r}")

    async def aclose(self) -> None:
        """Closes the connection pool. The client cannot send requests afterwards."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


def _is_store(store: object, *, asynchronous: bool) -> bool:
    methods = [getattr(store, name, None) for name in ("get", "set", "clear")]
    return all(callable(m) and inspect.iscoroutinefunction(m) == asynchronous for m in methods)
