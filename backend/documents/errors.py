from backend.errors import Conflict, ProblemError


class DocumentLocked(Conflict):
    code = "document_locked"


class ConverterUnavailable(ProblemError):
    """The PDF converter (LibreOffice) is missing or failed: the docx is still available."""

    status = 503
    code = "pdf_converter_unavailable"
