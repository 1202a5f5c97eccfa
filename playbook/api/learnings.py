"""``GET /api/v1/learnings/``: "What we learned" for scripts, the same search as the page
(``playbook.learnings``) under the same visibility rules, paginated like every list
(``count``, ``next``, ``previous``, ``results``; ``?page=`` and ``?page_size=``)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from playbook import learnings
from playbook.api.errors import ApiSchema
from playbook.learning_forms import Q_MAX


class LearningFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Q_MAX,
        help_text='Words to find (web-search syntax: "a phrase", -without, or). Empty: the newest first.',
    )
    kind = serializers.ChoiceField(
        choices=[("cycle", "cycle"), ("flag", "flag"), ("meeting", "meeting")], required=False
    )
    team = serializers.IntegerField(required=False, min_value=1)
    focus_area = serializers.IntegerField(required=False, min_value=1)
    change_idea = serializers.IntegerField(required=False, min_value=1)
    since = serializers.DateField(required=False, help_text="On or after this day (YYYY-MM-DD).")
    until = serializers.DateField(required=False, help_text="On or before this day (YYYY-MM-DD).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds are whatever the apps registered (the schema above names today's three).
        self.fields["kind"].choices = [kind for kind, _ in learnings.kind_choices()]

    def validate(self, attrs):
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until < since:
            raise serializers.ValidationError({"until": ["The end of the range comes before its start."]})
        return attrs

    def search(self) -> learnings.Search:
        return learnings.Search(**{"q": "", "kind": "", **self.validated_data})


class LearningSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="cycle, flag or meeting.")
    id = serializers.IntegerField(help_text="The cycle's, the flag's or the meeting's id.")
    title = serializers.CharField()
    snippet = serializers.CharField(
        help_text="The text around the match, HTML-escaped, with the matched words in <mark>…</mark>."
    )
    url = serializers.CharField(help_text="The page of the learning.")
    team = serializers.CharField()
    date = serializers.DateField(allow_null=True)


class LearningListView(GenericAPIView):
    """Learnings across the network that you may see — PDSA studies and decisions, resolved flags,
    huddle decisions and notes — best match first (newest first without ``q``)."""

    serializer_class = LearningSerializer
    schema = ApiSchema()

    @extend_schema(parameters=[LearningFilterSerializer], responses=LearningSerializer(many=True))
    def get(self, request):
        params = LearningFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = self.paginate_queryset(learnings.search(request.user, params.search()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


ROUTES = []
PATHS = [path("learnings/", LearningListView.as_view(), name="api-learnings")]
