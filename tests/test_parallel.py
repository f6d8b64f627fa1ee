"""Loading and rendering in several processes give what one process gives: the same entries, the same
diagnostics, the same bytes."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmark import make_content
from sitegen import content
from sitegen.build import build_site
from sitegen.cache import Fingerprints
from sitegen.diagnostics import Diagnostics
from sitegen.kinds import KINDS
from sitetools import snapshot, stable_part


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated directory large enough to be loaded in parallel, with an error and two warnings."""
    folder = tmp_path_factory.mktemp("parallel") / "content"
    folder.mkdir()
    make_content(folder, content.PARALLEL_FROM + 20)
    facts = folder / "spaces" / "ruimte-00010" / "space.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("kind: ", "kind: bogus-", 1), encoding="utf-8")
    (folder / "spaces" / "ruimte-00020" / "fr.md").unlink()
    (folder / "spaces" / "ruimte-00030" / "notes.txt").write_text("stray", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_loading_in_two_processes_gives_the_same_site_and_diagnostics(directory: Path) -> None:
    one, two = Diagnostics(), Diagnostics()
    first, second = content.load_site(directory, KINDS, one, jobs=1), content.load_site(directory, KINDS, two, jobs=2)
    assert first is not None and second is not None
    assert Fingerprints().of(first) == Fingerprints().of(second), "the same entries, compared by value"
    assert sorted(one.items) == sorted(two.items)
    assert len(one.errors) == 1 and len(one.warnings) == 2


@pytest.mark.slow
def test_rendering_in_two_processes_gives_the_same_bytes(directory: Path, tmp_path: Path) -> None:
    facts = directory / "spaces" / "ruimte-00010" / "space.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("kind: bogus-", "kind: ", 1), encoding="utf-8")
    build_site(directory, tmp_path / "one", "http://127.0.0.1/", jobs=1, booklets="skip")
    build_site(directory, tmp_path / "two", "http://127.0.0.1/", jobs=2, booklets="skip")
    assert stable_part(snapshot(tmp_path / "one")) == stable_part(snapshot(tmp_path / "two"))
