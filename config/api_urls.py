"""``/api/v1/``: every app's routes, gathered here. Each app's API module offers ``ROUTES`` (viewsets
for the router: prefix, viewset, basename) and ``PATHS`` (plain views); the core knows none of them."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from andon import api as andon_api
from cycles import agenda_api as cycles_agenda_api
from cycles import api as cycles_api
from cycles import progress_api as cycles_progress_api
from huddles import api as huddles_api
from measures import api as measures_api
from measures import glance_api as measures_glance_api
from measures import group_api as measures_group_api
from measures import shared_api as measures_shared_api
from playbook.api import charters as charters_api
from playbook.api import learnings as learnings_api
from playbook.api import values as core_values_api
from playbook.api import views as core_api
from theory import api as theory_api

API_MODULES = [
    core_api,
    core_values_api,
    learnings_api,
    charters_api,
    measures_api,
    measures_group_api,
    measures_glance_api,
    measures_shared_api,
    theory_api,
    cycles_api,
    cycles_agenda_api,
    cycles_progress_api,
    andon_api,
    huddles_api,
]

router = SimpleRouter()
for module in API_MODULES:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    # Plain paths first: "cycles/export.csv" must win over the router's "cycles/<pk>/".
    *(entry for module in API_MODULES for entry in module.PATHS),
    *router.urls,
    # Last, so only paths nothing else answers reach it; without a trailing slash Django first
    # redirects to the slashed path (APPEND_SLASH), which then lands here.
    re_path(r"^(?:.*/)?$", core_api.NoSuchEndpoint.as_view(), name="api-unknown"),
]
