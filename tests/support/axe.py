"""axe-core (from npm), injected into a Playwright page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from . import NODE_MODULES

AXE_SCRIPT: Path = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS: list[str] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
]
RUN_AXE_JS = """
async (tags) => {
    const results = await axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
    });
    return results.violations;
}
"""


def run_axe(page: Page) -> list[str]:
    """Run axe on the page's current document; returns one readable line per violation."""
    _inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE_JS, AXE_TAGS)
    return [_describe(violation) for violation in violations]


def _inject_axe(page: Page) -> None:
    if page.evaluate("typeof window.axe === 'undefined'"):
        if not AXE_SCRIPT.is_file():
            raise FileNotFoundError(f"{AXE_SCRIPT} not found: run `npm ci` in the repository root")
        page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))


def _describe(violation: dict[str, Any]) -> str:
    targets = [_selector(node.get("target", [])) for node in violation.get("nodes", [])]
    return (
        f"{violation.get('id')} ({violation.get('impact')}): {violation.get('help')}"
        f" on {', '.join(targets)}"
    )


def _selector(target: list[Any]) -> str:
    """axe targets are lists (one selector per frame or shadow root); join them."""
    return " >> ".join(str(part) for part in target)
