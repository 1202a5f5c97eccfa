"""A database built by the old migrations, with a row in every table, migrates to today's and keeps every row.

The measure models moved from ``playbook`` to ``measures`` by state-only migrations: their tables keep
the ``playbook_*`` names and only the content types are relabelled. This test builds the database as
it stood before the move, fills every table of our apps through the historical models, migrates to
the newest migrations and compares the tables row by row.
"""

import datetime
import uuid

import pytest
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

# The last migrations before the measures moved out of the core: a fixed point in history.
OLD_LEAVES = [
    ("playbook", "0002_focus_areas_and_measures"),
    ("theory", "0002_diagrams_and_history"),
    ("cycles", "0001_initial"),
    ("andon", "0002_flag_links_to_cycles_and_meetings"),
    ("huddles", "0001_initial"),
]
BACK_TO_OLD = [*OLD_LEAVES, ("measures", None)]  # the app did not exist yet
OLD_APPS = ["playbook", "theory", "cycles", "andon", "huddles"]
# ``measures`` keeps the ``playbook_*`` tables; a table it creates later would be ``measures_*``.
TABLE_PREFIXES = tuple(f"{app}_" for app in [*OLD_APPS, "measures"])
MOVED_MODELS = ["datapoint", "datapointrevision", "focusarea", "measure", "measuretarget", "storedchart"]

# Values the generic filler cannot guess, because a check constraint ties two fields together.
HAND_MADE = {
    # value_or_fraction: a plain value, or a numerator with a denominator, never both.
    "playbook.datapoint": {"numerator": None, "denominator": None},
    # root_cause_link_names_one_cause: a driver is linked to a fishbone cause or to a why step.
    "theory.rootcauselink": {"why_step": None},
}
# Foreign keys that must name a second row of their model, not the one the other key names.
SECOND_ROW = {
    "theory.driverlink": ["secondary"],  # driver_link_not_to_itself
}

# Columns a later migration replaced by a link table: (table, column) -> (link table, key column
# naming the old row, column holding the old value). cycles 0003 and huddles 0002 copy a flag's
# cycle and meeting into cycles_cycleflag and huddles_meetingflag; andon 0004 drops the columns.
MOVED_COLUMNS = {
    ("andon_flag", "cycle_id"): ("cycles_cycleflag", "flag_id", "cycle_id"),
    ("andon_flag", "meeting_id"): ("huddles_meetingflag", "flag_id", "meeting_id"),
}

AT = datetime.datetime(2024, 3, 4, 9, 30, tzinfo=datetime.UTC)


def _field_value(model, field):
    label = f"{model._meta.app_label}.{model._meta.model_name}.{field.name}"
    if field.has_default():
        return field.get_default()
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"{model._meta.model_name}@example.org"
    if isinstance(field, models.CharField | models.TextField):
        text = label.replace(".", "-")
        return text[-field.max_length :] if field.max_length else text
    if isinstance(field, models.DateTimeField):
        return AT
    if isinstance(field, models.DateField):
        return AT.date()
    if isinstance(field, models.TimeField):
        return datetime.time(8, 15)
    if isinstance(field, models.DurationField):
        return datetime.timedelta(hours=2)
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.IntegerField):
        return 1  # within every "at least one" and "1 to 5" check
    if isinstance(field, models.FloatField | models.DecimalField):
        return 1.5
    if isinstance(field, models.JSONField):
        return {"filled_by": label}
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.BinaryField):
        return label.encode()
    raise AssertionError(f"the filler has no value for {label} ({type(field).__name__}); add one")


def _creation_order(app_models):
    """Models ordered so each comes after the models its foreign keys name (a nullable key that
    would close a circle is left empty instead)."""
    pending = {model: set() for model in app_models}
    for model in app_models:
        for field in model._meta.local_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model and target in pending:
                pending[model].add((target, field.null))
    ordered, done = [], set()
    while pending:
        ready = [m for m, deps in pending.items() if all(t in done for t, _ in deps)]
        if not ready:  # a circle: take a model that only waits through nullable keys
            ready = [m for m, deps in pending.items() if all(t in done or null for t, null in deps)][:1]
        assert ready, f"foreign keys form a circle of required keys among {sorted(map(str, pending))}"
        for model in sorted(ready, key=lambda m: m._meta.label):
            ordered.append(model)
            done.add(model)
            del pending[model]
    return ordered


def _fill_every_table(apps):
    """One valid row in every table of our apps, through the historical models, with every field set
    that ``HAND_MADE`` or a self-reference does not leave empty."""
    app_models = [
        model for model in apps.get_models(include_auto_created=True) if model._meta.app_label in OLD_APPS
    ]
    created = {}

    def row_of(model):
        if model not in created:  # a model of another app (auth.Group, ...): any row will do
            created[model] = model._default_manager.order_by("pk").first() or create(model)
        return created[model]

    def create(model):
        values = {}
        for field in model._meta.local_fields:
            if field.primary_key and field.auto_created:
                continue
            if field.is_relation:
                target = field.related_model
                if target is model or (target in app_models and target not in created):
                    assert field.null, f"{model._meta.label}.{field.name} needs a row not made yet"
                    values[field.attname] = None
                elif field.name in SECOND_ROW.get(model._meta.label_lower, []):
                    values[field.name] = create(target)
                else:
                    values[field.name] = row_of(target)
            else:
                values[field.attname] = _field_value(model, field)
        values.update(HAND_MADE.get(model._meta.label_lower, {}))
        try:
            return model._default_manager.create(**values)
        except Exception as error:
            raise AssertionError(
                f"the filler could not make a {model._meta.label}: {error}; give it values in HAND_MADE"
            ) from error

    for model in _creation_order(app_models):
        created[model] = create(model)

    # The measure models' content types, as admin history and permissions would have left them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in MOVED_MODELS:
        ContentType.objects.get_or_create(app_label="playbook", model=name)


def _our_tables():
    return sorted(name for name in connection.introspection.table_names() if name.startswith(TABLE_PREFIXES))


def _snapshot():
    """Every row of every table of our apps: {table: (columns, {first column: {column: value}})}."""
    tables = {}
    with connection.cursor() as cursor:
        for table in _our_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            columns = [column.name for column in cursor.description]
            rows = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
            tables[table] = (columns, rows)
    return tables


def _changes(before, after):
    """What the forward migrations lost or altered; columns they added are not compared."""
    problems = []
    for table, (old_columns, old_rows) in before.items():
        if table not in after:
            problems.append(f"table {table} is gone")
            continue
        new_columns, new_rows = after[table]
        dropped = set(old_columns) - set(new_columns)
        for column in sorted(
            dropped & {column for moved_from, column in MOVED_COLUMNS if moved_from == table}
        ):
            problems += _moved_column_changes(table, column, old_rows, after)
        if lost := sorted(dropped - {column for moved_from, column in MOVED_COLUMNS if moved_from == table}):
            problems.append(f"{table} lost columns {lost}")
        for key, old_row in old_rows.items():
            new_row = new_rows.get(key)
            if new_row is None:
                problems.append(f"{table} lost row {key}")
                continue
            changed = {
                column: (value, new_row[column])
                for column, value in old_row.items()
                if column in new_row and new_row[column] != value
            }
            if changed:
                problems.append(f"{table} row {key} changed (old, new): {changed}")
    return problems


def _moved_column_changes(table, column, old_rows, after):
    """A dropped column's values must each be found in the link table that replaced it."""
    link_table, key_column, value_column = MOVED_COLUMNS[(table, column)]
    if link_table not in after:
        return [f"{table}.{column} was dropped but {link_table} does not exist"]
    links = {(row[key_column], row[value_column]) for row in after[link_table][1].values()}
    expected = {(key, row[column]) for key, row in old_rows.items() if row[column] is not None}
    if not expected:
        return [f"the filler left {table}.{column} empty, so its move to {link_table} is not shown"]
    if missing := sorted(expected - links):
        return [
            f"{table}.{column} values missing from {link_table} ({key_column}, {value_column}): {missing}"
        ]
    return []


def _moved_content_types():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT model, id, app_label FROM django_content_type WHERE model = ANY(%s) "
            "AND app_label IN ('playbook', 'measures')",
            [MOVED_MODELS],
        )
        return {model: (pk, app_label) for model, pk, app_label in cursor.fetchall()}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # the applied set changed; a later step must see it
    return executor


def _latest_leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_database_migrates_to_the_latest_migrations_and_keeps_every_row():
    try:
        executor = _migrate(BACK_TO_OLD)
        _fill_every_table(executor.loader.project_state(OLD_LEAVES).apps)
        before = _snapshot()
        old_content_types = _moved_content_types()

        empty = sorted(table for table, (_, rows) in before.items() if not rows)
        assert not empty, f"the filler left tables empty: {empty}"
        assert {model: app for model, (_, app) in old_content_types.items()} == dict.fromkeys(
            MOVED_MODELS, "playbook"
        )

        _migrate(_latest_leaves())
        after = _snapshot()

        changes = _changes(before, after)
        assert not changes, "\n".join(changes)
        new_content_types = _moved_content_types()
        assert new_content_types == {model: (pk, "measures") for model, (pk, _) in old_content_types.items()}
    finally:
        _migrate(_latest_leaves())
