"""The add-a-space form: what its template and its script (templates/assets/add-space.js) need, in a language.

The form itself writes nothing on the server side: the script builds a one-file space.yaml in the visitor's
browser, checks it against the published JSON Schema, and hands it to GitHub's "new file" page or to an e-mail.
This module gives it the words (vocabulary labels, countries, messages) and the addresses it needs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from .fields import COUNTRY_CODES
from .i18n import Strings, sort_key
from .model import SiteConfig, Vocabulary
from .scaffold import SCHEMA_LINE, schema_for
from .urls import Urls

FIRST_COUNTRIES = ("BE", "FR", "NL", "LU", "DE")  # listed first: where the directory's spaces are
GITHUB_URL_LIMIT = 8000  # characters: GitHub refuses longer addresses; the script offers to copy the file instead
PROBLEMS = ("required", "slug", "email", "website", "phone", "summary")  # i18n keys form_problem_<name>
MESSAGES = ("schema_ok", "schema_problems", "schema_unavailable", "hours_ok", "hours_unknown", "hours_problem",
            "hours_days", "hours_times", "hours_colon", "hours_separator", "hours_end", "too_long", "copied",
            "mail_subject", "fix_first")  # i18n keys form_<name>
# as the space pages read hours out
HOURS_WORDS = ("hours_every_day", "hours_closed", "hours_public_holidays", "hours_colon")


def form_context(config: SiteConfig, vocab: Vocabulary, urls: Urls, t: Strings, content_in_repo: str) -> dict[str, Any]:
    """The template's choices (words with their labels, countries) and the script's settings as JSON."""
    lang = t.lang
    return {
        "kinds": _words(vocab, "kinds", lang), "access": _words(vocab, "access", lang),
        "roles": _words(vocab, "smart_roles", lang), "services": _words(vocab, "services", lang),
        "countries": countries(t), "languages": [(code, t.language_name(code)) for code in config.languages],
        "settings": {
            "schema": urls.href(urls.schema("space.schema.json")),
            "newFile": config.repository.rstrip("/") + "/new/main/" + quote(f"{content_in_repo}/spaces".lstrip("/")),
            "contact": config.contact_email, "urlLimit": GITHUB_URL_LIMIT, "languages": list(config.languages),
            "schemaLine": SCHEMA_LINE.format(schema=schema_for(Path("spaces/x"), "space", content_in_repo)).rstrip(),
            "messages": {name: t(f"form_{name}") for name in MESSAGES} | {key: t(key) for key in HOURS_WORDS},
            "problems": {name: t(f"form_problem_{name}") for name in PROBLEMS},
        },
    }


def _words(vocab: Vocabulary, group: str, lang: str) -> list[tuple[str, str]]:
    return [(word, labels.get(lang) or word) for word, labels in dict(vocab.groups).get(group, ())]


def countries(t: Strings) -> list[tuple[str, str]]:
    """Every country as (code, name in the page's language): the directory's usual ones first, then by name."""
    rest = sorted((str(code) for code in COUNTRY_CODES if code not in FIRST_COUNTRIES),
                  key=lambda code: sort_key(t.country(code)))
    return [(code, t.country(code)) for code in FIRST_COUNTRIES + tuple(rest)]
