# Kept empty until its work needs a schema change; removed before landing if it stays empty.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("playbook", "0011_calendar_feeds")]

    operations = []
