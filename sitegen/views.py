"""What each page type shows: a typed view per page, in the page's language, inside the frame every page shares.

A template receives the fields of the page's `Frame` (frame.py) and of its view (a `PageView` subclass) as its
names. Entry kinds name their view in kinds.py (entryviews.py); the site's own pages are in siteviews.py's
`VIEWS`, the finder's (the spaces list, countries, cities, the map) in finderviews.py's `FINDER_VIEWS`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from .cards import Context
from .entrykind import kind_of
from .finderviews import FINDER_VIEWS
from .frame import PageView, frame
from .model import Entry
from .plan import PlannedPage
from .siteviews import VIEWS

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def page_context(page: PlannedPage, ctx: Context) -> dict[str, Any]:
    """The names a page's template sees: the frame's fields, then its view's."""
    view, shared = view_of(page, ctx)(page, ctx), _names(frame(page, ctx))
    names = _names(view)
    if clash := sorted(shared.keys() & names.keys()):
        raise TypeError(f"{type(view).__name__} hides the frame's {', '.join(clash)}: rename the view's field")
    return {**shared, **names}


def view_of(page: PlannedPage, ctx: Context) -> Callable[[PlannedPage, Context], PageView]:
    if isinstance(page.item, Entry):
        return kind_of(page.item, ctx.kinds).view
    return VIEWS.get(page.page_type) or FINDER_VIEWS[page.page_type]


def _names(record: DataclassInstance) -> dict[str, Any]:
    return {field.name: getattr(record, field.name) for field in fields(record)}
