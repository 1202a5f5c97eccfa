"""The theory pages: who may reach them, in-place editing with htmx, refusals shown at the form,
queries that do not grow with the diagram, and SVG export."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.clients import page_as
from tests.support.theory import make_cycle
from theory import services
from theory.models import ChangeIdea, Driver

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

SEEING = [
    ("member", 200),
    ("lead", 200),
    ("leader", 200),
    ("hub_leader", 200),
    ("admin", 200),
    ("sibling_member", 404),
    ("outsider", 404),
    ("loner", 404),
]
SHAPING = [
    ("member", 403),
    ("lead", 302),
    ("leader", 302),
    ("hub_leader", 302),
    ("admin", 302),
    ("sibling_member", 404),
    ("outsider", 404),
]
CONTRIBUTING = [
    ("member", 302),
    ("lead", 302),
    ("leader", 302),
    ("sibling_member", 404),
    ("outsider", 404),
]


def as_persona(client, personas, name):
    client.force_login(getattr(personas, name))
    return client


@pytest.mark.parametrize(
    "page", ["theory-drivers", "theory-fishbone", "theory-whys", "theory-history", "theory-drivers-svg"]
)
@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_who_sees_a_team_a_theory_page(client, personas, focus_area, page, persona, expected):
    response = as_persona(client, personas, persona).get(reverse(page, args=[focus_area.pk]))
    assert response.status_code == expected


def test_signing_in_is_required(client, focus_area):
    response = client.get(reverse("theory-drivers", args=[focus_area.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("persona", "expected"), SHAPING)
def test_who_adds_a_driver(client, personas, focus_area, persona, expected):
    url = reverse("theory-driver-add", args=[focus_area.pk])
    response = as_persona(client, personas, persona).post(url, {"kind": "primary", "text": "Practice"})
    assert response.status_code == expected
    assert Driver.objects.exists() == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), SHAPING)
def test_who_links_a_change_idea(client, personas, diagram, persona, expected):
    url = reverse("theory-idea-link", args=[diagram.idea.pk])
    response = as_persona(client, personas, persona).post(url, {"target": diagram.s2.pk})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING)
def test_who_proposes_a_change_idea(client, personas, focus_area, persona, expected):
    url = reverse("theory-idea-add", args=[focus_area.pk])
    response = as_persona(client, personas, persona).post(url, {"title": "Reading buddies"})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), CONTRIBUTING)
def test_who_votes_for_a_cause(client, personas, focus_area, persona, expected):
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.lead)
    cause = services.add_cause(category=fishbone.categories.first(), by=personas.lead, text="Supply cover")
    response = as_persona(client, personas, persona).post(
        reverse("theory-cause-vote", args=[cause.pk]), {"on": "1"}
    )
    assert response.status_code == expected
    assert cause.votes.count() == (1 if expected == 302 else 0)


def test_a_lead_adds_a_driver_in_place(client, personas, focus_area):
    url = reverse("theory-driver-add", args=[focus_area.pk])
    response = as_persona(client, personas, "lead").post(
        url, {"kind": "primary", "text": "Daily practice"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="theory-editor"')  # the editor alone, not the page
    assert "Added primary driver “Daily practice”" in html
    assert 'data-label="Daily practice"' in html


def test_a_refused_link_is_shown_at_the_form_keeping_the_page(client, personas, diagram):
    url = reverse("theory-driver-link", args=[diagram.s1.pk])
    response = as_persona(client, personas, "lead").post(url, {"target": diagram.p1.pk}, **HTMX)
    assert response.status_code == 400
    assert "already serves" in response.content.decode()


def test_a_blank_name_keeps_the_form_open_with_the_message(client, personas, diagram):
    url = reverse("theory-driver-rename", args=[diagram.p1.pk])
    response = as_persona(client, personas, "lead").post(url, {"text": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert f'id="node-p{diagram.p1.pk}"' in html


def test_a_too_long_idea_title_keeps_what_was_typed(client, personas, focus_area):
    title = "Paired reading " * 20
    url = reverse("theory-idea-add", args=[focus_area.pk])
    response = as_persona(client, personas, "member").post(
        url, {"title": title, "description": "Ten minutes"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 200 characters" in html
    assert "Ten minutes</textarea>" in html
    assert not ChangeIdea.objects.exists()


def test_deleting_an_idea_that_cycles_test_is_refused_with_a_clear_message(client, personas, diagram):
    make_cycle(diagram.idea, personas.member)
    url = reverse("theory-idea-delete", args=[diagram.idea.pk])
    response = as_persona(client, personas, "lead").post(url, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be deleted: 1 PDSA cycle tests it" in html
    assert "Archive it instead" in html
    assert ChangeIdea.objects.filter(pk=diagram.idea.pk).exists()


def test_without_javascript_an_edit_goes_back_to_the_page(client, personas, diagram):
    url = reverse("theory-driver-rename", args=[diagram.p1.pk])
    response = as_persona(client, personas, "lead").post(url, {"text": "Practice every day"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/drivers/#node-p{diagram.p1.pk}")
    page = client.get(response["Location"])
    assert "Renamed primary driver “Daily reading practice” to “Practice every day”" in page.content.decode()


def test_a_member_sees_the_diagram_without_shaping_tools(client, personas, diagram):
    html = as_persona(client, personas, "member").get(
        reverse("theory-drivers", args=[diagram.p1.focus_area_id])
    )
    html = html.content.decode()
    assert "Propose a change idea" in html
    assert "Add a primary driver" not in html
    assert reverse("theory-driver-delete", args=[diagram.p1.pk]) not in html


def test_the_page_shows_a_past_diagram_read_only(client, personas, diagram):
    from playbook import clock

    day = clock.now().date()
    url = reverse("theory-drivers", args=[diagram.p1.focus_area_id])
    response = as_persona(client, personas, "lead").get(url, {"as_of": "2000-01-01"})
    html = response.content.decode()
    assert "As it stood at the end of 1 January 2000" in html
    assert "Daily reading practice" not in html and "Add a primary driver" not in html
    today = client.get(url, {"as_of": day.isoformat()}).content.decode()
    assert 'data-label="Daily reading practice"' in today


def test_the_svg_export_is_the_diagram(client, personas, diagram):
    response = as_persona(client, personas, "member").get(
        reverse("theory-drivers-svg", args=[diagram.p1.focus_area_id])
    )
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="reading-fluency-driver-diagram.svg"'
    root = ET.fromstring(response.content)
    labels = {
        t.attrib["data-label"]
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if "data-label" in t.attrib
    }
    assert {"Daily reading practice", "Time for paired reading", "Ten-minute paired reading"} <= labels


def test_the_fishbone_export_has_every_cause(client, personas, focus_area):
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.member)
    services.add_cause(category=fishbone.categories.first(), by=personas.member, text="Supply cover")
    response = as_persona(client, personas, "member").get(
        reverse("theory-fishbone-svg", args=[focus_area.pk])
    )
    root = ET.fromstring(response.content)
    labels = {
        t.attrib["data-label"]
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if "data-label" in t.attrib
    }
    assert {"Supply cover", "People", "Measurement", fishbone.effect} <= labels


def _grow(personas, focus_area, n):
    lead = personas.lead
    primary = services.add_driver(focus_area=focus_area, by=lead, kind="primary", text=f"Primary {n}")
    secondary = services.add_driver(focus_area=focus_area, by=lead, kind="secondary", text=f"Secondary {n}")
    services.link_drivers(primary=primary, secondary=secondary, by=lead)
    idea = services.create_change_idea(focus_area=focus_area, by=lead, title=f"Idea {n}", drivers=[secondary])
    make_cycle(idea, lead)
    return idea


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_driver_diagram_page_queries_do_not_grow_with_nodes(client, personas, focus_area):
    url = reverse("theory-drivers", args=[focus_area.pk])
    as_persona(client, personas, "lead")
    _grow(personas, focus_area, 0)  # 3 nodes
    small = _count(client, url)
    for n in range(1, 10):  # 30 nodes
        _grow(personas, focus_area, n)
    large = _count(client, url)
    assert small == large
    past = _count(client, f"{url}?as_of=2030-01-01")
    assert past <= large


def test_the_fishbone_page_queries_do_not_grow_with_causes(client, personas, focus_area):
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.member)
    categories = list(fishbone.categories.all())
    url = reverse("theory-fishbone", args=[focus_area.pk])
    as_persona(client, personas, "member")
    services.add_cause(category=categories[0], by=personas.member, text="First")
    small = _count(client, url)
    for n in range(39):
        cause = services.add_cause(category=categories[n % 6], by=personas.lead, text=f"Cause {n}")
        services.vote(cause=cause, by=personas.member)
    assert _count(client, url) == small


def test_the_five_whys_page_queries_do_not_grow_with_chains(client, personas, focus_area):
    url = reverse("theory-whys", args=[focus_area.pk])
    as_persona(client, personas, "member")
    analysis = services.start_why_analysis(focus_area=focus_area, by=personas.member, problem="Slow reading")
    services.add_why_chain(analysis=analysis, by=personas.member, why="Why?", because="Because")
    small = _count(client, url)
    for n in range(5):
        more = services.start_why_analysis(focus_area=focus_area, by=personas.lead, problem=f"Problem {n}")
        chain = services.add_why_chain(analysis=more, by=personas.lead, why="Why?", because="Because")
        services.add_why_step(chain=chain, by=personas.lead, why="Why again?", because="Because again")
    assert _count(client, url) == small


def test_the_history_lists_who_changed_what(client, personas, diagram):
    html = as_persona(client, personas, "member").get(
        reverse("theory-history", args=[diagram.p1.focus_area_id])
    )
    html = html.content.decode()
    assert "Linked “Time for paired reading” to “Daily reading practice”" in html
    assert "Proposed change idea “Ten-minute paired reading”" in html


def test_the_index_lists_the_teams_focus_areas(client, personas, diagram, other_focus_area):
    html = as_persona(client, personas, "member").get(reverse("theory-index")).content.decode()
    assert "Reading fluency" in html and "4 drivers, 1 change idea" in html
    assert "Attendance" not in html


def test_a_lead_is_offered_to_plan_a_cycle_for_each_idea(personas, diagram, focus_area):
    page = page_as(personas.lead).get(reverse("theory-drivers", args=[focus_area.pk])).content.decode()

    assert f'href="{reverse("cycle-create")}?idea={diagram.idea.pk}"' in page
    assert "Plan a cycle for this idea" in page


def test_a_past_view_of_the_diagram_offers_no_cycle_to_plan(personas, diagram, focus_area):
    """Someone viewing the diagram as it stood is reading, not planning."""
    url = reverse("theory-drivers", args=[focus_area.pk])
    page = page_as(personas.lead).get(url, {"as_of": "2026-01-01"}).content.decode()

    assert "Plan a cycle for this idea" not in page


def test_no_cycle_is_offered_for_an_archived_idea(personas, diagram, focus_area):
    services.archive_change_idea(change_idea=diagram.idea, by=personas.lead, archived=True)

    page = page_as(personas.lead).get(reverse("theory-drivers", args=[focus_area.pk])).content.decode()

    assert "Plan a cycle for this idea" not in page


def test_the_story_page_shows_the_aim_the_theory_and_each_ideas_cycles(personas, diagram, focus_area):
    cycle = make_cycle(
        diagram.idea, personas.lead, decision="adopt", decision_reasoning="Nine pairs in ten read."
    )

    page = page_as(personas.member).get(reverse("focus-area-story", args=[focus_area.pk])).content.decode()

    assert focus_area.aim_sentence in page
    assert 'data-testid="driver-diagram"' in page
    assert cycle.get_absolute_url() in page and "Nine pairs in ten read." in page
    assert "data-print" in page
