"""The theory API: a permission table per endpoint (Taiga-style), the diagram's rules as 400s with the
reason, a 409 for deleting a change idea that cycles test, the past as of a date, and SVG."""

import xml.etree.ElementTree as ET

import pytest

from tests.support.clients import api_as, assert_error
from tests.support.theory import make_cycle
from theory import services
from theory.models import ChangeIdea, TheoryEvent

pytestmark = pytest.mark.django_db

ALL = ["member", "lead", "leader", "hub_leader", "admin", "sibling_member", "outsider", None]


def table(**overrides):
    """Expected status per persona; the defaults are for reading Team A's theory."""
    base = {"member": 200, "lead": 200, "leader": 200, "hub_leader": 200, "admin": 200,
            "sibling_member": 404, "outsider": 404, None: 401}  # fmt: skip
    base.update({(None if k == "anonymous" else k): v for k, v in overrides.items()})
    return [(persona, base[persona]) for persona in ALL]


SEEING = table()
# Shaping the driver diagram: drivers, links, deleting (the lead owns the focus area).
SHAPING_BY_ID = table(member=403)
SHAPING_CREATE = table(
    member=403, lead=201, leader=201, hub_leader=201, admin=201, sibling_member=400, outsider=400
)
# Everyday contributions: propose ideas, add causes, vote, start a 5 Whys.
CONTRIBUTING_CREATE = table(lead=201, member=201, leader=201, hub_leader=201, admin=201, sibling_member=400,
                            outsider=400)  # fmt: skip
DELETING = table(member=403, lead=204, leader=204, hub_leader=204, admin=204)


def client(personas, persona):
    return api_as(getattr(personas, persona) if persona else None)


@pytest.fixture
def fishbone(personas, focus_area):
    return services.start_fishbone(focus_area=focus_area, by=personas.lead)


@pytest.fixture
def cause(personas, fishbone):
    return services.add_cause(category=fishbone.categories.first(), by=personas.lead, text="Supply cover")


@pytest.fixture
def analysis(personas, focus_area):
    return services.start_why_analysis(focus_area=focus_area, by=personas.lead, problem="Slow reading")


# --- Permission tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_a_driver(personas, diagram, persona, expected):
    assert client(personas, persona).get(f"/api/v1/drivers/{diagram.p1.pk}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_the_whole_driver_diagram(personas, diagram, persona, expected):
    url = f"/api/v1/driver-diagrams/{diagram.p1.focus_area_id}/"
    assert client(personas, persona).get(url).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_adding_a_driver(personas, focus_area, persona, expected):
    body = {"focus_area": focus_area.pk, "kind": "primary", "text": "Daily practice"}
    assert client(personas, persona).post("/api/v1/drivers/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_BY_ID)
def test_renaming_a_driver(personas, diagram, persona, expected):
    response = client(personas, persona).patch(f"/api/v1/drivers/{diagram.p1.pk}/", {"text": "Practice"})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DELETING)
def test_deleting_a_driver(personas, diagram, persona, expected):
    assert client(personas, persona).delete(f"/api/v1/drivers/{diagram.p1.pk}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_linking_drivers(personas, diagram, persona, expected):
    body = {"primary": diagram.p2.pk, "secondary": diagram.s1.pk}
    assert client(personas, persona).post("/api/v1/driver-links/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DELETING)
def test_unlinking_drivers(personas, diagram, persona, expected):
    link = diagram.s1.primary_links.get()
    assert client(personas, persona).delete(f"/api/v1/driver-links/{link.pk}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING_CREATE)
def test_proposing_a_change_idea(personas, focus_area, persona, expected):
    body = {"focus_area": focus_area.pk, "title": "Reading buddies"}
    assert client(personas, persona).post("/api/v1/change-ideas/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_linking_a_change_idea(personas, diagram, persona, expected):
    body = {"change_idea": diagram.idea.pk, "driver": diagram.s2.pk}
    assert client(personas, persona).post("/api/v1/change-idea-links/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_BY_ID)
def test_archiving_a_change_idea(personas, diagram, persona, expected):
    url = f"/api/v1/change-ideas/{diagram.idea.pk}/archive/"
    assert client(personas, persona).post(url).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DELETING)
def test_deleting_a_change_idea(personas, diagram, persona, expected):
    assert (
        client(personas, persona).delete(f"/api/v1/change-ideas/{diagram.idea.pk}/").status_code == expected
    )


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING_CREATE)
def test_starting_a_fishbone(personas, focus_area, persona, expected):
    body = {"focus_area": focus_area.pk}
    assert client(personas, persona).post("/api/v1/fishbones/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_the_whole_fishbone(personas, fishbone, persona, expected):
    assert client(personas, persona).get(f"/api/v1/fishbones/{fishbone.pk}/diagram/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_adding_a_category(personas, fishbone, persona, expected):
    body = {"fishbone": fishbone.pk, "name": "Parents and carers"}
    assert client(personas, persona).post("/api/v1/fishbone-categories/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING_CREATE)
def test_adding_a_cause(personas, fishbone, persona, expected):
    body = {"category": fishbone.categories.first().pk, "text": "Supply cover"}
    assert client(personas, persona).post("/api/v1/causes/", body).status_code == expected


# The lead added the cause: a member may not reword it (they may their own).
@pytest.mark.parametrize(("persona", "expected"), SHAPING_BY_ID)
def test_rewording_a_cause(personas, cause, persona, expected):
    response = client(personas, persona).patch(
        f"/api/v1/causes/{cause.pk}/", {"text": "Supply cover on Fridays"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_voting_for_a_cause(personas, cause, persona, expected):
    assert client(personas, persona).post(f"/api/v1/causes/{cause.pk}/vote/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING_CREATE)
def test_starting_a_five_whys(personas, focus_area, persona, expected):
    body = {"focus_area": focus_area.pk, "problem": "Slow reading"}
    assert client(personas, persona).post("/api/v1/why-analyses/", body).status_code == expected


# The lead started it alone: a member not taking part may read it, not add to it.
@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_adding_a_chain_of_whys(personas, analysis, persona, expected):
    body = {"analysis": analysis.pk, "why": "Why?", "because": "Little practice"}
    assert client(personas, persona).post("/api/v1/why-chains/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING_CREATE)
def test_linking_a_root_cause(personas, diagram, cause, persona, expected):
    body = {"driver": diagram.s1.pk, "cause": cause.pk}
    assert client(personas, persona).post("/api/v1/root-cause-links/", body).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_the_history(personas, diagram, persona, expected):
    response = client(personas, persona).get(f"/api/v1/theory-events/?focus_area={diagram.p1.focus_area_id}")
    assert response.status_code == (200 if expected == 404 else expected)
    if expected == 404:  # a list: another team's events are simply not there
        assert response.json()["results"] == []


# --- Behaviour -------------------------------------------------------------------------------------


def test_the_list_shows_only_the_teams_own_theory(personas, diagram, other_focus_area):
    services.add_driver(
        focus_area=other_focus_area, by=personas.sibling_member, kind="primary", text="Theirs"
    )
    texts = [d["text"] for d in api_as(personas.member).get("/api/v1/drivers/").json()["results"]]
    assert "Theirs" not in texts and "Daily reading practice" in texts


def test_a_link_that_would_loop_is_refused_with_the_reason(personas, diagram):
    body = {"primary": diagram.s1.pk, "secondary": diagram.p1.pk}
    body = assert_error(api_as(personas.lead).post("/api/v1/driver-links/", body), 400, "invalid")
    assert "make a loop" in body["detail"]


def test_a_link_across_focus_areas_is_refused(personas, diagram):
    from tests.support.factories import FocusAreaFactory

    second = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Writing")
    elsewhere = services.add_driver(focus_area=second, by=personas.lead, kind="secondary", text="Frames")
    body = {"primary": diagram.p1.pk, "secondary": elsewhere.pk}
    body = assert_error(api_as(personas.lead).post("/api/v1/driver-links/", body), 400, "invalid")
    assert "same focus area" in body["detail"]


def test_a_blank_driver_gets_a_field_error(personas, focus_area):
    body = {"focus_area": focus_area.pk, "kind": "primary", "text": "  "}
    body = assert_error(api_as(personas.lead).post("/api/v1/drivers/", body), 400, "invalid")
    assert set(body["errors"]) == {"text"}


def test_deleting_an_idea_that_cycles_test_is_a_conflict(personas, diagram):
    make_cycle(diagram.idea, personas.member)
    response = api_as(personas.lead).delete(f"/api/v1/change-ideas/{diagram.idea.pk}/")
    body = assert_error(response, 409, "conflict")
    assert "1 PDSA cycle tests it" in body["detail"] and "Archive it instead" in body["detail"]
    assert ChangeIdea.objects.filter(pk=diagram.idea.pk).exists()


def test_a_change_idea_shows_its_status_and_cycles(personas, diagram):
    make_cycle(diagram.idea, personas.member)
    services.set_testing_status(change_idea=diagram.idea, status="adopted")
    body = api_as(personas.member).get(f"/api/v1/change-ideas/{diagram.idea.pk}/").json()
    assert (body["status"], body["cycle_count"], body["drivers"]) == ("adopted", 1, [diagram.s1.pk])
    response = api_as(personas.lead).patch(
        f"/api/v1/change-ideas/{diagram.idea.pk}/", {"status": "abandoned"}
    )
    assert response.json()["status"] == "adopted"  # the cycles say, not the API


def test_the_driver_diagram_as_it_stood_on_a_date(personas, diagram):
    url = f"/api/v1/driver-diagrams/{diagram.p1.focus_area_id}/"
    services.rename_driver(driver=diagram.p1, by=personas.lead, text="Renamed today")
    TheoryEvent.objects.filter(action="created").update(at="2026-01-10T12:00:00Z")
    past = api_as(personas.member).get(url, {"as_of": "2026-01-10"}).json()
    assert [p["text"] for p in past["primaries"]] == ["Daily reading practice", "Reading at home"]
    assert [i["title"] for i in past["ideas"]] == ["Ten-minute paired reading"]
    before = api_as(personas.member).get(url, {"as_of": "2026-01-09"}).json()
    assert before["primaries"] == [] and before["ideas"] == []
    today = api_as(personas.member).get(url).json()
    assert today["primaries"][0]["text"] == "Renamed today"
    bad = api_as(personas.member).get(url, {"as_of": "last week"})
    assert set(assert_error(bad, 400, "invalid")["errors"]) == {"as_of"}


def test_the_diagram_as_svg(personas, diagram):
    response = api_as(personas.member).get(f"/api/v1/driver-diagrams/{diagram.p1.focus_area_id}/svg/")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    labels = {
        t.attrib["data-label"]
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if "data-label" in t.attrib
    }
    assert {"Daily reading practice", "Reading at home", "Ten-minute paired reading"} <= labels


def test_votes_count_once_per_person(personas, cause):
    api = api_as(personas.member)
    api.post(f"/api/v1/causes/{cause.pk}/vote/")
    body = api.post(f"/api/v1/causes/{cause.pk}/vote/").json()
    assert (body["votes"], body["voted"]) == (1, True)
    body = api.delete(f"/api/v1/causes/{cause.pk}/vote/").json()
    assert (body["votes"], body["voted"]) == (0, False)


def test_a_five_whys_is_built_and_read_whole(personas, focus_area):
    api = api_as(personas.member)
    analysis = api.post(
        "/api/v1/why-analyses/", {"focus_area": focus_area.pk, "problem": "Slow reading"}
    ).json()
    chain = api.post(
        "/api/v1/why-chains/", {"analysis": analysis["id"], "why": "Why?", "because": "Little practice"}
    )
    chain = chain.json()
    step = api.post(
        "/api/v1/why-steps/", {"chain": chain["id"], "why": "Why so little?", "because": "No time"}
    ).json()
    assert (
        api.patch(f"/api/v1/why-steps/{step['id']}/", {"is_root_cause": True}).json()["is_root_cause"] is True
    )
    whole = api.get(f"/api/v1/why-analyses/{analysis['id']}/chains/").json()
    steps = whole["chains"][0]["steps"]
    assert [(s["because"], s["is_root_cause"]) for s in steps] == [
        ("Little practice", False),
        ("No time", True),
    ]
    assert whole["participants"] == [personas.member.pk]


def test_moving_a_driver_by_position(personas, diagram):
    api_as(personas.lead).patch(f"/api/v1/drivers/{diagram.p2.pk}/", {"position": 0})
    body = api_as(personas.lead).get(f"/api/v1/drivers/?focus_area={diagram.p1.focus_area_id}").json()
    primaries = sorted((d for d in body["results"] if d["kind"] == "primary"), key=lambda d: d["position"])
    assert [d["text"] for d in primaries] == ["Reading at home", "Daily reading practice"]


def test_the_history_lists_every_change(personas, diagram):
    body = api_as(personas.member).get(f"/api/v1/theory-events/?focus_area={diagram.p1.focus_area_id}").json()
    summaries = [e["summary"] for e in body["results"]]
    assert summaries[0] == "Linked change idea “Ten-minute paired reading” to “Time for paired reading”"
    assert len(summaries) == 8
