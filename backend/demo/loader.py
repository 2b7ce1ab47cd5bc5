"""Demo data from the seed documents, loaded idempotently: what exists (by code or username) stays."""

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import carry
from backend.auth.principal import Principal
from backend.demo.activity import (
    load_departments,
    load_plan,
    load_progress,
    load_province_plan,
    load_reports,
)
from backend.demo.figures import load_figures
from backend.demo.generated import load_generated
from backend.demo.users import DEMO_PASSWORD, DEMO_USERS
from backend.kit.security import hash_password
from backend.kit.text import fold, nfc
from backend.models import GrassrootsType, OrgUnit, OrgUnitKind, User, UserRole
from backend.org_units import reorganisation
from backend.org_units import repository as units

REFORM_FILE = "reform_2025.csv"
# Closed by the reform: whether it is, says whether the reform was applied.
REFORMED_DISTRICT = "216"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n


def read_data(name: str) -> Any:
    return json.loads(resources.files("backend.demo").joinpath("data", name).read_text("utf-8"))


async def load_units(session: AsyncSession, report: LoadReport) -> None:
    existing = {code: unit for code, unit in (await session.execute(
        select(OrgUnit.code, OrgUnit)))}
    for row in read_data("units.json"):
        if row["code"] in existing:
            continue
        parent = existing[row["parent"]] if row["parent"] else None
        name = nfc(row["name"])
        unit = await units.add(session, OrgUnit(
            code=row["code"], name=name, name_folded=fold(name), kind=OrgUnitKind(row["kind"]),
            grassroots_type=GrassrootsType(row["grassroots_type"]) if row["grassroots_type"] else None,
            parent_id=parent.id if parent else None, valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=None, path="", depth=0), parent)
        existing[unit.code] = unit
        report.count("org units")


async def load_users(session: AsyncSession, report: LoadReport) -> None:
    taken = set(await session.scalars(select(User.username)))
    unit_ids = dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())
    password_hash = hash_password(DEMO_PASSWORD)
    for demo in DEMO_USERS:
        if demo.username in taken:
            continue
        session.add(User(username=demo.username, full_name=demo.full_name,
                         unit_id=unit_ids[demo.unit_code] if demo.unit_code else None,
                         password_hash=password_hash, is_active=True,
                         role_rows=[UserRole(role=role) for role in demo.roles]))
        report.count("users")
    await session.flush()


async def load_demo(session: AsyncSession, *, reform: bool = True,
                    activity: bool = False) -> LoadReport:
    """The seeds' units as they stood in 2024 with their figures, then (`reform`) the two-tier
    state of 1 July 2025 applied over them, as a deployment that lived through it has; with
    `activity` (on today's tree only), the work of its users up to today (backend/demo/activity.py)."""
    if activity and not reform:
        raise ValueError("the demo's activity runs on today's tree: it needs the reform")
    report = LoadReport()
    await load_units(session, report)
    await carry.refresh(session)
    await load_users(session, report)
    await load_catalogue(session, report)
    report.count("historic figures", await load_figures(session))
    if activity:
        report.count("plans", await load_plan(session))
    if reform:
        report.count("reform events", await load_reform(session))
    if activity:
        report.count("departments", await load_departments(session))
        report.count("plans", await load_province_plan(session))
        report.count("progress reports", await load_progress(session))
        report.count("reports", await load_reports(session))
        report.count("illustrative figures", await load_generated(session))
    return report


async def load_reform(session: AsyncSession) -> int:
    """The reform of 2025-07-01 (reform_2025.csv), through the reorganisation import a ministry's
    file goes through, once: after it, none of the demo's districts is open."""
    applied = await session.scalar(select(OrgUnit.valid_to.is_not(None)).where(
        OrgUnit.code == REFORMED_DISTRICT))
    if applied:
        return 0
    admin = await session.scalar(select(User).where(User.username == "admin"))
    assert admin is not None, "load_users makes the country's admin first"
    rows = reorganisation.csv_rows(
        resources.files("backend.demo").joinpath("data", REFORM_FILE).read_bytes())
    summary = await reorganisation.reorganise(session, Principal.of(admin), rows,
                                              reorganisation.Options(atomic=True))
    if summary.rejected:
        raise RuntimeError(f"{REFORM_FILE} was refused: {summary.conflicts}")
    return summary.applied


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: str
    unit: str


async def demo_logins(session: AsyncSession) -> list[DemoLogin]:
    """The demo's accounts as they stand: the reform moved those of the units it closed."""
    names = {demo.username for demo in DEMO_USERS}
    rows = await session.execute(
        select(User, OrgUnit.name).outerjoin(OrgUnit, OrgUnit.id == User.unit_id)
        .where(User.username.in_(names), User.is_active).order_by(User.username))
    return [DemoLogin(user.username, ",".join(sorted(role.value for role in user.roles)),
                      unit or "cả nước") for user, unit in rows]


async def load_catalogue(session: AsyncSession, report: LoadReport) -> None:
    """The default catalogue: indicators and reporting forms of catalogue.json, by code."""
    from backend.indicators.catalogue import load_catalogue as load

    for what, n in (await load(session)).items():
        report.count(what, n)
