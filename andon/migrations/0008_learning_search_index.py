"""A stored full-text document for "What we learned" (``playbook.learnings``): flags and what their resolution taught.

``search_document`` is kept by a PostgreSQL trigger (the built-in ``tsvector_update_trigger``) on
every insert and on every update of the text columns, whichever code path writes them, and a GIN
index answers the search from it. Stored rather than an index on an expression: ranking a match
needs its tsvector, and rebuilding it from the text costs about a third of a millisecond a row, too
much when a common word matches thousands of rows. On the embedded SQLite default the column
stays empty: that search reads the text itself (``icontains``).
"""

import django.contrib.postgres.search
from django.db import migrations

TABLE = "andon_flag"
FIELDS = ("title", "description", "resolution", "learning")
TRIGGER = f"{TABLE}_search_document"
INDEX = "flag_learning_search_idx"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(FIELDS)
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF {columns} ON {TABLE} FOR EACH ROW "
        f"EXECUTE PROCEDURE tsvector_update_trigger(search_document, 'pg_catalog.english', {columns})"
    )
    schema_editor.execute(f"UPDATE {TABLE} SET {FIELDS[0]} = {FIELDS[0]}")  # the trigger fills it
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (search_document)")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("andon", "0007_flags_passed_through"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="The text's full-text document, kept by a PostgreSQL trigger (empty on SQLite).",
                null=True,
            ),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
