import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from playbook import permissions
from tests.support.factories import FocusAreaFactory
from theory import services
from theory.models import ChangeIdea
from theory.permissions import visible_change_ideas

pytestmark = pytest.mark.django_db


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


def test_a_member_proposes_a_change_idea(focus_area, personas):
    idea = services.create_change_idea(focus_area=focus_area, by=personas.member, title="Paired reading")
    assert idea.status == ChangeIdea.TestingStatus.NOT_TESTED
    assert permissions.can_view(personas.leader, idea)
    assert list(visible_change_ideas(personas.sibling_member)) == []


def test_titles_are_unique_within_a_focus_area(focus_area, personas):
    services.create_change_idea(focus_area=focus_area, by=personas.member, title="Paired reading")
    with pytest.raises(ValidationError):
        services.create_change_idea(focus_area=focus_area, by=personas.member, title="Paired reading ")


def test_another_team_cannot_add_ideas(focus_area, personas):
    with pytest.raises(Http404):
        services.create_change_idea(focus_area=focus_area, by=personas.sibling_member, title="Sneaky")


def test_the_testing_status_records_when_it_changed(focus_area, personas):
    idea = services.create_change_idea(focus_area=focus_area, by=personas.member, title="Paired reading")
    services.set_testing_status(change_idea=idea, status="testing")
    idea.refresh_from_db()
    assert idea.status == "testing" and idea.status_changed_at is not None
