"""What the generated operation methods stand on: the `_call` each client implements, the
walk over cursor pages, and the marker of an argument left out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, Final

from ._contract import OPERATIONS, Operation, OperationId, Pagination


class Omit:
    """The default of an optional argument that also takes None: leave the value out of the request."""

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False


OMIT: Final = Omit()


def _paginated(owner: object, method: Callable[..., Any]) -> tuple[Operation, Pagination]:
    """The operation behind a list method of `owner`, or a TypeError naming the ones there are."""
    name = getattr(method, "__name__", None)
    for operation in OPERATIONS.values():
        if (
            operation.pagination is not None
            and operation.method_name == name
            and getattr(method, "__self__", None) is owner
        ):
            return operation, operation.pagination
    names = ", ".join(
        op.method_name for op in OPERATIONS.values() if op.pagination is not None and op.method_name is not None
    )
    raise TypeError(f"paginate() takes a list method of this client that returns pages with a cursor: {names}")


def _next_cursor(page: Mapping[str, Any], pagination: Pagination, asked: set[Any]) -> Any:
    """The next page's cursor, or None after the last page; `asked` holds the cursors asked with so far."""
    cursor = page[pagination.next_cursor]
    if cursor is not None and cursor in asked:
        raise RuntimeError("the server answered a next cursor it had given before; stopping instead of looping")
    return cursor


class SyncBase:
    """The base of Client's generated methods."""

    def _call(self, operation_id: OperationId, arguments: Mapping[str, object]) -> Any:
        raise NotImplementedError

    def _paginate(self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Iterator[Any]:
        if args:
            raise TypeError("paginate() passes the list method's arguments by keyword only")
        _, pagination = _paginated(self, method)
        return self._pages(method, pagination, dict(kwargs))

    @staticmethod
    def _pages(method: Callable[..., Any], pagination: Pagination, kwargs: dict[str, Any]) -> Iterator[Any]:
        asked = {kwargs.get(pagination.cursor_argument)} - {None}
        while True:
            page = method(**kwargs)
            yield from page[pagination.items]
            cursor = _next_cursor(page, pagination, asked)
            if cursor is None:
                return
            asked.add(cursor)
            kwargs[pagination.cursor_argument] = cursor


class AsyncBase:
    """The base of AsyncClient's generated methods."""

    async def _call(self, operation_id: OperationId, arguments: Mapping[str, object]) -> Any:
        raise NotImplementedError

    def _paginate(
        self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> AsyncIterator[Any]:
        if args:
            raise TypeError("paginate() passes the list method's arguments by keyword only")
        _, pagination = _paginated(self, method)
        return self._pages(method, pagination, dict(kwargs))

    @staticmethod
    async def _pages(method: Callable[..., Any], pagination: Pagination, kwargs: dict[str, Any]) -> AsyncIterator[Any]:
        asked = {kwargs.get(pagination.cursor_argument)} - {None}
        while True:
            page = await method(**kwargs)
            for item in page[pagination.items]:
                yield item
            cursor = _next_cursor(page, pagination, asked)
            if cursor is None:
                return
            asked.add(cursor)
            kwargs[pagination.cursor_argument] = cursor
