from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from backend.kit.text import nfc
from backend.models import SubmissionStatus

_LINE = 200


class DocumentFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    xlsx = "xlsx"


def _clean(value: str | None) -> str | None:
    return nfc(value).strip() if value is not None else None


class SignedCopy(BaseModel):
    """The PDF of an approved report as its officials signed it (ký số), verified at upload: from
    then on what `?format=pdf` downloads and publication serves."""

    filename: str = Field(description="As uploaded; only ever a download name")
    size: int
    sha256: str
    signatures: int = Field(description="Signatures in the file, each intact and covering it; the "
                                        "first, the official's, is described here")
    signer_name: str = Field(description="The common name (CN) of the signer's certificate")
    signed_at: datetime | None = Field(
        description="The signature's timestamp token if it has one, else the time the signing "
                    "software wrote")
    certificate_subject: str
    certificate_issuer: str
    certificate_serial: str = Field(description="Hexadecimal")
    certificate_sha256: str = Field(description="Fingerprint of the certificate (DER)")
    certificate_pem: str
    trusted: bool = Field(
        description="The certificate chained to the server's trust roots (QCDC_SIGNING_TRUST_ROOTS) "
                    "when uploaded; false: the signature is intact but its signer is not vouched for")
    uploaded_at: datetime


class DocumentSettings(BaseModel):
    """What the document of a report says beyond the report: number, signer, recipients."""

    number: int | None = Field(description="Given at approval from the unit's register; never reused")
    symbol: str = Field(description='e.g. "BC-UBND": the number reads "04/BC-UBND"')
    issued_on: date | None = Field(description="The day the number was given")
    signer_authority: str = Field(description='"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" or empty')
    signer_title: str = Field(description='"CHỦ TỊCH", "PHÓ CHỦ TỊCH"…')
    signer_name: str
    recipients: list[str] = Field(description='"Nơi nhận": the superior by default, and "Lưu: VT"')
    published_at: datetime | None = Field(
        description="When its PDF was published (công khai) at /public/submissions; null: not public")
    signed_copy: SignedCopy | None = Field(description="The signed PDF, once uploaded")


class DocumentSettingsUpdate(BaseModel):
    signer_authority: str | None = Field(default=None, max_length=100)
    signer_title: str | None = Field(default=None, max_length=100)
    signer_name: str | None = Field(default=None, max_length=100)
    recipients: list[str] | None = Field(default=None, max_length=30)

    _clean = field_validator("signer_authority", "signer_title", "signer_name")(_clean)

    @field_validator("recipients")
    @classmethod
    def _lines(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        if any(len(line) > _LINE for line in value):
            raise ValueError(f"a recipient is at most {_LINE} characters")
        return [line for line in (nfc(line).strip() for line in value) if line]


class DocumentProfile(BaseModel):
    """How a unit's documents are headed and signed, as they will be written."""

    abbreviation: str = Field(description='Of the issuing body in symbols: "UBND", "SNV"')
    place: str = Field(description='Where documents are dated: "Song Vân"')
    signer_authority: str
    signer_title: str
    signer_name: str


class DocumentProfileUpdate(BaseModel):
    abbreviation: str | None = Field(default=None, max_length=32, pattern=r"^[^\s/]+$")
    place: str | None = Field(default=None, max_length=100)
    signer_authority: str | None = Field(default=None, max_length=100)
    signer_title: str | None = Field(default=None, max_length=100)
    signer_name: str | None = Field(default=None, max_length=100)

    _clean = field_validator("abbreviation", "place", "signer_authority", "signer_title",
                             "signer_name")(_clean)


class RegisterEntry(BaseModel):
    number: int
    symbol: str
    year: int
    issued_on: date | None
    submission_id: int
    period: str
    summary: str = Field(description="The document's trích yếu")
    status: SubmissionStatus = Field(
        description="The report's: a number whose report is no longer approved (reopened) stands "
                    "for a withdrawn document until approved again")
    signed: bool = Field(description="A signed copy is uploaded")
    published: bool


class PublicSubmission(BaseModel):
    """An approved report whose document its unit published (công khai)."""

    id: int
    unit: str
    unit_code: str
    period: str
    number: str = Field(description='"04/BC-UBND"')
    issued_on: date | None
    summary: str = Field(description="The document's trích yếu")
    published_at: datetime
    document_url: str = Field(description="The PDF, stable while the report stays published")
