"""The command line: build (the default), check, serve, new (a space or lab to fill in) and schemas."""
from __future__ import annotations

import argparse
import datetime
import errno
import gc
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from . import serve as preview
from .build import build_site, check_content
from .cache import cache_folder
from .changes import changes_report
from .content import load_config
from .diagnostics import BuildFailed, Diagnostics, display_path, format_report, output_line
from .jsonschema import write_schemas
from .scaffold import new_entry, new_journal, new_meeting
from .write import OutputCollision

COMMANDS = ("build", "check", "serve", "new", "schemas", "changes")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="third-places", description="Build the third-places directory site.")
    sub = main.add_subparsers(dest="command")
    for name, text in (("build", "build the site into the output folder"),
                       ("check", "check the content, write nothing"),
                       ("serve", "build the site for localhost, serve it, "
                                 "and rebuild and reload open pages on every edit")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--content", type=Path, default=Path("content"), help="the content folder (content)")
        command.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name != "check":
            command.add_argument("--output", type=Path, default=Path("output"), help="the output folder (output)")
        command.add_argument("--jobs", type=int, help="processes to use (default: one per core)")
        if name == "build":
            command.add_argument("--base-url", help="where the site is published (default: base_url in site.yaml)")
            command.add_argument("--no-booklet", action="store_true", help="leave the printed booklets (PDF) out")
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
    add_changes_command(sub)
    return main


def add_changes_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "what the content changes against a base, as Markdown for a pull request's job summary"
    changes = sub.add_parser("changes", help=text, description=text)
    changes.add_argument("--base", required=True, help="the content before: a folder, or a git ref such as origin/main")
    changes.add_argument("--content", type=Path, default=Path("content"), help="the content folder (content)")
    changes.add_argument("--artifact-url", default="", help="where the built site can be downloaded")


def program() -> int:
    """`main` as the program (build.py, `python -m sitegen`, the `third-places` command). When the command is done
    its objects are frozen, so that the interpreter's exit does not walk them with the cycle collector (0.2-0.4 s
    of a `check` at 10,000 spaces): the process ends, and they with it."""
    try:
        return main()
    finally:
        gc.freeze()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    stop_on_signals()
    try:
        return {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
                "schemas": run_schemas, "changes": run_changes}[args.command](args)
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        say("The build failed; the output folder was left as it was.", sys.stderr)
        return 1
    except (Stopped, KeyboardInterrupt) as stopped:
        number = stopped.signal if isinstance(stopped, Stopped) else signal.SIGINT
        say(f"error: the build was stopped ({signal.Signals(number).name}); {intact(args)}", sys.stderr)
        return 128 + number
    except OutputCollision:
        say(f"error: another build replaced {display_path(args.output)} at the same moment; this build stopped "
            "and the output holds that build's complete site", sys.stderr)
        return 1
    except OSError as fault:
        say(f"error: {describe_fault(fault)}; the build stopped and {intact(args)}", sys.stderr)
        return 1


class Stopped(BaseException):
    """A signal asked the build to stop: raised where the build is, so that its staging folder is removed."""

    def __init__(self, number: int):
        super().__init__(number)
        self.signal = number


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP (a cancelled CI job, a closed terminal) stop the build as Ctrl+C does: an exception
    where the build is, so that its staging folder is removed on the way out."""
    def stop(number: int, frame: object) -> None:
        raise Stopped(number)
    if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, stop)


FAULTS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
          errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
          errno.EPERM: "permission denied"}


def describe_fault(fault: OSError) -> str:
    """What went wrong in the environment, in words, and where: 'the disk is full: cannot write output/x'."""
    reason = FAULTS.get(fault.errno or 0) or (fault.strerror or str(fault)).lower()
    return f"{reason}: cannot write {display_path(fault.filename)}" if fault.filename else reason


def intact(args: argparse.Namespace) -> str:
    output = getattr(args, "output", None)
    if output is None:
        return "nothing was written"
    shown = display_path(output)
    return f"the previous output in {shown} is intact" if output.exists() else f"nothing was written to {shown}"


def say(text: str, stream: TextIO | None = None) -> None:
    """Print one line of the tool's own; inside GitHub Actions it can never pose as a workflow command."""
    print(output_line(text), file=stream or sys.stdout)


def run_build(args: argparse.Namespace) -> int:
    result = build_site(args.content, args.output, args.base_url, strict=args.strict, jobs=args.jobs,
                        booklets="skip" if args.no_booklet else "make")
    if result.warnings:
        print(format_report(result.warnings), file=sys.stderr)
    timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
    say(f"Built {result.pages} pages ({result.files} files; {len(result.written)} made anew, {result.reused} "
        f"reused unchanged) into {args.output} [{timings}]")
    return 0


def run_check(args: argparse.Namespace) -> int:
    diags = check_content(args.content, jobs=args.jobs, cache_dir=cache_folder(Path("output")))
    print(format_report(diags.items), file=sys.stderr if diags.items else sys.stdout)
    return 1 if diags.errors or (args.strict and diags.warnings) else 0


def run_serve(args: argparse.Namespace) -> int:
    return preview.serve(args.content, args.output, args.port, strict=args.strict, jobs=args.jobs)


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
        say(f"error: {problem}", sys.stderr)
        return 1
    for path in written:
        say(f"wrote {path}")
    say(f"Fill in the fields marked as required, then run: python build.py check --content {args.content}")
    return 0


def run_schemas(args: argparse.Namespace) -> int:
    for path in write_schemas():
        say(f"wrote {display_path(path)}")
    return 0


def run_changes(args: argparse.Namespace) -> int:
    try:
        print(changes_report(args.content, args.base, args.artifact_url), end="")
    except ValueError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


def load_config_languages(content: Path) -> tuple[str, ...]:
    """The site's languages, for one text file each; nl and fr when site.yaml cannot be read."""
    diags = Diagnostics()
    config = load_config(content, diags)
    return config.languages if config and config.languages else ("nl", "fr")
