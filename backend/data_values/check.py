"""What a figure may hold, by its indicator's type: the one check every path that writes figures
calls (a report's figures, the import in JSON, CSV and Excel).

Callers parse their input (JSON numbers, "1.294,5", "có") into Python values first; these
functions take the parsed values and either return the typed columns' values or raise
`DataValueInvalid` naming the part at fault.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from backend.kit.said import Said
from backend.models import FIGURE_DIGITS, ValueType, exists_on, figure_fits
from backend.periods.rules import Period

# A text figure is a short answer, not a narrative (the report's sections hold those).
MAX_TEXT = 50_000
# Counts and a ratio's parts count things: none is fewer than nothing.
LEAST = Decimal(0)
Part = Literal["value", "numerator", "denominator"]


class DataValueRules(BaseModel):
    """What a figure of an indicator may hold, as the server checks it: the web app checks a
    figure at the keystroke with these, not with a copy of its own."""

    whole: bool = Field(description="a whole number (a count)")
    minimum: int | None = Field(description="the least value (a count) or part (a ratio)")
    denominator_above: int | None = Field(description="a ratio's denominator is above this")
    numerator_le_denominator: bool = Field(description="a ratio's numerator is at most its "
                                           "denominator (a part of a whole)")
    max_digits: int = Field(description="digits before the decimal point, at most")
    max_length: int | None = Field(description="characters of a text figure, at most")


def rules(value_type: ValueType, numerator_le_denominator: bool) -> DataValueRules:
    counted = value_type in (ValueType.counted, ValueType.ratio)
    return DataValueRules(
        whole=value_type is ValueType.counted, minimum=int(LEAST) if counted else None,
        denominator_above=int(LEAST) if value_type is ValueType.ratio else None,
        numerator_le_denominator=value_type is ValueType.ratio and numerator_le_denominator,
        max_digits=FIGURE_DIGITS, max_length=MAX_TEXT if value_type is ValueType.text else None)


class DataValueInvalid(Exception):
    def __init__(self, message: Said, part: Part = "value") -> None:
        super().__init__(str(message))
        self.message = message
        self.part = part


def number(value: Decimal, part: Part = "value") -> Decimal:
    if not value.is_finite() or not figure_fits(value):
        raise DataValueInvalid(Said(
            vi=f"{value} không phải là số hợp lệ: hữu hạn, phần nguyên tối đa {FIGURE_DIGITS} chữ số",
            en=f"{value} is not a number a figure holds: finite, with at most {FIGURE_DIGITS} "
               "digits before the decimal point"), part)
    return value


def count(value: Decimal) -> Decimal:
    number(value)
    if value < LEAST or value != value.to_integral_value():
        raise DataValueInvalid(Said(vi=f"số đếm là số nguyên ≥ 0, không phải {value}",
                                    en=f"a count is a whole number ≥ 0, not {value}"))
    return value


def ratio(numerator: Decimal | None, denominator: Decimal | None,
          numerator_le_denominator: bool) -> tuple[Decimal, Decimal]:
    """Both parts, numerator ≥ 0, denominator > 0 (a share of nothing is no figure: leave it
    empty), and numerator ≤ denominator where the indicator counts a part of a whole."""
    if numerator is None or denominator is None:
        raise DataValueInvalid(Said(vi="tỷ lệ cần cả tử số và mẫu số",
                                    en="a ratio needs numerator and denominator"),
                               "numerator" if numerator is None else "denominator")
    number(numerator, "numerator")
    number(denominator, "denominator")
    if numerator < LEAST:
        raise DataValueInvalid(Said(vi="tử số không được âm", en="the numerator cannot be negative"),
                               "numerator")
    if denominator <= LEAST:
        raise DataValueInvalid(Said(vi="mẫu số phải lớn hơn 0", en="the denominator must be > 0"),
                               "denominator")
    if numerator_le_denominator and numerator > denominator:
        raise DataValueInvalid(Said(vi=f"tử số {numerator:f} lớn hơn mẫu số {denominator:f}",
                                    en=f"numerator {numerator:f} exceeds denominator {denominator:f}"),
                               "numerator")
    return numerator, denominator


def text(value: str) -> str:
    if len(value) > MAX_TEXT:
        raise DataValueInvalid(Said(vi=f"văn bản dài quá {MAX_TEXT} ký tự",
                                    en=f"text longer than {MAX_TEXT} characters"))
    return value


def absent(valid_from: date, valid_to: date | None, period: Period) -> Said | None:
    """Why a unit has no figures of `period`, if it has none: a period's figures sit in the tree
    of its last day, so a unit closed by then (its successor reports) or not yet made (its
    predecessors reported) cannot hold them."""
    day = period.end()
    if exists_on(valid_from, valid_to, day):
        return None
    return Said(vi=f"đơn vị chưa có hoặc đã giải thể vào ngày {day:%d/%m/%Y}, ngày cuối kỳ "
                   f"{period.id}: kỳ này do các đơn vị có vào ngày đó báo cáo",
                en=f"the unit did not exist on {day:%d/%m/%Y}, the end of {period.id}: the units "
                   "that existed then report that period")
