"""The GitHub Actions workflows: valid, consistent, with the least permissions, publishing what one build makes."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import FIXTURES_DIR, REPO_ROOT, BuildSite

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
CHECKS = WORKFLOWS / "checks.yml"
CI_RUN = REPO_ROOT / ".ci" / "run"
PRE_COMMIT = REPO_ROOT / ".pre-commit-config.yaml"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?:\s+#\s*(?P<version>\S+))?\s*$")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
STEP_REFERENCE = re.compile(r"\bsteps\.([A-Za-z_][\w-]*)\.")
OUTPUT_FOLDER = "output"  # build.py's default --output


def load(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict), f"{path.name} is not a YAML mapping"
    return workflow


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def run_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in job.get("steps", []) if "run" in step]


# -- (1) every workflow is valid against GitHub's workflow schema ------------------------------------

def test_both_workflows_exist() -> None:
    assert PAGES.is_file() and CHECKS.is_file(), [p.name for p in workflow_files()]


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_workflow_matches_the_github_workflow_schema(path: Path) -> None:
    """check-jsonschema's vendored copy of SchemaStore's github-workflow schema: no network needed."""
    completed = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                                str(path)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr


# -- (2) every ${{ steps.X... }} names a step of the same job, defined before it is used ----------------

def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def step_references(value: Any, is_condition: bool = False) -> set[str]:
    """The step ids an expression, or any string inside a mapping, refers to. An `if:` is an expression even
    without ${{ }}."""
    found: set[str] = set()
    for text in strings_in(value):
        expressions = EXPRESSION.findall(text) or ([text] if is_condition else [])
        for expression in expressions:
            found.update(STEP_REFERENCE.findall(expression))
    return found


def reference_problems(path: Path) -> list[str]:
    problems = []
    for job_id, job in load(path).get("jobs", {}).items():
        steps = job.get("steps", [])
        all_ids = {step["id"] for step in steps if "id" in step}
        defined: set[str] = set()
        for number, step in enumerate(steps, 1):
            name = step.get("name") or step.get("uses") or f"step {number}"
            used = step_references({key: value for key, value in step.items() if key != "if"})
            used |= step_references(step.get("if"), is_condition=True)
            for ref in sorted(used - defined):
                where = "later in the job" if ref in all_ids else "nowhere in the job"
                problems.append(f"{path.name}: job {job_id}, {name}: steps.{ref} is defined {where}")
            if "id" in step:
                defined.add(step["id"])
        # Job-level fields read after the steps ran: environment (its url), outputs.
        after = {key: job[key] for key in ("environment", "outputs") if key in job}
        problems += [f"{path.name}: job {job_id}: steps.{ref} is not a step of this job"
                     for ref in sorted(step_references(after) - all_ids)]
        problems += [f"{path.name}: job {job_id}: steps.{ref} cannot be used before the steps run"
                     for ref in sorted(step_references({k: v for k, v in job.items()
                                                        if k not in ("steps", "environment", "outputs")}))]
    return problems


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_step_outputs_refer_to_steps_of_the_same_job(path: Path) -> None:
    problems = reference_problems(path)
    assert not problems, "\n".join(problems)


def test_the_reference_check_finds_a_missing_step(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ steps.nope.outputs.x }}\n"
                   "      - id: later\n        run: 'true'\n"
                   "      - if: steps.later.outcome == 'success' && steps.gone.outputs.y\n        run: 'true'\n"
                   "  b:\n    runs-on: ubuntu-latest\n    environment:\n      name: e\n"
                   "      url: ${{ steps.later.outputs.page_url }}\n    steps:\n      - run: 'true'\n")
    problems = reference_problems(bad)
    assert any("steps.nope" in p and "nowhere" in p for p in problems), problems
    assert any("steps.gone" in p for p in problems), problems
    assert any("job b" in p and "steps.later" in p for p in problems), problems
    assert not any("job a" in p and "steps.later" in p for p in problems), problems


# -- (3) permissions, concurrency, triggers ----------------------------------------------------------

def test_pages_workflow_gives_the_deploy_rights_to_the_deploy_job_only() -> None:
    """pages: write and id-token: write let a job publish the site; the job that runs the repository's code (and so
    a dependency's code) must not hold them. It reads the repository and the Pages settings, nothing more."""
    workflow = load(PAGES)
    assert workflow.get("permissions") == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["build"].get("permissions") == {"contents": "read", "pages": "read"}
    assert jobs["deploy"].get("permissions") == {"pages": "write", "id-token": "write"}
    for job_id, job in jobs.items():
        runs_code = bool(run_steps(job)) or job_id == "build"
        writes = {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
        assert not (runs_code and writes), f"job {job_id} runs the repository's code with {writes}"
    assert not run_steps(jobs["deploy"]) and [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"]] == \
        ["actions/deploy-pages"]


def test_pages_deployments_run_one_at_a_time_without_cancelling() -> None:
    assert load(PAGES).get("concurrency") == {"group": "pages", "cancel-in-progress": False}


def test_pages_workflow_runs_on_pushes_to_main_and_on_demand() -> None:
    on = triggers(load(PAGES))
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}


def test_pages_workflow_deploys_with_the_pages_actions() -> None:
    jobs = load(PAGES)["jobs"]
    build_uses = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"]]
    assert build_uses.index("actions/configure-pages") < build_uses.index("actions/upload-pages-artifact")
    setup = next(step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip" and str(setup["with"]["python-version"]) == "3.11"
    configure = next(step for step in jobs["build"]["steps"]
                     if step.get("uses", "").startswith("actions/configure-pages@"))
    assert configure.get("id") == "pages"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    step = next(step for step in deploy["steps"] if step.get("uses", "").startswith("actions/deploy-pages@"))
    assert step.get("id") == "deployment"


def test_checks_run_on_every_pull_request_with_read_only_access() -> None:
    workflow = load(CHECKS)
    assert "pull_request" in triggers(workflow)
    assert workflow.get("permissions") == {"contents": "read"}


def test_checks_check_build_upload_and_test_in_that_order() -> None:
    steps = load(CHECKS)["jobs"]["checks"]["steps"]
    commands = [" ".join(step["run"].split()) for step in run_steps({"steps": steps})]
    order = [i for i, step in enumerate(steps) if any(
        marker in (step.get("run") or step.get("uses", "")) for marker in
        ("build.py check", "actions/upload-artifact@", "bash .ci/run"))]
    assert "python build.py check" in commands
    assert "python build.py" in commands
    assert "bash .ci/run" in commands
    check, upload, tests = order
    build = next(i for i, step in enumerate(steps) if " ".join(step.get("run", "").split()) == "python build.py")
    assert check < build < upload < tests
    upload_with = steps[upload]["with"]
    assert upload_with["path"].rstrip("/") == OUTPUT_FOLDER and upload_with.get("if-no-files-found") == "error"


def test_checks_run_mypy_and_ruff_in_their_own_job() -> None:
    job = load(CHECKS)["jobs"]["types-and-lint"]
    assert job.get("permissions") == {"contents": "read"}
    steps = run_steps(job)
    commands = [" ".join(step["run"].split()) for step in steps]
    install = next(i for i, command in enumerate(commands) if "pip install" in command)
    assert "'.[test]'" in commands[install], "the test extra holds mypy, ruff and the stubs"
    mypy = commands.index("python -m mypy")
    [ruff] = [i for i, command in enumerate(commands) if command.startswith("python -m ruff check")]
    assert commands[ruff].endswith(" ."), commands[ruff]
    assert install < mypy < ruff
    assert "!cancelled()" in steps[ruff].get("if", ""), "ruff reports even when mypy failed"


def ci_run_main() -> list[str]:
    """The commands of .ci/run's main function, in order."""
    body = re.search(r"^main\(\) \{\n(.*?)^\}", CI_RUN.read_text(encoding="utf-8"), re.M | re.S)
    assert body, "no main() in .ci/run"
    return [line.split()[0] for line in body[1].splitlines() if line.strip()]


def test_ci_run_checks_the_code_before_the_tests() -> None:
    assert ci_run_main() == ["install_everything", "check_code", "run_tests"]


def fake_python(tmp_path: Path, failing: str) -> Path:
    """A python3 that logs its arguments and fails for `-m <failing>`: .ci/run's check_code without the tools."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "python3"
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{tmp_path}/calls"\n[ "$2" != "{failing}" ]\n', encoding="utf-8")
    fake.chmod(0o755)
    return folder


@pytest.mark.parametrize("failing", ["mypy", "ruff", "nothing"])
def test_check_code_runs_both_and_fails_when_either_fails(tmp_path: Path, failing: str) -> None:
    path = f"{fake_python(tmp_path, failing)}:/usr/bin:/bin"
    done = subprocess.run(["bash", "-c", f"source {shlex.quote(str(CI_RUN))} && check_code"],
                          env={"PATH": path, "HOME": str(tmp_path)}, capture_output=True, text=True, timeout=60)
    assert (done.returncode == 0) == (failing == "nothing"), done.stdout + done.stderr
    assert (tmp_path / "calls").read_text().splitlines() == ["-m mypy", "-m ruff check ."]


def test_pre_commit_hooks_run_the_same_checks() -> None:
    hooks = [hook for repo in load(PRE_COMMIT)["repos"] for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == ["python3 -m mypy", "python3 -m ruff check ."]
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks)


# -- (4) one build command makes everything that is published ------------------------------------------

def build_commands(path: Path) -> list[list[str]]:
    """Every command of the workflow that runs build.py, split as a shell would (line continuations joined)."""
    commands = []
    for job in load(path)["jobs"].values():
        for step in run_steps(job):
            for line in step["run"].replace("\\\n", " ").splitlines():
                if "build.py" in line:
                    commands.append(shlex.split(line))
    return commands


def test_pages_publishes_the_output_of_one_plain_build() -> None:
    """The published artifact is the output folder of a single `python build.py --base-url …`: no step of its own
    adds, removes or rebuilds part of the site, so the search index, booklets, map data, feeds and open data
    that build makes are all published."""
    workflow = load(PAGES)
    assert build_commands(PAGES) == [["python", "build.py", "--base-url", "$PAGES_BASE_URL/"]]
    build = workflow["jobs"]["build"]
    step = next(step for step in run_steps(build) if "build.py" in step["run"])
    assert step["env"]["PAGES_BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == OUTPUT_FOLDER
    after_build = build["steps"][build["steps"].index(step) + 1:]
    assert [s.get("uses", "").split("@")[0] for s in after_build] == ["actions/upload-pages-artifact"], \
        "nothing may change the output between the build and the upload"


def test_checks_build_the_site_with_the_same_command() -> None:
    pages_build = build_commands(PAGES)[0][:2]
    builds = [command for command in build_commands(CHECKS) if "changes" not in command]
    assert [command[:2] for command in builds] == [pages_build, pages_build]


def test_the_job_summary_says_what_the_pull_request_changes() -> None:
    steps = load(CHECKS)["jobs"]["checks"]["steps"]
    [step] = [step for step in steps if "build.py changes" in step.get("run", "")]
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}",
                           "ARTIFACT_URL": "${{ steps.upload.outputs.artifact-url }}"}
    assert "${{" not in step["run"], "values reach the command through the environment, never pasted into it"
    assert step["run"].rstrip().endswith('>> "$GITHUB_STEP_SUMMARY"')
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert steps[upload]["id"] == "upload" and upload < steps.index(step)


def test_the_base_url_given_by_configure_pages_makes_links_under_the_sub_path() -> None:
    """configure-pages' base_url has no trailing slash; the workflow appends one, and the build keeps it."""
    from sitegen.urls import normalize_base_url
    assert normalize_base_url("https://owner.github.io/third-places" + "/") == "https://owner.github.io/third-places/"


def test_that_build_command_writes_every_output_family(build_site: BuildSite) -> None:
    """What the published command writes (conftest runs `python build.py --content … --output … --base-url …`)."""
    output = build_site(FIXTURES_DIR / "bilingual", "https://example.org/repo/")
    expected = ["index.html", "404.html", "sitemap.xml", "robots.txt", "nl/feed.xml", "fr/feed.xml",
                "data/spaces.geojson", "data/spaces.csv", "data/spaces.json", "pagefind/pagefind.js"]
    missing = [path for path in expected if not (output / path).is_file()]
    assert not missing, missing
    assert list(output.glob("*/*.pdf")), "no booklet in the output"


# -- (5) hardening: pinned actions and image, no persisted token, a time limit on every job ----------------------

@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    for line in lines:
        found = PINNED.match(line)
        assert found and re.fullmatch(r"[0-9a-f]{40}", found["ref"]), f"not pinned by a full commit SHA: {line}"
        assert found["version"] and re.fullmatch(r"v\d+\.\d+\.\d+", found["version"]), f"no version comment: {line}"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_checkouts_do_not_keep_the_token_in_the_repository(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, step


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_job_has_a_time_limit(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        limit = job.get("timeout-minutes")
        assert isinstance(limit, int) and 0 < limit <= 120, f"{path.name}: job {job_id} has timeout-minutes {limit}"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_container_images_are_pinned_by_digest(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        container = job.get("container")
        image = container.get("image") if isinstance(container, dict) else container
        if image:
            assert re.fullmatch(r"[\w./:-]+@sha256:[0-9a-f]{64}", image), f"{path.name}: job {job_id}: {image}"
    if path == CHECKS:
        assert load(path)["jobs"]["checks"]["container"].startswith("debian:12@sha256:")
