from datetime import date

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base


class OrgUnitTree(Base):
    """Closure table over time: `ancestor` had `descendant` below it from valid_from until valid_to.

    "Who was under X on date D" is one indexed lookup, so aggregates and expected reporters follow
    the tree as it stood in each period instead of today's tree.
    """

    __tablename__ = "org_unit_tree"
    __table_args__ = (
        Index("ix_org_unit_tree_ancestor", "ancestor_id", "valid_from", "valid_to"),
        Index("ix_org_unit_tree_descendant", "descendant_id", "valid_from", "valid_to"),
    )

    ancestor_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    descendant_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    valid_from: Mapped[date] = mapped_column(primary_key=True)
    valid_to: Mapped[date | None]
    depth: Mapped[int]
