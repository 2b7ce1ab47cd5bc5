from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base


class OrgUnitName(Base):
    """A name a unit bore before a renaming that kept its code, from valid_from until valid_to.

    The name of today stays on `org_unit`; a document dated before the renaming prints this one."""

    __tablename__ = "org_unit_name"
    __table_args__ = (Index("ix_org_unit_name_unit", "org_unit_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    valid_from: Mapped[date]
    valid_to: Mapped[date]
