from backend.errors import Forbidden, ProblemError, Unauthorized


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


class InvalidClient(Unauthorized):
    code = "invalid_client"


class InsufficientScope(Forbidden):
    code = "insufficient_scope"


class RateLimited(ProblemError):
    status = 429
    code = "rate_limited"


class IdentityProviderUnavailable(ProblemError):
    status = 503
    code = "identity_provider_unavailable"
