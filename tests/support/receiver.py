"""A real HTTP receiver on localhost for the webhook tests: it records every request it is sent and
can answer an error for the first few, as a receiver that is down a while does.

``ThreadingHTTPServer`` in a thread of the test process, so a Celery worker in another process can
reach it too; it also counts how many requests it is answering at once, which shows whether two
senders really overlapped.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    requests: list[Received] = field(default_factory=list)
    fail_first: int = 0  # answer ``fail_status`` to this many requests, then 200
    fail_status: int = 500
    delay: float = 0.0  # seconds each answer takes
    status: int = 200
    reply: str = "thanks"
    most_at_once: int = 0
    _busy: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        with self._lock:
            self._busy += 1
            self.most_at_once = max(self.most_at_once, self._busy)
            self.requests.append(Received(handler.path, dict(handler.headers.items()), body))
            failing = len(self.requests) <= self.fail_first
        try:
            if self.delay:
                time.sleep(self.delay)
            status = self.fail_status if failing else self.status
            text = (f"failure {len(self.requests)}" if failing else self.reply).encode()
            handler.send_response(status)
            handler.send_header("Content-Type", "text/plain")
            handler.send_header("Content-Length", str(len(text)))
            handler.end_headers()
            handler.wfile.write(text)
        finally:
            with self._lock:
                self._busy -= 1


@contextmanager
def running_receiver(**options):
    receiver = Receiver(**options)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            receiver._answer(self)

        def log_message(self, *args):  # quiet: the test reads ``receiver.requests``
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
