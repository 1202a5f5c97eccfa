"""A GIN index for "What we learned" (playbook.learnings): full-text search of huddle note entries.

Built on exactly the expression the search filters by (``playbook.learnings.document``: one
``to_tsvector('english', …)`` of these fields, in this order), so PostgreSQL can use it. Only on
PostgreSQL: the embedded SQLite default searches with ``icontains`` and has no tsvector.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAME = "note_entry_learning_search_idx"
FIELDS = ("text",)


def _index():
    return GinIndex(SearchVector(*FIELDS, config="english"), name=NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("huddles", "NoteEntry"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("huddles", "NoteEntry"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("huddles", "0005_action_item_made_from_a_note"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
