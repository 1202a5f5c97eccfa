"""The demo's learning agenda and shared values: the hub's and the North Cluster's goals serve the
reading work, and seeding again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from cycles.agenda import AgendaFilters, agenda
from cycles.models import LearningGoal
from playbook.clock import today
from playbook.models import NetworkValue, User

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_goals_with_progress_and_four_values_and_seeding_twice_adds_none():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert sorted(LearningGoal.objects.values_list("team__kind", flat=True)) == ["cluster", "hub"]
    assert NetworkValue.objects.count() == 4
    rows = agenda(User.objects.get(username="north.leader"), AgendaFilters(), today())
    assert len(rows) == 2
    assert all(row.focus_areas and row.change_ideas for row in rows)
    assert sum(row.progress.cycles for row in rows) > 0
