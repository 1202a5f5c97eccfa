"""Every write of the cycles app, one module per topic; the verbs are re-exported here."""

from cycles.services.archive import set_cycle_archived
from cycles.services.common import CycleConflict, PlanFrozen, PredictionsFrozen, WrongTransition
from cycles.services.flags import raise_flag_from_cycle
from cycles.services.phases import confirm_phase, phase_suggestions
from cycles.services.plans import (
    PredictionInput,
    add_observation,
    add_prediction,
    create_cycle,
    delete_prediction,
    study_prediction,
    update_cycle,
    update_prediction,
)
from cycles.services.ramps import copy_cycle, start_next_cycle
from cycles.services.reminders import remind_overdue_owners
from cycles.services.reviews import comment_on_cycle, request_review
from cycles.services.spread import refresh_change_idea_status, update_cycles_settings
from cycles.services.stages import (
    abandon_cycle,
    begin_act,
    begin_study,
    complete_cycle,
    start_cycle,
    transition,
)
from cycles.services.stories import make_story_link, revoke_story_link

__all__ = [
    "CycleConflict",
    "PlanFrozen",
    "PredictionInput",
    "PredictionsFrozen",
    "WrongTransition",
    "abandon_cycle",
    "add_observation",
    "add_prediction",
    "begin_act",
    "begin_study",
    "comment_on_cycle",
    "complete_cycle",
    "confirm_phase",
    "copy_cycle",
    "create_cycle",
    "delete_prediction",
    "make_story_link",
    "phase_suggestions",
    "raise_flag_from_cycle",
    "refresh_change_idea_status",
    "remind_overdue_owners",
    "request_review",
    "revoke_story_link",
    "set_cycle_archived",
    "start_cycle",
    "start_next_cycle",
    "study_prediction",
    "transition",
    "update_cycle",
    "update_cycles_settings",
    "update_prediction",
]
