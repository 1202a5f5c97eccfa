"""A measure's data in Excel: an .xlsx upload previews and imports exactly as the same CSV does, and
the Excel download imports back changing nothing."""

import io
from datetime import date, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from measures.data_input import XLSX_ROWS_READ, PointInput, Rhythm
from measures.models import GroupPoint, Measure
from measures.services import data as data_services
from playbook import clock
from tests.support.factories import FocusAreaFactory, GroupPointFactory, MeasureFactory, PupilGroupFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 1, 5)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows) -> bytes:
    """A workbook as a person's spreadsheet saves it: real dates and numbers, not text."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, measure, raw: bytes, name: str):
    file = SimpleUploadedFile(name, raw, content_type=XLSX_TYPE if name.endswith("xlsx") else "text/csv")
    return client.post(reverse("measure-upload", args=[measure.pk]), {"file": file})


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    words = MeasureFactory(focus_area=focus_area, name="Words a minute", kind=Measure.Kind.OUTCOME)
    return SimpleNamespace(**vars(personas), focus_area=focus_area, words=words)


def preview_of(response) -> str:
    page = response.content.decode()
    start = page.index('data-testid="preview-summary"')
    return page[start : page.index("</table>", start)]


def test_a_workbook_previews_exactly_like_the_same_csv(client, world):
    client.force_login(world.lead)
    rows = [
        ["period", "value", "note"],
        [datetime(2026, 1, 5), 41, "first"],
        [datetime(2026, 1, 12), 43.5, ""],
    ]

    from_excel = upload(client, world.words, workbook(rows), "data.xlsx")
    from_csv = upload(
        client, world.words, b"period,value,note\n2026-01-05,41,first\n2026-01-12,43.5,\n", "data.csv"
    )

    assert "All 2 rows can be imported." in from_excel.content.decode()
    assert preview_of(from_excel) == preview_of(from_csv)
    assert world.words.data_points.count() == 0  # a preview changes nothing


def test_a_bad_row_in_a_workbook_is_marked_and_nothing_is_imported(client, world):
    client.force_login(world.lead)
    rows = [["period", "value"], [datetime(2026, 1, 5), 41], [datetime(2026, 1, 12), "about 40"]]

    page = upload(client, world.words, workbook(rows), "data.xlsx").content.decode()

    assert "1 row has a problem" in page
    assert "Value “about 40” is not a number" in page
    assert 'data-testid="confirm-form"' not in page
    assert world.words.data_points.count() == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "could not be read as an Excel workbook"),
        (
            workbook([["date", "amount"], [datetime(2026, 1, 5), 1]]),
            "The file needs the columns: period, value",
        ),
        (workbook([]), "The workbook’s first sheet is empty"),
        (
            workbook([["period", "value"], *[[datetime(2026, 1, 5), n] for n in range(XLSX_ROWS_READ)]]),
            f"more than {XLSX_ROWS_READ:,} rows",
        ),
        (b"PK\x03\x04" + bytes(range(256)) * 40, "could not be read as an Excel workbook"),
    ],
    ids=["not-a-zip", "wrong-columns", "empty", "too-long", "damaged"],
)
def test_an_unreadable_or_wrong_workbook_gets_a_clear_message(client, world, raw, message):
    client.force_login(world.lead)

    response = upload(client, world.words, raw, "data.xlsx")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert world.words.data_points.count() == 0


def test_the_excel_download_holds_typed_cells_and_guards_formulas(client, world):
    data_services.record_points(
        measure=world.words,
        by=world.lead,
        points=[
            PointInput(period=MONDAY, value=41, note='=HYPERLINK("http://x")'),
            PointInput(period=MONDAY + timedelta(weeks=1), value=-2.5),
        ],
    )
    client.force_login(world.member)

    response = client.get(reverse("measure-export-xlsx", args=[world.words.pk]))

    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="words-a-minute.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["period", "value", "note"]
    assert rows[1] == [datetime(2026, 1, 5), 41, '\'=HYPERLINK("http://x")']
    assert rows[2][1] == -2.5  # a number stays a number: a negative value is no formula
    assert sheet["C2"].data_type == "s"


@pytest.mark.parametrize(
    "data_kind", [Measure.DataKind.CONTINUOUS, Measure.DataKind.PROPORTION, Measure.DataKind.SUBGROUP]
)
def test_an_excel_download_imports_back_changing_nothing(client, world, data_kind):
    measure = MeasureFactory(focus_area=world.focus_area, name="Source", data_kind=data_kind)
    if data_kind == Measure.DataKind.PROPORTION:
        points = [PointInput(period=MONDAY, numerator=12, denominator=30, note="+1 on a retest")]
    elif data_kind == Measure.DataKind.SUBGROUP:
        points = [PointInput(period=MONDAY, observations=[31, 28.5, 40], note="@home")]
    else:
        points = [PointInput(period=MONDAY, value=41, note="-was ill")]
    data_services.record_points(measure=measure, by=world.lead, points=points)
    copy = MeasureFactory(focus_area=world.focus_area, name="Copy", data_kind=data_kind)
    client.force_login(world.lead)

    raw = client.get(reverse("measure-export-xlsx", args=[measure.pk])).content
    preview = upload(client, copy, raw, "source.xlsx").content.decode()
    assert "can be imported" in preview
    text = preview.split('name="csv_text" value="', 1)[1].split('"', 1)[0]
    client.post(reverse("measure-upload", args=[copy.pk]), {"csv_text": unescape(text)})

    fields = ("period", "value", "numerator", "denominator", "observations", "note")
    assert list(copy.data_points.values_list(*fields)) == list(measure.data_points.values_list(*fields))
    # and the copy's own download is the same file's content again
    again = client.get(reverse("measure-export", args=[copy.pk])).content
    assert again == client.get(reverse("measure-export", args=[measure.pk])).content


# --- By pupil group --------------------------------------------------------------------------------


@pytest.fixture
def fsm(world):
    return [
        PupilGroupFactory(network=world.network, dimension="Free school meals", name=name, position=i)
        for i, name in enumerate(("Eligible", "Not eligible"))
    ]


def group_upload(client, measure, data: dict):
    return client.post(
        reverse("measure-group-upload", args=[measure.pk]), {"dimension": "Free school meals", **data}
    )


def test_a_workbook_of_pupil_group_figures_previews_and_imports_like_the_same_csv(client, world, fsm):
    measure = MeasureFactory(focus_area=world.focus_area, data_kind=Measure.DataKind.PROPORTION)
    (week,) = Rhythm("weekly").recent(clock.today(), 1)
    rows = [
        ["period", "group", "numerator", "denominator"],
        [week, "Eligible", 5, 12],
        [week, "Nobody", 1, 2],
    ]
    as_csv = f"period,group,numerator,denominator\n{week},Eligible,5,12\n{week},Nobody,1,2\n"
    client.force_login(world.member)

    from_excel = group_upload(client, measure, {"file": SimpleUploadedFile("fsm.xlsx", workbook(rows))})
    from_csv = group_upload(client, measure, {"pasted": as_csv})

    marked = [(row.line, row.errors) for row in from_excel.context["preview"].rows]
    assert marked == [(row.line, row.errors) for row in from_csv.context["preview"].rows]
    assert "Unknown group “Nobody”" in " ".join(marked[1][1])
    assert not from_excel.context["importable"] and not GroupPoint.all_objects.exists()


def test_the_pupil_group_workbook_imports_back_changing_nothing(client, world, fsm):
    measure = MeasureFactory(focus_area=world.focus_area, data_kind=Measure.DataKind.PROPORTION)
    for week in Rhythm("weekly").recent(clock.today(), 3):
        for n, group in enumerate(fsm):
            GroupPointFactory(
                measure=measure,
                group=group,
                period=week,
                value=None,
                numerator=10 + n,
                denominator=20,
                pupils=20,
            )
    before = list(
        GroupPoint.all_objects.order_by("pk").values_list("pk", "numerator", "denominator", "archived_at")
    )
    client.force_login(world.member)

    raw = client.get(reverse("measure-group-export-xlsx", args=[measure.pk])).content
    assert load_workbook(io.BytesIO(raw)).active["A2"].is_date  # periods are dates in Excel
    preview = group_upload(client, measure, {"file": SimpleUploadedFile("fsm.xlsx", raw)})
    assert preview.context["importable"]
    assert not any(row.replaces for row in preview.context["preview"].rows)
    done = group_upload(client, measure, {"csv_text": preview.context["confirm"].initial["csv_text"]})

    assert done.status_code == 302
    after = GroupPoint.all_objects.order_by("pk").values_list("pk", "numerator", "denominator", "archived_at")
    assert list(after) == before
