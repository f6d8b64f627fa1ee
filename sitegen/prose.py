"""Contributors' Markdown: safe HTML, made in bounded time, every problem reported at its file.

Python-Markdown is quadratic or worse on some shapes of text ('[' * 5,000 takes seconds, '[' * 400,000 hours),
nests lists until Python's recursion limit, and a regular expression cannot be interrupted from inside the
process. So every body is converted once, while the content is checked (by `check` as by a build), in worker
processes that are stopped after BODY_SECONDS: a body that would run longer, or that the converter cannot
handle, is an error at its file. The shape known to be slow (many '[' in one paragraph) is refused before any
conversion starts, at its line. The pages then take each body's HTML from what the workers made.
"""
from __future__ import annotations

import atexit
import functools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from . import workers
from .cache import KeptTable
from .diagnostics import Diagnostics
from .locations import PROJECT

if TYPE_CHECKING:
    from .model import Site

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
ALLOWED_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "blockquote",
                "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BODY_SECONDS = 5.0  # a 1 MB body of ordinary Markdown takes about 2.5 s on a busy 2-core machine
WORKER_START_SECONDS = 60.0
MAX_BRACKETS = 1_000  # '[' * 1,000 in one paragraph takes 0.4 s; the time grows with the square of the count
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # controls a numeric character reference may not write
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
READY = "ready"


@dataclass(frozen=True)
class Body:
    """A Markdown text, where it was read: its file and the line its text starts on."""

    path: Path
    line: int
    text: str


# -- Markdown to safe HTML ----------------------------------------------------------------------------

def is_safe_link(url: str) -> bool:
    """Links in contributors' text go out of the site: http(s), mailto and tel only, or a fragment."""
    url = url.strip()
    if url.startswith("#"):
        return True
    parts = urlsplit(url)
    return parts.scheme.lower() in SAFE_SCHEMES and (parts.scheme.lower() in ("mailto", "tel") or bool(parts.netloc))


class _SafeTree(markdown.treeprocessors.Treeprocessor):
    """Headings moved so the text's highest is an h2 (the page's title is the h1), with no level skipped;
    unsafe links unlinked; images become their alt text."""

    def run(self, root: etree.Element) -> None:
        levels = sorted({int(e.tag[1]) for e in root.iter() if e.tag in HEADINGS})
        new_level = {level: min(2 + rank, 6) for rank, level in enumerate(levels)}
        for element in root.iter():
            if element.tag in HEADINGS:
                element.tag = f"h{new_level[int(element.tag[1])]}"
            elif element.tag == "a" and not is_safe_link(element.get("href", "")):
                element.tag = "span"
                element.attrib.clear()
            elif element.tag == "img":
                element.tag, element.text = "span", element.get("alt", "")
                element.attrib.clear()


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")  # raw HTML blocks are shown as text
        md.inlinePatterns.deregister("html")  # and so are inline tags
        md.treeprocessors.register(_SafeTree(md), "third_places_safe", 0)


def markdown_to_html(text: str) -> Markup:
    """A body's HTML: the one made while checking the content when there is one, else made here."""
    made = CONVERTED.get(text)
    return Markup(made) if made is not None else convert(text)


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown converter per process, reset before each text: building one costs more than converting."""
    return markdown.Markdown(extensions=[_SafeExtension(), "sane_lists"], output_format="html")


def convert(text: str) -> Markup:
    """Contributors' Markdown as HTML: raw HTML escaped, then cleaned by an allow-list sanitizer (nh3), with no
    control character left (a character reference such as '&#27;' would write one)."""
    try:
        made = _converter().reset().convert(text)
    except BaseException:
        # A conversion cut short (a RecursionError in deeply nested lists) leaves the block parser's state stack
        # as it was, say "inside a list", and every later text would lose its <p>: start a new converter.
        _converter.cache_clear()
        raise
    cleaned = nh3.clean(made, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=set(SAFE_SCHEMES), link_rel="noopener noreferrer")
    return Markup(CONTROL.sub("", cleaned))


# -- Checking every body, in bounded time ---------------------------------------------------------------

# Each body's HTML, from the last check: pages are rendered from these (kept in the build cache between runs).
CONVERTED = KeptTable()


def convert_bodies(bodies: Iterable[Body], diags: Diagnostics) -> None:
    """Convert every body in worker processes, each stopped after BODY_SECONDS; report every body that is refused
    beforehand, takes too long or cannot be converted, at its file. The HTML is kept for the pages."""
    waiting: dict[str, list[Body]] = {}
    for body in bodies:
        if body.text.strip() and (body.text in waiting or precheck(body, diags)):
            waiting.setdefault(body.text, []).append(body)
    texts = sorted((text for text in waiting if text not in CONVERTED),  # not converted by the last check
                   key=len, reverse=True)  # the longest first: workers end together
    results = _pool.run(texts, min(os.cpu_count() or 1, 2, len(texts))) if texts else {}
    CONVERTED.keep_only(set(waiting))
    for text, (made, value) in results.items():
        if made:
            CONVERTED.add(text, value)
        else:
            for body in waiting[text]:
                diags.error(body.path, body.line, 1, "", value)


def bodies_of(site: Site) -> list[Body]:
    """Every text's Markdown body, with the file and line it starts on."""
    return [Body(text.source, text.body_line, text.body) for entry in site.entries() for text in entry.texts]


def precheck(body: Body, diags: Diagnostics) -> bool:
    """Refuse, at its line, what is known to make the converter run long, and character references that write a
    control character; True when the body may be converted."""
    ok = True
    for found in CHARACTER_REFERENCE.finditer(body.text):
        code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        if code < 0x110000 and CONTROL.match(chr(code)):
            diags.error(body.path, *_position(body, found.start()), "",
                        f"'{found.group()}' writes a control character (U+{code:04X}); delete it")
            ok = False
    start = 0
    for block in body.text.split("\n\n"):
        brackets = block.count("[")
        if brackets > MAX_BRACKETS:
            diags.error(body.path, _position(body, start)[0], 1, "",
                        f"a paragraph with {brackets:,} '[' takes too long to turn into HTML; split it, or keep "
                        f"it under {MAX_BRACKETS:,} '['")
            ok = False
        start += len(block) + 2
    return ok


def _position(body: Body, offset: int) -> tuple[int, int]:
    """Line and column of an offset in the body (a body inline in YAML is placed at its first line)."""
    if body.path.suffix != ".md":
        return body.line, 1
    line_start = body.text.rfind("\n", 0, offset) + 1
    return body.line + body.text.count("\n", 0, offset), offset - line_start + 1


def serve(descriptor: int) -> None:
    """A worker (`python -m sitegen.prose FD`): converts each text it is sent on the socket FD and sends back
    (True, html) or (False, why not)."""
    connection = Connection(descriptor)
    connection.send(READY)
    while True:
        try:
            text = connection.recv()
        except EOFError:
            return
        try:
            connection.send((True, str(convert(text))))
        except RecursionError:
            connection.send((False, "the text nests lists or quotes too deeply to turn into HTML; flatten it"))
        except Exception as failure:  # noqa: BLE001 - any failure of the converter is the text's problem
            connection.send((False, f"the text cannot be turned into HTML ({type(failure).__name__}); simplify it"))


TOO_SLOW = (f"the text takes longer than {BODY_SECONDS:g} seconds to turn into HTML and was stopped; long runs of "
            "'[', '*', '_' or '=' are the usual cause: shorten them")
CRASHED = "the text stopped the Markdown converter; simplify it"


class _Worker:
    """A Python process started afresh (never forked from the build, whose threads a fork would copy half-way),
    connected by a socket pair."""

    def __init__(self) -> None:
        mine, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-m", "sitegen.prose", str(theirs.fileno())],
                                        cwd=PROJECT, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                        preexec_fn=workers.die_with_parent)
        theirs.close()
        self.connection = Connection(mine.detach())
        self.text: str | None = None
        self.deadline = 0.0
        self.ready = False  # started, not yet known to be ready: it starts while the content is read

    def give(self, text: str) -> None:
        if not self.ready:
            if not self.connection.poll(WORKER_START_SECONDS) or self.connection.recv() != READY:
                self.stop()
                raise RuntimeError("the Markdown worker process did not start")
            self.ready = True
        self.connection.send(text)
        self.text, self.deadline = text, time.monotonic() + BODY_SECONDS

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()


class _WorkerPool:
    """Worker processes that convert texts one at a time; a worker past its deadline is killed and replaced.
    The pool lives as long as the process, so the builds of a server or a test run start no new workers."""

    def __init__(self) -> None:
        self.workers: list[_Worker] = []
        self.lock = threading.Lock()
        self.owner = os.getpid()

    def run(self, texts: list[str], size: int) -> dict[str, tuple[bool, str]]:
        with self.lock:
            if self.owner != os.getpid():  # a forked copy of the pool: its sockets are the parent's, never shared
                self.workers, self.owner = [], os.getpid()
            self.workers += [_Worker() for _ in range(size - len(self.workers))]
            queue: deque[str] = deque(texts)
            results: dict[str, tuple[bool, str]] = {}
            while queue or self._busy():
                for worker in self.workers:
                    if worker.text is None and queue:
                        worker.give(queue.popleft())
                results.update(self._collect())
            return results

    def warm(self) -> None:
        """Start a worker now, on a machine with a core to spare, so that a check or build after an edit does not
        wait for one to start (about a third of a second) when it has a text to convert."""
        with self.lock:
            if self.owner == os.getpid() and not self.workers and workers.available_cores() > 1:
                self.workers.append(_Worker())

    def close(self) -> None:
        with self.lock:
            for worker in self.workers:
                worker.stop()
            self.workers.clear()

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.text is not None]

    def _collect(self) -> dict[str, tuple[bool, str]]:
        busy = self._busy()
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
        ready = wait([worker.connection for worker in busy], timeout)
        done = {}
        for worker in busy:
            text = worker.text or ""
            if worker.connection in ready:
                done[text] = self._answer(worker)
            elif time.monotonic() >= worker.deadline:
                done[text] = (False, TOO_SLOW)
                self._replace(worker)
        return done

    def _answer(self, worker: _Worker) -> tuple[bool, str]:
        try:
            made, value = worker.connection.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return (False, CRASHED)
        worker.text = None
        return bool(made), str(value)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self.workers.remove(worker)
        self.workers.append(_Worker())


_pool = _WorkerPool()
atexit.register(_pool.close)
warm_up = _pool.warm


if __name__ == "__main__":
    serve(int(sys.argv[1]))
