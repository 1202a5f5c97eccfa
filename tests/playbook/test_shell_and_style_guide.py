"""The shell's promises that need no browser: the home page speaks to each role as that role, the
header carries the favicon, the menu button and the bell, and the style guide shows every component."""

import pytest

pytestmark = pytest.mark.django_db


def _home(client, person) -> str:
    client.force_login(person)
    return client.get("/").content.decode()


def test_a_leader_above_teams_is_addressed_as_a_leader_not_a_lead(client, personas):
    html = _home(client, personas.leader)

    assert "You oversee 2 teams below yours" in html
    assert "As a leader you manage who is in your team and in every team below it" in html
    assert "As a lead " not in html


def test_a_lead_is_addressed_as_the_lead_of_their_team(client, personas):
    html = _home(client, personas.lead)

    assert "You lead your team" in html
    assert "As a lead you manage who is in your team." in html


def test_the_network_admin_is_addressed_as_looking_after_the_network(client, personas):
    html = _home(client, personas.admin)

    assert "You look after the whole network" in html
    assert "As a network admin you manage every team, person and role." in html


def test_a_member_is_not_told_they_lead_anything(client, personas):
    html = _home(client, personas.member)

    assert "Here is what your teams are working on." in html
    assert "You lead" not in html and "You oversee" not in html


def test_every_page_links_the_favicon_and_offers_a_menu_button_for_narrow_screens(client, personas):
    html = _home(client, personas.member)

    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert 'class="menu-toggle' in html and 'aria-controls="site-menu"' in html
    assert 'aria-label="Notifications"' in html


def test_the_favicon_is_served(client):
    response = client.get("/static/favicon.svg")

    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content if response.streaming else [response.content])


def test_the_style_guide_shows_each_component_for_any_signed_in_person(client, personas):
    client.force_login(personas.member)
    html = client.get("/style-guide/").content.decode()

    for component in ("btn-primary", "card-grid", "pill-ok", "chip", "tabs", "table-reflow", "form-grid",
                      "empty", "data-toast", "disabled-reason", "--accent"):  # fmt: skip
        assert component in html, component
    assert "<svg" in html


def test_the_style_guide_is_linked_from_the_footer(client, personas):
    assert 'href="/style-guide/"' in _home(client, personas.member)
