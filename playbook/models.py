"""People and the network they work in: networks, the team tree, memberships, notifications."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from playbook.fields import NOTE_MAX, PROSE_MAX, BoundedTextField


class Network(models.Model):
    """A set of teams that work together. Networks never see each other."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", help_text="IANA name, e.g. Europe/London."
    )
    # Pupil-group figures about fewer pupils than this are never shown, so no child can be identified.
    smallest_group_shown = models.PositiveSmallIntegerField(
        default=10, help_text="Pupil groups with fewer pupils than this in a period are suppressed."
    )
    local_passwords = models.BooleanField(
        default=True,
        help_text="People may sign in with a Playbook password. Off, only with their school account.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"time_zone": f"“{self.time_zone}” is not a known time zone."}) from None


class User(AbstractUser):
    """A person. Each belongs to one network; network admins set that network up."""

    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    is_network_admin = models.BooleanField(
        default=False, help_text="May set up teams, people and roles across the network."
    )
    email_notifications = models.BooleanField(
        default=True, help_text="Also send notifications by email, not only in Playbook."
    )
    # The digest's own switch: it holds open work as well as notifications kept for it, so turning
    # every kind off would not stop it (its one-click unsubscribe turns this off).
    weekly_digest = models.BooleanField(default=True, help_text="Email a summary of the week on Mondays.")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_network_admin=False) | Q(network__isnull=False),
                name="network_admin_has_network",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class Team(models.Model):
    """A node in a network's tree: teams sit in clusters, clusters under the hub."""

    class Kind(models.TextChoices):
        TEAM = "team", "Team"
        CLUSTER = "cluster", "Cluster"
        HUB = "hub", "Hub"

    # Which kinds may sit directly above each kind.
    ALLOWED_PARENTS = {
        Kind.TEAM: {Kind.CLUSTER, Kind.HUB},
        Kind.CLUSTER: {Kind.HUB},
        Kind.HUB: set(),
    }

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = BoundedTextField(blank=True, max_length=PROSE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once, by ``playbook.services.team_closing``; a closed team is read-only and kept for its history.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="team_slug_unique_in_network"),
            models.UniqueConstraint(fields=["network"], condition=Q(kind="hub"), name="one_hub_per_network"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="team_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(kind="hub") | Q(parent__isnull=True), name="hub_has_no_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("team-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self):
        if self.parent_id is None:
            if self.kind != self.Kind.HUB:
                raise ValidationError({"parent": "Every team and cluster sits under a cluster or the hub."})
            return
        parent = self.parent
        if parent.network_id != self.network_id:
            raise ValidationError({"parent": "The parent must be in the same network."})
        if parent.kind not in self.ALLOWED_PARENTS[self.kind]:
            allowed = " or ".join(sorted(self.ALLOWED_PARENTS[self.kind])) or "nothing"
            raise ValidationError({"parent": f"A {self.get_kind_display().lower()} sits under {allowed}."})


class Membership(models.Model):
    """A person's role in one team. People may belong to several teams."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        LEAD = "lead", "Lead"
        LEADER = "leader", "Leader"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="one_membership_per_team")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.team}"

    def clean(self):
        if self.user_id and self.team_id and self.user.network_id != self.team.network_id:
            raise ValidationError({"user": "This person belongs to another network."})


class Notification(models.Model):
    """Something Playbook told a person: shown in the app, and emailed if they want email."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, default="general")
    subject = models.CharField(max_length=200)
    body = BoundedTextField(blank=True, max_length=PROSE_MAX)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # An email owed is recorded with the notification, in the same transaction, so a broker that is
    # down when the change commits delays the email instead of losing it: a periodic job sends
    # whatever is still owed.
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_owed_idx",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


class WorkerHeartbeat(models.Model):
    """One row a worker touches every minute, so health checks can tell the jobs are running."""

    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """A create someone asked for with an ``Idempotency-Key``, and what it answered.

    Saved in the same transaction as the create itself, so a retry of the same request (a second tap
    on a flaky connection) gets the first answer instead of making a second object. A row is only
    ever committed with its answer; see ``playbook.idempotency``.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=100, help_text="The operation: the route's name.")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the request's path and body.")
    # Null only inside the transaction that claims the key, before the create has answered.
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True, blank=True, help_text="The JSON answered, or a page's short text.")
    location = models.CharField(max_length=2000, blank=True, help_text="Where a page redirected.")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="idempotency_key_once_per_user_and_scope"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.key}"


class NotificationPreference(models.Model):
    """How a person wants one kind of notification: at once, in the weekly digest, or not at all.

    No row for a kind means the person's general choice (``User.email_notifications``) applies: at
    once by email if it is on, in the app only if it is off.
    """

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "At once"
        DIGEST = "digest", "In the weekly digest"
        OFF = "off", "Off"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_notification_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.delivery}"


class DigestDelivery(models.Model):
    """One weekly digest owed to one person: claimed by this row before anything is sent, so two
    workers, or the job run twice, send it once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digests")
    week_starting = models.DateField(help_text="The Monday of the week the digest covers.")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-week_starting", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_starting"], name="one_digest_per_person_per_week")
        ]

    def __str__(self):
        return f"Digest for {self.user}, week of {self.week_starting}"


class NetworkValue(models.Model):
    """One of the network's short list of shared values, shown where people work."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared_values")
    name = models.CharField(max_length=80)
    description = BoundedTextField(blank=True, max_length=PROSE_MAX)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["network", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="network_value_name_unique")]

    def __str__(self):
        return self.name


class EmailDomain(models.Model):
    """An email domain whose people belong to a network: a first sign-in with a school account from
    it finds the person invited with that address, or makes them a person of the network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="email_domains")
    # Kept lower-case and without the "@"; one domain belongs to one network at most.
    domain = models.CharField(max_length=253, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class Invitation(models.Model):
    """An email asking a person to set a password or sign in with their school account.

    Only the token's sha256 is kept, as for a password. The email is owed in the same transaction as
    the invitation (``email_wanted``), so a broker outage delays it and never loses it. Resending
    makes a new invitation and revokes the older ones.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Empty until the email is sent: the token is made by the job that sends it, which keeps its hash
    # (``playbook.invitations``), so the raw token is never stored anywhere but in the email.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="invitation_email_owed_idx",
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.person}"


class CalendarFeed(models.Model):
    """A person's private calendar address (iCalendar), which a calendar app subscribes to.

    The token is the only key to the feed, so it is long and random; revoking the feed shuts out
    whoever holds the address, and the person makes a new one.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_person",
            )
        ]

    def __str__(self):
        return f"Calendar of {self.person}"


class WebhookEndpoint(models.Model):
    """An HTTPS address a network admin registered to be told of events (Teams, Slack, a script)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # The event names it wants (``playbook.webhooks.EVENTS``); deliveries are signed with the secret.
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["network", "url", "id"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event owed to one endpoint, recorded in the transaction that made the event, then sent by a
    job with retries; the response of the last attempt is kept. A replay is a new delivery of the
    same event, pointing at the one it replays."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # The same for every endpoint told of one event, and sent with it, so a receiver can drop repeats.
    event_id = models.UUIDField()
    payload = models.JSONField()
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays"
    )
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, help_text="When it was given up on.")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.CharField(max_length=2000, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"],
                condition=Q(replay_of__isnull=True),
                name="one_delivery_per_event_and_endpoint",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(delivered_at__isnull=True, failed_at__isnull=True),
                name="webhook_delivery_owed_idx",
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.endpoint}"


class TeamCharter(models.Model):
    """Why a team exists and how it works together: its purpose, its goal, its roles and expectations.

    The current words live here; every edit is also kept whole as a ``TeamCharterRevision``.
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="charter")
    purpose = BoundedTextField(blank=True, max_length=PROSE_MAX)
    goal = BoundedTextField(blank=True, max_length=PROSE_MAX)
    roles = BoundedTextField("roles and expectations", blank=True, max_length=PROSE_MAX)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self):
        return f"Charter of {self.team}"


class TeamCharterRevision(models.Model):
    """One edit of a charter, whole, with who made it and when."""

    charter = models.ForeignKey(TeamCharter, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    purpose = BoundedTextField(blank=True, max_length=PROSE_MAX)
    goal = BoundedTextField(blank=True, max_length=PROSE_MAX)
    roles = BoundedTextField("roles and expectations", blank=True, max_length=PROSE_MAX)
    edited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["charter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "version"], name="one_charter_revision_per_version")
        ]

    def __str__(self):
        return f"{self.charter} v{self.version}"


class TeamStandard(models.Model):
    """One of the network's standards of team excellence ("We meet on schedule"), kept by its admins.

    Archived, never deleted: old self-assessments keep pointing at the standard they rated.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="team_standards")
    name = models.CharField(max_length=120)
    description = BoundedTextField(blank=True, max_length=PROSE_MAX)
    position = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                condition=Q(archived_at__isnull=True),
                name="team_standard_name_unique_while_kept",
            )
        ]

    def __str__(self):
        return self.name


class TeamAssessment(models.Model):
    """A team's self-assessment against the network's standards for one month (``period``, its first day)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="assessments")
    period = models.DateField(help_text="The first day of the month assessed.")
    summary = BoundedTextField(blank=True, max_length=NOTE_MAX)
    assessed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["team", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["team", "period"], name="one_team_assessment_per_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="team_assessment_period_is_a_month"),
        ]

    def __str__(self):
        return f"{self.team}, {self.period:%B %Y}"


class TeamStandardRating(models.Model):
    """How a team rated itself against one standard in one assessment: 1 (not yet) to 4 (consistently)."""

    class Rating(models.IntegerChoices):
        NOT_YET = 1, "1 — Not yet"
        SOMETIMES = 2, "2 — Sometimes"
        MOSTLY = 3, "3 — Mostly"
        CONSISTENTLY = 4, "4 — Consistently"

    assessment = models.ForeignKey(TeamAssessment, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(TeamStandard, on_delete=models.PROTECT, related_name="ratings")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["assessment", "standard__position", "standard_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="one_rating_per_standard"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=4), name="team_rating_1_to_4"),
        ]

    def __str__(self):
        return f"{self.standard}: {self.rating}"


class TeamRetrospective(models.Model):
    """Why a team closed: what it learned, and what became of each kind of its open work."""

    team = models.OneToOneField(Team, on_delete=models.PROTECT, related_name="retrospective")
    # Shorter than other prose: it is also the reason written on every cycle and flag the closing settles.
    learned = BoundedTextField("what was learned", max_length=NOTE_MAX)
    # Written by the closing service, one entry per kind of open work:
    # {"kind", "label", "outcome", "items": [titles]}, so the record reads the same after the items change.
    open_work = models.JSONField(default=list, blank=True)
    closed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField()

    def __str__(self):
        return f"Retrospective of {self.team}"
