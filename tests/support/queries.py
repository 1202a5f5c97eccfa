"""Counting the queries a page asks, so an N+1 fails a test and not a user."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, data=None) -> int:
    """How many queries one GET of ``url`` asks (after a first GET, so one-off caches are warm)."""
    assert client.get(url, data or {}).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def assert_same_queries_after(client, url, grow, django_assert_num_queries, data=None) -> int:
    """Count ``url``'s queries, ``grow()`` the data tenfold, and require exactly the same count."""
    small = queries_for(client, url, data)
    grow()
    with django_assert_num_queries(small):
        assert client.get(url, data or {}).status_code == 200
    return small
