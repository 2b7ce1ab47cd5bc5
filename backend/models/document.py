"""What a report's document needs beyond the report: its number, signer, recipients, and the
header each issuing unit writes (Decree 30/2020)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONDocument, utcnow


class DocumentProfile(Base):
    """How a unit signs its documents; every field falls back to what its kind implies."""

    __tablename__ = "document_profile"

    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"),
                                             primary_key=True)
    # The issuing body's abbreviation in document symbols: "UBND" gives "04/BC-UBND".
    abbreviation: Mapped[str | None] = mapped_column(String(32))
    place: Mapped[str | None] = mapped_column(String(100))
    signer_authority: Mapped[str | None] = mapped_column(String(100))
    signer_title: Mapped[str | None] = mapped_column(String(100))
    signer_name: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DocumentRegister(Base):
    """The last number given per issuing unit, document type and year: numbers only go up."""

    __tablename__ = "document_register"

    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"),
                                             primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int]


class SubmissionDocument(Base):
    """A report's document: number once approved ("cấp số"), and the signer and recipients."""

    __tablename__ = "submission_document"
    # Also the register's index: a unit's numbers of a type and year.
    __table_args__ = (UniqueConstraint("org_unit_id", "doc_type", "year", "number"),)

    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    doc_type: Mapped[str] = mapped_column(String(8), default="BC")
    year: Mapped[int | None]
    number: Mapped[int | None]
    symbol: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None]
    signer_authority: Mapped[str | None] = mapped_column(String(100))
    signer_title: Mapped[str | None] = mapped_column(String(100))
    signer_name: Mapped[str | None] = mapped_column(String(100))
    recipients: Mapped[list[Any] | None] = mapped_column(JSONDocument)
    # Công khai: the PDF is public while the report stays approved; reopening withdraws it.
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SignedCopy(Base):
    """The PDF of an approved report as its officials signed it (ký số) outside QCDC, verified at
    upload: from then on what downloads and publication serve. Stored under QCDC_DATA_DIR by its
    hash, as evidence files are; reopening the report drops it."""

    __tablename__ = "signed_copy"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    signatures: Mapped[int]
    # The first signature's: the official who signs the document (later ones countersign or stamp).
    signer_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime | None]
    certificate_subject: Mapped[str] = mapped_column(String(500))
    certificate_issuer: Mapped[str] = mapped_column(String(500))
    certificate_serial: Mapped[str] = mapped_column(String(100))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    certificate_pem: Mapped[str] = mapped_column(Text)
    # Whether the chain reached QCDC_SIGNING_TRUST_ROOTS at upload; intact but untrusted is kept.
    trusted: Mapped[bool]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
