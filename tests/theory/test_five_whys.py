"""5 Whys: chains of why → because, reorderable, ending in a root cause; edited by who took part."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theory import selectors, services
from theory.models import WhyStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(personas, focus_area):
    return services.start_why_analysis(
        focus_area=focus_area,
        by=personas.member,
        problem="Year 2 pupils read slowly",
        participants=[personas.lead],
    )


@pytest.fixture
def chain(personas, analysis):
    chain = services.add_why_chain(
        analysis=analysis, by=personas.member, why="Why do they read slowly?", because="They read little"
    )
    services.add_why_step(
        chain=chain, by=personas.member, why="Why do they read little?", because="Few books at home"
    )
    return chain


def texts(chain):
    return list(WhyStep.objects.filter(chain=chain).order_by("position").values_list("because", flat=True))


def test_whoever_starts_an_analysis_takes_part(personas, analysis):
    assert set(analysis.participants.all()) == {personas.member, personas.lead}


def test_only_people_of_the_focus_area_take_part(personas, analysis):
    with pytest.raises(ValidationError, match="Only people who work on this focus area"):
        services.update_why_analysis(
            analysis=analysis, by=personas.lead, participants=[personas.sibling_member]
        )


def test_steps_can_be_reordered(personas, chain):
    last = chain.steps.get(because="Few books at home")
    services.move_why_step(step=last, by=personas.member, direction="up")
    assert texts(chain) == ["Few books at home", "They read little"]


def test_only_the_last_step_is_a_root_cause(personas, chain):
    first = chain.steps.get(because="They read little")
    with pytest.raises(ValidationError, match="Only the last step"):
        services.mark_root_cause(step=first, by=personas.member)
    services.mark_root_cause(step=chain.steps.get(because="Few books at home"), by=personas.member)
    with pytest.raises(ValidationError, match="already ends in its root cause"):
        services.add_why_step(chain=chain, by=personas.member, why="Why?", because="More")
    with pytest.raises(ValidationError, match="stays the last step"):
        services.move_why_step(step=first, by=personas.member, direction="down")


def test_someone_not_taking_part_cannot_edit_it(personas, focus_area, chain):
    from tests.support.factories import MembershipFactory, UserFactory

    colleague = UserFactory(network=personas.network)
    MembershipFactory(user=colleague, team=personas.team_a)
    with pytest.raises(PermissionDenied):
        services.add_why_step(chain=chain, by=colleague, why="Why?", because="Because")
    services.add_why_step(chain=chain, by=personas.leader, why="Why no books?", because="No library visits")


def test_the_page_reads_chains_in_order_with_their_root_cause(personas, focus_area, chain):
    services.mark_root_cause(step=chain.steps.get(because="Few books at home"), by=personas.member)
    [analysis] = selectors.why_analyses(focus_area, user=personas.member)
    assert [s.because for s in analysis.chains[0].steps] == ["They read little", "Few books at home"]
    assert analysis.chains[0].root_cause.because == "Few books at home"
    assert analysis.may_edit and {p.username for p in analysis.participants} == {"member", "lead"}
