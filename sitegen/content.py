"""Loading the content folder: each entry on its own, every problem collected.

Which folders hold entries, and how one entry folder is read, comes from the entry kinds (kinds.py); the
readers of the four kinds of today are the `read_*` functions at the end of this module.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar, cast

from babel import Locale

from . import schema, workers
from .cache import EntryMemo
from .declarations import PHOTO_TYPES
from .diagnostics import Diagnostic, Diagnostics, display_path
from .entrykind import EntryKind, LoadScope
from .fields import check_slug
from .model import DatedEntry, Entry, Lab, Site, SiteConfig, Space, Text, Theme, Vocabulary
from .sources import MarkdownDoc, YamlDoc, load_markdown_file, load_yaml_file, report_links

IGNORED = (".", "_")
E = TypeVar("E", bound=Entry)
D = TypeVar("D", bound=DatedEntry)


def load_site(content: Path, kinds: tuple[EntryKind, ...], diags: Diagnostics, memo: EntryMemo | None = None,
              jobs: int = 1) -> Site | None:
    """The whole site, or None when site.yaml or vocabulary.yaml cannot be read at all."""
    if not content.is_dir():
        diags.error(content, 0, 0, "", "the content folder does not exist")
        return None
    report_links(content, diags)
    config = load_config(content, diags)
    vocab = load_vocabulary(content, config, diags) if config else None
    if config is None or vocab is None:
        return None
    _report_unknown_sections(content, kinds, diags)
    if memo is not None:
        memo.start((config, vocab, schema.today()))  # what every entry is checked against
    scope = LoadScope(config, vocab, diags)
    loaded: dict[str, tuple[Entry, ...]] = {}
    for kind in kinds:
        holders = [(content, None)] if kind.parent is None else [(e.source, e) for e in loaded.get(kind.parent, ())]
        nested = tuple(other.folder for other in kinds if other.parent == kind.name)
        loaded[kind.name] = tuple(
            entry for folder, parent in holders
            for entry in load_section(folder / kind.folder, kind, replace(scope, parent=parent, subfolders=nested),
                                      memo, jobs))
    site = Site(config=config, vocabulary=vocab, by_kind=tuple(loaded.items()))
    for entry in site.entries():
        report_missing_translations(entry, config, diags)
    return site


def report_missing_translations(entry: Entry, config: SiteConfig, diags: Diagnostics) -> None:
    """A warning for each of the site's languages the entry has no text in, naming the file to add, on the text
    to translate from. (An entry without any text at all is an error, reported where it is read.)"""
    source = entry.text_for(config.fallback_order(config.default_language))
    if source is None:
        return
    inline = source.source.suffix == ".yaml"  # a one-file space: its text is in space.yaml
    for lang in config.languages:
        if entry.text(lang) is not None:
            continue
        new_file = display_path(entry.source / f"{lang}.md")
        todo = (f"add '{lang}: …' to 'summary' and 'description' here, or a file {new_file}" if inline
                else f"add {new_file}, translated from {source.source.name}")
        diags.warning(source.source, source.body_line if inline else 1, 1, "",
                      f"missing translation: {entry.source.parent.name}/{entry.slug} has no text in "
                      f"{language_name(lang)} ('{lang}') yet; {todo}")


def language_name(lang: str) -> str:
    """'French' for 'fr': a language's English name, as the messages are in English."""
    return cast(str, Locale("en").languages.get(lang, lang))  # Babel's locale data is untyped


def load_config(content: Path, diags: Diagnostics) -> SiteConfig | None:
    doc = load_yaml_file(content / "site.yaml", diags)
    return schema.site_config(doc, diags) if doc else None


def load_vocabulary(content: Path, config: SiteConfig, diags: Diagnostics) -> Vocabulary | None:
    doc = load_yaml_file(content / "vocabulary.yaml", diags)
    return schema.vocabulary(doc, config.languages, diags) if doc else None


def _report_unknown_sections(content: Path, kinds: tuple[EntryKind, ...], diags: Diagnostics) -> None:
    known = {kind.folder for kind in kinds if kind.parent is None} | {"site.yaml", "vocabulary.yaml"}
    for path in sorted(content.iterdir()):
        if path.name not in known and not path.name.startswith(IGNORED):
            diags.warning(path, 0, 0, "", f"'{path.name}' is not part of the content and is ignored; "
                                          "move it out of the content folder, or start its name with '_'")


def load_section(section: Path, kind: EntryKind, scope: LoadScope, memo: EntryMemo | None = None,
                 jobs: int = 1) -> tuple[Entry, ...]:
    """Every entry folder of a section, in slug order; stray files and bad slugs reported."""
    if not section.is_dir() or section.is_symlink():
        return ()
    diags, folders = scope.diags, []
    for path in sorted(section.iterdir()):
        if path.name.startswith(IGNORED) or path.is_symlink():  # a link is reported by report_links
            continue
        if not path.is_dir():
            diags.error(path, 0, 0, "", f"an entry is a folder: move this file into {section.name}/<slug>/")
            continue
        problem = check_slug(path.name)
        if problem:
            diags.error(path, 0, 0, "", f"folder name {problem}")
            continue
        folders.append(path)
    entries = _load_entries(folders, lambda folder: kind.read(folder, scope), diags, memo, jobs)
    return tuple(replace(entry, parent=scope.parent) if scope.parent else entry for entry in entries if entry)


PARALLEL_FROM = 200  # entries; below it, starting processes costs more than it saves


def _load_entries(folders: list[Path], load_one: Callable[[Path], E | None], diags: Diagnostics,
                  memo: EntryMemo | None, jobs: int) -> list[E | None]:
    """Each folder's entry: from the memo when its files are unchanged, else read, in `jobs` forked processes
    for many folders (each worker's diagnostics are brought back)."""
    found: dict[Path, E | None] = {}
    todo = [folder for folder in folders if memo is None or not memo.recall(folder, diags, found)]
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        fresh = [_load_range((todo, load_one, diags), range(len(todo)))]
    else:
        fresh = workers.run_all(_load_range, (todo, load_one, diags), workers.chunks(len(todo), jobs), jobs)
    for loaded in fresh:
        for folder, entry, added in loaded:
            found[folder] = entry
            diags.items.extend(added)
            if memo is not None:
                memo.remember(folder, entry, added)
    return [found[folder] for folder in folders]


def _load_range(shared: tuple[list[Path], Callable[[Path], E | None], Diagnostics],
                indexes: range) -> list[tuple[Path, E | None, list[Diagnostic]]]:
    """Some folders' entries, each with the diagnostics it added (load_one reports into `diags`, which is
    left as it was)."""
    folders, load_one, diags = shared
    loaded = []
    for i in indexes:
        start = len(diags.items)
        entry = load_one(folders[i])
        loaded.append((folders[i], entry, diags.items[start:]))
        del diags.items[start:]
    return loaded


def _language_files(folder: Path, scope: LoadScope, data_file: str | None) -> dict[str, Path]:
    """The entry's <lang>.md files; unknown languages and unexpected files reported. The folders of nested
    kinds (a lab's journal) are read on their own."""
    found, languages, diags = {}, scope.config.languages, scope.diags
    for path in sorted(folder.iterdir()):
        if path.name.startswith(IGNORED) or path.name == data_file or path.name in scope.subfolders:
            continue
        if path.suffix == ".md" and path.stem in languages:
            found[path.stem] = path
        elif path.suffix == ".md":
            diags.error(path, 0, 0, "", f"'{path.name}': '{path.stem}' is not one of the site's languages "
                                        f"({', '.join(languages)}); add it to 'languages' in site.yaml, "
                                        "or rename the file")
        elif path.suffix.lower() not in PHOTO_TYPES:
            diags.warning(path, 0, 0, "", f"'{path.name}' is not used by the site; move it out of the content "
                                          "folder, or start its name with '_'")
    return found


def _read_markdown(files: dict[str, Path], diags: Diagnostics) -> dict[str, MarkdownDoc]:
    docs = {lang: load_markdown_file(path, diags) for lang, path in files.items()}
    return {lang: doc for lang, doc in docs.items() if doc is not None}


def _entry_texts(folder: Path, files: dict[str, Path], diags: Diagnostics) -> tuple[Text, ...]:
    if not files:
        diags.error(folder, 0, 0, "", "the folder has no text: add nl.md or fr.md with a 'title'")
    docs = _read_markdown(files, diags)
    return tuple(schema.entry_text(doc, lang, diags) for lang, doc in docs.items())


def _required_file(folder: Path, name: str, diags: Diagnostics) -> YamlDoc | None:
    path = folder / name
    if not path.is_file():
        diags.error(folder, 0, 0, "", f"the folder has no {name}")
        return None
    return load_yaml_file(path, diags)


# -- the readers of one entry folder, one per kind (kinds.py names them) ----------------------------

def read_space(folder: Path, scope: LoadScope) -> Space | None:
    files = _language_files(folder, scope, "space.yaml")
    doc = _required_file(folder, "space.yaml", scope.diags)
    if doc is None:
        return None
    return schema.space(folder.name, doc, _read_markdown(files, scope.diags), scope.config, scope.vocab, scope.diags)


def read_theme(folder: Path, scope: LoadScope) -> Theme | None:
    texts = _entry_texts(folder, _language_files(folder, scope, "theme.yaml"), scope.diags)
    doc = _required_file(folder, "theme.yaml", scope.diags)
    return schema.theme(folder.name, doc, texts, scope.diags) if doc else None


def read_lab(folder: Path, scope: LoadScope) -> Lab | None:
    texts = _entry_texts(folder, _language_files(folder, scope, "lab.yaml"), scope.diags)
    doc = _required_file(folder, "lab.yaml", scope.diags)
    return schema.lab(folder.name, doc, texts, scope.config, scope.vocab, scope.diags) if doc else None


DATED_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]")


@dataclass(frozen=True)
class dated_entry(Generic[D]):  # noqa: N801 (used as a function: read=dated_entry(JournalEntry))
    """The reader of a kind of dated texts (a lab's journal): a folder <YYYY-MM-DD>-<slug> with <lang>.md files,
    each with a title; the date comes from the folder's name."""

    model: type[D]

    def __call__(self, folder: Path, scope: LoadScope) -> D | None:
        found = DATED_FOLDER.match(folder.name)
        try:
            day = dt.date.fromisoformat(found[1]) if found else None
        except ValueError as err:
            scope.diags.error(folder, 0, 0, "", f"folder name '{folder.name}': {found[1] if found else ''} is not a "
                                                f"real date ({err})")
            return None
        if day is None:
            scope.diags.error(folder, 0, 0, "", f"folder name '{folder.name}' must start with its date: "
                                                f"YYYY-MM-DD-<slug>, such as {EXAMPLE_DAY}-{folder.name}")
            return None
        texts = _entry_texts(folder, _language_files(folder, scope, None), scope.diags)
        return self.model(slug=folder.name, source=folder, texts=texts, date=day)


EXAMPLE_DAY = "2027-01-14"


@dataclass(frozen=True)
class text_entry(Generic[E]):  # noqa: N801 (used as a function: read=text_entry(Page))
    """The reader of a kind made of texts only (a free page): its <lang>.md files, each with a title.
    (A class rather than a closure, so that a kind's declaration can be pickled to a booklet process.)"""

    model: type[E]

    def __call__(self, folder: Path, scope: LoadScope) -> E:
        texts = _entry_texts(folder, _language_files(folder, scope, None), scope.diags)
        return self.model(slug=folder.name, source=folder, texts=texts)
