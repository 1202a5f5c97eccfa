"""Tokens in links that stand for a person's right to something (an invitation, a shared story).

The raw token exists only in the link handed out; the database keeps its SHA-256, so a copy of the
database opens nothing. One place for both halves, so every such link is made and checked alike.
"""

import hashlib
import secrets


def new_token() -> str:
    """A fresh token for a link: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database keeps of ``token``, and looks a presented token up by."""
    return hashlib.sha256(token.encode()).hexdigest()
