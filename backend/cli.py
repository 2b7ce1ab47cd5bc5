"""`qcdc`: serve, migrate, load demo data, export the API contract, manage users."""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from backend.config import PROJECT_ROOT, get_settings


def _db_upgrade(_args: argparse.Namespace) -> int:
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    print(f"database at {_shown_url()} is up to date")
    return 0


def _shown_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


async def _in_transaction(work):  # type: ignore[no-untyped-def]
    from backend.db import get_engine, get_sessionmaker

    try:
        async with get_sessionmaker()() as session, session.begin():
            return await work(session)
    finally:
        await get_engine().dispose()


def _demo_load(_args: argparse.Namespace) -> int:
    from backend.demo.loader import load_demo
    from backend.demo.users import DEMO_PASSWORD, DEMO_USERS

    report = asyncio.run(_in_transaction(load_demo))
    created = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
    print(f"demo data loaded: {created}")
    print(f"demo logins (password for all: {DEMO_PASSWORD}):")
    for user in DEMO_USERS:
        roles = ",".join(role.value for role in user.roles)
        print(f"  {user.username:<32} {roles:<10} {user.full_name}")
    return 0


def _catalogue_load(_args: argparse.Namespace) -> int:
    from backend.indicators.catalogue import load_catalogue

    created = asyncio.run(_in_transaction(load_catalogue))
    print("catalogue loaded: " + (", ".join(f"{n} {what}" for what, n in created.items())
                                  or "nothing new"))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    if settings.env != "development" and settings.uses_default_secret:
        print("refusing to start: set QCDC_SECRET_KEY (the default key is for development only)",
              file=sys.stderr)
        return 2
    uvicorn.run("backend.main:app", host=args.host, port=args.port, proxy_headers=True,
                log_level="info")
    return 0


def _openapi_export(args: argparse.Namespace) -> int:
    from backend.openapi import render

    target = Path(args.output)
    fresh = render()
    if args.check:
        if not target.exists() or target.read_text("utf-8") != fresh:
            print(f"{target} is stale: run `qcdc openapi export`", file=sys.stderr)
            return 1
        print(f"{target} matches the code")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fresh, "utf-8")
    print(f"wrote {target}")
    return 0


def _users_create(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend.kit.security import hash_password
    from backend.models import OrgUnit, Role, User, UserRole

    password = args.password or _prompt_password()
    roles = [Role(role) for role in args.role]

    async def create(session):  # type: ignore[no-untyped-def]
        unit_id = None
        if args.unit:
            unit_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == args.unit))
            if unit_id is None:
                raise SystemExit(f"no org unit with code {args.unit}")
        elif roles != [Role.admin]:
            raise SystemExit("only an admin may have no unit: give --unit CODE")
        if await session.scalar(select(User.id).where(User.username == args.name)):
            raise SystemExit(f"user {args.name} already exists")
        session.add(User(username=args.name, full_name=args.full_name or args.name,
                         unit_id=unit_id, password_hash=hash_password(password), is_active=True,
                         failed_logins=0, role_rows=[UserRole(role=r) for r in roles]))

    asyncio.run(_in_transaction(create))
    print(f"created user {args.name} ({', '.join(r.value for r in roles)})")
    return 0


def _prompt_password() -> str:
    first = getpass.getpass("Password: ")
    if len(first) < 10 or first != getpass.getpass("Repeat password: "):
        raise SystemExit("passwords differ or are shorter than 10 characters")
    return first


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qcdc", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API and the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="apply every migration").set_defaults(run=_db_upgrade)

    demo = commands.add_parser("demo", help="demo data").add_subparsers(dest="demo", required=True)
    demo.add_parser("load", help="load the seed-based demo data (idempotent)").set_defaults(
        run=_demo_load)

    catalogue = commands.add_parser("catalogue", help="indicators and reporting forms").add_subparsers(
        dest="catalogue", required=True)
    catalogue.add_parser("load", help="load the default catalogue (idempotent, by code)").set_defaults(
        run=_catalogue_load)

    openapi = commands.add_parser("openapi", help="the API contract").add_subparsers(
        dest="openapi", required=True)
    export = openapi.add_parser("export", help="write openapi/openapi.json")
    export.add_argument("--output", default=str(PROJECT_ROOT / "openapi" / "openapi.json"))
    export.add_argument("--check", action="store_true", help="fail if the file differs")
    export.set_defaults(run=_openapi_export)

    users = commands.add_parser("users", help="accounts").add_subparsers(dest="users", required=True)
    create = users.add_parser("create", help="create a user")
    create.add_argument("name", help="username")
    create.add_argument("--role", action="append", required=True,
                        choices=["admin", "planner", "reviewer", "reporter", "viewer"])
    create.add_argument("--unit", help="org unit code (none: a country-wide admin)")
    create.add_argument("--full-name")
    create.add_argument("--password", help="prompted for when not given")
    create.set_defaults(run=_users_create)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
