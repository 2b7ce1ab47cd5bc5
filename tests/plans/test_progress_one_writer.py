"""Stored plan progress has one writer (issue 19 §1): `backend/assignments/tally.py` writes every
`plan_task_progress` and `plan_progress_count` row, so every write path (issue, amendment, a
progress report, a change of the tree) keeps the counts true by calling it."""

from tests.writers import offenders, writes

OWNER = "assignments/tally.py"
MODELS = {"PlanTaskProgress", "PlanProgressCount"}


def _writes(source: str) -> list[tuple[int, str]]:
    return writes(source, MODELS, ["plan_task_progress", "plan_progress_count"])


def test_the_detector_sees_each_way_of_writing_progress():
    writers = '''
session.add(PlanTaskProgress(assignment_id=1, unit_id=2))
await session.execute(delete(PlanProgressCount).where(PlanProgressCount.plan_id == 1))
await session.execute(update(PlanTaskProgress).values(state="done"))
await session.execute(text("INSERT INTO plan_progress_count VALUES (1)"))
rows = await session.scalars(select(PlanTaskProgress).where(PlanTaskProgress.plan_id == 1))
'''
    assert _writes(writers) == [
        (2, "PlanTaskProgress(…)"), (3, "delete(PlanProgressCount)"),
        (4, "update(PlanTaskProgress)"), (5, "SQL writing plan_task_progress/plan_progress_count")]


def test_only_the_tally_writes_stored_progress():
    assert offenders(OWNER, _writes) == [], \
        "write stored progress through backend/assignments/tally.py"
