"""novavms: the Python client of the NovaVMS API, generated from its OpenAPI contract.

    from novavms import Client
    novavms = Client(api_key="sk_live_abc123")          # a service account
    page = novavms.list_cameras(limit=50)

    app = Client()                                      # a person's session
    app.auth.login(email="ops@example.com", password="CorrectHorseBattery!")
    for camera in app.paginate_cameras():
        ...

`AsyncClient` has the same surface for asyncio. Errors of the API raise `NovaVmsError`; network
failures and timeouts raise httpx's `TransportError` subclasses (`httpx.TimeoutException`).
"""

from . import models
from ._base import OMIT, Omit
from ._client import DEFAULT_TIMEOUT, AsyncAuth, AsyncClient, Auth, Client, SessionEndCallback
from ._contract import (
    CONTRACT_VERSION,
    DEFAULT_SERVER_URL,
    ERROR_CODES,
    ERRORS,
    KEY_PREFIXES,
    LIFETIMES,
    OPERATIONS,
    SESSION_ENDING_CODES,
    ErrorInfo,
    Lifetime,
    Operation,
    OperationId,
    SessionEndReason,
)
from ._errors import NovaVmsError, is_problem
from ._session import NovaVmsDeprecationWarning, SessionInfo
from ._store import AsyncMemoryTokenStore, AsyncTokenStore, MemoryTokenStore, StoredSession, TokenStore
from ._version import __version__
from .models import ErrorCode, Problem

__all__ = [
    "CONTRACT_VERSION",
    "DEFAULT_SERVER_URL",
    "DEFAULT_TIMEOUT",
    "ERRORS",
    "ERROR_CODES",
    "KEY_PREFIXES",
    "LIFETIMES",
    "OMIT",
    "OPERATIONS",
    "SESSION_ENDING_CODES",
    "AsyncAuth",
    "AsyncClient",
    "AsyncMemoryTokenStore",
    "AsyncTokenStore",
    "Auth",
    "Client",
    "ErrorCode",
    "ErrorInfo",
    "Lifetime",
    "MemoryTokenStore",
    "NovaVmsDeprecationWarning",
    "NovaVmsError",
    "Omit",
    "Operation",
    "OperationId",
    "Problem",
    "SessionEndCallback",
    "SessionEndReason",
    "SessionInfo",
    "StoredSession",
    "TokenStore",
    "__version__",
    "is_problem",
    "models",
]
