"""Texts a spreadsheet application would run as formulas, and what every export must make of them."""

# Unit names keep only the first four: names are stripped, so none starts with a tab or a CR.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(1)", "\tx", "\rx")
NAMED = FORMULAS[:4]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def assert_csv_text(written: str, stored: str) -> None:
    """A CSV cell shows `stored` as text: never a formula, the text whole after the quote."""
    assert not written.startswith(STARTS), repr(written)
    assert written == f"'{stored}", (written, stored)
