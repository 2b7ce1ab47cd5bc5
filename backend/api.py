"""The /api/v1 router: every domain's endpoints in one place."""

from fastapi import APIRouter

from backend.aggregates.endpoints import router as aggregates_router
from backend.api_access.endpoints import clients as api_clients_router
from backend.api_access.endpoints import tokens as api_tokens_router
from backend.assignments.endpoints import router as assignments_router
from backend.audit.endpoints import router as audit_router
from backend.auth.endpoints import router as auth_router
from backend.data_values.endpoints import router as data_values_router
from backend.health.endpoints import router as health_router
from backend.indicators.endpoints import router as indicators_router
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
for router in (health_router, auth_router, org_units_router, users_router, audit_router,
               plans_router, assignments_router, indicators_router, periods_router,
               reporting_forms_router, submissions_router, aggregates_router,
               data_values_router, api_tokens_router, api_clients_router,
               public_router, webhooks_router):
    api_router.include_router(router)
