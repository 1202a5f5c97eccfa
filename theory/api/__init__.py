"""The theory API: 5 Whys, fishbones, driver diagrams, change ideas, their links and their history.

Same conventions as ``playbook.api``: lists start from ``visible_theory`` (another team's node by id
is a 404) and every write is one service call. The service commits all of it or nothing, decides
who may change what (403) and the diagram's rules (400 with the reason), and records the history.
Deleting a change idea that PDSA cycles test answers 409 with the reason: archive it instead.

One module per tool; this one gathers their ``ROUTES`` for ``config.api_urls``.
"""

from theory.api.change_ideas import ChangeIdeaLinkViewSet, ChangeIdeaViewSet
from theory.api.drivers import DriverDiagramViewSet, DriverLinkViewSet, DriverViewSet, RootCauseLinkViewSet
from theory.api.fishbone import CauseViewSet, FishboneCategoryViewSet, FishboneViewSet
from theory.api.history import TheoryEventViewSet
from theory.api.whys import WhyAnalysisViewSet, WhyChainViewSet, WhyStepViewSet

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
