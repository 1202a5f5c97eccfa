"""Indexes in the cycle list's order and the API's, so a page reads 50 rows, not every cycle (issue 15)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0008_learned_at_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cycle",
            index=models.Index(
                models.F("ends_on"),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("archived_at", None)),
                name="cycle_list_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="cycle",
            index=models.Index(
                models.F("ends_on"),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(
                    ("archived_at", None), ("stage__in", ["planning", "doing", "studying", "acting"])
                ),
                name="cycle_open_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="cycle",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("archived_at", None)),
                name="cycle_newest_idx",
            ),
        ),
    ]
