"""Every ORM table, imported here so Alembic and the app see one complete metadata."""

from backend.models.aggregate_current import AggregateCarry, AggregateCarryState, AggregateCurrent
from backend.models.aggregate_value import AggregateLevel, AggregateValue
from backend.models.api_access import ApiClient, ApiToken
from backend.models.assignment import (
    Assignment,
    AssignmentMode,
    AssignmentProgress,
    AssignmentRole,
    EvidenceFile,
    ProgressStatus,
)
from backend.models.audit_event import AuditEvent
from backend.models.auth_session import AuthSession
from backend.models.base import Base
from backend.models.data_value import FIGURE_DIGITS, DataValue, DataValueStatus, figure_fits
from backend.models.document import (
    DocumentProfile,
    DocumentRegister,
    SignedCopy,
    SubmissionDocument,
)
from backend.models.idempotency_record import IdempotencyRecord
from backend.models.indicator import (
    Indicator,
    IndicatorCategory,
    IndicatorPublication,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)
from backend.models.notification import Notification, NotificationDigest
from backend.models.org_unit import GrassrootsType, OrgUnit, OrgUnitKind, exists_on
from backend.models.org_unit_name import OrgUnitName
from backend.models.org_unit_succession import (
    OrgUnitHistoryMove,
    OrgUnitSuccession,
    SuccessionKind,
)
from backend.models.org_unit_tree import OrgUnitTree
from backend.models.outlier_check import OutlierCheck
from backend.models.plan import Plan, PlanAmendment, PlanLegalBasis, PlanSection, PlanStatus, SectionKind
from backend.models.plan_progress import PlanProgressCount, PlanTaskProgress
from backend.models.reporting_form import ReportingForm, ReportingFormIndicator, compiled_from_below
from backend.models.submission import Submission, SubmissionStatus, SubmissionVersion
from backend.models.submission_compilation import SubmissionCompilation
from backend.models.target import Target
from backend.models.user import Role, User, UserRole
from backend.models.webhook import Webhook, WebhookDelivery, WebhookOverdueNotice

__all__ = [
    "FIGURE_DIGITS",
    "AggregateCarry",
    "AggregateCarryState",
    "AggregateCurrent",
    "AggregateLevel",
    "AggregateValue",
    "ApiClient",
    "ApiToken",
    "Assignment",
    "AssignmentMode",
    "AssignmentProgress",
    "AssignmentRole",
    "AuditEvent",
    "AuthSession",
    "Base",
    "DataValue",
    "DataValueStatus",
    "DocumentProfile",
    "DocumentRegister",
    "EvidenceFile",
    "GrassrootsType",
    "IdempotencyRecord",
    "Indicator",
    "IndicatorCategory",
    "IndicatorPublication",
    "Notification",
    "NotificationDigest",
    "OrgUnit",
    "OrgUnitHistoryMove",
    "OrgUnitKind",
    "OrgUnitName",
    "OrgUnitSuccession",
    "OrgUnitTree",
    "OutlierCheck",
    "Plan",
    "PlanAmendment",
    "PlanLegalBasis",
    "PlanProgressCount",
    "PlanSection",
    "PlanStatus",
    "PlanTaskProgress",
    "ProgressStatus",
    "ReportingForm",
    "ReportingFormIndicator",
    "Role",
    "SectionKind",
    "SignedCopy",
    "Submission",
    "SubmissionCompilation",
    "SubmissionDocument",
    "SubmissionStatus",
    "SubmissionVersion",
    "SuccessionKind",
    "Target",
    "TimeAggregation",
    "UnitAggregation",
    "User",
    "UserRole",
    "ValueType",
    "Webhook",
    "WebhookDelivery",
    "WebhookOverdueNotice",
    "compiled_from_below",
    "exists_on",
    "figure_fits",
]
