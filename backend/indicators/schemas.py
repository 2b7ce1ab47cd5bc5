from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.kit.fields import Id
from backend.kit.text import nfc
from backend.models import GrassrootsType, OrgUnitKind, TimeAggregation, UnitAggregation, ValueType

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
APPLIES_TO_VALUES = sorted({t.value for t in GrassrootsType} | {k.value for k in OrgUnitKind})


def _clean(value: str | None) -> str | None:
    return nfc(value).strip() if value is not None else None


class _Texts(BaseModel):
    @field_validator("code", "name", "name_en", "description", "unit_of_measure", "numerator_name",
                     "denominator_name", check_fields=False)
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return _clean(value)


class IndicatorCategory(_Texts):
    model_config = ConfigDict(from_attributes=True)

    code: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)


class Indicator(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    name_en: str | None
    description: str | None
    unit_of_measure: str | None
    value_type: ValueType
    aggregation: UnitAggregation = Field(description="How values of the units below add up")
    time_aggregation: TimeAggregation = Field(description="How shorter periods make a longer one")
    numerator_name: str | None
    denominator_name: str | None
    numerator_le_denominator: bool = Field(
        description="Ratios only: the numerator may not exceed the denominator (13/13, never 14/13)")
    categories: list[IndicatorCategory]
    applies_to: list[str] = Field(description="Grassroots types and unit kinds that report it")
    owner_unit_id: Id | None = Field(description="The unit whose subtree uses it and whose "
                                     "administrators change it; none: national")
    published: bool = Field(description="Published by its owner: the approved figures of the "
                            "owner's subtree (of the whole country, national) are public")
    published_in: list[int] = Field(description="Units that published the approved figures of "
                                     "their own subtree")


class IndicatorRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    name_en: str | None
    value_type: ValueType


def _check_applies_to(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    unknown = [v for v in values if v not in APPLIES_TO_VALUES]
    if unknown:
        raise ValueError(f"unknown {', '.join(unknown)}: use {', '.join(APPLIES_TO_VALUES)}")
    return list(dict.fromkeys(values))


def _check_categories(values: list[IndicatorCategory] | None) -> list[IndicatorCategory] | None:
    if values is not None and len({c.code for c in values}) != len(values):
        raise ValueError("category codes must be unique")
    return values


class IndicatorCreate(_Texts):
    code: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    description: str | None = Field(default=None, max_length=5000)
    unit_of_measure: str | None = Field(default=None, max_length=64)
    value_type: ValueType
    aggregation: UnitAggregation | None = Field(
        default=None, description="Default: count_true for yes_no, sum otherwise")
    time_aggregation: TimeAggregation = TimeAggregation.sum
    numerator_name: str | None = Field(default=None, max_length=255)
    denominator_name: str | None = Field(default=None, max_length=255)
    numerator_le_denominator: bool = False
    categories: list[IndicatorCategory] = Field(default_factory=list, max_length=100)
    applies_to: list[str] = Field(default_factory=list, description=f"of {APPLIES_TO_VALUES}")
    owner_unit_id: Id | None = Field(
        default=None, description="The unit whose subtree uses it (an administrator of the unit "
                                  "creates it); none: national, for country-wide administrators")
    published: bool = False

    _applies = field_validator("applies_to")(_check_applies_to)
    _categories = field_validator("categories")(_check_categories)

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.aggregation is None:
            self.aggregation = (UnitAggregation.count_true if self.value_type is ValueType.yes_no
                                else UnitAggregation.sum)
        check_coherence(self.value_type, self.aggregation, self.numerator_le_denominator)
        return self


class IndicatorUpdate(_Texts):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    description: str | None = Field(default=None, max_length=5000)
    unit_of_measure: str | None = Field(default=None, max_length=64)
    value_type: ValueType | None = None
    aggregation: UnitAggregation | None = None
    time_aggregation: TimeAggregation | None = None
    numerator_name: str | None = Field(default=None, max_length=255)
    denominator_name: str | None = Field(default=None, max_length=255)
    numerator_le_denominator: bool | None = None
    categories: list[IndicatorCategory] | None = Field(
        default=None, max_length=100, description="Replaces the whole list")
    applies_to: list[str] | None = None
    published: bool | None = None

    _applies = field_validator("applies_to")(_check_applies_to)
    _categories = field_validator("categories")(_check_categories)


def check_coherence(value_type: ValueType, aggregation: UnitAggregation,
                    numerator_le_denominator: bool) -> None:
    """ValueError when the value type and the aggregation do not fit together."""
    if (value_type is ValueType.yes_no) != (aggregation is UnitAggregation.count_true):
        raise ValueError("yes_no indicators aggregate with count_true, and only they do")
    if numerator_le_denominator and value_type is not ValueType.ratio:
        raise ValueError("numerator_le_denominator applies to ratio indicators only")
