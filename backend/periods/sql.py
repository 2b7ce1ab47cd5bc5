"""A period's end in SQL, for queries that date work by its period over many rows at once.

The same day as `Period.end()` (the Decree 09 cut-off, the 14th of the period's last month) and
so as `aggregates.rollup.tree_date`; tests/periods/test_period_end_sql.py holds them together.
"""

from typing import Any

from sqlalchemy import Date, String, case, cast, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class period_end(FunctionElement[Any]):
    """The end day of the canonical period identifier in the given column (2024, 2024S1, 2024N9,
    2024Q3, 202403)."""

    type = Date()
    name = "period_end"
    inherit_cache = True


def _iso_day(period: ColumnElement[Any]) -> ColumnElement[str]:
    kind, index = func.substr(period, 5, 1), func.substr(period, 6, 1)
    last_month = case(
        (func.length(period) == 4, literal("12")),
        (kind == "S", case((index == "1", literal("06")), else_=literal("12"))),
        (kind == "N", literal("09")),
        (kind == "Q", case((index == "1", literal("03")), (index == "2", literal("06")),
                           (index == "3", literal("09")), else_=literal("12"))),
        else_=func.substr(period, 5, 2))
    return cast(func.substr(period, 1, 4), String) + "-" + last_month + "-14"


@compiles(period_end)
def _period_end(element: period_end, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps dates as ISO text, so the text compares as the day it names.
    return compiler.process(_iso_day(*element.clauses), **kw)


@compiles(period_end, "postgresql")
def _period_end_postgresql(element: period_end, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(_iso_day(*element.clauses), Date), **kw)
