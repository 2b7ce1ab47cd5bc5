from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, JSONDocument, Timestamped
from backend.models.user import User


class ApiClient(Timestamped, Base):
    """A machine caller (the provincial portal, LGSP) using OAuth2 client credentials.

    It acts through its own service account (`user`), so its unit, roles and every audit row work
    as for a person; `scopes` narrow what its tokens may do."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    secret_hash: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         unique=True)
    scopes: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Requests per minute; null: the default of the settings.
    rate_limit_per_minute: Mapped[int | None]
    # Every token the client holds names the generation it was issued in; rotating the secret or
    # disabling the client starts a new one, and the older tokens die.
    token_generation: Mapped[int] = mapped_column(default=1)

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Timestamped, Base):
    """A long-lived bearer token of a user for scripts; only its SHA-256 is stored.

    One minted by an API client belongs to it (`api_client_id`, in its `client_generation`) and
    dies with it."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(255))
    prefix: Mapped[str] = mapped_column(String(16), doc="the first characters, to recognise it")
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    api_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_client.id", ondelete="CASCADE"))
    client_generation: Mapped[int | None]

    user: Mapped[User] = relationship(lazy="joined")
