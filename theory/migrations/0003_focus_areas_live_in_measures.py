import django.db.models.deletion
from django.db import migrations, models

# Foreign keys now name ``measures.FocusArea`` (or ``measures.Measure``); the tables and their
# constraints are the same, so only the migration state changes.


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("theory", "0002_diagrams_and_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cause",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="causevote",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="changeidea",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="change_ideas",
                        to="measures.focusarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="changeidealink",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="driver",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="driverlink",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="fishbone",
                    name="focus_area",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fishbone",
                        to="measures.focusarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="fishbonecategory",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="rootcauselink",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="theoryevent",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="theory_events",
                        to="measures.focusarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="whyanalysis",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="whychain",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
                migrations.AlterField(
                    model_name="whystep",
                    name="focus_area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="measures.focusarea"
                    ),
                ),
            ],
        ),
    ]
