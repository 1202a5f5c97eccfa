"""The JSON API: HTTP in, a serializer to check the input, a service call, a serializer out.

Who may see and do what is asked of ``playbook.permissions`` only: list endpoints start from its
filtered querysets, and detail endpoints fetch through ``permissions.get_for_user``, so an object
the requester may not see is a 404 and one they see but may not change is a 403.

Each write is one service call, and the service owns its transaction, so one that fails after its
first write (say, while notifying someone it just added) leaves nothing half-saved behind.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.fields import CharField
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from playbook import lockout, notifications, permissions, selectors, services, slots
from playbook.api import serializers
from playbook.api.errors import ApiSchema, ErrorSerializer
from playbook.api.preferences import NotificationPreferencesView
from playbook.models import Membership, Team


class BoundedAuthTokenSerializer(AuthTokenSerializer):
    """DRF's credentials with the sign-in page's ceilings: a username fits ``User.username``."""

    username = CharField(label="Username", max_length=150, write_only=True)
    password = CharField(
        label="Password",
        max_length=1024,
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )


@extend_schema(
    request=BoundedAuthTokenSerializer,
    responses={
        200: serializers.TokenSerializer,
        429: OpenApiResponse(
            ErrorSerializer,
            description="Too many failed sign-ins for this username from this address; "
            "`Retry-After` says when to try again.",
        ),
    },
)
class TokenView(ObtainAuthToken):
    """Trade a username and password for the token that signs API requests in."""

    # Credentials come in the body; a browser's session must not add a CSRF check to this.
    authentication_classes = ()
    serializer_class = BoundedAuthTokenSerializer
    # ObtainAuthToken names DRF's stock parsers; this view, open to anyone, needs the bounded ones.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    schema = ApiSchema()

    def post(self, request, *args, **kwargs):
        # The serializer's authenticate() gets this request, so django-axes counts the failures and
        # refuses a locked username; that refusal must read as a lockout, not a wrong password.
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            lockout.raise_if_locked(request)
            raise


class NoSuchEndpoint(APIView):
    """Answers unknown paths under the API in the API's error format instead of an HTML page."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    schema = None  # left out of the schema before its catch-all path can skew the common prefix

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound("There is no such API endpoint.")


class MeView(generics.GenericAPIView):
    """The signed-in person, with the teams they belong to by name."""

    serializer_class = serializers.MeSerializer
    schema = ApiSchema()

    def get_object(self):
        # A fresh copy, so a rejected change never alters request.user.
        memberships = Prefetch("memberships", queryset=Membership.objects.select_related("team"))
        people = permissions.visible_people(self.request.user).prefetch_related(memberships)
        return people.get(pk=self.request.user.pk)

    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request):
        person = self.get_object()
        serializer = self.get_serializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person = services.update_person(person=person, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(person).data)


@extend_schema(
    responses={
        200: OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="Every home panel the person sees, by panel name, as plain data: ids, titles, "
            "urls, counts, and dates as ISO strings. A panel with nothing to show is left out.",
        )
    }
)
class HomeView(APIView):
    """The home page a person sees, as data: the same panels, in the same order, by name."""

    schema = ApiSchema()

    def get(self, request):
        return Response(slots.data(request, slots.HOME))


class PlaybookViewSet(viewsets.GenericViewSet):
    """Fetches objects through the permission module and reads list filters from a serializer."""

    schema = ApiSchema()
    # The permissions action each viewset action needs on the object it works on.
    object_actions = {
        "retrieve": permissions.VIEW,
        "update": permissions.CHANGE,
        "partial_update": permissions.CHANGE,
        "destroy": permissions.DELETE,
    }
    filter_serializer_class = None

    def get_object(self):
        action = self.object_actions.get(self.action, permissions.VIEW)
        return permissions.get_for_user(self.request.user, self.get_queryset(), self.kwargs["pk"], action)

    def filter_queryset(self, queryset):
        if self.filter_serializer_class is None or self.action != "list":
            return queryset
        # An empty value (?kind=) means no filter, as in a form left blank.
        params = {key: value for key, value in self.request.query_params.items() if value != ""}
        filters = self.filter_serializer_class(data=params)
        filters.is_valid(raise_exception=True)
        return self.apply_filters(queryset, filters.validated_data)

    # Filter name -> field lookup, applied by ``selectors.matching``; a viewset whose filters are more
    # than field lookups overrides ``apply_filters`` with its app's selector.
    filter_lookups: dict[str, str] = {}

    def apply_filters(self, queryset, filters):
        return selectors.matching(queryset, filters, self.filter_lookups)


class NetworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Your network. Network admins may rename it and set its time zone."""

    serializer_class = serializers.NetworkSerializer

    def get_queryset(self):
        return permissions.visible_networks(self.request.user)

    def partial_update(self, request, pk=None):
        network = self.get_object()
        serializer = self.get_serializer(network, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        network = services.update_network(network=network, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(network).data)


@extend_schema_view(list=extend_schema(parameters=[serializers.TeamFilterSerializer]))
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """The team tree. Leads rename and describe their teams; network admins build the tree."""

    serializer_class = serializers.TeamSerializer
    filter_serializer_class = serializers.TeamFilterSerializer

    def get_queryset(self):
        return permissions.visible_teams(self.request.user)

    filter_lookups = {"kind": "kind", "parent": "parent_id"}

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {"kind": Team.Kind.TEAM, "parent": None, **serializer.validated_data}
        team = services.create_team(by=request.user, **fields)
        return Response(self.get_serializer(team).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        team = self.get_object()
        serializer = self.get_serializer(team, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        team = services.update_team(team=team, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(team).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def destroy(self, request, pk=None):
        services.delete_team(team=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[serializers.MembershipFilterSerializer]))
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Who is in which team, in which role. Leads manage members and leads; admins also leaders."""

    serializer_class = serializers.MembershipSerializer
    filter_serializer_class = serializers.MembershipFilterSerializer

    def get_queryset(self):
        return permissions.visible_memberships(self.request.user).select_related("user", "team")

    filter_lookups = {"team": "team_id", "user": "user_id", "role": "role"}

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        membership = services.add_membership(
            team=data["team"], person=data["user"], role=data["role"], by=request.user
        )
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.MembershipRoleSerializer)
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        serializer = serializers.MembershipRoleSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "role" in serializer.validated_data:
            role = serializer.validated_data["role"]
            membership = services.change_role(membership=membership, role=role, by=request.user)
        return Response(self.get_serializer(membership).data)

    def destroy(self, request, pk=None):
        services.remove_membership(membership=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[serializers.NotificationFilterSerializer]))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """What Playbook told you, newest first."""

    serializer_class = serializers.NotificationSerializer
    filter_serializer_class = serializers.NotificationFilterSerializer
    object_actions = {"retrieve": permissions.VIEW, "read": permissions.CHANGE}

    def get_queryset(self):
        return permissions.visible_notifications(self.request.user)

    filter_lookups = {"unread": "read_at__isnull"}

    @extend_schema(request=None, responses=serializers.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notifications.mark_read(notifications=self.get_queryset().filter(pk=notification.pk))
        notification.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=serializers.MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = notifications.mark_read(notifications=self.get_queryset())
        return Response(serializers.MarkedReadSerializer({"marked": marked}).data)


ROUTES = [
    ("networks", NetworkViewSet, "api-network"),
    ("teams", TeamViewSet, "api-team"),
    ("memberships", MembershipViewSet, "api-membership"),
    ("notifications", NotificationViewSet, "api-notification"),
]
PATHS = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("home/", HomeView.as_view(), name="api-home"),
    path(
        "me/notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="api-me-notification-preferences",
    ),
]
