"""The Nu HTML Checker (vnu.jar from npm), run once over many files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import NODE_MODULES

VNU_JAR: Path = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMEOUT_SECONDS = 600


class VnuUnavailableError(RuntimeError):
    """vnu.jar is missing (run `npm ci`) or Java could not run it."""


def check_html(files: list[Path]) -> list[str]:
    """Validate HTML files; returns one 'file:line: message' per error (empty list: all valid)."""
    if not files:
        return []
    report = _run_vnu(files)
    return [_describe(message) for message in report.get("messages", [])]


def _run_vnu(files: list[Path]) -> dict[str, Any]:
    if not VNU_JAR.is_file():
        raise VnuUnavailableError(f"{VNU_JAR} not found: run `npm ci` in the repository root")
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    command += [str(path) for path in files]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        report: dict[str, Any] = json.loads(completed.stderr)
    except json.JSONDecodeError as error:
        raise VnuUnavailableError(
            f"vnu exited {completed.returncode} without a JSON report:\n"
            f"{completed.stdout}\n{completed.stderr}"
        ) from error
    return report


def _describe(message: dict[str, Any]) -> str:
    location = _file_of(message.get("url", ""))
    line = message.get("lastLine") or message.get("firstLine")
    where = f"{location}:{line}" if line else location
    kind = message.get("subType") or message.get("type", "error")
    text = message.get("message", "").strip()
    extract = message.get("extract", "").strip().replace("\n", " ")
    described = f"{where}: [{kind}] {text}"
    return f"{described} («{extract}»)" if extract else described


def _file_of(url: str) -> str:
    """vnu reports files as file: URLs; show them as plain paths."""
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else url
