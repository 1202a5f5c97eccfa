"""Input shape and output shape of the API. No writes here: views pass validated data to services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from playbook import permissions
from playbook.models import Membership, Network, Notification, Team, User

Role = Membership.Role


class VisibleTeamField(serializers.PrimaryKeyRelatedField):
    """A team id the requester may see. Any other id reads as nonexistent, so nothing leaks."""

    def get_queryset(self):
        return permissions.visible_teams(self.context["request"].user)


class NetworkPersonField(serializers.PrimaryKeyRelatedField):
    """An active person in the requester's network. Anyone else reads as nonexistent."""

    def get_queryset(self):
        network_id = permissions.access_for(self.context["request"].user).network_id
        if network_id is None:
            return User.objects.none()  # network_id=None would match every person without a network
        # Active only, like the chooser on the team page: a deactivated account joins no team.
        return User.objects.filter(network_id=network_id, is_active=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text='Send as the header "Authorization: Token <token>".'
    )


class MyMembershipSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["team", "team_name", "role"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    memberships = MyMembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "network",
            "is_network_admin",
            "email_notifications",
            "weekly_digest",
            "memberships",
        ]
        read_only_fields = ["username", "network", "is_network_admin"]
        validators = []  # the service validates the whole person


class NetworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["id", "name", "slug", "time_zone"]
        read_only_fields = ["slug"]
        validators = []


class TeamSerializer(serializers.ModelSerializer):
    parent = VisibleTeamField(
        allow_null=True,
        required=False,
        help_text="The cluster or hub this sits under; null only for the hub.",
    )
    my_role = serializers.SerializerMethodField(
        help_text="Your effective role here (a leader above counts); null if you only see its name. "
        "Network admins may do everything whatever this says."
    )

    class Meta:
        model = Team
        fields = ["id", "name", "slug", "kind", "parent", "description", "network", "my_role"]
        read_only_fields = ["slug", "network"]
        validators = []  # the tree rules live in services.create_team / update_team

    # Point at the memberships' RoleEnum: the same choices under a second name make the schema warn.
    @extend_schema_field({"allOf": [{"$ref": "#/components/schemas/RoleEnum"}], "nullable": True})
    def get_my_role(self, team: Team) -> str | None:
        # The access object is cached on the user, so a page of teams costs no extra queries.
        return permissions.access_for(self.context["request"].user).role(team.pk)


class MembershipSerializer(serializers.ModelSerializer):
    team = VisibleTeamField()
    user = NetworkPersonField()
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)
    user_display = serializers.CharField(source="user.display_name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "team", "user", "role", "user_display", "team_name"]
        validators = []  # services.add_membership says who is already in the team, in words


class MembershipRoleSerializer(serializers.Serializer):
    """Only the role of a membership changes; to move someone, remove and add them."""

    role = serializers.ChoiceField(choices=Role.choices)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read.")


# --- Query-string filters of the list endpoints ---------------------------------------------------


class TeamFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Team.Kind.choices, required=False)
    parent = serializers.IntegerField(required=False, help_text="Only the teams directly under this one.")


class MembershipFilterSerializer(serializers.Serializer):
    team = serializers.IntegerField(required=False)
    user = serializers.IntegerField(required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False, help_text="true: only unread ones; false: only read ones; leave out for all."
    )
