"""A real webhook receiver on 127.0.0.1 for the tests: http.server in a thread.

It records each request's headers and body, answers with the codes queued in `answers`
(200 when none is left), and can be started late on a port chosen before (so that, until
then, the sender meets a refused connection).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.answers: list[int] = []
        self.received: list[tuple[dict[str, str], str]] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                with receiver.lock:
                    receiver.received.append(
                        ({k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def wait_for(check: Callable[[], object], *, seconds: float = 20.0, what: str = "") -> object:
    """Poll `check` until it gives something true, or fail after the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")
