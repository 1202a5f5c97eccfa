"""Andon in the browser (server side): who reaches each page, raising keeps what was typed, the
dashboard's row actions answer htmx with the row, and the dashboard's queries do not grow."""

import pytest
from django.urls import reverse

from andon import services
from andon.models import Flag
from playbook import clock
from tests.support.andon import MONDAY_10, at, escalate_at, raise_at

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(client, person):
    client.force_login(person)
    return client


# persona → status, for each page (Taiga-style: a new page without a row shows up in review).
PAGES = [
    ("andon-dashboard", False, {"member": 200, "leader": 200, "sibling_member": 200, "outsider": 200,
                                "loner": 200}),
    ("andon-raise", False, {"member": 200, "leader": 200, "admin": 200, "loner": 403}),
    ("andon-learning", False, {"member": 302, "loner": 302}),  # now the network's one record of learnings
    ("andon-policy", False, {"admin": 200, "hub_leader": 403, "member": 403, "outsider": 403}),
    ("andon-flag-detail", True, {"member": 200, "lead": 200, "leader": 200, "hub_leader": 200, "admin": 200,
                                 "sibling_member": 404, "outsider": 404, "loner": 404}),
    ("andon-flag-actions", True, {"member": 200, "leader": 200, "sibling_member": 404, "outsider": 404}),
]  # fmt: skip
CASES = [
    (name, needs_flag, persona, status)
    for name, needs_flag, table in PAGES
    for persona, status in table.items()
]


@pytest.mark.parametrize(("url_name", "needs_flag", "persona", "expected"), CASES)
def test_who_reaches_each_andon_page(client, personas, flag, url_name, needs_flag, persona, expected):
    url = reverse(url_name, args=[flag.pk] if needs_flag else [])
    assert signed_in(client, getattr(personas, persona)).get(url).status_code == expected


@pytest.mark.parametrize(
    ("url_name", "data", "persona", "expected"),
    [
        ("andon-flag-acknowledge", {}, "sibling_member", 404),
        ("andon-flag-acknowledge", {}, "outsider", 404),
        ("andon-flag-resolve", {"resolution": "r", "learning": "l"}, "sibling_member", 404),
        ("andon-flag-escalate", {"reason": "r"}, "member", 403),
        ("andon-flag-escalate", {"reason": "r"}, "sibling_member", 404),
        ("andon-flag-comment", {"text": "t"}, "outsider", 404),
    ],
)
def test_acting_on_a_flag_one_may_not_is_refused(client, personas, flag, url_name, data, persona, expected):
    response = signed_in(client, getattr(personas, persona)).post(reverse(url_name, args=[flag.pk]), data)
    assert response.status_code == expected
    assert Flag.objects.get(pk=flag.pk).events.count() == 1


def test_signed_out_people_are_sent_to_sign_in(client, flag):
    response = client.get(reverse("andon-dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Raising ------------------------------------------------------------------------------------------


def test_the_raise_control_is_in_the_header_for_people_in_a_team_only(client, personas):
    assert b'data-testid="raise-flag-link"' in signed_in(client, personas.member).get("/").content
    assert b'data-testid="raise-flag-link"' not in signed_in(client, personas.loner).get("/").content


def test_a_member_raises_a_flag_and_lands_on_it(client, personas):
    client = signed_in(client, personas.member)
    response = client.post(
        reverse("andon-raise"),
        {
            "title": "Cover",
            "description": "No cover",
            "team": personas.team_a.pk,
            "severity": "high",
            "category": "resources",
        },
    )
    flag = Flag.objects.get()
    assert response.status_code == 302 and response["Location"] == flag.get_absolute_url()
    assert (flag.raised_by, flag.severity, flag.holding_team) == (personas.member, "high", personas.team_a)


def test_a_rejected_flag_keeps_everything_typed(client, personas):
    response = signed_in(client, personas.member).post(
        reverse("andon-raise"),
        {"title": "", "description": "The photocopier has been broken for a week", "team": personas.team_a.pk,
         "severity": "critical", "category": "process"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "The photocopier has been broken for a week" in page
    assert '<option value="critical" selected>' in page
    assert '<option value="process" selected>' in page
    assert not Flag.objects.exists()


def test_the_raise_form_offers_only_teams_one_may_raise_for(client, personas):
    form = signed_in(client, personas.member).get(reverse("andon-raise")).context["form"]
    assert list(form.fields["team"].queryset) == [personas.team_a]


# --- Dashboard and row actions ----------------------------------------------------------------------------


def test_the_dashboard_lists_what_climbed_to_the_leader_with_time_left(client, personas, flag):
    escalate_at(at(3, 10))
    with clock.frozen_at(at(3, 12)):
        page = signed_in(client, personas.leader).get(reverse("andon-dashboard"), {"escalated": "on"})
    assert page.context["counts"]["total"] == 1
    assert [row.flag.pk for row in page.context["rows"]] == [flag.pk]
    assert "22 h left" in page.content.decode()  # the cluster must acknowledge by Wednesday 10:00


def test_a_sibling_member_sees_nothing_of_team_a_on_the_dashboard(client, personas, flag):
    page = signed_in(client, personas.sibling_member).get(reverse("andon-dashboard"))
    assert page.context["rows"] == []
    assert flag.title not in page.content.decode()


def test_acknowledging_from_the_list_answers_with_the_row(client, personas, flag):
    response = signed_in(client, personas.lead).post(
        reverse("andon-flag-acknowledge", args=[flag.pk]), **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<tbody") or 'id="flag-' in page
    assert "Acknowledged." in page
    assert Flag.objects.get(pk=flag.pk).status == "acknowledged"


def test_resolving_from_the_list_without_learning_keeps_the_panel_open_with_the_error(client, personas, flag):
    response = signed_in(client, personas.lead).post(
        reverse("andon-flag-resolve", args=[flag.pk]), {"resolution": "Booked cover"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page and "Booked cover" in page
    assert Flag.objects.get(pk=flag.pk).status == "open"


def test_a_lead_escalating_past_their_team_still_sees_its_row_held_above(client, personas, flag):
    # Issue 16: a flag stays with every team that held it, so the row comes back, now held above.
    response = signed_in(client, personas.lead).post(
        reverse("andon-flag-escalate", args=[flag.pk]), {"reason": "Needs money"}, **HTMX
    )
    page = response.content.decode()
    assert "beyond your view" not in page and "Cluster A" in page
    assert Flag.objects.get(pk=flag.pk).holding_team == personas.cluster_a


def test_without_htmx_an_action_redirects_back_to_the_flag(client, personas, flag):
    response = signed_in(client, personas.lead).post(
        reverse("andon-flag-comment", args=[flag.pk]), {"text": "On it"}
    )
    assert response.status_code == 302 and response["Location"] == flag.get_absolute_url()


def test_without_htmx_a_bad_form_is_shown_on_the_flag_page_with_what_was_typed(client, personas, flag):
    response = signed_in(client, personas.lead).post(
        reverse("andon-flag-resolve", args=[flag.pk]), {"resolution": "", "learning": "Ask earlier"}
    )
    assert response.status_code == 200 and "Ask earlier" in response.content.decode()


def test_the_flag_page_shows_its_history(client, personas, flag):
    services.comment_on_flag(flag=flag, by=personas.lead, text="Booking cover now.")
    escalate_at(at(3, 10))
    page = signed_in(client, personas.leader).get(flag.get_absolute_url()).content.decode()
    assert "Booking cover now." in page
    assert "from Team A to Cluster A" in page and "automatically" in page


def _seed(personas, n, start=0):
    for i in range(start, start + n):
        team, by = (personas.team_a, personas.member) if i % 2 else (personas.team_b, personas.sibling_member)
        flag = raise_at(MONDAY_10, by=by, team=team, title=f"Flag {i}", severity=["low", "high"][i % 2])
        if i % 3 == 0:
            with clock.frozen_at(at(2, 12)):
                services.resolve_flag(flag=flag, by=personas.leader, resolution="Done", learning="Learned")


def test_the_dashboard_uses_the_same_number_of_queries_for_2_flags_as_for_60(
    client, personas, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(client, personas.hub_leader)
    _seed(personas, 2)
    escalate_at(at(3, 10))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("andon-dashboard"), {"status": "all"}).status_code == 200
    _seed(personas, 58, start=2)
    escalate_at(at(5, 10))
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("andon-dashboard"), {"status": "all"})
    assert len(page.context["rows"]) == 50  # a full page


def test_the_home_panel_shows_a_leader_what_climbed_to_them(client, personas, flag):
    escalate_at(at(3, 10))
    page = signed_in(client, personas.leader).get("/").content.decode()
    assert 'data-testid="panel-flags"' in page and flag.title in page
    assert "1</strong> escalated to your teams" in page


def test_the_home_panel_shows_a_member_their_own_flags(client, personas, flag):
    page = signed_in(client, personas.member).get("/").content.decode()
    assert "1</strong> open flag you raised" in page


# --- Learning and policy ---------------------------------------------------------------------------------


def test_the_old_learning_page_sends_people_to_the_networks_record_with_their_words(client, personas):
    response = signed_in(client, personas.member).get(reverse("andon-learning"), {"q": "agency"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('learnings')}?kind=flag&q=agency"


def test_learning_search_finds_resolved_flags_one_may_see(client, personas, flag):
    with clock.frozen_at(at(2, 12)):
        services.resolve_flag(
            flag=flag, by=personas.lead, resolution="Booked", learning="Ask the agency on Monday"
        )
    search = {"kind": "flag", "q": "agency"}
    found = signed_in(client, personas.leader).get(reverse("learnings"), search)
    assert [row.id for row in found.context["page"]] == [flag.pk]
    client.force_login(personas.sibling_member)
    assert list(client.get(reverse("learnings"), search).context["page"]) == []


def test_an_admin_sets_the_policy_on_its_page(client, personas):
    data = {
        "critical_acknowledge": "30m", "critical_resolve": "2h", "critical_every_hour": "on",
        "high_acknowledge": "4h", "high_resolve": "1d", "medium_acknowledge": "1d", "medium_resolve": "3d",
        "low_acknowledge": "3d", "low_resolve": "7d", "weekdays": ["0", "1", "2", "3", "4"],
        "day_starts": "08:30", "day_ends": "16:00",
        "closed": "2026-03-30 2026-04-10 break Easter\n2026-05-04 May Day",
    }  # fmt: skip
    response = signed_in(client, personas.admin).post(reverse("andon-policy"), data)
    assert response.status_code == 302
    page = client.get(reverse("andon-policy")).content.decode()
    assert "2026-03-30 2026-04-10 break Easter" in page and "2026-05-04 May Day" in page
    flag = raise_at(at(2, 15, 50), by=personas.member, team=personas.team_a, severity="high")
    assert flag.acknowledge_by == at(3, 12, 20)  # 10 minutes on Monday, then 3 h 50 from 08:30


def test_a_bad_policy_keeps_what_was_typed_and_saves_nothing(client, personas):
    data = {
        "critical_acknowledge": "soon",
        "weekdays": ["0"],
        "day_starts": "17:00",
        "day_ends": "08:00",
        "closed": "Xmas",
    }
    response = signed_in(client, personas.admin).post(reverse("andon-policy"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "soon" in page and "must end after it starts" in page and "does not start with a date" in page
    from andon.models import EscalationPolicy

    assert not EscalationPolicy.objects.exists()
