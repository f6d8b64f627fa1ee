"""Where things are: the project's folders and where a content folder sits in its git repository."""
from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# In a checkout, the repository's templates/; in an installed wheel, the copy packed as sitegen/_templates.
TEMPLATES = PROJECT / "templates" if (PROJECT / "templates" / "base.html").is_file() \
    else Path(__file__).resolve().parent / "_templates"


def content_in_repository(content: Path) -> str:
    """Where a content folder is in its git repository ('content'), for links to GitHub's editor and the
    schemas' relative paths; 'content' outside a repository."""
    folder = content.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return folder.relative_to(parent).as_posix()
    return "content"
