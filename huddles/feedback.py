"""Reads of meeting feedback: aggregates only, and only from three answers on, as the pulse.

Nothing here returns a rating or a comment with its author, nor in an order that follows who answered
or when: comments come sorted by their own words. A huddle's aggregate takes only the meetings that
reached the threshold themselves, so it can never be set against one meeting's to single out the one
or two answers that meeting kept hidden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from huddles.models import FeedbackResponse, Huddle, Meeting, MeetingFeedback
from huddles.selectors import MIN_PULSE_RESPONSES

# The pulse's threshold: the same rule for every feeling and opinion anyone records here.
MIN_FEEDBACK_ANSWERS = MIN_PULSE_RESPONSES
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    shown: bool
    average: float | None = None
    # (rating, how many), for every rating 1–5, once shown
    distribution: list[tuple[int, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    meetings: int = 0

    @property
    def peak(self) -> int:
        return max((n for _, n in self.distribution), default=0)


def _summary(rows: list[tuple[int, str]], meetings: int) -> FeedbackSummary:
    answers = len(rows)
    if answers < MIN_FEEDBACK_ANSWERS:
        return FeedbackSummary(answers=answers, shown=False, meetings=meetings)
    counts = Counter(rating for rating, _ in rows)
    return FeedbackSummary(
        answers=answers,
        shown=True,
        average=round(sum(rating for rating, _ in rows) / answers, 1),
        distribution=[(r, counts.get(r, 0)) for r in RATINGS],
        comments=sorted((c for _, c in rows if c), key=str.casefold),
        meetings=meetings,
    )


def meeting_feedback(meeting: Meeting) -> FeedbackSummary:
    """One meeting's feedback in aggregate. One query."""
    rows = list(MeetingFeedback.objects.filter(meeting=meeting).values_list("rating", "comment"))
    return _summary(rows, meetings=1 if rows else 0)


def huddle_feedback(huddle: Huddle) -> FeedbackSummary:
    """The feedback of the huddle's meetings that each have three answers or more. One query."""
    enough = (
        MeetingFeedback.objects.filter(meeting__huddle=huddle)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_FEEDBACK_ANSWERS)
        .values("meeting_id")
    )
    rows = list(
        MeetingFeedback.objects.filter(meeting_id__in=enough).values_list("meeting_id", "rating", "comment")
    )
    return _summary([(r, c) for _, r, c in rows], meetings=len({m for m, _, _ in rows}))


def my_feedback(meeting: Meeting, user) -> MeetingFeedback | None:
    """The person's own rating: the one row anyone reads, and only its author."""
    if not getattr(user, "is_authenticated", False):
        return None
    return MeetingFeedback.objects.filter(meeting=meeting, person_id=user.pk).first()


def we_did(huddle: Huddle, limit: int = 50) -> QuerySet[FeedbackResponse]:
    """“You said, we did”: the huddle's responses to feedback, latest change first."""
    return FeedbackResponse.objects.filter(huddle=huddle).select_related("by", "meeting")[:limit]
