from backend.errors import Unauthorized


class InvalidToken(Unauthorized):
    code = "invalid_token"


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    keeps_changes = True


class AccountLocked(Unauthorized):
    code = "account_locked"
    keeps_changes = True


class InvalidGrant(Unauthorized):
    code = "invalid_grant"
