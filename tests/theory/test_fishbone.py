"""The fishbone: default categories that fit schools, causes and sub-causes from everyone, votes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from theory import selectors, services
from theory.models import Cause, CauseVote, Fishbone

pytestmark = pytest.mark.django_db


@pytest.fixture
def fishbone(personas, focus_area):
    return services.start_fishbone(focus_area=focus_area, by=personas.member)


@pytest.fixture
def people(fishbone):
    return fishbone.categories.get(name="People")


def test_a_new_fishbone_has_categories_that_fit_schools(fishbone, focus_area):
    assert list(fishbone.categories.values_list("name", flat=True)) == list(Fishbone.DEFAULT_CATEGORIES)
    assert fishbone.effect == focus_area.problem


def test_a_focus_area_has_one_fishbone(personas, fishbone, focus_area):
    with pytest.raises(ValidationError, match="already has a fishbone"):
        services.start_fishbone(focus_area=focus_area, by=personas.lead)


def test_members_add_causes_and_sub_causes(personas, people):
    cause = services.add_cause(category=people, by=personas.member, text="Supply teachers on Fridays")
    sub = services.add_cause(category=people, by=personas.lead, text="No handover notes", parent=cause)
    assert sub.parent == cause
    with pytest.raises(ValidationError, match="one level deep"):
        services.add_cause(category=people, by=personas.member, text="Deeper", parent=sub)


def test_each_person_votes_once_per_cause(personas, people, focus_area):
    cause = services.add_cause(category=people, by=personas.member, text="Supply teachers on Fridays")
    services.vote(cause=cause, by=personas.member)
    services.vote(cause=cause, by=personas.member)
    services.vote(cause=cause, by=personas.lead)
    assert CauseVote.objects.filter(cause=cause).count() == 2
    services.unvote(cause=cause, by=personas.lead)
    drawn = selectors.fishbone_diagram(focus_area, user=personas.member)
    assert [(c.text, c.votes, c.voted) for c in drawn.causes] == [("Supply teachers on Fridays", 1, True)]


def test_the_most_voted_causes_come_first(personas, people, focus_area):
    quiet = services.add_cause(category=people, by=personas.member, text="Quiet cause")
    loud = services.add_cause(category=people, by=personas.member, text="Loud cause")
    for person in (personas.member, personas.lead, personas.leader):
        services.vote(cause=loud, by=person)
    services.vote(cause=quiet, by=personas.member)
    drawn = selectors.fishbone_diagram(focus_area, user=personas.member)
    assert [(c.text, c.votes) for c in drawn.most_voted] == [("Loud cause", 3), ("Quiet cause", 1)]


def test_a_member_edits_their_own_cause_but_not_anothers(personas, people):
    mine = services.add_cause(category=people, by=personas.member, text="Mine")
    theirs = services.add_cause(category=people, by=personas.lead, text="The lead's")
    services.update_cause(cause=mine, by=personas.member, text="Mine, reworded")
    with pytest.raises(PermissionDenied):
        services.update_cause(cause=theirs, by=personas.member, text="Changed")
    services.update_cause(cause=mine, by=personas.lead, text="Tidied by the lead")


def test_categories_are_for_the_lead_to_shape(personas, fishbone, people):
    with pytest.raises(PermissionDenied):
        services.rename_category(category=people, by=personas.member, name="Staff")
    services.rename_category(category=people, by=personas.lead, name="Staff")
    services.add_category(fishbone=fishbone, by=personas.lead, name="Parents and carers")
    with pytest.raises(ValidationError, match="already a category"):
        services.add_category(fishbone=fishbone, by=personas.lead, name="staff")


def test_a_category_with_causes_is_not_deleted(personas, people):
    services.add_cause(category=people, by=personas.member, text="Supply teachers on Fridays")
    with pytest.raises(ValidationError, match="still holds 1 cause"):
        services.delete_category(category=people, by=personas.lead)


def test_a_cause_moves_to_another_category_with_its_sub_causes(personas, fishbone, people):
    cause = services.add_cause(category=people, by=personas.member, text="Timetable clashes")
    sub = services.add_cause(category=people, by=personas.member, text="Assemblies overrun", parent=cause)
    policies = fishbone.categories.get(name="Policies")
    services.move_cause(cause=cause, by=personas.lead, category=policies)
    sub.refresh_from_db()
    assert sub.category == policies


def test_blank_causes_are_refused(personas, people):
    with pytest.raises(ValidationError) as refused:
        services.add_cause(category=people, by=personas.member, text="   ")
    assert refused.value.message_dict == {"text": ["The cause cannot be blank."]}
    assert not Cause.objects.exists()


def test_another_teams_fishbone_is_not_found(personas, people):
    with pytest.raises(Http404):
        services.add_cause(category=people, by=personas.sibling_member, text="Sneaky")
