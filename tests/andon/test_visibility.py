"""Who sees a flag and who may act on it (DESIGN.md §4): the raiser, every team that held it, the
holding team and every team above it; never a sibling team or another network. Checked on the rule,
the list selector and the notifications; the pages and API have their own tables."""

import pytest

from andon.models import Flag
from andon.permissions import FLAG_ACT, FLAG_MOVE, FLAG_REOPEN, visible_flags
from playbook import permissions
from playbook.models import Notification
from tests.support.andon import at, escalate_at

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "lead", "leader", "hub_leader", "admin", "sibling_member", "outsider", "loner"]


def sees(personas, name, flag) -> bool:
    person = getattr(personas, name)
    return permissions.can_view(person, flag) and visible_flags(person).filter(pk=flag.pk).exists()


@pytest.mark.parametrize(
    ("persona", "visible", "may_act", "may_move"),
    [
        ("member", True, True, False),
        ("lead", True, True, True),
        ("leader", True, True, True),
        ("hub_leader", True, True, True),
        ("admin", True, True, True),
        ("sibling_member", False, False, False),
        ("outsider", False, False, False),
        ("loner", False, False, False),
    ],
)
def test_a_flag_held_by_team_a(personas, flag, persona, visible, may_act, may_move):
    person = getattr(personas, persona)
    assert sees(personas, persona, flag) is visible
    assert permissions.can(person, FLAG_ACT, flag) is may_act
    assert permissions.can(person, FLAG_MOVE, flag) is may_move


@pytest.mark.parametrize(
    ("persona", "visible", "may_act"),
    [
        ("member", True, False),  # still sees it, as the person who raised it, and may comment
        ("lead", True, False),  # Team A held it (issue 16): it sees and comments, Cluster A acts
        ("leader", True, True),
        ("hub_leader", True, True),
        ("admin", True, True),
        ("sibling_member", False, False),
        ("outsider", False, False),
    ],
)
def test_a_flag_escalated_to_cluster_a(personas, flag, persona, visible, may_act):
    escalate_at(at(3, 10))
    flag = Flag.objects.get(pk=flag.pk)
    person = getattr(personas, persona)
    assert sees(personas, persona, flag) is visible
    assert permissions.can(person, FLAG_ACT, flag) is may_act


def test_the_raiser_may_comment_but_not_act_once_it_climbed_past_them(personas, flag):
    escalate_at(at(3, 10))
    flag = Flag.objects.get(pk=flag.pk)
    assert permissions.can(personas.member, permissions.CONTRIBUTE, flag)
    assert not permissions.can(personas.member, FLAG_ACT, flag)
    assert permissions.can(personas.member, FLAG_REOPEN, flag)


def test_the_list_never_shows_a_sibling_teams_flags(personas, flag):
    from tests.support.andon import MONDAY_10, raise_at

    theirs = raise_at(MONDAY_10, by=personas.sibling_member, team=personas.team_b)
    assert set(visible_flags(personas.member)) == {flag}
    assert set(visible_flags(personas.sibling_member)) == {theirs}
    assert set(visible_flags(personas.leader)) == {flag, theirs}
    assert set(visible_flags(personas.outsider)) == set()


def test_every_andon_notification_goes_to_someone_who_may_see_the_flag_at_that_moment(personas, flag):
    from andon import services

    steps = [
        lambda: services.assign_flag(flag=flag, by=personas.lead, assignee=personas.member),
        lambda: services.comment_on_flag(flag=flag, by=personas.lead, text="On it"),
        lambda: escalate_at(at(3, 10)),
        lambda: services.comment_on_flag(flag=flag, by=personas.leader, text="Cluster has it"),
        lambda: escalate_at(at(5, 10)),
    ]
    seen = set(Notification.objects.values_list("pk", flat=True))  # those of raising it
    assert seen
    for step in steps:
        step()
        current = Flag.objects.get(pk=flag.pk)
        new = Notification.objects.filter(kind="andon").exclude(pk__in=seen).select_related("recipient")
        for notification in new:
            assert permissions.can_view(notification.recipient, current), notification.subject
        seen |= {n.pk for n in new}
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"lead", "member", "leader", "hub_leader"}


def test_above_every_team_the_rule_is_the_network_itself_and_sees_exactly_what_the_long_rule_sees(
    personas, flag
):
    from django.db.models import Q

    from andon.permissions import flag_holder_team_ids, held_by_q
    from tests.support.andon import MONDAY_10, raise_at

    raise_at(MONDAY_10, by=personas.hub_leader, team=personas.team_c, title="In cluster B")
    escalate_at(at(3, 10))
    for person in (personas.hub_leader, personas.admin):
        teams = flag_holder_team_ids(permissions.access_for(person))
        long_rule = Flag.objects.filter(
            Q(raised_by_id=person.pk) | Q(holding_team_id__in=teams) | held_by_q(teams),
            network_id=person.network_id,
        )

        shown = visible_flags(person)

        assert "andon_flaghold" not in str(shown.query)
        assert set(shown) == set(long_rule) and shown.count() == 2
    assert "andon_flaghold" in str(visible_flags(personas.leader).query)  # a cluster's leader: the long rule
