from backend.errors import Conflict, InvalidInput


class DuplicateUnitCode(Conflict):
    code = "org_unit_code_taken"


class UnitHasOpenChildren(Conflict):
    code = "org_unit_has_children"


class InvalidMove(InvalidInput):
    code = "org_unit_invalid_move"


class InvalidClosure(InvalidInput):
    code = "org_unit_invalid_closure"


class InvalidShares(InvalidInput):
    code = "org_unit_invalid_shares"


class InvalidRename(InvalidInput):
    code = "org_unit_invalid_rename"


class AccountsChoiceNeeded(InvalidInput):
    code = "org_unit_accounts_choice_needed"


class UnknownUnitCode(InvalidInput):
    code = "org_unit_unknown_code"


class InvalidEvent(InvalidInput):
    code = "reorganisation_invalid_event"
