from backend.errors import Conflict, InvalidInput


class PlanNotEditable(Conflict):
    code = "plan_not_editable"


class InvalidPlanTransition(Conflict):
    code = "plan_invalid_transition"


class PlanNumberMissing(InvalidPlanTransition):
    """The most common refusal of all, which the web app tells apart: issuing a plan without its
    number."""

    code = "plan_number_missing"


class PlanIssueDateMissing(InvalidPlanTransition):
    """Issuing a numbered plan without the date it was signed on."""

    code = "plan_issue_date_missing"


class PlanIssueDateInFuture(InvalidPlanTransition):
    """Issuing a plan dated after today: a document is issued on or after the day it is signed."""

    code = "plan_issue_date_in_future"


class InvalidPlanText(InvalidInput):
    code = "plan_text_invalid"


class InvalidMapping(InvalidInput):
    code = "plan_mapping_invalid"
