"""``manage.py escalate_flags``: the same pass by hand, as of a moment, or as a dry run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from andon.models import FlagEvent
from tests.support.andon import at, fresh

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("escalate_flags", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_move_and_changes_nothing(personas, flag):
    output = run("--at", at(4, 10).isoformat(), "--dry-run")
    assert f"flag {flag.pk} “{flag.title}”: Team A → Cluster A (missed the acknowledge deadline" in output
    assert "Cluster A → Hub" in output
    assert "would move 2 level(s)" in output
    assert fresh(flag).holding_team == personas.team_a
    assert not FlagEvent.objects.filter(kind="escalated").exists()


def test_a_run_as_of_a_moment_moves_the_flag_and_a_second_run_moves_nothing(personas, flag):
    assert "moved 1 level(s)" in run("--at", at(3, 10).isoformat())
    assert fresh(flag).holding_team == personas.cluster_a
    assert "moved 0 level(s)" in run("--at", at(3, 10).isoformat())


def test_a_time_without_an_offset_is_read_in_the_sites_zone(personas, flag):
    assert "moved 1 level(s)" in run("--at", "2026-03-03T10:00")  # settings.TIME_ZONE is UTC; London is GMT


def test_nonsense_times_are_refused_with_an_example(personas):
    with pytest.raises(CommandError, match="ISO datetime"):
        run("--at", "next tuesday")
