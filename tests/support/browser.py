"""Debian's Chromium under Playwright, kept offline: only 127.0.0.1 may be reached."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch the system Chromium headless (never a browser downloaded by Playwright)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH,
        headless=True,
        args=CHROMIUM_ARGS,
    )


def is_local_url(url: str) -> bool:
    """True for URLs the tests may load: 127.0.0.1 over HTTP(S), and data:/blob:/about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https"} and parts.hostname in LOCAL_HOSTS


def _allow_only_local(route: Route) -> None:
    if is_local_url(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def block_external_requests(target: Page | BrowserContext) -> None:
    """Abort every request from a page (or all pages of a context) that is not to 127.0.0.1."""
    target.route("**/*", _allow_only_local)
