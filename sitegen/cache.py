"""The build cache: what each output was made from, so a rebuild reuses what has not changed.

An output's key is a digest of everything it is made from: the code's version (this package's sources and the
versions of the libraries that shape the output), the templates it uses, and the content of what its template
receives (its context, fingerprinted by value). Equal keys give equal bytes, so a rebuild reuses the previous
output's file (a hard link into the staging folder) instead of rendering it again. The manifest, stored in a
folder beside the output (`.<output>.cache/`), records each output's key and the file it was written to;
a file changed or replaced since (another inode, size or time) is never reused.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import os
import pickle
import time
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import Environment, meta

from . import workers

PACKAGE = Path(__file__).resolve().parent
# The libraries whose version changes what a page, an index or a booklet holds.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "pagefind", "weasyprint", "segno", "pillow")
MANIFEST = "manifest.json"
FORMAT = 2
SETTLE_NS = 2_000_000_000  # a file's stat is trusted to tell it is unchanged once it is this old
READ_LIMIT = 64_000_000  # bytes: larger files are known by size and time (text over 1 MB is refused anyway)


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def code_version() -> str:
    """This package's sources and data (the countries' outlines, the places and their time zones) and the versions
    of the libraries that shape the output."""
    files = [*PACKAGE.rglob("*.py"), *(PACKAGE / "data").iterdir()]
    sources = [path.read_bytes() for path in sorted(files)]
    versions = [f"{name}={_version(name)}" for name in LIBRARIES]
    return digest(*sources, *versions)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """Every file under `folder` (names and bytes): the fonts, the strings, the assets."""
    files = sorted(path for path in folder.rglob(pattern) if path.is_file())
    return digest(*(part for path in files for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


class TemplateDigests:
    """Each template's digest with those it extends, includes and imports, so that an edit of space.html
    changes the key of space pages only; a template that names another by a variable depends on all."""

    def __init__(self, env: Environment):
        self.env = env
        self.done: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self.done:
            self.done[name] = self._compute(name, frozenset())
        return self.done[name]

    def _compute(self, name: str, seen: frozenset[str]) -> str:
        source = self._source(name)
        named = list(meta.find_referenced_templates(self.env.parse(source)))
        if None in named:
            return digest(*(self._source(every) for every in sorted(self.env.list_templates())))
        others = sorted({str(other) for other in named} - seen - {name})
        return digest(name, source, *(self._compute(other, seen | {name}) for other in others))

    def _source(self, name: str) -> str:
        loader = self.env.loader
        assert loader is not None  # render.make_environment gives every environment its templates' loader
        return loader.get_source(self.env, name)[0]


# -- fingerprints of what a template receives ------------------------------------------------------------

def _function(module: str, qualname: str, *closure: Any) -> None:
    """Stands for a function in a fingerprint: its name and what it closes over (its code is in the version)."""


def _reference(kind: str, value: str) -> None:
    """Stands for an object already fingerprinted, by its type and digest."""


class Fingerprints:
    """Digests of template contexts by value. Frozen dataclass instances (the site, a space, the strings) are
    digested once and then stand in by their digest, so the site shared by every page costs once per build.
    A function stands in by its name and the values it closes over (`asset`, `href`)."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str]] = {}  # id -> (the object, kept alive so its id stays its own; digest)

    def of(self, *values: Any) -> str:
        return digest(self._dump(values))

    def _dump(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self).dump(value)
        return buffer.getvalue()

    def shared(self, obj: Any) -> str:
        known = self.memo.get(id(obj))
        if known is None:
            state = tuple((f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj))
            known = self.memo[id(obj)] = (obj, digest(type(obj).__qualname__, self._dump(state)))
        return known[1]


class _Pickler(pickle.Pickler):
    def __init__(self, buffer: io.BytesIO, prints: Fingerprints):
        super().__init__(buffer, protocol=5)
        self.prints = prints
        self.fast = True  # no memo: the bytes depend on values only, never on which objects are shared

    def reducer_override(self, obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return _reference, (type(obj).__qualname__, self.prints.shared(obj))
        if isinstance(obj, types.MethodType):
            return getattr, (obj.__self__, obj.__func__.__name__)
        if isinstance(obj, types.FunctionType) and (obj.__closure__ or "<" in obj.__qualname__):
            cells = tuple(cell.cell_contents for cell in obj.__closure__ or ())
            return _function, (obj.__module__, obj.__qualname__, *cells, *(obj.__defaults__ or ()))
        if isinstance(obj, (set, frozenset)):
            return sorted, (sorted(obj, key=repr),)  # an order that does not depend on the hash seed
        return NotImplemented


def stat_line(path: Path) -> str:
    """A file as its stat knows it: size, modification and change times, inode (what an edit changes)."""
    return stat_text(os.stat(path))


def stat_text(found: os.stat_result) -> str:
    return f"{found.st_size}:{found.st_mtime_ns}:{found.st_ctime_ns}:{found.st_ino}"


# -- the manifest -------------------------------------------------------------------------------------------

Stat = tuple[int, int, int]  # inode, size, modification time (ns)


def file_stat(path: Path) -> Stat | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass
class Manifest:
    """What the output holds: for each output made by key, its key and the file's stat when written."""

    outputs: dict[str, tuple[str, Stat]] = field(default_factory=dict)
    site: str = ""  # the key of everything the build read (site_key): equal, every output is made as before

    def reusable(self, output: Path, path: str, key: str) -> bool:
        """True when `output/path` is the file made from `key` and has not changed since."""
        known = self.outputs.get(path)
        return known is not None and known[0] == key and file_stat(output / path) == tuple(known[1])

    def record(self, path: str, key: str, stat: Stat) -> None:
        self.outputs[path] = (key, stat)


def _file_part(file: os.DirEntry[str]) -> bytes:
    """What a file adds to its folder's signature: its bytes, or (for a link, a folder or a file too large to read,
    which the checks refuse anyway) what its directory entry says, so the signature never reads past a limit."""
    if not file.is_file(follow_symlinks=False):
        return f"/{file.is_symlink()}".encode()
    size = file.stat(follow_symlinks=False).st_size
    if size > READ_LIMIT:
        return f"{size}:{file.stat(follow_symlinks=False).st_mtime_ns}".encode()
    return Path(file.path).read_bytes()


def read_pickle(path: Path) -> Any:
    """What `write_pickle` kept in `path` (a file this tool wrote in its own cache folder); None when it is
    missing or cannot be read back."""
    try:
        with path.open("rb") as file, workers.collection_paused():
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None


def write_pickle(path: Path, data: Any) -> None:
    """Keep `data` in `path` for a later run: written aside, then renamed, so never half a file. Where it cannot be
    written (a read-only checkout, a full disk) nothing is kept: the next run only works it out again, and the
    build itself reports the disk when it writes the site."""
    temporary = path.with_suffix(f".{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


class Journal:
    """A table kept between runs in two files: the whole of it (`path`), and the changes made since
    (`path.changes`). A run that changed a few keys writes only those: after an edit, a few kilobytes instead of the
    20 MB of a 10,000-space directory's entries. The whole is written again when the changes outgrow an eighth of
    it, or when what the table belongs to (its stamp: the code, the settings) is new. Changes are applied only to
    the very file they were made against (its stat), so a whole written since by another run drops them."""

    def __init__(self, path: Path):
        self.path, self.changes = path, path.with_name(path.name + ".changes")
        self.stamp: Any = None
        self.base = ""  # the stat of the whole as read (or written)
        self.known: set[Any] = set()  # the keys the files held
        self.logged: tuple[dict[Any, Any], set[Any]] = ({}, set())  # the changes file: updates, removals

    def read(self) -> tuple[Any, dict[Any, Any]]:
        """The stamp and the table as kept (the whole with its changes); (None, {}) when nothing readable is."""
        kept = read_pickle(self.path)
        if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], dict)):
            return None, {}
        (self.stamp, table), self.base = kept, _identity(self.path)
        logged = read_pickle(self.changes)
        if isinstance(logged, tuple) and len(logged) == 3 and logged[0] == self.base:
            self.logged = logged[1], logged[2]
            for key in logged[2]:
                table.pop(key, None)
            table.update(logged[1])
        self.known = set(table)
        return self.stamp, table

    def write(self, stamp: Any, table: dict[Any, Any], changed: set[Any]) -> None:
        """Keep `table`, of which the keys `changed` were set since `read` (and keys it lacks were removed)."""
        gone_now, updated = self.known - table.keys(), changed & table.keys()
        if stamp == self.stamp and not gone_now and not updated:
            return
        updates = {key: value for key, value in self.logged[0].items() if key in table}
        updates.update((key, table[key]) for key in updated)
        gone = (self.logged[1] | gone_now) - updates.keys()
        whole = stamp != self.stamp or not self.base or self.base != _identity(self.path)
        if whole or len(updates) + len(gone) > max(JOURNAL_MIN, len(table) // 8):
            write_pickle(self.path, (stamp, table))
            self.logged, self.base = ({}, set()), _identity(self.path)
            with contextlib.suppress(OSError):
                self.changes.unlink()
        else:
            write_pickle(self.changes, (self.base, updates, gone))
            self.logged = updates, gone
        self.stamp, self.known = stamp, set(table)


JOURNAL_MIN = 256  # changes a journal holds before the whole is written again, however small the table


def _identity(path: Path) -> str:
    try:
        return stat_text(os.stat(path))
    except OSError:
        return ""


class KeptTable(dict[Any, Any]):
    """Results this version of the code worked out, kept in the cache folder between runs: a check or a build
    after an edit works out only what is new (each Markdown text's HTML, each point's country check)."""

    def __init__(self) -> None:
        super().__init__()
        self.added: set[Any] = set()  # keys added since the table was last loaded or saved
        self.journal: Journal | None = None

    def load(self, path: Path) -> None:
        """Add what an earlier run kept in `path` (`save`), when the same code made it."""
        journal = Journal(path)
        stamp, kept = journal.read()
        if stamp == code_version():
            self.update(kept)
            self.journal = journal

    def add(self, key: Any, value: Any) -> None:
        self[key] = value
        self.added.add(key)

    def keep_only(self, keys: set[Any]) -> None:
        """Forget what this run did not ask for (content since deleted), so that the table never grows past it."""
        for key in [key for key in self if key not in keys]:
            del self[key]

    def save(self, path: Path) -> None:
        """Keep the table for the next run: nothing when nothing changed, the changes when few did."""
        if self.journal is None or self.journal.path != path:
            self.journal = Journal(path)
        self.journal.write(code_version(), dict(self), self.added)
        self.added = set()


def cache_folder(output: Path) -> Path:
    """Beside the output, hidden: `.output.cache/` for `output/`."""
    output = output.resolve()
    return output.parent / f".{output.name}.cache"


def load_manifest(output: Path) -> Manifest:
    """The manifest of the current output; an empty one when there is none or it cannot be read."""
    path = cache_folder(output) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not (output / ".third-places-build").exists():
            return Manifest()
        return Manifest({name: (key, tuple(stat)) for name, (key, stat) in data["outputs"].items()}, data["site"])
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def save_manifest(output: Path, manifest: Manifest) -> None:
    """Write the manifest of the output just swapped in (written aside, then renamed: never half a file)."""
    folder = cache_folder(output)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{MANIFEST}.{os.getpid()}"
    data = {"format": FORMAT, "site": manifest.site, "outputs": dict(sorted(manifest.outputs.items()))}
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def forget(output: Path) -> None:
    """Drop the manifest (before a swap): a crash after it leaves an output that is simply not reused."""
    try:
        (cache_folder(output) / MANIFEST).unlink()
    except FileNotFoundError:
        pass


def combined(keys: Iterable[tuple[str, str]]) -> str:
    """One key for many outputs (the search index is made from every page)."""
    return digest(*(part for pair in sorted(keys) for part in pair))


# -- entries read before ------------------------------------------------------------------------------------

class EntryMemo:
    """Entries read before, by folder, with the diagnostics reading them gave, reused while the folder's files
    are unchanged and the settings, vocabulary and date they were checked against are the same.

    `by_content` (builds and check, kept in a file between runs): a folder is unchanged when its files' names
    and bytes are; otherwise (the preview server, in memory) when their names, sizes and times are."""

    def __init__(self, path: Path | None = None, by_content: bool = False):
        self.path, self.by_content = path, by_content
        self.entries: dict[str, tuple[str, Any, list[Any]]] = {}
        self.dirty: set[str] | None = None  # the preview: only the folders the watcher saw change are read
        self.against = ""
        self.signatures: dict[Path, str] = {}
        self.stats: dict[str, tuple[str, str]] = {}  # by content: a folder's stat signature and its signature
        self.seen: set[str] = set()  # the folders this run asked for: only they are kept
        self.touched: set[str] = set()  # the folders whose entry or stat this run set
        self.journal = Journal(path) if path is not None else None

    @classmethod
    def stored(cls, path: Path) -> EntryMemo:
        """The memo kept in `path` (pickles this tool wrote in its own cache folder); empty when unreadable."""
        memo = cls(path, by_content=True)
        assert memo.journal is not None
        against, kept = memo.journal.read()
        if isinstance(against, str):
            memo.against = against
            memo.entries = {folder: known for folder, (known, _) in kept.items()}
            memo.stats = {folder: stat for folder, (_, stat) in kept.items() if stat is not None}
        return memo

    def start(self, against: Any) -> None:
        """Forget every entry when what they are checked against (or the code) changed."""
        key = digest(code_version(), os.getcwd(), Fingerprints().of(against))  # diagnostics name paths from here
        if key != self.against:
            self.against, self.entries = key, {}

    def signature(self, folder: Path) -> str:
        with os.scandir(folder) as found:
            files = sorted(found, key=lambda entry: entry.name)
        if self.by_content:
            return self._by_content(str(folder), files)
        return digest(*(f"{file.name}:{file.stat().st_size}:{file.stat().st_mtime_ns}" for file in files))

    def _by_content(self, folder: str, files: list[os.DirEntry[str]]) -> str:
        """The signature of the files' names and bytes, read again only when a file's stat changed (as git's index
        does): its size, times or inode. A stat from the last SETTLE_NS is not trusted, since a file written twice
        within one tick of the file system's clock keeps its times."""
        stats = [file.stat(follow_symlinks=False) for file in files]
        stat = digest(*(f"{file.name}:{stat_text(s)}" for file, s in zip(files, stats, strict=True)))
        known = self.stats.get(folder)
        if known is not None and known[0] == stat:
            return known[1]
        signature = digest(*(part for file in files for part in (file.name, _file_part(file))))
        if all(time.time_ns() - s.st_ctime_ns > SETTLE_NS for s in stats):
            self.stats[folder] = (stat, signature)
            self.touched.add(folder)
        return signature

    def recall(self, folder: Path, diags: Any, found: dict[Path, Any]) -> bool:
        """Put the folder's entry in `found` (and its diagnostics in `diags`) when it is unchanged."""
        known = self.entries.get(str(folder))
        self.seen.add(str(folder))
        if self.dirty is not None:
            unchanged = str(folder) not in self.dirty
        else:
            self.signatures[folder] = signature = self.signature(folder)
            unchanged = known is not None and known[0] == signature
        if known is None or not unchanged:
            return False
        diags.items.extend(known[2])
        found[folder] = known[1]
        return True

    def remember(self, folder: Path, entry: Any, diagnostics: list[Any]) -> None:
        signature = "" if self.dirty is not None else self.signatures.get(folder) or self.signature(folder)
        self.entries[str(folder)] = (signature, entry, diagnostics)  # '': read again unless told it is unchanged
        self.touched.add(str(folder))

    def save(self) -> None:
        """Keep the memo for the next run: the folders this run asked for (only what changed, when little did)."""
        if self.journal is None:
            return
        kept = {folder: (known, self.stats.get(folder)) for folder, known in self.entries.items()
                if folder in self.seen}
        self.journal.write(self.against, kept, self.touched)
        self.touched = set()
