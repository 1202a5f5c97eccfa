from django.db import migrations

# What a flag came from is now kept by the app it came from (cycles.CycleFlag, huddles.MeetingFlag).
# Their migrations copy these two columns first; only then are they dropped.


class Migration(migrations.Migration):
    dependencies = [
        ("andon", "0003_focus_areas_live_in_measures"),
        ("cycles", "0003_cycle_flags"),
        ("huddles", "0002_meeting_flags"),
    ]

    operations = [
        migrations.RemoveField(model_name="flag", name="cycle"),
        migrations.RemoveField(model_name="flag", name="meeting"),
    ]
