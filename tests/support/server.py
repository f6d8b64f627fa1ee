"""Serve a built site over HTTP on 127.0.0.1, mounted under a base path, as a web host would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def content_type_for(path: Path) -> str:
    """The Content-Type for a file; Pagefind's .pf_* files and unknown files are binary."""
    suffix = path.suffix.lower()
    if suffix.startswith(".pf_"):
        return DEFAULT_CONTENT_TYPE
    return CONTENT_TYPES.get(suffix, DEFAULT_CONTENT_TYPE)


def normalise_base_path(base_path: str) -> str:
    """'/repo' or 'repo/' → '/repo/'; '' → '/'."""
    stripped = base_path.strip("/")
    return f"/{stripped}/" if stripped else "/"


def locate(root: Path, base_path: str, url_path: str) -> Path | None:
    """The file or directory a URL path names, or None when outside the base path or the root."""
    decoded = unquote(url_path)
    if decoded + "/" == base_path:
        decoded = base_path
    if not decoded.startswith(base_path):
        return None
    candidate = (root / decoded[len(base_path):]).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate if candidate.exists() else None


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from a directory mounted under a base path; quiet."""

    root: Path
    base_path: str

    def __init__(self, *args: object, root: Path, base_path: str, **kwargs: object) -> None:
        self.root = root
        self.base_path = base_path
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
        self.respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        url_path = urlsplit(self.path).path
        target = locate(self.root, self.base_path, url_path)
        if target is not None and target.is_dir():
            if not url_path.endswith("/"):
                self.redirect(url_path + "/")  # as GitHub Pages does
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self.send_not_found(send_body)
            return
        self.send_file(HTTPStatus.OK, target, send_body)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_not_found(self, send_body: bool) -> None:
        not_found_page = self.root / "404.html"
        if not_found_page.is_file():
            self.send_file(HTTPStatus.NOT_FOUND, not_found_page, send_body)
            return
        self.send_bytes(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", send_body)

    def send_file(self, status: HTTPStatus, path: Path, send_body: bool) -> None:
        self.send_bytes(status, path.read_bytes(), content_type_for(path), send_body)

    def send_bytes(self, status: HTTPStatus, body: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Silence the per-request log lines."""


@contextmanager
def serve_directory(root: Path, base_path: str = "/") -> Iterator[str]:
    """Serve `root` on a free port of 127.0.0.1 under `base_path`; yields the base URL."""
    mount = normalise_base_path(base_path)
    handler = partial(SiteRequestHandler, root=Path(root).resolve(), base_path=mount)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{mount}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
