"""Text search the way officials type: every word, with or without diacritics, in any order."""

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import QueryableAttribute

from backend.kit.text import fold


def folded_words(column: QueryableAttribute[str], q: str) -> ColumnElement[bool]:
    """`column` (a folded copy of a name) holds every word of `q`: "hon quan" finds "Hớn Quản"."""
    return and_(*(column.contains(word, autoescape=True) for word in fold(q).split()))
