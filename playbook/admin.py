from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError

from playbook.archive import DEACTIVATE_INSTEAD
from playbook.archive_admin import KeptRecordAdmin
from playbook.models import IdempotencyKey, Membership, Network, Notification, Team, User, WorkerHeartbeat
from playbook.services.network import deactivate_person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "team"]


@admin.register(User)
class UserAdmin(KeptRecordAdmin, DjangoUserAdmin):
    """People who leave are deactivated, never deleted: their notes, votes, pulse answers, flags and
    cycles keep counting, under their name."""

    delete_refused = DEACTIVATE_INSTEAD
    actions = ["deactivate_selected"]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "network",
        "is_network_admin",
        "is_active",
    ]
    list_filter = ["network", "is_network_admin", "is_active", "is_staff"]
    list_select_related = ["network"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Playbook", {"fields": ("network", "is_network_admin", "email_notifications")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Playbook", {"fields": ("email", "first_name", "last_name", "network", "is_network_admin")}),
    )
    inlines = [MembershipInline]

    @admin.action(permissions=["change"], description="Deactivate selected people (their work stays)")
    def deactivate_selected(self, request, queryset):
        done = 0
        for person in queryset.filter(is_active=True):
            try:
                deactivate_person(person=person, by=request.user)
            except ValidationError as refused:
                self.message_user(request, f"{person}: {' '.join(refused.messages)}", messages.ERROR)
                continue
            done += 1
            self.log_change(request, person, "Deactivated.")
        self.message_user(request, f"{done} deactivated; their memberships are kept.", messages.SUCCESS)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "network"]
    list_filter = ["network", "kind"]
    list_select_related = ["parent", "network"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team__network", "team"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at"]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """To look into a reported double submit; the rows are written and pruned by Playbook alone."""

    list_display = ["scope", "key", "user", "status_code", "created_at"]
    list_filter = ["scope"]
    list_select_related = ["user"]
    search_fields = ["key", "user__username"]
    readonly_fields = ["user", "scope", "key", "fingerprint", "status_code", "body", "location", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
