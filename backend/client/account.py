"""Signing the CLI in and out: a password buys a long-lived API token, so the password itself is
never stored; a token the user brings is checked and kept as it is."""

import socket

from backend.client.api import Api, ApiError
from backend.client.credentials import Credentials

# What the CLI's commands use, and no more: figures in (and templates out), aggregates out, and
# revoking its own token at logout. The token acts with its owner's rights within these.
TOKEN_SCOPES = ["data:write", "aggregates:read", "api-tokens:write"]


def sign_in(server: str, username: str, password: str) -> Credentials:
    with Api(server) as api:
        grant = api.send("POST", "/auth/token", data={
            "grant_type": "password", "username": username, "password": password}).json()
    with Api(server, grant["access_token"]) as api:
        made = api.send("POST", "/api-tokens", json={
            "name": f"qcdc CLI on {socket.gethostname()}", "scopes": TOKEN_SCOPES}).json()
    return Credentials(server=server, token=made["token"], token_id=made["id"], username=username)


def adopt_token(server: str, token: str) -> Credentials:
    with Api(server, token) as api:
        me = api.get("/auth/me").json()
    return Credentials(server=server, token=token, username=me["username"])


def revoke(credentials: Credentials) -> bool:
    """Revoke the token the CLI made; False when there was none to revoke (a token the user
    brought stays valid, and one already revoked or expired needs nothing)."""
    if credentials.token_id is None:
        return False
    with Api(credentials.server, credentials.token) as api:
        try:
            api.send("DELETE", f"/api-tokens/{credentials.token_id}")
        except ApiError as error:
            if error.status not in (401, 404):
                raise
            return False
    return True
