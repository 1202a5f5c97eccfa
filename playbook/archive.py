"""Records of what happened are archived, never deleted.

A meeting, its notes, a flag, a cycle, a data point: once written, each is part of what a team did,
and other rows (events, revisions, votes, pulse answers) point at it. Deleting one would take that
history with it and silently change past results, so these records carry ``archived_at`` and
``archived_by`` instead. An archived row is left out by the model's default manager, ``objects``,
so every list, page, chart, job and API answer drops it at once; ``all_objects`` still sees it, for
the admin (which archives and restores) and for a service that must find it again.

Rows that only exist as part of such a record (a flag's events, a meeting's action items, a data
point's revisions) are never archived on their own: they go with their record. Where they are read
on their own (a huddle's running notes, the action items on someone's home page), their model's
``objects`` is a ``LiveManager`` too, and its ``archived_with`` names the record it goes with.

The foreign keys from these records to their parents and to people are ``PROTECT``: a person who
leaves is deactivated, never deleted, so their name stays on everything they contributed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction

from playbook import clock


class LiveManager(models.Manager):
    """Leaves out archived rows, and rows whose record (the model's ``archived_with``) is archived.

    The rule is read from the model, not given to the manager: Django builds related managers
    (``meeting.entries``) from this class without its arguments."""

    def get_queryset(self):
        hidden = {f"{path}__archived_at__isnull": True for path in getattr(self.model, "archived_with", ())}
        if issubclass(self.model, Archivable):
            hidden["archived_at__isnull"] = True
        return super().get_queryset().filter(**hidden)


class Archivable(models.Model):
    """A record of what happened: archived (hidden, restorable), never deleted."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 — second to ``objects``, which must stay the default

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


ARCHIVE_INSTEAD = "Records of what happened are kept: archive it instead (an admin can restore it)."
DEACTIVATE_INSTEAD = "People are never deleted, so their work keeps their name: deactivate them instead."


@transaction.atomic
def set_archived(record: Archivable, *, by, archived: bool = True) -> bool:
    """Archive (or restore) ``record``. Returns whether anything changed; doing it twice is a no-op."""
    model = type(record)
    fresh = model.all_objects.select_for_update().only("archived_at").get(pk=record.pk)
    if (fresh.archived_at is not None) == archived:
        record.archived_at = fresh.archived_at
        return False
    record.archived_at = clock.now() if archived else None
    record.archived_by = by if archived else None
    model.all_objects.filter(pk=record.pk).update(
        archived_at=record.archived_at, archived_by=record.archived_by
    )
    return True
