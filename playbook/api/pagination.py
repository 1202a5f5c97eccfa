from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response


class PagePagination(PageNumberPagination):
    """``?page=2&page_size=100``; the default size is ``PAGE_SIZE`` in settings."""

    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPages(CursorPagination):
    """A long list a page after a position (``?cursor=``, the ``next`` and ``previous`` links) rather
    than a page number, so a hub's page reads 50 rows from an index instead of counting and skipping
    its whole history. ``count`` is counted up to ``COUNT_UP_TO`` and is null past it.

    ``?page=N`` still answers as before (numbered pages, an exact ``count``) for clients that ask for
    page numbers: slower on a large network, and kept only so that they do not break. A list sets
    its ``ordering`` (unique, with the primary key last) and the ``noun`` its schema counts."""

    ordering: tuple[str, ...] = ("-pk",)
    noun = "rows"
    page_size_query_param = "page_size"
    max_page_size = 200
    COUNT_UP_TO = 1000
    CURSOR_MAX = 200

    def paginate_queryset(self, queryset, request, view=None):
        self.numbered = PagePagination() if "page" in request.query_params else None
        if self.numbered is not None:
            return self.numbered.paginate_queryset(queryset.order_by(*self.ordering), request, view)
        # Counting up to a bound reads at most that many index entries, however long the history.
        counted = queryset.order_by().values("pk")[: self.COUNT_UP_TO + 1].count()
        self.count = counted if counted <= self.COUNT_UP_TO else None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.numbered is not None:
            return self.numbered.get_paginated_response(data)
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "example": 123,
                    "description": f"How many {self.noun} match, counted up to {self.COUNT_UP_TO}: null "
                    "when more match (follow `next` to read them all). Exact with `?page=`.",
                },
                "next": {**link, "description": "The page after this one (`?cursor=`), or null."},
                "previous": {**link, "description": "The page before this one, or null."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        page = {
            "name": "page",
            "required": False,
            "in": "query",
            "description": "Deprecated: a page number, for clients written before `cursor`. Counts every "
            f"matching one of the {self.noun}; prefer the `next` and `previous` links.",
            "deprecated": True,
            "schema": {"type": "integer"},
        }
        cursor, size = super().get_schema_operation_parameters(view)
        cursor["schema"] = {**cursor["schema"], "maxLength": self.CURSOR_MAX}
        return [cursor, size, page]

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and len(encoded) > self.CURSOR_MAX:  # ours are about 60 characters
            raise NotFound(self.invalid_cursor_message)
        return super().decode_cursor(request)
