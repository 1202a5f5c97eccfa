"""The focus area's story: the page in the network (to read and to print), its links to share it
outside the network, and the read-only page such a link opens signed out.

It lives in cycles because it tells all three: cycles sits above theory and measures, so it reads
the diagram and the charts through their own modules and its cycles through its own permission rule.
What the story says is built once, in ``cycles.stories``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from cycles import stories
from cycles.models import StoryLink
from cycles.permissions import may_share_story
from cycles.services import stories as story_services
from playbook import permissions
from playbook.email import absolute_url
from theory.views.pages import get_focus_area


class StoryLinkForm(forms.Form):
    hide_names = forms.BooleanField(required=False, initial=True)


def _page(request, focus_area, *, made=None, link_form=None):
    may_share = may_share_story(request.user, focus_area)
    context = {
        "focus_area": focus_area,
        "story": stories.network_story(request.user, focus_area),
        "may_share": may_share,
        "links": story_services.live_links(focus_area) if may_share else [],
        "link_form": link_form or StoryLinkForm(),
        "made": made,
        "made_url": absolute_url(reverse("story-shared", args=[made.token])) if made else "",
    }
    return render(request, "cycles/focus_area_story.html", context)


@require_safe
def focus_area_story(request, pk):
    return _page(request, get_focus_area(request.user, pk))


@never_cache  # the answer carries the raw link: no cache keeps it
@require_POST
def story_link_make(request, pk):
    focus_area = get_focus_area(request.user, pk)
    permissions.require(request.user, StoryLink(focus_area=focus_area), permissions.CHANGE)
    form = StoryLinkForm(request.POST)
    form.is_valid()  # one checkbox: every post is valid, absent means unticked
    made = story_services.make_story_link(
        focus_area=focus_area, by=request.user, hide_names=form.cleaned_data.get("hide_names", False)
    )
    # The raw address exists only in this answer, never in a redirect's URL or the session.
    return _page(request, focus_area, made=made, link_form=StoryLinkForm())


@require_POST
def story_link_revoke(request, pk):
    link = permissions.get_for_user(
        request.user, StoryLink.objects.select_related("focus_area__team"), pk, permissions.CHANGE
    )
    story_services.revoke_story_link(link=link, by=request.user)
    messages.success(request, "That link no longer opens the story.")
    return redirect(reverse("focus-area-story", args=[link.focus_area_id]) + "#story-share")


@never_cache
@login_not_required
@require_safe
def shared_story(request, token):
    link = story_services.link_for_token(token)
    if link is None:
        response = render(request, "cycles/story_gone.html", status=404)
    else:
        story_services.note_opened(link)
        story = stories.shared_story(link.focus_area, hide_names=link.hide_names)
        response = render(request, "cycles/story_shared.html", {"story": story})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
