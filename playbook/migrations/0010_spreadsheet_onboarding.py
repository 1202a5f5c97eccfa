# Written by hand (see the common brief: makemigrations would sweep in others' work).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("playbook", "0009_sign_in_with_school_accounts")]

    operations = [
        # An invitation's token is made when its email is sent, so the row exists without one first.
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
