"""The benchmark network is built as its scale says, and a second build stands beside the first."""

import pytest
from django.core.management import call_command
from django.db.models import F

from andon.models import Flag, FlagHold
from cycles.models import Cycle
from cycles.spread import status_from_cycles
from demo.scale import SCALES, build
from measures.models import DataPoint, Measure, StoredChart
from playbook.models import Network
from theory.models import ChangeIdea

pytestmark = pytest.mark.django_db


def test_it_builds_the_numbers_its_scale_names():
    scale = SCALES["small"]
    network = build("small")

    teams = scale.clusters * scale.teams_per_cluster
    assert network.teams.count() == 1 + scale.clusters + teams
    measures = Measure.objects.filter(focus_area__team__network=network)
    assert measures.count() == teams * scale.focus_areas_per_team * scale.measures_per_focus_area
    assert DataPoint.objects.filter(measure__in=measures).count() == measures.count() * scale.weeks
    assert Cycle.objects.filter(team__network=network).count() == teams * scale.cycles_per_team
    flags = Flag.objects.filter(network=network)
    assert flags.count() == teams * scale.flags_per_team
    # Every flag has one hold per tier it reached, and resolved ones say what was learned.
    assert FlagHold.objects.filter(flag__network=network).count() == sum(flags.values_list("hold", flat=True))
    assert not flags.filter(status=Flag.Status.RESOLVED, learning="").exists()


def test_ideas_travel_between_schools_and_their_statuses_follow_their_cycles():
    network = build("small")

    cycles = Cycle.objects.filter(team__network=network)
    borrowed = cycles.exclude(change_idea__focus_area__team=F("team"))
    assert borrowed.exists() and not borrowed.exclude(focus_area=None).exists()
    ideas = ChangeIdea.objects.filter(focus_area__team__network=network).select_related("focus_area__team")
    assert all(idea.status == status_from_cycles(idea) for idea in ideas)


def test_the_command_builds_charts_and_a_second_run_adds_a_second_network():
    call_command("seed_scale", scale="small")
    call_command("seed_scale", scale="small", no_charts=True)

    first, second = Network.objects.filter(name="Scale network (small)").order_by("pk")
    assert StoredChart.objects.filter(measure__focus_area__team__network=first, result__isnull=False).exists()
    assert not StoredChart.objects.filter(measure__focus_area__team__network=second).exists()
