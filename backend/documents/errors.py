from backend.errors import Conflict, ProblemError


class DocumentLocked(Conflict):
    code = "document_locked"


class ReportNotApproved(Conflict):
    code = "report_not_approved"


class ConverterUnavailable(ProblemError):
    """The PDF converter (LibreOffice) is missing or failed: the docx is still available."""

    status = 503
    code = "pdf_converter_unavailable"
