"""A network admin, on a phone, onboards people from a spreadsheet: uploads it, sees the bad row and
why, fixes the file, confirms, and finds the newcomers invited on the people list."""

import pytest

from playbook.models import Invitation, Team, User
from playbook.spreadsheets import CSV, write_table
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD
from tests.support.personas import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["team", "name", "email", "role"]
GOOD = [
    ["Hub / North / Oakfield — Early Reading", "Sam Reed", "sam.reed@oakfield.example.org", "lead"],
    ["Hub / North / Oakfield — Early Reading", "Ada Moss", "ada.moss@oakfield.example.org", "member"],
]
BAD = ["Hub / Cluster B / Team A", "Lee Hart", "lee.hart@north.example.org", "member"]


def _upload(page, tmp_path, rows, name):
    path = tmp_path / name
    path.write_bytes(write_table(HEADER, rows, CSV))
    page.get_by_label("Spreadsheet").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    return page.get_by_test_id("preview")


def test_an_admin_fixes_a_bad_row_and_onboards_people_on_a_phone(page, tmp_path):
    personas = make_personas()
    sign_in(page, personas.admin.username, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/network/people/")
    page.get_by_test_id("people-import").click()

    preview = _upload(page, tmp_path, [*GOOD, BAD], "people.csv")
    bad = preview.get_by_test_id("row-4")
    bad.get_by_text("Team A exists under Cluster A, not Cluster B").wait_for()
    assert bad.get_attribute("data-status") == "bad"
    assert preview.get_by_test_id("confirm-form").count() == 0
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
    assert not Team.objects.filter(name="North").exists()

    fixed = [*GOOD, ["Hub / Cluster A / Team A", *BAD[1:]]]
    preview = _upload(page, tmp_path, fixed, "people-fixed.csv")
    preview.get_by_text("Every row is right").wait_for()
    preview.get_by_role("button", name="Confirm: apply 3 rows").click()

    page.get_by_text("Done: 2 teams created, 3 people invited, 3 roles set, 0 rows already so.").wait_for()
    assert page.get_by_test_id("invitation-state").first.is_visible()
    assert sideways_overflow(page) == 0
    assert Invitation.objects.filter(person__email="sam.reed@oakfield.example.org").exists()
    assert User.objects.get(email="lee.hart@north.example.org").memberships.get().team == personas.team_a
