"""The admin's side of "history is archived, never deleted" (``playbook.archive``).

``KeptRecordAdmin`` refuses every delete (the button, the delete page, the bulk action) with a
message saying what to do instead, and lists every row, archived or not. ``ArchiveAdmin`` adds the
"Archive" and "Restore" actions; each goes through the app's own service for the record, so what
must follow (a chart rebuilt without the point, a change idea's status worked out again) follows.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from playbook.archive import ARCHIVE_INSTEAD, set_archived
from playbook.errors import Conflict


class KeptRecordAdmin(admin.ModelAdmin):
    delete_refused = ARCHIVE_INSTEAD

    def get_queryset(self, request):
        manager = getattr(self.model, "all_objects", self.model._default_manager)
        queryset = manager.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        self.message_user(request, self.delete_refused, messages.ERROR)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(object_id)]))

    def delete_model(self, request, obj):
        raise PermissionDenied(self.delete_refused)

    def delete_queryset(self, request, queryset):
        raise PermissionDenied(self.delete_refused)


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Not archived"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class ArchiveAdmin(KeptRecordAdmin):
    """For an ``Archivable`` model. ``archive_with(record, *, by, archived)`` is the app's service."""

    archive_with = staticmethod(set_archived)
    actions = ["archive_selected", "restore_selected"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ArchivedFilter]

    def get_readonly_fields(self, request, obj=None):
        return list(dict.fromkeys([*super().get_readonly_fields(request, obj), "archived_at", "archived_by"]))

    def _set_archived(self, request, queryset, archived: bool):
        changed = 0
        for record in queryset:
            try:
                done = self.archive_with(record, by=request.user, archived=archived)
            except (ValidationError, Conflict) as refused:
                message = refused.message if isinstance(refused, Conflict) else " ".join(refused.messages)
                self.message_user(request, f"{record}: {message}", messages.ERROR)
                continue
            if done:
                changed += 1
                self.log_change(request, record, "Archived." if archived else "Restored.")
        verb = "archived" if archived else "restored"
        names = self.model._meta.verbose_name_plural
        self.message_user(request, f"{changed} {names} {verb}.", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Archive selected %(verbose_name_plural)s")
    def archive_selected(self, request, queryset):
        self._set_archived(request, queryset, True)

    @admin.action(permissions=["change"], description="Restore selected %(verbose_name_plural)s")
    def restore_selected(self, request, queryset):
        self._set_archived(request, queryset, False)
