"""The preview: build the site for localhost, serve it, and on every edit of the content or the templates
rebuild what changed and reload the open pages that changed.

An edit of an entry's files is shown first: its own pages are rendered at once and served from memory, and the
open pages are told to reload; then the whole site is rebuilt with the cache (only changed pages are made
anew) in a forked process, swapped in, and the open pages that changed reload. A newer edit stops that build
(the one after it does its work too), so it never slows the next edit down. The search index is then brought
up to date in the background; the booklets are made when one is asked for (on demand). While the content has
an error, the last good site stays served and every open page shows the errors over it, in its language; fixing
the file clears them. The reload script is added to HTML responses by this server: it is never in the built
files.
"""
from __future__ import annotations

import http.server
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import build, cache, workers
from .cards import Context
from .diagnostics import BuildFailed, Diagnostic, Diagnostics, format_report
from .kinds import KINDS
from .locations import TEMPLATES
from .render import make_environment, render_page
from .urls import Urls
from .views import page_context

SECTIONS = frozenset(kind.folder for kind in KINDS if kind.parent is None)  # the top-level entry folders
PREFIX = "/__preview__/"
SCRIPT = Path(__file__).resolve().parent / "preview.js"
EMPTY_PAGE = b'<!doctype html><html><head><meta charset="utf-8"><title>third-places</title></head><body></body></html>'
QUIET_MS = 30  # a burst of file events (an editor saving) ends after this much quiet
BACKGROUND_NICE = 10  # the full builds' priority: the quick render of the next edit goes first
IDLE_SECONDS = 1.0  # edits paused this long: the search index is brought up to date


@dataclass
class State:
    """What the open pages are told: the build's generation, when each path last changed, the errors."""

    generation: int = 0
    changed_at: dict[str, int] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    memory: dict[str, bytes] = field(default_factory=dict)  # pages rendered ahead of the swap, by path
    condition: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, changed: Iterable[str], errors: list[Diagnostic],
                memory: dict[str, bytes] | None = None) -> None:
        with self.condition:
            self.generation += 1
            self.changed_at.update({path: self.generation for path in changed})
            self.errors = errors
            if memory is not None:
                self.memory = memory
            self.condition.notify_all()

    def published_since(self, generation: int) -> Callable[[], bool]:
        """For condition.wait_for: true once a build other than `generation` is published."""
        return lambda: self.generation != generation


def background() -> None:
    """This thread (a Linux task of its own) yields the processor to the others, and so do the processes it forks."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):
        pass  # not Linux, or not allowed: the same priority as the rest


class Preview:
    """The builds: a quick render of the edited entries' pages, then a full cached build, then the index."""

    def __init__(self, content_dir: Path, output: Path, templates: Path, port: int, jobs: int | None, strict: bool):
        self.content_dir, self.output, self.templates, self.strict = content_dir, output.resolve(), templates, strict
        self.base_url, self.jobs = f"http://localhost:{port}/", jobs
        self.state = State()
        self.memo = cache.EntryMemo()
        self.lock = threading.Lock()  # one build at a time
        self.last: build.Prepared | None = None
        self.context: Context | None = None
        self.wanted: build.Prepared | None = None  # the latest content to build
        self.wake = threading.Event()
        self.index_stale = False
        self.booklets_stale = True
        self.env = make_environment(templates)  # kept: its compiled templates are reloaded only when they change
        self.apart = False
        self.child: int | None = None  # the process of the full build that runs (see full_build)
        self.stoppable = False
        self.child_lock = threading.Lock()

    # -- the builds ---------------------------------------------------------------------------------

    def first_build(self) -> None:
        """The first build, search index included (booklets are carried over, and made on demand)."""
        ready = self.prepare()
        if ready is not None:
            with self.lock:
                self.build_now(ready, "make")
        self.apart = "fork" in multiprocessing.get_all_start_methods()  # the builds after the first (see full_build)

    def prepare(self) -> build.Prepared | None:
        """The content loaded (unchanged entries from memory), checked and planned; None after reporting."""
        diags = Diagnostics()
        try:
            ready = build.prepare(self.content_dir, self.templates, self.base_url, diags, build.BuildResult(),
                                  memo=self.memo)
            if self.strict and diags.warnings:
                raise BuildFailed(diags.items)
        except BuildFailed as failed:
            self.report(failed.diagnostics)
            return None
        return ready

    def edited(self, changed: set[Path]) -> None:
        """On the watcher's thread: prepare, show the edited entries' pages at once, and ask for a build."""
        started = time.perf_counter()
        self.stop_full_build()
        self.memo.dirty = self.dirty_folders(changed)
        with workers.collection_paused():
            ready = self.prepare()
            quick = self.render_ahead(ready, changed) if ready is not None else {}
        if ready is None:
            return
        if quick:
            self.state.publish(quick, [], dict(quick))
            print(f"shown: {len(quick)} edited pages in {time.perf_counter() - started:.2f}s", flush=True)
        self.wanted, self.booklets_stale = ready, True
        self.wake.set()

    def builder(self, stop: threading.Event) -> None:
        """On its own thread: a full build for the latest prepared content; the index when the edits pause.
        The thread, and the render processes it forks, run at a lower priority than the watcher's, so that the
        next edit is shown while the last one's full build still runs."""
        background()
        while not stop.is_set():
            if not self.wake.wait(timeout=IDLE_SECONDS):
                if self.index_stale and self.last is not None:
                    with self.lock:
                        self.build_now(self.last, "make")
                continue
            self.wake.clear()
            with self.lock:
                self.build_now(self.wanted, "carry")

    def build_now(self, ready: build.Prepared | None, index: build.Slow) -> None:
        if ready is None:
            return
        try:
            result = self.full_build(ready, "carry", index, stoppable=True)
        except BuildFailed as failed:
            self.report(failed.diagnostics)
            return
        except workers.Ended:
            return  # stopped by a newer edit, which asked for a build of its own
        self.last, self.index_stale = ready, index != "make"
        ahead = self.state.memory
        changed = ["/" + path for path in result.written
                   if ahead.get("/" + path) != (self.output / path).read_bytes()]  # shown already: no reload
        self.state.publish(changed, [], {} if ready is self.wanted or self.wanted is None else None)
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items() if seconds >= 0.01)
        print(f"rebuilt: {len(result.written)} made anew, {result.reused} reused [{timings}]", flush=True)

    def full_build(self, ready: build.Prepared, booklets: build.Slow, index: build.Slow,
                   stoppable: bool = False) -> build.BuildResult:
        """A cached build of the prepared content, in a process of its own (forked: it has the content in memory
        and its own interpreter lock, so the open pages are served at full speed meanwhile). What the quick render
        of the next edit needs of it comes back with the result. A `stoppable` build is stopped by the next edit
        (see `edited`); the output is swapped in whole, so stopping it never leaves half a site."""
        self.stoppable = stoppable
        def run() -> tuple[build.BuildResult, tuple[dict[str, tuple[int, int]], dict[str, str], str]]:
            result = build.build_site(self.content_dir, self.output, self.base_url, self.templates, jobs=self.jobs,
                                      booklets=booklets, index=index, prepared=ready)
            ctx, result.context = result.context, None  # the site itself is not sent back: this process has it
            assert ctx is not None
            return result, (ctx.photo_sizes, ctx.asset_versions, ctx.content_in_repo)
        result, (sizes, versions, in_repo) = workers.in_fork(run, self.running) if self.apart else run()
        self.context = Context(ready.site, ready.places, ready.urls, ready.strings, sizes, versions, self.content_dir,
                               in_repo, KINDS)
        return result

    def running(self, pid: int | None) -> None:
        with self.child_lock:
            self.child = pid

    def stop_full_build(self) -> None:
        """A new edit stops the full build of the edit before, if one runs: it would take the processor (and, while
        the forked build shares this process's memory, copy it page by page) as the edit is prepared, and the build
        that follows this edit does its work again anyway. The pages of the edit are shown before either."""
        with self.child_lock:
            if self.child is not None and self.stoppable:
                os.kill(self.child, signal.SIGTERM)

    def render_ahead(self, ready: build.Prepared, changed: set[Path]) -> dict[str, bytes]:
        """The pages of the entries whose files changed, rendered now from the last build's context (the
        templates, strings and settings unchanged), by URL path; nothing when anything else changed."""
        folders = {path.parent.resolve() for path in changed}
        if self.context is None or not changed or any(not self.is_entry_file(path) for path in changed):
            return {}
        ctx = Context(ready.site, ready.places, ready.urls, ready.strings, self.context.photo_sizes,
                      self.context.asset_versions, self.content_dir, self.context.content_in_repo, KINDS)
        names = {folder.name for folder in folders}  # a cheap test first: resolving every page's folder is not
        pages = [page for page in ready.pages if page.source is not None and page.source.name in names
                 and page.source.resolve() in folders]
        try:
            return {"/" + Urls.output_file(page.path): render_page(self.env, page.template, page_context(page, ctx),
                                                                   page.path, page.source).encode("utf-8")
                    for page in pages}
        except BuildFailed:
            return {}  # the full build that follows reports the failure, at the template's line

    def dirty_folders(self, changed: set[Path]) -> set[str] | None:
        """The entry folders the watcher saw a change in, as the loader names them; None (read every folder
        whose files' sizes or times changed) when a change is outside the entry folders."""
        root, folders = self.content_dir.resolve(), set()
        for path in changed:
            try:
                parts = path.resolve().relative_to(root).parts
            except ValueError:
                continue  # a template: the content is unchanged
            if len(parts) < 2 or len(parts) > 3 or parts[0] not in SECTIONS:
                return None  # outside the top-level entry folders, or inside a nested entry (a lab's journal)
            folders.add(str(self.content_dir / parts[0] / parts[1]))
        return folders

    def is_entry_file(self, path: Path) -> bool:
        """A text or data file of one entry (content/<section>/<slug>/<file>), not a photo: its pages only."""
        try:
            parts = path.resolve().relative_to(self.content_dir.resolve()).parts
        except ValueError:
            return False
        return len(parts) == 3 and parts[0] in SECTIONS and path.suffix in (".md", ".yaml")

    def make_booklets(self) -> None:
        """On demand (a booklet asked for): the booklets of the last good content, reusing unchanged ones."""
        with self.lock:
            if not self.booklets_stale or self.last is None:
                return
            result = self.full_build(self.last, "make", "carry" if self.index_stale else "make")
            self.booklets_stale = False
            print(f"booklets: {sum(path.endswith('.pdf') for path in result.written)} made anew", flush=True)

    def report(self, diagnostics: list[Diagnostic]) -> None:
        print(format_report(diagnostics), file=sys.stderr, flush=True)
        self.state.publish([], [d for d in diagnostics if d.severity == "error"] or diagnostics)

    # -- watching ------------------------------------------------------------------------------------

    def watch(self, stop: threading.Event) -> None:
        """Every burst of changes in the content and the templates, as it comes."""
        from watchfiles import watch
        for changes in watch(self.content_dir, self.templates, stop_event=stop, step=QUIET_MS, rust_timeout=500):
            self.edited({Path(path) for _, path in changes})

    def texts(self, lang: str) -> dict[str, Any]:
        """The overlay's words in a page's language (plural forms as written, chosen by the script)."""
        strings = self.last.strings if self.last else {}
        t = strings.get(lang) or next(iter(strings.values()), None)
        if t is None:
            return {"title": {"other": "The content has errors; the last good build is shown."}, "hint": ""}
        return {"title": t.forms("preview_errors_title"), "hint": t("preview_errors_hint")}


# -- the server --------------------------------------------------------------------------------------

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that left (a reload, a closed tab) is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview
    versioned = False  # the file asked for is named with its version

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX + "preview.js":
            return self.send_body(200, SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if path == PREFIX + "events":
            return self.events()
        if path.endswith(".pdf") and self.preview.booklets_stale:
            self.preview.make_booklets()
        page = self.page_of(path)
        if page is not None:
            return self.send_body(200, self.with_script(page, path), "text/html; charset=utf-8")
        self.versioned = "v" in parse_qs(urlsplit(self.path).query)
        return super().do_GET()

    def page_of(self, path: str) -> bytes | None:
        """An HTML page: from memory when it was rendered ahead of the swap, else from the output folder."""
        path = path + "index.html" if path.endswith("/") else path
        with self.preview.state.condition:
            ahead = self.preview.state.memory.get(path)
        if ahead is not None:
            return ahead
        file = Path(self.directory) / path.lstrip("/")
        if not path.endswith(".html") or not file.is_file() or ".." in Path(path).parts:
            return None
        return file.read_bytes()

    def with_script(self, page: bytes, path: str) -> bytes:
        """The page with the preview's script before </head>, told which build of the page it shows."""
        path = path + "index.html" if path.endswith("/") else path
        version = self.preview.state.changed_at.get(path, 0)
        tag = (f'<script src="{PREFIX}preview.js" data-path="{path}" data-version="{version}" defer></script>'
               .encode())
        head = page.find(b"</head>")
        return page[:head] + tag + page[head:] if head >= 0 else page + tag

    def events(self) -> None:
        """Server-sent events: this page's state now, then at every build (a reload, or the errors)."""
        query = parse_qs(urlsplit(self.path).query)
        path, lang = query.get("path", ["/"])[0], query.get("lang", [""])[0]
        seen = int(query.get("version", ["0"])[0] or 0)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state, generation = self.preview.state, -1
        try:
            while True:
                with state.condition:
                    state.condition.wait_for(state.published_since(generation), timeout=15)
                    generation, errors = state.generation, list(state.errors)
                    version = state.changed_at.get(path, 0)
                reload = version > seen
                message = {"reload": reload, "errors": [d.human() for d in errors], "texts": self.preview.texts(lang)}
                self.wfile.write(f"data: {json.dumps(message)}\n\n".encode())
                self.wfile.flush()
                if reload:
                    return
        except (BrokenPipeError, ConnectionResetError):
            return

    def send_body(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_response(self, code: int, message: str | None = None) -> None:
        """An asset named with its version (`?v=`, the hash of its bytes) never changes: a page reloaded after an
        edit takes it from the browser's cache instead of asking for each again."""
        super().send_response(code, message)
        if code == 200 and self.versioned:
            self.send_header("Cache-Control", "max-age=31536000, immutable")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Serve the site's own 404.html, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != 404:
            return super().send_error(code, message, explain)
        body = page.read_bytes() if page.is_file() else EMPTY_PAGE  # no good build yet: the errors alone
        self.send_body(404, self.with_script(body, "/404.html"), "text/html; charset=utf-8")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the builds report; every request would drown them


def serve(content_dir: Path, output: Path, port: int, templates: Path = TEMPLATES, strict: bool = False,
          jobs: int | None = None) -> int:
    """Build, serve on http://localhost:PORT/ and rebuild on every edit until Ctrl+C."""
    preview = Preview(content_dir, output, templates, port, jobs, strict)
    preview.first_build()
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    stop = threading.Event()
    threads = [threading.Thread(target=work, args=(stop,), daemon=True) for work in (preview.watch, preview.builder)]
    with Server(("127.0.0.1", port), lambda *a: handler(*a, directory=str(output))) as server:
        for thread in threads:
            thread.start()
        print(f"Serving {output} on http://localhost:{port}/ and watching {content_dir} and {templates} "
              "(Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("stopped")
        finally:
            stop.set()
    return 0
