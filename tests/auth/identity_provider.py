"""A provincial identity provider with its own key pair, as the SSO tests need one."""

import time
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt

ISSUER = "https://sso.bacgiang.gov.vn/realms/egov"
AUDIENCE = "qcdc"


class IdentityProvider:
    """A key pair of the provider; its JWKS holds the public half under a key id."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode()
        self.public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def jwks(self) -> dict[str, Any]:
        public = jwk.construct(self.public_pem, "RS256").to_dict()
        return {"keys": [{**public, "kid": self.kid, "use": "sig"}]}

    def token(self, **overrides: Any) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "f3a1-cb77", "iat": now, "exp": now + 300,
                  "preferred_username": "songvan.reporter", **overrides}
        return jwt.encode(claims, self.private_pem, algorithm="RS256", headers={"kid": self.kid})
