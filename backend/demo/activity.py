"""The demo's users at work, up to today, through the services their own actions go through:
Hớn Quản's planner imports and issues seed 001's plan and its agencies report progress on its
tasks; Bắc Ninh's planner imports and issues the province's plan of the current year and Song
Vân reports progress on its tasks; reporters enter and submit reports, and reviewers return or
approve them.

Seed 001 is Hớn Quản's of 2024, so it is done on the tree of 2024, before the reform; the
province's plan and the reports are done on today's tree. Each step is skipped when what it makes
exists, so a later load adds only what is missing.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import service as assignments
from backend.assignments.schemas import DocumentRef, ProgressCreate
from backend.auth.principal import Principal
from backend.demo.generated import ILLUSTRATIVE, figures_of
from backend.kit import clock
from backend.models import (
    GrassrootsType,
    OrgUnit,
    OrgUnitKind,
    Plan,
    ProgressStatus,
    ReportingForm,
    User,
)
from backend.org_units import service as org_units
from backend.org_units.schemas import OrgUnitCreate
from backend.periods.rules import Period, PeriodType, parse_period
from backend.plans import service as plans
from backend.plans.schemas import PlanAmend, PlanImport, PlanUpdate
from backend.submissions import repository as submissions_found
from backend.submissions import service as submissions
from backend.submissions.schemas import (
    DataValueIn,
    SubmissionAction,
    SubmissionCreate,
    SubmissionReturn,
)

PLAN_FILE = "plan_001.txt"  # seed 001, as published
ISSUER = "694"
# Seed 001 leaves its number and date blank ("Số: /KH-UBND"); these are the demo's, after the
# Phòng Nội vụ's submission of 11/3/2024 that the plan cites.
PLAN_NUMBER, PLAN_DATE = "45", date(2024, 3, 20)
REPORTERS = ("honquan.phongnoivu.reporter", "honquan.phongtuphap.reporter")
# The province Song Vân belongs to since 1 July 2025 (Bắc Giang and Bắc Ninh merged into code 24),
# and its plan of the current year: the demo's illustration in the shape of seed 001, not a seed.
PROVINCE = "24"
PROVINCE_PLAN_FILE = "plan_bac_ninh_demo.txt"
PROVINCE_PLANNER = "bacgiang.planner"
PROVINCE_PLAN_NUMBER = "12"  # the demo's, like seed 001's 45
REFORM_DAY = date(2025, 7, 1)
# The departments the plan assigns tasks to, there since the merged province began: the seeds
# name none of the province's, so the demo's administrator of the province adds them.
DEPARTMENTS = (("24-SNV", "Sở Nội vụ tỉnh Bắc Ninh"), ("24-STP", "Sở Tư pháp tỉnh Bắc Ninh"))
SONG_VAN_REPORTER = "songvan.reporter"
EXTENSION = ("Kéo dài thời gian thực hiện để tiếp tục triển khai sau sắp xếp đơn vị hành chính "
             "(minh họa của bản demo)")
# Seed 003: Báo cáo số 04/BC-UBND ngày 11/01/2024 của UBND xã Song Vân, năm 2023.
SONG_VAN_2023 = [
    DataValueIn(indicator="QCDC_DISCLOSURE_DONE", value=True),
    DataValueIn(indicator="QCDC_LEADER_DIALOGUES", value=2),
    DataValueIn(indicator="QCDC_LEADER_DIALOGUE_PARTICIPANTS", value=8),
    DataValueIn(indicator="QCDC_FRONT_SUPERVISIONS", value=3),
    DataValueIn(indicator="QCDC_FRONT_SURVEYS", value=7),
    DataValueIn(indicator="QCDC_VILLAGES_WITH_CONVENTION", numerator=13, denominator=13),
    DataValueIn(indicator="QCDC_INSPECTIONS", value=1),
    DataValueIn(indicator="QCDC_UNITS_INSPECTED", value=2),
]
SONG_VAN_2023_RESULTS = (
    "Tổ chức 02 cuộc đối thoại trực tiếp giữa người đứng đầu với Nhân dân, 08 lượt người tham gia; "
    "Mặt trận và các đoàn thể tổ chức 03 cuộc giám sát, 07 cuộc khảo sát; 13/13 thôn có hương ước, "
    "quy ước; kiểm tra việc thực hiện dân chủ ở 02 thôn.")
RETURN_COMMENT = ("Số đơn đã giải quyết và số cuộc họp thôn chưa khớp với sổ theo dõi của xã; đề "
                  "nghị rà soát, bổ sung biên bản và gửi lại.")


@dataclass(frozen=True)
class DemoReport:
    """A report of the demo and the state it is left in (draft, submitted, returned, approved)."""

    unit: str
    form: str
    period: str
    state: str
    reporter: str = "admin"  # a unit without a reporter account of its own: the admin enters it
    reviewer: str | None = None


def last_quarter(today: date) -> str:
    """The last quarter that has ended: the one whose reports are due now."""
    holding = Period.of(PeriodType.quarter, today.year, (today.month - 1) // 3 + 1)
    while holding.end() >= today:
        holding = holding.previous()
    return holding.id


def demo_reports(today: date) -> list[DemoReport]:
    """Reports in every state, in every reviewer's area of today's tree."""
    quarter, form = last_quarter(today), "QCDC_COMMUNE_QUARTERLY"
    return [
        DemoReport("07345", "QCDC_COMMUNE_ANNUAL", "2023", "submitted", "songvan.reporter"),
        DemoReport("07345", form, quarter, "returned", "songvan.reporter", "tanyen.reviewer"),
        DemoReport("07339", form, quarter, "submitted"),
        DemoReport("07342", form, quarter, "approved", reviewer="bacgiang.reviewer"),
        DemoReport("25342", form, quarter, "draft"),
        DemoReport("25348", form, quarter, "submitted"),
        DemoReport("25349", form, quarter, "returned", reviewer="honquan.reviewer"),
        DemoReport("25351", form, quarter, "approved", reviewer="honquan.reviewer"),
        DemoReport("24499", form, quarter, "submitted"),
        DemoReport("24502", form, quarter, "returned", reviewer="krongpac.reviewer"),
        DemoReport("24505", form, quarter, "approved", reviewer="krongpac.reviewer"),
        DemoReport("24508", form, quarter, "draft"),
    ]


async def _principal(session: AsyncSession, username: str) -> Principal:
    user = await session.scalar(select(User).where(User.username == username))
    assert user is not None, f"load_users makes {username}"
    return Principal.of(user)


async def _unit(session: AsyncSession, code: str) -> OrgUnit:
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    assert unit is not None, f"load_units makes {code}"
    return unit


async def load_plan(session: AsyncSession) -> int:
    """Seed 001 imported, numbered, issued and extended by Hớn Quản's planner, its agencies'
    progress reported: once, while the district is open."""
    issuer = await _unit(session, ISSUER)
    if issuer.valid_to is not None or await session.scalar(
            select(Plan.id).where(Plan.issuer_id == issuer.id).limit(1)):
        return 0
    planner = await _principal(session, "honquan.planner")
    text = resources.files("backend.demo").joinpath("data", PLAN_FILE).read_text("utf-8")
    imported = await plans.import_plan(session, planner, PlanImport(
        text=text, issuer_id=issuer.id, dry_run=False))
    assert imported.plan_id is not None, "a plan imported without dry_run is saved"
    plan_id = imported.plan_id
    await plans.update_plan(session, planner, plan_id, PlanUpdate(
        number=PLAN_NUMBER, issue_date=PLAN_DATE))
    await plans.transition(session, planner, plan_id, "issue")
    await plans.amend_plan(session, planner, plan_id, PlanAmend(
        reason=EXTENSION, changes=PlanUpdate(span_end=date(clock.today().year, 12, 31))))
    for username in REPORTERS:
        await _report_progress(session, await _principal(session, username), date(2024, 12, 31))
    return 1


def province_plan_text(year: int) -> str:
    """The province's plan of `year`: the data file without its comment lines ("#"), the year
    put in."""
    raw = resources.files("backend.demo").joinpath("data", PROVINCE_PLAN_FILE).read_text("utf-8")
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    return "\n".join(lines).strip().replace("{year}", str(year)) + "\n"


def province_plan_date(today: date) -> date:
    """The day the province's plan of the year is issued: mid-January, or today before then."""
    return min(date(today.year, 1, 15), today)


async def load_departments(session: AsyncSession) -> int:
    """DEPARTMENTS created by the province's administrator, those that do not exist yet."""
    codes = [code for code, _ in DEPARTMENTS]
    existing = set(await session.scalars(select(OrgUnit.code).where(OrgUnit.code.in_(codes))))
    if existing == set(codes):
        return 0
    province = await _unit(session, PROVINCE)
    admin = await _principal(session, "bacgiang.admin")
    for code, name in DEPARTMENTS:
        if code not in existing:
            await org_units.create_unit(session, admin, OrgUnitCreate(
                code=code, name=name, kind=OrgUnitKind.department,
                grassroots_type=GrassrootsType.agency, parent_id=province.id,
                valid_from=REFORM_DAY))
    return len(codes) - len(existing)


async def load_province_plan(session: AsyncSession) -> int:
    """The province's plan of the current year (PROVINCE_PLAN_FILE) imported, numbered and issued
    by its planner, once a year: its tasks go to the communes as a group and to DEPARTMENTS."""
    today = clock.today()
    province = await _unit(session, PROVINCE)
    if await session.scalar(select(Plan.id).where(
            Plan.issuer_id == province.id, Plan.span_start >= date(today.year, 1, 1),
            Plan.span_start <= date(today.year, 12, 31)).limit(1)):
        return 0
    planner = await _principal(session, PROVINCE_PLANNER)
    imported = await plans.import_plan(session, planner, PlanImport(
        text=province_plan_text(today.year), issuer_id=province.id, dry_run=False))
    assert imported.plan_id is not None, "a plan imported without dry_run is saved"
    assert not imported.unmatched, f"{PROVINCE_PLAN_FILE} names unknown bodies: {imported.unmatched}"
    await plans.update_plan(session, planner, imported.plan_id, PlanUpdate(
        number=PROVINCE_PLAN_NUMBER, issue_date=province_plan_date(today)))
    await plans.transition(session, planner, imported.plan_id, "issue")
    return 1


async def _report_progress(session: AsyncSession, reporter: Principal, until: date) -> int:
    """Progress on the reporter's unreported occurrences due by `until`, each decided by a
    generator seeded with the occurrence (so a later load decides the same): about two in five
    completed with their evidence, three in ten in progress, the rest left overdue."""
    reported = 0
    for task in await assignments.my_tasks(session, reporter):
        for occurrence in task.occurrences:
            if occurrence.due_date > until or occurrence.progress_id is not None:
                continue
            draw = random.Random(f"{task.assignment_id}|{occurrence.due_date}").random()
            if draw >= 0.7:
                continue
            await assignments.report_progress(session, reporter, task.assignment_id,
                                              _progress(occurrence.due_date, draw < 0.4))
            reported += 1
    return reported


def _progress(due: date, completed: bool) -> ProgressCreate:
    if completed:
        return ProgressCreate(
            due_date=due, status=ProgressStatus.completed,
            note="Đã triển khai, có báo cáo kết quả gửi cơ quan chủ trì.",
            documents=[DocumentRef(kind="Báo cáo", number=f"{due.day + 10}/BC-UBND", date=due,
                                   title="Báo cáo kết quả thực hiện")])
    return ProgressCreate(due_date=due, status=ProgressStatus.in_progress, percent=60,
                          note="Đang triển khai; đã ban hành văn bản hướng dẫn.")


async def load_progress(session: AsyncSession) -> int:
    """Progress on seed 001's tasks since the reform, by the reporters who carry them now, up to
    the end of last year (this year's are still open); and Song Vân's on the province's tasks
    due before today (those falling due from today on are still open)."""
    today = clock.today()
    until = date(today.year - 1, 12, 31)
    reported = sum([await _report_progress(session, await _principal(session, username), until)
                    for username in REPORTERS])
    song_van = await _principal(session, SONG_VAN_REPORTER)
    return reported + await _report_progress(session, song_van, today - timedelta(days=1))


async def load_reports(session: AsyncSession) -> int:
    """The reports of demo_reports that do not exist yet, taken to their state."""
    made = 0
    for wanted in demo_reports(clock.today()):
        form = await session.scalar(select(ReportingForm).where(ReportingForm.code == wanted.form))
        unit = await _unit(session, wanted.unit)
        assert form is not None, "load_catalogue makes the forms"
        if await submissions_found.find(session, form.id, unit.id, wanted.period):
            continue
        await _make_report(session, wanted, form, unit)
        made += 1
    return made


def _figures(form: ReportingForm, wanted: DemoReport, unit: OrgUnit) -> Sequence[DataValueIn]:
    if (wanted.unit, wanted.period) == ("07345", "2023"):
        return SONG_VAN_2023
    return [DataValueIn(indicator=f.indicator, category=f.category,
                     value=f.value, numerator=f.numerator, denominator=f.denominator)
            for f in figures_of([item.indicator for item in form.items], unit.code,
                                parse_period(wanted.period))]


async def _make_report(session: AsyncSession, wanted: DemoReport, form: ReportingForm,
                       unit: OrgUnit) -> None:
    reporter = await _principal(session, wanted.reporter)
    results = SONG_VAN_2023_RESULTS if wanted.period == "2023" else ILLUSTRATIVE + "."
    context = await submissions.create_submission(session, reporter, SubmissionCreate(
        form_id=form.id, unit_id=unit.id, period=wanted.period,
        data_values=list(_figures(form, wanted, unit)), narrative={"results": results}))
    submission_id = context.submission.id
    if wanted.state == "draft":
        return
    await submissions.submit(session, reporter, submission_id, SubmissionAction())
    if wanted.reviewer is None:
        return
    reviewer = await _principal(session, wanted.reviewer)
    if wanted.state == "returned":
        await submissions.return_submission(session, reviewer, submission_id,
                                        SubmissionReturn(comment=RETURN_COMMENT))
    else:
        await submissions.approve(session, reviewer, submission_id, SubmissionAction())
