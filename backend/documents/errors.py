from backend.errors import Conflict, InvalidInput, ProblemError


class DocumentLocked(Conflict):
    code = "document_locked"


class SubmissionNotApproved(Conflict):
    code = "submission_not_approved"


class ConverterUnavailable(ProblemError):
    """The PDF converter (LibreOffice) is missing or failed: the docx is still available."""

    status = 503
    code = "pdf_converter_unavailable"


class PdfUnreadable(InvalidInput):
    code = "pdf_unreadable"


class PdfNotSigned(InvalidInput):
    code = "pdf_not_signed"


class SignatureBroken(InvalidInput):
    """A signature whose hash or cryptography does not check out: the bytes are not what was signed."""

    code = "signature_broken"


class SignatureNotCovering(InvalidInput):
    """Intact, but the file goes on past it with changes no signer made (beyond further
    signatures and validation data)."""

    code = "signature_not_covering"


class SignedCopyMismatch(InvalidInput):
    """A signed document, but not this report's: its number, date, issuing body or title differ."""

    code = "signed_copy_mismatch"


class SignedCopyOutdated(InvalidInput):
    """Signed before the report's last approval: the document as it stood before a reopening."""

    code = "signed_copy_outdated"
