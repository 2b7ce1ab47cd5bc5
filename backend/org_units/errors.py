from backend.errors import Conflict, InvalidInput


class DuplicateUnitCode(Conflict):
    code = "org_unit_code_taken"


class UnitHasOpenChildren(Conflict):
    code = "org_unit_has_children"


class InvalidMove(InvalidInput):
    code = "org_unit_invalid_move"


class InvalidClosure(InvalidInput):
    code = "org_unit_invalid_closure"
