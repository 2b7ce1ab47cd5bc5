from backend.errors import Conflict, Forbidden, InvalidInput


class DuplicateIndicatorCode(Conflict):
    code = "indicator_code_taken"


class IndicatorInUse(Conflict):
    code = "indicator_in_use"


class InvalidIndicator(InvalidInput):
    code = "indicator_invalid"


class NotCatalogueOwner(Forbidden):
    """The national catalogue belongs to the whole country's administrators, a unit's entries to
    those acting for the unit."""

    code = "catalogue_not_owner"
