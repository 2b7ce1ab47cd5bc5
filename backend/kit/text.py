"""Vietnamese text: NFC storage form and a diacritic-free folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """The form every stored text takes, so equal words compare equal."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case, diacritic-free, single-spaced: "Hớn  Quản" and "hon quan" fold alike.

    Đ/đ is a letter of its own, not a D with a mark, so NFD leaves it whole: it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
