"""The project's URLs plus ``/_trivial/``: the smallest Django JSON view, through every middleware,
that ``bench/load.py`` measures each page against in the same run."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


@login_not_required
def trivial(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("_trivial/", trivial), *project_urlpatterns]
