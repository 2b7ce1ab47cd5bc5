"""Match the name of a body written in a plan ("Phòng Tài chính – Kế hoạch", "Đề nghị Ủy ban MTTQ
Việt Nam huyện") to one of the organisation units QCDC knows.

Plans write the same unit many ways: abbreviated (UBND, MTTQ, TC-KH), with or without "Việt Nam",
with an en dash or a hyphen, with or without the place name. Names are compared in a normal form,
and a match is only returned when exactly one unit fits: a wrong assignment is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from backend.kit.text import fold


@dataclass(frozen=True)
class UnitCandidate:
    id: int
    name: str
    kind: str


# Several-word abbreviations first (written "TC-KH", "TC - KH" or "TCKH"), then single words.
_PHRASES: dict[tuple[str, ...], str] = {
    ("tc", "kh"): "tai chinh ke hoach",
    ("vh", "tt"): "van hoa thong tin",
    ("tn", "mt"): "tai nguyen moi truong",
    ("gd", "dt"): "giao duc dao tao",
    ("kt", "ht"): "kinh te ha tang",
    ("nn", "ptnt"): "nong nghiep phat trien nong thon",
    ("ld", "tb", "xh"): "lao dong thuong binh xa hoi",
    ("ub", "mttq"): "uy ban mat tran to quoc",
    ("ct", "xh"): "chinh tri xa hoi",
    ("mttq", "vn"): "mat tran to quoc",
}
_WORDS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ub": "uy ban",
    "ldld": "lien doan lao dong",
    "tckh": "tai chinh ke hoach",
    "vhtt": "van hoa thong tin",
    "tnmt": "tai nguyen moi truong",
    "gddt": "giao duc dao tao",
    "ktht": "kinh te ha tang",
    "ldtbxh": "lao dong thuong binh xa hoi",
    "nnptnt": "nong nghiep phat trien nong thon",
    "bch": "ban chi huy",
    "bchqs": "ban chi huy quan su",
    "ctxh": "chinh tri xa hoi",
    "qcdc": "quy che dan chu",
    "ubkt": "uy ban kiem tra",
    "bdv": "ban dan van",
    "ccb": "cuu chien binh",
    "hlhpn": "hoi lien hiep phu nu",
    "ttyt": "trung tam y te",
    "cchc": "cai cach hanh chinh",
    "vn": "viet nam",
}
# Punctuation that does not change a name: "Tài chính – Kế hoạch" = "Tài chính - Kế hoạch".
_SEPARATORS = re.compile(r"[–—\-,;:.&/()]|\bva\b")
_SPACES = re.compile(r"\s+")
_VIETNAM = re.compile(r"(?<=\S) viet nam\b")
_LEVEL_SUFFIX = re.compile(r" (?:huyen|tinh|xa|thi xa|thanh pho|phuong|thi tran)$")


def normalise_unit_name(name: str) -> str:
    """The form two spellings of one unit share.

    Fold (lower-case, no diacritics, so "Ủy"/"Uỷ"/"uy" agree); "vh&tt"-style abbreviations are
    read before punctuation goes; then "–", "-", ",", "&", "/" and the word "và" become spaces;
    abbreviations are expanded as whole words ("ubnd" → "uy ban nhan dan", "tc kh" →
    "tai chinh ke hoach", "mttq" → "mat tran to quoc"…); "viet nam" after the first word is
    dropped ("Mặt trận Tổ quốc Việt Nam huyện" = "MTTQ huyện"); spaces are collapsed.
    """
    folded = fold(name).replace("vh&tt", "vhtt").replace("tn&mt", "tnmt").replace("&", " va ")
    tokens = _SPACES.sub(" ", _SEPARATORS.sub(" ", folded)).split()
    expanded = " ".join(_expand(tokens))
    return _SPACES.sub(" ", _VIETNAM.sub("", expanded)).strip()


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        for phrase, expansion in _PHRASES.items():
            if tuple(tokens[index : index + len(phrase)]) == phrase:
                out.append(expansion)
                index += len(phrase)
                break
        else:
            out.append(_WORDS.get(tokens[index], tokens[index]))
            index += 1
    return out


def _without_places(normalised: str, places: Sequence[str]) -> str:
    for place in places:
        normalised = re.sub(rf"(?:^| ){re.escape(place)}(?= |$)", "", normalised)
    return _SPACES.sub(" ", normalised).strip()


def _as_is(normalised: str) -> str:
    return normalised


def _without_level(normalised: str) -> str:
    return _LEVEL_SUFFIX.sub("", normalised)


def match_unit(
    name: str,
    candidates: Sequence[UnitCandidate],
    place_names: Sequence[str] = (),
) -> UnitCandidate | None:
    """The one unit `name` designates, or None when no unit or more than one fits.

    Both sides are normalised (see `normalise_unit_name`) and the given place names (the issuer's
    "Hớn Quản") are removed from them, so "Liên đoàn Lao động huyện" matches "Liên đoàn Lao động
    huyện Hớn Quản". Then:
    1. equal names match;
    2. failing that, names equal once a trailing level word ("huyện", "tỉnh", "xã", "thị xã",
       "thành phố", "phường", "thị trấn") is dropped from both sides match.
    At each step, two or more fitting candidates make the name ambiguous: None, never a guess.
    """
    places = [normalise_unit_name(place) for place in place_names if place.strip()]
    wanted = _without_places(normalise_unit_name(name), places)
    if not wanted:
        return None
    keyed = [(_without_places(normalise_unit_name(c.name), places), c) for c in candidates]
    for key in (_as_is, _without_level):
        target = key(wanted)
        fitting = [candidate for norm, candidate in keyed if key(norm) == target]
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            return None
    return None


__all__ = ["UnitCandidate", "match_unit", "normalise_unit_name"]
