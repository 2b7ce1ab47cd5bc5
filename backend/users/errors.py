from backend.errors import Conflict, InvalidInput


class UsernameTaken(Conflict):
    code = "username_taken"


class InvalidUserUnit(InvalidInput):
    code = "user_unit_invalid"
