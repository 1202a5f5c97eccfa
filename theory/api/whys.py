"""The 5 Whys' API: analyses (a problem and who takes part), their chains of whys, and the steps."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from playbook.api.errors import Conflict
from theory import selectors, services
from theory import serializers as s
from theory.api.common import NOT_STARTED, Listing, TheoryViewSet, as_of
from theory.models import WhyAnalysis, WhyChain, WhyStep


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class WhyAnalysisViewSet(*Listing, TheoryViewSet):
    """A 5 Whys: a problem statement and who takes part. Anyone in the team starts one; the people
    taking part (and whoever shapes the focus area) edit it. ``GET .../chains/`` gives it whole."""

    model = WhyAnalysis
    serializer_class = s.WhyAnalysisSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants")

    def create(self, request):
        data = self.validated()
        analysis = services.start_why_analysis(
            focus_area=data["focus_area"], by=request.user, problem=data["problem"],
            participants=data.get("participants", []),
        )  # fmt: skip
        return self.created(analysis)

    def partial_update(self, request, pk=None):
        analysis = self.get_object()
        data = self.validated(analysis)
        services.update_why_analysis(
            analysis=analysis, by=request.user, problem=data.get("problem"),
            participants=data.get("participants"),
        )  # fmt: skip
        return self.refreshed(analysis)

    def destroy(self, request, pk=None):
        services.delete_why_analysis(analysis=self.get_object(), by=request.user)
        return self.deleted()

    @extend_schema(
        parameters=[s.AsOfSerializer], responses={200: s.WhyAnalysisDetailSerializer, 409: NOT_STARTED}
    )
    @action(detail=True, methods=["get"])
    def chains(self, request, pk=None):
        analysis = self.get_object()
        moment = as_of(request, analysis.focus_area)
        found = [a for a in selectors.why_analyses(analysis.focus_area, as_of=moment) if a.id == analysis.pk]
        if not found:
            raise Conflict("This 5 Whys had not been started then.")
        found[0].focus_area, found[0].as_of = analysis.focus_area_id, moment
        return Response(s.WhyAnalysisDetailSerializer(found[0]).data)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class WhyChainViewSet(*Listing, TheoryViewSet):
    """A chain of whys; it starts with its first question and answer."""

    model = WhyChain
    serializer_class = s.WhyChainSerializer

    def create(self, request):
        return self.created(services.add_why_chain(by=request.user, **self.validated()))

    def destroy(self, request, pk=None):
        services.delete_why_chain(chain=self.get_object(), by=request.user)
        return self.deleted()


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class WhyStepViewSet(*Listing, TheoryViewSet):
    """One "why?" and its "because". Reorder with ``position``; mark the last step of a chain as its
    root cause with ``is_root_cause``."""

    model = WhyStep
    serializer_class = s.WhyStepSerializer

    def create(self, request):
        data = self.validated()
        step = services.add_why_step(
            chain=data["chain"], by=request.user, why=data["why"], because=data["because"]
        )
        return self.created(step)

    def partial_update(self, request, pk=None):
        step = self.get_object()
        data = self.validated(step)
        services.update_why_step(
            step=step, by=request.user, why=data.get("why"), because=data.get("because"),
            position=data.get("position"), is_root_cause=data.get("is_root_cause"),
        )  # fmt: skip
        return self.refreshed(step)

    def destroy(self, request, pk=None):
        services.delete_why_step(step=self.get_object(), by=request.user)
        return self.deleted()
