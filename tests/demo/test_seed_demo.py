from io import StringIO

import pytest
from django.core.management import call_command

from playbook.models import Membership, Team, User

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=StringIO())


def test_demo_has_a_hub_two_clusters_six_teams_and_about_thirty_people_in_every_role():
    seed()
    kinds = list(Team.objects.values_list("kind", flat=True))
    assert (kinds.count("hub"), kinds.count("cluster"), kinds.count("team")) == (1, 2, 6)
    assert 28 <= User.objects.count() <= 35
    assert set(Membership.objects.values_list("role", flat=True)) == {"member", "lead", "leader"}
    assert User.objects.filter(is_network_admin=True).count() == 1
    assert User.objects.get(username="ella").check_password("playbook-demo")


def test_seeding_twice_changes_nothing():
    seed()
    before = (User.objects.count(), Team.objects.count(), Membership.objects.count())
    seed()
    assert (User.objects.count(), Team.objects.count(), Membership.objects.count()) == before
