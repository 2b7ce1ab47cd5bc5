from decimal import Decimal

from sqlalchemy import Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base

NUMERIC = Numeric(24, 6)


class DataValueStaging(Base):
    """Rows of a bulk import on their way in: checked here against the stored values in a few
    set-based statements, then merged. Emptied by the request that filled it."""

    __tablename__ = "data_value_staging"
    __table_args__ = (Index("ix_data_value_staging_key", "batch", "indicator_id", "org_unit_id",
                            "period", "category_code"),)

    batch: Mapped[str] = mapped_column(String(32), primary_key=True)
    row_index: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int]
    org_unit_id: Mapped[int]
    period: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(64))
    value_numeric: Mapped[Decimal | None] = mapped_column(NUMERIC)
    value_bool: Mapped[bool | None]
    value_text: Mapped[str | None] = mapped_column(Text)
    numerator: Mapped[Decimal | None] = mapped_column(NUMERIC)
    denominator: Mapped[Decimal | None] = mapped_column(NUMERIC)
