"""Who took over from whom: the successions of units (merges, splits, renamings), followed in turn.

A district merged into a province that itself merged into another passes its work on twice, so
both directions are recursive queries, anchored on the few units asked about rather than on the
whole succession table (about ten thousand rows after the 2025 reform). UNION, not UNION ALL: a
row met again ends the walk, so even a mistaken cycle of successions terminates.
"""

from typing import Any

from sqlalchemy import CTE, Select, select
from sqlalchemy.orm import aliased

from backend.models import OrgUnitSuccession


def successors(origins: Select[Any, Any], name: str) -> CTE:
    """Rows (origin_id, unit_id, since): each unit of `origins` (columns `unit_id`, `since`) from
    its own date, then every unit that took over from it from the succession's effective date.

    `name` names the query; two walks in one statement need two names."""
    start = origins.subquery(f"{name}_start")
    walk = select(start.c.unit_id.label("origin_id"), start.c.unit_id.label("unit_id"),
                  start.c.since.label("since")).cte(name, recursive=True)
    step = aliased(OrgUnitSuccession)
    return walk.union(select(walk.c.origin_id, step.successor_id, step.effective_date)
                      .where(step.predecessor_id == walk.c.unit_id))


def predecessors(unit_id: int, name: str = "predecessors") -> Select[int]:
    """Every unit `unit_id` took over from, directly or in turn."""
    walk = select(OrgUnitSuccession.predecessor_id.label("unit_id")).where(
        OrgUnitSuccession.successor_id == unit_id).cte(name, recursive=True)
    step = aliased(OrgUnitSuccession)
    walk = walk.union(select(step.predecessor_id).where(step.successor_id == walk.c.unit_id))
    return select(walk.c.unit_id)
