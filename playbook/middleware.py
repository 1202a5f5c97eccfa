import logging

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from playbook.api.errors import DATABASE_DOWN, RETRY_AFTER, ServiceUnavailable, error_body

log = logging.getLogger(__name__)


def database_unavailable(request, exc: Exception) -> HttpResponse:
    """503, not a 500: the API's one error shape, or a plain page that needs no database.

    The page is rendered without the request, so no context processor runs (they look up the
    person's teams and notifications) and nothing else can fail on the way out.
    """
    log.warning("The database is not answering (%s %s): %s", request.method, request.path, exc)
    if request.path_info.startswith("/api/"):
        response = JsonResponse(error_body(ServiceUnavailable(), 503), status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that finds the database down answers ``database_unavailable``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request, exception)
        return None


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in person unless its view says otherwise (fails closed).

    The API is left to Django REST framework, which authenticates tokens as well as sessions and
    answers 401/403 in JSON instead of redirecting to the login page; its default permission
    class requires authentication, so it fails closed too.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        try:
            return super().process_view(request, view_func, view_args, view_kwargs)
        except DATABASE_DOWN as exc:
            # Finding out who is signed in reads the session and the user: the first query of most
            # requests, made here before any view, where no process_exception would see it fail.
            return database_unavailable(request, exc)
