"""Verifying a signed copy (ký số) with pyHanko: which signatures it holds, whether they are intact
and cover the document, who signed and with which certificate, and whether that certificate chains
to the trust roots the server is configured with (QCDC_SIGNING_TRUST_ROOTS)."""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from backend.config import get_settings
from backend.documents.errors import (
    PdfNotSigned,
    PdfUnreadable,
    SignatureBroken,
    SignatureNotCovering,
)

# What may follow a signature in the same file: later signatures and their fields (a countersignature,
# the office's stamp signature), and long-term validation data. Anything else (annotations, changed
# pages) is a change the signer did not sign.
_ALLOWED_AFTER = ModificationLevel.FORM_FILLING
_SPACE = re.compile(r"\s+")
# What the parsers raise on a malformed file, beside their own errors.
_MALFORMED = (ValueError, KeyError, TypeError, IndexError, AttributeError)


@dataclass(frozen=True)
class Signature:
    signer_name: str
    signed_at: datetime | None
    subject: str
    issuer: str
    serial: str
    sha256: str
    pem: str
    trusted: bool


@dataclass(frozen=True)
class Verified:
    signatures: int
    first: Signature
    text: str  # the document's text without white space, to compare with what it must say


@lru_cache(maxsize=4)
def _roots(path: Path | None) -> tuple[x509.Certificate, ...]:
    if path is None:
        return ()
    data = path.read_bytes()
    return tuple(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))


def _context() -> ValidationContext:
    # No fetching: the server does not reach out to certificate authorities while answering; an
    # unreachable revocation list must not refuse a signature ("soft-fail").
    return ValidationContext(trust_roots=list(_roots(get_settings().signing_trust_roots)),
                             allow_fetching=False, revocation_mode="soft-fail")


def flat(text: str) -> str:
    """Text as compared: NFC, without white space (PDF text extraction breaks lines and spaces
    where the layout does)."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text))


def _signature(status: PdfSignatureStatus) -> Signature:
    certificate = status.signing_cert
    subject = certificate.subject.native
    timestamp = status.timestamp_validity
    return Signature(
        signer_name=str(subject.get("common_name") or certificate.subject.human_friendly),
        signed_at=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
        subject=certificate.subject.human_friendly[:500],
        issuer=certificate.issuer.human_friendly[:500],
        serial=format(certificate.serial_number, "X"),
        sha256=hashlib.sha256(certificate.dump()).hexdigest(),
        pem=pem.armor("CERTIFICATE", certificate.dump()).decode("ascii"),
        trusted=status.trusted)


def _check(status: PdfSignatureStatus, position: int) -> None:
    if not (status.intact and status.valid):
        raise SignatureBroken(f"Signature {position} does not match the document: the file was "
                              "changed after it was signed, or the signature is damaged.")
    level = status.modification_level
    covered = status.coverage is SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage is SignatureCoverageLevel.ENTIRE_REVISION and level is not None
        and level <= _ALLOWED_AFTER and status.docmdp_ok is not False)
    if not covered:
        raise SignatureNotCovering(f"Signature {position} does not cover the whole document: "
                                   "content was added or changed after it was signed.")


async def verify(content: bytes) -> Verified:
    """The signatures of a PDF, every one intact and covering the document; refused otherwise."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = reader.embedded_regular_signatures
    except (PdfReadError, *_MALFORMED) as error:
        raise PdfUnreadable("The file is not a readable PDF.") from error
    if not embedded:
        raise PdfNotSigned("The PDF carries no digital signature: sign it (ký số), then upload "
                           "the signed file.")
    context = _context()
    statuses = []
    for position, signature in enumerate(embedded, start=1):
        try:
            status = await async_validate_pdf_signature(signature, context)
        except (SignatureValidationError, PdfReadError, *_MALFORMED) as error:
            raise SignatureBroken(f"Signature {position} cannot be verified: {error}") from error
        _check(status, position)
        statuses.append(status)
    return Verified(signatures=len(statuses), first=_signature(statuses[0]), text=_text(content))


def _text(content: bytes) -> str:
    try:
        return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    except (PyPdfError, *_MALFORMED) as error:
        raise PdfUnreadable("The PDF's text cannot be read.") from error
