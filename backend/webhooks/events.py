"""The public event catalogue: what a subscriber may listen to, and which audited actions make it.

Receivers build on these names; the audit trail's own `entity.action` words stay internal."""

from typing import Literal, get_args

Event = Literal["plan.issued", "submission.submitted", "submission.approved",
                "submission.returned", "assignment.overdue"]
Subscribed = Literal[Event, "*"]

CATALOGUE: tuple[Event, ...] = get_args(Event)
OVERDUE: Event = "assignment.overdue"

# (entity_type, action) of the audit trail → event. A reopened report is returned to its unit
# like any other (`previous_status` tells the receiver it had been approved).
AUDITED: dict[tuple[str, str], Event] = {
    ("plan", "issue"): "plan.issued",
    ("submission", "submit"): "submission.submitted",
    ("submission", "approve"): "submission.approved",
    ("submission", "return"): "submission.returned",
    ("submission", "reopen"): "submission.returned",
}
