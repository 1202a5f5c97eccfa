"""Sharing a focus area's story outside the network: a link made, found again by its token, revoked.

The link ends in a long random token (``playbook.tokens.new_token``, 256 bits), shown to its maker
once; only its SHA-256 is kept, as an invitation's is, so a copy of the database opens no story. A
lost link is revoked and a new one made. Who may make and revoke one is ``cycles.permissions``'
``story_link_rule``: the focus area's team leads, the leaders above them and the network admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q

from cycles.models import StoryLink
from measures.models import FocusArea
from playbook import clock, permissions
from playbook.models import User
from playbook.tokens import hash_token, new_token

# What ``new_token`` writes: a longer or stranger token is no token, and costs no query.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
# How stale ``last_opened_at`` may be: the lead wants the day someone last looked, not each visit.
OPEN_MARK_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class MadeLink:
    link: StoryLink
    token: str  # the only time the raw token exists: show it to the maker, then forget it


@transaction.atomic
def make_story_link(*, focus_area: FocusArea, by: User, hide_names: bool = True) -> MadeLink:
    permissions.require(by, StoryLink(focus_area=focus_area), permissions.CHANGE)
    token = new_token()
    link = StoryLink.objects.create(
        focus_area=focus_area,
        token_hash=hash_token(token),
        hide_names=hide_names,
        made_by=by,
        created_at=clock.now(),
    )
    return MadeLink(link, token)


def revoke_story_link(*, link: StoryLink, by: User) -> StoryLink:
    """The link stops working at once; one already revoked stays as it was."""
    permissions.require(by, link, permissions.CHANGE)
    if link.revoked_at is None:
        now = clock.now()
        if StoryLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by
        ):
            link.revoked_at, link.revoked_by = now, by
        else:  # revoked a moment ago in another tab
            link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return link


def link_for_token(token: str) -> StoryLink | None:
    """The live link a token opens, with its focus area, team and network; None for an unknown or a
    revoked token alike, so from outside the two cannot be told apart."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    return (
        StoryLink.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("focus_area__team__network", "focus_area__owner")
        .first()
    )


def note_opened(link: StoryLink) -> None:
    """Remember when the link was last opened: one UPDATE an hour at most."""
    now = clock.now()
    if link.last_opened_at is not None and now - link.last_opened_at < OPEN_MARK_EVERY:
        return
    stale = Q(last_opened_at__isnull=True) | Q(last_opened_at__lt=now - OPEN_MARK_EVERY)
    StoryLink.objects.filter(stale, pk=link.pk).update(last_opened_at=now)
    link.last_opened_at = now


def live_links(focus_area: FocusArea) -> list[StoryLink]:
    return list(
        StoryLink.objects.filter(focus_area=focus_area, revoked_at__isnull=True)
        .select_related("made_by")
        .order_by("-created_at", "-pk")
    )
