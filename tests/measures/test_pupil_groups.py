"""Network admins keep the network's list of pupil groups and its small-group threshold; nobody else
changes them, and another network's groups are out of sight."""

from datetime import date

import pytest
from django.urls import reverse

from measures.models import GroupPoint, PupilGroup
from tests.support.clients import page_as
from tests.support.factories import GroupPointFactory, MeasureFactory, PupilGroupFactory

pytestmark = pytest.mark.django_db


def add(client, dimension, name):
    return client.post(
        reverse("pupil-groups"), {"action": "add", "add-dimension": dimension, "add-name": name}
    )


def change(client, group, action, **data):
    return client.post(
        reverse("pupil-group-change", args=[group.pk]), {"action": action, **data}, follow=True
    )


def names(network, dimension):
    return list(
        PupilGroup.objects.filter(network=network, dimension=dimension).values_list("name", flat=True)
    )


def test_an_admin_adds_groups_under_their_dimensions_and_sees_them_listed(personas):
    admin = page_as(personas.admin)
    assert add(admin, "Free school meals", "Eligible").status_code == 302
    add(admin, "free school meals", "Not eligible")  # joins the dimension as first spelt
    add(admin, "English learners", "Yes")
    assert names(personas.network, "Free school meals") == ["Eligible", "Not eligible"]
    page = admin.get(reverse("pupil-groups"))
    assert list(page.context["dimensions"]) == ["English learners", "Free school meals"]
    assert "Not eligible" in page.content.decode()


def test_a_group_name_is_unique_within_its_dimension(personas):
    admin = page_as(personas.admin)
    add(admin, "Gender", "Girls")
    response = add(admin, "Gender", "girls")
    assert response.status_code == 200
    assert "already has a group called" in response.content.decode()
    assert names(personas.network, "Gender") == ["Girls"]


def test_an_admin_renames_and_reorders_groups(personas):
    girls = PupilGroupFactory(network=personas.network, dimension="Gender", name="Girls", position=0)
    boys = PupilGroupFactory(network=personas.network, dimension="Gender", name="Boys", position=1)
    admin = page_as(personas.admin)
    change(admin, girls, "rename", name="Girls and young women")
    change(admin, boys, "up")
    assert names(personas.network, "Gender") == ["Boys", "Girls and young women"]
    change(admin, boys, "up")  # already first: nothing moves
    assert names(personas.network, "Gender") == ["Boys", "Girls and young women"]


def test_a_group_without_figures_can_be_removed_but_one_with_figures_cannot(personas):
    unused = PupilGroupFactory(network=personas.network, dimension="Gender", name="Unused")
    used = PupilGroupFactory(network=personas.network, dimension="Gender", name="Girls")
    measure = MeasureFactory(focus_area__team=personas.team_a, focus_area__owner=personas.lead)
    GroupPointFactory(measure=measure, group=used, period=date(2026, 3, 2))
    admin = page_as(personas.admin)
    change(admin, unused, "remove")
    response = change(admin, used, "remove")
    assert "has 1 figure entered, so it cannot be removed" in response.content.decode()
    assert names(personas.network, "Gender") == ["Girls"]
    assert GroupPoint.objects.filter(group=used).count() == 1


def test_the_threshold_takes_a_whole_number_from_1_to_100(personas):
    admin = page_as(personas.admin)
    for bad in ("0", "101", "ten"):
        response = admin.post(reverse("pupil-groups"), {"action": "threshold", "t-smallest_group_shown": bad})
        assert response.status_code == 200
        assert response.context["threshold"].errors
    assert (
        admin.post(
            reverse("pupil-groups"), {"action": "threshold", "t-smallest_group_shown": "5"}
        ).status_code
        == 302
    )
    personas.network.refresh_from_db()
    assert personas.network.smallest_group_shown == 5


@pytest.mark.parametrize("who", ["member", "lead", "leader"])
def test_people_who_are_not_network_admins_change_nothing(personas, who):
    group = PupilGroupFactory(network=personas.network, dimension="Gender", name="Girls")
    client = page_as(getattr(personas, who))
    assert client.get(reverse("pupil-groups")).status_code == 403
    assert add(client, "Gender", "Boys").status_code == 403
    response = client.post(reverse("pupil-groups"), {"action": "threshold", "t-smallest_group_shown": "1"})
    assert response.status_code == 403
    for action, data in (("rename", {"name": "Pupils"}), ("remove", {}), ("down", {})):
        assert (
            client.post(
                reverse("pupil-group-change", args=[group.pk]), {"action": action, **data}
            ).status_code
            == 403
        )
    personas.network.refresh_from_db()
    assert (names(personas.network, "Gender"), personas.network.smallest_group_shown) == (["Girls"], 10)


def test_another_networks_groups_are_not_found(personas):
    theirs = PupilGroupFactory(network=personas.other_network, dimension="Gender", name="Girls")
    admin = page_as(personas.admin)
    response = admin.post(reverse("pupil-group-change", args=[theirs.pk]), {"action": "remove"})
    assert response.status_code == 404
    assert PupilGroup.objects.filter(pk=theirs.pk).exists()
    assert "Girls" not in admin.get(reverse("pupil-groups")).content.decode()


def test_the_network_settings_page_links_to_the_pupil_groups(personas):
    page = page_as(personas.admin).get(reverse("network-settings"))
    assert reverse("pupil-groups") in page.content.decode()
