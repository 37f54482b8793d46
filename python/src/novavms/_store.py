"""Where a user session's tokens live between calls: the TokenStore protocols and the memory
stores that are the default."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StoredSession:
    """The state of one signed-in session, as a store keeps it. Its repr shows no token."""

    access_token: str = field(repr=False)
    """The current access token (a JWT)."""
    access_token_expires_at: float
    """When the access token expires, in seconds since the epoch, by the local clock."""
    refresh_token: str = field(repr=False)
    """The current refresh token. It rotates on every refresh and a rotated one must never be
    sent again, so the store must always hold the newest one."""


class TokenStore(Protocol):
    """Where a Client keeps its session: memory by default, or anywhere the application can
    persist it (a keychain, an encrypted file, a shared cache). The client writes each rotated
    refresh token here before it uses it, and reads the store again before each refresh, so
    that clients sharing one store refresh at most once. Keep refresh tokens encrypted at rest."""

    def get(self) -> StoredSession | None:
        """The stored session, or None."""

    def set(self, session: StoredSession) -> None:
        """Replaces the stored session. It must not return before the value is durable."""

    def clear(self) -> None:
        """Forgets the session (logout, or a session the server has ended)."""


class AsyncTokenStore(Protocol):
    """The TokenStore of an AsyncClient: the same three operations, as coroutines."""

    async def get(self) -> StoredSession | None:
        """The stored session, or None."""

    async def set(self, session: StoredSession) -> None:
        """Replaces the stored session. It must not return before the value is durable."""

    async def clear(self) -> None:
        """Forgets the session."""


class MemoryTokenStore:
    """The default TokenStore: the session lives in this process's memory and dies with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session: StoredSession | None = None

    def get(self) -> StoredSession | None:
        with self._lock:
            return self._session

    def set(self, session: StoredSession) -> None:
        with self._lock:
            self._session = session

    def clear(self) -> None:
        with self._lock:
            self._session = None


class AsyncMemoryTokenStore:
    """The default AsyncTokenStore: the session lives in this process's memory."""

    def __init__(self) -> None:
        self._session: StoredSession | None = None

    async def get(self) -> StoredSession | None:
        return self._session

    async def set(self, session: StoredSession) -> None:
        self._session = session

    async def clear(self) -> None:
        self._session = None
