"""What the tool prints cannot be steered by the content: one line per problem, no terminal controls, and inside
GitHub Actions no line that the runner would take for a workflow command except the tool's own annotations."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.diagnostics import Diagnostic, actions_safe, format_report, output_line, visible
from support import FIXTURES_DIR, REPO_ROOT

FAKE_PASS = "::error file=README.md,line=1::All checks passed, safe to merge"
STOP = "::stop-commands::pwned"
OUR_ANNOTATION = ("::error file=content/", "::warning file=content/")


def runner_commands(output: str) -> list[str]:
    """The lines GitHub's runner reads as workflow commands: '::' after leading spaces, or '##[' anywhere
    (the runner splits its log on line feeds; a carriage return or a Unicode separator does not end a line)."""
    return [line for line in output.split("\n") if line.lstrip().startswith("::") or "##[" in line]


def hostile_site(root: Path) -> Path:
    """The minimal site with a folder name and a value that carry fake workflow commands and terminal controls."""
    content = root / "content"
    shutil.copytree(FIXTURES_DIR / "minimal", content)
    folder = content / "spaces" / f"fake\n{FAKE_PASS}"
    shutil.copytree(content / "spaces" / "atelier-een", folder)
    space = content / "spaces" / "atelier-een" / "space.yaml"
    text = space.read_text(encoding="utf-8")
    text = text.replace("kind: shared-workspace", f'kind: "third\\n{STOP}\\n##[error]fake"')
    space.write_text(text.replace('city: "Gent"', 'city: "Gent\\e[2J"'), encoding="utf-8")
    return content


def run(root: Path, *args: str, github: bool = True) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), *args, "--content", "content"], cwd=root,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("command", [["check"], ["build", "--output", "output"]])
def test_content_cannot_print_a_workflow_command(tmp_path: Path, command: list[str]) -> None:
    hostile_site(tmp_path)
    result = run(tmp_path, *command)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    commands = runner_commands(output)
    assert commands and all(line.startswith(OUR_ANNOTATION) for line in commands), commands
    assert not any("stop-commands" in line.split("::")[1] for line in commands), commands
    assert "\x1b" not in output and "\r" not in output
    assert "content/spaces/fake\\n::error file=README.md,line=1::All checks passed" in output, output
    assert "'third\\n::stop-commands::pwned\\n##%5Berror]fake'" in output, output


def test_outside_github_actions_the_lines_are_one_line_each_without_controls(tmp_path: Path) -> None:
    hostile_site(tmp_path)
    result = run(tmp_path, "check", github=False)
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")], lines
    assert "\x1b" not in result.stderr
    assert any(line.startswith("content/spaces/fake\\n::error file=README.md") for line in lines), lines
    assert "'third\\n::stop-commands::pwned\\n##[error]fake'" in result.stderr, result.stderr
    assert lines[-1] == "3 error(s), 0 warning(s)", lines


def test_visible_writes_controls_separators_and_bidi_controls_as_escapes() -> None:
    assert (visible("a\nb\rc\td\x1b[0m\x00\x85\u2028\u202e\u2066é")
            == "a\\nb\\rc\\td\\x1b[0m\\x00\\x85\\u2028\\u202e\\u2066é")
    assert visible("line\nend", keep="\n") == "line\nend"


@pytest.mark.parametrize("line, safe", [
    ("::error::x", "%3A:error::x"),
    ("   ::warning file=a::b", "   %3A:warning file=a::b"),
    ("\u2003::notice::x", "\u2003%3A:notice::x"),
    ("ok ##[error]x", "ok ##%5Berror]x"),
    ("a :: b", "a :: b"),
])
def test_actions_safe_defuses_both_forms_of_workflow_command(line: str, safe: str) -> None:
    assert actions_safe(line) == safe


def test_every_printed_line_is_safe_but_the_annotations() -> None:
    item = Diagnostic("content/x", 2, 3, "kind", f"unknown word 'a\n{FAKE_PASS}'")
    report = format_report([item], github=True).split("\n")
    assert report[0] == "content/x:2:3: error: unknown word 'a\\n::error file=README.md,line=1::All checks passed, " \
                        "safe to merge'"
    assert report[1] == "::error file=content/x,line=2,col=3::unknown word 'a%0A::error file=README.md,line=1::All " \
                        "checks passed, safe to merge'"
    assert report[2] == "1 error(s), 0 warning(s)"
    assert output_line("Built 3 pages into ::error::x", github=True) == "Built 3 pages into ::error::x"
    assert output_line("::error::x", github=False) == "::error::x"
