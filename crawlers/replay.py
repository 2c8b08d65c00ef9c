"""Offline replay server: serves recorded (and marked synthetic) responses on 127.0.0.1 for the spiders."""

from __future__ import annotations

import argparse
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
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


def form_key(body: str, *, encoded: bool = True) -> str:
    """A form body in one canonical form: like ``query_key``, but empty fields (jQuery's nulls) dropped."""
    key = query_key(body, encoded=encoded)
    return "&".join(pair for pair in key.split("&") if pair and not pair.endswith("="))


@dataclass(frozen=True)
class Gate:
    """A JavaScript cookie gate: requests without ``cookie=value`` get the gate page (which sets it)."""

    cookie: str
    value: str
    body: bytes
    status: int = 200

    def passed(self, cookie_header: str | None) -> bool:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(cookie_header or "")
        except CookieError:
            return False
        morsel = jar.get(self.cookie)
        return morsel is not None and morsel.value == self.value


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
    gate: str | None = None  # name of a gate in the manifest's ``gates``

    def next_reply(self) -> Reply:
        """Replies are served in order; the last one repeats (e.g. a 429 first, then the data)."""
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


@dataclass
class Recordings:
    routes: dict[tuple[str, str, str], Route] = field(default_factory=dict)
    # POST routes told apart by their form body (``form`` in the manifest): key → form key → route
    form_routes: dict[tuple[str, str, str], dict[str, Route]] = field(default_factory=dict)
    gates: dict[str, Gate] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, root: Path) -> Recordings:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        recordings = cls()
        gates = dict(manifest.get("gates", {}))
        if (root / "gates.json").exists():  # kept apart from the manifest, which several people edit
            gates.update(json.loads((root / "gates.json").read_text(encoding="utf-8"))["gates"])
        for name, gate in gates.items():
            recordings.gates[name] = Gate(
                cookie=gate["cookie"],
                value=gate["value"],
                body=(root / gate["file"]).read_bytes(),
                status=int(gate.get("status", 200)),
            )
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
            # "query" is written decoded for humans; "query_encoded" where a value holds & or = itself
            query = (
                query_key(entry["query_encoded"])
                if "query_encoded" in entry
                else query_key(entry.get("query", ""), encoded=False)
            )
            key = (entry.get("method", "GET").upper(), entry["path"], query)
            route = Route(synthetic=bool(entry["synthetic"]), replies=replies, gate=entry.get("gate"))
            if "form" in entry:
                recordings.form_routes.setdefault(key, {})[form_key(entry["form"], encoded=False)] = route
            else:
                recordings.routes[key] = route
        return recordings

    def find(self, method: str, target: str, body: bytes = b"") -> tuple[Route, Reply] | None:
        parts = urlsplit(target)
        key = (method, parts.path, query_key(parts.query))
        route = self.form_routes.get(key, {}).get(form_key(body.decode("utf-8", "replace")))
        route = route or self.routes.get(key)
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
            body = self.rfile.read(length) if length else b""
            found = recordings.find(method, self.path, body)
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
            gate = recordings.gates.get(route.gate or "")
            if gate is not None and not gate.passed(self.headers.get("Cookie")):
                # the gate page sets the cookie by script and reloads; the recording is not consumed
                with recordings.lock:
                    route.served -= 1
                reply = Reply(gate.body, gate.status, "text/html; charset=utf-8", reply.date, {})
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


class ReplayServer(ThreadingHTTPServer):
    """The HTTP server, with its recordings (tests read ``served`` counts from them)."""

    def __init__(self, port: int, recordings: Recordings) -> None:
        super().__init__(("127.0.0.1", port), _handler(recordings))
        self.recordings = recordings
        self.daemon_threads = True

    def served(self, method: str, path: str, query: str = "") -> int:
        """How often the route was answered (``query`` decoded, as in the manifest)."""
        route = self.recordings.routes.get((method, path, query_key(query, encoded=False)))
        return route.served if route else 0


def make_server(root: Path | None = None, port: int = 0) -> ReplayServer:
    """A replay server bound to 127.0.0.1 (port 0: the OS picks a free port)."""
    return ReplayServer(port, Recordings.load(root or RECORDINGS))


@contextmanager
def replay_server(root: Path | None = None, port: int = 0) -> Iterator[ReplayServer]:
    """A running replay server (background thread); its base URL is ``base_url(server)``."""
    server = make_server(root, port)
    thread = threading.Thread(target=server.serve_forever, name="replay-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def base_url(server: ReplayServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def serve_recordings(root: Path | None = None) -> Iterator[str]:
    """Serve the recordings in a background thread; yields the base URL, e.g. ``http://127.0.0.1:40123``."""
    with replay_server(root) as server:
        yield base_url(server)


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
