"""Offline replay server: serves recorded (and marked synthetic) responses on 127.0.0.1 for the spiders."""

from __future__ import annotations

import argparse
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

RECORDINGS = Path(__file__).resolve().parent / "recordings"
SYNTHETIC_HEADER = "X-Replay-Synthetic"
DEFAULT_DATE = "Mon, 01 Jan 2024 00:00:00 GMT"
log = logging.getLogger(__name__)


def query_key(query: str, *, encoded: bool = True) -> str:
    """A query string in one canonical form (decoded, params sorted) so requests match recordings."""
    if encoded:
        pairs = parse_qsl(query, keep_blank_values=True)
    else:  # manifest queries are written decoded, for humans
        pairs = [(part.partition("=")[0], part.partition("=")[2]) for part in query.split("&") if part]
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


@dataclass(frozen=True)
class Reply:
    body: bytes
    status: int
    content_type: str
    date: str
    headers: dict[str, str]


@dataclass
class Route:
    synthetic: bool
    replies: list[Reply]
    served: int = 0

    def next_reply(self) -> Reply:
        """Replies are served in order; the last one repeats (e.g. a 429 first, then the data)."""
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


@dataclass
class Recordings:
    routes: dict[tuple[str, str, str], Route] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, root: Path) -> Recordings:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        recordings = cls()
        for entry in manifest["routes"]:
            replies = [
                Reply(
                    body=(root / reply["file"]).read_bytes(),
                    status=int(reply.get("status", 200)),
                    content_type=reply.get("content_type", "application/octet-stream"),
                    date=reply.get("date", DEFAULT_DATE),
                    headers=dict(reply.get("headers", {})),
                )
                for reply in entry["responses"]
            ]
            key = (
                entry.get("method", "GET").upper(),
                entry["path"],
                query_key(entry.get("query", ""), encoded=False),
            )
            recordings.routes[key] = Route(synthetic=bool(entry["synthetic"]), replies=replies)
        return recordings

    def find(self, method: str, target: str) -> tuple[Route, Reply] | None:
        parts = urlsplit(target)
        route = self.routes.get((method, parts.path, query_key(parts.query)))
        if route is None and method == "HEAD":
            route = self.routes.get(("GET", parts.path, query_key(parts.query)))
        if route is None:
            return None
        with self.lock:
            return route, route.next_reply()


def _handler(recordings: Recordings) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "patentdb-replay"
        protocol_version = "HTTP/1.1"
        reply_date = DEFAULT_DATE

        def date_time_string(self, timestamp: float | None = None) -> str:
            return self.reply_date  # the recorded Date, so replayed crawls are reproducible

        def log_message(self, format: str, *args: object) -> None:
            log.debug("replay: " + format, *args)

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            found = recordings.find(method, self.path)
            if found is None:
                body = f"no recording for {method} {self.path}\n".encode()
                self.reply_date = DEFAULT_DATE
                self.send_response(404)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            route, reply = found
            self.reply_date = reply.date
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            if route.synthetic:
                self.send_header(SYNTHETIC_HEADER, "1")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(reply.body)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_HEAD(self) -> None:
            self._serve("HEAD")

    return Handler


def make_server(root: Path | None = None, port: int = 0) -> ThreadingHTTPServer:
    """A replay server bound to 127.0.0.1 (port 0: the OS picks a free port)."""
    recordings = Recordings.load(root or RECORDINGS)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(recordings))
    server.daemon_threads = True
    return server


@contextmanager
def serve_recordings(root: Path | None = None) -> Iterator[str]:
    """Serve the recordings in a background thread; yields the base URL, e.g. ``http://127.0.0.1:40123``."""
    server = make_server(root)
    thread = threading.Thread(target=server.serve_forever, name="replay-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve recorded source responses on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", type=Path, default=None, help="recordings folder with manifest.json")
    args = parser.parse_args(argv)
    server = make_server(args.root, args.port)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
