# An invitation's token is made when its email is sent, so its hash is empty until then.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("playbook", "0008_school_accounts_invitations_calendars_webhooks")]

    operations = [
        # An invitation's token is made when its email is sent, so the row exists without one first.
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
