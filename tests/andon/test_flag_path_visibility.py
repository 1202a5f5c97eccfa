"""Flags stay with everyone they passed (issue 16, DESIGN.md §4): the raising team still sees its
escalated flag, a tier the job climbed past in one pass is told once and sees it as passed through,
siblings and other networks never see it; a leader assigns along the path; the home panel shows
what climbed, what passed and what is near its deadline; the dashboard's queries do not grow."""

import pytest
from django.urls import reverse

from andon import services
from andon.models import Flag, FlagHold
from andon.permissions import FLAG_ACT, FLAG_MOVE, visible_flags
from playbook import clock, permissions
from playbook.models import Notification
from tests.support.andon import MONDAY_10, at, escalate_at, fresh, raise_at
from tests.support.clients import api_as, page_as
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def passed_up(flag):
    """Team A misses Tuesday's deadline and Cluster A Wednesday's; one run on Wednesday climbs it past
    Cluster A to the hub."""
    escalate_at(at(4, 10))
    return fresh(flag)


def detail(flag):
    return reverse("andon-flag-detail", args=[flag.pk])


def api(flag, tail=""):
    return f"/api/v1/flags/{flag.pk}/{tail}"


# --- The raising team keeps its flag ------------------------------------------------------------------


def test_the_raising_teams_lead_still_sees_its_escalated_flag(personas, flag):
    escalate_at(at(3, 10))  # Team A → Cluster A
    assert page_as(personas.lead).get(detail(flag)).status_code == 200
    assert api_as(personas.lead).get(api(flag)).status_code == 200
    assert flag.pk in [row["id"] for row in api_as(personas.lead).get("/api/v1/flags/").json()["results"]]


def test_the_raising_team_sees_it_but_no_longer_acts_on_it(personas, flag):
    escalate_at(at(3, 10))
    flag = fresh(flag)
    assert permissions.can_view(personas.lead, flag)
    assert permissions.can(personas.lead, permissions.CONTRIBUTE, flag)
    assert not permissions.can(personas.lead, FLAG_ACT, flag)
    assert not permissions.can(personas.lead, FLAG_MOVE, flag)
    response = api_as(personas.lead).post(api(flag, "acknowledge/"))
    assert response.status_code == 403


def test_the_raising_teams_lead_comments_on_it_from_its_page(personas, flag):
    escalate_at(at(3, 10))
    response = page_as(personas.lead).post(
        reverse("andon-flag-comment", args=[flag.pk]), {"text": "Still short"}
    )
    assert response.status_code == 302
    assert flag.events.filter(kind="commented", by=personas.lead).exists()


@pytest.mark.parametrize("persona", ["sibling_member", "outsider", "loner"])
def test_siblings_and_other_networks_get_not_found_for_a_flag_that_passed(personas, flag, persona):
    passed_up(flag)
    person = getattr(personas, persona)
    assert page_as(person).get(detail(flag)).status_code == 404
    assert api_as(person).get(api(flag)).status_code == 404
    assert not visible_flags(person).filter(pk=flag.pk).exists()


def test_a_sibling_team_never_gets_the_flag_on_its_list(personas, flag):
    passed_up(flag)
    rows = api_as(personas.sibling_member).get("/api/v1/flags/", {"status": "all"}).json()["results"]
    assert rows == []


def test_visibility_stays_one_query_however_many_teams_it_passed(personas, flag, django_assert_num_queries):
    passed_up(flag)
    permissions.access_for(personas.lead)  # the person's access is worked out once per request
    with django_assert_num_queries(1):
        assert list(visible_flags(personas.lead).values_list("pk", flat=True)) == [flag.pk]


# --- A tier passed through in one run -----------------------------------------------------------------


def test_a_tier_passed_in_one_run_keeps_a_passed_hold(personas, flag):
    flag = passed_up(flag)
    assert flag.holding_team == personas.hub
    assert list(FlagHold.objects.filter(flag=flag).values_list("team__name", "outcome")) == [
        ("Team A", "escalated"),
        ("Cluster A", "passed"),
        ("Hub", ""),
    ]


def test_the_leader_of_a_tier_passed_through_is_told_once(personas, flag):
    passed_up(flag)
    escalate_at(at(4, 10))  # the same minute again: nothing more happens, nobody hears twice
    told = Notification.objects.filter(kind="andon_passed")
    assert list(told.values_list("recipient__username", flat=True)) == ["leader"]
    assert told.get().subject == f"Passed through Cluster A to Hub: {flag.title} (medium)"
    assert "passed=on" in told.get().url


def test_a_tier_that_held_it_for_a_while_is_not_told_it_passed(personas, flag):
    escalate_at(at(3, 10))  # Team A → Cluster A, and the cluster is told it has it
    escalate_at(at(4, 10))  # Cluster A → Hub, one level: the cluster held it
    assert not Notification.objects.filter(kind="andon_passed").exists()
    assert FlagHold.objects.get(flag=flag, team=personas.cluster_a).outcome == "escalated"


def test_the_tier_passed_through_sees_it_as_passed_on_its_dashboard(personas, flag):
    passed_up(flag)
    page = page_as(personas.leader).get(reverse("andon-dashboard"), {"passed": "on"})
    assert [row.flag.pk for row in page.context["rows"]] == [flag.pk]
    assert page.context["rows"][0].passed_through
    assert 'data-testid="passed-badge"' in page.content.decode()


def test_the_passed_filter_leaves_out_flags_that_did_not_pass_the_viewers_teams(personas, flag):
    other = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="Not passed")
    with clock.frozen_at(at(2, 11)):
        services.acknowledge_flag(flag=other, by=personas.lead)
    passed_up(flag)
    page = page_as(personas.leader).get(reverse("andon-dashboard"), {"passed": "on"})
    assert [row.flag.pk for row in page.context["rows"]] == [flag.pk]


def test_the_api_says_the_flag_passed_through_the_viewers_team_and_its_path(personas, flag):
    passed_up(flag)
    body = api_as(personas.leader).get(api(flag)).json()
    assert body["passed_through"] is True
    assert [(hold["team_name"], hold["outcome"]) for hold in body["path"]] == [
        ("Team A", "escalated"),
        ("Cluster A", "passed"),
        ("Hub", ""),
    ]
    assert api_as(personas.lead).get(api(flag)).json()["passed_through"] is False
    listed = api_as(personas.leader).get("/api/v1/flags/", {"passed_through": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [flag.pk]


# --- Assigning along the path -------------------------------------------------------------------------


def test_a_leader_is_offered_the_people_of_every_team_on_the_path(personas, flag):
    flag = passed_up(flag)
    page = page_as(personas.hub_leader).get(detail(flag))
    offered = set(page.context["forms"]["assign"].fields["assignee"].queryset)
    assert {personas.member, personas.lead, personas.leader, personas.hub_leader} <= offered
    assert personas.sibling_member not in offered


def test_a_leader_assigns_it_to_someone_of_the_raising_team_through_the_api(personas, flag):
    passed_up(flag)
    response = api_as(personas.hub_leader).post(api(flag, "assign/"), {"assignee": personas.lead.pk})
    assert response.status_code == 200, response.json()
    assert fresh(flag).assignee == personas.lead


def test_the_api_refuses_someone_off_the_path(personas, flag):
    passed_up(flag)
    response = api_as(personas.hub_leader).post(
        api(flag, "assign/"), {"assignee": personas.sibling_member.pk}
    )
    assert response.status_code == 400
    assert "assignee" in str(response.json())
    assert fresh(flag).assignee is None


def test_the_form_refuses_someone_off_the_path(personas, flag):
    passed_up(flag)
    response = page_as(personas.hub_leader).post(
        reverse("andon-flag-assign", args=[flag.pk]), {"assignee": personas.sibling_member.pk}
    )
    assert response.status_code == 200
    assert response.context["forms"]["assign"].errors["assignee"]
    assert fresh(flag).assignee is None


# --- Home panel ---------------------------------------------------------------------------------------


def home_data(user):
    from django.test import RequestFactory

    from andon.panels import _flags_data

    request = RequestFactory().get("/")
    request.user = user
    return _flags_data(request)


def test_the_home_panel_shows_everyone_the_flags_they_raised_and_their_state(personas, flag):
    passed_up(flag)
    data = home_data(personas.member)
    assert [(row["id"], row["status"], row["holding_team"]) for row in data["raised"]] == [
        (flag.pk, "open", "Hub")
    ]
    assert data["escalations"] == [] and data["near_deadline"] == []


def test_the_home_panel_shows_a_leader_what_passed_through_their_team(personas, flag):
    passed_up(flag)
    with clock.frozen_at(at(4, 10)):
        data = home_data(personas.leader)
        page = page_as(personas.leader).get("/").content.decode()
    assert [(row["id"], row["passed_through"]) for row in data["escalations"]] == [(flag.pk, True)]
    assert data["counts"]["passed"] == 1
    assert 'data-testid="home-escalations"' in page and "passed through" in page


def test_the_home_panel_lists_flags_near_their_next_deadline_soonest_first(personas, flag):
    later = raise_at(at(2, 14), by=personas.member, team=personas.team_a, title="Later one")
    far = raise_at(at(2, 14), by=personas.member, team=personas.team_a, title="Far one", severity="low")
    with clock.frozen_at(at(2, 16)):
        data = home_data(personas.lead)
        page = page_as(personas.lead).get("/").content.decode()
    assert [row["id"] for row in data["near_deadline"]] == [flag.pk, later.pk]
    assert far.pk not in [row["id"] for row in data["near_deadline"]]
    assert data["near_deadline"][0]["url"] == flag.get_absolute_url()
    assert 'data-testid="home-near-deadline"' in page


def test_the_home_panel_asks_the_same_queries_for_many_flags(personas, flag, django_assert_num_queries):
    def grow():
        for i in range(10):
            raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title=f"More {i}")
        escalate_at(at(4, 10))

    with clock.frozen_at(at(4, 10)):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        person = fresh_user(personas.leader)
        with CaptureQueriesContext(connection) as small:
            home_data(person)
        grow()
        person = fresh_user(personas.leader)
        with django_assert_num_queries(len(small.captured_queries)):
            home_data(person)


def fresh_user(user):
    from playbook.models import User

    return User.objects.get(pk=user.pk)


# --- Query counts -------------------------------------------------------------------------------------


def test_the_dashboard_asks_the_same_queries_for_2_flags_as_for_20(personas, django_assert_num_queries):
    def grow(n, start):
        for i in range(start, start + n):
            raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title=f"Flag {i}")

    grow(2, 0)
    passed_up(Flag.objects.first())
    with clock.frozen_at(at(4, 10)):
        assert_same_queries_after(
            page_as(personas.lead),
            reverse("andon-dashboard"),
            lambda: (grow(18, 2), escalate_at(at(4, 10))),
            django_assert_num_queries,
            data={"status": "all"},
        )


def test_the_passed_through_dashboard_asks_the_same_queries_for_2_flags_as_for_20(
    personas, django_assert_num_queries
):
    def grow(n, start):
        for i in range(start, start + n):
            raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title=f"Flag {i}")
        escalate_at(at(4, 10))

    grow(2, 0)
    with clock.frozen_at(at(4, 10)):
        assert_same_queries_after(
            page_as(personas.leader),
            reverse("andon-dashboard"),
            lambda: grow(18, 2),
            django_assert_num_queries,
            data={"passed": "on"},
        )


def test_the_flag_list_api_asks_the_same_queries_for_2_flags_as_for_20(personas, django_assert_num_queries):
    def grow(n, start):
        for i in range(start, start + n):
            raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title=f"Flag {i}")
        escalate_at(at(4, 10))

    grow(2, 0)
    with clock.frozen_at(at(4, 10)):
        assert_same_queries_after(
            api_as(personas.lead), "/api/v1/flags/", lambda: grow(18, 2), django_assert_num_queries
        )


# --- The search's form of the rule ------------------------------------------------------------------

EVERYONE = ("member", "lead", "leader", "hub_leader", "sibling_member", "admin", "outsider", "loner")


@pytest.mark.parametrize("narrow_share", [0.0, 1.0], ids=["plain-rule", "from-the-ids"])
def test_the_search_reads_exactly_the_flags_the_rule_shows(personas, flag, monkeypatch, narrow_share):
    """``visible_flags_for_search`` takes the ids path for a narrow viewer and the plain rule for a wide
    one; whichever it takes, each persona gets the same flags as ``visible_flags``."""
    from andon import permissions as andon_permissions

    passed_up(flag)  # held by Team A, passed through Cluster A, now with the hub
    raise_at(MONDAY_10, by=personas.sibling_member, team=personas.team_b, title="Team B's own")
    raise_at(MONDAY_10, by=personas.hub_leader, team=personas.cluster_b, title="Raised for Cluster B")
    monkeypatch.setattr(andon_permissions, "NARROW_SHARE", narrow_share)

    for name in EVERYONE:
        person = getattr(personas, name)
        permissions.forget(person)
        expected = set(visible_flags(person).values_list("pk", flat=True))
        searched = andon_permissions.visible_flags_for_search(person)
        assert set(searched.values_list("pk", flat=True)) == expected
    assert FlagHold.objects.filter(flag=flag, outcome=FlagHold.Outcome.PASSED).exists()
