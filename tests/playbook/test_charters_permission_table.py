"""Charters, standards, self-assessments and closing against every persona; the rows are in
tests/support/tables/charters.py."""

import pytest

from tests.support.permission_tables import check_row, row_ids
from tests.support.tables import charters as table

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))
