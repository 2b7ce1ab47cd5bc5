from backend.errors import Conflict, InvalidInput, ProblemError


class PlanNotEditable(Conflict):
    code = "plan_not_editable"


class InvalidPlanTransition(Conflict):
    code = "plan_invalid_transition"


class PlanNumberMissing(InvalidPlanTransition):
    """The most common refusal of all, which the web app tells apart: issuing a plan without its
    number."""

    code = "plan_number_missing"


class PlanIssueDateMissing(InvalidPlanTransition):
    """Issuing a numbered plan without the date it was signed on."""

    code = "plan_issue_date_missing"


class PlanIssueDateInFuture(InvalidPlanTransition):
    """Issuing a plan dated after today: a document is issued on or after the day it is signed."""

    code = "plan_issue_date_in_future"


class InvalidPlanText(InvalidInput):
    code = "plan_text_invalid"


class InvalidMapping(InvalidInput):
    code = "plan_mapping_invalid"


class PlanFileEmpty(InvalidInput):
    code = "plan_file_empty"


class PlanFileTypeRefused(InvalidInput):
    """Not a Word (.docx), PDF or text file by its content, or content unlike its name."""

    code = "plan_file_type_refused"


class PlanFileCorrupt(InvalidInput):
    code = "plan_file_corrupt"


class PlanFileEncrypted(InvalidInput):
    code = "plan_file_encrypted"


class PlanFileWithoutText(InvalidInput):
    """A PDF without a text layer (a scan): it needs text recognition (OCR) first."""

    code = "plan_file_without_text"


class PlanFileEncoding(InvalidInput):
    """A text file neither UTF-8 nor UTF-16 with a byte order mark."""

    code = "plan_file_encoding"


class PlanFileTooLarge(ProblemError):
    """Over QCDC_PLAN_FILE_MAX_BYTES, or a Word file unpacking to more than its limit."""

    status = 413
    code = "plan_file_too_large"
