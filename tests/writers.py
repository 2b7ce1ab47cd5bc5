"""One writer per stored rule: finds, in the backend's source, where rows of given tables are made
or written (an ORM row made, an insert/update/delete/upsert of the model, raw SQL), so a test can
hold that only the owning module does (tests/data_values/test_one_writer.py,
tests/plans/test_progress_one_writer.py)."""

import ast
import re
from collections.abc import Callable

from backend.config import PROJECT_ROOT

BACKEND = PROJECT_ROOT / "backend"
STATEMENTS = {"insert", "update", "delete", "upsert"}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.IfExp):  # (postgresql.insert if … else sqlite.insert)(DataValue)
        return _name(node.body)
    return None


def raw_write(tables: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(insert\s+into|update|delete\s+from|copy)\s+(" + "|".join(tables) + r")\b",
                      re.IGNORECASE)


def writes(source: str, models: set[str], tables: list[str],
           is_row: Callable[[ast.expr, ast.Module], bool] = lambda _func, _tree: True,
           ) -> list[tuple[int, str]]:
    """(line, what) where a row of `models` is made, or a statement or raw SQL writes `tables`."""
    found = []
    tree = ast.parse(source)
    raw = raw_write(tables)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called in models and is_row(node.func, tree):
                found.append((node.lineno, f"{called}(…)"))
            elif called in STATEMENTS and any(_name(a) in models for a in node.args):
                found.append((node.lineno, f"{called}({_name(node.args[0])})"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and raw.search(node.value):
            found.append((node.lineno, f"SQL writing {'/'.join(tables)}"))
    return sorted(found)


def offenders(owner: str, find: Callable[[str], list[tuple[int, str]]]) -> list[str]:
    """Every write outside `owner` (a path under backend/) and the models."""
    found = []
    for path in sorted(BACKEND.rglob("*.py")):
        relative = path.relative_to(BACKEND).as_posix()
        if relative != owner and not relative.startswith("models/"):
            found += [f"{relative}:{line} {what}" for line, what in find(path.read_text("utf-8"))]
    return found
