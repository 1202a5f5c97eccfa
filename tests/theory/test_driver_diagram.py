"""The driver diagram's rules: links point towards the aim, stay within one focus area, never loop;
shaping is for the lead and owner; a change idea that cycles test is never deleted from under them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.support.theory import make_cycle
from theory import selectors, services
from theory.models import ChangeIdea, ChangeIdeaLink, Driver, DriverLink, TheoryEvent

pytestmark = pytest.mark.django_db


def test_a_secondary_driver_can_serve_two_primaries(personas, diagram):
    services.link_drivers(primary=diagram.p2, secondary=diagram.s1, by=personas.lead)
    assert set(diagram.s1.primary_links.values_list("primary_id", flat=True)) == {
        diagram.p1.pk,
        diagram.p2.pk,
    }


def test_a_change_idea_can_serve_two_secondaries(personas, diagram):
    services.link_change_idea(change_idea=diagram.idea, driver=diagram.s2, by=personas.lead)
    assert set(diagram.idea.drivers.all()) == {diagram.s1, diagram.s2}


def test_a_link_back_from_primary_to_secondary_is_refused_as_a_loop(personas, diagram):
    with pytest.raises(ValidationError, match="make a loop"):
        services.link_drivers(primary=diagram.s1, secondary=diagram.p1, by=personas.lead)
    assert not DriverLink.objects.filter(primary=diagram.s1).exists()


def test_a_driver_cannot_serve_itself(personas, diagram):
    with pytest.raises(ValidationError, match="cannot serve itself"):
        services.link_drivers(primary=diagram.p1, secondary=diagram.p1, by=personas.lead)


def test_two_primaries_cannot_be_linked(personas, diagram):
    with pytest.raises(ValidationError, match="Link a secondary driver to a primary one"):
        services.link_drivers(primary=diagram.p1, secondary=diagram.p2, by=personas.lead)


def test_the_same_link_twice_is_refused(personas, diagram):
    with pytest.raises(ValidationError, match="already serves"):
        services.link_drivers(primary=diagram.p1, secondary=diagram.s1, by=personas.lead)


def test_links_stay_within_one_focus_area(personas, diagram, focus_area):
    from tests.support.factories import FocusAreaFactory

    second = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Writing")
    elsewhere = services.add_driver(
        focus_area=second, by=personas.lead, kind="secondary", text="Writing frames"
    )
    with pytest.raises(ValidationError, match="same focus area"):
        services.link_drivers(primary=diagram.p1, secondary=elsewhere, by=personas.lead)
    with pytest.raises(ValidationError, match="same focus area"):
        services.link_change_idea(change_idea=diagram.idea, driver=elsewhere, by=personas.lead)


def test_a_change_idea_serves_secondary_drivers_only(personas, diagram):
    with pytest.raises(ValidationError, match="secondary driver"):
        services.link_change_idea(change_idea=diagram.idea, driver=diagram.p1, by=personas.lead)


def test_a_member_proposes_an_idea_but_cannot_shape_the_diagram(personas, diagram, focus_area):
    idea = services.create_change_idea(focus_area=focus_area, by=personas.member, title="Reading buddies")
    with pytest.raises(PermissionDenied):
        services.add_driver(focus_area=focus_area, by=personas.member, kind="primary", text="More time")
    with pytest.raises(PermissionDenied):
        services.link_change_idea(change_idea=idea, driver=diagram.s1, by=personas.member)
    with pytest.raises(PermissionDenied):
        services.delete_driver(driver=diagram.s1, by=personas.member)


def test_another_team_gets_not_found_for_the_diagram(personas, diagram):
    with pytest.raises(Http404):
        services.rename_driver(driver=diagram.p1, by=personas.sibling_member, text="Mine now")
    with pytest.raises(Http404):
        services.add_driver(focus_area=diagram.p1.focus_area, by=personas.outsider, kind="primary", text="x")


def test_the_cluster_leader_shapes_the_diagram(personas, diagram):
    services.rename_driver(driver=diagram.p1, by=personas.leader, text="Daily reading, every day")
    diagram.p1.refresh_from_db()
    assert diagram.p1.text == "Daily reading, every day"


def test_deleting_a_driver_keeps_its_change_ideas(personas, diagram):
    services.delete_driver(driver=diagram.s1, by=personas.lead)
    assert ChangeIdea.objects.filter(pk=diagram.idea.pk).exists()
    assert not ChangeIdeaLink.objects.filter(change_idea=diagram.idea).exists()
    assert not DriverLink.objects.filter(secondary_id=diagram.s1.pk).exists()


def test_moving_a_driver_reorders_its_column(personas, diagram):
    services.move_driver(driver=diagram.p2, by=personas.lead, direction="up")
    order = list(Driver.objects.filter(kind="primary").order_by("position").values_list("text", flat=True))
    assert order == ["Reading at home", "Daily reading practice"]


def test_a_change_idea_with_cycles_cannot_be_deleted(personas, diagram):
    # A real PROTECT relation: the cycles app's Cycle.change_idea.
    make_cycle(diagram.idea, personas.member)
    make_cycle(diagram.idea, personas.lead)
    with pytest.raises(services.ChangeIdeaInUse) as refused:
        services.delete_change_idea(change_idea=diagram.idea, by=personas.lead)
    assert "2 PDSA cycles test it" in refused.value.message
    assert "Archive it instead" in refused.value.message
    assert ChangeIdea.objects.filter(pk=diagram.idea.pk).exists()
    assert ChangeIdeaLink.objects.filter(change_idea=diagram.idea).exists()  # nothing half-deleted
    assert not TheoryEvent.objects.filter(node_kind="change_idea", action="deleted").exists()


def test_an_idea_with_cycles_can_be_archived_off_the_diagram(personas, diagram, focus_area):
    cycle = make_cycle(diagram.idea, personas.member)
    services.archive_change_idea(change_idea=diagram.idea, by=personas.lead)
    drawn = selectors.driver_diagram(focus_area)
    assert [i.title for i in drawn.ideas] == []
    assert [i.title for i in drawn.archived_ideas] == ["Ten-minute paired reading"]
    cycle.refresh_from_db()
    assert cycle.change_idea_id == diagram.idea.pk


def test_an_idea_without_cycles_is_deleted_with_its_links(personas, diagram):
    services.delete_change_idea(change_idea=diagram.idea, by=personas.lead)
    assert not ChangeIdea.objects.filter(pk=diagram.idea.pk).exists()
    assert not ChangeIdeaLink.objects.exists()


def test_the_diagram_counts_the_cycles_behind_each_idea(personas, diagram, focus_area):
    make_cycle(diagram.idea, personas.member)
    make_cycle(diagram.idea, personas.member)
    drawn = selectors.driver_diagram(focus_area)
    assert [(i.title, i.cycles) for i in drawn.ideas] == [("Ten-minute paired reading", 2)]
    assert drawn.ideas[0].note == "Not tested · 2 cycles"


def test_the_testing_status_shows_on_the_diagram(diagram, focus_area):
    services.set_testing_status(change_idea=diagram.idea, status=ChangeIdea.TestingStatus.ADOPTED)
    drawn = selectors.driver_diagram(focus_area)
    assert drawn.ideas[0].status_label == "Adopted"
    assert TheoryEvent.objects.filter(node_kind="change_idea", action="status").count() == 1


def test_a_root_cause_links_to_the_driver_that_addresses_it(personas, diagram, focus_area):
    analysis = services.start_why_analysis(
        focus_area=focus_area, by=personas.member, problem="Pupils read slowly"
    )
    chain = services.add_why_chain(
        analysis=analysis, by=personas.member, why="Why?", because="Little practice"
    )
    step = chain.steps.get()
    with pytest.raises(ValidationError, match="root cause first"):
        services.link_root_cause(driver=diagram.s1, by=personas.lead, why_step=step)
    services.mark_root_cause(step=step, by=personas.member)
    services.link_root_cause(driver=diagram.s1, by=personas.lead, why_step=step)
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.member)
    cause = services.add_cause(
        category=fishbone.categories.first(), by=personas.member, text="No reading corner"
    )
    services.link_root_cause(driver=diagram.s1, by=personas.lead, cause=cause)
    drawn = selectors.driver_diagram(focus_area)
    s1 = drawn.drivers[diagram.s1.pk]
    assert [r.text for r in s1.root_causes] == ["Little practice", "No reading corner"]
