"""The build as a whole: complete, deterministic, atomic, and the same from every entry point."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.diagnostics import BuildFailed
from sitetools import FIXTURES, REPO, SEARCH_BUNDLE, build, run_cli, snapshot, stable_part

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not


def test_two_builds_are_byte_identical_outside_the_search_bundle(tmp_path: Path) -> None:
    """Everything is byte-identical between two builds, except inside pagefind/: Pagefind does not keep its
    filter and meta files (and so their hashed names) stable between runs (Pagefind issue #638)."""
    for name in ("bilingual", "content"):
        a, b = snapshot(build_into(name, tmp_path / f"{name}-a")), snapshot(build_into(name, tmp_path / f"{name}-b"))
        assert stable_part(a) == stable_part(b), name
        differing = sorted(set(a) ^ set(b) | {p for p in set(a) & set(b) if a[p] != b[p]})
        assert all(path.startswith(SEARCH_BUNDLE) for path in differing), differing
        assert any(path.startswith(SEARCH_BUNDLE) for path in a), "the search bundle is part of the output"


def build_into(name: str, output: Path) -> Path:
    build(name, output)
    return output


def test_a_rebuild_in_place_gives_the_same_output(tmp_path: Path) -> None:
    build("bilingual", tmp_path / "out")
    first = stable_part(snapshot(tmp_path / "out"))
    build("bilingual", tmp_path / "out")
    assert stable_part(snapshot(tmp_path / "out")) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.cache", "out"], \
        "no staging folder may be left behind; the build cache is kept beside the output"


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    build_site(content, tmp_path / "out", "https://example.org/")
    before = snapshot(tmp_path / "out")
    (content / "spaces" / "le-quai" / "space.yaml").write_text("name: [broken\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "out", "https://example.org/")
    assert snapshot(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.cache", "content", "out"]


def test_the_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_cli("--content", str(FIXTURES / "minimal"), "--output", str(precious))
    assert result.returncode == 1
    assert "was not written by this tool" in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


@pytest.mark.parametrize("entry", [["build.py"], ["-m", "sitegen", "build"], ["-m", "sitegen"]])
def test_every_entry_point_builds_the_same_site(tmp_path: Path, entry: list[str]) -> None:
    import subprocess
    import sys
    out = tmp_path / "out"
    args = [sys.executable, *entry, "--content", str(FIXTURES / "minimal"), "--output", str(out)]
    args[1] = str(REPO / "build.py") if entry == ["build.py"] else args[1]
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    build("minimal", tmp_path / "reference")
    assert stable_part(snapshot(out)) == stable_part(snapshot(tmp_path / "reference"))


def test_the_real_content_builds_in_both_languages(tmp_path: Path) -> None:
    result = build("content", tmp_path / "out")
    pages = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("index.html")}
    assert {"index.html", "nl/index.html", "fr/index.html"} <= pages
    assert "nl/ruimten/lavallee/index.html" in pages and "fr/espaces/lavallee/index.html" in pages
    for theme in ("peer-to-peer", "samen-netwerken", "gendergelijkheid", "werkruimten", "cooperatieve-cultuur"):
        assert f"nl/themas/{theme}/index.html" in pages
    assert result.pages == len(pages) + 1  # and 404.html
    assert not [w for w in result.warnings if "content/" in w.path and "translation" in w.message]


def test_no_build_timestamp_or_absolute_path_leaks_into_the_output(tmp_path: Path) -> None:
    build("bilingual", tmp_path / "out")
    for path, data in snapshot(tmp_path / "out").items():
        if path.endswith((".html", ".ics", ".xml")):
            text = data.decode()
            assert str(REPO) not in text and str(tmp_path) not in text, path
            # Meetings put their own times in the pages; the build's time would carry the day of the build.
            days = "|".join(re.escape((dt.date.today() - dt.timedelta(days=back)).isoformat()) for back in (0, 1))
            assert not re.search(rf"({days})T\d\d:\d\d", text), path
