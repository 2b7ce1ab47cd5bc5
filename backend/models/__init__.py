"""Every ORM table, imported here so Alembic and the app see one complete metadata."""

from backend.models.audit_event import AuditEvent
from backend.models.base import Base
from backend.models.org_unit import GrassrootsType, OrgUnit, OrgUnitKind
from backend.models.org_unit_succession import OrgUnitSuccession, SuccessionKind
from backend.models.org_unit_tree import OrgUnitTree
from backend.models.user import Role, User, UserRole

__all__ = [
    "AuditEvent",
    "Base",
    "GrassrootsType",
    "OrgUnit",
    "OrgUnitKind",
    "OrgUnitSuccession",
    "OrgUnitTree",
    "Role",
    "SuccessionKind",
    "User",
    "UserRole",
]
