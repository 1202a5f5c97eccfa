import django.db.models.deletion
from django.db import migrations, models

# The cycles app keeps the link from a flag to the cycle it was raised from (it used to be
# ``andon.Flag.cycle``). The copy runs while andon still has the column: andon's
# 0004_flag_sources_live_in_their_apps, which drops it, depends on this migration.


def copy_links(apps, schema_editor):
    Flag = apps.get_model("andon", "Flag")
    CycleFlag = apps.get_model("cycles", "CycleFlag")
    rows = Flag.objects.filter(cycle__isnull=False).values_list("pk", "cycle_id").order_by("pk")
    CycleFlag.objects.bulk_create(
        (CycleFlag(flag_id=flag_id, cycle_id=cycle_id) for flag_id, cycle_id in rows.iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )


def copy_links_back(apps, schema_editor):
    Flag = apps.get_model("andon", "Flag")
    CycleFlag = apps.get_model("cycles", "CycleFlag")
    for flag_id, cycle_id in CycleFlag.objects.values_list("flag_id", "cycle_id").iterator():
        Flag.objects.filter(pk=flag_id).update(cycle_id=cycle_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_focus_areas_live_in_measures"),
        ("andon", "0003_focus_areas_live_in_measures"),
    ]

    operations = [
        migrations.CreateModel(
            name="CycleFlag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="flag_links",
                        to="cycles.cycle",
                    ),
                ),
                (
                    "flag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cycle_link",
                        to="andon.flag",
                    ),
                ),
            ],
            options={"ordering": ["cycle", "flag"]},
        ),
        migrations.RunPython(copy_links, copy_links_back, elidable=False),
    ]
