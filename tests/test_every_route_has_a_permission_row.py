"""Every named route has a row in some app's permission table (after Zulip's test_openapi).

Walks the project's URL resolver (pages from config/urls.py and the API under /api/v1/ from
config/api_urls.py) and fails naming each route that no table in tests/support/tables/ covers, each
exemption that no longer matches a route, and each row whose route is gone.
"""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests.support.tables

# Routes that need no row, each with why.
EXEMPT = {
    "healthz": "the load balancer's probe; public on purpose, tested in tests/playbook/test_health.py",
    "api-unknown": "the API's catch-all 404 for unknown paths, tested in tests/playbook/test_api.py",
    "api-schema": "drf-spectacular's generated schema, not our view",
    "api-docs": "drf-spectacular's Swagger page, not our view",
    # accounts/: Django's own auth views (django.contrib.auth.urls), public by design.
    "login": "Django's auth view",
    "logout": "Django's auth view",
    "password_change": "Django's auth view",
    "password_change_done": "Django's auth view",
    "password_reset": "Django's auth view",
    "password_reset_done": "Django's auth view",
    "password_reset_confirm": "Django's auth view",
    "password_reset_complete": "Django's auth view",
    # sso/: allauth's provider flow; it needs a configured provider, so the browser journeys in
    # tests/browser/test_school_account_sign_in.py walk it against a real one.
    "openid_connect_login": "allauth's provider sign-in, public by design",
    "openid_connect_callback": "allauth's provider callback, public by design",
}
# URL namespaces that need no rows: the Django admin is Django's, behind is_staff.
EXEMPT_NAMESPACES = {"admin": "Django's admin site, behind is_staff"}


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def named_routes() -> dict[str, str]:
    routes, unnamed = {}, []
    for route, name in _patterns(get_resolver().url_patterns):
        if name is None:
            unnamed.append(route)
        else:
            routes.setdefault(name, route)
    assert not unnamed, f"Give these routes a name so a permission row can point at them: {unnamed}"
    return routes


def table_rows():
    package = tests.support.tables
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        yield from ((info.name, row) for row in module.ROWS)


def test_every_named_route_has_a_permission_row():
    covered = {row.url_name for _, row in table_rows()}
    missing = sorted(
        f"{name}  ({route})"
        for name, route in named_routes().items()
        if name not in EXEMPT and name not in covered
    )
    assert not missing, "Routes without a row in tests/support/tables/<app>.py:\n" + "\n".join(missing)


def test_every_exemption_names_a_route_that_exists():
    assert not sorted(set(EXEMPT) - set(named_routes()))


def test_every_row_names_a_route_that_exists():
    routes = named_routes()
    stale = sorted(f"{app}: {row.id}" for app, row in table_rows() if row.url_name not in routes)
    assert not stale, "Rows for routes that no longer exist:\n" + "\n".join(stale)


def test_no_row_is_written_twice():
    seen, twice = set(), []
    for app, row in table_rows():
        if (row.url_name, row.method, row.note) in seen:
            twice.append(f"{app}: {row.id}")
        seen.add((row.url_name, row.method, row.note))
    assert not twice, twice
