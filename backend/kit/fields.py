"""Field types and checks shared by the request schemas."""

from typing import Annotated

from annotated_types import Interval
from pydantic_core import PydanticCustomError

# A positive PostgreSQL `integer`. A larger number is no row's id nor version: in a path, a query
# or a body it is a 422 naming the field, where the database driver would refuse the statement.
_POSITIVE_INT32 = Interval(ge=1, le=2**31 - 1)

Id = Annotated[int, _POSITIVE_INT32]
Version = Annotated[int, _POSITIVE_INT32]  # a row's changes, counted from 1 in an `integer` column
# No list holds more rows than there are ids, so a later page would be empty anyway; the bound
# keeps (page - 1) × limit within the 64-bit OFFSET of PostgreSQL and SQLite (with
# Settings.page_limit_max at most 2^31).
PageNumber = Annotated[int, _POSITIVE_INT32]


def not_emptied(value: object) -> object:
    """For a change (PATCH) of a field every row has: left out, it keeps its value; sent as null,
    it is refused rather than emptied."""
    if value is None:
        raise PydanticCustomError("value_required",
                                  "every record has one: send a value, or leave the field out")
    return value
