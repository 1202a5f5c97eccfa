# Kept empty until its work needs a schema change; removed before landing if it stays empty.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("playbook", "0008_school_accounts_invitations_calendars_webhooks")]

    operations = []
