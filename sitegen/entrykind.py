"""What an entry kind is: everything the build needs to know about spaces, themes, labs or pages, in one record.

The kinds themselves are declared in kinds.py, one `EntryKind` each; the phases (loading, URLs, the table of
contents, links, rendering, search, the output families) read what they need from these records instead of
knowing the kinds by name. A new kind is one declaration there plus a template.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Entry

if TYPE_CHECKING:
    from .cards import Context
    from .declarations import FileSpec
    from .diagnostics import Diagnostics
    from .frame import PageView
    from .model import SiteConfig, Vocabulary
    from .plan import PlannedPage
    from .write import Staging


@dataclass(frozen=True)
class LoadScope:
    """What reading one entry may need: the site's settings and words, where to report, the entry whose
    folder holds this one (a lab, for an entry of its journal), and the folders in this entry's own folder that
    hold the entries of nested kinds (not files of this entry)."""

    config: SiteConfig
    vocab: Vocabulary
    diags: Diagnostics
    parent: Entry | None = None
    subfolders: tuple[str, ...] = ()


Reader = Callable[[Path, LoadScope], "Entry | None"]
View = Callable[["PlannedPage", "Context"], "PageView"]
Writer = Callable[["Context", "tuple[PlannedPage, ...]", "Staging"], None]


@dataclass(frozen=True)
class EntryKind:
    """One kind of entry.

    name:        the page type: its template is `<name>.html`, and messages call an entry 'space', 'lab', …
    folder:      the folder of its entries ('spaces'): in content/, or in each parent entry's folder
    model:       its model class (model.py)
    read:        reads one entry folder into the model (None after reporting why not)
    view:        what its page shows, in the page's language
    section:     the i18n key of its URL section ('path_' + section); '' puts its pages at the language's root
    data_file:   its file of facts ('space.yaml'), or None for an entry made of texts only
    data_spec:   that file's declaration (declarations.py), for editors' schemas and 'edit the facts' links
    new_text:    the front matter a translator starts from, for 'translate this page'
    nav:         the main-menu item its pages belong to
    indexed:     its pages are in the search index
    parent:      the kind whose entries hold this kind's folder ('lab' for a lab's journal), or None
    feed:        a nested kind's entries have an Atom feed in each parent entry, in each language
    outputs:     output families this kind brings: (phase name, writer)
    """

    name: str
    folder: str
    model: type[Entry]
    read: Reader
    view: View
    section: str
    data_file: str | None = None
    data_spec: FileSpec | None = None
    new_text: str = "---\ntitle: \nsummary: \n---\n"
    nav: str = ""
    indexed: bool = True
    parent: str | None = None
    feed: bool = False
    outputs: tuple[tuple[str, Writer], ...] = ()

    @property
    def template(self) -> str:
        return f"{self.name}.html"


def kind_of(entry: Entry, kinds: Iterable[EntryKind]) -> EntryKind:
    """The kind an entry belongs to, by its model class."""
    for kind in kinds:
        if type(entry) is kind.model:
            return kind
    raise TypeError(f"no entry kind for {type(entry).__name__}")


def named(name: str, kinds: Iterable[EntryKind]) -> EntryKind:
    return next(kind for kind in kinds if kind.name == name)
