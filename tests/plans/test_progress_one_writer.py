"""Stored plan progress has one writer (issue 19 §1): `backend/assignments/tally.py` writes every
`plan_task_progress` and `plan_progress_count` row, so every write path (issue, amendment, a
progress report, a change of the tree) keeps the counts true by calling it."""

import ast
import re

from backend.config import PROJECT_ROOT

BACKEND = PROJECT_ROOT / "backend"
OWNER = "assignments/tally.py"
MODELS = {"PlanTaskProgress", "PlanProgressCount"}
STATEMENTS = {"insert", "update", "delete", "upsert"}
RAW_WRITE = re.compile(r"\b(insert\s+into|update|delete\s+from|copy)\s+"
                       r"(plan_task_progress|plan_progress_count)\b", re.IGNORECASE)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _writes(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called in MODELS:
                found.append((node.lineno, f"{called}(…)"))
            elif called in STATEMENTS and any(_name(a) in MODELS for a in node.args):
                found.append((node.lineno, f"{called}(progress)"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and RAW_WRITE.search(node.value):
            found.append((node.lineno, "SQL writing progress"))
    return sorted(found)


def test_the_detector_sees_each_way_of_writing_progress():
    writers = '''
session.add(PlanTaskProgress(assignment_id=1, unit_id=2))
await session.execute(delete(PlanProgressCount).where(PlanProgressCount.plan_id == 1))
await session.execute(update(PlanTaskProgress).values(state="done"))
await session.execute(text("INSERT INTO plan_progress_count VALUES (1)"))
rows = await session.scalars(select(PlanTaskProgress).where(PlanTaskProgress.plan_id == 1))
'''
    assert _writes(writers) == [(2, "PlanTaskProgress(…)"), (3, "delete(progress)"),
                                (4, "update(progress)"), (5, "SQL writing progress")]


def test_only_the_tally_writes_stored_progress():
    offenders = []
    for path in sorted(BACKEND.rglob("*.py")):
        relative = path.relative_to(BACKEND).as_posix()
        if relative == OWNER or relative.startswith("models/"):
            continue
        offenders += [f"{relative}:{line} {what}" for line, what in _writes(path.read_text("utf-8"))]
    assert offenders == [], "write stored progress through backend/assignments/tally.py"
