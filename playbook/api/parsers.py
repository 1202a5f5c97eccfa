"""The API's JSON parser: DRF's, with a ceiling on how deep and how large a body may be.

Python's decoder recurses once per level of nesting, and so do the serializers that read the result,
so a body of a few kilobytes (``[[[[…]]]]`` five thousand deep) would exhaust the stack before a
single field is checked. No request Playbook understands nests deeper than a handful of levels, so
the depth is measured before anything is decoded, and a deeper body is a 400 in the API's error
format like any other body that is not the JSON asked for.
"""

from __future__ import annotations

import re
from itertools import accumulate

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_DEPTH = 32

# A JSON string, escapes included. Possessive, and the closing quote optional, so that a quote never
# closed costs one pass to the end of the body instead of one pass per quote after it.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether more than ``limit`` arrays and objects are ever open at once, outside strings.

    Measured on the raw text, so a body that is not valid JSON is measured too: an unclosed
    ``[[[[…`` recurses in the decoder as deeply as a closed one."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    if brackets.count("[") + brackets.count("{") <= limit:  # the usual body: too few to be too deep
        return False
    levels = accumulate(map(_STEP.__getitem__, brackets))
    return next(filter(limit.__lt__, levels), None) is not None


class JSONParser(parsers.JSONParser):
    """Parses a JSON body of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes and ``MAX_DEPTH`` levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Django has already refused a larger body when DRF read it; this holds for any other stream.
        # (playbook.api.errors answers it with a 413; importing that here would be an import cycle,
        # since DRF loads its parsers while it defines its views.)
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        try:
            "".encode(encoding)  # a text encoding only: a codec such as bz2 would inflate the body
            text = raw.decode(encoding)
        except (LookupError, UnicodeError):
            raise ParseError(f"The body is not text in {encoding}.") from None
        if too_deep(text):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:  # a guard behind the depth check, which should make this unreachable
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from None
