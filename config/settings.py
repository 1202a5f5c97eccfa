"""Playbook settings, read from environment variables.

With nothing set, Playbook runs on its embedded default: SQLite and a file-system Celery broker
under ``var/``, so one command starts it on a laptop. Set ``DATABASE_URL`` and ``REDIS_URL`` to
run on PostgreSQL and Redis, the production pair.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
VAR_DIR = Path(env.str("PLAYBOOK_VAR_DIR", default=str(BASE_DIR / "var")))

EMBEDDED = "DATABASE_URL" not in env

# The embedded default is a developer's laptop; anything configured with a real database must
# say DEBUG=true to get debug pages.
DEBUG = env.bool("DEBUG", default=EMBEDDED)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-playbook-embedded-default-only-for-a-laptop"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    # Sign-in with the school's account (see "Sign in with the school's account" below).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "playbook",
    "measures",
    "theory",
    "cycles",
    "andon",
    "huddles",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-allauth asks for it: it ends a half-finished school-account sign-in left mid-way.
    "allauth.account.middleware.AccountMiddleware",
    "playbook.middleware.LoginRequiredMiddleware",
    "playbook.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "playbook.context_processors.shell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "playbook.sqlite3",
            # A worker and the web process share the file: wait rather than fail on a lock.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A page's queries are short, but a leader's over a state's 500,000 flags are costed high enough
    # for PostgreSQL to compile them (JIT): a second of compiling for a few ms of work. PG_JIT=true
    # gives PostgreSQL's default back (for reporting jobs run elsewhere).
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool("PG_JIT", default=False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "playbook.User"

# Axes first: it refuses a locked-out username and address before any password is checked. Then
# passwords, through django-allauth's backend (as its docs ask) with the network's "local passwords"
# switch (playbook/sign_in.py): the one backend that checks a password, for the sign-in page, the
# admin's and the API's token alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "playbook.sign_in.PasswordBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sign in with the school account (OpenID Connect; playbook/school_accounts.py) ----------------
# django-allauth rather than mozilla-django-oidc: allauth's generic ``openid_connect`` provider takes
# several providers at once, each found by its discovery URL (a district whose schools are on Google
# Workspace and Microsoft Entra ID alike), where mozilla-django-oidc is built around one provider.
# Each is named in OIDC_PROVIDERS and configured by OIDC_<NAME>_* variables, e.g.
#   OIDC_PROVIDERS=google,microsoft
#   OIDC_GOOGLE_CLIENT_ID=…  OIDC_GOOGLE_SECRET=…  OIDC_GOOGLE_SERVER_URL=https://accounts.google.com
#   OIDC_GOOGLE_NAME=Google  (the button says "Sign in with Google")
#   OIDC_MICROSOFT_SERVER_URL=https://login.microsoftonline.com/<tenant id>/v2.0
#   OIDC_MICROSOFT_EMAILS_VERIFIED=true  (Entra ID sends no email_verified claim: trust the tenant's
#   addresses; only for a single-tenant app, whose addresses the school's own IT hands out)
# Configured here, never as SocialApp rows in the database. With none, sign-in is by password only.
OIDC_PROVIDERS = env.list("OIDC_PROVIDERS", default=[])


def _oidc_app(name: str) -> dict:
    prefix = f"OIDC_{name.upper().replace('-', '_')}_"
    missing = [
        f"{prefix}{key}" for key in ("CLIENT_ID", "SECRET", "SERVER_URL") if f"{prefix}{key}" not in env
    ]
    if missing:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS names {name!r}; set {', '.join(missing)}.")
    return {
        "provider_id": name,
        "name": env.str(f"{prefix}NAME", default=name.title()),
        "client_id": env.str(f"{prefix}CLIENT_ID"),
        "secret": env.str(f"{prefix}SECRET"),
        "settings": {
            "server_url": env.str(f"{prefix}SERVER_URL"),
            "emails_verified": env.bool(f"{prefix}EMAILS_VERIFIED", default=False),
        },
    }


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": [_oidc_app(name) for name in OIDC_PROVIDERS], "OAUTH_PKCE_ENABLED": True}
}
SOCIALACCOUNT_ADAPTER = "playbook.school_accounts.SchoolAccountAdapter"
ACCOUNT_ADAPTER = "playbook.school_accounts.NoSignUpAdapter"
# Only allauth's provider flow is mounted (playbook/sign_in.py); the adapter alone decides who comes in.
SOCIALACCOUNT_LOGIN_ON_GET = False  # a sign-in starts from a POST (with its CSRF token), never a link
SOCIALACCOUNT_AUTO_SIGNUP = True  # never allauth's sign-up form: the adapter finds or makes the person
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter matches addresses, in the person's network only
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider's email_verified claim is the check
SOCIALACCOUNT_STORE_TOKENS = False  # Playbook calls no provider API on a person's behalf
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_NOTIFICATIONS = False
ACCOUNT_UNIQUE_EMAIL = False  # the adapter matches addresses itself, within one network

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "static/"
# `make run` collects into var/ (scripts/run.sh); the Docker image into staticfiles/.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names (which browsers keep for good) and gzipped copies need `collectstatic`: the
        # Docker image and `make run` run it; tests and in-process benches serve from the finders.
        # With DEBUG on (`make run`) Django links the unhashed names: gzipped, kept for a minute.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the finders when nobody ran collectstatic.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG and not STATIC_MANIFEST)
if STATIC_MANIFEST:
    # Collected files do not change while the server runs, so they need no look-up per request
    # (WhiteNoise's DEBUG default); unhashed names, which may change, are cached for a minute.
    WHITENOISE_AUTOREFRESH = False
    WHITENOISE_MAX_AGE = 60

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Playbook <playbook@localhost>")

# --- Security (production) ----------------------------------------------------------------------
# The open-flag count index carries extra columns for index-only counts on PostgreSQL; on the embedded
# SQLite default it is a plain index, which is all that system check (models.W040) says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health probes call over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Joining the browsers' HSTS preload list is a per-domain decision for whoever runs the site
    # (SECURE_HSTS_PRELOAD=true), not a default the code can make for them.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Sign-in throttling (django-axes; the page and the API error are in playbook/lockout.py) ------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Per username at one address: a school shares one NAT address, and one person's typos must not
# lock out everyone behind it (nor can a guesser elsewhere lock that person out).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked do not push the end of the lock back, so the time the page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "playbook.lockout.lockout_response"
# Failed attempts are kept only until their cool-off ends; a row per successful sign-in (address and
# browser, kept forever) is more about people than a school network needs.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every manage.py command; its log lines then name the username and address only.
AXES_VERBOSE = False


def _origin(url: str) -> str:
    """scheme://host:port of a URL, as a CSP source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --- Content-Security-Policy and Permissions-Policy ----------------------------------------------
# No inline script anywhere: pages carry data with json_script and behaviour in static/js/.
# Styles keep 'unsafe-inline': plotly.js adds a <style> element with its own rules as it loads (refused,
# its charts stop answering the pointer), and Swagger UI's page has an inline <style>. img-src takes
# blob: for Plotly's "download as PNG" and data: for Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # A sign-in with the school account posts to us and is redirected to the provider, which
        # browsers check against form-action too.
        "form-action": [
            "'self'",
            *sorted(
                {
                    _origin(app["settings"]["server_url"])
                    for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
                }
            ),
        ],
    }
}
# Nothing in Playbook uses these; an injected frame or script cannot ask for them either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Jobs are published from people's requests, after their change committed, and what each job is for
# is stored with the change (playbook/jobs.py). With the broker down a publish must fail at once, not
# hold the response through seconds of reconnecting: one connection attempt, no publish retries,
# short socket timeouts. These apply to connections that publish only (config/celery.py); the
# worker's consumer keeps Redis's defaults and its own reconnect loop (broker_connection_max_retries).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_PUBLISH_TRANSPORT_OPTIONS = {}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Periodic jobs re-find unfinished work; a lost task comes back after this long anyway.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 3600)}
    CELERY_BROKER_PUBLISH_TRANSPORT_OPTIONS = {
        "max_retries": 0,
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,  # a Redis that accepts connections but never answers
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "playbook.tasks.heartbeat", "schedule": timedelta(minutes=1), "args": ("beat",)},
    "rebuild-all-charts": {
        "task": "measures.tasks.rebuild_all_charts",
        "schedule": crontab(hour=2, minute=5),
    },
    "prune-read-notifications": {
        "task": "playbook.tasks.prune_read_notifications",
        "schedule": crontab(hour=3, minute=17),
    },
    "prune-idempotency-keys": {
        "task": "playbook.tasks.prune_idempotency_keys",
        "schedule": crontab(minute=23),  # hourly; keys live 24 hours
    },
    "remind-overdue-cycles": {
        "task": "cycles.tasks.remind_overdue_cycles",
        "schedule": crontab(minute=7),  # hourly; each cycle's owner hears at most once a day
    },
    "escalate-flags": {"task": "andon.tasks.escalate_flags", "schedule": timedelta(minutes=1)},
    # What an on-commit job was asked to do but the broker lost (or never got): see playbook/jobs.py.
    "send-owed-emails": {"task": "playbook.tasks.send_owed_emails", "schedule": timedelta(minutes=1)},
    "send-owed-invitations": {
        "task": "playbook.tasks.send_owed_invitations",
        "schedule": timedelta(minutes=1),
    },
    "send-owed-webhooks": {"task": "playbook.tasks.send_owed_webhooks", "schedule": timedelta(minutes=1)},
    "rebuild-stale-charts": {"task": "measures.tasks.rebuild_stale_charts", "schedule": timedelta(minutes=1)},
    "create-upcoming-meetings": {
        "task": "huddles.tasks.create_upcoming_meetings",
        "schedule": crontab(minute=11),  # hourly; a week ahead, one meeting per occurrence
    },
    "keep-uptake-counts": {"task": "huddles.tasks.keep_uptake_counts", "schedule": timedelta(minutes=5)},
    "remind-overdue-actions": {
        "task": "huddles.tasks.remind_overdue_actions",
        "schedule": crontab(minute=13),  # hourly; each overdue action item's owner hears once
    },
    "send-weekly-digests": {
        "task": "playbook.tasks.send_weekly_digests",
        # Hourly, so each network's Monday 07:00 is met in its own time zone; each person once a week.
        "schedule": crontab(minute=29),
    },
}

# --- API ----------------------------------------------------------------------------------------
# The most a request body may hold in memory (Django's own default, said out loud): a larger one is a
# 413. A CSV import (up to measures.forms.MAX_UPLOAD_BYTES) and its confirmation fit well inside it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request gets 401 with a WWW-Authenticate header, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Our JSON parser caps how deep a body nests (DRF's would recurse until the stack gives out).
    "DEFAULT_PARSER_CLASSES": [
        "playbook.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "playbook.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "playbook.api.errors.exception_handler",
    # Documents, for every view, the error responses it can give (see playbook/api/errors.py).
    "DEFAULT_SCHEMA_CLASS": "playbook.api.errors.ApiSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Playbook API",
    "DESCRIPTION": "Everything a person can do in Playbook's pages, a script can do here.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "playbook.models.Membership.Role",
        "MeasureKindEnum": "measures.models.Measure.Kind",
        "DeliveryEnum": "playbook.models.NotificationPreference.Delivery",
    },
    # A choice field that may be blank lists "" (as BlankEnum), since "" is what it answers then.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Used to turn in-app links into full links in emails.
PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000")
# How long an invitation's link works (playbook.invitations); resending makes a new one.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# Hosts a webhook may be sent to over plain http and at a private address (playbook.webhooks.check_url),
# e.g. WEBHOOK_INSECURE_HOSTS=relay.intranet for a receiver on the same private network; none by default.
WEBHOOK_INSECURE_HOSTS = env.list("WEBHOOK_INSECURE_HOSTS", default=[])


# --- Caches -------------------------------------------------------------------------------------
# A leader's home reads figures across dozens of teams (uptake, bright spots, ideas ready to spread):
# each worker keeps a person's for a couple of minutes (``Panel.kept_for``), in its own memory, so no
# outage of a shared cache can fail a page. PANELS_KEPT=false reads them fresh on every request.
PANELS_KEPT = env.bool("PANELS_KEPT", default=True)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "panels": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "playbook-panels",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
