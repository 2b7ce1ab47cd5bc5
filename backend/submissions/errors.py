from backend.errors import Conflict, InvalidInput


class StaleVersion(Conflict):
    code = "stale_version"


class SubmissionLocked(Conflict):
    code = "submission_locked"


class SubmissionUnderReview(Conflict):
    code = "submission_under_review"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class SubmissionExists(Conflict):
    code = "submission_exists"


class DataValueConflict(Conflict):
    code = "data_value_conflict"


class InputWindowClosed(Conflict):
    code = "input_window_closed"


class FormNotForUnit(InvalidInput):
    code = "form_not_for_unit"


class SubmissionInvalid(InvalidInput):
    code = "submission_invalid"


class UnitNotInPeriod(InvalidInput):
    """The unit did not exist at the end of the period (closed, or not yet made)."""

    code = "unit_not_in_period"


class OutlierNotFlagged(Conflict):
    """Only a flagged figure is marked as checked: the report's figures may have changed since."""

    code = "outlier_not_flagged"
