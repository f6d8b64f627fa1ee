"""Photos are read by `check` (Pillow) before the build meets them, and their names are encoded in URLs."""
from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image, ImageFile

from sitegen import photos
from support import FIXTURES_DIR
from test_invalid import describe_run, make_site, run_cli


def photo(folder: Path, name: str, size: tuple[int, int] = (64, 48), kind: str = "JPEG") -> Path:
    path = folder / name
    Image.new("RGB", size, (10, 120, 200)).save(path, format=kind)
    return path


@pytest.mark.parametrize("name, kind", [("a.jpg", "JPEG"), ("b.JPEG", "JPEG"), ("c.png", "PNG"), ("d.webp", "WEBP")])
def test_good_photos_pass(tmp_path: Path, name: str, kind: str) -> None:
    assert photos.problem(photo(tmp_path, name, kind=kind)) is None


def test_a_photo_over_the_pixel_limit_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("1", (10_000, 5_000)).save(path)  # 50 million pixels, under Pillow's own bomb limit
    assert photos.problem(path) == ("is 10000 × 5000 pixels, more than 40,000,000 pixels; make it smaller "
                                    "(1600 pixels wide is plenty)")


def test_a_truncated_png_is_damaged(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 64).save(buffer, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buffer.getvalue()[:2000])
    found = photos.problem(path)
    assert found is not None and found.startswith("is damaged (")


def test_a_truncated_jpeg_is_damaged_even_where_pillow_was_told_to_pad_it(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(buffer, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as importing WeasyPrint does
    found = photos.problem(path)
    assert found is not None and found.startswith("is damaged (image file is truncated")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True, "the setting is given back"


def test_a_gif_is_not_one_of_the_photo_types(tmp_path: Path) -> None:
    path = tmp_path / "anim.png"
    Image.new("P", (8, 8)).save(path, format="GIF")
    assert photos.problem(path) == ("is not a photo: it is not a JPEG, PNG or WebP image; export the photo again as "
                                    "one of these")


def test_a_link_to_a_good_photo_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "link.jpg").symlink_to(photo(tmp_path, "real.jpg"))
    assert photos.problem(tmp_path / "link.jpg") == ("is a symbolic link; put the photo file itself in the space's "
                                                     "folder")


@pytest.mark.slow
def test_a_photo_name_is_percent_encoded_in_links(tmp_path: Path) -> None:
    make_site(FIXTURES_DIR / "valid" / "photo-name-to-encode", tmp_path)
    built = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")
    assert built.returncode == 0, describe_run(built)
    page = (tmp_path / "output/nl/ruimten/atelier-een/index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]* src="(/media/[^"]+)"', page)
    assert sources == ["/media/atelier-een/gevel%20%231%20%2850%25%29.jpg"]
    assert (tmp_path / "output" / unquote(sources[0]).lstrip("/")).is_file()
    assert '"https://example.org/media/atelier-een/gevel%20%231%20%2850%25%29.jpg"' in page  # JSON-LD, Open Graph
