"""The domain rule (playbook.school_accounts.decide): whom a verified school email signs in as."""

import pytest

from playbook.models import EmailDomain, Network, User
from playbook.school_accounts import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def oakfield():
    network = Network.objects.create(name="Oakfield", slug="oakfield")
    EmailDomain.objects.create(network=network, domain="oakfield.sch.uk")
    return network


def test_a_new_address_from_a_mapped_domain_is_a_new_person_of_that_network(oakfield):
    decision = decide("New.Person@OAKFIELD.sch.uk", verified=True)
    assert (decision.refusal, decision.network, decision.person) == ("", oakfield, None)


def test_an_address_already_there_finds_that_person_whatever_its_case(oakfield):
    person = User.objects.create_user("p", "new.person@oakfield.sch.uk", network=oakfield)
    assert decide("New.Person@Oakfield.sch.uk", verified=True).person == person


def test_an_unverified_address_is_refused(oakfield):
    assert "not verified" in decide("a@oakfield.sch.uk", verified=False).refusal


def test_an_unmapped_domain_is_refused_by_name(oakfield):
    assert decide("a@example.org", verified=True).refusal == (
        "Your school account's domain example.org is not set up in Playbook; ask your network admin."
    )


def test_a_person_of_another_network_is_refused(oakfield):
    other = Network.objects.create(name="Elsewhere", slug="far-away")
    User.objects.create_user("p", "a@oakfield.sch.uk", network=other)
    assert "another network" in decide("a@oakfield.sch.uk", verified=True).refusal


def test_a_deactivated_person_is_refused(oakfield):
    User.objects.create_user("p", "a@oakfield.sch.uk", network=oakfield, is_active=False)
    assert "switched off" in decide("a@oakfield.sch.uk", verified=True).refusal


def test_no_address_is_refused(oakfield):
    assert decide(None, verified=True).refusal
