"""Reading content files: nothing is read through a symbolic link, nothing is read whole before its size is known.

A symbolic link cannot be committed as a fixture reliably, so these sites are made here, in a temporary folder."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sitegen.diagnostics import Diagnostics
from sitegen.sources import LINK_MESSAGE, MAX_TEXT_BYTES, read_text, report_links
from support import FIXTURES_DIR, REPO_ROOT

SPACE = "content/spaces/atelier-een"
PHOTO = FIXTURES_DIR / "bilingual" / "spaces" / "huis-van-de-makers" / "gevel.png"


def minimal_site(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURES_DIR / "minimal", content)
    return content


def run(root: Path, *args: str, memory_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    return subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), *args], cwd=root, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit)


def test_a_text_linked_to_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    content = minimal_site(tmp_path)
    (content / "spaces/atelier-een/nl.md").unlink()
    os.symlink("/dev/zero", content / "spaces/atelier-een/nl.md")
    start = time.monotonic()
    result = run(tmp_path, "check", "--content", "content", memory_limit=2 * 1024 ** 3)
    assert result.returncode == 1, result.stderr
    assert f"{SPACE}/nl.md: error: {LINK_MESSAGE}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - start < 30


def test_a_photo_linked_to_a_file_outside_the_repository_is_not_published(tmp_path: Path) -> None:
    content = minimal_site(tmp_path)
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    shutil.copyfile(PHOTO, secret)
    os.symlink(secret, content / "spaces/atelier-een/gevel.png")
    with (content / "spaces/atelier-een/space.yaml").open("a", encoding="utf-8") as space:
        space.write("photos:\n  - file: gevel.png\n    alt: {nl: De gevel, fr: La façade}\n")
    result = run(tmp_path, "--content", "content", "--output", "output")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{SPACE}/gevel.png: error: {LINK_MESSAGE}" in result.stderr.splitlines(), result.stderr
    assert not (tmp_path / "output").exists()


def test_an_entry_folder_linked_elsewhere_is_reported_and_not_read(tmp_path: Path) -> None:
    content = minimal_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(content / "spaces/atelier-een", elsewhere)
    (elsewhere / "space.yaml").write_text("name: [this file must not be read\n", encoding="utf-8")
    os.symlink(elsewhere, content / "spaces/atelier-twee")
    result = run(tmp_path, "check", "--content", "content")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"content/spaces/atelier-twee: error: {LINK_MESSAGE}",
                                          "1 error(s), 0 warning(s)"], result.stderr


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    """A 4 GB (sparse) file, checked in a process allowed 1.5 GB of memory: reading it whole would fail."""
    content = minimal_site(tmp_path)
    huge = content / "spaces/atelier-een/nl.md"
    os.truncate(huge, 4_000_000_000)
    result = run(tmp_path, "check", "--content", "content", memory_limit=3 * 1024 ** 3 // 2)
    assert result.returncode == 1, result.stderr
    assert (f"{SPACE}/nl.md:1:1: error: the file is too large (4,000,000,000 bytes; at most {MAX_TEXT_BYTES:,}); "
            "shorten it") in result.stderr.splitlines(), result.stderr


def test_report_links_names_every_link_without_entering_linked_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    os.symlink("/", tmp_path / "a" / "root")
    os.symlink("/etc/passwd", tmp_path / "passwd")
    diags = Diagnostics()
    report_links(tmp_path, diags)
    assert sorted(Path(item.path).name for item in diags.errors) == ["passwd", "root"]


def test_read_text_refuses_a_link_and_a_device(tmp_path: Path) -> None:
    os.symlink("/etc/hostname", tmp_path / "link.md")
    diags = Diagnostics()
    assert read_text(tmp_path / "link.md", diags) is None
    assert read_text(Path("/dev/null"), diags) is None
    assert [item.message for item in diags.errors] == [
        LINK_MESSAGE, "this is not a regular file (a device, a pipe or a folder); delete it"]
