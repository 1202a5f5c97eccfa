"""Plumbing for API views that answer with a CSV file."""

from rest_framework.negotiation import BaseContentNegotiation


class CsvContentNegotiation(BaseContentNegotiation):
    """The body is CSV whatever the client accepts; errors are JSON, as everywhere in the API."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
