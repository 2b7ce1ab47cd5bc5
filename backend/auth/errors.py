from backend.errors import Forbidden, ProblemError, Unauthorized


class InvalidToken(Unauthorized):
    code = "invalid_token"


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"


class AccountLocked(Unauthorized):
    code = "account_locked"


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


class RefreshTokenReused(InvalidGrant):
    """A refresh token came back after it was used: its session ends, and that must be saved."""

    keeps_changes = True
