""" "What we learned": one searchable record of learnings across the network.

Each feature app's ``learnings.py`` registers a ``LearningSource`` (cycles: studies and decisions;
andon: flag resolutions; huddles: decisions and notes); the core finds those modules at start-up, as
it finds ``panels.py``, and knows no feature app. A source answers ``rows(user, search)`` with its
*visible* rows narrowed by the filters, as built by ``learning_rows`` so that every source yields the
same columns in the same order; the core ``union()``s them into one query, so ranking, ordering and
pagination are global and a page costs the same few queries whatever the data size:

1. ``count()`` of the union, 2. the page of the union, 3. one union of the page's snippets.

On PostgreSQL the search is full text (English stemming, ``websearch`` syntax so anything a person
types parses, ``ts_rank`` ranking, ``ts_headline`` snippets) over each model's stored
``search_document``, which a trigger keeps from the source's ``fields`` and a GIN index serves (see
the apps' ``*_learning_search_index`` migrations). The embedded SQLite default finds rows holding
every word (``icontains``) and highlights the words in Python.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, F, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.html import escape
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
PAGE_SIZE = 20
RANK_WINDOW = 500  # the newest matches of each kind a ranked search ranks (see ``Found``)
WINDOW_ORDER = ("-learning_when", "-learning_row")
SNIPPET_WORDS = 35
# Sentinels from Unicode's private use area mark the matches in ts_headline's output; the text is
# HTML-escaped first and only the sentinels become <mark>, so nothing a person typed becomes markup.
START, STOP = "\ue000", "\ue001"
# The columns every source's rows carry, in this order (a UNION pairs columns by position).
# Each named learning_* so that no column clashes with a source model's own field ("title", "text").
COLUMNS = (
    "learning_kind",
    "learning_row",
    "learning_object",
    "learning_title",
    "learning_team",
    "learning_day",
    "learning_rank",
)


@dataclass(frozen=True)
class Search:
    """What a person asked for, already validated (by the page's form or the API's serializer)."""

    q: str = ""
    kind: str = ""
    team: int | None = None
    focus_area: int | None = None
    change_idea: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def words(self) -> list[str]:
        return [w for w in re.split(r"\W+", self.q) if w]

    @property
    def full_text(self) -> bool:
        # Only punctuation is no query at all (websearch would parse it to nothing and match nothing).
        return bool(self.words) and connection.vendor == "postgresql"


@dataclass(frozen=True)
class LearningSource:
    kind: str  # "cycle", "flag", "meeting": what the API answers
    label: str  # what the page calls it
    model: type  # whose rows ``row_id`` names; snippets are read from it by those ids
    fields: tuple[str, ...]  # the text searched and shown, in ``document`` order
    rows: Callable[[object, Search], QuerySet | None]  # None: this source cannot meet the filters
    url: Callable[[dict], str]  # where a row links, from its columns
    order: int = 100
    snippet_fields: tuple[str, ...] = ()  # the text a snippet is cut from (default: ``fields``)


@dataclass(frozen=True)
class Choices:
    """A filter's choices a person may pick from, offered by the app that owns them."""

    name: str  # "focus_area", "change_idea"
    choices: Callable[[object], Iterable[tuple[int, str]]]


SOURCES: dict[str, LearningSource] = {}
CHOICES: dict[str, Choices] = {}


def register(source: LearningSource) -> LearningSource:
    SOURCES[source.kind] = source  # by kind, so importing a module twice registers it once
    return source


def register_choices(choices: Choices) -> Choices:
    CHOICES[choices.name] = choices
    return choices


def autodiscover() -> None:
    autodiscover_modules("learnings")


def sources() -> list[LearningSource]:
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.kind))


def kind_choices() -> list[tuple[str, str]]:
    return [(s.kind, s.label) for s in sources()]


def filter_choices(user, name: str) -> list[tuple[int, str]]:
    offered = CHOICES.get(name)
    return list(offered.choices(user)) if offered else []


# --- Building a source's rows -------------------------------------------------------------------------


# The column every source's model keeps its text's tsvector in, filled by a PostgreSQL trigger from
# the source's ``fields`` (see the apps' ``*_learning_search_index`` migrations) and GIN-indexed.
DOCUMENT = "search_document"


def _query(search: Search):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(search.q, search_type="websearch", config=CONFIG)


def learning_rows(
    queryset: QuerySet,
    search: Search,
    *,
    kind: str,
    fields: tuple[str, ...],
    object_id: str,
    title: str,
    team_name: str,
    when,
) -> QuerySet:
    """``queryset`` (already only what the viewer may see) narrowed by the words and the dates, as
    the ``COLUMNS`` values every source shares. ``when`` is the moment the learning is dated by."""
    day = TruncDate(when)
    # The moment itself, not its day, orders the rank window: PostgreSQL can then walk an index on
    # it (flags' resolved_at, notes' created_at) newest first and stop at the window's end, where
    # ordering by the day would sort every match of a common word first.
    queryset = queryset.alias(learning_on=day, learning_when=F(when) if isinstance(when, str) else when)
    if search.since:
        queryset = queryset.filter(learning_on__gte=search.since)
    if search.until:
        queryset = queryset.filter(learning_on__lte=search.until)
    rank = Value(0.0, output_field=FloatField())
    if search.full_text:
        from django.contrib.postgres.search import SearchRank

        query = _query(search)
        queryset = queryset.filter(**{DOCUMENT: query})
        rank = SearchRank(F(DOCUMENT), query)
    elif search.words:
        for word in search.words:
            queryset = queryset.filter(_any_contains(fields, word))
    # One values() call with every column in COLUMNS order: the union pairs columns by position.
    return queryset.values(
        learning_kind=Value(kind, output_field=CharField()),
        learning_row=F("pk"),
        learning_object=F(object_id),
        learning_title=F(title),
        learning_team=F(team_name),
        learning_day=day,
        learning_rank=rank,
    )


def _any_contains(fields: Iterable[str], word: str) -> Q:
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": word})
    return found


# --- Searching ------------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    label: str
    id: int
    title: str
    snippet: SafeString
    url: str
    team: str
    date: datetime.date | None
    rank: float = 0.0
    row_id: int = field(default=0, repr=False)


class Found:
    """The union of every source's rows, best first, sliced lazily: a Paginator counts it with one
    query and reads a page with one more (plus one for that page's snippets).

    Speed at district scale (6,000 cycles, 50,000 flags, 93,600 notes): a word found everywhere
    matches tens of thousands of rows, so a ranked search ranks the newest ``RANK_WINDOW`` matches
    of each kind, not all of them (each found walking an index newest first); ``count`` and the
    pages are those, and ``capped`` says that more matched. Without words each kind's part is cut
    at the end of the page asked for, which changes nothing in the answer (the newest n overall are
    among the newest n of each kind).
    """

    def __init__(self, user, search: Search):
        self.search = search
        chosen = [s for s in sources() if not search.kind or s.kind == search.kind]
        parts = [(s, s.rows(user, search)) for s in chosen]
        # A source's own default ordering has no place inside a UNION: only the outer order counts.
        # A source with nothing to offer (``none()`` for someone in no team) drops out: union() would
        # quietly hand back a lone sliced part otherwise.
        self.parts = [
            (s, rows.order_by()) for s, rows in parts if rows is not None and not rows.query.is_empty()
        ]
        self._per_kind: dict[str, int] | None = None

    def _union(self, limit: int | None):
        newest = ("-learning_day", "learning_kind", "-learning_row")
        ordering = ("-learning_rank", *newest) if self.search.full_text else newest
        if len(self.parts) == 1:  # one kind: no union, so the window is the list of its newest ids
            rows = self.parts[0][1]
            if self.search.full_text:
                # Read first and named, not a subquery: PostgreSQL would otherwise match the words
                # against every row again before joining them to the window (75 ms, not 5).
                window = list(rows.order_by(*WINDOW_ORDER).values_list("pk", flat=True)[:RANK_WINDOW])
                rows = rows.filter(pk__in=window)
            return rows.order_by(*ordering)
        branches = []
        for _, rows in self.parts:
            if not connection.features.supports_slicing_ordering_in_compound:
                pass  # SQLite, the laptop default: small data, and no LIMIT inside a UNION
            elif self.search.full_text:
                rows = rows.order_by(*WINDOW_ORDER)[:RANK_WINDOW]
            elif limit is not None:
                rows = rows.order_by(*newest)[:limit]
            branches.append(rows)
        first, *rest = branches
        return first.union(*rest, all=True).order_by(*ordering)

    def per_kind(self) -> dict[str, int]:
        """How many rows of each kind match, in one query that computes no rank and no snippet."""
        if self._per_kind is None:
            self._per_kind = {}
            if self.parts:
                kinds = [rows.values("learning_kind") for _, rows in self.parts]
                if self._windowed():
                    # Past the window the exact number changes nothing shown, and counting every
                    # match of a common word costs more than the page: one past the window will do.
                    kinds = [rows[: RANK_WINDOW + 1] for rows in kinds]
                first, *rest = kinds
                union = first.union(*rest, all=True) if rest else first
                sql, params = union.query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT learning_kind, COUNT(*) FROM ({sql}) found GROUP BY 1", params)  # noqa: S608 — Django's own SQL
                    self._per_kind = dict(cursor.fetchall())
        return self._per_kind

    def _windowed(self) -> bool:
        compound = connection.features.supports_slicing_ordering_in_compound or len(self.parts) == 1
        return self.search.full_text and compound

    @property
    def total(self) -> int:
        """How many matched; exact unless ``capped`` (then each kind counts to one past the window)."""
        return sum(self.per_kind().values())

    def count(self) -> int:
        if self._windowed():
            return sum(min(n, RANK_WINDOW) for n in self.per_kind().values())
        return self.total

    @property
    def capped(self) -> bool:
        return self.count() < self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not self.parts:
            return []
        if isinstance(index, slice):
            if index.stop is not None and index.stop <= (index.start or 0):
                return []  # Paginator asks for [0:0] when nothing matched; qs[:0] is an empty query
            rows = list(self._union(index.stop)[index])
            return self._results(rows)
        return self._results([self._union(index + 1)[index]])[0]

    def _results(self, rows: list[dict]) -> list[Result]:
        by_kind = {s.kind: s for s, _ in self.parts}
        snippets = _snippets(rows, by_kind, self.search)
        return [
            Result(
                kind=row["learning_kind"],
                label=by_kind[row["learning_kind"]].label,
                id=row["learning_object"],
                title=row["learning_title"],
                snippet=snippets.get((row["learning_kind"], row["learning_row"]), mark_safe("")),
                url=by_kind[row["learning_kind"]].url(row),
                team=row["learning_team"] or "",
                date=row["learning_day"],
                rank=row["learning_rank"] or 0.0,
                row_id=row["learning_row"],
            )
            for row in rows
        ]


def search(user, search: Search) -> Found:
    return Found(user, search)


def _snippets(rows: list[dict], by_kind: dict[str, LearningSource], search: Search) -> dict:
    """The highlighted snippet of each row, read in one query for the whole page."""
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["learning_kind"], []).append(row["learning_row"])
    if not wanted:
        return {}
    parts = []
    for kind, ids in wanted.items():
        source = by_kind[kind]
        text = _joined(source.snippet_fields or source.fields)
        if search.full_text:
            from django.contrib.postgres.search import SearchHeadline

            text = SearchHeadline(
                text,
                _query(search),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
            )
        parts.append(
            # No model's default ordering inside the UNION (SQLite refuses one there).
            source.model._default_manager.filter(pk__in=ids)
            .order_by()
            .values(
                learning_kind=Value(kind, output_field=CharField()), learning_row=F("pk"), learning_text=text
            )
        )
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    if search.full_text:
        return {(r["learning_kind"], r["learning_row"]): highlighted(r["learning_text"]) for r in union}
    return {
        (r["learning_kind"], r["learning_row"]): highlighted(_marked(r["learning_text"], search.words))
        for r in union
    }


def _joined(fields: tuple[str, ...]):
    from django.db.models.functions import Concat

    pieces = []
    for name in fields:
        if pieces:
            pieces.append(Value(" ", output_field=TextField()))
        pieces.append(Coalesce(F(name), Value(""), output_field=TextField()))
    return Concat(*pieces, output_field=TextField()) if len(pieces) > 1 else pieces[0]


def highlighted(text: str) -> SafeString:
    """``text`` HTML-escaped, with only the sentinels around matches turned into <mark>."""
    text = " ".join((text or "").split())
    if text.count(START) != text.count(STOP):  # a stray sentinel typed by someone: no marks at all
        return escape(text.replace(START, "").replace(STOP, ""))
    return mark_safe(str(escape(text)).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _marked(text: str, words: list[str]) -> str:
    """The SQLite default's snippet: the text around the first match, each word wrapped in sentinels."""
    text = " ".join((text or "").replace(START, "").replace(STOP, "").split())
    if not words:
        return _clip(text, 0)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    clipped = _clip(text, first.start() if first else 0)
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", clipped)


def _clip(text: str, at: int, width: int = 240) -> str:
    start = max(0, at - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + width
    clipped = text[start:end]
    if end < len(text):
        clipped = clipped.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + clipped
