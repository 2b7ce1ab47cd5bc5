"""`qcdc`: run a QCDC server (serve, migrate, load data, export the contract, manage users) and
talk to one over HTTP (login, submit figures, export aggregates, download templates).

Commands import what they use when they run (the application, the HTTP client), so each starts
fast; the HTTP commands need no database and no server settings.
"""

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from backend.client.commands import client_commands

app = typer.Typer(name="qcdc", help=__doc__, no_args_is_help=True, add_completion=False,
                  rich_markup_mode="markdown",
                  pretty_exceptions_enable=False)
db = typer.Typer(help="database schema", no_args_is_help=True)
demo = typer.Typer(help="demo data", no_args_is_help=True)
catalogue = typer.Typer(help="indicators and reporting forms", no_args_is_help=True)
openapi = typer.Typer(help="the API contract", no_args_is_help=True)
users = typer.Typer(help="accounts", no_args_is_help=True)
for group, name in ((db, "db"), (demo, "demo"), (catalogue, "catalogue"), (openapi, "openapi"),
                    (users, "users")):
    app.add_typer(group, name=name)
app.add_typer(client_commands)

T = TypeVar("T")


class RoleName(StrEnum):
    """Role names for `users create`, without importing the models at startup."""

    admin = "admin"
    planner = "planner"
    reviewer = "reviewer"
    reporter = "reporter"
    viewer = "viewer"


@app.command()
def serve(host: Annotated[str, typer.Option()] = "127.0.0.1",
          port: Annotated[int, typer.Option()] = 8000,
          workers: Annotated[int, typer.Option(
              min=1, help="server processes (PostgreSQL only); about one per core")] = 1) -> None:
    """serve the API and the web app"""
    import uvicorn

    from backend.config import get_settings
    from backend.db import is_sqlite

    settings = get_settings()  # refuses what may not run (the default key outside development)
    if workers > 1 and is_sqlite(settings.database_url):
        raise typer.BadParameter("SQLite has one writer: serve several workers on PostgreSQL",
                                 param_hint="--workers")
    # The app reads proxy headers itself, from QCDC_TRUSTED_PROXIES only (backend/kit/proxies.py).
    # Connections are kept open longer than a proxy's or a client's idle gap (nginx keeps its
    # upstream connections 60 s): at uvicorn's 5 s, a request sent as the server closed an idle
    # connection was reset (seen under the deadline-day load, people pausing 5-15 s).
    uvicorn.run("backend.main:app", host=host, port=port, workers=workers, proxy_headers=False,
                log_level="info", timeout_keep_alive=75)


@db.command("upgrade")
def db_upgrade() -> None:
    """apply every migration, then store the progress of plans that have none"""
    from alembic import command
    from alembic.config import Config

    from backend.assignments.tally import rebuild_all
    from backend.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    print(f"database at {_shown_url()} is up to date")
    # Plans issued before their progress was stored get it now, so no one has to remember to.
    rebuilt = _in_transaction(partial(rebuild_all, missing_only=True))
    if rebuilt:
        print(f"stored progress written for {rebuilt} plans")


@db.command("rebuild-progress")
def db_rebuild_progress() -> None:
    """write afresh the stored progress of every issued or closed plan (after the migration that
    added it, or to repair it)"""
    from backend.assignments.tally import rebuild_all

    print(f"stored progress rebuilt for {_in_transaction(rebuild_all)} plans")


def _shown_url() -> str:
    from sqlalchemy.engine import make_url

    from backend.config import get_settings

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


def _in_transaction(work: Callable[[Any], Awaitable[T]]) -> T:
    """`work(session)` in one committed transaction; the engine is closed after, for a clean exit."""
    from backend.db import get_engine, get_sessionmaker

    async def run() -> T:
        try:
            async with get_sessionmaker()() as session, session.begin():
                return await work(session)
        finally:
            await get_engine().dispose()

    return asyncio.run(run())


@demo.command("load")
def demo_load(
    reform: Annotated[bool, typer.Option(
        help="apply the reform of 1 July 2025 (no reform: the seeds' 2024 tree, for tests that "
             "act as district officials; no users' activity either)")] = True,
) -> None:
    """load the seed-based demo data (idempotent)"""
    from backend.demo.loader import demo_logins, load_demo
    from backend.demo.users import DEMO_PASSWORD

    report = _in_transaction(lambda session: load_demo(session, reform=reform, activity=reform))
    created = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
    print(f"demo data loaded: {created}")
    print(f"demo logins (password for all: {DEMO_PASSWORD}), with the unit each acts for today:")
    for login in _in_transaction(demo_logins):
        print(f"  {login.username:<32} {login.roles:<10} {login.unit}")


@catalogue.command("load")
def catalogue_load() -> None:
    """load the default catalogue (idempotent, by code)"""
    from backend.indicators.catalogue import load_catalogue

    created = _in_transaction(load_catalogue)
    print("catalogue loaded: " + (", ".join(f"{n} {what}" for what, n in created.items())
                                  or "nothing new"))


@openapi.command("export")
def openapi_export(
    output: Annotated[Path | None, typer.Option(
        help="default: openapi/openapi.json of this checkout")] = None,
    check: Annotated[bool, typer.Option("--check", help="fail if a file differs")] = False,
) -> None:
    """write openapi/openapi.json, and beside it the web app's period names (period-labels.json)
    and problem messages (problem-messages.json)"""
    from backend import problem_messages
    from backend.config import PROJECT_ROOT
    from backend.openapi import render
    from backend.periods import labels

    output = output or PROJECT_ROOT / "openapi" / "openapi.json"
    files = {output: render(), output.parent / "period-labels.json": labels.render(),
             output.parent / "problem-messages.json": problem_messages.render()}
    if check:
        stale = [path for path, fresh in files.items()
                 if not path.exists() or path.read_text("utf-8") != fresh]
        for path in stale:
            print(f"{path} is stale: run `qcdc openapi export`", file=sys.stderr)
        if stale:
            raise typer.Exit(1)
        print(f"{output} matches the code")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    for path, fresh in files.items():
        path.write_text(fresh, "utf-8")
        print(f"wrote {path}")


@users.command("create")
def users_create(
    name: Annotated[str, typer.Argument(help="username")],
    role: Annotated[list[RoleName], typer.Option(help="repeat for several roles")],
    unit: Annotated[str | None, typer.Option(help="org unit code (none: a country-wide admin)")] = None,
    full_name: Annotated[str | None, typer.Option()] = None,
    password: Annotated[str | None, typer.Option(help="prompted for when not given")] = None,
) -> None:
    """create a user"""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession

    from backend.kit.security import hash_password
    from backend.models import OrgUnit, Role, User, UserRole

    secret = password or _prompt_password()
    roles = [Role(r.value) for r in role]

    async def create(session: AsyncSession) -> None:
        unit_id = None
        if unit:
            unit_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == unit))
            if unit_id is None:
                raise SystemExit(f"no org unit with code {unit}")
        elif roles != [Role.admin]:
            raise SystemExit("only an admin may have no unit: give --unit CODE")
        if await session.scalar(select(User.id).where(User.username == name)):
            raise SystemExit(f"user {name} already exists")
        session.add(User(username=name, full_name=full_name or name, unit_id=unit_id,
                         password_hash=hash_password(secret), is_active=True,
                         role_rows=[UserRole(role=r) for r in roles]))

    _in_transaction(create)
    print(f"created user {name} ({', '.join(r.value for r in roles)})")


def _prompt_password() -> str:
    first = getpass.getpass("Password: ")
    if len(first) < 10 or first != getpass.getpass("Repeat password: "):
        raise SystemExit("passwords differ or are shorter than 10 characters")
    return first


def main() -> None:
    from pydantic import ValidationError

    try:
        app(prog_name="qcdc")
    except ValidationError as invalid:  # the settings: say what to set, not a traceback
        problems = "; ".join(error["msg"].removeprefix("Value error, ") for error in invalid.errors())
        print(f"refusing to start: {problems}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
