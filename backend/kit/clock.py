"""The day in Vietnam, whatever the server's own time zone: deadlines, overdue tasks and "today's"
tree are Vietnamese days. Between 00:00 and 07:00 there, a server on UTC is still on yesterday."""

from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7))  # Indochina Time, no daylight saving


def today() -> date:
    return datetime.now(VIETNAM).date()
