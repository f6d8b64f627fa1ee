"""`python build.py check` as a pull request sees it: exit status, GitHub annotations, positions, aging warnings."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import schema
from sitegen.diagnostics import Diagnostic
from support import REPO_ROOT
from test_invalid import INVALID_DIR, WARNINGS_DIR, make_site

BUILD_SCRIPT = REPO_ROOT / "build.py"


def check(cwd: Path, github: bool) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([sys.executable, str(BUILD_SCRIPT), "check", "--content", "content"], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def annotations(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("::")]


def test_inside_github_actions_errors_are_also_annotations_on_their_lines(tmp_path: Path) -> None:
    make_site(INVALID_DIR / "empty-required-fields", tmp_path)
    result = check(tmp_path, github=True)
    assert result.returncode == 1, result.stderr
    path = "content/spaces/atelier-een/space.yaml"
    assert annotations(result) == [
        f"::error file={path},line=2,col=1::'name' is empty: fill in the space's name: one text, or one per language "
        "({nl: …, fr: …})",
        f"::error file={path},line=3,col=1::'kind' is empty: fill in the kind of space: shared-workspace (a workspace "
        "shared by workers) or third-place (open to the neighbourhood, with its own programme)",
        f"::error file={path},line=8,col=3::'address.country' is empty: fill in the country, as a two-letter "
        "ISO 3166-1 code such as BE or FR",
    ]
    assert f"{path}:8:3: error: 'address.country' is empty" in result.stderr, "the human lines come too"


def test_inside_github_actions_warnings_are_warning_annotations(tmp_path: Path) -> None:
    make_site(WARNINGS_DIR / "unused-file", tmp_path)
    result = check(tmp_path, github=True)
    assert result.returncode == 0, result.stderr
    assert annotations(result) == ["::warning file=content/spaces/atelier-een/notes.txt::'notes.txt' is not used by "
                                   "the site; move it out of the content folder, or start its name with '_'"]


def test_outside_github_actions_there_are_no_annotations(tmp_path: Path) -> None:
    make_site(INVALID_DIR / "empty-required-fields", tmp_path)
    result = check(tmp_path, github=False)
    assert result.returncode == 1
    assert annotations(result) == []
    assert "content/spaces/atelier-een/space.yaml:3:1: error: 'kind' is empty: " in result.stderr


def test_annotation_properties_and_messages_are_escaped() -> None:
    line = Diagnostic("content/a,b:c.yaml", 3, 4, "x", "100% sure\nnext").github()
    assert line == "::error file=content/a%2Cb%3Ac.yaml,line=3,col=4::100%25 sure%0Anext"
    assert Diagnostic("content/spaces/x", 0, 0, "", "m", "warning").github() == "::warning file=content/spaces/x::m"


@pytest.mark.slow
def test_a_new_space_is_checked_with_the_empty_fields_at_their_own_lines(tmp_path: Path) -> None:
    make_site(INVALID_DIR / "empty-required-fields", tmp_path)  # any site will do
    made = subprocess.run([sys.executable, str(BUILD_SCRIPT), "new", "space", "atelier-twee", "--content", "content"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    lines = (tmp_path / "content/spaces/atelier-twee/space.yaml").read_text(encoding="utf-8").splitlines()
    result = check(tmp_path, github=False)
    for field in ("name", "kind", "smart_role", "access", "address.city", "address.country"):
        key = field.rsplit(".", 1)[-1]
        line = next(i for i, text in enumerate(lines, 1) if text.lstrip().startswith(f"{key}:"))
        col = lines[line - 1].index(key) + 1
        expected = f"content/spaces/atelier-twee/space.yaml:{line}:{col}: error: '{field}' is empty: "
        assert expected in result.stderr, field
    assert "content/spaces/atelier-twee/nl.md:2:1: error: 'summary' is empty: " in result.stderr


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 11, 22), 18, dt.date(2025, 5, 22)),
    (dt.date(2026, 8, 31), 18, dt.date(2025, 2, 28)),
    (dt.date(2024, 8, 31), 6, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
])
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert schema.months_before(day, months) == expected


def test_today_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    assert schema.today() == dt.date(2026, 11, 22)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert schema.today() == dt.date.today()


@pytest.mark.slow
def test_verified_turns_stale_after_18_months(tmp_path: Path) -> None:
    content = make_site(WARNINGS_DIR / "stale-verified", tmp_path)
    space = content / "spaces/atelier-een/space.yaml"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}  # 2026-11-22: the limit is 2025-05-22
    for verified, stale in (("2025-05-21", True), ("2025-05-22", False)):
        space.write_text(space.read_text(encoding="utf-8").replace("2001-01-15", verified), encoding="utf-8")
        result = subprocess.run([sys.executable, str(BUILD_SCRIPT), "check", "--content", "content", "--strict"],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert (f"'verified' is {verified}, more than 18 months ago" in result.stderr) is stale, result.stderr
        assert result.returncode == (1 if stale else 0)
        space.write_text(space.read_text(encoding="utf-8").replace(verified, "2001-01-15"), encoding="utf-8")
