"""A team's charter with every version kept, the network's standards of team excellence kept by its
admins, a team's monthly self-assessment against them (refused whole when an answer is wrong), and
the leaders' overview of the latest assessment of every team below them."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from playbook import clock
from playbook.models import TeamAssessment, TeamCharter, TeamCharterRevision, TeamStandard, TeamStandardRating
from playbook.services import charters as services
from tests.support.clients import api_as, page_as
from tests.support.factories import MembershipFactory, TeamFactory, UserFactory
from tests.support.queries import queries_for

pytestmark = pytest.mark.django_db
MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def standards(personas):
    return [
        services.create_team_standard(network=personas.network, by=personas.admin, name=name)
        for name in ("We meet on schedule", "We follow up on our actions")
    ]


def rated(standards, *values, note=""):
    return [{"standard": s.pk, "rating": v, "note": note} for s, v in zip(standards, values, strict=True)]


def form_for(standards, *values, summary=""):
    data = {"summary": summary}
    for standard, value in zip(standards, values, strict=True):
        data[f"rating_{standard.pk}"] = str(value)
        data[f"note_{standard.pk}"] = ""
    return data


# The charter


def test_a_lead_writes_the_charter_and_every_edit_is_kept_as_a_version(personas):
    lead = page_as(personas.lead)
    edit = reverse("team-charter-edit", args=[personas.team_a.pk])
    first = {"purpose": "Lift Year 4 reading", "goal": "80% at the expected standard by July", "roles": ""}
    assert lead.post(edit, first).status_code == 302
    second = {**first, "roles": "Sam runs the huddle; everyone brings their data."}
    assert page_as(personas.leader).post(edit, second).status_code == 302

    charter = TeamCharter.objects.get(team=personas.team_a)
    assert (charter.version, charter.roles, charter.updated_by) == (2, second["roles"], personas.leader)
    revisions = TeamCharterRevision.objects.filter(charter=charter).order_by("version")
    assert [(r.version, r.roles, r.edited_by) for r in revisions] == [
        (1, "", personas.lead),
        (2, second["roles"], personas.leader),
    ]
    history = page_as(personas.member).get(reverse("team-charter-history", args=[personas.team_a.pk]))
    assert history.status_code == 200
    assert history.text.index("Version 2") < history.text.index("Version 1")
    assert "Sam runs the huddle" in history.text


def test_saving_the_charter_unchanged_makes_no_new_version(personas):
    services.save_charter(team=personas.team_a, by=personas.lead, purpose="Lift reading")
    services.save_charter(team=personas.team_a, by=personas.lead, purpose="  Lift reading  ")
    assert TeamCharterRevision.objects.count() == 1


def test_the_api_edits_the_charter_and_reads_its_history_newest_first(personas):
    url = reverse("api-team-charter", args=[personas.team_a.pk])
    assert api_as(personas.lead).patch(url, {"purpose": "Lift reading"}, format="json").status_code == 200
    response = api_as(personas.lead).patch(url, {"goal": "80% by July"}, format="json")
    assert response.json()["version"] == 2 and response.json()["purpose"] == "Lift reading"
    history = api_as(personas.member).get(reverse("api-team-charter-history", args=[personas.team_a.pk]))
    assert [(r["version"], r["goal"]) for r in history.json()] == [(2, "80% by July"), (1, "")]


def test_a_charter_too_long_is_a_field_error_and_nothing_is_saved(personas):
    too_long = "x" * 10_001
    page = page_as(personas.lead).post(
        reverse("team-charter-edit", args=[personas.team_a.pk]),
        {"purpose": too_long, "goal": "", "roles": ""},
    )
    assert page.status_code == 200 and "purpose" in page.context["form"].errors
    api = api_as(personas.lead).patch(
        reverse("api-team-charter", args=[personas.team_a.pk]), {"purpose": too_long}, format="json"
    )
    assert api.status_code == 400 and "purpose" in api.json()["errors"]
    assert not TeamCharter.objects.exists()


# Standards of team excellence


def test_an_admin_keeps_the_networks_standards(personas):
    admin = page_as(personas.admin)
    assert admin.post(reverse("team-standards"), {"name": "We meet on schedule"}).status_code == 302
    assert admin.post(reverse("team-standards"), {"name": "We follow up"}).status_code == 302
    first, second = TeamStandard.objects.order_by("position")
    assert (first.position, second.position) == (0, 1)

    edit = reverse("team-standard-edit", args=[second.pk])
    assert admin.post(edit, {"name": "We follow up on actions", "description": "Weekly."}).status_code == 302
    assert admin.post(reverse("team-standard-archive", args=[first.pk])).status_code == 302
    page = admin.get(reverse("team-standards"))
    assert [s.name for s in page.context["standards"]] == ["We follow up on actions"]
    assert [s.name for s in page.context["archived"]] == ["We meet on schedule"]


def test_a_lead_may_not_keep_the_standards(personas, standards):
    assert page_as(personas.lead).post(reverse("team-standards"), {"name": "Mine"}).status_code == 403
    api = api_as(personas.lead).patch(
        reverse("api-team-standard-detail", args=[standards[0].pk]), {"name": "Mine"}, format="json"
    )
    assert api.status_code == 403
    assert list(TeamStandard.objects.values_list("name", flat=True)) == [s.name for s in standards]


def test_a_second_standard_with_one_name_is_a_field_error(personas, standards):
    page = page_as(personas.admin).post(reverse("team-standards"), {"name": "We meet on schedule"})
    assert page.status_code == 200 and "name" in page.context["form"].errors
    api = api_as(personas.admin).post(
        reverse("api-team-standard-list"), {"name": "We meet on schedule"}, format="json"
    )
    assert api.status_code == 400 and "name" in api.json()["errors"]
    assert TeamStandard.objects.count() == 2


def test_the_list_of_standards_stops_at_ten(personas):
    for i in range(services.MAX_STANDARDS):
        services.create_team_standard(network=personas.network, by=personas.admin, name=f"Standard {i}")
    page = page_as(personas.admin).post(reverse("team-standards"), {"name": "One more"})
    assert page.status_code == 200 and "at most 10 standards" in page.text
    assert TeamStandard.objects.count() == services.MAX_STANDARDS


# Self-assessments


def test_a_lead_assesses_the_team_against_every_standard(personas, standards):
    with clock.frozen_at(MARCH):
        url = reverse("team-assess", args=[personas.team_a.pk])
        form = form_for(standards, 3, 2, summary="Follow-up is where we slip.")
        assert page_as(personas.lead).post(url, form).status_code == 302
    assessment = TeamAssessment.objects.get(team=personas.team_a)
    assert (str(assessment.period), assessment.assessed_by) == ("2026-03-01", personas.lead)
    ratings = assessment.ratings.order_by("standard__position")
    assert [(r.standard.name, r.rating) for r in ratings] == [
        ("We meet on schedule", 3),
        ("We follow up on our actions", 2),
    ]
    charter = page_as(personas.member).get(reverse("team-charter", args=[personas.team_a.pk]))
    assert "March 2026" in charter.text and "Follow-up is where we slip." in charter.text


def test_assessing_again_in_the_month_replaces_it_and_a_new_month_adds_one(personas, standards):
    team = personas.team_a
    with clock.frozen_at(MARCH):
        services.record_assessment(team=team, by=personas.lead, ratings=rated(standards, 1, 1))
        services.record_assessment(team=team, by=personas.lead, ratings=rated(standards, 2, 3))
    with clock.frozen_at(APRIL):
        services.record_assessment(team=team, by=personas.lead, ratings=rated(standards, 4, 4))
    by_month = {
        str(a.period): sorted(a.ratings.values_list("rating", flat=True))
        for a in TeamAssessment.objects.filter(team=team)
    }
    assert by_month == {"2026-03-01": [2, 3], "2026-04-01": [4, 4]}
    assert TeamStandardRating.objects.count() == 4


def test_an_archived_standard_is_no_longer_rated_but_its_ratings_are_kept(personas, standards):
    with clock.frozen_at(MARCH):
        services.record_assessment(team=personas.team_a, by=personas.lead, ratings=rated(standards, 3, 3))
    services.archive_team_standard(standard=standards[1], by=personas.admin)
    with clock.frozen_at(APRIL):
        form = page_as(personas.lead).get(reverse("team-assess", args=[personas.team_a.pk])).context["form"]
        assert [s.pk for s in form.standards] == [standards[0].pk]
        services.record_assessment(team=personas.team_a, by=personas.lead, ratings=rated(standards[:1], 4))
    assert TeamStandardRating.objects.filter(standard=standards[1]).count() == 1


@pytest.mark.parametrize("value", ["5", "0", "often"])
def test_a_rating_out_of_range_on_the_page_is_a_form_error_and_nothing_is_saved(personas, standards, value):
    form = form_for(standards, 3, 3)
    form[f"rating_{standards[1].pk}"] = value
    response = page_as(personas.lead).post(reverse("team-assess", args=[personas.team_a.pk]), form)
    assert response.status_code == 200
    assert f"rating_{standards[1].pk}" in response.context["form"].errors
    assert not TeamAssessment.objects.exists() and not TeamStandardRating.objects.exists()


def test_a_standard_left_unrated_on_the_page_is_a_form_error(personas, standards):
    form = form_for(standards, 3, 3)
    del form[f"rating_{standards[1].pk}"]
    response = page_as(personas.lead).post(reverse("team-assess", args=[personas.team_a.pk]), form)
    assert response.status_code == 200
    assert f"rating_{standards[1].pk}" in response.context["form"].errors
    assert not TeamAssessment.objects.exists()


def test_a_rating_out_of_range_in_the_api_is_a_400_and_nothing_is_saved(personas, standards):
    url = reverse("api-team-assessments", args=[personas.team_a.pk])
    response = api_as(personas.lead).post(url, {"ratings": rated(standards, 3, 7)}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "ratings": {"1": {"rating": ["Ensure this value is less than or equal to 4."]}}
    }
    assert not TeamAssessment.objects.exists() and not TeamStandardRating.objects.exists()


@pytest.mark.parametrize(
    "ratings",
    [
        pytest.param(lambda s: rated(s[:1], 3), id="a standard missing"),
        pytest.param(lambda s: [*rated(s, 3, 3), *rated(s[:1], 2)], id="a standard twice"),
        pytest.param(lambda s: [*rated(s, 3, 3), {"standard": 999_999, "rating": 2}], id="no such standard"),
    ],
)
def test_an_assessment_not_one_rating_per_standard_is_a_400_and_nothing_is_saved(
    personas, standards, ratings
):
    url = reverse("api-team-assessments", args=[personas.team_a.pk])
    response = api_as(personas.lead).post(url, {"ratings": ratings(standards)}, format="json")
    assert response.status_code == 400, response.json()
    assert "ratings" in response.json()["errors"]
    assert not TeamAssessment.objects.exists() and not TeamStandardRating.objects.exists()


def test_another_networks_standard_cannot_be_rated(personas, standards):
    theirs = TeamStandard.objects.create(network=personas.other_network, name="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.record_assessment(
            team=personas.team_a,
            by=personas.lead,
            ratings=[*rated(standards, 3, 3), {"standard": theirs.pk, "rating": 3}],
        )
    assert "ratings" in refused.value.error_dict
    assert not TeamAssessment.objects.exists()


def test_the_api_records_an_assessment(personas, standards):
    url = reverse("api-team-assessments", args=[personas.team_a.pk])
    with clock.frozen_at(MARCH):
        response = api_as(personas.lead).post(
            url, {"ratings": rated(standards, 4, 2, note="Late twice"), "summary": "Nearly"}, format="json"
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["period"], body["summary"]) == ("2026-03-01", "Nearly")
    assert [(r["standard_name"], r["rating"], r["note"]) for r in body["ratings"]] == [
        ("We meet on schedule", 4, "Late twice"),
        ("We follow up on our actions", 2, "Late twice"),
    ]
    listed = api_as(personas.member).get(url).json()
    assert [a["id"] for a in listed] == [body["id"]]


# The leaders' overview


def assess(team, by, standards, *values, at=MARCH):
    with clock.frozen_at(at):
        return services.record_assessment(team=team, by=by, ratings=rated(standards, *values))


def test_a_leader_sees_the_latest_assessment_of_each_team_below_them_and_no_other(personas, standards):
    assess(personas.team_a, personas.lead, standards, 1, 1)
    assess(personas.team_a, personas.lead, standards, 3, 4, at=APRIL)
    assess(personas.team_c, personas.admin, standards, 2, 2)

    page = page_as(personas.leader).get(reverse("team-assessments-overview"))
    assert page.status_code == 200
    rows = {row.team.name: row.latest for row in page.context["rows"]}
    assert set(rows) == {"Team A", "Team B"}  # not Team C in the other cluster, not Cluster A itself
    assert str(rows["Team A"].period) == "2026-04-01" and rows["Team B"] is None
    assert "No self-assessment yet." in page.text

    api = api_as(personas.leader).get(reverse("api-team-assessments-latest")).json()
    assert {(r["team_name"], r["latest"] and r["latest"]["period"]) for r in api} == {
        ("Team A", "2026-04-01"),
        ("Team B", None),
    }
    everyone = page_as(personas.hub_leader).get(reverse("team-assessments-overview"))
    assert {row.team.name for row in everyone.context["rows"]} == {"Team A", "Team B", "Team C"}


def test_a_lead_has_no_overview(personas):
    assert page_as(personas.lead).get(reverse("team-assessments-overview")).status_code == 403
    assert api_as(personas.lead).get(reverse("api-team-assessments-latest")).status_code == 403


def test_the_overview_asks_as_many_queries_for_ten_more_teams(personas, standards, django_assert_num_queries):
    assess(personas.team_a, personas.lead, standards, 3, 3)
    page, api = page_as(personas.leader), api_as(personas.leader)
    page_url, api_url = reverse("team-assessments-overview"), reverse("api-team-assessments-latest")
    on_the_page, in_the_api = queries_for(page, page_url), queries_for(api, api_url)

    for i in range(10):
        team = TeamFactory(network=personas.network, name=f"Team {i:02}", parent=personas.cluster_a)
        lead = UserFactory(network=personas.network)
        MembershipFactory(user=lead, team=team, role="lead")
        assess(team, lead, standards, 2, 3)

    with django_assert_num_queries(on_the_page):
        assert len(page.get(page_url).context["rows"]) == 12
    api = api_as(personas.leader)  # a new request's person: the teams they reach are worked out afresh
    api.get(api_url)
    with django_assert_num_queries(in_the_api):
        assert len(api.get(api_url).json()) == 12
