"""Onboarding a network from a spreadsheet: every bad row named with its reason, nothing changed until
the file is clean, then everything at once, and the same file again changes nothing.

The personas' network (tests/support/personas.py): Hub ── Cluster A ── Team A, Team B; Hub ── Cluster B
── Team C; people ``member``/``lead`` in Team A; ``outsider`` in another network.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from playbook import onboarding
from playbook.models import Invitation, Membership, Team, User
from playbook.spreadsheets import CSV, XLSX, read_rows, write_table
from tests.support.clients import page_as
from tests.support.factories import UserFactory
from tests.support.permission_tables import check_row, row_ids
from tests.support.tables import onboarding as table

pytestmark = pytest.mark.django_db

HEADER = ["team", "name", "email", "role"]


def cells(*rows, header=HEADER):
    return [list(header), *[list(row) for row in rows]]


def preview(personas, *rows, header=HEADER, by=None):
    return onboarding.preview(cells=cells(*rows, header=header), by=by or personas.admin)


def only_error(plan, line=2) -> str:
    (row,) = [row for row in plan.rows if row.line == line]
    assert row.errors, f"line {line} has no problem: {row.does}"
    return " ".join(row.errors)


def clean_file(personas):
    return cells(
        ["Hub / North / Oakfield — Early Reading", "Sam Reed", "sam.reed@oakfield.example.org", "lead"],
        ["Hub / North / Oakfield — Early Reading", "Ada Moss", "ada.moss@oakfield.example.org", "Member"],
        ["Hub / North", "Lee Hart", "lee.hart@north.example.org", "LEADER"],
        ["Hub / Cluster A / Team B", "Anyone", personas.loner.email, "member"],
        ["Hub / Cluster A / Team A", personas.member.get_full_name(), personas.member.email, "lead"],
        ["Hub / Cluster A / Team A", personas.lead.get_full_name(), personas.lead.email, "lead"],
    )


# A clean file --------------------------------------------------------------------------------------


def test_the_preview_says_what_each_row_will_do_and_changes_nothing(personas):
    plan = onboarding.preview(cells=clean_file(personas), by=personas.admin)

    assert plan.ok and plan.changes_anything
    does = {row.line: " ".join(row.does) for row in plan.rows}
    assert "Create cluster “North” under Hub." in does[2]
    assert "Create team “Oakfield — Early Reading” under North." in does[2]
    assert "Invite Sam Reed, new to Playbook." in does[2] and "Add as lead of Oakfield" in does[2]
    assert "Create" not in does[3]
    assert does[4] == "Invite Lee Hart, new to Playbook. Add as leader of North."
    assert "Add as member of Team B." in does[5] and "that name is kept" in does[5]
    assert "Change role in Team A from member to lead." in does[6]
    assert does[7] == "Nothing: already lead of Team A."
    assert not Team.objects.filter(name="North").exists()
    assert not User.objects.filter(email="sam.reed@oakfield.example.org").exists()


def test_a_clean_file_creates_teams_invites_people_and_sets_roles(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        summary = onboarding.apply(cells=clean_file(personas), by=personas.admin)

    assert str(summary) == "2 teams created, 3 people invited, 5 roles set, 1 row already so"
    north = Team.objects.get(network=personas.network, name="North")
    oakfield = Team.objects.get(network=personas.network, name="Oakfield — Early Reading")
    assert (north.kind, north.parent) == ("cluster", personas.hub)
    assert (oakfield.kind, oakfield.parent) == ("team", north)
    sam = User.objects.get(email="sam.reed@oakfield.example.org")
    assert (sam.first_name, sam.last_name, sam.username) == ("Sam", "Reed", "sam.reed@oakfield.example.org")
    assert sam.network == personas.network and not sam.has_usable_password() and sam.is_active
    assert Membership.objects.get(user=sam).role == "lead"
    assert Membership.objects.get(user__email="lee.hart@north.example.org", team=north).role == "leader"
    assert Membership.objects.get(user=personas.member, team=personas.team_a).role == "lead"
    assert Membership.objects.get(user=personas.loner, team=personas.team_b).role == "member"
    invited = Invitation.objects.filter(person__network=personas.network)
    assert invited.count() == 3 and all(i.email_wanted and i.token_hash is None for i in invited)
    assert len(callbacks) == 4  # three invitation emails, and the loner told of joining Team B
    # The loner's name in Playbook is kept, not the file's "Anyone".
    assert User.objects.get(pk=personas.loner.pk).get_full_name() == personas.loner.get_full_name()


def test_the_same_file_again_changes_nothing_and_says_so(personas):
    onboarding.apply(cells=clean_file(personas), by=personas.admin)
    counts = (
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
    )

    again = onboarding.preview(cells=clean_file(personas), by=personas.admin)
    assert again.ok and not again.changes_anything
    assert all(row.does[0].startswith("Nothing") for row in again.rows)
    summary = onboarding.apply(cells=clean_file(personas), by=personas.admin)

    assert str(summary) == "0 teams created, 0 people invited, 0 roles set, 6 rows already so"
    assert counts == (
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
    )


def test_memberships_the_file_leaves_out_are_kept(personas):
    onboarding.apply(
        cells=cells(["Hub / Cluster B / Team C", "X", personas.member.email, "member"]), by=personas.admin
    )
    assert Membership.objects.filter(user=personas.member, team=personas.team_a).exists()


def test_xlsx_and_csv_give_the_same_preview(personas):
    rows = clean_file(personas)[1:] + [["Hub / Nowhere / Else / Deep", "Bo", "not-an-email", "boss"]]
    from_csv = onboarding.preview(cells=read_rows(write_table(HEADER, rows, CSV)), by=personas.admin)
    from_xlsx = onboarding.preview(cells=read_rows(write_table(HEADER, rows, XLSX)), by=personas.admin)

    def seen(plan):
        return [(row.line, row.team, row.email, row.errors, row.does) for row in plan.rows]

    assert seen(from_csv) == seen(from_xlsx)
    assert from_csv.rows[-1].errors


def test_header_names_are_case_blind_in_any_order_and_extra_columns_are_noted(personas):
    plan = preview(
        personas,
        ["x", "lead", "Hub / Cluster A / Team A", "Pat Lo", "pat@example.org"],
        header=["Phone", "ROLE", "Team", "Full name", "Email"],
    )
    assert plan.ok
    assert plan.notes == ["These columns are ignored: “Phone”."]
    assert plan.rows[0].does[-1] == "Add as lead of Team A."


def test_a_formula_guard_from_an_export_is_taken_off(personas):
    plan = preview(personas, ["Hub / Cluster A / Team A", "'=Sam Reed", "sam@example.org", "member"])
    assert plan.rows[0].name == "=Sam Reed"


# Every bad row -------------------------------------------------------------------------------------


def test_a_missing_column_is_named(personas):
    plan = preview(personas, ["Hub", "Sam", "sam@example.org"], header=["team", "name", "email"])
    assert plan.problems == [
        "The header row (line 1) needs the columns team, name, email and role; missing: role."
    ]
    assert not plan.ok


@pytest.mark.parametrize(
    "row, reason",
    [
        (["", "Sam Reed", "sam@example.org", "member"], "No team."),
        (["Hub / Cluster A / Team A", "", "sam@example.org", "member"], "No name."),
        (["Hub / Cluster A / Team A", "Sam Reed", "", "member"], "No email."),
        (["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", ""], "No role."),
        (
            ["Hub / Cluster A / Team A", "Sam Reed", "sam@@example", "member"],
            "“sam@@example” is not an email",
        ),
        (["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "boss"], "Unknown role “boss”"),
        (["Hub / Cluster A / Team A", "S" * 151, "sam@example.org", "member"], "longer than Playbook keeps"),
        (["Hub / Cluster A / " + "T" * 201, "Sam", "sam@example.org", "member"], "longer than a team's name"),
        (["Hub / / Team A", "Sam Reed", "sam@example.org", "member"], "an empty name between two"),
        (["Hub / Cluster A / Team A / Reading", "Sam", "sam@example.org", "member"], "Playbook's tree has 3"),
        (["Riverside / North", "Sam Reed", "sam@example.org", "member"], "starts at the hub, “Hub”"),
        (["Other Team / North", "Sam Reed", "sam@example.org", "member"], "starts at the hub, “Hub”"),
        (
            ["Cluster A / Team A", "Sam Reed", "sam@example.org", "member"],
            "“Cluster A” sits at “Hub / Cluster A”",
        ),
        (
            ["Hub / Cluster B / Team A", "Sam Reed", "sam@example.org", "member"],
            "Team A exists under Cluster A, not Cluster B (Hub / Cluster A / Team A)",
        ),
        (
            ["Hub / North / Team A", "Sam Reed", "sam@example.org", "member"],
            "Team A exists under Cluster A, not North",
        ),
        (["Hub / Team C", "Sam Reed", "sam@example.org", "member"], "Team C exists under Cluster B, not Hub"),
    ],
    ids=[
        "blank team",
        "blank name",
        "blank email",
        "blank role",
        "malformed email",
        "unknown role",
        "name too long",
        "team name too long",
        "empty path part",
        "path too deep",
        "path not from the hub",
        "another network's hub",
        "path starting below the hub",
        "team under the wrong parent",
        "team under a new wrong parent",
        "team straight under the hub",
    ],
)
def test_a_bad_row_is_marked_with_its_reason(personas, row, reason):
    plan = preview(personas, row)
    assert reason in only_error(plan)
    assert not plan.ok


def test_nothing_sits_under_a_team(personas):
    lonely = Team.objects.create(network=personas.network, name="Lonely", slug="lonely", parent=personas.hub)
    plan = preview(personas, ["Hub / Lonely / Reading", "Sam Reed", "sam@example.org", "member"])
    assert f"{lonely.name} is a team, and nothing sits under a team" in only_error(plan)


def test_an_email_of_another_networks_person_is_refused(personas):
    plan = preview(personas, ["Hub / Cluster A / Team A", "Out Sider", personas.outsider.email, "member"])
    assert "belongs to someone outside this network" in only_error(plan)


def test_one_email_with_two_names_marks_every_row_of_it(personas):
    plan = preview(
        personas,
        ["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "member"],
        ["Hub / Cluster A / Team B", "Samuel Reed", "SAM@example.org", "member"],
    )
    for line in (2, 3):
        assert "is named “Sam Reed” and “Samuel Reed” in this file: one name per person" in only_error(
            plan, line
        )


def test_the_same_person_twice_in_a_team_with_two_roles_is_refused(personas):
    plan = preview(
        personas,
        ["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "member"],
        ["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "lead"],
    )
    assert "different roles in Team A (lines 2, 3): one role per team" in only_error(plan, 3)
    assert only_error(plan, 2)


def test_the_same_row_twice_is_fine_and_does_it_once(personas):
    plan = preview(
        personas,
        ["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "member"],
        ["hub / cluster a / team a", "Sam  Reed", "sam@example.org", "Member"],
    )
    assert plan.ok
    assert plan.rows[1].does == ["Nothing: as line 2."]
    assert len(plan.additions) == 1 and len(plan.new_people) == 1


def test_a_deactivated_person_is_not_given_a_role(personas):
    User.objects.filter(pk=personas.loner.pk).update(is_active=False)
    plan = preview(personas, ["Hub / Cluster A / Team A", "Lo Ner", personas.loner.email, "member"])
    assert "account is deactivated" in only_error(plan)


def test_two_people_of_the_network_with_one_email_are_refused(personas):
    UserFactory(network=personas.network, username="twin", email=personas.member.email.upper())
    plan = preview(personas, ["Hub / Cluster A / Team A", "Mem Ber", personas.member.email, "member"])
    assert "Several people in the network have" in only_error(plan)


def test_too_many_rows_are_refused_before_anything_is_looked_at(personas):
    rows = [["Hub / Cluster A / Team A", "Sam", f"p{n}@example.org", "member"] for n in range(2001)]
    plan = preview(personas, *rows)
    assert plan.problems == ["The file has more than 2,000 rows; split it into smaller files."]


def test_a_file_with_a_header_and_no_people_is_refused(personas):
    assert preview(personas).problems == ["The file has a header row but no rows of people."]


def test_a_file_with_a_bad_row_applies_nothing(personas):
    bad = clean_file(personas) + [["Hub / Cluster A / Team A", "Bo", "bo@example.org", "boss"]]
    before = (Team.objects.count(), User.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError, match="Nothing was changed"):
        onboarding.apply(cells=bad, by=personas.admin)
    assert before == (Team.objects.count(), User.objects.count(), Membership.objects.count())


def test_a_failure_half_way_through_leaves_nothing_half_saved(personas):
    # A rule the database holds and the preview does not know of, hit by the last membership written,
    # after the teams, the people and the other memberships: the whole file must be rolled back.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL alters no table with checks pending
        # No new leader, the existing ones left alone.
        last = Membership.objects.order_by("-pk").values_list("pk", flat=True).first()
        cursor.execute(
            "ALTER TABLE playbook_membership ADD CONSTRAINT test_no_new_leaders "
            f"CHECK (role <> 'leader' OR id <= {last})"
        )
    before = (
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
    )

    with pytest.raises(ValidationError):
        onboarding.apply(cells=clean_file(personas), by=personas.admin)

    assert before == (
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
    )
    assert Membership.objects.get(user=personas.member, team=personas.team_a).role == "member"


# Whose network ---------------------------------------------------------------------------------------


def test_only_network_admins_onboard(personas):
    for persona in (personas.member, personas.lead, personas.leader, personas.outsider):
        with pytest.raises(PermissionDenied):
            onboarding.preview(cells=clean_file(personas), by=persona)
        with pytest.raises(PermissionDenied):
            onboarding.apply(cells=clean_file(personas), by=persona)


def test_another_networks_admin_cannot_reach_this_networks_teams_or_people(personas):
    other_admin = UserFactory(network=personas.other_network, is_network_admin=True)
    plan = onboarding.preview(
        cells=cells(
            ["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "lead"],
            ["Other Team / Cluster A / Team A", "Mem Ber", personas.member.email, "lead"],
        ),
        by=other_admin,
    )
    assert "starts at the hub, “Other Team”" in only_error(plan, 2)
    assert "belongs to someone outside this network" in only_error(plan, 3)

    rows = cells(["Other Team / Cluster A / Team A", "Sam Reed", "sam@example.org", "lead"])
    assert onboarding.apply(cells=rows, by=other_admin).teams_created == 2
    assert Team.objects.filter(name="Team A").count() == 2
    assert Team.objects.get(pk=personas.team_a.pk).parent == personas.cluster_a
    assert Membership.objects.get(user=personas.member, team=personas.team_a).role == "member"
    assert User.objects.get(email="sam@example.org").network == personas.other_network


def test_a_network_without_teams_gets_its_hub_from_the_file(personas):
    admin = UserFactory(network=personas.other_network, is_network_admin=True)
    Team.objects.filter(network=personas.other_network).delete()
    plan = onboarding.preview(
        cells=cells(
            ["Trust / East / Elm", "Sam Reed", "sam@example.org", "lead"],
            ["Other / East", "Ada Moss", "ada@example.org", "lead"],
        ),
        by=admin,
    )
    assert "A network has one hub: every path starts with “Trust”, as on line 2" in only_error(plan, 3)
    kinds = {new.name: new.kind for new in plan.new_teams.values()}
    assert kinds == {"Trust": "hub", "East": "cluster", "Elm": "team"}


# Pages -------------------------------------------------------------------------------------------------


def _upload(client, body: bytes, name="people.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("people-import"), {"file": SimpleUploadedFile(name, body)})


def test_the_page_previews_then_confirms_then_tells_the_summary(personas):
    client = page_as(personas.admin)
    body = write_table(HEADER, clean_file(personas)[1:], CSV)
    preview_page = _upload(client, body)
    assert preview_page.status_code == 200
    assert "Every row is right" in preview_page.content.decode()
    carried = preview_page.context["confirm"]["cells"].value()

    done = client.post(reverse("people-import"), {"cells": carried}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("people-list")
    assert "Done: 2 teams created, 3 people invited, 5 roles set, 1 row already so." in done.content.decode()
    again = _upload(client, body)
    assert "Nothing to change" in again.content.decode()
    assert "confirm-form" not in again.content.decode()


def test_a_bad_row_is_shown_first_with_its_reason_and_no_confirm_button(personas):
    rows = clean_file(personas)[1:] + [["Hub / Cluster A / Team A", "Bo", "bo@example.org", "boss"]]
    page = _upload(page_as(personas.admin), write_table(HEADER, rows, XLSX), name="people.xlsx")
    text = page.content.decode()
    assert "1 row has a problem" in text and "Unknown role “boss”" in text
    assert text.index('data-testid="row-8"') < text.index('data-testid="row-2"')
    assert "confirm-form" not in text


def test_an_unreadable_file_is_a_clear_message(personas):
    page = _upload(page_as(personas.admin), b"PK\x03\x04not really a workbook", name="people.xlsx")
    assert page.status_code == 200
    assert "could not be read as an Excel workbook" in page.content.decode()


def test_a_file_over_a_megabyte_is_refused(personas):
    page = _upload(page_as(personas.admin), b"team,name,email,role\n" + b"x" * 1_000_001)
    assert "files up to 1 MB can be uploaded" in page.content.decode()


def test_a_confirmation_whose_file_went_bad_meanwhile_changes_nothing(personas):
    client = page_as(personas.admin)
    rows = [["Hub / Cluster A / Team A", "Sam Reed", "sam@example.org", "member"]]
    carried = _upload(client, write_table(HEADER, rows, CSV)).context["confirm"]["cells"].value()
    UserFactory(network=personas.other_network, email="sam@example.org")  # someone else took the address

    page = client.post(reverse("people-import"), {"cells": carried})

    assert page.status_code == 200
    assert "Nothing was changed" in page.content.decode()
    assert not User.objects.filter(network=personas.network, email="sam@example.org").exists()


def test_the_template_downloads_in_both_formats_and_reads_back_clean(personas):
    client = page_as(personas.admin)
    for fmt in (CSV, XLSX):
        response = client.get(reverse("people-import-template", args=[fmt]))
        assert response.status_code == 200
        plan = onboarding.preview(cells=read_rows(response.content), by=personas.admin)
        assert plan.ok, [row.errors for row in plan.rows]
    assert client.get(reverse("people-import-template", args=["pdf"])).status_code == 404


def test_the_people_list_links_to_the_import(personas):
    page = page_as(personas.admin).get(reverse("people-list"))
    assert reverse("people-import") in page.content.decode()


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))
