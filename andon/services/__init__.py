"""Every andon write, one module per topic; the verbs are re-exported here."""

from andon.services.escalation import (
    escalate_due_flags,
    escalate_flag,
    plan_due_flags,
    send_flag_down,
)
from andon.services.flags import (
    acknowledge_flag,
    assign_flag,
    comment_on_flag,
    raise_flag,
    reopen_flag,
    resolve_flag,
)
from andon.services.policy import set_escalation_policy, set_policy, set_working_calendar

__all__ = [
    "acknowledge_flag",
    "assign_flag",
    "comment_on_flag",
    "escalate_due_flags",
    "escalate_flag",
    "plan_due_flags",
    "raise_flag",
    "reopen_flag",
    "resolve_flag",
    "send_flag_down",
    "set_escalation_policy",
    "set_policy",
    "set_working_calendar",
]
