from backend.errors import Conflict


class AlreadyReminded(Conflict):
    """Every unit named was reminded of this report today already: one reminder a unit a day."""

    code = "already_reminded"
