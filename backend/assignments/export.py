"""A plan's tasks as a CSV file, streamed: a national plan has tens of thousands of tasks as units
carry them, more than a page of the API or a workbook made in the browser holds.

One row per task and carrying unit, with what the plan's task list shows: where it stands, its
percent, its occurrences settled and overdue, the next due date. Headers and words are in the
caller's language (the web app's, Vietnamese: an official opens the file in Excel); the file is
UTF-8 with a BOM, which Excel needs to read Vietnamese, and every text cell is neutralised against
formulas (`kit.spreadsheet`).
"""

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import date

from backend.assignments.schemas import DONE, PlanTaskFilters, Task, state_of
from backend.assignments.service import plan_task_batches
from backend.auth.principal import Principal
from backend.db import read_only_session
from backend.kit.said import Language, Said
from backend.kit.spreadsheet import Cell, csv_cell
from backend.plans import repository as plans

MEDIA_TYPE = "text/csv; charset=utf-8"

HEADERS = (
    Said("Mục", "section_number"), Said("Nhiệm vụ", "section_title"),
    Said("Mã đơn vị", "unit_code"), Said("Đơn vị thực hiện", "unit_name"),
    Said("Vai trò", "role"), Said("Hình thức", "mode"), Said("Tần suất", "recurrence"),
    Said("Tình trạng", "state"), Said("Tiến độ (%)", "percent"), Said("Số kỳ", "occurrences"),
    Said("Số kỳ đã xong", "settled"), Said("Số kỳ quá hạn", "overdue"),
    Said("Hạn tiếp theo", "next_due"),
)
# The words of the web app (frontend/src/i18n/vi.ts); in English the API's own values.
_WORDS = {
    "lead": "Chủ trì", "support": "Phối hợp", "assigned": "Giao", "requested": "Đề nghị",
    "once": "Một lần", "continuous": "Thường xuyên", "annual": "Hằng năm",
    "monthly": "Hằng tháng", "quarterly": "Hằng quý", "semiannual": "6 tháng một lần",
    "every_n_years": "Định kỳ nhiều năm", "done": "Đã xong", "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
}


def file_name(plan_id: int) -> str:
    return f"QCDC_nhiem_vu_ke_hoach_{plan_id}.csv"


async def stream(principal: Principal, plan_id: int, filters: PlanTaskFilters,
                 language: Language) -> AsyncIterator[bytes]:
    """The file, a batch of tasks at a time, read in a session of its own: the request's has
    ended by the time the body is sent."""
    yield ("\ufeff" + _lines([[h.in_(language) for h in HEADERS]])).encode()
    async with read_only_session() as session:
        plan = await plans.get(session, plan_id)
        if plan is None:  # deleted since the request was answered: an empty list
            return
        async for tasks in plan_task_batches(session, principal, plan, filters):
            yield _lines([_row(task, language) for task in tasks]).encode()


def _row(task: Task, language: Language) -> list[Cell]:
    def word(value: str) -> str:
        return _WORDS[value] if language == "vi" else value

    def day(value: date | None) -> str | None:
        if value is None:
            return None
        return value.strftime("%d/%m/%Y") if language == "vi" else value.isoformat()

    return [task.section_number, task.section_title, task.unit.code, task.unit.name,
            word(task.role.value), word(task.mode.value), word(task.recurrence),
            word(state_of(task).value), task.percent, len(task.occurrences),
            sum(o.status in DONE for o in task.occurrences),
            sum(o.overdue for o in task.occurrences), day(task.next_due)]


def _lines(rows: Sequence[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
