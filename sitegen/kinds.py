"""The entry kinds of the site, each declared once: where its entries live, how one is read, where its pages
are, what they show, whether they are searched, and which output files it brings.

The phases of the build (content.py, urls.py, plan.py, link.py, views.py, search.py, build.py) know no kind by
name: they read these declarations. A new kind is one `EntryKind` here plus its template.
"""
from __future__ import annotations

from . import calendars, content, entryviews, finder, mappreview, maps, opendata, thumbs
from .declarations import LAB, SPACE, THEME
from .entrykind import EntryKind
from .model import JournalEntry, Lab, Page, Space, Theme

SPACES = EntryKind(
    name="space", folder="spaces", model=Space, read=content.read_space, view=entryviews.space_view,
    section="spaces", nav="spaces", data_file="space.yaml", data_spec=SPACE, new_text="---\nsummary: \n---\n",
    outputs=(("map data", maps.write_geojson), ("open data", opendata.write_exports),
             ("finder data", finder.write_finder_data), ("thumbnails", thumbs.write_thumbnails),
             ("map preview", mappreview.write_preview)),
)

THEMES = EntryKind(
    name="theme", folder="themes", model=Theme, read=content.read_theme, view=entryviews.theme_view,
    section="themes", nav="themes", data_file="theme.yaml", data_spec=THEME,
)

LABS = EntryKind(
    name="lab", folder="labs", model=Lab, read=content.read_lab, view=entryviews.lab_view,
    section="labs", nav="themes", data_file="lab.yaml", data_spec=LAB,
    outputs=(("calendars", calendars.write_calendars),),
)

JOURNAL = EntryKind(
    name="journal", folder="journal", model=JournalEntry, read=content.dated_entry(JournalEntry),
    view=entryviews.dated_view, section="journal", nav="themes", parent="lab", feed=True,
)

PAGES = EntryKind(
    name="page", folder="pages", model=Page, read=content.text_entry(Page), view=entryviews.page_view,
    section="", nav="",
)

KINDS: tuple[EntryKind, ...] = (SPACES, THEMES, LABS, JOURNAL, PAGES)
