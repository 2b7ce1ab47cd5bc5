from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base


class Target(Base):
    """A measurable goal of a plan: "100% cơ quan tổ chức Hội nghị CBCCVC hằng năm"."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id", ondelete="CASCADE"))
    # Linked by catalogue code, so a target can name an indicator added to the catalogue later.
    indicator_code: Mapped[str | None] = mapped_column(String(64), index=True)
    comparator: Mapped[str] = mapped_column(String(2))
    value: Mapped[float] = mapped_column(Numeric(14, 4))
    unit: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text)
    recurrence: Mapped[str] = mapped_column(String(16))
