"""The preview server (`serve`): it reloads an open page after an edit, shows the content's errors over the
page in the page's language and clears them when the file is fixed, and its script is never in a build."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from sitegen.locations import TEMPLATES
from sitetools import FIXTURES, REPO, build, snapshot
from support.browser import block_external_requests

SPACE = "spaces/atelier-een"
STARTUP_SECONDS = 120
EDIT_TIMEOUT_MS = 60_000  # generous: a shared CI machine may be busy; the benchmark measures the real latency


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    def __init__(self, content: Path, output: Path, port: int, process: subprocess.Popen):
        self.content, self.output, self.port, self.process = content, output, port, process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content, output, port = tmp_path / "content", tmp_path / "output", free_port()
    shutil.copytree(FIXTURES / "minimal", content)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "build.py", "serve", "--content", str(content), "--output", str(output),
                                "--port", str(port), "--jobs", "1"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Serving" not in (tmp_path / "serve.log").read_text() and time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        yield Preview(content, output, port, process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_page()
    block_external_requests(page)
    page.goto(url)
    page.wait_for_function("() => !!document.querySelector('script[data-version]')")
    return page


@pytest.mark.browser
@pytest.mark.slow
def test_an_open_page_reloads_with_the_edit(preview: Preview, browser: Browser) -> None:
    page = open_page(browser, preview.url("nl/ruimten/atelier-een/"))
    expect(page.locator("main")).to_contain_text("een handvol werkplekken")
    body = preview.content / SPACE / "nl.md"
    body.write_text(body.read_text(encoding="utf-8").replace("een handvol werkplekken", "twintig werkplekken"),
                    encoding="utf-8")
    expect(page.locator("main")).to_contain_text("twintig werkplekken", timeout=EDIT_TIMEOUT_MS)
    written = preview.output / "nl/ruimten/atelier-een/index.html"
    deadline = time.monotonic() + EDIT_TIMEOUT_MS / 1000  # the full rebuild swaps in behind the page shown ahead
    while "twintig werkplekken" not in written.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "twintig werkplekken" in written.read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.slow
def test_errors_show_over_the_page_in_its_language_and_clear_when_fixed(preview: Preview, browser: Browser) -> None:
    page = open_page(browser, preview.url("fr/espaces/atelier-een/"))
    facts = preview.content / SPACE / "space.yaml"
    good = facts.read_text(encoding="utf-8")
    facts.write_text(good.replace("kind: shared-workspace", "kind: shared-worksp"), encoding="utf-8")
    overlay = page.locator("#preview-errors")
    expect(overlay).to_be_visible(timeout=EDIT_TIMEOUT_MS)
    expect(overlay).to_contain_text("Le contenu a 1 erreur")
    expect(overlay).to_contain_text(f"{SPACE}/space.yaml:")
    expect(overlay).to_contain_text("shared-worksp")
    expect(page.locator("h1")).to_contain_text("Atelier Een")  # the last good page stays under it
    other = open_page(browser, preview.url("nl/"))  # a page opened while the error lasts shows it too
    expect(other.locator("#preview-errors")).to_contain_text("De inhoud heeft 1 fout")
    facts.write_text(good, encoding="utf-8")
    expect(overlay).to_be_hidden(timeout=EDIT_TIMEOUT_MS)
    expect(other.locator("#preview-errors")).to_be_hidden(timeout=EDIT_TIMEOUT_MS)


@pytest.mark.slow
def test_the_script_is_only_in_what_the_server_sends(preview: Preview, tmp_path: Path) -> None:
    import urllib.request
    sent = urllib.request.urlopen(preview.url("nl/")).read().decode("utf-8")
    assert "/__preview__/preview.js" in sent
    on_disk = snapshot(preview.output)
    assert not [path for path, data in on_disk.items() if b"__preview__" in data]
    build("minimal", tmp_path / "built")
    assert not [path for path, data in snapshot(tmp_path / "built").items() if b"__preview__" in data]


def test_the_full_builds_run_behind_the_quick_render_of_the_next_edit() -> None:
    """The builder thread (and the render processes it forks) yields the processor: an edit saved while the last
    one's full build runs is shown first."""
    import os
    import threading

    from sitegen import serve
    seen: list[int] = []

    def builder() -> None:
        serve.background()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        child = os.fork()
        if child == 0:
            os._exit(os.getpriority(os.PRIO_PROCESS, 0))
        seen.append(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))

    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=builder)
    thread.start()
    thread.join()
    assert seen == [mine + serve.BACKGROUND_NICE] * 2
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine, "the server itself keeps its own"


def test_an_edit_stops_the_full_build_of_the_edit_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The full build runs in a forked process; the next edit stops it (its own build follows), so the edit is
    prepared without a build competing for the processor. A stopped build publishes nothing."""
    import threading
    from typing import Any

    from sitegen import build as builds
    from sitegen import serve
    started = tmp_path / "started"

    def slow_build(*args: object, **kwargs: object) -> None:
        started.touch()
        time.sleep(60)
    monkeypatch.setattr(builds, "build_site", slow_build)
    preview = serve.Preview(FIXTURES / "minimal", tmp_path / "out", TEMPLATES, free_port(), 1, False)
    preview.apart = True
    prepared: Any = object()  # the fake build never reads it
    builder = threading.Thread(target=preview.build_now, args=(prepared, "carry"))
    began = time.monotonic()
    builder.start()
    while not started.exists() and time.monotonic() - began < 30:
        time.sleep(0.01)
    preview.stop_full_build()
    builder.join(30)
    assert not builder.is_alive() and time.monotonic() - began < 30
    assert preview.state.generation == 0 and preview.child is None
