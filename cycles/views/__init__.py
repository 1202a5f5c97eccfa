"""PDSA cycles in the browser, one module per topic; ``cycles.urls`` imports the modules themselves.

Each view fetches through ``selectors``/``permissions`` and writes through one ``services`` call,
posted with ``playbook.web.submit``: a service's ValidationError goes back onto the form, a
CycleConflict (frozen predictions, a move the method does not allow) re-renders the cycle with the
message and status 409 (``detail.post_to_cycle``); 403 and 404 propagate.
"""
