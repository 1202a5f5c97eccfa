"""``GET /healthz``: is the database up, is the broker up? 200 when both are, 503 otherwise."""

from celery import current_app as celery_app
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from playbook.models import WorkerHeartbeat


def database_status() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as exc:  # any failure means "down"; the message says which
        return False, f"{type(exc).__name__}: {exc}"


def broker_status() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
            return True, conn.transport_cls if isinstance(
                conn.transport_cls, str
            ) else conn.transport.driver_type
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"


def last_heartbeat():
    try:
        seen = WorkerHeartbeat.objects.filter(name="beat").values_list("seen_at", flat=True).first()
    except Exception:
        return None
    return seen.isoformat() if seen else None


@login_not_required
@never_cache
@require_GET
def healthz(request):
    db_ok, db_detail = database_status()
    broker_ok, broker_detail = broker_status()
    body = {
        "status": "ok" if db_ok and broker_ok else "unavailable",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        "last_beat": last_heartbeat() if db_ok else None,
    }
    return JsonResponse(body, status=200 if db_ok and broker_ok else 503)
