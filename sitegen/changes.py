"""What a pull request changes, for its job summary: `python build.py changes --base <folder or git ref>`.

Both versions of the content are loaded, checked and planned as a build would; their entries are compared file
by file, and every page is rendered from both (in memory, with this checkout's templates, so only the content's
changes show) and compared byte for byte, as are the data files. The report is Markdown for GitHub's job summary
(GITHUB_STEP_SUMMARY): the entries added, changed and removed, the pages that change in each language, every
error and warning of the new content, and a link to the built site.

Everything taken from the content (names, paths, messages) is written inside a code span sized to hold it, with
line breaks and control characters turned into spaces, so a hostile name can neither add a link, an image,
markup or a mention, nor start a line (a workflow command in a log needs a line of its own).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from . import maps, opendata
from .build import BuildResult, Prepared, copy_assets, prepare
from .cards import Context
from .diagnostics import BuildFailed, Diagnostic, Diagnostics
from .kinds import KINDS
from .locations import TEMPLATES
from .render import make_environment
from .views import page_context
from .write import Staging

SECTIONS = tuple(kind.folder for kind in KINDS if kind.parent is None)  # nested entries change their parent's folder
PAGES_LISTED = 60  # per language; the rest are counted
BASE_URL = "https://example.org/"  # both versions are rendered for one address, so that only content differs


@dataclass(frozen=True)
class Version:
    """One version of the content, as far as it could be read: its entries' file hashes, rendered outputs, report."""

    entries: dict[tuple[str, str], str]
    titles: dict[tuple[str, str], str]
    outputs: dict[str, bytes]
    languages: dict[str, str]  # page path -> its language
    diagnostics: tuple[Diagnostic, ...]
    readable: bool


def changes_report(content: Path, base: str, artifact_url: str = "") -> str:
    """The Markdown summary of what the content in `content` changes against `base` (a folder or a git ref)."""
    with tempfile.TemporaryDirectory(prefix="third-places-base-") as tmp:
        base_dir = Path(base) if Path(base).is_dir() else extract_ref(content, base, Path(tmp))
        old, new = read_version(base_dir), read_version(content)
    return "\n".join(_report(old, new, artifact_url)) + "\n"


# -- reading a version ---------------------------------------------------------------------------------------

def extract_ref(content: Path, ref: str, target: Path) -> Path:
    """The content folder as it is at a git ref, extracted into `target`."""
    folder = target / "content"
    with tarfile.open(fileobj=io.BytesIO(_git(content, "archive", "--format=tar", ref))) as archive:
        archive.extractall(folder, filter="data")  # from a subfolder, git archives that subfolder only
    return folder


def _git(folder: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(folder.resolve()), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise ValueError(f"cannot read '{args[-1]}' with git: "
                         f"{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def read_version(content: Path) -> Version:
    diags = Diagnostics()
    try:
        ready = prepare(content, TEMPLATES, BASE_URL, diags, BuildResult())
    except BuildFailed:
        return Version(_entries(content), {}, {}, {}, tuple(diags.sorted()), False)
    outputs, languages = _render(ready, content)
    return Version(_entries(content), _titles(ready), outputs, languages, tuple(diags.sorted()), True)


def _titles(ready: Prepared) -> dict[tuple[str, str], str]:
    """Each entry's name in the site's default language, to show beside its slug."""
    lang = ready.site.config.default_language
    order = ready.site.config.fallback_order(lang)
    return {(kind.folder, entry.slug): entry.title(entry.text_for(order), lang)
            for kind in KINDS if kind.parent is None for entry in ready.site.of(kind.name)}


def _entries(content: Path) -> dict[tuple[str, str], str]:
    """(section, slug) -> a hash of every file in the entry's folder."""
    found = {}
    for section in SECTIONS:
        folder = content / section
        for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
            if entry.is_dir() and not entry.name.startswith((".", "_")):
                found[(section, entry.name)] = _folder_hash(entry)
    return found


def _folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _render(ready: Prepared, content: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every page's HTML and the data files, by path, as the build would write them (nothing is written)."""
    with tempfile.TemporaryDirectory(prefix="third-places-assets-") as tmp, Staging(Path(tmp) / "site") as staging:
        versions = copy_assets(TEMPLATES, staging)
    sizes = {ready.urls.photo(space, photo): _size(photo.path) for space in ready.site.spaces for photo in space.photos}
    ctx = Context(ready.site, ready.places, ready.urls, ready.strings, sizes, versions, content, "content", KINDS)
    env = make_environment(TEMPLATES)
    outputs = {page.path: env.get_template(page.template).render(page_context(page, ctx)).encode("utf-8")
               for page in ready.pages}
    outputs["data/spaces.geojson"] = json.dumps(maps.spaces_geojson(ctx), sort_keys=True).encode("utf-8")
    outputs["data/spaces.json"] = json.dumps(opendata.spaces_json(ctx), sort_keys=True).encode("utf-8")
    outputs["data/spaces.csv"] = opendata.spaces_csv(ctx).encode("utf-8")
    return outputs, {page.path: page.lang for page in ready.pages}


def _size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


# -- the report ----------------------------------------------------------------------------------------------

def code(text: str) -> str:
    """Content as a Markdown code span: nothing inside is a link, markup or mention; it stays on one line."""
    flat = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", str(text)).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}"


def _report(old: Version, new: Version, artifact_url: str) -> list[str]:
    lines = ["## What this pull request changes", ""]
    lines += _entry_lines(old, new) + [""] + _page_lines(old, new) + [""] + _problem_lines(new) + [""]
    lines += _artifact_lines(artifact_url)
    return lines


def _entry_lines(old: Version, new: Version) -> list[str]:
    added = sorted(set(new.entries) - set(old.entries))
    removed = sorted(set(old.entries) - set(new.entries))
    changed = sorted(key for key in set(new.entries) & set(old.entries) if new.entries[key] != old.entries[key])
    lines = [f"**Entries**: {len(added)} added, {len(changed)} changed, {len(removed)} removed", ""]
    titles = old.titles | new.titles
    for verb, keys in (("added", added), ("changed", changed), ("removed", removed)):
        lines += [f"- {verb}: {section[:-1]} {code(slug)}{_titled(titles.get((section, slug)))}"
                  for section, slug in keys]
    return lines


def _titled(title: str | None) -> str:
    return f", {code(title)}" if title else ""


def _page_lines(old: Version, new: Version) -> list[str]:
    if not (old.readable and new.readable):
        which = "the base" if not old.readable else "this pull request's content"
        return [f"**Pages**: not compared, since {which} has errors (listed below for this pull request)."]
    paths = sorted(set(old.outputs) | set(new.outputs))
    differing = [path for path in paths if old.outputs.get(path) != new.outputs.get(path)]
    lines = [f"**Pages and data files that change**: {len(differing)}", ""]
    languages = old.languages | new.languages
    for lang in sorted({languages.get(path, "") for path in differing}):
        mine = [path for path in differing if languages.get(path, "") == lang]
        title = f"In {code(lang)}" if lang else "Data files"
        lines += [f"{title}: {len(mine)}", ""]
        lines += [f"- {code('/' + path)} ({_how(path, old, new)})" for path in mine[:PAGES_LISTED]]
        lines += [f"- and {len(mine) - PAGES_LISTED} more"] if len(mine) > PAGES_LISTED else []
        lines.append("")
    return lines[:-1]


def _how(path: str, old: Version, new: Version) -> str:
    return "new" if path not in old.outputs else "removed" if path not in new.outputs else "changed"


def _problem_lines(new: Version) -> list[str]:
    errors = sum(1 for d in new.diagnostics if d.severity == "error")
    lines = [f"**Check**: {errors} error(s), {len(new.diagnostics) - errors} warning(s)", ""]
    for item in new.diagnostics:
        where = f"{item.path}:{item.line}:{item.col}" if item.line else item.path
        lines.append(f"- {item.severity} at {code(where)}: {code(item.message)}")
    return lines


def _artifact_lines(url: str) -> list[str]:
    parts = urlsplit(url)
    if not url:
        return ["**The built site**: not in this run (the build did not finish)."]
    if parts.scheme != "https" or not parts.netloc or any(c in url for c in " ()[]<>\"'`\n"):
        return ["**The built site**: in this run's artifacts, as `site` (a zip of the output folder)."]
    return [f"**The built site**: [download the artifact `site`]({url}), unzip it and open `index.html`, "
            "or serve the folder with `python3 -m http.server`."]
