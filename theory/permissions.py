"""Who sees and shapes a focus area's theory.

A focus area's theory (5 Whys, fishbone, driver diagram, change ideas) goes with the focus area,
as ``focus_area_rule`` says: members of the team see it and contribute (start a 5 Whys, add causes,
vote, propose change ideas); its owner, the team's lead and the leaders above shape it (drivers,
links, categories, deleting). Two widenings: the people taking part in a 5 Whys edit it (and whoever
started it may delete it), and whoever added a fishbone cause may reword, move or delete it.
Another team's theory, asked for by id, is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from measures.permissions import focus_area_rule
from playbook.permissions import CHANGE, DELETE, Access, Role, access_for, register
from theory.models import (
    Cause,
    CauseVote,
    ChangeIdea,
    ChangeIdeaLink,
    Driver,
    DriverLink,
    Fishbone,
    FishboneCategory,
    RootCauseLink,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)


def change_idea_rule(access: Access, idea, action: str) -> tuple[bool, bool]:
    # A change idea belongs to its focus area: proposing and testing is everyone's, shaping it the lead's.
    return focus_area_rule(access, idea.focus_area, action)


def theory_part_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """Fishbones and their categories, drivers and every link: as their focus area."""
    return focus_area_rule(access, part.focus_area, action)


def why_analysis_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """A 5 Whys analysis and its chains and steps."""
    visible, allowed = focus_area_rule(access, part.focus_area, action)
    if not visible or allowed or action not in (CHANGE, DELETE):
        return visible, allowed
    analysis = (
        getattr(part, "analysis", None) or getattr(getattr(part, "chain", None), "analysis", None) or part
    )
    if action == DELETE and analysis is part:
        return True, analysis.created_by_id == access.user_id
    # ``participants.all()`` uses the page's prefetch; a single object asks one small query.
    return True, access.user_id is not None and any(
        p.pk == access.user_id for p in analysis.participants.all()
    )


def cause_rule(access: Access, cause, action: str) -> tuple[bool, bool]:
    visible, allowed = focus_area_rule(access, cause.focus_area, action)
    if visible and not allowed and action in (CHANGE, DELETE):
        allowed = cause.created_by_id is not None and cause.created_by_id == access.user_id
    return visible, allowed


def visible_theory(user, model) -> QuerySet:
    """Any theory model (all carry ``focus_area``), filtered to the focus areas the user works on."""
    access = access_for(user)
    return model.objects.filter(
        focus_area__team__network_id=access.network_id,
        focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def visible_change_ideas(user) -> QuerySet[ChangeIdea]:
    return visible_theory(user, ChangeIdea)


register(ChangeIdea, change_idea_rule)
for _part in (
    Fishbone,
    FishboneCategory,
    Driver,
    DriverLink,
    ChangeIdeaLink,
    RootCauseLink,
    CauseVote,
    TheoryEvent,
):
    register(_part, theory_part_rule)
for _part in (WhyAnalysis, WhyChain, WhyStep):
    register(_part, why_analysis_rule)
register(Cause, cause_rule)
