import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from playbook.models import Membership, Network, Team
from tests.support.factories import MembershipFactory, NetworkFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_network_has_only_one_hub():
    network = NetworkFactory()
    TeamFactory(network=network, kind="hub")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(network=network, kind="hub")


def test_a_hub_cannot_have_a_parent_in_the_database():
    network = NetworkFactory()
    hub = TeamFactory(network=network, kind="hub")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(network=network, kind="hub", parent=hub)


def test_team_slugs_are_unique_within_a_network_only():
    first, second = NetworkFactory(), NetworkFactory()
    TeamFactory(network=first, slug="maths", kind="hub")
    TeamFactory(network=second, slug="maths", kind="hub")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(network=first, slug="maths")


@pytest.mark.parametrize(
    ("kind", "parent_kind", "message"),
    [
        ("team", "team", "A team sits under cluster or hub."),
        ("cluster", "cluster", "A cluster sits under hub."),
        ("cluster", "team", "A cluster sits under hub."),
    ],
)
def test_the_tree_only_nests_teams_in_clusters_and_clusters_in_the_hub(kind, parent_kind, message):
    network = NetworkFactory()
    parent = TeamFactory(network=network, kind=parent_kind)
    with pytest.raises(ValidationError) as raised:
        Team(network=network, name="X", slug="x", kind=kind, parent=parent).full_clean()
    assert raised.value.message_dict == {"parent": [message]}


def test_a_team_needs_a_parent_unless_it_is_the_hub():
    with pytest.raises(ValidationError) as raised:
        Team(network=NetworkFactory(), name="X", slug="x", kind="team").full_clean()
    assert "parent" in raised.value.message_dict


def test_a_parent_in_another_network_is_refused():
    hub_elsewhere = TeamFactory(kind="hub")
    with pytest.raises(ValidationError) as raised:
        Team(network=NetworkFactory(), name="X", slug="x", kind="cluster", parent=hub_elsewhere).full_clean()
    assert raised.value.message_dict == {"parent": ["The parent must be in the same network."]}


def test_a_person_has_one_membership_per_team():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, team=membership.team, role="lead")


def test_membership_in_another_networks_team_is_refused():
    membership = Membership(user=UserFactory(), team=TeamFactory(kind="hub"), role="member")
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert raised.value.message_dict == {"user": ["This person belongs to another network."]}


def test_a_network_admin_must_belong_to_a_network():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(network=None, is_network_admin=True)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValidationError) as raised:
        Network(name="N", slug="n", time_zone="Mars/Olympus").full_clean()
    assert "time_zone" in raised.value.message_dict


def test_a_team_with_teams_under_it_cannot_be_deleted_from_under_them():
    network = NetworkFactory()
    hub = TeamFactory(network=network, kind="hub")
    TeamFactory(network=network, kind="cluster", parent=hub)
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        hub.delete()


def test_people_are_shown_by_name_or_else_username():
    assert str(UserFactory(first_name="Ella", last_name="Hughes")) == "Ella Hughes"
    assert str(UserFactory(username="eh", first_name="", last_name="")) == "eh"
