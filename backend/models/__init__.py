"""Every ORM table, imported here so Alembic and the app see one complete metadata."""

from backend.models.assignment import (
    Assignment,
    AssignmentMode,
    AssignmentProgress,
    AssignmentRole,
    EvidenceFile,
    ProgressStatus,
)
from backend.models.audit_event import AuditEvent
from backend.models.base import Base
from backend.models.org_unit import GrassrootsType, OrgUnit, OrgUnitKind
from backend.models.org_unit_succession import OrgUnitSuccession, SuccessionKind
from backend.models.org_unit_tree import OrgUnitTree
from backend.models.plan import Plan, PlanAmendment, PlanLegalBasis, PlanSection, PlanStatus, SectionKind
from backend.models.target import Target
from backend.models.user import Role, User, UserRole

__all__ = [
    "Assignment",
    "AssignmentMode",
    "AssignmentProgress",
    "AssignmentRole",
    "AuditEvent",
    "Base",
    "EvidenceFile",
    "GrassrootsType",
    "OrgUnit",
    "OrgUnitKind",
    "OrgUnitSuccession",
    "OrgUnitTree",
    "Plan",
    "PlanAmendment",
    "PlanLegalBasis",
    "PlanSection",
    "PlanStatus",
    "ProgressStatus",
    "Role",
    "SectionKind",
    "SuccessionKind",
    "Target",
    "User",
    "UserRole",
]
