"""NovaVmsError: an error answer of the API as one typed value, so that callers branch on
`code` (the contract's ErrorCode) instead of parsing bodies."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeGuard

from ._contract import ERROR_CODES
from .models import ErrorCode, Problem

if TYPE_CHECKING:
    import httpx

_KNOWN_CODES: frozenset[str] = frozenset(ERROR_CODES)


def is_problem(value: object) -> TypeGuard[Problem]:
    """Whether a parsed body is a NovaVMS problem (and not a proxy's page or another API's error)."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("code"), str)
        and value["code"] in _KNOWN_CODES
        and isinstance(value.get("status"), int)
    )


def _json(response: httpx.Response) -> Any:
    if "json" not in response.headers.get("Content-Type", ""):
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def problem_code(response: httpx.Response) -> ErrorCode | None:
    """The problem code of an answer, or None when it carries no NovaVMS problem."""
    body = _json(response)
    return body["code"] if is_problem(body) else None


def _retry_after(value: str | None) -> int | None:
    """Retry-After in seconds: delta-seconds, or an HTTP date counted from now."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, round(moment.timestamp() - time.time()))


@dataclass(frozen=True, slots=True)
class ErrorAnswer:
    """An error answer kept so that each call waiting on it raises its own NovaVmsError."""

    status: int
    problem: Problem | None
    retry_after: int | None

    @classmethod
    def of(cls, response: httpx.Response) -> ErrorAnswer:
        body = _json(response)
        return cls(
            status=response.status_code,
            problem=body if is_problem(body) else None,
            retry_after=_retry_after(response.headers.get("Retry-After")),
        )

    def error(self) -> NovaVmsError:
        if self.problem is None:
            # Not an answer of the API itself (a gateway, a proxy, a wrong base_url): nothing in
            # it names a contract code, so it is reported as the server failing.
            return NovaVmsError(code="INTERNAL_ERROR", status=self.status, retry_after=self.retry_after)
        return NovaVmsError(
            code=self.problem["code"],
            status=self.status,
            request_id=self.problem.get("request_id"),
            problem=self.problem,
            retry_after=self.retry_after,
        )


class NovaVmsError(Exception):
    """An error answer of the NovaVMS API.

    Attributes:
        code: The problem's `code`, from the contract's ErrorCode; INTERNAL_ERROR when the
            answer carried no NovaVMS problem (then `problem` is None).
        status: The HTTP status of the answer.
        request_id: The problem's `request_id`, to quote to support.
        problem: The RFC 9457 problem body, or None.
        retry_after: Seconds to wait before trying again (the `Retry-After` header), or None.
    """

    code: ErrorCode
    status: int
    request_id: str | None
    problem: Problem | None
    retry_after: int | None

    def __init__(
        self,
        *,
        code: ErrorCode,
        status: int,
        request_id: str | None = None,
        problem: Problem | None = None,
        retry_after: int | None = None,
        message: str | None = None,
    ) -> None:
        if message is None:
            explanation = (
                problem.get("detail") or problem.get("title") if problem is not None else None
            ) or "the response carries no NovaVMS problem"
            message = f"{status} {code}: {explanation}"
        super().__init__(message)
        self.code = code
        self.status = status
        self.request_id = request_id
        self.problem = problem
        self.retry_after = retry_after

    @classmethod
    def from_response(cls, response: httpx.Response) -> NovaVmsError:
        """The NovaVmsError of a failed answer."""
        return ErrorAnswer.of(response).error()

    def __repr__(self) -> str:
        return f"NovaVmsError(code={self.code!r}, status={self.status!r}, request_id={self.request_id!r})"
