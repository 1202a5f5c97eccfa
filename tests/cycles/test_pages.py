"""The cycle pages: who reaches what, forms that keep what was typed, frozen predictions in the browser,
the moves through the stages, and lists whose queries do not grow with the number of cycles."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cycles import services
from cycles.exports import COLUMNS
from cycles.models import Cycle, Prediction
from measures.models import Measure
from playbook import clock
from tests.support.cycles import START, make_plan, run_to
from tests.support.factories import DataPointFactory

pytestmark = pytest.mark.django_db


def page(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {})


# --- Who reaches what ----------------------------------------------------------------------------------

DETAIL = [
    ("member", 200), ("lead", 200), ("leader", 200), ("hub_leader", 200), ("admin", 200),
    ("sibling_member", 404), ("outsider", 404), ("loner", 404),
]  # fmt: skip


@pytest.mark.parametrize(("persona", "expected"), DETAIL)
def test_the_cycle_page(client, world, plan, persona, expected):
    assert page(client, getattr(world, persona), plan.get_absolute_url()).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DETAIL)
def test_the_printable_report(client, world, plan, persona, expected):
    response = page(client, getattr(world, persona), reverse("cycle-report", args=[plan.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 302), ("lead", 302), ("leader", 302), ("sibling_member", 404), ("outsider", 404)],
)
def test_starting_a_cycle_from_the_page(client, world, plan, persona, expected):
    url = reverse("cycle-transition", args=[plan.pk])
    assert page(client, getattr(world, persona), url, "post", {"to": "doing"}).status_code == expected


def test_a_team_member_not_on_the_cycle_may_not_move_it(client, world):
    cycle = make_plan(world, by=world.lead)
    url = reverse("cycle-transition", args=[cycle.pk])
    assert page(client, world.member, url, "post", {"to": "doing"}).status_code == 403


def test_a_team_member_not_on_the_cycle_sees_no_buttons_to_move_it(client, world):
    cycle = make_plan(world, by=world.lead)
    html = page(client, world.member, cycle.get_absolute_url()).content.decode()
    assert 'data-testid="moves"' not in html and 'data-testid="prediction-form"' not in html


@pytest.mark.parametrize(("persona", "expected"), [("admin", 200), ("hub_leader", 403), ("member", 403)])
def test_the_settings_page(client, world, persona, expected):
    assert page(client, getattr(world, persona), reverse("cycles-settings")).status_code == expected


# --- Planning ------------------------------------------------------------------------------------------


def test_a_new_plan_starts_from_a_change_idea(client, world):
    response = page(client, world.member, reverse("cycle-create") + f"?change_idea={world.idea.pk}")
    form = response.context["form"]
    assert form.initial["change_idea"] == world.idea.pk and form.initial["title"] == "Paired reading"


def test_a_plan_is_created_and_opens_on_its_page(client, world):
    response = page(
        client, world.member, reverse("cycle-create"), "post",
        {"team": world.team_a.pk, "title": "Exit tickets", "objective": "Check understanding.",
         "starts_on": "2026-03-02", "ends_on": "2026-03-13", "owner": world.member.pk},
    )  # fmt: skip
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == cycle.get_absolute_url() + "#plan"
    assert (cycle.title, cycle.owner, cycle.stage) == ("Exit tickets", world.member, "planning")


def test_a_bad_plan_keeps_what_was_typed_and_says_what_is_wrong(client, world):
    response = page(
        client, world.member, reverse("cycle-create"), "post",
        {"team": world.team_a.pk, "title": "Exit tickets", "objective": "", "starts_on": "2026-03-13",
         "ends_on": "2026-03-02", "owner": world.member.pk},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert "objective" in form.errors and "ends_on" in form.errors
    assert 'value="Exit tickets"' in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_prediction_is_added_on_the_cycle_page(client, world, plan):
    url = reverse("cycle-prediction-add", args=[plan.pk])
    data = {"statement": "Fewer pupils stall.", "measure": world.measure.pk, "expected_direction": "up"}
    assert page(client, world.member, url, "post", data).status_code == 302
    assert plan.predictions.last().statement == "Fewer pupils stall."


def test_a_bad_prediction_is_shown_on_the_page_with_its_error(client, world, plan):
    url = reverse("cycle-prediction-add", args=[plan.pk])
    response = page(client, world.member, url, "post", {"statement": "", "expected_value": "5"})
    assert response.status_code == 200
    assert set(response.context["prediction_form"].errors) == {"statement", "measure"}


# --- Freezing in the browser -------------------------------------------------------------------------


@pytest.fixture
def started(world, plan):
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        services.start_cycle(cycle=plan, by=world.member)
    return Cycle.objects.get(pk=plan.pk)


def test_frozen_predictions_show_when_they_froze_and_offer_no_edits(client, world, started):
    html = page(client, world.member, started.get_absolute_url()).content.decode()
    assert 'data-testid="frozen-at"' in html and "2 Mar 2026 at 08:30" in html
    assert "Edit prediction" not in html and 'data-testid="prediction-form"' not in html


def test_editing_a_frozen_prediction_is_refused_with_a_clear_message(client, world, started):
    prediction = started.predictions.first()
    url = reverse("prediction-edit", args=[prediction.pk])
    response = page(client, world.member, url, "post", {"statement": "Rewritten after the fact."})
    assert response.status_code == 409
    assert "frozen on 2 March 2026" in response.context["conflict"]
    assert Prediction.objects.get(pk=prediction.pk).statement == "Pupils will read more words a minute."


def test_deleting_a_frozen_prediction_is_refused(client, world, started):
    prediction = started.predictions.first()
    response = page(client, world.lead, reverse("prediction-delete", args=[prediction.pk]), "post")
    assert response.status_code == 409 and Prediction.objects.filter(pk=prediction.pk).exists()


def test_adding_a_prediction_after_the_start_is_refused(client, world, started):
    url = reverse("cycle-prediction-add", args=[started.pk])
    response = page(client, world.member, url, "post", {"statement": "Late."})
    assert response.status_code == 409 and started.predictions.count() == 2


# --- Moving through the stages -----------------------------------------------------------------------


def test_a_move_that_needs_more_says_what(client, world, started):
    url = reverse("cycle-transition", args=[started.pk])
    response = page(client, world.member, url, "post", {"to": "studying"})
    assert response.status_code == 200
    assert response.context["transition_errors"] == ["Write what happened before studying the results."]


def test_a_move_the_method_does_not_allow_is_a_409(client, world, plan):
    response = page(
        client, world.member, reverse("cycle-transition", args=[plan.pk]), "post", {"to": "complete"}
    )
    assert response.status_code == 409


def test_abandoning_without_a_reason_shows_the_error_on_the_form(client, world, plan):
    response = page(
        client, world.member, reverse("cycle-transition", args=[plan.pk]), "post", {"to": "abandoned"}
    )
    assert "reason" in response.context["abandon_form"].errors


def test_study_and_act_from_the_page(client, world, started):
    client.force_login(world.member)
    client.post(
        reverse("cycle-do", args=[started.pk]), {"what_happened": "Eight sessions.", "deviations": ""}
    )
    client.post(reverse("cycle-transition", args=[started.pk]), {"to": "studying"})
    for prediction in started.predictions.all():
        prefix = f"p{prediction.pk}"
        client.post(
            reverse("prediction-study", args=[prediction.pk]),
            {f"{prefix}-actual": "Up to 57.", f"{prefix}-outcome": "met", f"{prefix}-note": ""},
        )
    client.post(reverse("cycle-transition", args=[started.pk]), {"to": "acting"})
    client.post(
        reverse("cycle-act", args=[started.pk]),
        {"decision": "adapt", "decision_reasoning": "Close.", "next_steps": ""},
    )
    response = client.post(reverse("cycle-next", args=[started.pk]))

    following = Cycle.objects.get(ramp_from=started)
    assert response["Location"] == following.get_absolute_url()
    assert Cycle.objects.get(pk=started.pk).stage == "complete"


def test_a_study_form_with_errors_keeps_what_was_typed(client, world, started):
    services.update_cycle(cycle=started, by=world.member, what_happened="Eight sessions.")
    services.begin_study(cycle=started, by=world.member)
    prediction = started.predictions.first()
    prefix = f"p{prediction.pk}"
    response = page(
        client, world.member, reverse("prediction-study", args=[prediction.pk]), "post",
        {f"{prefix}-actual": "Up to 57.", f"{prefix}-outcome": ""},
    )  # fmt: skip
    form = response.context["study_forms"][prediction.pk]
    assert "outcome" in form.errors and form["actual"].value() == "Up to 57."


def test_data_entered_on_the_cycle_page_goes_to_the_measure(client, world, started):
    url = reverse("cycle-record-data", args=[started.pk])
    data = {"measure": world.measure.pk, "period": "2026-03-09", "value": "52", "note": ""}
    assert page(client, world.member, url, "post", data).status_code == 302
    assert world.measure.data_points.get().value == 52


def test_the_page_shows_the_data_in_the_cycles_window(client, world, started):
    DataPointFactory(measure=world.measure, period=date(2026, 2, 23), value=40)
    DataPointFactory(measure=world.measure, period=date(2026, 3, 9), value=52)
    response = page(client, world.member, started.get_absolute_url())
    (window,) = response.context["windows"]
    assert [p.period for p in window.points] == [date(2026, 3, 9)]


def test_an_adopted_cycle_offers_the_new_phase_and_applies_it_on_confirmation(client, world, plan):
    cycle = run_to(plan, "acting", world.member)
    services.update_cycle(cycle=cycle, by=world.member, decision="adopt", decision_reasoning="Works.")
    html = page(client, world.lead, cycle.get_absolute_url()).content.decode()
    assert 'data-testid="phase-suggestions"' in html and "Start a new phase on Words a minute" in html
    assert Measure.objects.get(pk=world.measure.pk).phase_dates == []

    page(client, world.lead, reverse("cycle-confirm-phase", args=[cycle.pk, world.measure.pk]), "post")

    assert Measure.objects.get(pk=world.measure.pk).phase_dates == ["2026-03-02"]


def test_a_cycle_is_copied_into_a_new_plan(client, world, plan):
    url = reverse("cycle-copy", args=[plan.pk])
    response = page(
        client, world.leader, url, "post", {"team": world.team_b.pk, "title": "Paired reading (B)"}
    )
    copy = Cycle.objects.get(adapted_from=plan)
    assert response["Location"] == copy.get_absolute_url() and copy.team == world.team_b


def test_a_review_is_asked_for_and_a_comment_answers_it(client, world, plan):
    page(
        client,
        world.member,
        reverse("cycle-request-review", args=[plan.pk]),
        "post",
        {"reviewer": world.lead.pk},
    )
    page(
        client,
        world.lead,
        reverse("cycle-comment", args=[plan.pk]),
        "post",
        {"body": "Add a balancing measure."},
    )
    html = page(client, world.member, plan.get_absolute_url()).content.decode()
    assert "Add a balancing measure." in html and "answered" in html


# --- Lists, overviews, exports ---------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_cycle_list_queries_do_not_grow_with_cycles(client, world):
    def add(n):
        for i in range(n):
            cycle = make_plan(world, by=world.leader, collaborators=[world.lead, world.member])
            if i % 2:
                services.start_cycle(cycle=cycle, by=world.leader)

    client.force_login(world.leader)
    add(2)
    small = count_queries(client, reverse("cycle-list"))
    add(18)
    large = count_queries(client, reverse("cycle-list"))
    assert Cycle.objects.count() == 20
    assert small == large


def test_the_home_panel_lists_my_cycles_overdue_first_in_bounded_queries(client, world):
    make_plan(world, title="On time", starts_on=date(2026, 3, 2), ends_on=date(2026, 4, 30))
    client.force_login(world.member)
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=UTC)):
        small = count_queries(client, "/")
        make_plan(world, title="Late", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 13))
        for _ in range(5):
            make_plan(world, title="Another")
        large = count_queries(client, "/")
        html = client.get("/").content.decode()
    assert small == large
    assert html.index("Late") < html.index("On time")
    assert 'data-testid="home-overdue"' in html


def test_the_list_filters_overdue_cycles(client, world):
    make_plan(world, title="Late one", ends_on=date(2026, 3, 13))
    make_plan(world, title="Fine one", ends_on=date(2026, 5, 1))
    client.force_login(world.member)
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=UTC)):
        response = client.get(reverse("cycle-list"), {"overdue": "on"})
    assert [c.title for c in response.context["page"].object_list] == ["Late one"]


def test_the_csv_export_follows_the_filters(client, world):
    make_plan(world, title="Planned one")
    services.start_cycle(cycle=make_plan(world, title="Running one"), by=world.member)
    response = page(client, world.member, reverse("cycle-export"), data={"stage": "doing"})
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv") and len(lines) == 2 and "Running one" in lines[1]


def test_the_excel_export_holds_the_same_cycles_as_the_csv_with_real_dates(client, world):
    make_plan(world, title="=Planned one")
    services.start_cycle(cycle=make_plan(world, title="Running one"), by=world.member)
    client.force_login(world.member)

    as_csv = list(csv.reader(io.StringIO(client.get(reverse("cycle-export")).content.decode())))
    response = client.get(reverse("cycle-export-xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    as_xlsx = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert response["Content-Disposition"] == 'attachment; filename="cycles.xlsx"'
    assert as_xlsx[0] == as_csv[0] == list(COLUMNS)
    assert [row[1] for row in as_xlsx[1:]] == [row[1] for row in as_csv[1:]]
    assert "'=Planned one" in [row[1] for row in as_xlsx]  # a title is never a formula
    planned = next(row for row in as_xlsx if row[1] == "'=Planned one")
    assert planned[COLUMNS.index("starts_on")] == datetime.combine(START, datetime.min.time())


def test_the_ramp_page_shows_the_chain_with_scale_and_outcomes(client, world):
    first = run_to(make_plan(world), "acting", world.member)
    services.update_cycle(cycle=first, by=world.member, decision="adopt_scale", decision_reasoning="Bigger.")
    second = services.start_next_cycle(cycle=first, by=world.member)
    services.update_cycle(cycle=second, by=world.member, scale_count=24)
    response = page(client, world.member, reverse("change-idea-ramp", args=[world.idea.pk]))
    assert [[c.pk for c in chain] for chain in response.context["chains"]] == [[first.pk, second.pk]]
    html = response.content.decode()
    assert html.index("6 pupils") < html.index("24 pupils")


def test_the_spread_and_track_record_pages_render(client, world, plan):
    run_to(plan, "complete", world.member)
    client.force_login(world.leader)
    assert "Paired reading" in client.get(reverse("cycles-spread")).content.decode()
    response = client.get(reverse("cycles-track-record"), {"by": "person"})
    assert response.status_code == 200 and response.context["rows"][0].met == 2


def test_the_admin_sets_the_spread_threshold_on_the_settings_page(client, world):
    from cycles.models import CyclesSettings

    page(client, world.admin, reverse("cycles-settings"), "post", {"spread_threshold": "2"})
    assert CyclesSettings.objects.get(network=world.network).spread_threshold == 2


def test_a_cross_team_collaborator_works_on_the_cycle_but_not_the_teams_measures(client, world):
    cycle = make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    response = page(client, world.sibling_member, cycle.get_absolute_url())
    assert response.status_code == 200 and response.context["may_change"]
    assert response.context["charts"] == []
    assert "not shared with you" in response.content.decode()
    assert page(client, world.sibling_member, world.measure.get_absolute_url()).status_code == 404


def test_the_cycle_list_narrows_to_one_team_as_the_uptake_links_ask(client, world):
    """A leader's uptake and stage links carry ``?team=``: the list shows that team's cycles only."""
    make_plan(world, title="Team A's cycle")
    world_b_plan = make_plan(
        world, title="Team B's cycle", team=world.team_b, by=world.leader, focus_area=None, change_idea=None,
        predictions=[services.PredictionInput("Pupils will say they enjoy it.")],
    )  # fmt: skip
    client.force_login(world.leader)

    response = client.get(reverse("cycle-list"), {"team": world.team_b.pk})

    titles = [c.title for c in response.context["page"]]
    assert titles == [world_b_plan.title]
    assert 'name="team"' in response.content.decode()


def test_a_team_one_may_not_see_in_the_cycle_list_filter_is_refused_not_shown(client, world):
    make_plan(world, title="Team A's cycle")
    client.force_login(world.sibling_member)

    response = client.get(reverse("cycle-list"), {"team": world.team_a.pk})

    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert response.context["filters"].errors["team"]


def test_a_cycle_list_row_says_what_it_holds_and_escapes_what_people_typed(client, world):
    plan = make_plan(world, title='Read <b>"aloud"</b> & share', ends_on=date(2026, 3, 13))
    plan.collaborators.add(world.lead)
    client.force_login(world.member)
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=UTC)):
        html = client.get(reverse("cycle-list")).content.decode()

    row = re.search(r'<tr class="row-overdue">.*?</tr>', html, re.S).group(0)
    assert "<b>" not in row
    assert "Read &lt;b&gt;&quot;aloud&quot;&lt;/b&gt; &amp; share" in row
    assert f'href="{plan.get_absolute_url()}"' in row
    assert f'href="{reverse("change-idea-ramp", args=[world.idea.pk])}"' in row
    assert 'data-testid="overdue-badge">Overdue</span>' in row
    assert f"with {world.lead.display_name}" in row
    assert '<span class="pill stage stage-planning pill-info" data-testid="stage">Plan</span>' in row
    assert f"{plan.starts_on:%-d %b} – {plan.ends_on:%-d %b %Y}" in row
    assert "2 to study" in row
