"""`pip install .` (not editable) gives a working `third-places`: the wheel carries the templates, strings,
assets, schemas and data, and the command builds a content folder far from the checkout."""
from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from support import FIXTURES_DIR, REPO_ROOT


@pytest.mark.slow
def test_the_wheel_installs_and_builds_a_content_folder_elsewhere(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building a wheel writes build/ and *.egg-info beside the sources
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(".git", "node_modules", "output", ".output*",
                                                                     "build", "*.egg-info", "__pycache__", "tests"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(wheels)], check=True, capture_output=True, timeout=600)
    wheel = next(wheels.glob("third_places-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"sitegen/_templates/base.html", "sitegen/_templates/i18n/nl.yaml", "sitegen/schemas/space.schema.json",
            "sitegen/_templates/assets/vendor/leaflet/leaflet.js", "sitegen/preview.js"} <= set(names)

    env = tmp_path / "venv"  # the libraries from this interpreter; the package itself only from the wheel
    venv.create(env, system_site_packages=True, with_pip=True)
    subprocess.run([env / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES_DIR / "bilingual", elsewhere / "content")
    done = subprocess.run([env / "bin" / "third-places", "--content", "content", "--output", "site", "--no-booklet"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    installed = subprocess.run([env / "bin" / "python", "-c", "import sitegen; print(sitegen.__file__)"],
                               cwd=elsewhere, capture_output=True, text=True, check=True).stdout
    assert str(env) in installed and str(REPO_ROOT) not in installed, installed
    page = (elsewhere / "site" / "nl" / "ruimten" / "huis-van-de-makers" / "index.html").read_text(encoding="utf-8")
    assert "Huis van de Makers" in page and (elsewhere / "site" / "assets").is_dir()
