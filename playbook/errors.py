"""The domain's own errors, raised by services and answered once for every page and API view.

``Conflict``: the state of the data forbids the change (a frozen prediction, a closed meeting, an
edit someone else made first). The API's error handler answers it with a 409 in the one error
shape; pages show its message (``playbook.web``). Apps subclass it to say which conflict it is.
"""


class Conflict(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
