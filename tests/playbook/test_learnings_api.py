"""GET /api/v1/learnings/: the same search as the page, as JSON, with field errors for bad filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.clients import api_as, assert_error
from tests.support.learnings import make_learnings, note, resolved_flag

pytestmark = pytest.mark.django_db
URL = "/api/v1/learnings/"


@pytest.fixture
def w(personas):
    return make_learnings(personas)


def get(user, **params):
    response = api_as(user).get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_it_is_the_named_route():
    assert reverse("api-learnings") == URL


def test_it_answers_count_and_results_with_every_field(w):
    body = get(w.member, q="ptarmigan")
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    assert body["results"] == [
        {
            "kind": "meeting",
            "id": w.meeting.pk,
            "title": "Morning huddle",
            "snippet": "Decided: <mark>ptarmigan</mark> groups on Fridays.",
            "url": f"/huddles/meetings/{w.meeting.pk}/#entry-{w.entry.pk}",
            "team": "Team A",
            "date": "2026-03-10",
        }
    ]


@pytest.mark.parametrize("word, kind", [("marmalade", "cycle"), ("quokka", "flag"), ("ptarmigan", "meeting")])
def test_it_finds_each_kind_by_a_word(w, word, kind):
    assert [r["kind"] for r in get(w.member, q=word)["results"]] == [kind]


def test_it_never_answers_what_the_caller_may_not_see(w):
    assert [r["id"] for r in get(w.member, q="marmalade quokka ptarmigan")["results"]] == []
    assert {(r["kind"], r["id"]) for r in get(w.member)["results"]} == {
        ("cycle", w.cycle.pk),
        ("flag", w.flag.pk),
        ("meeting", w.meeting.pk),
    }
    assert [(r["kind"], r["id"]) for r in get(w.outsider, q="quokka")["results"]] == [
        ("flag", w.other_network_flag.pk)
    ]


def test_anonymous_callers_are_refused(w):
    assert api_as(None).get(URL).status_code == 401


def test_it_filters_by_kind_team_and_dates(w):
    assert [r["kind"] for r in get(w.leader, kind="flag")["results"]] == ["flag"]
    assert [r["id"] for r in get(w.leader, q="marmalade", team=w.team_b.pk)["results"]] == [
        w.sibling_cycle.pk
    ]
    assert [r["kind"] for r in get(w.member, since="2026-04-01", until="2026-04-30")["results"]] == ["flag"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"kind": "pulse"}, "kind"),
        ({"since": "last week"}, "since"),
        ({"until": "2026-02-30"}, "until"),
        ({"team": "abc"}, "team"),
        ({"focus_area": "1.5"}, "focus_area"),
        ({"change_idea": "x"}, "change_idea"),
        ({"since": "2026-05-01", "until": "2026-04-01"}, "until"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filters_are_a_400_with_field_errors(w, params, field):
    body = assert_error(api_as(w.member).get(URL, params), 400, "invalid")
    assert set(body["errors"]) == {field}


@pytest.mark.parametrize("query", ['"', "-", "(((", "a & | ! b", "'; DROP TABLE x; --", ":*", "<>", "\\"])
def test_weird_queries_do_not_500(w, query):
    get(w.member, q=query)


def test_snippets_never_carry_markup_from_user_text(w):
    note(w.meeting, by=w.member, text="<img src=x onerror=alert(1)> 3 < 4 wombat")
    snippet = get(w.member, q="wombat")["results"][0]["snippet"]
    assert "<img" not in snippet
    assert snippet.endswith("3 &lt; 4 <mark>wombat</mark>")


def test_it_asks_the_same_number_of_queries_for_3_and_30_matches(w, django_assert_num_queries):
    client = api_as(w.member)
    for i in range(2):
        note(w.meeting, by=w.member, text=f"Book early, note {i}")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": "early"}).status_code == 200
        return len(captured.captured_queries)

    client.get(URL, {"q": "early"})
    small = count()
    for i in range(27):
        if i % 2:
            note(w.meeting, by=w.member, text=f"Book early, note {i}")
        else:
            resolved_flag(by=w.member, team=w.team_a, words=f"early {i}", title=f"Flag {i}")
    with django_assert_num_queries(small):
        body = client.get(URL, {"q": "early"}).json()
    assert body["count"] == 30
