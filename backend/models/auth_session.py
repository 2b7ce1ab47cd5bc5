from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, Timestamped
from backend.models.user import User


class AuthSession(Timestamped, Base):
    """One sign-in of a person: the family of its refresh tokens, each used once.

    Only the digest of the latest refresh token is kept. A refresh token of the family that is not
    the latest has been used already: someone replays it, and the whole session ends. Access tokens
    name their session and die with it."""

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    refresh_digest: Mapped[str] = mapped_column(String(64))
    # When the latest refresh token expires; after that the row only waits to be swept.
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # sign_out, reuse, password, disabled
    revoked_reason: Mapped[str | None] = mapped_column(String(16))

    user: Mapped[User] = relationship(lazy="joined")
