from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from playbook.models import Membership, Network, Notification, Team, User, WorkerHeartbeat


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "team"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
