"""Serve plotly.js from the ``plotly`` package itself, so no copy of it is kept in the repository."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
PUBLISHED = {"vendor/plotly.min.js": "plotly.min.js"}


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PLOTLY_DIR))
        self.storage.prefix = "vendor"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        name = PUBLISHED.get(path)
        if name is None:
            return [] if (find_all or kwargs.get("all")) else None
        found = str(PLOTLY_DIR / name)
        return [found] if (find_all or kwargs.get("all")) else found

    def list(self, ignore_patterns):
        for name in PUBLISHED.values():
            yield name, self.storage
