"""GET /api/v1/measures/{id}/chart/ reads the measure's exclusions once: the defaults built for the
request are the ones its variant key compares with."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.services import charts as chart_service
from tests.measures.test_api_measures_charts import chart_url, measure  # noqa: F401
from tests.support.clients import api_as

pytestmark = pytest.mark.django_db


def exclusion_reads(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "measures_measureexclusion" in q["sql"]]


def test_the_chart_endpoint_reads_the_exclusions_once(personas, measure):  # noqa: F811
    client = api_as(personas.member)
    client.get(chart_url(measure))  # a stored default chart or not, the reads are the same
    with CaptureQueriesContext(connection) as captured:
        response = client.get(chart_url(measure))
    assert response.status_code == 202
    assert len(exclusion_reads(captured)) == 1


def test_the_chart_endpoint_answers_in_five_queries(personas, measure, django_assert_num_queries):  # noqa: F811
    client = api_as(personas.member)
    client.get(chart_url(measure))
    # The measure with its targets and exclusions (three), the stored chart, and (none stored yet)
    # the older variants that make room for this one.
    with django_assert_num_queries(5):
        client.get(chart_url(measure))
    with django_assert_num_queries(5):
        client.get(chart_url(measure), {"rules": "ihi"})  # another variant: the same reads


def test_a_variant_key_from_given_defaults_is_the_key_it_reads_itself(measure):  # noqa: F811
    from measures import charts

    defaults = charts.default_options(measure)
    ihi = {**defaults, "rules": "ihi"}
    assert charts.variant_key(measure, defaults, defaults=defaults) == "default"
    assert charts.variant_key(measure, ihi, defaults=defaults) == charts.variant_key(measure, ihi)
    assert chart_service.request_variant(measure, ihi, defaults=defaults) is None
