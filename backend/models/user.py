from enum import StrEnum

from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, Timestamped, str_enum
from backend.models.org_unit import OrgUnit


class Role(StrEnum):
    admin = "admin"
    planner = "planner"
    reviewer = "reviewer"
    reporter = "reporter"
    viewer = "viewer"


class User(Timestamped, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    email: Mapped[str | None] = mapped_column(String(255))
    # The daily digest of notifications by e-mail; the bell in the web app shows them regardless.
    email_notifications: Mapped[bool] = mapped_column(default=True, server_default=true())

    unit: Mapped[OrgUnit | None] = relationship(lazy="joined")
    role_rows: Mapped[list["UserRole"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="UserRole.role")

    @property
    def roles(self) -> list[Role]:
        return [row.role for row in self.role_rows]


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(
        str_enum(Role, 16), primary_key=True)
