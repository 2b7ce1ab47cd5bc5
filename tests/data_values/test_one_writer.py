"""Figures have one writer (issue 16 §1): `backend/data_values/store.py` writes every `data_value` row
with its roll-up delta; reports, imports, Excel and the demo call it. A writer elsewhere would
have to remember the roll-ups itself, and the copies had drifted."""

import ast

from tests.writers import offenders, writes

OWNER = "data_values/store.py"


def _is_row(func: ast.expr, tree: ast.Module) -> bool:
    """Whether `DataValue(…)` makes the table's row: the API's schema of one (submissions'
    `schemas.DataValue`) shares the glossary's name."""
    if isinstance(func, ast.Attribute):
        return isinstance(func.value, ast.Name) and func.value.id == "models"
    return not any(isinstance(node, ast.ImportFrom) and node.module != "backend.models"
                   and any(alias.name == "DataValue" for alias in node.names)
                   for node in ast.walk(tree))


def _writes(source: str) -> list[tuple[int, str]]:
    return writes(source, {"DataValue"}, ["data_value"], _is_row)


def test_the_detector_sees_each_way_of_writing_a_figure():
    writers = '''
session.add(DataValue(indicator_id=1, org_unit_id=2, period="2024"))
await session.execute(delete(DataValue).where(DataValue.id.in_(ids)))
await session.execute(update(DataValue).values(status="approved"))
statement = (postgresql.insert if pg else sqlite.insert)(DataValue).from_select(names, rows)
await session.execute(text("UPDATE data_value SET status = 'approved'"))
await connection.copy_records_to_table("x", records=rows)  # another table: not a write here
rows = await session.scalars(select(DataValue).where(DataValue.period == "2024"))
shown = schemas.DataValue(indicator="QCDC_X", value=1)  # the API's schema: no row
'''
    assert _writes(writers) == [(2, "DataValue(…)"), (3, "delete(DataValue)"),
                                (4, "update(DataValue)"), (5, "insert(DataValue)"),
                                (6, "SQL writing data_value")]


def test_only_the_figures_store_writes_data_value():
    assert offenders(OWNER, _writes) == [], "write figures through backend/data_values/store.py"
