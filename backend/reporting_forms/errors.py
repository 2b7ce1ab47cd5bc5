from backend.errors import Conflict, InvalidInput


class DuplicateFormCode(Conflict):
    code = "reporting_form_code_taken"


class InvalidForm(InvalidInput):
    code = "reporting_form_invalid"
