"""Every stored chart shows its variation and assurance icons (our drawings after NHS Making Data
Count), each named for a screen reader and in words, with a legend one click away."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from measures import rebuild as chart_service
from measures.templatetags.chart_display import ICONS
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

SHIFT_UP = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10] + [20, 21, 19, 22, 20] * 2


def weeks(n):
    return [date(2026, 1, 5) + timedelta(weeks=i) for i in range(n)]


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    measure = MeasureFactory(focus_area=focus_area, name="Words a minute", chart_type="i", direction="up")
    for period, value in zip(weeks(len(SHIFT_UP)), SHIFT_UP, strict=True):
        DataPointFactory(measure=measure, period=period, value=value)
    measure.targets.create(starts_on=weeks(1)[0], value=15)
    measure.data_version += 1
    measure.save()
    chart_service.rebuild(measure.pk)
    return measure


def icon(page, family):
    found = re.search(rf'data-icon="{family}" data-icon-name="(\w+)".*?aria-label="([^"]+)"', page, re.S)
    return found.groups() if found else None


def test_the_measure_page_shows_an_improvement_and_whether_the_target_is_met(client, personas, measure):
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert icon(page, "variation") == ("improvement_high", "Improvement (high)")
    assert icon(page, "assurance")[0] in ("consistent_pass", "inconsistent")
    assert 'role="img"' in page
    assert "What the icons mean" in page


def test_the_icons_are_named_in_words_too(client, personas, measure):
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert re.search(r'class="spc-icon-text[^"]*"[^>]*>Improvement \(high\)</span>', page)


def test_the_chart_polled_alone_keeps_its_icons(client, personas, measure):
    client.force_login(personas.member)

    page = client.get(reverse("measure-chart", args=[measure.pk])).content.decode()

    assert icon(page, "variation")[0] == "improvement_high"


def test_each_chart_box_on_the_focus_area_page_has_its_icons(client, personas, measure):
    client.force_login(personas.member)

    page = client.get(reverse("focus-area-detail", args=[measure.focus_area_id])).content.decode()

    assert icon(page, "variation")[0] == "improvement_high"


def test_a_measure_without_a_target_shows_no_assurance_icon(client, personas, measure):
    measure.targets.all().delete()
    measure.data_version += 1
    measure.save()
    chart_service.rebuild(measure.pk)
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert icon(page, "variation") is not None
    assert 'data-icon="assurance"' not in page


def test_the_style_guide_shows_every_icon(client, personas):
    client.force_login(personas.member)

    page = client.get(reverse("style-guide")).content.decode()

    for name in ICONS:
        assert f'data-icon-name="{name}"' in page
    assert 'id="spc-icons"' in page


def test_the_legend_explains_every_icon_in_a_sentence(client, personas, measure):
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    for entry in ICONS.values():
        assert entry.label in page and entry.meaning in page.replace("&#x27;", "'")


def test_a_page_of_many_charts_explains_the_icons_once(client, personas, measure):
    second = MeasureFactory(focus_area=measure.focus_area, name="Pages read", chart_type="i", direction="up")
    for period, value in zip(weeks(len(SHIFT_UP)), SHIFT_UP, strict=True):
        DataPointFactory(measure=second, period=period, value=value)
    second.data_version += 1
    second.save()
    chart_service.rebuild(second.pk)
    client.force_login(personas.member)

    page = client.get(reverse("focus-area-detail", args=[measure.focus_area_id])).content.decode()

    assert page.count('data-testid="spc-icons"') == 2
    assert page.count('data-testid="spc-legend"') == 1
