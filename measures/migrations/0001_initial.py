import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["datapoint", "datapointrevision", "focusarea", "measure", "measuretarget", "storedchart"]


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="playbook", model__in=MOVED).update(app_label="measures")


def unlabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="measures", model__in=MOVED).update(app_label="playbook")


# The measure models move here from the core with their tables, so the database is untouched:
# the state learns the models (CreateModel over the existing playbook_* tables) and nothing runs
# in the database but the content types' relabelling, which keeps admin history and permissions
# pointing at the same rows.


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("playbook", "0002_focus_areas_and_measures"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataPoint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "period",
                            models.DateField(
                                help_text="The date the period starts (or the day, for daily data)."
                            ),
                        ),
                        ("value", models.FloatField(blank=True, null=True)),
                        ("numerator", models.FloatField(blank=True, null=True)),
                        ("denominator", models.FloatField(blank=True, null=True)),
                        ("note", models.CharField(blank=True, max_length=500)),
                        ("entered_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "entered_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_datapoint",
                        "ordering": ["measure", "period"],
                    },
                ),
                migrations.CreateModel(
                    name="DataPointRevision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("value", models.FloatField(null=True)),
                        ("numerator", models.FloatField(null=True)),
                        ("denominator", models.FloatField(null=True)),
                        ("note", models.CharField(blank=True, max_length=500)),
                        ("changed_at", models.DateTimeField()),
                        (
                            "changed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "data_point",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="revisions",
                                to="measures.datapoint",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_datapointrevision",
                        "ordering": ["data_point", "-changed_at"],
                    },
                ),
                migrations.CreateModel(
                    name="FocusArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        ("problem", models.TextField(help_text="The problem as the data shows it.")),
                        (
                            "aim_what",
                            models.CharField(
                                help_text="e.g. “Raise the share of Year 4 pupils reading at age-expected level”",
                                max_length=300,
                                verbose_name="aim: what",
                            ),
                        ),
                        (
                            "aim_how_much",
                            models.CharField(
                                help_text="e.g. “from 62% to 80%”",
                                max_length=200,
                                verbose_name="aim: how much",
                            ),
                        ),
                        ("aim_by_when", models.DateField(verbose_name="aim: by when")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("exploring", "Exploring"),
                                    ("active", "Active"),
                                    ("sustaining", "Sustaining"),
                                    ("closed", "Closed"),
                                ],
                                default="exploring",
                                max_length=12,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("closed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="owned_focus_areas",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="focus_areas",
                                to="playbook.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_focusarea",
                        "ordering": ["team__name", "title"],
                    },
                ),
                migrations.CreateModel(
                    name="Measure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("outcome", "Outcome"),
                                    ("process", "Process"),
                                    ("balancing", "Balancing"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "definition",
                            models.TextField(
                                help_text="Exactly what is counted, from which source, and how.",
                                verbose_name="operational definition",
                            ),
                        ),
                        (
                            "unit",
                            models.CharField(blank=True, help_text="e.g. %, pupils, minutes", max_length=50),
                        ),
                        (
                            "data_kind",
                            models.CharField(
                                choices=[
                                    ("continuous", "Continuous (a number per period)"),
                                    ("proportion", "Proportion (numerator of denominator)"),
                                    ("rate", "Rate per exposure (events per unit)"),
                                    ("count", "Count (events per period)"),
                                ],
                                default="continuous",
                                max_length=12,
                            ),
                        ),
                        (
                            "direction",
                            models.CharField(
                                choices=[("up", "Higher is better"), ("down", "Lower is better")],
                                default="up",
                                max_length=4,
                            ),
                        ),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    ("daily", "Daily"),
                                    ("weekly", "Weekly"),
                                    ("fortnightly", "Fortnightly"),
                                    ("monthly", "Monthly"),
                                    ("termly", "Termly"),
                                ],
                                default="weekly",
                                max_length=12,
                            ),
                        ),
                        (
                            "chart_type",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("run", "Run chart"),
                                    ("i", "I chart (individuals)"),
                                    ("p", "P chart (proportions)"),
                                    ("u", "U chart (rates)"),
                                    ("c", "C chart (counts)"),
                                ],
                                max_length=3,
                            ),
                        ),
                        (
                            "baseline",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="Freeze the centre line (and limits) on the first this many points.",
                                null=True,
                            ),
                        ),
                        (
                            "phase_dates",
                            models.JSONField(
                                blank=True,
                                default=list,
                                help_text="Dates from which a new phase starts (ISO dates).",
                            ),
                        ),
                        (
                            "rules",
                            models.CharField(
                                choices=[
                                    ("anhoej", "Anhøj rules"),
                                    ("ihi", "IHI run chart rules"),
                                    ("nhs", "NHS Making Data Count"),
                                ],
                                default="anhoej",
                                max_length=8,
                            ),
                        ),
                        (
                            "screen_mr",
                            models.BooleanField(default=True, verbose_name="screen large moving ranges"),
                        ),
                        ("data_version", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "focus_area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="measures",
                                to="measures.focusarea",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_measure",
                        "ordering": ["focus_area", "kind", "name"],
                    },
                ),
                migrations.AddField(
                    model_name="datapoint",
                    name="measure",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="data_points",
                        to="measures.measure",
                    ),
                ),
                migrations.CreateModel(
                    name="MeasureTarget",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("value", models.FloatField()),
                        ("starts_on", models.DateField()),
                        (
                            "measure",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="targets",
                                to="measures.measure",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_measuretarget",
                        "ordering": ["measure", "starts_on"],
                    },
                ),
                migrations.CreateModel(
                    name="StoredChart",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("variant", models.CharField(default="default", max_length=64)),
                        ("options", models.JSONField(default=dict)),
                        ("result", models.JSONField(null=True)),
                        ("built_version", models.IntegerField(default=-1)),
                        ("computed_at", models.DateTimeField(null=True)),
                        ("error", models.TextField(blank=True)),
                        (
                            "measure",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stored_charts",
                                to="measures.measure",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "playbook_storedchart",
                    },
                ),
                migrations.AddConstraint(
                    model_name="measure",
                    constraint=models.UniqueConstraint(
                        fields=("focus_area", "name"), name="measure_name_unique_in_focus_area"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="datapoint",
                    constraint=models.UniqueConstraint(
                        fields=("measure", "period"), name="one_point_per_measure_and_period"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="datapoint",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("denominator__isnull", True), ("denominator__gt", 0), _connector="OR"
                        ),
                        name="denominator_positive",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="datapoint",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("numerator__isnull", True), ("numerator__gte", 0), _connector="OR"
                        ),
                        name="numerator_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="datapoint",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("value__isnull", False),
                                ("numerator__isnull", True),
                                ("denominator__isnull", True),
                            ),
                            models.Q(
                                ("value__isnull", True),
                                ("numerator__isnull", False),
                                ("denominator__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="value_or_fraction",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="measuretarget",
                    constraint=models.UniqueConstraint(
                        fields=("measure", "starts_on"), name="one_target_per_measure_and_date"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="storedchart",
                    constraint=models.UniqueConstraint(
                        fields=("measure", "variant"), name="one_stored_chart_per_variant"
                    ),
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, unlabel_content_types),
    ]
