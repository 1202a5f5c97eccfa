import django.db.models.deletion
from django.db import migrations, models

# Foreign keys now name ``measures.FocusArea`` (or ``measures.Measure``); the tables and their
# constraints are the same, so only the migration state changes.


class Migration(migrations.Migration):
    dependencies = [
        ("andon", "0002_flag_links_to_cycles_and_meetings"),
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="flag",
                    name="focus_area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="andon_flags",
                        to="measures.focusarea",
                    ),
                ),
            ],
        ),
    ]
