"""The bilingual fixture's output equals the reviewed golden copy. Regenerate: python tests/update_golden.py"""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from sitetools import snapshot
from update_golden import GOLDEN, golden_view

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not


def test_bilingual_output_matches_golden(tmp_path: Path) -> None:
    from sitetools import build
    build("bilingual", tmp_path / "out")
    actual = golden_view(tmp_path / "out")
    expected = snapshot(GOLDEN)
    problems = []
    for path in sorted(set(actual) | set(expected)):
        if path not in expected:
            problems.append(f"new file: {path}")
        elif path not in actual:
            problems.append(f"missing file: {path}")
        elif actual[path] != expected[path]:
            diff = difflib.unified_diff(expected[path].decode().splitlines(), actual[path].decode().splitlines(),
                                        f"golden/{path}", f"built/{path}", lineterm="", n=2)
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, ("output differs from the golden copy (python tests/update_golden.py regenerates it):\n"
                          + "\n".join(problems))
