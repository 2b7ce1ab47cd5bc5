"""How figures, dates and bodies are written in a Vietnamese administrative document."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from backend.models import OrgUnitKind

# Units whose documents a People's Committee issues ("ỦY BAN NHÂN DÂN XÃ SONG VÂN", BC-UBND).
ADMINISTRATIVE = frozenset({OrgUnitKind.province, OrgUnitKind.district, OrgUnitKind.commune})
_PLACE_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh",
                   "Xã")
_LOCALITY = r"\s+(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn|đặc khu)\s+"
_LOCALITY_WORDS = re.compile(_LOCALITY + ".*$", re.IGNORECASE)
_LOCALITY_NAME = re.compile(_LOCALITY + "(.+)$", re.IGNORECASE)


def number(value: float | int | Decimal, places: int = 2) -> str:
    """52620 → "52.620"; 25.5 → "25,5": dots group thousands, a comma marks decimals."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def percent(numerator: float, denominator: float) -> str:
    return f"{number(Decimal(str(numerator)) * 100 / Decimal(str(denominator)), 1)}%"


def ratio(numerator: float, denominator: float) -> str:
    """"13/13 (100%)", as reports write a share of units."""
    share = f" ({percent(numerator, denominator)})" if denominator else ""
    return f"{number(numerator)}/{number(denominator)}{share}"


def _place_of(name: str) -> str:
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1:]
    return name


def place(kind: OrgUnitKind, name: str, superior: tuple[OrgUnitKind, str] | None) -> str:
    """Where a unit dates its documents: "Xã Song Vân" → "Song Vân"; "Sở Nội vụ tỉnh Bình Phước"
    → "Bình Phước"; an agency named without its locality, at its administrative superior's."""
    if kind in ADMINISTRATIVE:
        return _place_of(name)
    locality = _LOCALITY_NAME.search(name)
    if locality:
        return locality.group(1)
    if superior is not None and superior[0] in ADMINISTRATIVE:
        return _place_of(superior[1])
    return name


def body_name(kind: OrgUnitKind, name: str, *, managing: bool = False) -> str:
    """The body as a header writes it: a People's Committee for an administrative unit."""
    if kind in ADMINISTRATIVE:
        return f"{'UBND' if managing else 'ỦY BAN NHÂN DÂN'} {name}".upper()
    return name.upper()


def abbreviation(kind: OrgUnitKind, name: str) -> str:
    """"UBND" for a People's Committee; initials otherwise ("Sở Nội vụ tỉnh X" → "SNV")."""
    if kind in ADMINISTRATIVE:
        return "UBND"
    own = _LOCALITY_WORDS.sub("", name).strip() or name
    return "".join(word[0] for word in own.split() if word[0].isalpha()).upper()


def default_signer(kind: OrgUnitKind, name: str) -> tuple[str, str]:
    """(authority, title) of the usual signer: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" for a commune."""
    if kind in ADMINISTRATIVE:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if name.startswith("Sở ") or kind is OrgUnitKind.enterprise:
        return "", "GIÁM ĐỐC"
    if name.startswith("Phòng "):
        return "", "TRƯỞNG PHÒNG"
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def dated(place: str, day: date | None, year: int) -> str:
    """"Song Vân, ngày 11 tháng 01 năm 2024"; a draft leaves day and month for the signer."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def summary(form_name: str, period_label: str) -> str:
    """The trích yếu: "Kết quả thực hiện dân chủ ở xã, phường, thị trấn năm 2023"."""
    subject = re.sub(r"\s*\([^)]*\)\s*$", "", form_name).strip()
    if subject.lower().startswith("báo cáo "):
        subject = subject[len("báo cáo "):]
    subject = subject[:1].upper() + subject[1:]
    return f"{subject} {period_label[:1].lower()}{period_label[1:]}"


def roman(index: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while index >= value:
            out, index = out + letters, index - value
    return out


def addressee(kind: OrgUnitKind, name: str) -> str:
    """How "Nơi nhận" names a body: "UBND huyện Tân Yên"."""
    if kind in ADMINISTRATIVE:
        return f"UBND {name[:1].lower()}{name[1:]}"
    return name


# How a compiled report names the kinds of units it counts ("cơ quan chuyên môn 13/13 (100%)").
KIND_LABELS = {OrgUnitKind.province: "tỉnh", OrgUnitKind.district: "huyện",
               OrgUnitKind.commune: "xã", OrgUnitKind.village: "thôn",
               OrgUnitKind.department: "cơ quan chuyên môn",
               OrgUnitKind.public_service: "đơn vị sự nghiệp",
               OrgUnitKind.mass_org: "tổ chức chính trị – xã hội",
               OrgUnitKind.enterprise: "doanh nghiệp",
               OrgUnitKind.steering_committee: "ban chỉ đạo"}


def not_done(indicator_name: str) -> str:
    """"Tổ chức Hội nghị người lao động" → "Chưa tổ chức Hội nghị người lao động"."""
    rest = re.sub(r"^(Đã|Có)\s+", "", indicator_name)
    return f"Chưa {rest[:1].lower()}{rest[1:]}"
