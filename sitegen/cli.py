"""The command line: build (the default), check, serve, new (a space or lab to fill in) and schemas."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .build import build_site, check_content
from .content import load_config
from .diagnostics import BuildFailed, Diagnostics, display_path, format_report
from .jsonschema import write_schemas
from .scaffold import new_entry, new_journal, new_meeting
from .serve import serve

COMMANDS = ("build", "check", "serve", "new", "schemas")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="third-places", description="Build the third-places directory site.")
    sub = main.add_subparsers(dest="command")
    for name, text in (("build", "build the site into the output folder"),
                       ("check", "check the content, write nothing"),
                       ("serve", "build the site for localhost and serve it")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--content", type=Path, default=Path("content"), help="the content folder (content)")
        command.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name != "check":
            command.add_argument("--output", type=Path, default=Path("output"), help="the output folder (output)")
        if name == "build":
            command.add_argument("--base-url", help="where the site is published (default: base_url in site.yaml)")
        if name == "serve":
            command.add_argument("--port", type=int, default=8000, help="the port on localhost (8000)")
    text = "start a new space or lab folder, add a meeting to a lab, or start an entry of a lab's journal"
    new = sub.add_parser("new", help=text, description=text)
    new.add_argument("kind", choices=("space", "lab", "meeting", "journal"))
    new.add_argument("slug", help="the new folder's name (lower-case letters, digits and hyphens); for a meeting "
                                  "or a journal entry, the lab's")
    new.add_argument("--name", default="verslag", help="a journal entry's slug, after its date (verslag)")
    new.add_argument("--content", type=Path, default=Path("content"), help="the content folder (content)")
    text = "write the JSON Schemas of the content files into sitegen/schemas/, for editors"
    sub.add_parser("schemas", help=text, description=text)
    return main


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    try:
        return {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
                "schemas": run_schemas}[args.command](args)
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        print("The build failed; the output folder was left as it was.", file=sys.stderr)
        return 1


def run_build(args: argparse.Namespace, base_url: str | None = None) -> int:
    result = build_site(args.content, args.output, base_url or getattr(args, "base_url", None), strict=args.strict)
    if result.warnings:
        print(format_report(result.warnings), file=sys.stderr)
    timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
    print(f"Built {result.pages} pages ({result.files} files) into {args.output} [{timings}]")
    return 0


def run_check(args: argparse.Namespace) -> int:
    diags = check_content(args.content)
    print(format_report(diags.items), file=sys.stderr if diags.items else sys.stdout)
    return 1 if diags.errors or (args.strict and diags.warnings) else 0


def run_serve(args: argparse.Namespace) -> int:
    status = run_build(args, base_url=f"http://localhost:{args.port}/")
    if status == 0:
        serve(args.output, args.port)
    return status


def run_new(args: argparse.Namespace) -> int:
    languages, today = load_config_languages(args.content), datetime.date.today().isoformat()
    try:
        if args.kind == "meeting":
            written = new_meeting(args.content, args.slug, today)
        elif args.kind == "journal":
            written = new_journal(args.content, args.slug, args.name, languages, today)
        else:
            written = new_entry(args.content, args.kind, args.slug, languages, today)
    except ValueError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"Fill in the fields marked as required, then run: python build.py check --content {args.content}")
    return 0


def run_schemas(args: argparse.Namespace) -> int:
    for path in write_schemas():
        print(f"wrote {display_path(path)}")
    return 0


def load_config_languages(content: Path) -> tuple[str, ...]:
    """The site's languages, for one text file each; nl and fr when site.yaml cannot be read."""
    diags = Diagnostics()
    config = load_config(content, diags)
    return config.languages if config and config.languages else ("nl", "fr")
