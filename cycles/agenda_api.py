"""``/api/v1/learning-goals/``: the learning agenda with each goal's progress, through the same
selector and services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cycles import agenda as selectors
from cycles import agenda_serializers as s
from cycles.services import agenda as services
from playbook import permissions
from playbook.api.views import PlaybookViewSet
from playbook.clock import today


@extend_schema_view(list=extend_schema(parameters=[s.LearningGoalFilterSerializer]))
class LearningGoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """The hub's and clusters' learning goals, each with progress from the cycles that serve it
    (counted over the cycles the requester may see). Everyone in the network reads them; the goal's
    team's leads, the leaders above and the admin write them."""

    serializer_class = s.LearningGoalSerializer
    filter_serializer_class = s.LearningGoalFilterSerializer
    object_actions = {**PlaybookViewSet.object_actions, "move": permissions.CHANGE}

    def get_queryset(self):
        return selectors.with_links(selectors.visible_learning_goals(self.request.user)).order_by(
            "-team__kind", "team__name", "position", "pk"
        )

    def get_serializer_class(self):
        return s.LearningGoalUpdateSerializer if self.action == "partial_update" else s.LearningGoalSerializer

    def apply_filters(self, queryset, filters):
        if "team" in filters:
            queryset = queryset.filter(team_id=filters["team"])
        return selectors.in_period(queryset, filters.get("period", "current"), today())

    def list(self, request):
        goals = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(goals)
        data = self._serializer(list(goals if page is None else page), many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        return Response(self._serializer(self.get_object()).data)

    def _serializer(self, goals, many=False):
        rows = selectors.agenda_rows(self.request.user, goals if many else [goals])
        context = {**self.get_serializer_context(), "rows": {row.goal.pk: row for row in rows}}
        return s.LearningGoalSerializer(goals, many=many, context=context)

    def _fresh(self, goal):
        return self.get_queryset().get(pk=goal.pk)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = services.create_learning_goal(by=request.user, **serializer.validated_data)
        return Response(self._serializer(self._fresh(goal)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        goal = self.get_object()
        serializer = self.get_serializer(goal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        goal = services.update_learning_goal(goal=goal, by=request.user, **serializer.validated_data)
        return Response(self._serializer(self._fresh(goal)).data)

    def destroy(self, request, pk=None):
        services.delete_learning_goal(goal=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.LearningGoalMoveSerializer, responses=s.LearningGoalSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        goal = self.get_object()
        serializer = s.LearningGoalMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = services.move_learning_goal(
            goal=goal, by=request.user, to=serializer.validated_data["position"]
        )
        return Response(self._serializer(self._fresh(goal)).data)


ROUTES = [("learning-goals", LearningGoalViewSet, "api-learning-goal")]
PATHS = []
