"""What a compiled report (báo cáo tổng hợp) gathered from the units below, as of its last compile."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONDocument, utcnow


class SubmissionCompilation(Base):
    """Marks a submission as compiled and keeps the material of its last compile. The figures stay
    here, not in data_value: the units below already roll up into the compiling unit, so storing
    them again as its own values would count them twice."""

    __tablename__ = "submission_compilation"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               primary_key=True)
    material: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    compiled_at: Mapped[datetime] = mapped_column(default=utcnow)
    compiled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
