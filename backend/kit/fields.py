"""Field types and checks shared by the request schemas."""

from typing import Annotated

from annotated_types import Interval
from pydantic_core import PydanticCustomError

# Row ids are keys of PostgreSQL `integer` columns. A larger one is no row's: in a path, a query
# or a body it is a 422 naming the field, where the database driver would refuse the statement.
Id = Annotated[int, Interval(ge=1, le=2**31 - 1)]


def not_emptied(value: object) -> object:
    """For a change (PATCH) of a field every row has: left out, it keeps its value; sent as null,
    it is refused rather than emptied."""
    if value is None:
        raise PydanticCustomError("value_required",
                                  "every record has one: send a value, or leave the field out")
    return value
