"""The theory's HTML views: the pages (``pages``) and the edits to each tool, one module per tool."""
