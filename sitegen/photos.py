"""Photos as `check` reads them: every listed photo is opened with Pillow before the build ever meets it.

A photo is refused when it is a symbolic link (the build would read whatever it points to; `sources.report_links`
reports the link when the whole content folder is read), empty, not a JPEG,
PNG or WebP image, of another format than its extension says, larger than PIXEL_LIMIT pixels (a "bomb" that a
small file can hold), or damaged (Pillow's verify, then a decode: a truncated JPEG passes verify alone).
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PIXEL_LIMIT = 40_000_000  # 40 megapixels: more than any camera a volunteer uses, far less than a bomb


def problem(path: Path) -> str | None:
    """Why the photo cannot be published, as the end of a sentence that starts with its name; None when it can."""
    if path.is_symlink():
        return "is a symbolic link; put the photo file itself in the space's folder"
    if path.stat().st_size == 0:
        return "is an empty file; upload the photo again"
    try:
        return _read(path)
    except UnidentifiedImageError:
        return "is not a photo: it is not a JPEG, PNG or WebP image; export the photo again as one of these"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        pixels = re.search(r"\((\d+) pixels\)", str(bomb))
        shown = f"{int(pixels[1]):,} pixels" if pixels else "too many pixels"
        return f"has {shown}, more than {PIXEL_LIMIT:,}; make it smaller (1600 pixels wide is plenty)"
    except (OSError, SyntaxError, ValueError) as damage:  # Pillow's words for a damaged file
        return f"is damaged ({damage}); export or upload the photo again"


def _read(path: Path) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path, formats=list(EXTENSIONS)) as image:
            mismatch = _format_mismatch(path, image.format or "")
            if mismatch:
                return mismatch
            width, height = image.size
            if width * height > PIXEL_LIMIT:
                return (f"is {width} × {height} pixels, more than {PIXEL_LIMIT:,} pixels; make it smaller "
                        "(1600 pixels wide is plenty)")
            image.verify()
        with Image.open(path) as image:
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))  # JPEG: decode at 1/8, fast
            _load_whole(image)
    return None


def _load_whole(image: Image.Image) -> None:
    """Decode the image, refusing a truncated one even where another library (WeasyPrint does, on import) has
    told Pillow to pad truncated images silently."""
    padding = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = padding


def _format_mismatch(path: Path, found: str) -> str | None:
    if FORMATS.get(path.suffix.lower()) == found:
        return None
    right = path.with_suffix(EXTENSIONS.get(found, path.suffix)).name
    return (f"is a {found} image, but its name ends in '{path.suffix}'; rename the file {right}, "
            "and write that name here")
