"""The andon API: flags and everything that happens to them, the dashboard's figures, learning, and
the network's escalation policy.

Same conventions as ``playbook.api``: lists start from ``visible_flags``; detail routes
fetch through the permission module (404 when the flag is not visible); each write is one service
call in one transaction, and a service's PermissionDenied is a 403 in the one error format.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from andon import selectors, services
from andon import serializers as s
from andon.calendar import Rule
from andon.models import ClosedPeriod, Flag, FlagEvent, WorkingHours
from andon.permissions import own_team_ids, visible_flags
from playbook import clock, permissions
from playbook.api import idempotency
from playbook.api.errors import ApiSchema
from playbook.api.pagination import CursorPages
from playbook.api.views import PlaybookViewSet
from playbook.permissions import access_for


def _hours(delta) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 3600, 2)


class FlagPages(CursorPages):
    """The flag list oldest first, by cursor: a hub's page reads 50 open flags from the open-flag index
    and counts at most ``COUNT_UP_TO`` of them, not every open flag of a state's network."""

    ordering = ("raised_at", "id")
    noun = "flags"


@extend_schema_view(list=extend_schema(parameters=[s.FlagFilterSerializer]))
class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Andon flags you may see: those you raised, those your teams (or teams below them) hold or
    have held (a flag stays visible to every team it passed), and never a sibling team's. Oldest
    first. Each says the path of teams it has taken and whether it passed through your teams."""

    serializer_class = s.FlagSerializer
    filter_serializer_class = s.FlagFilterSerializer
    pagination_class = FlagPages

    def get_queryset(self):
        return selectors.flag_list(self.request.user).order_by("raised_at", "id")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "my_team_ids": own_team_ids(access_for(self.request.user)),
        }

    def apply_filters(self, queryset, filters):
        status_filter = filters.get("status", "unresolved")
        if status_filter == "unresolved":
            queryset = queryset.exclude(status=Flag.Status.RESOLVED)
        elif status_filter != "all":
            queryset = queryset.filter(status=status_filter)
        for name in ("severity", "category"):
            if name in filters:
                queryset = queryset.filter(**{name: filters[name]})
        if "tier" in filters:
            queryset = queryset.filter(holding_team__kind=filters["tier"])
        if "holding_team" in filters:
            queryset = queryset.filter(holding_team_id=filters["holding_team"])
        if "team" in filters:
            queryset = queryset.filter(team_id=filters["team"])
        if filters.get("escalated"):
            queryset = queryset.filter(selectors.escalated_to_q(self.request.user))
        if filters.get("passed_through"):
            queryset = queryset.filter(selectors.passed_through_my_teams_q(self.request.user))
        if filters.get("assigned_to_me"):
            queryset = queryset.filter(assignee=self.request.user)
        if filters.get("raised_by_me"):
            queryset = queryset.filter(raised_by=self.request.user)
        return queryset

    def _answer(self, flag, code=status.HTTP_200_OK):
        # After a move the requester may no longer see the flag (a lead escalating past their own
        # team): the move happened, and there is nothing they may read back.
        visible = self.get_queryset().filter(pk=flag.pk).first()
        if visible is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(visible).data, status=code)

    @extend_schema(
        request=s.FlagCreateSerializer,
        parameters=[idempotency.HEADER_PARAMETER],
        responses={201: s.FlagSerializer, **idempotency.ERROR_RESPONSES},
    )
    @idempotency.idempotent
    def create(self, request):
        """Raise a flag for a team you belong to."""
        data = s.FlagCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        flag = services.raise_flag(by=request.user, **data.validated_data)
        return self._answer(flag, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.FlagSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The holding team (or a team above) has seen it: the resolve deadline counts from now on."""
        return self._answer(services.acknowledge_flag(flag=self.get_object(), by=request.user))

    @extend_schema(request=s.AssignSerializer, responses=s.FlagSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        flag = self.get_object()
        data = s.AssignSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self._answer(services.assign_flag(flag=flag, by=request.user, **data.validated_data))

    @extend_schema(methods=["GET"], request=None, responses=s.FlagEventSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.CommentSerializer, responses={201: s.FlagEventSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        """Comments on the flag, oldest first; anyone who may see the flag may add one."""
        flag = self.get_object()
        if request.method == "GET":
            comments = flag.events.filter(kind=FlagEvent.Kind.COMMENTED).select_related(
                "by", "from_team", "to_team"
            )
            return Response(s.FlagEventSerializer(comments.order_by("at", "id"), many=True).data)
        data = s.CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.comment_on_flag(flag=flag, by=request.user, **data.validated_data)
        return Response(s.FlagEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.FlagEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        """The flag's whole history, oldest first: raised, acknowledged, escalated, commented…"""
        events = self.get_object().events.select_related("by", "from_team", "to_team").order_by("at", "id")
        return Response(s.FlagEventSerializer(events, many=True).data)

    @extend_schema(request=s.EscalateSerializer, responses={200: s.FlagSerializer, 204: None})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Leads of the holding team and leaders above send it one level up now, saying why.
        204 when the flag is now beyond what you may see (you escalated it past your own team)."""
        flag = self.get_object()
        data = s.EscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.escalate_flag(flag=flag, by=request.user, **data.validated_data))

    @extend_schema(request=s.SendDownSerializer, responses={200: s.FlagSerializer, 204: None})
    @action(detail=True, methods=["post"], url_path="send-down")
    def send_down(self, request, pk=None):
        """Send it one level back down with a reply, which goes to the person who raised it.
        204 when the flag is now beyond what you may see."""
        flag = self.get_object()
        data = s.SendDownSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.send_flag_down(flag=flag, by=request.user, **data.validated_data))

    @extend_schema(request=s.ResolveSerializer, responses=s.FlagSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        flag = self.get_object()
        data = s.ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.resolve_flag(flag=flag, by=request.user, **data.validated_data))

    @extend_schema(request=s.ReopenSerializer, responses=s.FlagSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        flag = self.get_object()
        data = s.ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.reopen_flag(flag=flag, by=request.user, **data.validated_data))

    @extend_schema(parameters=[s.LearningQuerySerializer], responses=s.FlagSerializer(many=True))
    @action(detail=False, methods=["get"])
    def learning(self, request):
        """Resolved flags whose title, resolution or learning match ``q``, best match first."""
        query = s.LearningQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.search_learning(request.user, query.validated_data.get("q", ""))
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses=s.SummarySerializer)
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """The leaders' dashboard in numbers: unresolved flags by tier, severity and team; response
        figures per tier over the last 26 weeks; flags raised and resolved each week."""
        user, now = request.user, clock.now()
        counts = selectors.counts_by_holder(visible_flags(user).exclude(status=Flag.Status.RESOLVED))
        tiers = selectors.response_by_tier(user, since=now - timedelta(weeks=selectors.TREND_WEEKS))
        weeks = selectors.weekly_flow(user, now=now)
        body = {
            "unresolved": counts["total"],
            "by_tier": [{"key": label.lower(), "label": label, "count": n} for label, n in counts["tiers"]],
            "by_severity": [{"key": k, "label": label, "count": n} for k, label, n in counts["severities"]],
            "by_team": [{"key": name, "label": name, "count": n} for name, n in counts["teams"]],
            "tiers": [
                {
                    "tier": row["tier"],
                    "held": row["held"],
                    "median_hours_to_acknowledge": _hours(row["acknowledge"]),
                    "median_hours_to_resolve": _hours(row["resolve"]),
                    "escalated_share": row["escalated_share"],
                }
                for row in tiers
            ],
            "weeks": [
                {**row, "median_hours_to_resolve": _hours(row.pop("median_to_resolve"))} for row in weeks
            ],
        }
        return Response(s.SummarySerializer(body).data)


class EscalationPolicyView(GenericAPIView):
    """Your network's escalation policy: per severity, how long each holding team has to acknowledge
    and to resolve; and the working calendar those times count in. Network admins may replace it."""

    serializer_class = s.PolicySerializer
    schema = ApiSchema()

    def _network(self):
        network = self.request.user.network
        return permissions.require(self.request.user, network) if network is not None else None

    def get_object(self):
        # The policy is the network's: OPTIONS (DRF's metadata) asks for the object a PUT would
        # replace, and a GenericAPIView without a queryset would fail its own assertion there.
        network = self._network()
        if network is None:
            raise Http404("You are not in a network.")
        return network

    def _body(self, network):
        hours = WorkingHours.objects.filter(network=network).first() or WorkingHours(network=network)
        return {
            "rules": [
                {
                    "severity": severity,
                    "acknowledge_within": rule.acknowledge_within,
                    "resolve_within": rule.resolve_within,
                    "count_every_hour": rule.count_every_hour,
                }
                for severity, _label, rule in selectors.policy_rows(network)
            ],
            "working_hours": {
                "weekdays": sorted(hours.weekday_set),
                "day_starts": hours.day_starts,
                "day_ends": hours.day_ends,
            },
            "closed_periods": list(ClosedPeriod.objects.filter(network=network)),
        }

    def get(self, request):
        network = self.get_object()
        return Response(self.get_serializer(self._body(network)).data)

    def put(self, request):
        network = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = data.validated_data
        rules = {
            rule["severity"]: Rule(
                rule["acknowledge_within"], rule["resolve_within"], rule["count_every_hour"]
            )
            for rule in policy["rules"]
        }
        hours = policy["working_hours"]
        services.set_policy(
            network=network,
            by=request.user,
            rules=rules,
            weekdays=set(hours["weekdays"]),
            day_starts=hours["day_starts"],
            day_ends=hours["day_ends"],
            closed=[(p["starts_on"], p["ends_on"], p["name"], p["kind"]) for p in policy["closed_periods"]],
        )
        return Response(self.get_serializer(self._body(network)).data)


ROUTES = [("flags", FlagViewSet, "api-flag")]
PATHS = [path("escalation-policy/", EscalationPolicyView.as_view(), name="api-escalation-policy")]
