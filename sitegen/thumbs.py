"""Thumbnails: each space's first photo made small, for the cards of lists and of the finder.

A thumbnail is always THUMB_SIZE (cropped to fill, from the centre) so that a card knows its size before the
file is written, and a list of fifty cards loads fifty small WebP files instead of fifty full photos. Pillow
makes them (photos.py has already opened every photo in `check`); the same photo gives the same bytes.
"""
from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

if TYPE_CHECKING:
    from .cards import Context
    from .plan import PlannedPage
    from .write import Staging

THUMB_SIZE = (240, 180)
QUALITY = 72


def thumbnail_bytes(source: Image.Image) -> bytes:
    """The photo cropped to fill THUMB_SIZE, as WebP without metadata (no camera data, no location)."""
    image = ImageOps.exif_transpose(source).convert("RGB")
    small = ImageOps.fit(image, THUMB_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=QUALITY, method=4)
    return out.getvalue()


def write_thumbnails(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    """The first photo of every space that has one, under thumbs/."""
    made: dict[str, bytes] = {}  # by the photo's digest: the same photo in several spaces is made small once
    for space in ctx.site.spaces:
        if space.photos:
            photo = space.photos[0]
            data = photo.path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest not in made:
                made[digest] = _thumbnail_of(data)
            staging.write(ctx.urls.thumbnail(space, photo), made[digest])


def _thumbnail_of(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMB_SIZE[0] * 2, THUMB_SIZE[1] * 2))  # a JPEG decodes at a fraction of its size
        return thumbnail_bytes(image)
