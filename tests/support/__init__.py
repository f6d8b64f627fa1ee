"""Helpers shared by the tests: a local HTTP server, Chromium, the Nu HTML Checker and axe-core."""

from collections.abc import Callable
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[2]
NODE_MODULES: Path = REPO_ROOT / "node_modules"
FIXTURES_DIR: Path = REPO_ROOT / "tests" / "fixtures"
REAL_CONTENT_DIR: Path = REPO_ROOT / "content"

# The type of conftest's `build_site` fixture: build_site(content_dir, base_url=...) -> output dir.
BuildSite = Callable[..., Path]
