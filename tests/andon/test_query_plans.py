"""The dashboard and the flag list start from an index that fits their question, whatever the size
of the network's history: no query they send reads the whole flag table (PostgreSQL's planner, on
a table of thousands of flags most of which are long resolved, as a network's is after a year or two).

The dashboard's half-year trends are the exception by design: they count half a year of flags, and
are kept per person until a flag changes (tests/andon/test_kept_figures.py) instead of asked on
every request."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from andon.models import Flag, FlagHold
from playbook import clock
from tests.support.andon import at
from tests.support.clients import api_as, page_as

# The suite runs on PostgreSQL (scripts/test.sh), whose plans these are. Outside a test transaction,
# so that the seeded tables can be vacuumed as a live database's are: the planner reads an index
# alone only where the table's visibility map says it may.
pytestmark = pytest.mark.django_db(transaction=True)

NOON = at(3, 12)
# The weekly flow and response by tier: half a year of rows, read when the kept figures are stale.
TRENDS = re.compile(r"DATE_TRUNC|percentile_cont")
WHOLE_FLAG_TABLE = re.compile(r"Seq Scan on andon_flag(?![a-z_])")


@pytest.fixture
def two_years_of_flags(personas):
    """20,000 flags over two years across the teams, one in five still open (a district's ratio)."""
    teams = [personas.team_a, personas.team_b, personas.team_c]
    flags = []
    for i in range(20_000):
        team = teams[i % len(teams)]
        raised = NOON - timedelta(hours=i + 1)  # hourly: 20,000 hours back
        resolved = i % 5 != 0
        flags.append(
            Flag(
                network_id=team.network_id,
                team=team,
                holding_team=team,
                title=f"Flag {i}",
                description="Seeded for the planner.",
                raised_by=personas.member,
                raised_at=raised,
                hold=1,
                held_since=raised,
                acknowledge_by=raised + timedelta(hours=4),
                resolve_by=raised + timedelta(days=2),
                next_escalation_at=None if resolved else raised + timedelta(hours=4),
                status=Flag.Status.RESOLVED if resolved else Flag.Status.OPEN,
                resolved_at=raised + timedelta(hours=3) if resolved else None,
                resolution="Sorted" if resolved else "",
                learning="Ask sooner" if resolved else "",
            )
        )
    flags = Flag.objects.bulk_create(flags, batch_size=5000)
    FlagHold.objects.bulk_create(
        (
            FlagHold(flag=f, seq=1, team=f.team, tier=f.team.kind, arrived_by="raised", started_at=at)
            for f in flags
            for at in [f.raised_at]
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        for table in ("andon_flag", "andon_flaghold", "andon_flagevent"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def flag_queries(client, url) -> list[str]:
    with clock.frozen_at(NOON), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sent = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in sent if sql.startswith("SELECT") and "andon_flag" in sql]


def whole_table_reads(queries: list[str]) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if WHOLE_FLAG_TABLE.search(plan):
                found.append(f"{sql[:200]}\n{plan}")
    return found


def test_the_dashboard_reads_no_whole_flag_table(two_years_of_flags, personas):
    for who in (personas.hub_leader, personas.leader, personas.lead):
        queries = flag_queries(page_as(who), reverse("andon-dashboard"))
        every_request = [sql for sql in queries if not TRENDS.search(sql)]

        assert len(every_request) >= 2  # the page of flags and the counts really were asked
        assert whole_table_reads(every_request) == [], who


def test_a_second_look_at_the_dashboard_reads_no_whole_flag_table(two_years_of_flags, personas, kept_figures):
    client = page_as(personas.hub_leader)
    flag_queries(client, reverse("andon-dashboard"))

    queries = flag_queries(client, reverse("andon-dashboard"))

    assert queries
    assert not [sql for sql in queries if TRENDS.search(sql)]  # the trends were kept
    assert whole_table_reads(queries) == []


def test_the_flag_list_in_the_api_reads_no_whole_flag_table(two_years_of_flags, personas):
    queries = flag_queries(api_as(personas.hub_leader), "/api/v1/flags/")

    assert queries
    assert whole_table_reads(queries) == []


def test_the_check_would_see_a_whole_table_read(two_years_of_flags):
    """The test above is only as good as its pattern: a query with no usable index is caught."""
    sql = "SELECT id FROM andon_flag WHERE description LIKE '%planner%'"

    assert whole_table_reads([sql]) != []
