"""A focus area's story: read in the network, shared outside it by a revocable link, and by the API.

The story is the learning journey (aim, charts, theory as it changed, cycles with their predictions and
decisions); abandoned cycles are in it with what they taught. A link opens it signed out until it is
revoked, with people's names hidden when its maker asked.
"""

import hashlib
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import services
from cycles.models import StoryLink
from cycles.services import stories as story_services
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, run_to
from tests.support.factories import FocusAreaFactory, MembershipFactory, UserFactory
from theory.services import add_driver

pytestmark = pytest.mark.django_db


def shared_url(token: str) -> str:
    return reverse("story-shared", args=[token])


def make_link(world, hide_names=False, by=None):
    return story_services.make_story_link(
        focus_area=world.focus_area, by=by or world.lead, hide_names=hide_names
    )


def abandoned_cycle(world, **fields):
    by = fields.get("owner", world.member)
    cycle = services.start_cycle(cycle=make_plan(world, title="Reading buddies at lunch", **fields), by=by)
    return services.abandon_cycle(
        cycle=cycle, by=by, reason="Lunchtime clashed with clubs: pupils chose clubs every time."
    )


# --- The link ---------------------------------------------------------------------------------------


def test_a_story_link_works_signed_out_and_stops_working_when_revoked(world, plan):
    made = make_link(world)

    opened = page_as(None).get(shared_url(made.token))
    assert opened.status_code == 200
    html = opened.content.decode()
    assert "Reading fluency" in html and "Paired reading in 4B" in html

    story_services.revoke_story_link(link=made.link, by=world.lead)

    assert page_as(None).get(shared_url(made.token)).status_code == 404


def test_an_unknown_token_gets_the_same_404_as_a_revoked_one(world):
    made = make_link(world)
    story_services.revoke_story_link(link=made.link, by=world.lead)

    revoked = page_as(None).get(shared_url(made.token))
    unknown = page_as(None).get(shared_url("x" * 43))
    odd = page_as(None).get(shared_url("not a token!"))

    assert revoked.status_code == unknown.status_code == odd.status_code == 404
    assert revoked.content == unknown.content == odd.content


def test_only_the_hash_of_the_token_is_kept(world):
    made = make_link(world)
    link = StoryLink.objects.get(pk=made.link.pk)
    assert link.token_hash == hashlib.sha256(made.token.encode()).hexdigest()
    assert made.token not in str(list(StoryLink.objects.values()))


def test_opening_a_link_notes_when_it_was_last_opened(world):
    made = make_link(world)
    assert made.link.last_opened_at is None
    page_as(None).get(shared_url(made.token))
    assert StoryLink.objects.get(pk=made.link.pk).last_opened_at is not None


def test_the_shared_page_is_read_only_unindexed_and_leads_nowhere_into_the_app(world, plan):
    run_to(plan, "doing", world.member)
    response = page_as(None).get(shared_url(make_link(world).token))
    html = response.content.decode()

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<form" not in html and "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    links = re.findall(r'href="([^"]+)"', html)
    assert all(href.startswith("/static/") for href in links), links
    assert plan.get_absolute_url() not in html
    assert "no-store" in response["Cache-Control"]


def test_the_shared_page_tells_only_the_focus_areas_own_teams_cycles(world, plan):
    # A leader above both teams tests Team A's idea in Team B: the network's story may show it to the
    # leader, but a link shared outside shows Team A's own work alone.
    make_plan(
        world,
        by=world.leader,
        team=world.team_b,
        focus_area=None,
        title="Paired reading over in Team B",
        predictions=[services.PredictionInput("Team B's pupils will read more.")],
    )

    in_network = page_as(world.leader).get(reverse("focus-area-story", args=[world.focus_area.pk]))
    outside = page_as(None).get(shared_url(make_link(world).token))

    assert "Paired reading over in Team B" in in_network.content.decode()
    assert "Paired reading over in Team B" not in outside.content.decode()
    assert "Team B" not in outside.content.decode()


def test_hide_names_hides_the_name_of_everyone_involved_everywhere_on_the_page(world):
    helper = UserFactory(
        network=world.network, first_name="Philippa", last_name="Quennell", username="pquennell"
    )
    MembershipFactory(user=helper, team=world.team_a, role="member")
    noted = UserFactory(
        network=world.network, first_name="Ottoline", last_name="Brackenbury", username="obrack"
    )
    MembershipFactory(user=noted, team=world.team_a, role="member")
    add_driver(focus_area=world.focus_area, by=world.lead, kind="primary", text="Pupils read aloud daily")

    cycle = make_plan(world, collaborators=[helper], objective="Ask Ottoline Brackenbury how it went.")
    cycle = services.start_cycle(cycle=cycle, by=world.member)
    services.add_observation(cycle=cycle, by=helper, observed_on=date(2026, 3, 3), text="Ottoline liked it.")
    services.update_cycle(cycle=cycle, by=helper, what_happened="Philippa ran it with Ottoline's group.")
    cycle = services.transition(cycle=cycle, by=helper, to="studying")
    for prediction in cycle.predictions.all():
        services.study_prediction(prediction=prediction, by=helper, actual="It did.", outcome="met")
    cycle = services.transition(cycle=cycle, by=helper, to="acting")
    services.update_cycle(
        cycle=cycle, by=helper, decision="adopt", decision_reasoning="Philippa says keep it."
    )
    abandoned_cycle(world, owner=noted)

    made = make_link(world, hide_names=True, by=world.leader)
    html = page_as(None).get(shared_url(made.token)).content.decode()

    involved = [helper, noted, world.member, world.lead, world.leader]
    names = {n for person in involved for n in (person.first_name, person.last_name, person.get_full_name())}
    names |= {helper.username, noted.username}
    shown = sorted(name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", html))
    assert shown == []
    assert "a team member" in html
    assert "A team member says keep it." in html  # a sentence still starts with a capital
    # The same story in the network names them.
    inside = page_as(world.lead).get(reverse("focus-area-story", args=[world.focus_area.pk])).content.decode()
    assert helper.get_full_name() in inside and "Ottoline liked it." in inside


def test_a_link_made_with_names_shows_them(world, plan):
    html = page_as(None).get(shared_url(make_link(world, hide_names=False).token)).content.decode()
    assert world.member.display_name in html


# --- What the story tells ----------------------------------------------------------------------------


def test_abandoned_cycles_appear_with_what_they_taught(world, plan):
    abandoned_cycle(world)
    url = reverse("focus-area-story", args=[world.focus_area.pk])

    for html in (
        page_as(world.member).get(url).content.decode(),
        page_as(None).get(shared_url(make_link(world).token)).content.decode(),
    ):
        assert "Reading buddies at lunch" in html
        assert 'data-testid="abandoned"' in html
        assert "Lunchtime clashed with clubs: pupils chose clubs every time." in html
        assert "What did not work, and what it taught" in html


def test_predictions_are_told_met_missed_and_not_yet(world):
    run_to(make_plan(world, title="Met one"), "acting", world.member, outcome="met")
    run_to(make_plan(world, title="Missed one"), "acting", world.member, outcome="not_met")
    make_plan(world, title="Planned one")

    data = api_as(world.member).get(f"/api/v1/focus-areas/{world.focus_area.pk}/story/").json()

    outcomes = {
        cycle["title"]: sorted({p["outcome_label"] for p in cycle["predictions"]})
        for idea in data["change_ideas"]
        for cycle in idea["cycles"]
    }
    assert outcomes == {"Met one": ["Met"], "Missed one": ["Missed"], "Planned one": ["Not yet studied"]}
    assert data["counts"] | {} == {
        "cycles": 3, "abandoned": 0, "predictions": 6, "met": 2, "partly_met": 0, "missed": 2, "not_yet": 2,
    }  # fmt: skip


def test_the_story_tells_how_the_driver_diagram_changed(world):
    add_driver(focus_area=world.focus_area, by=world.lead, kind="primary", text="Pupils read aloud daily")
    data = api_as(world.member).get(f"/api/v1/focus-areas/{world.focus_area.pk}/story/").json()
    changes = [change for revision in data["theory"]["revisions"] for change in revision["changes"]]
    assert any("Pupils read aloud daily" in change for change in changes)
    assert any("Paired reading" in change for change in changes)


def _queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_story_pages_ask_as_many_queries_for_20_cycles_as_for_2(world):
    def grow(n, start=0):
        for i in range(start, start + n):
            cycle = make_plan(world, title=f"Plan {i}", collaborators=[world.lead])
            if i % 3 == 1:
                cycle = run_to(cycle, "acting", world.member)
            elif i % 3 == 2:
                abandoned = services.start_cycle(cycle=cycle, by=world.member)
                services.add_observation(
                    cycle=abandoned, by=world.lead, observed_on=date(2026, 3, 4), text="Hm."
                )
                services.abandon_cycle(cycle=abandoned, by=world.member, reason="Too noisy.")

    grow(3)
    made = make_link(world, hide_names=True)
    page = reverse("focus-area-story", args=[world.focus_area.pk])
    outside = shared_url(made.token)
    lead, anonymous = page_as(world.lead), page_as(None)
    few = (_queries(lead, page), _queries(anonymous, outside))

    grow(20, 3)

    assert (_queries(lead, page), _queries(anonymous, outside)) == few


# --- Who may share ----------------------------------------------------------------------------------


def test_only_the_teams_leads_and_those_above_make_and_revoke_links(world):
    for person in (world.lead, world.leader, world.hub_leader, world.admin):
        made = make_link(world, by=person)
        story_services.revoke_story_link(link=made.link, by=person)
    made = make_link(world)

    with pytest.raises(PermissionDenied):  # sees the focus area, may not share it
        make_link(world, by=world.member)
    with pytest.raises(PermissionDenied):
        story_services.revoke_story_link(link=made.link, by=world.member)
    for stranger in (world.sibling_member, world.outsider):
        with pytest.raises(Http404):
            make_link(world, by=stranger)
        with pytest.raises(Http404):
            story_services.revoke_story_link(link=made.link, by=stranger)
    assert StoryLink.objects.get(pk=made.link.pk).revoked_at is None


def test_a_member_reads_the_story_but_sees_no_share_panel(world, plan):
    member = (
        page_as(world.member).get(reverse("focus-area-story", args=[world.focus_area.pk])).content.decode()
    )
    lead = page_as(world.lead).get(reverse("focus-area-story", args=[world.focus_area.pk])).content.decode()
    assert 'data-testid="story-share"' not in member
    assert 'data-testid="story-share"' in lead


def test_making_a_link_on_the_page_shows_it_once_and_lists_it(world):
    client = page_as(world.lead)
    response = client.post(reverse("story-link-make", args=[world.focus_area.pk]), {"hide_names": "on"})
    html = response.content.decode()
    address = re.search(r'id="story-address" type="url" value="([^"]+)"', html).group(1)
    link = StoryLink.objects.get()
    assert link.hide_names is True
    assert link.token_hash == hashlib.sha256(address.rstrip("/").rsplit("/", 1)[-1].encode()).hexdigest()
    again = client.get(reverse("focus-area-story", args=[world.focus_area.pk])).content.decode()
    assert address not in again
    assert 'data-testid="story-links"' in again and "names hidden" in again

    client.post(reverse("story-link-revoke", args=[link.pk]))
    assert StoryLink.objects.get().revoked_at is not None


# --- The API ----------------------------------------------------------------------------------------


def test_the_api_makes_lists_and_revokes_links(world):
    lead = api_as(world.lead)
    links = f"/api/v1/focus-areas/{world.focus_area.pk}/story-links/"

    made = lead.post(links, {"hide_names": False}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert (
        body["hide_names"] is False
        and body["url"].endswith("/")
        and body["made_by"] == world.lead.display_name
    )
    path = "/" + body["url"].split("://", 1)[-1].split("/", 1)[-1]
    assert page_as(None).get(path).status_code == 200

    listed = lead.get(links).json()
    assert [link["id"] for link in listed] == [body["id"]] and "url" not in listed[0]

    revoked = lead.post(f"{links}{body['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert page_as(None).get(path).status_code == 404
    assert lead.get(links).json() == []


def test_the_api_refuses_bad_input_with_field_errors(world):
    response = api_as(world.lead).post(
        f"/api/v1/focus-areas/{world.focus_area.pk}/story-links/", {"hide_names": "perhaps"}, format="json"
    )
    assert response.status_code == 400
    assert "hide_names" in str(response.json())
    assert StoryLink.objects.count() == 0


def test_the_api_answers_404_to_those_who_may_not_see_and_403_to_those_who_may_not_share(world):
    links = f"/api/v1/focus-areas/{world.focus_area.pk}/story-links/"
    story = f"/api/v1/focus-areas/{world.focus_area.pk}/story/"
    assert api_as(world.member).get(story).status_code == 200
    assert api_as(world.sibling_member).get(story).status_code == 404
    assert api_as(world.member).post(links, {}, format="json").status_code == 403
    assert api_as(world.sibling_member).post(links, {}, format="json").status_code == 404
    assert api_as(world.outsider).get(links).status_code == 404
    made = make_link(world)
    elsewhere = FocusAreaFactory(team=world.team_a, owner=world.lead)
    wrong_pair = f"/api/v1/focus-areas/{elsewhere.pk}/story-links/{made.link.pk}/revoke/"
    assert api_as(world.lead).post(wrong_pair).status_code == 404
