"""What a user is notified of, and its words in Vietnamese (the web app shows the text as is, and
the e-mail digest lists it)."""

from datetime import date
from typing import Literal, get_args

# Named as the webhooks' events are (webhooks/events.py): the glossary's subject, then what happened.
Kind = Literal["submission.due_soon", "submission.due_today", "submission.overdue",
               "submission.returned", "submission.approved", "submission.remind", "assignment.due",
               "assignment.overdue", "plan.issued"]
KINDS: tuple[Kind, ...] = get_args(Kind)


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def report(form: str, period: str, unit: str) -> str:
    return f"Báo cáo «{form}» {period} của {unit}"


def due_soon(what: str, deadline: date) -> str:
    return f"{what} phải nộp trước hạn {day(deadline)}."


def due_today(what: str) -> str:
    return f"Hôm nay là hạn nộp {what[0].lower()}{what[1:]}."


def overdue(what: str, deadline: date) -> str:
    return f"{what} đã quá hạn nộp ({day(deadline)}) mà chưa được gửi."


def returned(what: str, comment: str | None) -> str:
    return f"{what} bị trả lại" + (f": {comment}" if comment else ".")


def approved(what: str) -> str:
    return f"{what} đã được phê duyệt."


def remind(what: str, by: str, deadline: date | None) -> str:
    due = f" (hạn {day(deadline)})" if deadline else ""
    return f"{by} nhắc gửi {what[0].lower()}{what[1:]}{due}."


def task(section: str, plan: str) -> str:
    return f"Nhiệm vụ «{section}» của kế hoạch {plan}"


def task_due(what: str, due: date) -> str:
    return f"{what} đến hạn báo cáo ngày {day(due)}."


def task_overdue(what: str, due: date) -> str:
    return f"{what} đã quá hạn ({day(due)}) mà chưa hoàn thành."


def plan_issued(symbol: str, title: str, unit: str) -> str:
    return f"Kế hoạch {symbol} «{title}» đã được ban hành, giao nhiệm vụ cho {unit}."
