#!/usr/bin/env python3
"""Measure the build on a synthetic directory and print figures (never a pass/fail test).

    python benchmark.py [--spaces 10000] [--keep DIR]
    python benchmark.py --booklet
    python benchmark.py --finder [--spaces 10000]

Prints each build phase's time, the search index's size, and the bytes a first visit downloads
to search once (measured in Debian's Chromium over loopback). With --booklet: the address booklets'
time and peak memory for 200 and 2,000 spaces, each size measured in a fresh process.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from sitegen.build import build_site  # noqa: E402

CITIES = [("BE", "Brussel", "Bruxelles", 50.8466, 4.3528), ("BE", "Gent", "Gand", 51.0543, 3.7174),
          ("BE", "Luik", "Liège", 50.6326, 5.5797), ("BE", "Antwerpen", "Anvers", 51.2194, 4.4025),
          ("FR", "Rijsel", "Lille", 50.6292, 3.0573), ("FR", "Lyon", "Lyon", 45.7640, 4.8357),
          ("FR", "Parijs", "Paris", 48.8566, 2.3522), ("FR", "Marseille", "Marseille", 43.2965, 5.3698),
          ("DE", "Berlijn", "Berlin", 52.5200, 13.4050), ("ES", "Barcelona", "Barcelone", 41.3874, 2.1686),
          ("IT", "Milaan", "Milan", 45.4642, 9.1900), ("CH", "Genève", "Genève", 46.2044, 6.1432),
          ("NL", "Amsterdam", "Amsterdam", 52.3676, 4.9041), ("PT", "Lissabon", "Lisbonne", 38.7223, -9.1393),
          ("AT", "Wenen", "Vienne", 48.2082, 16.3738)]
WORDS_NL = "atelier werkplek vergaderzaal coöperatie buurt kunstenaars muziek film koffie tuin drukkerij hout textiel".split()
WORDS_FR = "atelier bureau salle coopérative quartier artistes musique cinéma café jardin imprimerie bois textile".split()
SERVICES = ["coaching", "permanence", "advisors", "visibility", "programme", "desks", "meeting-rooms", "workshop",
            "kitchen", "wifi", "wheelchair-access"]
HOSTS = ["conferences", "exhibitions", "screenings", "concerts", "workshops"]
HOURS = ["Mo-Fr 09:00-18:00", "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00", "Tu-Sa 10:00-18:00; PH off",
         "Mo-Fr 08:30-17:30; Jul-Aug off", "Mo-Su 07:00-23:00", "Mo,We,Fr 10:00-16:00", "24/7",
         "Mo-Th 09:00-17:30; Fr 09:00-13:00", "We-Su 12:00-22:00; Fr-Sa 12:00-01:00", ""]
PHOTO_SHARE = 0.15  # the share of spaces with photos


def photo_bytes(rng: random.Random) -> bytes:
    """A 1200 × 800 JPEG of coloured blocks: a photo's size and weight, made here so nothing is downloaded."""
    import io
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (1200, 800), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(1200), rng.randrange(800)
        draw.rectangle((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300)),
                       fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def make_content(target: Path, spaces: int, seed: int = 7) -> None:
    """A content folder: the bilingual fixture's settings and themes, and `spaces` generated spaces."""
    fixture = REPO / "tests" / "fixtures" / "bilingual"
    for name in ("site.yaml", "vocabulary.yaml", "themes", "pages"):
        source = fixture / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    rng = random.Random(seed)
    photos = [photo_bytes(rng) for _ in range(4)]
    for number in range(spaces):
        write_space(target / "spaces" / f"ruimte-{number:05d}", number, rng, photos)


def write_space(folder: Path, number: int, rng: random.Random, photos: list[bytes] | None = None) -> None:
    """One space: random place, kind, access and role, 2 to 7 services, some events, opening hours for most,
    photos for PHOTO_SHARE of them (when `photos` are given)."""
    folder.mkdir(parents=True)
    country, city_nl, city_fr, lat, lon = rng.choice(CITIES)
    services = ", ".join(sorted(rng.sample(SERVICES, rng.randint(2, 7))))
    hosts = ", ".join(sorted(rng.sample(HOSTS, rng.randint(0, 3))))
    hours = rng.choice(HOURS)
    extra = f"hosts: [{hosts}]\n" + (f'opening_hours: "{hours}"\n' if hours else "")
    if photos and rng.random() < PHOTO_SHARE:
        (folder / "gevel.jpg").write_bytes(rng.choice(photos))
        extra += "photos:\n  - file: gevel.jpg\n    alt: {nl: De gevel, fr: La façade}\n"
    (folder / "space.yaml").write_text(
        f"name: Ruimte {number}\nkind: {rng.choice(['shared-workspace', 'third-place'])}\n"
        f"smart_role: {rng.choice(['manages', 'supports', 'uses'])}\naccess: {rng.choice(['members', 'open'])}\n"
        f"address:\n  street: Straat {number}\n  city: {{nl: {city_nl}, fr: {city_fr}}}\n  country: {country}\n"
        f"geo: {{lat: {rng.gauss(lat, 0.05):.5f}, lon: {rng.gauss(lon, 0.07):.5f}}}\nservices: [{services}]\n"
        f"themes: [third-places]\n{extra}", encoding="utf-8")
    for lang, words in (("nl", WORDS_NL), ("fr", WORDS_FR)):
        body = " ".join(rng.choice(words) for _ in range(60))
        (folder / f"{lang}.md").write_text(f"---\nsummary: {' '.join(rng.sample(words, 6))}\n---\n{body}\n",
                                           encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


PRECOMPRESSED = (".pf_index", ".pf_meta", ".pf_filter", ".pf_fragment", ".pagefind")


def over_the_wire(address: str, body: bytes) -> int:
    """A response's size as a gzip-serving host (GitHub Pages) sends it; Pagefind's own files are gzipped already."""
    path = address.split("?", 1)[0]
    return len(body) if path.endswith(PRECOMPRESSED) else len(gzip.compress(body, 6))


SEARCH_DONE = ("q => { const box = document.getElementById('search');"
               " return !!box && !box.hasAttribute('aria-busy')"
               " && document.querySelector('.search-message').textContent.includes(q)"
               " && document.querySelectorAll('.search-result').length > 0; }")


def first_search_bytes(site: Path, query: str) -> dict[str, int]:
    """Bytes a first visit to the search page transfers to show results for `query`, gzip as a host would
    serve them; then the bytes opening the filter panel adds. Keys: total, bundle, requests, filters."""
    from playwright.sync_api import sync_playwright
    from support.browser import block_external_requests, launch_chromium
    from support.server import serve_directory
    sizes: dict[str, int] = {}
    with serve_directory(site, "/") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        block_external_requests(page)
        page.on("response", lambda response: sizes.__setitem__(response.url, over_the_wire(response.url, response.body())))
        page.goto(f"{url}nl/zoeken/?q={query}")
        page.wait_for_function(SEARCH_DONE, arg=query, timeout=60000)
        page.wait_for_load_state("networkidle")
        first = dict(sizes)
        page.click(".search-facets summary")
        page.locator(".search-facet").first.wait_for(timeout=60000)
        page.wait_for_function(SEARCH_DONE, arg=query, timeout=60000)
        browser.close()
    for address, size in sorted(first.items(), key=lambda item: -item[1])[:8]:
        print(f"    {size / 1024:6.0f} KB  {address.split('/', 3)[3]}")
    return {"total": sum(first.values()), "requests": len(first),
            "bundle": sum(size for address, size in first.items() if "/pagefind/" in address),
            "filters": sum(size for address, size in sizes.items() if address not in first)}


BOOKLET_SIZES = (200, 2_000)
BOOKLET_BUDGET_SECONDS = 120  # the booklets of 2,000 spaces, on a 2-core machine


def measure_booklets(spaces: int) -> dict[str, float]:
    """The booklet phase alone, on a generated directory: its time, this process's peak memory, and the peak
    of the biggest process it started (each language's booklet is made in its own process from 100 spaces)."""
    from sitegen import booklet
    from sitegen.build import TEMPLATES, BuildResult, prepare
    from sitegen.diagnostics import Diagnostics
    from sitegen.cards import Context
    from sitegen.kinds import KINDS
    from sitegen.write import Staging
    with tempfile.TemporaryDirectory(prefix="third-places-booklet-") as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        make_content(content, spaces)
        ready = prepare(content, TEMPLATES, "http://127.0.0.1/", Diagnostics(), BuildResult())
        ctx = Context(ready.site, ready.places, ready.urls, ready.strings, {}, {}, content, "content", KINDS)
        with Staging(Path(tmp) / "site") as staging:
            started = time.perf_counter()
            booklet.write_booklets(ctx, ready.pages, staging)
            seconds = time.perf_counter() - started
            pages = {lang: pdf_pages(staging.root / ctx.urls.booklet(lang)) for lang in ready.site.config.languages}
    return {"spaces": spaces, "seconds": seconds, "pages": pages,
            "own_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def booklet_benchmark() -> None:
    """Each size in a fresh process, so that one size's peak memory is not another's."""
    for spaces in BOOKLET_SIZES:
        done = subprocess.run([sys.executable, __file__, "--booklet-size", str(spaces)], stdout=subprocess.PIPE,
                              text=True, check=True)
        figures = json.loads(done.stdout.splitlines()[-1])
        pages = ", ".join(f"{lang} {count} pages" for lang, count in figures["pages"].items())
        verdict = "" if spaces != BOOKLET_SIZES[-1] else (
            f"  ({'within' if figures['seconds'] < BOOKLET_BUDGET_SECONDS else 'OVER'} the {BOOKLET_BUDGET_SECONDS} s budget)")
        print(f"booklets of {spaces:>5,} spaces: {figures['seconds']:6.1f} s ({pages}); peak memory "
              f"{figures['own_peak_mb']:.0f} MB in the build's process, {figures['worker_peak_mb']:.0f} MB "
              f"in the largest booklet process{verdict}")


CHECK_SPACES, CHECK_BUDGET_SECONDS = 1_500, 5.0
CHECK_PLACES = [("BE", "Brussel", "Bruxelles", 50.8466, 4.3528), ("BE", "Luik", "Liège", 50.6326, 5.5797),
                ("BE", "Gent", "Gand", 51.0543, 3.7174), ("BE", "Namen", "Namur", 50.4669, 4.8675),
                ("FR", "Rijsel", "Lille", 50.6292, 3.0573), ("FR", "Lyon", "Lyon", 45.7640, 4.8357),
                ("FR", "Parijs", "Paris", 48.8566, 2.3522), ("NL", "Amsterdam", "Amsterdam", 52.3676, 4.9041),
                ("DE", "Berlijn", "Berlin", 52.5200, 13.4050), ("ES", "Barcelona", "Barcelone", 41.3874, 2.1686),
                ("IT", "Milaan", "Milan", 45.4642, 9.1900), ("PT", "Lissabon", "Lisbonne", 38.7369, -9.1427)]
CHECK_HOURS = ["Mo-Fr 09:00-18:00", "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00", "Tu-Sa 10:00-18:00; PH off",
               "Mo-Fr 09:00-18:00; Jul-Aug off", "24/7"]


def check_benchmark(spaces: int = CHECK_SPACES) -> None:
    """`build.py check` as a volunteer runs it, on a directory written as volunteers write it: real cities with
    points in them (every place check runs to its end), opening hours in the common forms, texts in .md files."""
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="third-places-check-") as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        make_content(content, 0)
        for number in range(spaces):
            folder = content / "spaces" / f"ruimte-{number:05d}"
            write_space(folder, number, rng)
            country, nl, fr, lat, lon = rng.choice(CHECK_PLACES)
            (folder / "space.yaml").write_text(
                f"name: Ruimte {number}\nkind: third-place\nsmart_role: uses\naccess: open\naddress:\n"
                f"  street: Straat {number}\n  city: {{nl: {nl}, fr: {fr}}}\n  country: {country}\n"
                f"geo: {{lat: {lat + rng.uniform(-0.02, 0.02):.5f}, lon: {lon + rng.uniform(-0.02, 0.02):.5f}}}\n"
                f"opening_hours: \"{rng.choice(CHECK_HOURS)}\"\nservices: [desks, wifi]\n", encoding="utf-8")
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--content", str(content)],
                              capture_output=True, text=True)
        seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    verdict = "within" if seconds < CHECK_BUDGET_SECONDS else "OVER"
    print(f"check of {spaces:,} spaces: {seconds:.1f} s from the command line, {cpu:.1f} s of CPU ({verdict} the "
          f"{CHECK_BUDGET_SECONDS:g} s budget); {(done.stdout + done.stderr).strip().splitlines()[-1]}")


# -- the finder -------------------------------------------------------------------------------------------------

FIRST_VIEW_BUDGET_KB, UPDATE_BUDGET_MS, HTML_BUDGET_KB = 250, 100, 250
THROTTLE = 4  # Chromium's CPU slowed down four times, through the DevTools protocol


def finder_first_view(site: Path, lang: str = "nl", path: str = "ruimten/") -> None:
    """Bytes the finder's first view transfers (gzip as a host sends it; tiles blocked and not counted), on a
    phone (list first, no map) and on a desktop (list and map side by side), each file listed."""
    from playwright.sync_api import sync_playwright
    from support.browser import block_external_requests, launch_chromium
    from support.server import serve_directory
    with serve_directory(site, "/") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for label, viewport in (("phone 390x844", {"width": 390, "height": 844}),
                                ("desktop 1366x900", {"width": 1366, "height": 900})):
            context = browser.new_context(viewport=viewport)
            block_external_requests(context)
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on("response", lambda r: sizes.__setitem__(r.url, over_the_wire(r.url, r.body())))
            page.goto(f"{url}{lang}/{path}")
            page.wait_for_selector("#finder.finder-ready", timeout=60000)
            if viewport["width"] > 1000:
                page.wait_for_selector("#finder-map[data-markers]", timeout=60000)
            page.wait_for_load_state("networkidle")
            fallback = {a: n for a, n in sizes.items() if "world-atlas" in a}  # only when tiles fail, as here
            total = sum(sizes.values()) - sum(fallback.values())
            verdict = "within" if total <= FIRST_VIEW_BUDGET_KB * 1024 else "OVER"
            print(f"finder first view, {label}: {total / 1024:.0f} KB gzip in {len(sizes)} requests "
                  f"({verdict} {FIRST_VIEW_BUDGET_KB} KB)" + (f"; the outlines drawn because tiles failed add "
                                                             f"{sum(fallback.values()) / 1024:.0f} KB" if fallback else ""))
            for address, size in sorted(sizes.items(), key=lambda item: -item[1]):
                print(f"    {size / 1024:6.1f} KB  {address.split('/', 3)[3].split('?')[0]}")
            context.close()
        browser.close()


INTERACTIONS = (("tick a country", "document.querySelector('.finder-values input[value=FR]').click()"),
                ("tick a service too", "document.querySelector('.finder-values input[value=wifi]').click()"),
                ("untick both", "document.querySelector('.finder-clear').click()"),
                ("open now", "document.querySelector('.finder-open').click()"),
                ("sort by name", "(s => { s.value = 'name'; s.dispatchEvent(new Event('change')); })"
                                 "(document.querySelector('.finder-sort-select'))"))


def finder_updates(site: Path, lang: str = "nl") -> None:
    """How long the list takes to follow a filter, open now, a sort and near me, with the CPU throttled 4x;
    read from the finder's User Timing entries (its synchronous work and the layout after it), median of 5."""
    from playwright.sync_api import sync_playwright
    from support.browser import block_external_requests, launch_chromium
    from support.server import serve_directory
    with serve_directory(site, "/") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 390, "height": 844}, permissions=["geolocation"],
                                      geolocation={"latitude": 50.85, "longitude": 4.35})
        block_external_requests(context)
        page = context.new_page()
        page.goto(f"{url}{lang}/ruimten/")
        page.wait_for_selector("#finder.finder-ready", timeout=60000)
        page.click(".finder-filters-button")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        figures = {}
        for label, action in INTERACTIONS + (("near me", "document.querySelector('.finder-near').click()"),):
            times = []
            for _ in range(5):
                page.evaluate("performance.clearMeasures()")
                page.evaluate(action)
                name = "finder:near" if label == "near me" else "finder:update"
                page.wait_for_function(f"performance.getEntriesByName('{name}').length > 0", timeout=60000)
                times.append(page.evaluate(f"performance.getEntriesByName('{name}')[0].duration"))
                if label in ("open now", "near me"):  # back to the same state for the next run
                    page.evaluate("document.querySelector('.finder-open').click()" if label == "open now" else
                                  "document.querySelector('.finder-near').click()")
            figures[label] = sorted(times)[len(times) // 2]
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        browser.close()
    worst = max(figures.values())
    print(f"finder updates, CPU throttled {THROTTLE}x (median of 5): " +
          ", ".join(f"{label} {ms:.0f} ms" for label, ms in figures.items()) +
          f" ({'within' if worst <= UPDATE_BUDGET_MS else 'OVER'} {UPDATE_BUDGET_MS} ms)")


def page_weights(site: Path) -> None:
    """The heaviest HTML page of each type, as written (what a visitor without JavaScript downloads)."""
    import re
    heaviest: dict[str, tuple[int, str]] = {}
    for page in site.rglob("*.html"):
        found = re.search(rb'data-page-type="([^"]+)"', page.read_bytes()[:4000])
        kind = found[1].decode() if found else "?"
        size = page.stat().st_size
        if size > heaviest.get(kind, (0, ""))[0]:
            heaviest[kind] = (size, page.relative_to(site).as_posix())
    over = [kind for kind, (size, _) in heaviest.items() if size > HTML_BUDGET_KB * 1024]
    print(f"heaviest HTML page per type ({'none' if not over else 'OVER: ' + ', '.join(over)} over "
          f"{HTML_BUDGET_KB} KB): " + ", ".join(f"{kind} {size / 1024:.0f} KB ({path})"
                                                  for kind, (size, path) in sorted(heaviest.items())))


LIGHTHOUSE_PAGES = (("finder", "nl/ruimten/"), ("space", "nl/ruimten/ruimte-00007/"), ("search", "nl/zoeken/?q=luik"))


def lighthouse(site: Path) -> None:
    """Lighthouse (npm, mobile, offline: tiles blocked) on the finder, a space page and the search page."""
    import os
    from support.server import serve_directory
    binary = REPO / "node_modules" / ".bin" / "lighthouse"
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    with serve_directory(site, "/") as url, tempfile.TemporaryDirectory() as tmp:
        for label, path in LIGHTHOUSE_PAGES:
            report = Path(tmp) / f"{label}.json"
            subprocess.run([str(binary), url + path, "--quiet", "--output=json", f"--output-path={report}",
                            "--only-categories=performance,accessibility,best-practices",
                            "--chrome-flags=--headless --no-sandbox --disable-gpu",
                            "--blocked-url-patterns=*tile.openstreetmap.org*"], env=env, check=True, timeout=600)
            found = json.loads(report.read_text())
            scores = {name: round(100 * (category["score"] or 0)) for name, category in found["categories"].items()}
            failing = [audit["id"] for audit in found["audits"].values()
                       if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
            print(f"lighthouse {label} ({path}): performance {scores['performance']}, accessibility "
                  f"{scores['accessibility']}, best practices {scores['best-practices']}"
                  + (f"; failing: {', '.join(failing)}" if failing else ""))


def finder_benchmark(spaces: int, lighthouse_spaces: int = 2_000) -> None:
    """The finder's figures: first view, updates and page weights at `spaces`, Lighthouse at `lighthouse_spaces`."""
    with tempfile.TemporaryDirectory(prefix="third-places-finder-") as tmp:
        for count in dict.fromkeys((spaces, lighthouse_spaces)):
            work = Path(tmp) / str(count)
            (work / "content").mkdir(parents=True)
            make_content(work / "content", count)
            build_site(work / "content", work / "site", "http://127.0.0.1/")
            print(f"finder, {count:,} spaces: data file {(work / 'site/data/finder/nl.json').stat().st_size / 1024:.0f} KB, "
                  f"{len(gzip.compress((work / 'site/data/finder/nl.json').read_bytes(), 6)) / 1024:.0f} KB gzip")
            if count == spaces:
                finder_first_view(work / "site")
                finder_updates(work / "site")
                page_weights(work / "site")
            if count == lighthouse_spaces:
                lighthouse(work / "site")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=10_000)
    parser.add_argument("--query", default="luik")
    parser.add_argument("--keep", type=Path, help="keep the generated content and site in this folder")
    parser.add_argument("--booklet", action="store_true", help="measure the address booklets instead")
    parser.add_argument("--booklet-size", type=int, help=argparse.SUPPRESS)  # one size, in a process of its own
    parser.add_argument("--finder", action="store_true", help="measure the finder instead (and Lighthouse at 2,000)")
    args = parser.parse_args()
    if args.booklet_size:
        print(json.dumps(measure_booklets(args.booklet_size)))
        return
    if args.booklet:
        booklet_benchmark()
        return
    if args.finder:
        finder_benchmark(args.spaces)
        return
    check_benchmark()
    work = args.keep or Path(tempfile.mkdtemp(prefix="third-places-bench-"))
    (work / "content").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    make_content(work / "content", args.spaces)
    print(f"generated {args.spaces:,} spaces in two languages in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = build_site(work / "content", work / "site", "http://127.0.0.1/")
    print(f"build: {time.perf_counter() - started:.1f} s for {result.pages:,} pages, {result.files:,} files")
    for name, seconds in result.timings.items():
        print(f"  {name:<8} {seconds:7.2f} s")
    print(f"search index: {folder_size(work / 'site' / 'pagefind') / 1e6:.1f} MB on disk "
          f"(pagefind/), built in {result.timings.get('index', 0):.2f} s")
    sent = first_search_bytes(work / "site", args.query)
    print(f"first visit, one query ('{args.query}'): {sent['total'] / 1024:.0f} KB transferred (gzip) in "
          f"{sent['requests']} requests, of which the search bundle {sent['bundle'] / 1024:.0f} KB; "
          f"opening the filter panel then adds {sent['filters'] / 1024:.0f} KB")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
