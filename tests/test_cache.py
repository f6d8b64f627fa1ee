"""The build cache's kept tables: a run that changed little writes only its changes, and the next run reads the
whole with those changes applied; changes made against another whole are never applied."""
from __future__ import annotations

import os
from pathlib import Path

from sitegen import cache


def kept(path: Path, stamp: str = "v1") -> tuple[cache.Journal, dict[str, int]]:
    journal = cache.Journal(path)
    found_stamp, table = journal.read()
    return journal, (table if found_stamp == stamp else {})


def test_a_few_changes_are_written_beside_the_whole_and_read_back_with_it(tmp_path: Path) -> None:
    path = tmp_path / "table.pickle"
    journal, table = kept(path)
    table.update({f"k{number}": number for number in range(1000)})
    journal.write("v1", table, set(table))
    whole = path.stat()
    journal, table = kept(path)
    table["k1"], table["new"] = -1, 7
    del table["k2"]
    journal.write("v1", table, {"k1", "new"})
    assert path.stat().st_ino == whole.st_ino and path.stat().st_mtime_ns == whole.st_mtime_ns
    assert os.path.getsize(path.with_name("table.pickle.changes")) < whole.st_size / 20
    _, again = kept(path)
    assert again == table and again["k1"] == -1 and "k2" not in again


def test_changes_pile_up_until_the_whole_is_written_again(tmp_path: Path) -> None:
    path = tmp_path / "table.pickle"
    journal, table = kept(path)
    table.update({f"k{number}": number for number in range(1000)})
    journal.write("v1", table, set(table))
    for round_ in range(3):  # each run adds to the changes of the runs before it
        journal, table = kept(path)
        table[f"r{round_}"] = round_
        journal.write("v1", table, {f"r{round_}"})
    assert kept(path)[1] == table and {"r0", "r1", "r2"} <= table.keys()
    journal, table = kept(path)
    table.update({f"k{number}": -number for number in range(cache.JOURNAL_MIN + 1)})
    journal.write("v1", table, {f"k{number}" for number in range(cache.JOURNAL_MIN + 1)})
    assert not path.with_name("table.pickle.changes").exists() and kept(path)[1] == table


def test_changes_made_against_an_older_whole_are_not_applied(tmp_path: Path) -> None:
    """Two runs read the same whole; one writes it anew (a new stamp), the other only its changes: those name the
    whole they were made against, which is gone, so the next run reads the new whole alone."""
    path = tmp_path / "table.pickle"
    journal, table = kept(path)
    journal.write("v1", {"a": 1, "b": 2}, {"a", "b"})
    first, second = cache.Journal(path), cache.Journal(path)
    first.read(), second.read()
    second.write("v2", {"a": 10}, {"a"})
    first.write("v1", {"a": 1, "b": 3}, {"b"})  # its whole is no longer there: it writes a whole of its own
    assert kept(path)[1] == {"a": 1, "b": 3}
    stale = cache.Journal(path)
    stale.read()
    stale.write("v1", {"a": 1, "b": 4}, {"b"})
    cache.Journal(path).write("v1", {"a": 5}, {"a"})  # a whole written by a run that read nothing
    assert kept(path)[1] == {"a": 5}


def test_nothing_is_written_when_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "table.pickle"
    journal, table = kept(path)
    journal.write("v1", {"a": 1}, {"a"})
    before = path.stat().st_mtime_ns
    journal, table = kept(path)
    journal.write("v1", table, set())
    assert path.stat().st_mtime_ns == before and not path.with_name("table.pickle.changes").exists()
