import django.db.models.deletion
from django.db import migrations, models

# Foreign keys now name ``measures.FocusArea`` (or ``measures.Measure``); the tables and their
# constraints are the same, so only the migration state changes.


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0001_initial"),
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cycle",
                    name="focus_area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cycles",
                        to="measures.focusarea",
                    ),
                ),
                migrations.AlterField(
                    model_name="prediction",
                    name="measure",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="predictions",
                        to="measures.measure",
                    ),
                ),
            ],
        ),
    ]
