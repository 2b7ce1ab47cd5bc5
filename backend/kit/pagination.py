"""Paged lists: `page`, `limit` (capped) → `{items, pagination: {total, page, limit}}`."""

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import get_settings
from backend.kit.fields import PageNumber

T = TypeVar("T")
M = TypeVar("M")


class Pagination(BaseModel):
    total: int
    page: int
    limit: int


class Page(BaseModel, Generic[T]):
    items: list[T]
    pagination: Pagination


@dataclass(frozen=True)
class PageParams:
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def page_params(
    page: Annotated[PageNumber, Query(description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_limit_max)] = 50,
) -> PageParams:
    return PageParams(page=page, limit=limit)


PageDep = Annotated[PageParams, Depends(page_params)]


async def fetch_page(session: AsyncSession, query: Select[M],
                        params: PageParams) -> tuple[list[M], Pagination]:
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = (await session.scalars(query.limit(params.limit).offset(params.offset))).all()
    return list(rows), Pagination(total=total or 0, page=params.page, limit=params.limit)


async def fetch_rows_page(session: AsyncSession, query: Select[Any, Any], params: PageParams,
                          *, total: Select[int] | None = None
                          ) -> tuple[list[tuple[Any, ...]], Pagination]:
    """`fetch_page` for a query of several columns: its rows as tuples. `total` counts the rows
    when the query joins tables only to order them: counting tens of thousands of rows need not
    join them too."""
    count = total if total is not None else select(func.count()).select_from(
        query.order_by(None).subquery())
    found = await session.scalar(count)
    rows = (await session.execute(query.limit(params.limit).offset(params.offset))).all()
    return [tuple(row) for row in rows], Pagination(total=found or 0, page=params.page,
                                                    limit=params.limit)


def page_of(items: list[T], params: PageParams) -> Page[T]:
    """A page of a list made in Python (a few hundred items at most, filtered by rules SQL does
    not hold)."""
    return Page(items=items[params.offset:params.offset + params.limit],
                pagination=Pagination(total=len(items), page=params.page, limit=params.limit))
