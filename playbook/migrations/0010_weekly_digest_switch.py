# The weekly digest's own on/off switch, so its one-click unsubscribe can stop it.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("playbook", "0009_invitation_token_made_when_sent")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="weekly_digest",
            field=models.BooleanField(default=True, help_text="Email a summary of the week on Mondays."),
        ),
    ]
