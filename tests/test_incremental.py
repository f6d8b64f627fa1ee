"""Builds that reuse what has not changed: the output of a rebuild after an edit is byte for byte the output of
a cold build of the edited content; only the outputs whose inputs changed are made anew."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import TEMPLATES, build_site
from sitetools import FIXTURES, REPO, snapshot, stable_part

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

BASE_URL = "https://example.org/"


def copy_of(tmp_path: Path, fixture: str = "bilingual") -> tuple[Path, Path]:
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / fixture, content)
    shutil.copytree(TEMPLATES, templates)
    return content, templates


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_rebuild_after_edits_equals_a_cold_build_byte_for_byte(tmp_path: Path) -> None:
    content, templates = copy_of(tmp_path)
    build_site(content, tmp_path / "out", BASE_URL, templates=templates)
    body = next(path for path in sorted(content.glob("spaces/*/nl.md")))
    edit(body, "\n---\n", "\n---\nEen nieuwe eerste zin.\n\n")
    edit(templates / "theme.html", "{% block content %}", "{% block content %}<!-- edited -->")
    again = build_site(content, tmp_path / "out", BASE_URL, templates=templates)
    build_site(content, tmp_path / "cold", BASE_URL, templates=templates)
    assert stable_part(snapshot(tmp_path / "out")) == stable_part(snapshot(tmp_path / "cold"))
    space_page = f"nl/ruimten/{body.parent.name}/index.html"
    assert space_page in again.written and "nl/themas/index.html" not in again.written
    assert any(path.startswith("nl/themas/") and path != "nl/themas/index.html" for path in again.written)
    assert again.reused > len(again.written), "most pages are reused"


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_makes_nothing_anew(tmp_path: Path) -> None:
    """Pages, the search index and the booklets are all reused, and the output is the same."""
    content, templates = copy_of(tmp_path)
    first = build_site(content, tmp_path / "out", BASE_URL, templates=templates)
    before = snapshot(tmp_path / "out")
    again = build_site(content, tmp_path / "out", BASE_URL, templates=templates)
    assert again.written == [] and again.reused == len(first.written)
    assert snapshot(tmp_path / "out") == before, "the search bundle too is reused as it was"


def test_a_file_changed_in_the_output_is_made_again(tmp_path: Path) -> None:
    """The cache trusts a file only while it is the one written: an output edited by hand is replaced."""
    build_site(FIXTURES / "minimal", tmp_path / "out", BASE_URL, booklets="skip")
    home = tmp_path / "out" / "nl" / "index.html"
    original = home.read_bytes()
    home.write_bytes(b"tampered")
    again = build_site(FIXTURES / "minimal", tmp_path / "out", BASE_URL, booklets="skip")
    assert "nl/index.html" in again.written and home.read_bytes() == original


def test_no_booklet_writes_no_pdf(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "build.py", "--content", str(FIXTURES / "minimal"), "--output",
                           str(tmp_path / "out"), "--no-booklet", "--jobs", "2"], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "nl" / "index.html").is_file()
    assert not list((tmp_path / "out").rglob("*.pdf"))


BLOCK_WEASYPRINT = """
import sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError("WeasyPrint is not importable here")
sys.meta_path.insert(0, Refuse())
from sitegen.cli import main
status = main(sys.argv[1:])
assert "weasyprint" not in sys.modules
sys.exit(status)
"""


@pytest.mark.parametrize("command", [["check"], ["build", "--no-booklet"]])
def test_check_and_a_build_without_booklets_run_without_weasyprint(tmp_path: Path, command: list[str]) -> None:
    output = ["--output", str(tmp_path / "out")] if command[0] == "build" else []
    done = subprocess.run([sys.executable, "-c", BLOCK_WEASYPRINT, *command, "--content", str(FIXTURES / "minimal"),
                           *output], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_entries_are_read_again_only_when_their_files_change(tmp_path: Path) -> None:
    """check (and build) keep the entries they read in the cache folder: a second check reports the same
    problems without reading unchanged folders, and an edited file is read again."""
    from sitegen.build import check_content
    content, _ = copy_of(tmp_path)
    facts = content / "spaces" / "le-quai" / "space.yaml"
    edit(facts, "kind: ", "kind: x")
    first = check_content(content, cache_dir=tmp_path / "cache")
    again = check_content(content, cache_dir=tmp_path / "cache")
    assert sorted(again.items) == sorted(first.items) and any("'xthird-place'" in d.message or "'xshared" in d.message
                                                               for d in first.errors)
    edit(facts, "kind: x", "kind: ")
    fixed = check_content(content, cache_dir=tmp_path / "cache")
    assert not fixed.errors and (tmp_path / "cache" / "entries.pickle").is_file()


def test_an_unchanged_folder_is_known_by_its_stat_and_an_edit_by_its_new_one(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a folder's files are older than SETTLE_NS, a later check knows them unchanged by their stat without
    reading them (as git's index does); an edit of the same size whose mtime is put back still changes the
    file's ctime, so it is read again and its problem reported."""
    from sitegen import cache
    from sitegen.build import check_content
    content, _ = copy_of(tmp_path)
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    first = check_content(content, cache_dir=tmp_path / "cache")
    read: list[str] = []
    real = cache._file_part
    monkeypatch.setattr(cache, "_file_part", lambda file: read.append(file.path) or real(file))
    again = check_content(content, cache_dir=tmp_path / "cache")
    assert sorted(again.items) == sorted(first.items) and read == []
    facts = content / "spaces" / "le-quai" / "space.yaml"
    times = facts.stat()
    edit(facts, "kind: shared-workspace", "kind: shared-workspacX")
    os.utime(facts, ns=(times.st_atime_ns, times.st_mtime_ns))
    edited = check_content(content, cache_dir=tmp_path / "cache")
    assert str(facts) in read and any("shared-workspacX" in d.message for d in edited.errors)


@pytest.mark.slow
def test_a_photo_replaced_under_the_same_name_gives_a_new_thumbnail(tmp_path: Path) -> None:
    """The build's outputs that read files beyond the content's text (the thumbnails) are made again when a photo
    changes, though nothing else did; the rest is reused, and the output is the cold build's."""
    from PIL import Image
    content, templates = copy_of(tmp_path)
    build_site(content, tmp_path / "out", BASE_URL, templates=templates, booklets="skip")
    photo = content / "spaces" / "huis-van-de-makers" / "gevel.png"
    with Image.open(photo) as image:
        Image.new("RGB", image.size, (200, 30, 90)).save(photo)
    again = build_site(content, tmp_path / "out", BASE_URL, templates=templates, booklets="skip")
    build_site(content, tmp_path / "cold", BASE_URL, templates=templates, booklets="skip")
    assert stable_part(snapshot(tmp_path / "out")) == stable_part(snapshot(tmp_path / "cold"))
    assert any(path.startswith("thumbs/") for path in again.written)
    assert again.reused > len(again.written), "the pages are reused"


def test_the_build_cache_forgets_what_the_content_no_longer_has(tmp_path: Path) -> None:
    """An entry, a text's HTML and a point's verdict are kept only while the content has them: the cache of a
    folder checked again and again (or of a benchmark's many directories) never grows past one content."""
    from sitegen import cache, places, prose
    from sitegen.build import check_content
    content, _ = copy_of(tmp_path)
    check_content(content, cache_dir=tmp_path / "cache")
    gone = content / "spaces" / "huis-van-de-makers"
    text = (gone / "nl.md").read_text(encoding="utf-8").split("---\n", 2)[2].strip()
    points = len(places.VERDICTS)
    assert any(text in kept for kept in prose.CONVERTED) and points == 5
    shutil.rmtree(gone)
    check_content(content, cache_dir=tmp_path / "cache")
    memo = cache.EntryMemo.stored(tmp_path / "cache" / "entries.pickle")
    assert memo.entries and str(gone) not in memo.entries and str(gone) not in memo.stats
    assert not any(text in kept for kept in prose.CONVERTED) and len(places.VERDICTS) == points - 1


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_cache_that_cannot_be_written_is_not_kept_and_stops_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      code: int) -> None:
    """A read-only checkout or a full disk: `check` still reports, the build still names the disk where it writes
    the site, and no half-written cache file is left behind."""
    from sitegen import cache

    def refused(*args: object) -> None:
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(cache.os, "replace", refused)
    cache.write_pickle(tmp_path / "cache" / "entries.pickle", {"a": 1})
    assert list((tmp_path / "cache").iterdir()) == []
