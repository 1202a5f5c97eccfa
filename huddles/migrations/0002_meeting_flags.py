import django.db.models.deletion
from django.db import migrations, models

# The huddles app keeps the link from a flag to the meeting it was raised from (it used to be
# ``andon.Flag.meeting``). The copy runs while andon still has the column: andon's
# 0004_flag_sources_live_in_their_apps, which drops it, depends on this migration.


def copy_links(apps, schema_editor):
    Flag = apps.get_model("andon", "Flag")
    MeetingFlag = apps.get_model("huddles", "MeetingFlag")
    rows = Flag.objects.filter(meeting__isnull=False).values_list("pk", "meeting_id").order_by("pk")
    MeetingFlag.objects.bulk_create(
        (MeetingFlag(flag_id=flag_id, meeting_id=meeting_id) for flag_id, meeting_id in rows.iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )


def copy_links_back(apps, schema_editor):
    Flag = apps.get_model("andon", "Flag")
    MeetingFlag = apps.get_model("huddles", "MeetingFlag")
    for flag_id, meeting_id in MeetingFlag.objects.values_list("flag_id", "meeting_id").iterator():
        Flag.objects.filter(pk=flag_id).update(meeting_id=meeting_id)


class Migration(migrations.Migration):
    dependencies = [
        ("huddles", "0001_initial"),
        ("andon", "0003_focus_areas_live_in_measures"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingFlag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="flag_links",
                        to="huddles.meeting",
                    ),
                ),
                (
                    "flag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meeting_link",
                        to="andon.flag",
                    ),
                ),
            ],
            options={"ordering": ["meeting", "flag"]},
        ),
        migrations.RunPython(copy_links, copy_links_back, elidable=False),
    ]
