"""The plan corpus: plans of distinct shapes, each with hand-written expected tasks and targets.

Every field is scored over the whole corpus (precision: of what the parser gave, how much is
right; recall: of what the plan holds, how much the parser gave right) and must reach the goal.
`pytest -s` prints the table; a failure shows it too.

An expected file names its source with "source" (default: the plan's `.txt`); a .docx or .pdf
source is read by `backend.plans.documents.read_plan_file`, as an uploaded plan file is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.kit.text import fold
from backend.plans.documents import read_plan_file
from backend.plans.parsing import ParsedPlan, parse_plan_text
from backend.plans.targets import indicator_for

CORPUS = Path(__file__).parent / "corpus"
GOAL = 0.95

Row = dict[str, Any]
TASK_DEFAULTS: Row = {"supports": [], "mode": "assigned", "recurrence": ["once"], "due": None}


def _source_text(source: Path) -> str:
    if source.suffix == ".txt":
        return source.read_bytes().decode("utf-8")
    return read_plan_file(source.read_bytes(), source.name)


@dataclass
class Case:
    name: str
    expected: Row
    plan: ParsedPlan


def _cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CORPUS.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        expected = json.loads(path.read_text(encoding="utf-8"))
        text = _source_text(CORPUS / expected.get("source", f"{name}.txt"))
        cases.append(Case(name, expected, parse_plan_text(text)))
    return cases


def _parsed_tasks(plan: ParsedPlan) -> list[Row]:
    sections = {section.number: section for section in plan.sections}
    tasks: list[Row] = []
    for body in plan.bodies:
        for number in body.tasks:
            section = sections[number]
            tasks.append({
                "number": number,
                "title": section.title,
                "text": section.text,
                "lead": body.name,
                "supports": section.support_names,
                "mode": body.mode,
                "recurrence": list(section.recurrences),
                "due": section.due.isoformat() if section.due else None,
            })  # fmt: skip
    return tasks


def _parsed_targets(plan: ParsedPlan) -> list[Row]:
    return [{"subject": t.subject, "comparator": t.comparator, "value": t.value, "unit": t.unit,
             "indicator": indicator_for(t.subject)} for t in plan.targets]


def _starts(parsed: Row, start: str, keys: Iterable[str]) -> bool:
    wanted = fold(start)
    return any(fold(str(parsed[key])).startswith(wanted) for key in keys)


def _pair(expected: list[Row], parsed: list[Row], same: Callable[[Row, Row], bool]
          ) -> list[tuple[Row, Row]]:
    """Each expected row with the first unpaired parsed row it describes, in order."""
    free = list(parsed)
    pairs: list[tuple[Row, Row]] = []
    for row in expected:
        found = next((candidate for candidate in free if same(row, candidate)), None)
        if found is not None:
            free.remove(found)
            pairs.append((row, found))
    return pairs


@dataclass
class Score:
    right: float = 0
    given: float = 0
    wanted: float = 0

    def add(self, right: float, given: float, wanted: float) -> None:
        self.right += right
        self.given += given
        self.wanted += wanted

    @property
    def precision(self) -> float:
        return self.right / self.given if self.given else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.wanted if self.wanted else 1.0


TASK_FIELDS = ("lead", "supports", "mode", "recurrence", "due")
TARGET_FIELDS = ("comparator", "value", "unit", "indicator")


def _same_value(field: str, want: Any, got: Any) -> bool:
    if field in ("lead", "mode"):
        return fold(str(want)) == fold(str(got))
    if field == "value":
        return float(want) == float(got)
    return bool(want == got)


def _unpaired(name: str, wanted: list[Row], given: list[Row], pairs: list[tuple[Row, Row]],
              missing: str, extra: str) -> list[str]:
    """What the plan holds that the parser missed, and what it gave that the plan does not hold."""
    return ([f"{name}: {missing.format(**w)}" for w in wanted if all(w is not p[0] for p in pairs)]
            + [f"{name}: {extra.format(**g)}" for g in given if all(g is not p[1] for p in pairs)])


def _score_case(case: Case, scores: dict[str, Score], misses: list[str]) -> None:
    want_tasks = [{**TASK_DEFAULTS, **row} for row in case.expected.get("tasks", [])]
    got_tasks = _parsed_tasks(case.plan)
    pairs = _pair(want_tasks, got_tasks, lambda w, g: _starts(g, w["title"], ("text", "title")))
    scores["tasks"].add(len(pairs), len(got_tasks), len(want_tasks))
    misses += _unpaired(case.name, want_tasks, got_tasks, pairs, "task not found: {title}",
                        "extra task {number}: {title}")
    for field in TASK_FIELDS:
        for want, got in pairs:
            if field == "supports":
                found = {fold(name) for name in got[field]} & {fold(name) for name in want[field]}
                scores[field].add(len(found), len(got[field]), len(want[field]))
                right = len(found) == len(got[field]) == len(want[field])
            else:
                right = _same_value(field, want[field], got[field])
                scores[field].add(right, 1, 1)
            if not right:
                misses.append(f"{case.name}: {want['title']}: {field} {got[field]!r} "
                              f"(expected {want[field]!r})")
    want_targets = case.expected.get("targets", [])
    got_targets = _parsed_targets(case.plan)
    same_target = lambda w, g: _starts(g, w["subject"], ("subject",))  # noqa: E731
    target_pairs = _pair(want_targets, got_targets, same_target)
    scores["targets"].add(len(target_pairs), len(got_targets), len(want_targets))
    misses += _unpaired(case.name, want_targets, got_targets, target_pairs,
                        "target not found: {subject}", "extra target: {subject}")
    for field in TARGET_FIELDS:
        for want, got in target_pairs:
            right = _same_value(field, want.get(field), got[field])
            if field == "indicator":
                # A link is given or wanted only where there is one: no link scores neither way.
                hit = right and got[field] is not None
                scores["target indicator"].add(hit, got[field] is not None, want.get(field) is not None)
            else:
                scores[f"target {field}"].add(right, 1, 1)
            if not right:
                misses.append(f"{case.name}: target {want['subject']}: {field} {got[field]!r} "
                              f"(expected {want[field]!r})")


def _table(scores: dict[str, Score]) -> str:
    lines = [f"{'field':<18} {'precision':>9} {'recall':>7} {'n':>5}"]
    lines += [f"{name:<18} {s.precision:>9.3f} {s.recall:>7.3f} {int(s.wanted):>5}"
              for name, s in scores.items()]
    return "\n".join(lines)


def test_corpus_has_the_shapes_it_claims() -> None:
    cases = _cases()
    assert len(cases) >= 12
    assert all(case.expected.get("tasks") or case.expected.get("targets") for case in cases)


def test_corpus_score_reaches_the_goal() -> None:
    names = ("tasks", *TASK_FIELDS, "targets", *(f"target {f}" for f in TARGET_FIELDS))
    scores = {name: Score() for name in names}
    misses: list[str] = []
    for case in _cases():
        _score_case(case, scores, misses)
    table = _table(scores)
    print(f"\n{table}\n" + "\n".join(misses))
    low = [name for name, s in scores.items() if min(s.precision, s.recall) < GOAL]
    assert not low, f"below {GOAL} on {low}\n{table}\n" + "\n".join(misses)
