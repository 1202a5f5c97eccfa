"""Every email Playbook sends, in one shape: a plain-text part and an HTML part from a pair of templates.

``send_templated(to=…, subject=…, template="email/notification", context=…)`` renders
``email/notification.txt`` and ``email/notification.html`` with the same context and sends both as
one multipart message. HTML templates extend ``email/base.html`` (the network's name in the header,
inline styles only, since mail clients drop stylesheets; no images, no scripts) and text ones
``email/base.txt``.

Sending is synchronous and raises whatever the mail server raises: callers send from a job that owns
the exactly-once bookkeeping (``playbook.email``, ``playbook.digest``), never from a request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from playbook.models import Network


def network_name(network: Network | None) -> str:
    # A person outside any network (a superuser) still gets a header that names something.
    return network.name if network else "Playbook"


def send_templated(
    *,
    to: str | Iterable[str],
    subject: str,
    template: str,
    context: Mapping,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render ``<template>.txt`` and ``<template>.html`` with ``context`` and send them as one message.

    Keyword-only, and kept stable: other emails (invitations) are sent through it too.

    ``context`` should hold ``network_name`` (see :func:`network_name`) for the shared header;
    ``headers`` are extra mail headers (``List-Unsubscribe`` and the like).
    """
    context = {"network_name": "Playbook", **context}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    message.send()
