"""Starting points for volunteers: a new space or lab folder, a meeting in a lab, an entry of a lab's journal (`new`),
and the one-file space for GitHub's editor.

The comments say what each field means, in Dutch and in French; required fields are present but empty,
so `check` names what is still to fill in.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from .fields import check_slug
from .locations import content_in_repository

SCHEMA_LINE = "# yaml-language-server: $schema={schema}\n"
SCHEMAS_IN_REPO = "sitegen/schemas"  # where `python build.py schemas` writes them

SPACE_FACTS = """\
# De feiten van één ruimte / Les informations d'un espace. Zie / voir README.md, "The content contract".
name: ""            # verplicht / obligatoire: de naam / le nom (of/ou {{nl: …, fr: …}})
kind:               # verplicht / obligatoire: shared-workspace | third-place
smart_role:         # verplicht / obligatoire: manages | supports | uses
access:             # verplicht / obligatoire: members | open
address:
  street: ""        # straat en nummer / rue et numéro
  postcode: ""
  city: ""          # verplicht / obligatoire: de stad / la ville (of/ou {{nl: …, fr: …}})
  country:          # verplicht / obligatoire: ISO-code / code ISO, bv./p.ex. BE, FR
# geo: {{lat: 50.85, lon: 4.35}}
# services: [desks, meeting-rooms, wifi]     # woorden uit / mots de vocabulary.yaml
# hosts: [exhibitions, workshops]
# themes: [third-places]
# contact: {{email: info@example.org, phone: "+32 2 123 45 67", website: "https://example.org"}}
# opening_hours: "Mo-Fr 09:00-18:00"         # OpenStreetMap-notatie / format OpenStreetMap, bv./p.ex.:
#   "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00"  middagpauze, zaterdag / pause de midi, samedi
#   "Tu-Sa 10:00-18:00; PH off"                      dicht op feestdagen / fermé les jours fériés
#   "Mo-Fr 09:00-18:00; Jul-Aug off"                 dicht in juli-augustus / fermé en juillet-août
#   "24/7"                                           altijd open / toujours ouvert
# photos:
#   - file: photo.jpg                        # in deze map / dans ce dossier
#     alt: {{nl: "…", fr: "…"}}
# verified: {today}                          # laatst nagekeken / dernière vérification
added: {today}
"""

INLINE_TEXT = (  # the empty lines of the two Markdown blocks are indented: the volunteer types there
    "summary:            # één regel per taal / une ligne par langue\n"
    '  nl: ""\n'
    '  fr: ""\n'
    "description:        # Markdown\n"
    "  nl: |\n"
    "    \n"
    "  fr: |\n"
    "    \n"
)

SPACE_TEXT = """\
---
summary: ""   # {hint}
---
{body}
"""
TEXT_HINTS = {"nl": ("één zin over de ruimte",
                     "Beschrijf hier de ruimte: wat je er kunt doen, voor wie, hoe je er binnenkomt."),
              "fr": ("une phrase sur l'espace",
                     "Décrivez ici l'espace : ce qu'on peut y faire, pour qui, comment y entrer.")}

# In LAB_FACTS and MEETING, a backslash at the end of a line joins it to the next: one line in the file written.
LAB_FACTS = """\
# Eén SmartLab / Un SmartLab. Zie / voir README.md, "Themes, labs and pages".
theme:              # verplicht / obligatoire: \
peer-support | networking | gender-equality | third-places | cooperative-culture
languages: [nl, fr] # werktalen / langues de travail
status: forming     # verplicht / obligatoire: forming | active | closed
# meets: lavallee   # de ruimte waar de groep samenkomt / l'espace où le groupe se réunit
# contact: {{email: lab@example.org}}
# animator: {{name: "…", contact: animator@example.org}}   # begeleidt de groep / accompagne le groupe
# timezone: Europe/Brussels                               # tijdzone van de bijeenkomsten / fuseau horaire
# Bijeenkomsten / rencontres: python build.py new meeting <lab> voegt er een toe / en ajoute une.
"""

LAB_TEXT = """\
---
title: ""
summary: ""
---
{body}
"""


MEETING = """\
# Een bijeenkomst / une rencontre ({today}). Haal de '#' weg en vul in / retirez les '#' et complétez.
{head}#{indent}- start: {today}T18:30          # lokale tijd / heure locale (timezone van het lab / du lab)
#{indent}  end: {today}T20:30
#{indent}  repeat: "FREQ=WEEKLY;INTERVAL=2"   # om de 2 weken / toutes les 2 semaines (RFC 5545); \
of weglaten / ou supprimer
#{indent}                                      # FREQ=MONTHLY;BYDAY=2TH: elke 2de donderdag / chaque 2e jeudi
#{indent}  until: {until}                  # laatste dag / dernier jour (of/ou count: 6)
#{indent}  except: []                         # afgelaste data / dates annulées
#{indent}  place: lavallee                    # een ruimte / un espace, of/ou {{online: "https://…"}}
#{indent}  title: {{nl: "…", fr: "…"}}
#{indent}  note: {{nl: "…", fr: "…"}}
"""

JOURNAL_TEXT = {
    "nl": "---\ntitle: \"\"\nsummary: \"\"\n---\n## Voortgang\n\n\n## Beslissingen\n\n\n"
          "## Budget\n\n- Gevraagd: \n- Toegekend: \n",
    "fr": "---\ntitle: \"\"\nsummary: \"\"\n---\n## Avancement\n\n\n## Décisions\n\n\n"
          "## Budget\n\n- Demandé : \n- Accordé : \n",
}


def space_yaml(today: str, schema: str | None = None, inline_text: bool = False) -> str:
    """A space.yaml to fill in; with `inline_text`, the one-file form that also holds summary and description."""
    head = SCHEMA_LINE.format(schema=schema) if schema else ""
    return head + SPACE_FACTS.format(today=today) + (INLINE_TEXT if inline_text else "")


def space_text(lang: str) -> str:
    hint, body = TEXT_HINTS.get(lang, TEXT_HINTS["nl"])
    return SPACE_TEXT.format(hint=hint, body=body)


def new_entry(content: Path, kind: str, slug: str, languages: tuple[str, ...], today: str) -> list[Path]:
    """Write the folder of a new space or lab; refuse a bad slug or an existing folder."""
    problem = check_slug(slug)
    if problem:
        raise ValueError(problem)
    inside = Path({"space": "spaces", "lab": "labs"}[kind]) / slug
    folder = content / inside
    if folder.exists():
        raise ValueError(f"{folder} exists already")
    schema = schema_for(inside, kind, content_in_repository(content))
    files = {f"{kind}.yaml": space_yaml(today, schema) if kind == "space"
             else SCHEMA_LINE.format(schema=schema) + LAB_FACTS.format()}
    for lang in languages:
        files[f"{lang}.md"] = (space_text(lang) if kind == "space"
                               else LAB_TEXT.format(body=TEXT_HINTS.get(lang, TEXT_HINTS["nl"])[1]))
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def new_meeting(content: Path, lab: str, today: str) -> list[Path]:
    """Add a commented meeting to a lab's lab.yaml, to uncomment and fill in: after the last item of its
    `meetings:`, or at the end with a commented `meetings:` when the file has none."""
    path = _lab_file(content, lab)
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    listed = re.search(r"^meetings:[ \t]*(#.*)?\n", text, re.MULTILINE)
    block_end = len(text)
    if listed:
        after = re.search(r"^[^\s#-]", text[listed.end():], re.MULTILINE)
        block_end = listed.end() + after.start() if after else len(text)
    items = re.findall(r"^([ \t]*)- ", text[listed.end():block_end], re.MULTILINE) if listed else []
    indent = (items[0] if items else "  ") if listed else " "
    until = (dt.date.fromisoformat(today) + dt.timedelta(days=182)).isoformat()
    addition = MEETING.format(today=today, until=until, head="" if listed else "# meetings:\n", indent=indent)
    path.write_text(text[:block_end] + addition + text[block_end:], encoding="utf-8")
    return [path]


def new_journal(content: Path, lab: str, slug: str, languages: tuple[str, ...], today: str) -> list[Path]:
    """Start a journal entry labs/<lab>/journal/<today>-<slug>/ with a text per language."""
    problem = check_slug(slug)
    if problem:
        raise ValueError(problem)
    folder = _lab_file(content, lab).parent / "journal" / f"{today}-{slug}"
    if folder.exists():
        raise ValueError(f"{folder} exists already")
    folder.mkdir(parents=True)
    written = []
    for lang in languages:
        (folder / f"{lang}.md").write_text(JOURNAL_TEXT.get(lang, JOURNAL_TEXT["nl"]), encoding="utf-8")
        written.append(folder / f"{lang}.md")
    return written


def _lab_file(content: Path, lab: str) -> Path:
    path = content / "labs" / lab / "lab.yaml"
    if check_slug(lab) or not path.is_file():
        raise ValueError(f"there is no lab '{lab}' (no {path})")
    return path


def schema_for(folder: Path, kind: str, content_in_repo: str = "content") -> str:
    """The relative path from an entry folder to its JSON Schema in the repository's sitegen/schemas/, for the
    `# yaml-language-server: $schema=…` line that lets editors complete and check the file.

    `folder` is the entry's folder inside the content folder (Path("spaces/x")), and `content_in_repo` where the
    content folder is in the repository: spaces/x in content/ gives ../../../sitegen/schemas/space.schema.json."""
    depth = len(PurePosixPath(content_in_repo).parts) + len(PurePosixPath(folder.as_posix()).parts)
    return "../" * depth + f"{SCHEMAS_IN_REPO}/{kind}.schema.json"


