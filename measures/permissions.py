"""Who sees and shapes focus areas, measures, their data and their stored charts.

Members see and work with their teams' focus areas (entering data is everyday work); the focus
area's owner, the team's lead and the leaders above shape them. Anyone else gets a 404.

An archived data point (``playbook.archive``) is seen by nobody: ``DataPoint.objects`` leaves it out of
every query here, and the rule answers "not visible" for one fetched another way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from measures.models import (
    DataPoint,
    DataPointRevision,
    FocusArea,
    GroupPoint,
    Measure,
    MeasureExclusion,
    MeasureTarget,
    ProgressScoreOverride,
    PupilGroup,
    SharedMeasure,
    StoredChart,
)
from playbook.models import Team
from playbook.permissions import (
    CHANGE,
    CONTRIBUTE,
    VIEW,
    Access,
    Role,
    access_for,
    can_view,
    exempt,
    register,
)


def focus_area_rule(access: Access, focus_area: FocusArea, action: str) -> tuple[bool, bool]:
    """Members see and work with their teams' focus areas; leads and the owner shape them."""
    visible = (
        access.has_role(focus_area.team_id, Role.MEMBER) and focus_area.team_id in access.visible_team_ids
    )
    if not visible:
        return False, False
    if action in (VIEW, CONTRIBUTE):
        return True, True
    return True, focus_area.owner_id == access.user_id or access.has_role(focus_area.team_id, Role.LEAD)


def measure_rule(access: Access, measure: Measure, action: str) -> tuple[bool, bool]:
    # Entering data is everyday work for members; defining the measure is the focus area's owner's.
    return focus_area_rule(access, measure.focus_area, action)


def data_point_rule(access: Access, point: DataPoint, action: str) -> tuple[bool, bool]:
    if point.archived_at is not None:
        return False, False
    visible, allowed = focus_area_rule(access, point.measure.focus_area, VIEW)
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    return True, _point_corrector(access, point.measure.focus_area)(point)


def _point_corrector(access: Access, focus_area: FocusArea) -> Callable[[DataPoint], bool]:
    # Members correct data they entered themselves; leads and the owner correct anyone's.
    if focus_area_rule(access, focus_area, CHANGE)[1]:
        return lambda point: True
    return lambda point: point.entered_by_id == access.user_id


def point_corrector(user, measure: Measure) -> Callable[[DataPoint], bool]:
    """Whether ``user`` may change (or delete) each of ``measure``'s points, as ``data_point_rule`` says,
    decided once for a page of them rather than once a row. For the points of a measure already
    fetched as visible (archived points never reach a page)."""
    access = access_for(user)
    if not focus_area_rule(access, measure.focus_area, VIEW)[0]:
        return lambda point: False
    return _point_corrector(access, measure.focus_area)


def group_point_rule(access: Access, point: GroupPoint, action: str) -> tuple[bool, bool]:
    """As the measure's own points: a pupil group's figures are the same team's data, cut finer."""
    if point.archived_at is not None:
        return False, False
    return focus_area_rule(access, point.measure.focus_area, VIEW if action == VIEW else CONTRIBUTE)


def pupil_group_rule(access: Access, group: PupilGroup, action: str) -> tuple[bool, bool]:
    """Everyone in the network sees its list of groups; network admins keep it."""
    if group.network_id != access.network_id:
        return False, False
    return True, action == VIEW or access.is_admin


def stored_chart_rule(access: Access, chart: StoredChart, action: str) -> tuple[bool, bool]:
    return focus_area_rule(access, chart.measure.focus_area, VIEW if action == VIEW else CHANGE)


def shared_measure_rule(access: Access, shared: SharedMeasure, action: str) -> tuple[bool, bool]:
    """Everyone in the network sees a shared measure, to adopt it; the owning hub's or cluster's
    leads and the leaders above change it."""
    if shared.network_id != access.network_id:
        return False, False
    return True, action == VIEW or access.has_role(shared.team_id, Role.LEAD)


def progress_override_rule(access: Access, override: ProgressScoreOverride, action: str) -> tuple[bool, bool]:
    """Seen with its focus area; only leaders (of the team or above) override a progress score."""
    visible, _ = focus_area_rule(access, override.focus_area, VIEW)
    return visible, visible and (action == VIEW or access.has_role(override.focus_area.team_id, Role.LEADER))


register(FocusArea, focus_area_rule)
register(SharedMeasure, shared_measure_rule)
register(ProgressScoreOverride, progress_override_rule)
register(Measure, measure_rule)
register(DataPoint, data_point_rule)
register(StoredChart, stored_chart_rule)
register(GroupPoint, group_point_rule)
register(PupilGroup, pupil_group_rule)
exempt(MeasureExclusion, "read and written only through its measure, by those who may change it")
exempt(MeasureTarget, "read and written only through its measure")
exempt(DataPointRevision, "read only through its data point's history")


def visible_focus_areas(user) -> QuerySet[FocusArea]:
    access = access_for(user)
    return FocusArea.objects.filter(
        team__network_id=access.network_id, team_id__in=access.team_ids_with_role(Role.MEMBER)
    )


def visible_measures(user) -> QuerySet[Measure]:
    access = access_for(user)
    return Measure.objects.filter(
        focus_area__team__network_id=access.network_id,
        focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def visible_data_points(user) -> QuerySet[DataPoint]:
    access = access_for(user)
    return DataPoint.objects.filter(
        measure__focus_area__team__network_id=access.network_id,
        measure__focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def visible_shared_measures(user) -> QuerySet[SharedMeasure]:
    """Every shared measure of the person's network: all of it is there to be adopted."""
    return SharedMeasure.objects.filter(network_id=access_for(user).network_id)


def may_own_shared_measures(user, team: Team) -> bool:
    """A hub or cluster defines shared measures: its leads, the leaders above it, the admin."""
    access = access_for(user)
    return (
        team.network_id == access.network_id
        and team.kind in (Team.Kind.HUB, Team.Kind.CLUSTER)
        and access.has_role(team.pk, Role.LEAD)
    )


def can_create_focus_area(user, team: Team) -> bool:
    """Leads (and leaders above) set their team's focus; members work within it."""
    return can_view(user, team) and access_for(user).has_role(team.pk, Role.LEAD)


def may_see_glance(user) -> bool:
    """Leads and leaders (and the network admin): the table is the overseer's summary. A member's
    measures are on their focus areas' pages, so a member gets a 403 here, not an empty table."""
    return access_for(user).leads_by_name()


def overseen_measures(user, at_least: str = Role.LEAD) -> QuerySet[Measure]:
    """The measures of every team the user leads or leads from above (a leader's whole subtree).

    Narrower than ``visible_measures``: a lead who is also a member elsewhere sees only the teams
    they lead. Closed focus areas are history, not the present, and are left out.
    """
    access = access_for(user)
    return Measure.objects.filter(
        focus_area__team__network_id=access.network_id,
        focus_area__team_id__in=access.team_ids_with_role(at_least),
    ).exclude(focus_area__status=FocusArea.Status.CLOSED)


def overseen_focus_areas(user) -> QuerySet[FocusArea]:
    access = access_for(user)
    return FocusArea.objects.filter(
        team__network_id=access.network_id, team_id__in=access.team_ids_with_role(Role.LEAD)
    ).exclude(status=FocusArea.Status.CLOSED)
