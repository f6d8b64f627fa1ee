"""The Jinja environment (autoescape, strict undefined), with contributors' Markdown made safe by prose.py."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .prose import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, SAFE_SCHEMES, is_safe_link, markdown_to_html

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "SAFE_SCHEMES", "is_safe_link", "make_environment", "markdown_to_html"]


def make_environment(templates: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["markdown"] = markdown_to_html
    return env
