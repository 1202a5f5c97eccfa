"""Shared measures: defined once by a hub or cluster, adopted by teams, compared and rolled up.

The roll-up must equal the sum of the teams' data (numerators and denominators per period, events
per period, the mean of team values per period), cover only the teams the viewer may see, and the
definition's edits must carry to adopted measures without changing what their data means.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures import shared as selectors
from measures.models import Measure, MeasureTarget, SharedMeasure
from measures.services import shared as services
from measures.services.shared import SHARED_TARGET_FROM
from tests.support.clients import page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MembershipFactory, UserFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 9, 7)


def week(n: int) -> date:
    return MONDAY + timedelta(weeks=n)


def define(personas, **fields):
    defaults = {
        "name": "Pupils present all week",
        "kind": "outcome",
        "definition": "Pupils on roll present at every session this week, of pupils on roll.",
        "data_kind": "proportion",
        "direction": "up",
        "frequency": "weekly",
        "target": 0.9,
    }
    return services.create_shared_measure(team=personas.hub, by=personas.hub_leader, **{**defaults, **fields})


def focus_area_of(personas, team, title="Attendance"):
    return FocusAreaFactory(team=team, owner=personas.hub_leader, title=title)


def adopt(personas, shared, team, title="Attendance"):
    return services.adopt_shared_measure(
        shared=shared, focus_area=focus_area_of(personas, team, title), by=personas.hub_leader
    )


def fractions(measure, rows):
    for n, (numerator, denominator) in enumerate(rows):
        DataPointFactory(
            measure=measure, period=week(n), value=None, numerator=numerator, denominator=denominator
        )


def values(measure, rows, start=0):
    for n, value in enumerate(rows):
        DataPointFactory(measure=measure, period=week(start + n), value=value)


# --- The roll-up --------------------------------------------------------------------------------------


def test_the_proportion_roll_up_sums_numerators_and_denominators_per_period(personas):
    shared = define(personas)
    a, b, c = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b, personas.team_c))
    fractions(a, [(18, 30), (20, 30), (21, 31)])
    fractions(b, [(40, 60), (45, 62), (50, 60)])
    fractions(c, [(5, 10), (6, 12)])  # one period short: that period sums the two teams that reported

    rollup = selectors.compare(personas.hub_leader, shared).rollup

    assert rollup.chart_type == "p"
    assert [(r.period, r.numerator, r.denominator, r.teams) for r in rollup.periods] == [
        (week(0), 63, 100, 3),
        (week(1), 71, 104, 3),
        (week(2), 71, 91, 2),
    ]
    plotted = [p["value"] for p in rollup.result["points"]]
    assert plotted == pytest.approx([63 / 100, 71 / 104, 71 / 91])
    # A P chart's limits follow each period's summed denominator.
    centre = (63 + 71 + 71) / (100 + 104 + 91)
    assert rollup.result["points"][0]["cl"] == pytest.approx(centre)


def test_the_count_roll_up_sums_events_per_period_into_a_c_chart(personas):
    shared = define(personas, name="Exclusions", data_kind="count", direction="down", target=None)
    a, b = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b))
    values(a, [3, 1, 4])
    values(b, [2, 7, 1])

    rollup = selectors.compare(personas.hub_leader, shared).rollup

    assert rollup.chart_type == "c"
    assert [r.total for r in rollup.periods] == [5, 8, 5]
    assert [p["value"] for p in rollup.result["points"]] == [5, 8, 5]


def test_the_continuous_roll_up_is_the_mean_of_team_values_per_period(personas):
    shared = define(personas, name="Minutes read", data_kind="continuous", target=None)
    a, b, c = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b, personas.team_c))
    values(a, [10, 20, 30, 40])
    values(b, [14, 22, 26, 44])
    values(c, [12, 27, 31, 45])

    rollup = selectors.compare(personas.hub_leader, shared).rollup

    assert rollup.chart_type == "xbar"
    assert [r.values for r in rollup.periods] == [[10, 14, 12], [20, 22, 27], [30, 26, 31], [40, 44, 45]]
    assert [p["value"] for p in rollup.result["points"]] == pytest.approx([12, 23, 29, 43])
    assert [p["n"] for p in rollup.result["points"]] == [3, 3, 3, 3]


def test_rare_events_are_not_rolled_up_and_the_page_says_why(personas):
    shared = define(personas, name="Days between incidents", data_kind="days_between", target=None)
    values(adopt(personas, shared, personas.team_a), [12, 30])

    rollup = selectors.compare(personas.hub_leader, shared).rollup

    assert rollup.result is None
    assert "cannot be added up" in rollup.note


def test_a_lead_of_one_team_compares_only_their_own_team(personas):
    shared = define(personas)
    a, b = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b))
    fractions(a, [(18, 30), (20, 30)])
    fractions(b, [(40, 60), (45, 62)])

    seen = selectors.compare(personas.lead, shared)

    assert [t.team for t in seen.teams] == [personas.team_a]
    assert seen.rollup.teams == ["Team A"]
    assert [(r.numerator, r.denominator) for r in seen.rollup.periods] == [(18, 30), (20, 30)]
    assert [r.label for r in seen.funnel["rows"]] == ["Team A"]


def test_the_leader_of_a_cluster_compares_the_teams_in_it_only(personas):
    shared = define(personas)
    for team in (personas.team_a, personas.team_b, personas.team_c):
        fractions(adopt(personas, shared, team), [(5, 10)])

    seen = selectors.compare(personas.leader, shared)

    assert sorted(t.team.name for t in seen.teams) == ["Team A", "Team B"]
    assert seen.rollup.periods[0].denominator == 20


def test_the_small_multiples_share_one_y_scale(personas):
    shared = define(personas, target=None)
    a, b = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b))
    fractions(a, [(1, 10), (2, 10), (1, 10)])
    fractions(b, [(9, 10), (8, 10), (9, 10)])

    teams = selectors.compare(personas.hub_leader, shared).teams

    ranges = [t.figure["layout"]["yaxis"]["range"] for t in teams]
    assert ranges[0] == ranges[1]
    assert ranges[0][0] <= 0.1 and ranges[0][1] >= 0.9


def test_the_funnel_compares_each_teams_latest_period_or_every_period(personas):
    shared = define(personas)
    a, b = (adopt(personas, shared, t) for t in (personas.team_a, personas.team_b))
    fractions(a, [(10, 20), (15, 20)])
    fractions(b, [(30, 60), (40, 60)])

    latest = selectors.compare(personas.hub_leader, shared).funnel
    every = selectors.compare(personas.hub_leader, shared, periods=selectors.ALL_PERIODS).funnel

    assert [(r.numerator, r.denominator) for r in latest["rows"]] == [(15, 20), (40, 60)]
    assert [(r.numerator, r.denominator) for r in every["rows"]] == [(25, 40), (70, 120)]
    assert latest["chart"].centre == pytest.approx(55 / 80)


# --- Adopting -----------------------------------------------------------------------------------------


def test_adopting_copies_the_shared_settings_and_target(personas):
    shared = define(personas, unit="pupils", multiplier=100, target=90, chart_type="pp")
    focus_area = focus_area_of(personas, personas.team_a)

    measure = services.adopt_shared_measure(shared=shared, focus_area=focus_area, by=personas.lead)

    assert measure.shared_measure == shared
    assert (measure.name, measure.data_kind, measure.chart_type, measure.multiplier, measure.unit) == (
        "Pupils present all week", "proportion", "pp", 100, "pupils",
    )  # fmt: skip
    assert [(t.starts_on, t.value) for t in measure.targets.all()] == [(SHARED_TARGET_FROM, 90)]


def test_adopting_twice_into_one_focus_area_is_refused_with_a_message(personas):
    shared = define(personas)
    focus_area = focus_area_of(personas, personas.team_a)
    services.adopt_shared_measure(shared=shared, focus_area=focus_area, by=personas.lead)

    with pytest.raises(ValidationError) as refused:
        services.adopt_shared_measure(shared=shared, focus_area=focus_area, by=personas.lead)

    assert "already adopted" in refused.value.message_dict["focus_area"][0]
    assert Measure.objects.filter(shared_measure=shared).count() == 1


def test_adopting_into_a_focus_area_with_a_measure_of_that_name_says_so(personas):
    shared = define(personas)
    focus_area = focus_area_of(personas, personas.team_a)
    Measure.objects.create(focus_area=focus_area, name=shared.name, kind="outcome", definition="Ours.")

    with pytest.raises(ValidationError) as refused:
        services.adopt_shared_measure(shared=shared, focus_area=focus_area, by=personas.lead)

    assert "already has a measure called" in refused.value.message_dict["name"][0]


def test_a_member_cannot_adopt_into_their_teams_focus_area(personas):
    shared = define(personas)
    with pytest.raises(PermissionDenied):
        services.adopt_shared_measure(
            shared=shared, focus_area=focus_area_of(personas, personas.team_a), by=personas.member
        )


def test_adopting_twice_on_the_page_is_a_form_error_not_a_500(personas):
    shared = define(personas)
    focus_area = focus_area_of(personas, personas.team_a)
    client = page_as(personas.lead)
    url = reverse("shared-measure-adopt", args=[shared.pk])

    first = client.post(url, {"focus_area": focus_area.pk})
    again = client.post(url, {"focus_area": focus_area.pk})

    assert first.status_code == 302
    assert again.status_code == 200
    assert again.context["adopt_form"].errors["focus_area"]
    assert Measure.objects.filter(shared_measure=shared).count() == 1


# --- Defining and editing -----------------------------------------------------------------------------


def test_a_cluster_leader_defines_for_their_cluster_but_not_for_the_hub(personas):
    shared = services.create_shared_measure(
        team=personas.cluster_a, by=personas.leader, name="Reading", definition="Words a minute.",
        data_kind="continuous",
    )  # fmt: skip
    assert shared.network == personas.network
    with pytest.raises(PermissionDenied):
        services.create_shared_measure(team=personas.hub, by=personas.leader, name="X", definition="X.")


@pytest.mark.parametrize("persona", ["member", "lead", "sibling_member"])
def test_team_people_cannot_define_a_shared_measure(personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_shared_measure(
            team=personas.cluster_a, by=getattr(personas, persona), name="X", definition="X."
        )
    assert page_as(getattr(personas, persona)).get(reverse("shared-measure-create")).status_code == 403


def test_a_hubs_lead_may_define_for_the_hub(personas):
    hub_lead = UserFactory(network=personas.network)
    MembershipFactory(user=hub_lead, team=personas.hub, role="lead")
    shared = services.create_shared_measure(team=personas.hub, by=hub_lead, name="X", definition="X.")
    assert shared.team == personas.hub


def test_a_chart_that_does_not_fit_the_data_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        define(personas, chart_type="c")
    assert "chart_type" in refused.value.message_dict
    assert not SharedMeasure.objects.exists()


def test_the_form_shows_what_is_wrong_and_saves_nothing(personas):
    response = page_as(personas.hub_leader).post(
        reverse("shared-measure-create"),
        {"team": personas.hub.pk, "name": "", "kind": "outcome", "definition": "x", "data_kind": "count",
         "direction": "up", "frequency": "weekly", "multiplier": 100},
    )  # fmt: skip
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "multiplier"}
    assert not SharedMeasure.objects.exists()


def test_a_name_already_used_in_the_network_is_a_form_error(personas):
    define(personas)
    response = page_as(personas.hub_leader).post(
        reverse("shared-measure-create"),
        {"team": personas.hub.pk, "name": "Pupils present all week", "kind": "outcome", "definition": "x",
         "data_kind": "proportion", "direction": "up", "frequency": "weekly", "multiplier": 1},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors
    assert SharedMeasure.objects.count() == 1


def test_editing_carries_name_definition_direction_and_target_to_adoptions(personas):
    shared = define(personas)
    measure = adopt(personas, shared, personas.team_a)
    fractions(measure, [(5, 10)])

    services.update_shared_measure(
        shared=shared, by=personas.hub_leader, name="Present every session", definition="Sessions.",
        direction="down", target=0.95,
    )  # fmt: skip

    measure.refresh_from_db()
    assert (measure.name, measure.definition, measure.direction) == (
        "Present every session",
        "Sessions.",
        "down",
    )
    assert list(MeasureTarget.objects.filter(measure=measure).values_list("value", flat=True)) == [0.95]
    assert measure.data_version > 0  # its chart is redrawn


def test_editing_refuses_a_new_kind_of_data_once_a_team_has_data(personas):
    shared = define(personas)
    fractions(adopt(personas, shared, personas.team_a), [(5, 10)])

    with pytest.raises(ValidationError) as refused:
        services.update_shared_measure(shared=shared, by=personas.hub_leader, data_kind="count", target=None)

    assert "can no longer change" in refused.value.message_dict["data_kind"][0]
    shared.refresh_from_db()
    assert shared.data_kind == "proportion"
    assert Measure.objects.get(shared_measure=shared).data_kind == "proportion"


def test_editing_the_kind_of_data_carries_it_while_no_team_has_data(personas):
    shared = define(personas)
    measure = adopt(personas, shared, personas.team_a)

    services.update_shared_measure(shared=shared, by=personas.hub_leader, data_kind="count", target=None)

    measure.refresh_from_db()
    assert measure.data_kind == "count"


def test_a_new_name_taken_in_an_adopting_focus_area_is_refused(personas):
    shared = define(personas)
    measure = adopt(personas, shared, personas.team_a)
    Measure.objects.create(focus_area=measure.focus_area, name="Taken", kind="outcome", definition="Ours.")

    with pytest.raises(ValidationError) as refused:
        services.update_shared_measure(shared=shared, by=personas.hub_leader, name="Taken")

    assert "already has a measure called" in refused.value.message_dict["name"][0]
    measure.refresh_from_db()
    assert measure.name == "Pupils present all week"


def test_only_the_owners_and_leaders_above_change_it(personas):
    shared = services.create_shared_measure(
        team=personas.cluster_a, by=personas.leader, name="Reading", definition="Words a minute."
    )
    for persona in ("member", "lead", "sibling_member"):
        with pytest.raises(PermissionDenied):
            services.update_shared_measure(shared=shared, by=getattr(personas, persona), name="Mine")
    services.update_shared_measure(shared=shared, by=personas.hub_leader, name="Reading speed")
    assert SharedMeasure.objects.get().name == "Reading speed"


def test_the_edit_page_saves_and_fixes_the_shape_once_teams_have_data(personas):
    shared = define(personas)
    measure = adopt(personas, shared, personas.team_a)
    fractions(measure, [(5, 10)])
    url = reverse("shared-measure-edit", args=[shared.pk])
    client = page_as(personas.hub_leader)

    assert client.get(url).context["form"].fields["data_kind"].disabled
    response = client.post(
        url,
        {"name": "Present every session", "kind": "outcome", "definition": "Sessions.", "data_kind": "count",
         "direction": "up", "frequency": "weekly", "multiplier": 1, "target": "0.9"},
    )  # fmt: skip

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.name, measure.data_kind) == ("Present every session", "proportion")


# --- Pages --------------------------------------------------------------------------------------------


def test_an_outsider_gets_404_and_a_sibling_sees_only_their_teams_chart(personas):
    shared = define(personas)
    fractions(adopt(personas, shared, personas.team_a), [(5, 10)])
    fractions(adopt(personas, shared, personas.team_b), [(6, 10)])
    url = reverse("shared-measure-detail", args=[shared.pk])

    assert page_as(personas.outsider).get(url).status_code == 404
    seen = page_as(personas.sibling_member).get(url)
    assert seen.status_code == 200
    assert [t.team for t in seen.context["comparison"].teams] == [personas.team_b]
    assert "Team A" not in seen.content.decode()


def test_the_list_shows_owner_and_how_many_teams_adopted(personas):
    shared = define(personas)
    adopt(personas, shared, personas.team_a)
    adopt(personas, shared, personas.team_a, title="Second")  # one team, two focus areas: one team
    adopt(personas, shared, personas.team_c)

    page = page_as(personas.member).get(reverse("shared-measure-list"))

    (row,) = page.context["shared_measures"]
    assert (row.team, row.teams_adopting) == (personas.hub, 2)


def grow_shared(personas, n, start=0):
    for i in range(start, start + n):
        define(personas, name=f"Shared {i}")


def test_the_list_asks_the_same_queries_for_2_shared_measures_as_for_20(personas, django_assert_num_queries):
    grow_shared(personas, 2)
    assert_same_queries_after(
        page_as(personas.member),
        reverse("shared-measure-list"),
        lambda: grow_shared(personas, 18, 2),
        django_assert_num_queries,
    )


def test_the_comparison_asks_the_same_queries_for_2_teams_as_for_6(personas, django_assert_num_queries):
    shared = define(personas)

    def grow(places):
        for team, title in places:
            fractions(adopt(personas, shared, team, title=title), [(5, 10), (6, 10), (7, 11)])

    grow([(personas.team_a, "Attendance"), (personas.team_b, "Attendance")])
    more = [(personas.team_c, "Attendance")] + [
        (t, "Second") for t in (personas.team_a, personas.team_b, personas.team_c)
    ]
    assert_same_queries_after(
        page_as(personas.hub_leader),
        reverse("shared-measure-detail", args=[shared.pk]),
        lambda: grow(more),
        django_assert_num_queries,
    )


# --- The adopting teams: told of a change, and not editing the shared definition ------------------------


def test_the_adopting_teams_leads_hear_that_the_definition_changed(personas):
    from playbook.models import Notification

    shared = define(personas)
    adopt(personas, shared, personas.team_a)

    services.update_shared_measure(shared=shared, by=personas.hub_leader, definition="Sessions.", target=0.95)

    told = Notification.objects.filter(kind="shared-measure-changed")
    assert {n.recipient for n in told} == {personas.lead}  # Team A's lead; not its member, not Team B
    (note,) = told
    assert "definition" in note.body and "target" in note.body
    assert note.url == reverse("shared-measure-detail", args=[shared.pk])


def test_an_edit_that_changes_nothing_tells_nobody(personas):
    from playbook.models import Notification

    shared = define(personas)
    adopt(personas, shared, personas.team_a)

    services.update_shared_measure(shared=shared, by=personas.hub_leader, name=shared.name)

    assert not Notification.objects.filter(kind="shared-measure-changed").exists()


def test_a_team_cannot_change_its_adopted_measures_shared_definition(personas):
    from measures.services.focus import update_measure

    measure = adopt(personas, define(personas), personas.team_a)

    with pytest.raises(ValidationError) as refused:
        update_measure(measure=measure, by=personas.lead, definition="Our own words.")

    assert "follows the shared definition" in refused.value.message_dict["definition"][0]
    measure.refresh_from_db()
    assert measure.definition.startswith("Pupils on roll")
    update_measure(measure=measure, by=personas.lead, baseline=4)  # its own chart settings stay the team's
    measure.refresh_from_db()
    assert measure.baseline == 4


def test_the_edit_page_shows_the_shared_fields_as_kept_by_the_shared_measure(personas):
    shared = define(personas)
    measure = adopt(personas, shared, personas.team_a)
    url = reverse("measure-edit", args=[measure.pk])

    page = page_as(personas.lead).get(url)
    form = page.context["form"]
    assert form.fields["definition"].disabled and form.fields["name"].disabled
    assert not form.fields["baseline"].disabled
    assert "Kept by the shared measure “Pupils present all week”" in page.content.decode()

    filled = {name: "" if value is None else value for name, value in form.initial.items()}
    posted = page_as(personas.lead).post(url, {**filled, "name": "Renamed", "definition": "Ours."})
    assert posted.status_code == 302
    measure.refresh_from_db()
    assert (measure.name, measure.definition) == (shared.name, shared.definition)  # disabled: not taken


def test_an_adopted_measure_is_compared_with_the_other_adoptions_whatever_its_name(personas):
    from measures.views.study import comparable_measures

    shared = define(personas)
    a = adopt(personas, shared, personas.team_a)
    b = adopt(personas, shared, personas.team_b)
    namesake = Measure.objects.create(
        focus_area=focus_area_of(personas, personas.team_c, "Own attendance"), name=shared.name,
        kind="outcome", data_kind="proportion", definition="Our own count.",
    )  # fmt: skip

    assert list(comparable_measures(personas.hub_leader, a)) == [a, b]
    assert list(comparable_measures(personas.hub_leader, namesake)) == [namesake]  # same name, not the same
