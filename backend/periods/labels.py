"""What a period is called, in Vietnamese as written in reports and in English: the one wording the
API, the documents and the web app use. `qcdc openapi export` writes it to
openapi/period-labels.json beside the contract; the web app formats periods with that file."""

import json
from typing import Literal

from backend.periods.rules import Period, PeriodType

Language = Literal["vi", "en"]

# {year}, {index} (half, quarter or month number), {roman} (of a quarter), {month} (its English
# name). A half year has a wording per half.
TEMPLATES: dict[Language, dict[str, str]] = {
    "vi": {
        "year": "Năm {year}",
        "semiannual_1": "6 tháng đầu năm {year}",
        "semiannual_2": "6 tháng cuối năm {year}",
        "nine_months": "9 tháng năm {year}",
        "quarter": "Quý {roman}/{year}",
        "month": "Tháng {index}/{year}",
    },
    "en": {
        "year": "Year {year}",
        "semiannual_1": "First half of {year}",
        "semiannual_2": "Second half of {year}",
        "nine_months": "First nine months of {year}",
        "quarter": "Q{index} {year}",
        "month": "{month} {year}",
    },
}
ROMAN = ("I", "II", "III", "IV")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def template_key(period_type: PeriodType, index: int | None) -> str:
    if period_type is PeriodType.semiannual:
        return f"semiannual_{index}"
    return period_type.value


def label(period: Period, language: Language = "vi") -> str:
    """"Quý I/2024", "6 tháng đầu năm 2024"; "Q1 2024", "First half of 2024"."""
    index = period.index or 1
    return TEMPLATES[language][template_key(period.type, period.index)].format(
        year=period.year, index=index, roman=ROMAN[(index - 1) % 4],
        month=MONTHS[(index - 1) % 12])


def render() -> str:
    """The file the web app reads: the templates and the names they fill in."""
    return json.dumps({"templates": TEMPLATES, "roman": ROMAN, "months": MONTHS},
                      indent=2, ensure_ascii=False) + "\n"
