"""'What we learned' (/learnings/): one search across cycles, flags and huddle notes, under each
source's own visibility rules."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from playbook import learnings
from tests.support.clients import page_as
from tests.support.learnings import APRIL, make_learnings, note, resolved_flag, studied_cycle
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas):
    return make_learnings(personas)


def found(user, **asked):
    return [(r.kind, r.id) for r in learnings.search(user, learnings.Search(**asked))[0:100]]


def page(user, **params):
    response = page_as(user).get(reverse("learnings"), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "word, kind, attr",
    [("marmalade", "cycle", "cycle"), ("quokka", "flag", "flag"), ("ptarmigan", "meeting", "meeting")],
)
def test_it_finds_a_learning_by_a_word_in_its_text(w, word, kind, attr):
    assert found(w.member, q=word) == [(kind, getattr(w, attr).pk)]


def test_it_finds_a_stemmed_form_of_a_word(w):
    # The cycle says "the test"; PostgreSQL's English stemming makes "tested" the same word.
    assert found(w.member, q="tested") == [("cycle", w.cycle.pk)]


def test_the_page_shows_kind_title_link_highlighted_snippet_team_and_date(w):
    html = page(w.member, q="ptarmigan").content.decode()
    assert "Huddle note" in html
    assert f'href="{reverse("meeting-detail", args=[w.meeting.pk])}#entry-{w.entry.pk}"' in html
    assert "<mark>ptarmigan</mark>" in html
    assert "Team A" in html and "10 Mar 2026" in html


def test_it_never_shows_the_sibling_teams_cycle_or_meeting(w):
    assert found(w.member, q="marmalade") == [("cycle", w.cycle.pk)]
    assert found(w.member, q="ptarmigan") == [("meeting", w.meeting.pk)]
    assert found(w.sibling_member, q="marmalade") == [("cycle", w.sibling_cycle.pk)]


def test_it_never_shows_another_networks_flag_or_a_flag_not_yet_resolved(w):
    assert found(w.member, q="quokka") == [("flag", w.flag.pk)]
    assert found(w.sibling_member, q="quokka printers") == []  # her own flag, but nothing learned yet
    assert found(w.outsider, q="quokka") == [("flag", w.other_network_flag.pk)]


def test_a_leader_sees_the_learnings_of_every_team_below(w):
    assert sorted(found(w.leader, q="marmalade")) == sorted(
        [("cycle", w.cycle.pk), ("cycle", w.sibling_cycle.pk)]
    )
    assert len(found(w.leader, q="ptarmigan")) == 2


def test_someone_outside_any_team_finds_nothing(w):
    assert found(w.loner, q="marmalade") == []
    assert found(w.loner) == []


def test_without_words_it_lists_everything_visible_newest_first(w):
    assert found(w.member) == [("flag", w.flag.pk), ("cycle", w.cycle.pk), ("meeting", w.meeting.pk)]


def test_it_filters_by_kind(w):
    assert found(w.member, kind="meeting") == [("meeting", w.meeting.pk)]


def test_it_filters_by_team(w):
    assert found(w.leader, q="marmalade", team=w.team_b.pk) == [("cycle", w.sibling_cycle.pk)]


def test_it_filters_by_focus_area_and_change_idea_leaving_out_what_has_neither(w):
    # The flags here name no focus area, and huddle notes never do.
    assert found(w.member, focus_area=w.focus_area.pk) == [("cycle", w.cycle.pk)]
    assert found(w.member, change_idea=w.idea.pk) == [("cycle", w.cycle.pk)]


def test_it_filters_by_date_range(w):
    assert found(w.member, since=APRIL.date()) == [("flag", w.flag.pk)]
    assert found(w.member, until=datetime(2026, 3, 31, tzinfo=UTC).date()) == [
        ("cycle", w.cycle.pk),
        ("meeting", w.meeting.pk),
    ]


def test_the_page_form_filters_too(w):
    html = page(w.member, kind="cycle").content.decode()
    assert "Paired reading in 4B" in html and "Morning huddle" not in html


def test_a_bad_filter_on_the_page_is_a_message_not_a_500(w):
    response = page(w.member, team="abc", since="yesterday")
    assert response.context["page"] is None
    assert response.context["form"].errors.keys() == {"team", "since"}
    assert b"learning-invalid" in response.content


def test_user_text_in_a_snippet_is_escaped_and_only_the_match_is_marked(w):
    note(w.meeting, by=w.member, text="<script>alert('x')</script> <b>bold</b> if 3 < 4 & 5 > 2 wombat")
    html = page(w.member, q="wombat").content.decode()
    snippet = html[html.index('data-testid="learning-snippet"') :].split("</p>")[0]
    assert "<script" not in snippet and "<b>" not in snippet
    assert "3 &lt; 4 &amp; 5 &gt; 2 <mark>wombat</mark>" in snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "-",
        "---",
        "(((",
        "a & | ! b",
        "'; DROP TABLE x; --",
        ":*",
        "<>",
        "💥",
        "x" * 200,
        "\\",
    ],
)
def test_weird_queries_do_not_500(w, query):
    page(w.member, q=query)


def test_the_embedded_default_finds_every_word_and_marks_it_safely(w, monkeypatch):
    # The SQLite default (make run without DATABASE_URL): every word, case-insensitively, no ranking.
    monkeypatch.setattr(learnings.Search, "full_text", property(lambda self: False))
    note(w.meeting, by=w.member, text="<i>Marmalade</i> at break time")
    results = learnings.search(w.member, learnings.Search(q="marmalade break"))[0:10]
    assert [r.kind for r in results] == ["meeting"]
    assert "&lt;i&gt;<mark>Marmalade</mark>&lt;/i&gt;" in results[0].snippet
    assert "<mark>break</mark>" in results[0].snippet


def test_the_page_asks_the_same_number_of_queries_for_3_and_30_matches(w, django_assert_num_queries):
    def grow():
        for i in range(9):
            note(w.meeting, by=w.member, text=f"Learned {i}: book early")
            resolved_flag(by=w.member, team=w.team_a, words=f"early {i}", title=f"Flag {i}")
            studied_cycle(w, by=w.member, words="Book early.", title=f"Cycle {i}")

    note(w.meeting, by=w.member, text="Book early next time")
    studied_cycle(w, by=w.member, words="Book early.", title="Early cycle")  # with the flag: 3 matches
    client = page_as(w.member)
    assert_same_queries_after(client, reverse("learnings"), grow, django_assert_num_queries, {"q": "early"})
    assert page(w.member, q="early").context["page"].paginator.count == 30


def test_the_old_flag_learning_page_sends_people_here_keeping_their_words(w):
    response = page_as(w.member).get(reverse("andon-learning"), {"q": "agency"})
    assert response.status_code == 302
    assert response["Location"] == reverse("learnings") + "?kind=flag&q=agency"


def test_the_main_navigation_links_here(w):
    assert f'href="{reverse("learnings")}"'.encode() in page_as(w.member).get(reverse("home")).content


def test_a_search_that_finds_nothing_says_so(w):
    response = page(w.member, q="zebra")
    assert b'data-testid="learning-empty"' in response.content
    assert page(w.loner).status_code == 200


def test_an_edited_text_is_found_by_its_new_words_and_not_its_old_ones(w):
    # The stored search document follows every write of the text (a database trigger), whichever
    # code path made it: here a plain save, as the admin's would be.
    w.flag.learning = "Ask the wombat first"
    w.flag.save()
    w.entry.text = "The axolotl agreed"
    w.entry.save()

    assert found(w.member, q="wombat") == [("flag", w.flag.pk)]
    assert found(w.member, q="axolotl") == [("meeting", w.meeting.pk)]
    assert found(w.member, q="ptarmigan") == []


def test_the_results_download_as_csv_and_excel_under_the_same_rules(w):
    client = page_as(w.member)

    as_csv = client.get(reverse("learnings-export"), {"q": "marmalade"})
    as_xlsx = client.get(reverse("learnings-export-xlsx"), {"q": "marmalade"})
    everything = client.get(reverse("learnings-export")).content.decode()

    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert [(r["kind"], r["team"]) for r in rows] == [("PDSA cycle", "Team A")]
    assert "Marmalade pairs read more." in rows[0]["text"] and "<mark>" not in rows[0]["text"]
    assert rows[0]["link"].endswith(reverse("cycle-detail", args=[w.cycle.pk]))
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert [c.value for c in sheet[1]] == list(rows[0].keys())
    assert sheet.max_row == 2
    # The sibling team's cycle says marmalade too; a member of Team A never gets it in a file either.
    assert reverse("cycle-detail", args=[w.sibling_cycle.pk]) not in everything
    assert reverse("cycle-detail", args=[w.cycle.pk]) in everything


def test_a_bad_filter_on_the_download_is_a_400_not_a_500(w):
    response = page_as(w.member).get(reverse("learnings-export"), {"since": "not a date"})

    assert response.status_code == 400
