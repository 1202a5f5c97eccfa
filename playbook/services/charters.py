"""Every write to team charters, the network's standards of team excellence and teams' self-assessments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from playbook import charters, clock, permissions
from playbook.models import (
    Network,
    Team,
    TeamAssessment,
    TeamCharter,
    TeamCharterRevision,
    TeamStandard,
    TeamStandardRating,
    User,
)

CHARTER_FIELDS = ("purpose", "goal", "roles")
# A list a team rates itself against every month has to stay short enough to answer in a few minutes.
MAX_STANDARDS = 10
NOTE_MAX = TeamStandardRating._meta.get_field("note").max_length


def _locked_team(team: Team) -> Team:
    return Team.objects.select_for_update().select_related("network").get(pk=team.pk)


@transaction.atomic
def save_charter(*, team: Team, by: User, **fields) -> TeamCharter:
    """Write the charter's words; each edit that changes something is kept whole as a revision."""
    unknown = set(fields) - set(CHARTER_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This cannot be changed here."))
    team = _locked_team(team)  # two leads saving at once get consecutive versions, not a clash
    charters.refuse_if_closed(team)
    charter = TeamCharter.objects.filter(team=team).first() or TeamCharter(team=team)
    charter.team = team
    permissions.require(by, charter, permissions.CHANGE)
    changed = {name for name, value in fields.items() if (value or "").strip() != getattr(charter, name)}
    if not changed and charter.pk is not None:
        return charter
    for name in CHARTER_FIELDS:
        if name in fields:
            setattr(charter, name, (fields[name] or "").strip())
    charter.version += 1
    charter.updated_by, charter.updated_at = by, clock.now()
    charter.full_clean(exclude=["team"], validate_unique=False)
    charter.save()
    TeamCharterRevision.objects.create(
        charter=charter,
        version=charter.version,
        edited_by=by,
        edited_at=charter.updated_at,
        **{name: getattr(charter, name) for name in CHARTER_FIELDS},
    )
    return charter


def _save_standard(standard: TeamStandard) -> TeamStandard:
    standard.name = standard.name.strip()
    standard.full_clean(exclude=["network"], validate_unique=False)
    try:
        with transaction.atomic():
            standard.save()
    except IntegrityError:
        raise ValidationError({"name": "The network already keeps a standard with that name."}) from None
    return standard


@transaction.atomic
def create_team_standard(*, network: Network, by: User, name: str, description: str = "") -> TeamStandard:
    """A new standard goes last; the kept list stops at ``MAX_STANDARDS``."""
    standard = TeamStandard(network=network, name=name, description=description)
    permissions.require(by, standard, permissions.CHANGE)
    Network.objects.select_for_update().get(pk=network.pk)
    kept = TeamStandard.objects.filter(network=network, archived_at__isnull=True)
    if kept.count() >= MAX_STANDARDS:
        raise ValidationError(
            f"A network keeps at most {MAX_STANDARDS} standards, so a team can rate itself in a few "
            "minutes; archive one first."
        )
    last = TeamStandard.objects.filter(network=network).aggregate(last=Max("position"))["last"]
    standard.position = 0 if last is None else last + 1
    return _save_standard(standard)


@transaction.atomic
def update_team_standard(*, standard: TeamStandard, by: User, **fields) -> TeamStandard:
    standard = TeamStandard.objects.select_for_update().get(pk=standard.pk)
    permissions.require(by, standard, permissions.CHANGE)
    unknown = set(fields) - {"name", "description"}
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This cannot be changed here."))
    if standard.archived_at is not None:
        raise ValidationError("This standard is archived; its words stay as teams rated them.")
    for name, value in fields.items():
        setattr(standard, name, value)
    return _save_standard(standard)


@transaction.atomic
def archive_team_standard(*, standard: TeamStandard, by: User) -> TeamStandard:
    """Teams stop rating it from now on; the ratings already given keep it, so it is never deleted."""
    standard = TeamStandard.objects.select_for_update().get(pk=standard.pk)
    permissions.require(by, standard, permissions.CHANGE)
    if standard.archived_at is None:
        standard.archived_at = clock.now()
        standard.save(update_fields=["archived_at"])
    return standard


def _checked_ratings(network: Network, ratings: list[dict]) -> list[TeamStandardRating]:
    """One rating (1–4, with an optional short note) for each standard the network keeps, no more."""
    kept = {s.pk: s for s in TeamStandard.objects.filter(network=network, archived_at__isnull=True)}
    if not kept:
        raise ValidationError({"ratings": "The network has no standards of team excellence to rate yet."})
    errors, rows = [], {}
    for given in ratings:
        standard = kept.get(given.get("standard"))
        rating, note = given.get("rating"), (given.get("note") or "").strip()
        if standard is None:
            errors.append(f"“{given.get('standard')}” is not one of the network's standards.")
        elif standard.pk in rows:
            errors.append(f"“{standard.name}” is rated twice.")
        elif not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 4:
            errors.append(f"Rate “{standard.name}” from 1 (not yet) to 4 (consistently).")
        elif len(note) > NOTE_MAX:
            errors.append(f"The note on “{standard.name}” is longer than {NOTE_MAX} characters.")
        else:
            rows[standard.pk] = TeamStandardRating(standard=standard, rating=rating, note=note)
    if not errors:
        errors = [f"Rate “{s.name}” too." for pk, s in kept.items() if pk not in rows]
    if errors:
        raise ValidationError({"ratings": errors})
    return list(rows.values())


@transaction.atomic
def record_assessment(*, team: Team, by: User, ratings: list[dict], summary: str = "") -> TeamAssessment:
    """The team's self-assessment for this month: made, or replaced while the month lasts.

    ``ratings`` holds ``{"standard": id, "rating": 1–4, "note": ""}`` for every standard the network keeps.
    """
    team = _locked_team(team)  # one assessment per month, even when two leads submit at once
    charters.refuse_if_closed(team)
    permissions.require(by, TeamAssessment(team=team), permissions.CHANGE)
    rows = _checked_ratings(team.network, ratings)
    period = charters.period_of(team.network)
    assessment = TeamAssessment.objects.filter(team=team, period=period).first()
    assessment = assessment or TeamAssessment(team=team, period=period)
    assessment.summary, assessment.assessed_by, assessment.assessed_at = summary.strip(), by, clock.now()
    assessment.full_clean(exclude=["team"], validate_unique=False)
    assessment.save()
    assessment.ratings.all().delete()
    for row in rows:
        row.assessment = assessment
    TeamStandardRating.objects.bulk_create(rows)
    return assessment
