"""The Jinja environment (autoescape, strict undefined), with contributors' Markdown made safe by prose.py, and
the rendering of one page, whose failure names the page, its entry's folder and the template's line."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .diagnostics import BuildFailed, Diagnostic, display_path
from .prose import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, SAFE_SCHEMES, is_safe_link, markdown_to_html
from .urls import shown

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "SAFE_SCHEMES", "is_safe_link", "make_environment", "markdown_to_html",
           "render_page"]


def make_environment(templates: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["markdown"] = markdown_to_html
    env.filters["shown"] = shown  # an outgoing address without its scheme, as space.html and the booklet show it
    return env


def render_page(env: Environment, template: str, context: dict[str, Any], page_path: str,
                entry_folder: Path | None) -> str:
    """The page's HTML; a failure in a template is one error at the template's file and line that names the
    page being rendered (and the entry it shows), instead of a traceback."""
    try:
        return env.get_template(template).render(context)
    except Exception as failure:  # noqa: BLE001 - any failure inside a template is reported the same way
        raise BuildFailed([_failure(env, template, failure, page_path, entry_folder)]) from failure


def _failure(env: Environment, template: str, failure: Exception, page_path: str,
             entry_folder: Path | None) -> Diagnostic:
    file, line = _template_line(env, template, failure)
    entry = f" (the entry in {display_path(entry_folder)})" if entry_folder else ""
    return Diagnostic(file, line, 1 if line else 0, "",
                      f"rendering the page {page_path}{entry} failed: {type(failure).__name__}: {failure}")


def _template_line(env: Environment, template: str, failure: Exception) -> tuple[str, int]:
    """The innermost template file and line in the failure's traceback (Jinja maps its frames to template
    lines), or the page's template when no frame is in one."""
    folders = [Path(folder).resolve() for folder in getattr(env.loader, "searchpath", [])]
    for frame in reversed(traceback.extract_tb(failure.__traceback__)):
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(folder) for folder in folders) and path.suffix != ".py":
            return display_path(path), frame.lineno or 0
    return display_path(folders[0] / template) if folders else template, 0
