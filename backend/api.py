"""The /api/v1 router: every domain's endpoints in one place."""

from fastapi import APIRouter, Depends

from backend.aggregates.endpoints import router as aggregates_router
from backend.api_access.endpoints import clients as api_clients_router
from backend.api_access.endpoints import tokens as api_tokens_router
from backend.assignments.endpoints import router as assignments_router
from backend.audit.endpoints import router as audit_router
from backend.auth.deps import RequireScope
from backend.auth.endpoints import router as auth_router
from backend.auth.scopes import Resource
from backend.compilations.endpoints import router as compilations_router
from backend.data_values.endpoints import router as data_values_router
from backend.documents.endpoints import submissions as documents_router
from backend.documents.endpoints import units as document_profiles_router
from backend.health.endpoints import router as health_router
from backend.indicators.endpoints import router as indicators_router
from backend.notifications.endpoints import reminders as reminders_router
from backend.notifications.endpoints import router as notifications_router
from backend.org_units.endpoints import router as org_units_router
from backend.periods.endpoints import router as periods_router
from backend.plans.endpoints import router as plans_router
from backend.public.endpoints import router as public_router
from backend.reporting_forms.endpoints import router as reporting_forms_router
from backend.submissions.endpoints import router as submissions_router
from backend.users.endpoints import router as users_router
from backend.webhooks.endpoints import router as webhooks_router

API_PREFIX = "/api/v1"

api_router = APIRouter(prefix=API_PREFIX)
for router in (health_router, auth_router, public_router):
    api_router.include_router(router)
# Every other router names the resource its scopes guard (backend/auth/scopes.py).
_SCOPED: tuple[tuple[APIRouter, Resource], ...] = (
    (org_units_router, "org-units"), (users_router, "users"), (audit_router, "audit"),
    (plans_router, "plans"), (assignments_router, "assignments"),
    (indicators_router, "catalogue"), (periods_router, "catalogue"),
    (reporting_forms_router, "catalogue"), (compilations_router, "submissions"),
    (reminders_router, "submissions"), (submissions_router, "submissions"),
    # A machine caller reads the notices of reports and tasks as it reads the reports.
    (notifications_router, "submissions"),
    (documents_router, "submissions"), (document_profiles_router, "org-units"),
    (aggregates_router, "aggregates"), (data_values_router, "data"),
    (api_tokens_router, "api-tokens"), (api_clients_router, "api-clients"),
    (webhooks_router, "webhooks"),
)
for router, resource in _SCOPED:
    api_router.include_router(router, dependencies=[Depends(RequireScope(resource))])
