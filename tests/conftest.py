"""Shared fixtures. Each group of fixtures lives in its own clearly named section."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sitetools import run_cli
from support import FIXTURES_DIR, REAL_CONTENT_DIR, REPO_ROOT, BuildSite
from support.browser import launch_chromium

DEFAULT_BASE_URL = "https://example.org/"
BUILD_TIMEOUT_SECONDS = 900

# --- The fast tier ---------------------------------------------------------------------------------

# Fixtures that build a whole site (through the CLI, once per session) or start Chromium: a test that uses one
# is slow, whatever its own body does.
SITE_FIXTURES = {"build_site", "bilingual_site", "real_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what the fast tier (`pytest -m "not slow"`) leaves out: every test in Chromium (browser, slow), every
    test on a built site or on the Nu HTML Checker's Java runtime (slow). Other slow tests carry the mark
    themselves, in their module (`pytestmark`) or on the test."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "browser" in names or names & SITE_FIXTURES or item.get_closest_marker("java"):
            item.add_marker(pytest.mark.slow)


# --- Building sites through the CLI ------------------------------------------------------------


def run_build_cli(content_dir: Path, output_dir: Path, base_url: str) -> None:
    """Run `python build.py` from the repository root; fail with its output if it exits non-zero."""
    args = ("--content", str(content_dir), "--output", str(output_dir), "--base-url", base_url)
    completed = run_cli(*args, cwd=REPO_ROOT, timeout=BUILD_TIMEOUT_SECONDS)
    if completed.returncode != 0:
        raise AssertionError(f"build.py {' '.join(args)} exited {completed.returncode}\n"
                             f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}")


@pytest.fixture(scope="session")
def build_site(tmp_path_factory: pytest.TempPathFactory) -> BuildSite:
    """Factory: build_site(content_dir, base_url=...) -> output dir, built once per session.

    A failed build is remembered too, so it is reported by every test that needs it without
    being run again.
    """
    builds: dict[tuple[Path, str], Path | AssertionError] = {}

    def build(content_dir: Path, base_url: str = DEFAULT_BASE_URL) -> Path:
        key = (Path(content_dir).resolve(), base_url)
        if key not in builds:
            output_dir = tmp_path_factory.mktemp(f"site-{key[0].name}") / "output"
            try:
                run_build_cli(key[0], output_dir, base_url)
                builds[key] = output_dir
            except AssertionError as failure:
                builds[key] = failure
        result = builds[key]
        if isinstance(result, AssertionError):
            raise result
        return result

    return build


@pytest.fixture(scope="session")
def bilingual_site(build_site: BuildSite) -> Path:
    """The bilingual fixture site, built at https://example.org/."""
    return build_site(FIXTURES_DIR / "bilingual")


@pytest.fixture(scope="session")
def real_site(build_site: BuildSite) -> Path:
    """The real content/ site, built at https://example.org/."""
    return build_site(REAL_CONTENT_DIR)


# --- A real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright, one per test module (see support/browser.py)."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()
