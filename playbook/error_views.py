"""Error pages Django's defaults get wrong for Playbook.

A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` reaches Django as a ``RequestDataTooBig``, which it answers
with its bare 400 page. It is a 413 (the request was well-formed, only too large), said in words on a
page and in the API's error format under ``/api/`` (for the few that are read before DRF gets them).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from playbook.api.errors import RequestTooLarge, error_body


def bad_request(request, exception):
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    limit_mb = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000:.1f}"
    if request.path_info.startswith("/api/"):
        too_large = RequestTooLarge(f"The request body is larger than {limit_mb} MB.")
        return JsonResponse(error_body(too_large, 413), status=413)
    return HttpResponse(render_to_string("413.html", {"limit_mb": limit_mb}), status=413)
