"""`build.py changes`: what a pull request changes, as Markdown for its job summary, safe from hostile names."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.changes import code
from support import FIXTURES_DIR
from test_invalid import describe_run, run_cli

pytestmark = pytest.mark.slow
BASE, HEAD = FIXTURES_DIR / "changes" / "base", FIXTURES_DIR / "changes" / "head"
ARTIFACT = "https://github.com/smart-coop/third-places/actions/runs/1/artifacts/2"
HOSTILE = "[click](https://evil.example) <img src=x onerror=alert(1)> @octocat ``tick`` ::error::boom"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("changes")
    shutil.copytree(BASE, root / "base")
    shutil.copytree(HEAD, root / "content")
    done = run_cli(root, "changes", "--base", "base", "--content", "content", "--artifact-url", ARTIFACT)
    assert done.returncode == 0, describe_run(done)
    return done.stdout.splitlines()


def test_entries_added_changed_and_removed(report: list[str]) -> None:
    assert "**Entries**: 1 added, 1 changed, 1 removed" in report
    assert f"- added: space ` evil `, {code(HOSTILE)}" in report
    assert "- changed: space ` atelier-een `, ` Atelier Een `" in report
    assert "- removed: space ` oud-atelier `, ` Oud Atelier `" in report


def test_pages_that_change_in_both_languages(report: list[str]) -> None:
    assert "- ` /nl/ruimten/evil/ ` (new)" in report and "- ` /fr/espaces/evil/ ` (new)" in report
    assert "- ` /nl/ruimten/oud-atelier/ ` (removed)" in report and "- ` /fr/espaces/oud-atelier/ ` (removed)" in report
    assert "- ` /nl/ruimten/atelier-een/ ` (changed)" in report, "its Dutch text changed"
    assert "- ` /fr/espaces/atelier-een/ ` (changed)" not in report, "its French page is the same"
    assert "- ` /data/spaces.json ` (changed)" in report
    assert "In ` nl `: " in "\n".join(report) and "In ` fr `: " in "\n".join(report)


def test_every_warning_is_listed_with_its_place(report: list[str]) -> None:
    assert "**Check**: 0 error(s), 1 warning(s)" in report
    [warning] = [line for line in report if line.startswith("- warning at ")]
    assert "content/spaces/evil/space.yaml:1:1" in warning and "has no text in French" in warning


def test_the_built_site_is_linked(report: list[str]) -> None:
    assert report[-1].startswith(f"**The built site**: [download the artifact `site`]({ARTIFACT})")


def outside_code(line: str) -> str:
    """A line without its code spans (a run of backticks up to the same run)."""
    return re.sub(r"(`+) .*? \1(?!`)", "", line)


def test_nothing_from_the_content_is_markdown_html_a_mention_or_a_workflow_command(report: list[str]) -> None:
    for line in report[:-1]:
        assert not re.search(r"[\[\]<>@]|::|https?:", outside_code(line)), line
        assert not line.startswith(("::", "%", "<")), line
    assert any(HOSTILE in line for line in report), "the name is shown, as text"


@pytest.mark.parametrize("text, span", [("plain", "` plain `"), ("a `tick`", "`` a `tick` ``"),
                                        ("two\nlines\x1b[31m", "` two lines [31m `"), ("``x```", "```` ``x``` ````")])
def test_a_code_span_holds_any_text_on_one_line(text: str, span: str) -> None:
    assert code(text) == span


def test_a_hostile_artifact_address_is_not_linked(tmp_path: Path) -> None:
    shutil.copytree(HEAD, tmp_path / "content")
    done = run_cli(tmp_path, "changes", "--base", "content", "--content", "content",
                   "--artifact-url", "javascript:alert(1)")
    assert done.stdout.splitlines()[-1] == ("**The built site**: in this run's artifacts, as `site` "
                                            "(a zip of the output folder).")
    assert "**Entries**: 0 added, 0 changed, 0 removed" in done.stdout


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_the_base_can_be_a_git_ref(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "content")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "base")
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(HEAD, tmp_path / "content")
    done = run_cli(tmp_path, "changes", "--base", "main", "--content", "content")
    assert done.returncode == 0, describe_run(done)
    assert "**Entries**: 1 added, 1 changed, 1 removed" in done.stdout.splitlines()


def test_an_unknown_ref_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(HEAD, tmp_path / "content")
    git(tmp_path, "init", "-q")
    done = run_cli(tmp_path, "changes", "--base", "no-such-ref", "--content", "content")
    assert done.returncode == 1 and done.stderr.startswith("error: cannot read 'no-such-ref' with git")


def test_errors_are_listed_and_pages_not_compared(tmp_path: Path) -> None:
    shutil.copytree(HEAD, tmp_path / "content")
    (tmp_path / "content/spaces/evil/space.yaml").write_text("name: x\nkind: nope\n", encoding="utf-8")
    done = run_cli(tmp_path, "changes", "--base", str(BASE), "--content", "content")
    assert ("**Pages**: not compared, since this pull request's content has errors "
            "(listed below for this pull request).") in done.stdout.splitlines()
    assert "- error at ` content/spaces/evil/space.yaml:2:7 `: ` 'kind': unknown word 'nope'" in done.stdout
