from django.db import migrations

# The other half of the move to ``measures``: the core forgets the models, the tables stay.


class Migration(migrations.Migration):
    dependencies = [
        ("andon", "0003_focus_areas_live_in_measures"),
        ("cycles", "0002_focus_areas_live_in_measures"),
        ("playbook", "0002_focus_areas_and_measures"),
        ("theory", "0003_focus_areas_live_in_measures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="datapointrevision",
                    name="data_point",
                ),
                migrations.RemoveField(
                    model_name="datapointrevision",
                    name="changed_by",
                ),
                migrations.RemoveField(
                    model_name="focusarea",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="focusarea",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="focusarea",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="measure",
                    name="focus_area",
                ),
                migrations.RemoveField(
                    model_name="measuretarget",
                    name="measure",
                ),
                migrations.RemoveField(
                    model_name="storedchart",
                    name="measure",
                ),
                migrations.DeleteModel(
                    name="DataPoint",
                ),
                migrations.DeleteModel(
                    name="DataPointRevision",
                ),
                migrations.DeleteModel(
                    name="FocusArea",
                ),
                migrations.DeleteModel(
                    name="MeasureTarget",
                ),
                migrations.DeleteModel(
                    name="Measure",
                ),
                migrations.DeleteModel(
                    name="StoredChart",
                ),
            ],
        ),
    ]
