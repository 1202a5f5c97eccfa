"""A GIN index for "What we learned" (playbook.learnings): full-text search of PDSA cycles' studies and decisions.

Built on exactly the expression the search filters by (``playbook.learnings.document``: one
``to_tsvector('english', …)`` of these fields, in this order), so PostgreSQL can use it. Only on
PostgreSQL: the embedded SQLite default searches with ``icontains`` and has no tsvector.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAME = "cycle_learning_search_idx"
FIELDS = (
    "title",
    "objective",
    "what_happened",
    "deviations",
    "decision_reasoning",
    "next_steps",
    "abandoned_reason",
)


def _index():
    return GinIndex(SearchVector(*FIELDS, config="english"), name=NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("cycles", "Cycle"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("cycles", "Cycle"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0006_learning_goals"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
