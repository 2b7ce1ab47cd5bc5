"""Reading one imported row: codes to ids, the period, and the value as its indicator's type wants.

The same reader serves JSON and CSV rows, so both forms accept exactly the same input.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from backend.data_values import check
from backend.data_values.csvstream import Fields
from backend.kit.said import Said
from backend.models import Indicator, ValueType
from backend.periods.rules import Period, PeriodError, parse_period

NumberFormat = Literal["dot", "vi"]
_YES = {"true", "1", "có", "co", "yes", "x"}
_NO = {"false", "0", "không", "khong", "no"}
_VI_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")


# The column of a row at fault, by the kind of error (a bad value names its own part).
_FIELD_OF_CODE = {"unknown_indicator": "indicator", "unknown_org_unit": "org_unit",
                  "forbidden_org_unit": "org_unit", "invalid_period": "period",
                  "unit_not_in_period": "period",
                  "invalid_category": "category", "invalid_value": "value"}


class RowError(Exception):
    def __init__(self, code: str, detail: Said, field: str | None = None) -> None:
        super().__init__(str(detail))
        self.code = code
        self.detail = detail
        self.field = field or _FIELD_OF_CODE.get(code)


_PARTS = {"value": Said(vi="giá trị", en="value"), "numerator": Said(vi="tử số", en="numerator"),
          "denominator": Said(vi="mẫu số", en="denominator")}


def _said(what: str, vi: str, en: str) -> Said:
    """A row's message about `what` (an indicator's code, or a ratio's part), in both languages."""
    name = _PARTS.get(what, Said(vi=what, en=what))
    return Said(vi=f"{name.vi}: {vi}", en=f"{name.en}: {en}")


def _checked(rule: Callable[[Decimal], Decimal], number: Decimal, what: str) -> Decimal:
    try:
        return rule(number)
    except check.DataValueInvalid as invalid:
        raise RowError("invalid_value", _said(what, invalid.message.vi, invalid.message.en),
                       invalid.part) from None


def _parsed(raw: Any, fmt: NumberFormat, part: check.Part) -> Decimal | None:
    """A ratio's part as written, checked by check.ratio with the other part."""
    return None if raw is None or raw == "" else _decimal(raw, fmt, part, part)


def _decimal(raw: Any, fmt: NumberFormat, what: str, field: str) -> Decimal:
    if isinstance(raw, bool):
        raise RowError("invalid_value", _said(what, f"cần một số, không phải {raw}",
                                              f"a number is expected, not {raw}"), field)
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    if fmt == "dot":
        # The common case first: a plain number string goes straight to Decimal.
        try:
            number = Decimal(raw)
        except (InvalidOperation, TypeError):
            pass
        else:
            if "_" not in raw:
                return number
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if fmt == "vi":
        if not _VI_NUMBER.match(text):
            raise RowError("invalid_value", _said(what, f"'{raw}' không phải số viết dạng 1.294,5",
                                                  f"'{raw}' is not a number written 1.294,5"), field)
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise RowError("invalid_value", _said(what, f"'{raw}' không phải là số",
                                              f"'{raw}' is not a number"), field) from None


def _quantity(spec: "_Spec", raw: Any, fmt: NumberFormat) -> Decimal | None:
    """The value of a count or a number."""
    if raw is None or raw == "":
        return None
    number = _decimal(raw, fmt, spec.code, "value")
    return _checked(check.count if spec.kind is ValueType.counted else check.number, number,
                    spec.code)


def _yes_no(raw: Any) -> bool | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise RowError("invalid_value", Said(
        vi=f"'{raw}' không phải có/không: ghi có/không, 1/0 hoặc true/false",
        en=f"'{raw}' is not yes/no: write true/false, 1/0 or có/không"))


@dataclass(frozen=True, slots=True)
class _Spec:
    """What reading needs of an indicator, as plain attributes (an ORM attribute read costs more
    than the rest of a row's checks)."""

    id: int
    code: str
    kind: ValueType
    numerator_le_denominator: bool
    options: frozenset[str]
    # The units where the indicator is used (its owner's subtree); None: national, anywhere.
    units: frozenset[int] | None


# A unit's first day and the day it closed (None: open), as OrgUnit.valid_from and valid_to.
Span = tuple[date, date | None]

# A checked row: indicator id, unit id, period, category code, value_numeric, value_bool,
# value_text, numerator, denominator (the staging table's columns after the row's index).
Record = tuple[int, int, str, str, Decimal | None, bool | None, str | None, Decimal | None,
               Decimal | None]


class RowReader:
    """Resolves a request's rows against lookups loaded once per request."""

    def __init__(self, indicators: dict[str, Indicator], unit_ids: dict[str, int],
                 spans: dict[int, Span], writable: set[int] | None, number_format: NumberFormat,
                 used_at: dict[str, frozenset[int]]) -> None:
        self.indicators = indicators
        self.unit_ids = unit_ids
        self.spans = spans
        self.writable = writable
        self.fmt = number_format
        self.categories = {code: {c.code for c in i.categories} for code, i in indicators.items()}
        self.specs = {code: _Spec(i.id, i.code, i.value_type, i.numerator_le_denominator,
                                  frozenset(self.categories[code]), used_at.get(code))
                      for code, i in indicators.items()}
        self.periods: dict[str, Period] = {}
        # (unit, period) pairs found to exist: the check runs once per pair, not per row.
        self.present: set[tuple[int, str]] = set()

    def _unit(self, raw: Any) -> int:
        # Most rows carry a clean code: one lookup, no new string.
        unit_id = self.unit_ids.get(raw) if isinstance(raw, str) else None
        if unit_id is not None and self.writable is None:
            return unit_id
        ref = str(raw if raw is not None else "").strip()
        unit_id = unit_id or self.unit_ids.get(ref)
        if unit_id is None and ref.isdigit() and int(ref) in self.spans:
            unit_id = int(ref)
        if unit_id is None:
            raise RowError("unknown_org_unit", Said(vi=f"không có đơn vị mã hoặc số '{ref}'",
                                                    en=f"no org unit with code or id '{ref}'"))
        if self.writable is not None and unit_id not in self.writable:
            raise RowError("forbidden_org_unit", Said(
                vi=f"bạn không được ghi số liệu của đơn vị '{ref}'",
                en=f"you may not write figures of org unit '{ref}'"))
        return unit_id

    def _period(self, raw: Any, unit_id: int) -> str:
        text = str(raw if raw is not None else "").strip()
        found = self.periods.get(text)
        if found is None:
            try:
                found = parse_period(text)
            except PeriodError as exc:
                raise RowError("invalid_period", Said(vi=f"kỳ báo cáo không hợp lệ: {text}",
                                                      en=str(exc))) from None
            self.periods[text] = found
        key = (unit_id, found.id)
        if key not in self.present:
            why = check.absent(*self.spans[unit_id], found)
            if why is not None:
                raise RowError("unit_not_in_period", Said(vi=f"đơn vị {unit_id}: {why.vi}",
                                                          en=f"org unit {unit_id}: {why.en}"))
            self.present.add(key)
        return found.id

    def record(self, row: Fields) -> Record:
        """The row (its fields in the order of COLUMNS) checked, as a plain tuple: the bulk path
        builds no object per row."""
        raw_code, raw_unit, raw_period, raw_category, raw_value, numerator, denominator = row
        spec = self.specs.get(raw_code) if isinstance(raw_code, str) else None
        if spec is None:
            code = str(raw_code or "").strip()
            spec = self.specs.get(code)
            if spec is None:
                raise RowError("unknown_indicator", Said(vi=f"không có chỉ số mã '{code}'",
                                                         en=f"no indicator with code '{code}'"))
        code = spec.code
        unit_id = self._unit(raw_unit)
        if spec.units is not None and unit_id not in spec.units:
            raise RowError("indicator_outside_owner", Said(
                vi=f"{code} chỉ dùng cho các đơn vị thuộc đơn vị sở hữu, không dùng ở '{raw_unit}'",
                en=f"{code} is used only below the unit that owns it, not at org unit '{raw_unit}'"))
        period = self._period(raw_period, unit_id)
        category = str(raw_category or "").strip()
        options = spec.options
        if (category and category not in options) or (options and not category):
            wanted = ", ".join(sorted(options)) or "none"
            raise RowError("invalid_category", Said(
                vi=f"{code}: phân tổ '{category}' (được dùng: {wanted})",
                en=f"{code}: category '{category}' (allowed: {wanted})"))
        kind = spec.kind
        if kind is ValueType.counted or kind is ValueType.number:
            number = _quantity(spec, raw_value, self.fmt)
            return spec.id, unit_id, period, category, number, None, None, None, None
        return (spec.id, unit_id, period, category,
                *self._value(spec, raw_value, numerator, denominator))

    def _value(self, spec: _Spec, raw: Any, raw_numerator: Any, raw_denominator: Any) -> tuple[
            Decimal | None, bool | None, str | None, Decimal | None, Decimal | None]:
        """The value of a ratio, yes/no or text indicator (`record` reads counts and numbers)."""
        kind = spec.kind
        try:
            if kind is ValueType.ratio:
                numerator, denominator = check.ratio(
                    _parsed(raw_numerator, self.fmt, "numerator"),
                    _parsed(raw_denominator, self.fmt, "denominator"),
                    spec.numerator_le_denominator)
                return None, None, None, numerator, denominator
            if kind is ValueType.yes_no:
                return None, _yes_no(raw), None, None, None
            text = None if raw is None else str(raw).strip() or None
            return None, None, text and check.text(text), None, None
        except check.DataValueInvalid as invalid:
            raise RowError("invalid_value", invalid.message.after(f"{spec.code}: "),
                           invalid.part) from None
