from backend.errors import Conflict, InvalidInput


class PlanNotEditable(Conflict):
    code = "plan_not_editable"


class InvalidPlanTransition(Conflict):
    code = "plan_invalid_transition"


class InvalidPlanText(InvalidInput):
    code = "plan_text_invalid"


class InvalidMapping(InvalidInput):
    code = "plan_mapping_invalid"
