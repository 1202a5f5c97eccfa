"""The change ideas' API: the ideas PDSA cycles test, and the secondary drivers they serve.

Deleting an idea that cycles test is refused by the service (``ChangeIdeaInUse``), which the API's
error handler answers 409 with the reason: archive it instead.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from playbook.api.errors import ErrorSerializer
from theory import selectors, services
from theory import serializers as s
from theory.api.common import Listing, TheoryViewSet
from theory.models import ChangeIdea, ChangeIdeaLink


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class ChangeIdeaViewSet(*Listing, TheoryViewSet):
    """The change ideas PDSA cycles test. Anyone in the team proposes one; whoever shapes the focus
    area edits, links, archives and deletes them. ``status`` comes from the cycles, never from here."""

    model = ChangeIdea
    serializer_class = s.ChangeIdeaSerializer
    object_actions = {}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("driver_links")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "cycle_counts": getattr(self, "cycle_counts", {})}

    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self.cycle_counts = selectors.cycle_counts([idea.pk for idea in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        idea = self.get_object()
        self.cycle_counts = selectors.cycle_counts([idea.pk])
        return Response(self.get_serializer(idea).data)

    def create(self, request):
        data = self.validated()
        idea = services.create_change_idea(
            focus_area=data["focus_area"], by=request.user, title=data["title"],
            description=data.get("description", ""), drivers=data.get("serves", []),
        )  # fmt: skip
        return self.created(idea)

    def partial_update(self, request, pk=None):
        idea = self.get_object()
        fields = {k: v for k, v in self.validated(idea).items() if k in ("title", "description")}
        services.update_change_idea(change_idea=idea, by=request.user, **fields)
        return self.retrieve(request, pk)

    @extend_schema(
        responses={204: None, 409: OpenApiResponse(ErrorSerializer, description="PDSA cycles test it.")}
    )
    def destroy(self, request, pk=None):
        services.delete_change_idea(change_idea=self.get_object(), by=request.user)
        return self.deleted()

    @extend_schema(request=None, responses=s.ChangeIdeaSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Take the idea off the diagram; the cycles that test it keep pointing at it."""
        services.archive_change_idea(change_idea=self.get_object(), by=request.user, archived=True)
        return self.retrieve(request, pk)

    @extend_schema(request=None, responses=s.ChangeIdeaSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Put an archived idea back on the diagram."""
        services.archive_change_idea(change_idea=self.get_object(), by=request.user, archived=False)
        return self.retrieve(request, pk)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class ChangeIdeaLinkViewSet(*Listing, TheoryViewSet):
    """ "This change idea serves that secondary driver." An idea may serve several."""

    model = ChangeIdeaLink
    serializer_class = s.ChangeIdeaLinkSerializer

    def create(self, request):
        return self.created(services.link_change_idea(by=request.user, **self.validated()))

    def destroy(self, request, pk=None):
        services.unlink_change_idea(link=self.get_object(), by=request.user)
        return self.deleted()
