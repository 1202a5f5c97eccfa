"""The learning record as a spreadsheet (CSV or Excel): the results of a search, as the page ranks them."""

from __future__ import annotations

from html import unescape

from django.utils.html import strip_tags

from playbook import learnings
from playbook.downloads import table_response
from playbook.email import absolute_url

COLUMNS = ["kind", "title", "text", "team", "date", "link"]
# A download holds this many results at most, and the page says so when more matched: each chunk
# is one more pass of the search, and past this a search narrowed by words or filters serves better.
MOST = 5_000
CHUNK = 500


def learning_rows(found: learnings.Found):
    for start in range(0, min(len(found), MOST), CHUNK):
        for result in found[start : min(start + CHUNK, MOST)]:
            yield [
                result.label,
                result.title,
                unescape(strip_tags(result.snippet)),  # the highlighted snippet, as plain text
                result.team,
                result.date,
                absolute_url(result.url),
            ]


def learnings_download(user, search: learnings.Search, fmt: str, day):
    found = learnings.search(user, search)
    return table_response(
        COLUMNS, learning_rows(found), fmt, name=f"learnings-{day.isoformat()}", title="Learnings"
    )
