"""Diagnostics: every problem found in the content, with file, line, column and field.

Problems are collected, never raised one by one: a volunteer sees all of them at once.
"""
from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

# What a line of output must not carry raw: C0 and C1 controls and DEL (a terminal or a log viewer acts on them),
# Unicode's line and paragraph separators (they end a line for some readers), and the bidi controls that reorder
# what a reader sees (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), and halves of characters (which
# no output stream can encode).
UNSAFE_IN_OUTPUT = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                              "\ud800-\udfff]")
NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
LINE_ENDS = "\r\n"  # an annotation percent-encodes these itself


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    field: str
    message: str
    severity: Severity = "error"

    def human(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return visible(f"{where}: {self.severity}: {self.message}")

    def github(self) -> str:
        """The GitHub Actions workflow command, shown as an annotation on the pull request's line; a problem
        with a whole file or folder (line 0) has no line."""
        kind = "error" if self.severity == "error" else "warning"
        where = f"file={_escape_property(visible(self.path, LINE_ENDS))}"
        if self.line:
            where += f",line={self.line},col={max(self.col, 1)}"
        return f"::{kind} {where}::{_escape_data(visible(self.message, LINE_ENDS))}"


def visible(text: str, keep: str = "") -> str:
    """The text on one line, as a reader should see it: each control, line separator or bidi control (but those
    in `keep`) written as an escape such as \\n, \\x1b or \\u202e."""
    return UNSAFE_IN_OUTPUT.sub(lambda found: found.group() if found.group() in keep else _escape(found.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def actions_safe(line: str) -> str:
    """A line that GitHub's runner cannot take for a workflow command: a line is one when it starts with '::' after
    its leading spaces, or holds '##[' anywhere (the older form), so those are percent-encoded in our text."""
    rest = line.lstrip()
    if rest.startswith("::"):
        line = line[: len(line) - len(rest)] + "%3A" + rest[1:]
    return line.replace("##[", "##%5B")


def output_line(text: str, github: bool | None = None) -> str:
    """Any line the tool prints: on one line, and inside GitHub Actions never a workflow command."""
    line = visible(text)
    return actions_safe(line) if in_github_actions(github) else line


def in_github_actions(github: bool | None = None) -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true" if github is None else github


def _escape_data(text: str) -> str:
    """A workflow command's message: '%', CR and LF escaped (as @actions/core does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which end a value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path | str) -> str:
    """A path as a volunteer would type it: relative to the working directory where possible."""
    path = Path(path)
    try:  # the folders resolved, the name itself not: a symbolic link is named, not where it leads
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Diagnostics:
    """A collector: phases add to it and the build aborts once, at the end of validation."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path | str, line: int, col: int, field: str, message: str) -> None:
        self.items.append(Diagnostic(display_path(path), line, col, field, message, "error"))

    def warning(self, path: Path | str, line: int, col: int, field: str, message: str) -> None:
        self.items.append(Diagnostic(display_path(path), line, col, field, message, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))


class BuildFailed(Exception):
    """Raised once, after a phase has collected all its errors."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} problem(s) in the content")

    def __reduce__(self) -> tuple[type[BuildFailed], tuple[list[Diagnostic]]]:
        """Raised in a render worker, it reaches the build whole (an exception is pickled by its args)."""
        return (BuildFailed, (self.diagnostics,))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to the word, if one is close enough to be what was meant."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to the word, else ''."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def format_report(diagnostics: Iterable[Diagnostic], github: bool | None = None) -> str:
    """The human lines, then (inside GitHub Actions) the annotation lines, then a summary. Every line but the
    annotations goes through output_line: a value or a file name cannot pose as a workflow command."""
    items = sorted(set(diagnostics))
    github = in_github_actions(github)
    lines = [output_line(d.human(), github) for d in items]
    if github:
        lines += [d.github() for d in items]
    errors = sum(1 for d in items if d.severity == "error")
    warnings = len(items) - errors
    lines.append(output_line(f"{errors} error(s), {warnings} warning(s)", github))
    return "\n".join(lines)
