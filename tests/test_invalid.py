"""The corpus of invalid content: every case fails with its exact messages and leaves the output as it was.

Each case is a folder under tests/fixtures/invalid/ that is an overlay on a copy of tests/fixtures/minimal/:
its files are copied over the minimal site at the same relative path. Control files, never copied:

  expected.txt   the exact diagnostic lines, one per line; every one must appear, and no other error
  remove.txt     paths (relative to the site) deleted from the copy before the overlay
  grow.txt       '<path> <bytes>' lines: the file is padded to that size (a huge file without a huge fixture)

tests/fixtures/valid/ holds overlays that must build (a BOM, CRLF line endings), and
tests/fixtures/warnings/ overlays that build with the warnings of their expected.txt, and fail with --strict.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.diagnostics import Diagnostics
from sitegen.sources import load_yaml_file
from sitetools import snapshot
from support import FIXTURES_DIR, REPO_ROOT

MINIMAL_DIR = FIXTURES_DIR / "minimal"
INVALID_DIR = FIXTURES_DIR / "invalid"
VALID_DIR = FIXTURES_DIR / "valid"
WARNINGS_DIR = FIXTURES_DIR / "warnings"
CONTROL_FILES = frozenset({"expected.txt", "remove.txt", "grow.txt"})
BUILD_SCRIPT = REPO_ROOT / "build.py"
RUN_TIMEOUT_SECONDS = 60
ALIAS_BOMB_CASE = "yaml-alias-bomb"
ALIAS_MESSAGE = "YAML aliases are not allowed"
SUMMARY_RE = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\)$", re.MULTILINE)
PADDING_LINE = "# " + "x" * 77 + "\n"
PREVIOUS_BUILD_SENTINEL = "previous-build.txt"
# Warnings that age (a 'verified' date more than 18 months old) are measured from SOURCE_DATE_EPOCH when it is
# set: the corpus pins it, so that the valid cases (built with --strict) do not turn stale as the years pass.
CORPUS_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}  # 2026-11-22


def case_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []


# --- Making a site from a case ------------------------------------------------------------------


def control_lines(case: Path, name: str) -> list[str]:
    path = case / name
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_site(case: Path, root: Path) -> Path:
    """A copy of the minimal site in root/content with the case applied; the content folder."""
    content = root / "content"
    shutil.copytree(MINIMAL_DIR, content)
    for relative in control_lines(case, "remove.txt"):
        target = content / relative
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_symlink():  # a case about a link: copied as the link it is
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            (content / relative).symlink_to(os.readlink(source))
        elif source.is_file() and relative.as_posix() not in CONTROL_FILES:
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, content / relative)
    for line in control_lines(case, "grow.txt"):
        relative, size = line.rsplit(maxsplit=1)
        grow(content / relative, int(size))
    return content


def grow(path: Path, size: int) -> None:
    """Pad a file with comment lines until it holds at least `size` bytes."""
    missing = size - path.stat().st_size
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(PADDING_LINE * (missing // len(PADDING_LINE) + 1))


# --- Running the command line -------------------------------------------------------------------


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=RUN_TIMEOUT_SECONDS, env=CORPUS_ENV,
    )


def describe_run(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


def error_count(report: str) -> int | None:
    found = SUMMARY_RE.search(report)
    return int(found.group(1)) if found else None


def assert_reports(result: subprocess.CompletedProcess[str], expected: list[str]) -> None:
    """Exit 1, every expected line, exactly as many errors, no traceback."""
    details = describe_run(result)
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr, details
    assert result.returncode == 1, details
    reported = result.stderr.splitlines()
    missing = [line for line in expected if line not in reported]
    assert not missing, "missing lines:\n" + "\n".join(missing) + "\n" + details
    expected_errors = sum(1 for line in expected if ": error: " in line)
    assert error_count(result.stderr) == expected_errors, details


@pytest.fixture(scope="session")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build of the untouched minimal site: the output a failed build must leave as it was."""
    root = tmp_path_factory.mktemp("previous-build")
    shutil.copytree(MINIMAL_DIR, root / "content")
    result = run_cli(root, "--content", "content", "--output", "output")
    assert result.returncode == 0, describe_run(result)
    return root / "output"


def copy_previous_output(previous_output: Path, output: Path) -> None:
    """The previous build, plus a file no build writes: a replaced output cannot pass for the same bytes."""
    shutil.copytree(previous_output, output)
    (output / PREVIOUS_BUILD_SENTINEL).write_text("only the previous output has this file\n", encoding="utf-8")


# --- Invalid cases ------------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    names = case_names(INVALID_DIR)
    assert len(names) >= 40, f"only {len(names)} invalid cases"
    for name in names:
        expected = control_lines(INVALID_DIR / name, "expected.txt")
        assert expected, f"{name}: no expected.txt"
        assert all(line.startswith("content/") and ": error: " in line for line in expected), name


@pytest.mark.slow  # the command line as a subprocess; the fast tier runs `check` in this process below
@pytest.mark.parametrize("name", case_names(INVALID_DIR))
def test_invalid_case_fails_the_build_and_keeps_the_output(name: str, tmp_path: Path, previous_output: Path) -> None:
    case = INVALID_DIR / name
    make_site(case, tmp_path)
    copy_previous_output(previous_output, tmp_path / "output")
    before = snapshot(tmp_path / "output")

    result = run_cli(tmp_path, "--content", "content", "--output", "output")

    assert_reports(result, control_lines(case, "expected.txt"))
    assert snapshot(tmp_path / "output") == before, "the failed build changed the output folder"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.cache", "content", "output"], \
        "a staging folder was left (the build cache beside the output is kept)"


@pytest.mark.parametrize("name", case_names(INVALID_DIR))
def test_invalid_case_fails_the_check(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`check`, run in this process (the build above already runs the command line as a subprocess)."""
    case = INVALID_DIR / name
    make_site(case, tmp_path)
    monkeypatch.chdir(tmp_path)

    status = cli.main(["check", "--content", "content"])

    captured = capsys.readouterr()
    assert_reports(subprocess.CompletedProcess(["check"], status, captured.out, captured.err),
                   control_lines(case, "expected.txt"))
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.cache", "content"], \
        "check wrote something besides the entries it read, in the build cache"


def test_alias_bomb_is_rejected_with_the_alias_message(tmp_path: Path) -> None:
    content = make_site(INVALID_DIR / ALIAS_BOMB_CASE, tmp_path)
    diags = Diagnostics()
    start = time.perf_counter()
    doc = load_yaml_file(content / "spaces" / "atelier-een" / "space.yaml", diags)
    elapsed = time.perf_counter() - start
    print(f"the loader rejected the alias bomb in {elapsed * 1000:.1f} ms")
    assert doc is None
    assert [item.message for item in diags.errors if ALIAS_MESSAGE in item.message], diags.items


# --- Valid cases: bytes the loader must accept --------------------------------------------------


@pytest.mark.slow  # the command line as a subprocess; the fast tier runs `check` in this process below
@pytest.mark.parametrize("name", case_names(VALID_DIR))
def test_valid_case_builds(name: str, tmp_path: Path) -> None:
    make_site(VALID_DIR / name, tmp_path)

    built = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")
    checked = run_cli(tmp_path, "check", "--content", "content", "--strict")

    assert built.returncode == 0, describe_run(built)
    assert checked.returncode == 0, describe_run(checked)
    page = (tmp_path / "output" / "nl" / "ruimten" / "atelier-een" / "index.html").read_text(encoding="utf-8")
    assert "Atelier Een" in page and "\r" not in page


# --- Warning cases: the build succeeds, --strict fails ------------------------------------------


@pytest.mark.slow  # the command line as a subprocess; the fast tier runs `check` in this process below
@pytest.mark.parametrize("name", case_names(WARNINGS_DIR))
def test_warning_case_builds_and_fails_when_strict(name: str, tmp_path: Path) -> None:
    case = WARNINGS_DIR / name
    expected = control_lines(case, "expected.txt")
    assert expected and all(": warning: " in line for line in expected), f"{name}: expected.txt lists no warning"
    make_site(case, tmp_path)

    built = run_cli(tmp_path, "--content", "content", "--output", "output")
    assert built.returncode == 0, describe_run(built)
    assert not [line for line in expected if line not in built.stderr.splitlines()], describe_run(built)

    strict = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")
    checked = run_cli(tmp_path, "check", "--content", "content", "--strict")

    assert strict.returncode == 1, describe_run(strict)
    assert checked.returncode == 1, describe_run(checked)
    assert not [line for line in expected if line not in checked.stderr.splitlines()], describe_run(checked)
    assert error_count(checked.stderr) == 0, describe_run(checked)


@pytest.mark.slow  # the command line as a subprocess; the fast tier runs `check` in this process below
def test_a_strict_build_that_fails_on_warnings_keeps_the_output(tmp_path: Path, previous_output: Path) -> None:
    make_site(WARNINGS_DIR / "unused-file", tmp_path)
    copy_previous_output(previous_output, tmp_path / "output")
    before = snapshot(tmp_path / "output")

    strict = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")

    assert strict.returncode == 1, describe_run(strict)
    assert snapshot(tmp_path / "output") == before, "a build that exits 1 replaced the output folder"
