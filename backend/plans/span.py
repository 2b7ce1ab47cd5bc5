"""The span a plan runs over (thời gian thực hiện), within which its tasks fall due."""

from datetime import date

from backend.errors import InvalidInput, field_error


def check_span(start: date, end: date, at: list[str | int]) -> None:
    """A span that ends before it starts is refused, naming `span_end` in the body part `at`."""
    if end < start:
        raise InvalidInput(
            f"The plan's span ends on {end.isoformat()}, before it starts on {start.isoformat()}.",
            errors=[field_error([*at, "span_end"], "must not be before span_start",
                                "span_end_before_start")])
