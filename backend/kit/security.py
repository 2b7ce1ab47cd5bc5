"""All token and password code: QCDC's JWTs (HS256, pinned), the provincial identity provider's
(RS256, pinned, keys from its JWKS), Argon2 hashes and the digests of API and refresh tokens."""

import base64
import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

JWT_ALGORITHM = "HS256"
OIDC_ALGORITHM = "RS256"
# "sso": the state of a web sign-in at the identity provider, kept in a cookie for ten minutes.
TokenKind = Literal["access", "refresh", "sso"]

_hasher = PasswordHasher()
# Verifying against this keeps an unknown username as slow as a wrong password: callers pass None
# for the hash of an account that does not exist, never skip the call.
_DUMMY_HASH = _hasher.hash("qcdc-timing-equaliser")


class TokenError(Exception):
    """The token is malformed, forged, expired or of the wrong kind."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def issue_token(subject: str, kind: TokenKind, secret: str, lifetime: timedelta,
                **claims: Any) -> str:
    now = datetime.now(UTC)
    payload = {"sub": subject, "typ": kind, "iat": now, "exp": now + lifetime,
               "jti": secrets.token_urlsafe(8), **claims}
    return jwt.encode(payload, secret, algorithm=JWT_ALGORITHM)


def read_token(token: str, kind: TokenKind, secret: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(token, secret, algorithms=[JWT_ALGORITHM])
    except JWTError as exc:
        raise TokenError(str(exc)) from exc
    if claims.get("typ") != kind or not claims.get("sub"):
        raise TokenError(f"not an {kind} token")
    return claims


class UnknownSigningKey(TokenError):
    """The token names a key the JWKS at hand does not hold: the provider may have rotated."""


def issuer_of(token: str) -> str | None:
    """The unverified `iss` claim, only to choose how to verify: never trusted by itself."""
    try:
        issuer = jwt.get_unverified_claims(token).get("iss")
    except JWTError:
        return None
    return issuer if isinstance(issuer, str) else None


def read_oidc_token(token: str, jwks: dict[str, Any], issuer: str, audience: str) -> dict[str, Any]:
    """Claims of a token of the identity provider, verified with RS256 only (a token whose header
    says `none` or HS256 is refused before any key is tried) against its signing keys."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except JWTError as exc:
        raise TokenError(str(exc)) from exc
    keys = [key for key in jwks.get("keys", []) if isinstance(key, dict)
            and key.get("kty") == "RSA" and key.get("use", "sig") == "sig"
            and (kid is None or key.get("kid") == kid)]
    if not keys:
        raise UnknownSigningKey(f"no RSA signing key {kid!r} in the JWKS")
    try:
        claims: dict[str, Any] = jwt.decode(
            token, {"keys": keys}, algorithms=[OIDC_ALGORITHM], audience=audience, issuer=issuer,
            options={"require_exp": True, "require_iss": True, "require_aud": True,
                     "require_sub": True})
    except JWTError as exc:
        raise TokenError(str(exc)) from exc
    return claims


def pkce_pair() -> tuple[str, str]:
    """RFC 7636: a random verifier kept by QCDC and its S256 challenge sent to the provider."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


API_TOKEN_PREFIX = "qcdc_"


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_client_secret() -> str:
    return secrets.token_urlsafe(32)


def digest_token(token: str) -> str:
    """API and refresh tokens are long random strings: a plain SHA-256 is enough and lets us look
    them up."""
    return hashlib.sha256(token.encode()).hexdigest()
