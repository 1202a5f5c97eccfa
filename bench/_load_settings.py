"""Settings for ``bench/load.py``'s gunicorn: the production settings plus one trivial view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "_load_urls"
