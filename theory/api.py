"""The theory API: 5 Whys, fishbones, driver diagrams, change ideas, their links and their history.

Same conventions as ``playbook.api``: lists start from ``visible_theory`` (another
team's node by id is a 404), every write is one service call in one transaction, and the services
decide who may change what (403), the diagram's rules (400 with the reason) and record the history.
Deleting a change idea that PDSA cycles test answers 409 with the reason: archive it instead.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from measures.models import FocusArea
from measures.permissions import visible_focus_areas
from playbook.api.errors import Conflict, ErrorSerializer
from playbook.api.views import PlaybookViewSet
from theory import selectors, services
from theory import serializers as s
from theory.models import (
    Cause,
    ChangeIdea,
    ChangeIdeaLink,
    Driver,
    DriverLink,
    Fishbone,
    FishboneCategory,
    RootCauseLink,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)
from theory.permissions import visible_theory

SVG = OpenApiResponse(OpenApiTypes.STR, description="The diagram as an SVG document (image/svg+xml).")
AS_OF = extend_schema(parameters=[s.AsOfSerializer])


def _as_of(request, focus_area: FocusArea):
    params = {k: v for k, v in request.query_params.items() if k == "as_of" and v != ""}
    checked = s.AsOfSerializer(data=params)
    checked.is_valid(raise_exception=True)
    if "as_of_day" in checked.validated_data:
        return selectors.end_of_day(focus_area, checked.validated_data["as_of_day"])
    return checked.validated_data.get("as_of")


def _svg(markup: str) -> HttpResponse:
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + markup, content_type="image/svg+xml")


class TheoryViewSet(PlaybookViewSet):
    """Fetches any node the requester may see; the service called decides whether they may change it."""

    model = None
    object_actions: dict = {}
    filter_serializer_class = s.NodeFilterSerializer

    def get_queryset(self):
        rows = visible_theory(self.request.user, self.model)
        return rows.select_related("focus_area__team__network").order_by("pk")

    def apply_filters(self, queryset, filters):
        if "focus_area" in filters:
            queryset = queryset.filter(focus_area_id=filters["focus_area"])
        return queryset

    def created(self, node):
        node = self.get_queryset().get(pk=node.pk)
        return Response(self.get_serializer(node).data, status=status.HTTP_201_CREATED)

    def refreshed(self, node):
        return Response(self.get_serializer(self.get_queryset().get(pk=node.pk)).data)


Listing = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


# --- Driver diagram ----------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class DriverViewSet(*Listing, TheoryViewSet):
    """Primary and secondary drivers. Whoever may shape the focus area (its owner, the team's lead,
    leaders above) adds, renames (``text``), moves (``position``) and deletes them."""

    model = Driver
    serializer_class = s.DriverSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        driver = services.add_driver(
            focus_area=data["focus_area"], by=request.user, kind=data["kind"], text=data["text"]
        )
        if "position" in data:
            services.move_driver(driver=driver, by=request.user, to=data["position"])
        return self.created(driver)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        driver = self.get_object()
        serializer = self.get_serializer(driver, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "text" in data:
            services.rename_driver(driver=driver, by=request.user, text=data["text"])
        if "position" in data:
            services.move_driver(driver=driver, by=request.user, to=data["position"])
        return self.refreshed(driver)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_driver(driver=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class DriverLinkViewSet(*Listing, TheoryViewSet):
    """ "This secondary driver serves that primary one." Links stay within one focus area and point
    towards the aim, so a diagram never loops."""

    model = DriverLink
    serializer_class = s.DriverLinkSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = services.link_drivers(by=request.user, **serializer.validated_data)
        return self.created(link)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.unlink_drivers(link=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        idea = services.create_change_idea(
            focus_area=data["focus_area"], by=request.user, title=data["title"],
            description=data.get("description", ""), drivers=data.get("serves", []),
        )  # fmt: skip
        return self.created(idea)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        idea = self.get_object()
        serializer = self.get_serializer(idea, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k in ("title", "description")}
        services.update_change_idea(change_idea=idea, by=request.user, **fields)
        return self.retrieve(request, pk)

    @extend_schema(
        responses={204: None, 409: OpenApiResponse(ErrorSerializer, description="PDSA cycles test it.")}
    )
    @transaction.atomic
    def destroy(self, request, pk=None):
        try:
            services.delete_change_idea(change_idea=self.get_object(), by=request.user)
        except ValidationError as error:
            if error.code == "protected":
                raise Conflict(" ".join(error.messages)) from None
            raise
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.ChangeIdeaSerializer)
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def archive(self, request, pk=None):
        """Take the idea off the diagram; the cycles that test it keep pointing at it."""
        services.archive_change_idea(change_idea=self.get_object(), by=request.user, archived=True)
        return self.retrieve(request, pk)

    @extend_schema(request=None, responses=s.ChangeIdeaSerializer)
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def restore(self, request, pk=None):
        """Put an archived idea back on the diagram."""
        services.archive_change_idea(change_idea=self.get_object(), by=request.user, archived=False)
        return self.retrieve(request, pk)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class ChangeIdeaLinkViewSet(*Listing, TheoryViewSet):
    """ "This change idea serves that secondary driver." An idea may serve several."""

    model = ChangeIdeaLink
    serializer_class = s.ChangeIdeaLinkSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = services.link_change_idea(by=request.user, **serializer.validated_data)
        return self.created(link)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.unlink_change_idea(link=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class RootCauseLinkViewSet(*Listing, TheoryViewSet):
    """A root cause (a 5 Whys step marked as root cause, or a fishbone cause) and the driver that
    addresses it."""

    model = RootCauseLink
    serializer_class = s.RootCauseLinkSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        link = services.link_root_cause(
            driver=data["driver"], by=request.user, why_step=data.get("why_step"), cause=data.get("cause")
        )
        return self.created(link)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.unlink_root_cause(link=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DriverDiagramViewSet(TheoryViewSet):
    """A focus area's whole driver diagram (by the focus area's id), today or as it stood then."""

    serializer_class = s.DriverDiagramSerializer
    filter_serializer_class = None

    def get_queryset(self):
        return visible_focus_areas(self.request.user).select_related("team__network")

    @AS_OF
    def retrieve(self, request, pk=None):
        focus_area = self.get_object()
        moment = _as_of(request, focus_area)
        diagram = selectors.driver_diagram(focus_area, as_of=moment)
        diagram.focus_area, diagram.as_of = focus_area.pk, moment
        return Response(self.get_serializer(diagram).data)

    @extend_schema(parameters=[s.AsOfSerializer], responses={(200, "image/svg+xml"): SVG.response})
    @action(detail=True, methods=["get"])
    def svg(self, request, pk=None):
        focus_area = self.get_object()
        diagram = selectors.driver_diagram(focus_area, as_of=_as_of(request, focus_area))
        return _svg(diagram.svg(title=f"Driver diagram: {focus_area.title}"))


# --- Fishbone ----------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class FishboneViewSet(*Listing, TheoryViewSet):
    """One fishbone per focus area. Anyone in the team starts it; whoever shapes the focus area
    changes its ``effect``. ``GET .../diagram/`` gives the whole diagram with causes and votes."""

    model = Fishbone
    serializer_class = s.FishboneSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fishbone = services.start_fishbone(
            focus_area=data["focus_area"], by=request.user, effect=data.get("effect", ""),
            categories=data.get("categories"),
        )  # fmt: skip
        return self.created(fishbone)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        fishbone = self.get_object()
        serializer = self.get_serializer(fishbone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "effect" in serializer.validated_data:
            services.update_fishbone(
                fishbone=fishbone, by=request.user, effect=serializer.validated_data["effect"]
            )
        return self.refreshed(fishbone)

    @extend_schema(parameters=[s.AsOfSerializer], responses=s.FishboneDiagramSerializer)
    @action(detail=True, methods=["get"])
    def diagram(self, request, pk=None):
        fishbone = self.get_object()
        moment = _as_of(request, fishbone.focus_area)
        drawn = selectors.fishbone_diagram(fishbone.focus_area, user=request.user, as_of=moment)
        if drawn is None:
            raise Conflict("The fishbone had not been started then.")
        drawn.focus_area, drawn.as_of = fishbone.focus_area_id, moment
        return Response(s.FishboneDiagramSerializer(drawn).data)

    @extend_schema(parameters=[s.AsOfSerializer], responses={(200, "image/svg+xml"): SVG.response})
    @action(detail=True, methods=["get"])
    def svg(self, request, pk=None):
        fishbone = self.get_object()
        drawn = selectors.fishbone_diagram(fishbone.focus_area, as_of=_as_of(request, fishbone.focus_area))
        if drawn is None:
            raise Conflict("The fishbone had not been started then.")
        return _svg(drawn.svg(title=f"Fishbone: {drawn.effect}"))


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class FishboneCategoryViewSet(*Listing, TheoryViewSet):
    """The bones of a fishbone. Whoever shapes the focus area adds, renames, moves and deletes them;
    a category that still holds causes is not deleted."""

    model = FishboneCategory
    serializer_class = s.FishboneCategorySerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = services.add_category(fishbone=data["fishbone"], by=request.user, name=data["name"])
        if "position" in data:
            services.move_category(category=category, by=request.user, to=data["position"])
        return self.created(category)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        category = self.get_object()
        serializer = self.get_serializer(category, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "fishbone" in data and data["fishbone"].pk != category.fishbone_id:
            raise ValidationError({"fishbone": "A category stays on its fishbone."})
        if "name" in data:
            services.rename_category(category=category, by=request.user, name=data["name"])
        if "position" in data:
            services.move_category(category=category, by=request.user, to=data["position"])
        return self.refreshed(category)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_category(category=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class CauseViewSet(*Listing, TheoryViewSet):
    """Causes and sub-causes. Anyone in the team adds them and votes; their author and whoever shapes
    the focus area reword, move and delete them."""

    model = Cause
    serializer_class = s.CauseSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("votes")

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cause = services.add_cause(
            category=data["category"], by=request.user, text=data["text"], parent=data.get("parent")
        )
        if "position" in data:
            services.move_cause(cause=cause, by=request.user, to=data["position"])
        return self.created(cause)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        cause = self.get_object()
        serializer = self.get_serializer(cause, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "parent" in data and getattr(data["parent"], "pk", None) != cause.parent_id:
            raise ValidationError({"parent": "A sub-cause stays under its cause."})
        if "text" in data:
            services.update_cause(cause=cause, by=request.user, text=data["text"])
        if "category" in data and data["category"].pk != cause.category_id:
            services.move_cause(cause=cause, by=request.user, category=data["category"])
        if "position" in data:
            services.move_cause(cause=cause, by=request.user, to=data["position"])
        return self.refreshed(cause)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_cause(cause=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None, responses=s.CauseSerializer, methods=["POST"], description="Vote for it (once)."
    )
    @extend_schema(
        request=None, responses=s.CauseSerializer, methods=["DELETE"], description="Take the vote back."
    )
    @action(detail=True, methods=["post", "delete"])
    @transaction.atomic
    def vote(self, request, pk=None):
        cause = self.get_object()
        if request.method == "POST":
            services.vote(cause=cause, by=request.user)
        else:
            services.unvote(cause=cause, by=request.user)
        return self.refreshed(cause)


# --- 5 Whys ------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class WhyAnalysisViewSet(*Listing, TheoryViewSet):
    """A 5 Whys: a problem statement and who takes part. Anyone in the team starts one; the people
    taking part (and whoever shapes the focus area) edit it. ``GET .../chains/`` gives it whole."""

    model = WhyAnalysis
    serializer_class = s.WhyAnalysisSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants")

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        analysis = services.start_why_analysis(
            focus_area=data["focus_area"], by=request.user, problem=data["problem"],
            participants=data.get("participants", []),
        )  # fmt: skip
        return self.created(analysis)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        analysis = self.get_object()
        serializer = self.get_serializer(analysis, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_why_analysis(
            analysis=analysis,
            by=request.user,
            problem=data.get("problem"),
            participants=data.get("participants"),
        )
        return self.refreshed(analysis)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_why_analysis(analysis=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[s.AsOfSerializer], responses=s.WhyAnalysisDetailSerializer)
    @action(detail=True, methods=["get"])
    def chains(self, request, pk=None):
        analysis = self.get_object()
        moment = _as_of(request, analysis.focus_area)
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

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chain = services.add_why_chain(by=request.user, **serializer.validated_data)
        return self.created(chain)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_why_chain(chain=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class WhyStepViewSet(*Listing, TheoryViewSet):
    """One "why?" and its "because". Reorder with ``position``; mark the last step of a chain as its
    root cause with ``is_root_cause``."""

    model = WhyStep
    serializer_class = s.WhyStepSerializer

    @transaction.atomic
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        step = services.add_why_step(
            chain=data["chain"], by=request.user, why=data["why"], because=data["because"]
        )
        return self.created(step)

    @transaction.atomic
    def partial_update(self, request, pk=None):
        step = self.get_object()
        serializer = self.get_serializer(step, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "why" in data or "because" in data:
            services.update_why_step(
                step=step, by=request.user, why=data.get("why"), because=data.get("because")
            )
        if data.get("is_root_cause") is False:
            services.mark_root_cause(step=step, by=request.user, is_root_cause=False)
        if "position" in data:
            services.move_why_step(step=step, by=request.user, to=data["position"])
        if data.get("is_root_cause"):
            services.mark_root_cause(step=step, by=request.user, is_root_cause=True)
        return self.refreshed(step)

    @transaction.atomic
    def destroy(self, request, pk=None):
        services.delete_why_step(step=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- History -----------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[s.TheoryEventFilterSerializer]))
class TheoryEventViewSet(*Listing, TheoryViewSet):
    """Every change to a theory, newest first: who, what, when, and the node before and after."""

    model = TheoryEvent
    serializer_class = s.TheoryEventSerializer
    filter_serializer_class = s.TheoryEventFilterSerializer

    def get_queryset(self):
        return visible_theory(self.request.user, TheoryEvent).order_by("-at", "-id")

    def apply_filters(self, queryset, filters):
        queryset = super().apply_filters(queryset, filters)
        if "diagram" in filters:
            queryset = queryset.filter(diagram=filters["diagram"])
        return queryset


ROUTES = [
    ("why-analyses", WhyAnalysisViewSet, "api-why-analysis"),
    ("why-chains", WhyChainViewSet, "api-why-chain"),
    ("why-steps", WhyStepViewSet, "api-why-step"),
    ("fishbones", FishboneViewSet, "api-fishbone"),
    ("fishbone-categories", FishboneCategoryViewSet, "api-fishbone-category"),
    ("causes", CauseViewSet, "api-cause"),
    ("drivers", DriverViewSet, "api-driver"),
    ("driver-links", DriverLinkViewSet, "api-driver-link"),
    ("change-ideas", ChangeIdeaViewSet, "api-change-idea"),
    ("change-idea-links", ChangeIdeaLinkViewSet, "api-change-idea-link"),
    ("root-cause-links", RootCauseLinkViewSet, "api-root-cause-link"),
    ("driver-diagrams", DriverDiagramViewSet, "api-driver-diagram"),
    ("theory-events", TheoryEventViewSet, "api-theory-event"),
]

PATHS: list = []
