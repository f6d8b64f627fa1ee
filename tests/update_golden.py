"""Regenerate the golden output of the bilingual fixture: `python tests/update_golden.py`."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from sitetools import REPO, TEXT_SUFFIXES, build, snapshot, stable_part  # noqa: E402

GOLDEN = REPO / "tests" / "golden" / "bilingual"
MANIFEST = "FILES.txt"
VENDORED = "assets/vendor/"  # third-party files, copied unchanged: listed in the manifest, not kept


def golden_view(folder: Path) -> dict[str, bytes]:
    """What the golden copy keeps: every text file, and the list of all files (binary ones by name);
    not the search bundle, which Pagefind does not write byte-stable."""
    files = stable_part(snapshot(folder))
    kept = {path: data for path, data in files.items()
            if Path(path).suffix in TEXT_SUFFIXES and not path.startswith(VENDORED)}
    kept[MANIFEST] = ("\n".join(sorted(files)) + "\n").encode()
    return kept


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build("bilingual", Path(tmp) / "out")
        view = golden_view(Path(tmp) / "out")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, data in view.items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(view)} golden files to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    main()
