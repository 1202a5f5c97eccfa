"""Text cells that are safe to open in a spreadsheet.

A cell starting like a formula (OWASP's list: = + - @, tab, carriage return) would run as one
when the file is opened in Excel or Sheets, so every export puts a ``'`` before it, and imports
take that guard off again so a round trip changes nothing.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def unguarded(text: str) -> str:
    """The text ``safe_cell`` guarded, as it was."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text
