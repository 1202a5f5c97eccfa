"""Andon fixtures: flags raised through the service at a moment the test chooses.

The helpers live in tests/support/andon.py, so test modules import them from there.
"""

import pytest

from tests.support.andon import MONDAY_10, raise_at


@pytest.fixture
def flag(personas):
    """A medium flag Team A's member raised on Monday morning."""
    return raise_at(MONDAY_10, by=personas.member, team=personas.team_a)


@pytest.fixture
def slow_escalation_inserts(django_db_blocker):
    """Each escalation event takes a few milliseconds to insert (a real trigger), so batches of
    concurrent runs overlap in time for sure instead of by luck."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION andon_test_slow() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep(0.003); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER andon_test_slow BEFORE INSERT ON andon_flagevent
            FOR EACH ROW EXECUTE FUNCTION andon_test_slow();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS andon_test_slow ON andon_flagevent;"
            "DROP FUNCTION IF EXISTS andon_test_slow();"
        )
