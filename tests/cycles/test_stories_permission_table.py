"""Every story route against every persona, in the one table format (tests/support/permission_tables.py).

The rows are plain data in tests/support/tables/stories.py.
"""

import pytest

from tests.support.permission_tables import check_row, row_ids
from tests.support.tables import stories as table

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))
