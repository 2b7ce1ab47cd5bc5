"""Endpoints and services hold no SQL (issue 16 §7): endpoint → service (rules) → repository (all
SQL) → session. A query written in a service is one its package's repository does not know, and
the next service needing it writes it a second time; so is a write through the session (add,
flush, delete…)."""

import ast

from backend.config import PROJECT_ROOT

BACKEND = PROJECT_ROOT / "backend"
LAYERS = {"service.py", "endpoints.py"}
SESSION_QUERIES = {"execute", "scalar", "scalars", "get",
                   "add", "add_all", "flush", "delete", "refresh", "merge"}
STATEMENTS = {"select", "insert", "update", "delete"}


def _queries(source: str) -> list[tuple[int, str]]:
    """(line, what) where the session is queried or written, or a SQL statement is built."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if (isinstance(called, ast.Attribute) and called.attr in SESSION_QUERIES
                and isinstance(called.value, ast.Name) and called.value.id == "session"):
            found.append((node.lineno, f"session.{called.attr}"))
        elif isinstance(called, ast.Name) and called.id in STATEMENTS:
            found.append((node.lineno, f"{called.id}(…)"))
    return sorted(found)


def test_the_detector_sees_each_way_of_querying():
    service = '''
user = await session.get(User, user_id)
client = await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
rows = await session.scalars(query)
await session.execute(update(ApiToken).values(revoked_at=now))
await session.execute(insert(AuditEvent), rows)
statement = delete(AuthSession)
session.add(row)
session.add_all(rows)
await session.flush()
await session.delete(row)
await session.refresh(user, ["unit"])
row = await session.merge(row)
user = await repository.get(session, user_id)  # a repository's call: not a query here
await repository.add(session, row)  # nor a write
settings.get("key")  # not the session
seen.add(code)  # nor here
'''
    assert _queries(service) == [(2, "session.get"), (3, "select(…)"), (3, "session.scalar"),
                                 (4, "session.scalars"), (5, "session.execute"),
                                 (5, "update(…)"), (6, "insert(…)"), (6, "session.execute"),
                                 (7, "delete(…)"), (8, "session.add"), (9, "session.add_all"),
                                 (10, "session.flush"), (11, "session.delete"),
                                 (12, "session.refresh"), (13, "session.merge")]


def test_endpoints_and_services_leave_sql_to_repositories():
    offenders = []
    for path in sorted(BACKEND.rglob("*.py")):
        if path.name in LAYERS:
            offenders += [f"{path.relative_to(BACKEND).as_posix()}:{line} {what}"
                          for line, what in _queries(path.read_text("utf-8"))]
    assert offenders == [], "move the query or write into the package's repository.py"
