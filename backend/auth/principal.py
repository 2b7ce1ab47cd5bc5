"""Who is calling: the authenticated user with the unit and roles its rights derive from."""

from dataclasses import dataclass
from datetime import datetime

from backend.auth.scopes import grants
from backend.models import Role, User


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    unit_id: int | None
    roles: frozenset[Role]
    # The scopes of an API client's or an API token's request; None for a person, whom only
    # roles and unit limit.
    scopes: frozenset[str] | None = None
    # The API client calling (its row id), whose tokens die with it.
    api_client_id: int | None = None
    # When the API token calling expires: what it makes cannot outlive it.
    expires_at: datetime | None = None

    @classmethod
    def of(cls, user: User, *, scopes: frozenset[str] | None = None,
           api_client_id: int | None = None, expires_at: datetime | None = None) -> "Principal":
        return cls(user_id=user.id, username=user.username, unit_id=user.unit_id,
                   roles=frozenset(user.roles), scopes=scopes, api_client_id=api_client_id,
                   expires_at=expires_at)

    @classmethod
    def public(cls) -> "Principal":
        """The public (công khai, "dân biết"): reads what is published, everywhere; acts on nothing."""
        return cls(user_id=0, username="public", unit_id=None, roles=frozenset(),
                   scopes=frozenset())

    @property
    def is_public(self) -> bool:
        return self.user_id == 0

    @property
    def is_admin(self) -> bool:
        return Role.admin in self.roles

    @property
    def sees_everything(self) -> bool:
        """An admin attached to no unit administers the whole country; the public reads it all."""
        return (self.is_admin or self.is_public) and self.unit_id is None

    def may(self, scope: str) -> bool:
        return self.scopes is None or grants(self.scopes, scope)

    def has_any(self, *roles: Role) -> bool:
        return self.is_admin or any(role in self.roles for role in roles)
