from backend.errors import Conflict, InvalidInput


class DuplicateIndicatorCode(Conflict):
    code = "indicator_code_taken"


class IndicatorInUse(Conflict):
    code = "indicator_in_use"


class InvalidIndicator(InvalidInput):
    code = "indicator_invalid"
