from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, JSONDocument, Timestamped, str_enum, utcnow


class PlanStatus(StrEnum):
    draft = "draft"
    issued = "issued"
    closed = "closed"


class SectionKind(StrEnum):
    heading = "heading"
    objective = "objective"
    target = "target"
    task = "task"
    note = "note"


class Plan(Timestamped, Base):
    """A kế hoạch as Decree 30/2020 writes it: `Số: 53/KH-UBND`, place, date, title, issuer."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    parent_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(32))
    type_code: Mapped[str] = mapped_column(String(16), default="KH")
    issuer_code: Mapped[str | None] = mapped_column(String(32))
    place: Mapped[str | None] = mapped_column(String(128))
    issue_date: Mapped[date | None]
    title: Mapped[str] = mapped_column(Text)
    title_folded: Mapped[str] = mapped_column(Text)
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus, 16), default=PlanStatus.draft,
                                               index=True)
    span_start: Mapped[date]
    span_end: Mapped[date]
    closing: Mapped[str | None] = mapped_column(Text)
    signer_title: Mapped[str | None] = mapped_column(String(255))
    signer_name: Mapped[str | None] = mapped_column(String(255))
    source_text: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)

    sections: Mapped[list["PlanSection"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanSection.position",
        lazy="selectin")
    legal_bases: Mapped[list["PlanLegalBasis"]] = relationship(
        cascade="all, delete-orphan", order_by="PlanLegalBasis.position", lazy="selectin",
        foreign_keys="PlanLegalBasis.plan_id")

    @property
    def symbol(self) -> str:
        """The document symbol, blank number kept blank as in a draft: `53/KH-UBND`, `/KH-UBND`."""
        issuer = f"-{self.issuer_code}" if self.issuer_code else ""
        return f"{self.number or ''}/{self.type_code}{issuer}"


class PlanLegalBasis(Base):
    __tablename__ = "plan_legal_basis"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(64))
    number: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None]
    issuer: Mapped[str | None] = mapped_column(String(255))
    sentence: Mapped[str] = mapped_column(Text)
    linked_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))


class PlanSection(Base):
    """One numbered item: I / 1 / a) / "-". `number` spells its place: III.1.a, III.8.-2."""

    __tablename__ = "plan_section"
    __table_args__ = (Index("ix_plan_section_plan_number", "plan_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_section.id", ondelete="CASCADE"),
                                                  index=True)
    number: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[SectionKind] = mapped_column(str_enum(SectionKind, 16))
    depth: Mapped[int]
    position: Mapped[int] = mapped_column(doc="document order within the plan")
    weight: Mapped[float] = mapped_column(default=1.0)

    plan: Mapped[Plan] = relationship(back_populates="sections")


class PlanAmendment(Base):
    """An issued plan changes only through an amendment; the text before it stays readable."""

    __tablename__ = "plan_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    amended_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    amended_at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
