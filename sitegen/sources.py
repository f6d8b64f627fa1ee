"""Reading content files: text, YAML with the position of every node, front matter with its line offset.

This module reads and reports what it cannot read; it never judges what the data means (that is schema.py).
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError
from yaml.resolver import Resolver
from yaml.tokens import ScalarToken

from .diagnostics import Diagnostics

MAX_TEXT_BYTES = 1_000_000
# C0 controls but tab and line feed (a carriage return is a line end, made a line feed on reading), DEL, C1 controls.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINK_MESSAGE = "a symbolic link is not allowed in the content folder: replace it with the file or folder itself"
Position = tuple[int, int]
YAML_TAG = "tag:yaml.org,2002:"
TIMESTAMP_TAG = YAML_TAG + "timestamp"
MERGE_TAG = YAML_TAG + "merge"
STR_TAG = YAML_TAG + "str"
READ_AS = {YAML_TAG + "int": "a number", YAML_TAG + "float": "a number", YAML_TAG + "bool": "yes/no",
           YAML_TAG + "null": "empty", TIMESTAMP_TAG: "a date"}
FLOW_COLLECTIONS = {"flow sequence": ("[", "]", "list"), "flow mapping": ("{", "}", "mapping")}
_RESOLVER = Resolver()


@dataclass(frozen=True)
class YamlDoc:
    """A YAML mapping with the position of each field's key and value, addressed as 'address.city' or
    'photos[0].alt.nl'."""

    path: Path
    data: dict[str, Any]
    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)
    line_offset: int = 0

    def where(self, field_path: str, key: bool = False) -> Position:
        """The position of a field (its key, or its value), else of its nearest parent, else the file's start.

        A list item has no key: asked for its key, this gives the item's own position."""
        tables = (self.keys, self.values) if key else (self.values, self.keys)
        probe = field_path
        while probe:
            for table in tables:
                if probe in table:
                    return table[probe]
            probe = _parent(probe)
        return (1 + self.line_offset, 1)


def _parent(field_path: str) -> str:
    cut = max(field_path.rfind("."), field_path.rfind("["))
    return field_path[:cut] if cut > 0 else ""


@dataclass(frozen=True)
class MarkdownDoc:
    path: Path
    front: YamlDoc
    body: str
    body_line: int


def read_text(path: Path, diags: Diagnostics) -> str | None:
    """The file's text: UTF-8 (a BOM is accepted), LF line endings, no control characters; None after reporting
    why not."""
    raw = read_bytes(path, diags)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw[:line_start].count(b"\n") + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1
        diags.error(path, line, col, "", f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_CHARACTER.search(text)
    if control:
        diags.error(path, *_line_and_column(text, control.start()), "",
                    f"the file contains a control character (U+{ord(control.group()):04X}); delete it")
        return None
    return text


def read_bytes(path: Path, diags: Diagnostics) -> bytes | None:
    """The bytes of a regular file of at most MAX_TEXT_BYTES, its size checked before it is read; a symbolic link
    (which could lead out of the content folder, or to /dev/zero) is refused before it is opened."""
    if path.is_symlink():
        diags.error(path, 0, 0, "", LINK_MESSAGE)
        return None
    try:
        handle = open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)), "rb")
    except OSError as err:
        diags.error(path, 0, 0, "", f"cannot read the file: {err.strerror}")
        return None
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            diags.error(path, 0, 0, "", "this is not a regular file (a device, a pipe or a folder); delete it")
            return None
        raw = handle.read(MAX_TEXT_BYTES + 1) if info.st_size <= MAX_TEXT_BYTES else b""
    if info.st_size > MAX_TEXT_BYTES or len(raw) > MAX_TEXT_BYTES:
        size = max(info.st_size, len(raw))
        diags.error(path, 1, 1, "", f"the file is too large ({size:,} bytes; at most {MAX_TEXT_BYTES:,}); shorten it")
        return None
    return raw


def report_links(folder: Path, diags: Diagnostics) -> None:
    """Every symbolic link below the content folder is an error: content is read and published from the folder
    itself, never from where a link leads (a pull request could link to a file outside the repository)."""
    waiting = [str(folder)]
    while waiting:  # the directory entries say what is a link: no stat per file (10,000 spaces: 50,000 files)
        try:
            with os.scandir(waiting.pop()) as found:
                entries = sorted(found, key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue  # a folder that cannot be listed: the loader names it
        for entry in entries:
            if entry.is_symlink():
                diags.error(Path(entry.path), 0, 0, "", LINK_MESSAGE)
            elif entry.is_dir(follow_symlinks=False):
                waiting.append(entry.path)


def load_yaml_file(path: Path, diags: Diagnostics) -> YamlDoc | None:
    text = read_text(path, diags)
    if text is None:
        return None
    if not text.strip():
        diags.error(path, 1, 1, "", "the file is empty: write its fields in it")
        return None
    return parse_yaml(text, path, diags)


def parse_yaml(text: str, path: Path, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML mapping; report syntax errors, duplicate keys, aliases and tags with their lines."""
    try:
        root = _compose(text)
        if root is None:
            return YamlDoc(path, {}, line_offset=line_offset)
        builder = _Builder(path, diags, line_offset)
        if not isinstance(root, MappingNode):
            diags.error(path, *builder.pos(root), "", "the file must be a mapping of fields ('field: value' lines)")
            return None
        data = builder.value(root, "")
    except _AliasFound as found:
        diags.error(path, found.line + 1 + line_offset, found.column + 1, "",
                    f"YAML aliases are not allowed: write the value out in full instead of '*{found.anchor}'")
        return None
    except yaml.YAMLError as err:
        _report_yaml_error(err, text, path, diags, line_offset)
        return None
    except RecursionError:
        diags.error(path, 1 + line_offset, 1, "", "the file is nested too deeply to read; write its fields out flat")
        return None
    if builder.failed:
        return None
    return YamlDoc(path, data, builder.values, builder.keys, line_offset)


class _AliasFound(Exception):
    """An alias ('*name'): refused before it is composed, so a billion-laughs file costs nothing."""

    def __init__(self, event: AliasEvent):
        super().__init__(event.anchor)
        mark = event.start_mark
        assert mark is not None  # the parser marks every event it makes
        self.anchor, self.line, self.column = event.anchor, mark.line, mark.column


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases at the first one it meets."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            # peek_event is unannotated in PyYAML's stubs; inherited here, untyped_calls_exclude does not reach it.
            raise _AliasFound(self.peek_event())  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml


def _compose(text: str) -> Node | None:
    """The file's node tree. libyaml composes it about ten times faster than PyYAML's own loader, which `check`
    needs on a large directory; whenever libyaml refuses the text, or the tree shares a node (an alias), PyYAML's
    loader composes it again, so every problem is found and worded as before."""
    if _FAST_LOADER is not None:
        try:
            root = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            root = None
        else:
            if _as_pyyaml_composes(root):
                return root
    return yaml.compose(text, Loader=_Loader)


def _as_pyyaml_composes(root: Node | None) -> bool:
    """Give libyaml's plain scalars PyYAML's style (None, not ''); False when a node is reachable twice, an alias,
    which PyYAML's loader then reports where it is written."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode) and node.style == "":
            node.style = None
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return True


def _report_yaml_error(err: yaml.YAMLError, text: str, path: Path, diags: Diagnostics, offset: int) -> None:
    if isinstance(err, ReaderError):
        line, col = _line_and_column(text, err.position)
        diags.error(path, line + offset, col, "", f"the file contains a control character (U+{err.character:04X}) "
                                                  "that YAML does not allow; delete it")
        return
    mark, message = _locate_yaml_problem(err, text)
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    diags.error(path, line, col, "", "YAML syntax error: " + message)


def _line_and_column(text: str, position: int) -> Position:
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, line_start) + 1, position - line_start + 1


Located = tuple[Mark | None, str]  # where the volunteer should look, and what to do there


@dataclass(frozen=True)
class _YamlProblem:
    """PyYAML's account of a syntax error: what went wrong (problem) inside what (context), and where each is."""

    problem: str
    context: str
    problem_mark: Mark | None
    context_mark: Mark | None

    @classmethod
    def of(cls, err: yaml.YAMLError) -> _YamlProblem:
        # Only a MarkedYAMLError has these attributes, and any of them may be None.
        return cls(problem=str(getattr(err, "problem", "") or err).strip(),
                   context=str(getattr(err, "context", "") or "").strip(),
                   problem_mark=getattr(err, "problem_mark", None),
                   context_mark=getattr(err, "context_mark", None))


def _locate_yaml_problem(err: yaml.YAMLError, text: str) -> Located:
    """Where the volunteer should look, and what to do there (PyYAML's words are for programmers)."""
    found = _YamlProblem.of(err)
    located = _quoting_problem(found, text) or _flow_problem(found) or _block_problem(found, text)
    if located:
        return located
    mark = found.problem_mark or found.context_mark
    return mark, f"{found.context}, {found.problem}" if found.context else found.problem


def _quoting_problem(found: _YamlProblem, text: str) -> Located | None:
    """A quote not closed, a tab, or a backslash escape gone wrong."""
    problem, problem_mark = found.problem, found.problem_mark
    runaway = _runaway_quote(text, problem_mark) if problem_mark else None
    if runaway and problem_mark:
        return runaway, (f"the quoted text that starts here runs on to line {problem_mark.line + 1}: "
                         "add its closing quote")
    if "'\\t'" in problem or "\\t" in problem:
        return problem_mark, "a tab character; indent with spaces, not tabs"
    if "end of stream" in problem and "quoted scalar" in found.context:
        return found.context_mark, "a quoted text is not closed; add the closing quote"
    if "escape character" in problem:
        return problem_mark, ("a '\\' inside double quotes starts an escape such as '\\n'; "
                              "write '\\\\' for a backslash, or use single quotes")
    return None


def _flow_problem(found: _YamlProblem) -> Located | None:
    """A '[...]' list or '{...}' mapping with a missing ',' or a missing closing bracket."""
    problem_mark, context_mark = found.problem_mark, found.context_mark
    for flow, (opening, closing, what) in FLOW_COLLECTIONS.items():
        if flow in found.context and context_mark:
            if problem_mark and problem_mark.line == context_mark.line and "<stream end>" not in found.problem:
                return problem_mark, (f"a ',' is missing between the items of this '{opening}' {what}, "
                                      "or a value that holds ':' needs quotes")
            return context_mark, (f"the '{opening}' {what} that starts here is not closed: "
                                  f"add '{closing}' after its last item")
    return None


def _block_problem(found: _YamlProblem, text: str) -> Located | None:
    """A line out of place among the 'field: value' lines: a stray ':', a line without ':', a bad indent."""
    problem, problem_mark, context_mark = found.problem, found.problem_mark, found.context_mark
    if "mapping values are not allowed" in problem:
        return problem_mark, "a ':' where no field can start; check the indentation, or put the value in quotes"
    if "could not find expected ':'" in problem and context_mark:
        return context_mark, "a line without ':'; write 'field: value', or indent it to continue the value above"
    if "expected <block end>" in problem and context_mark and problem_mark:
        return problem_mark, _explain_block_end(text, problem_mark, context_mark)
    if "another document" in problem:
        return problem_mark, "a '---' line starts a second document; delete it (a file holds one set of fields)"
    return None


def _explain_block_end(text: str, problem: Mark, block: Mark) -> str:
    """PyYAML's 'expected <block end>': text after a finished value, or a line out of step with its block."""
    lines = text.split("\n")
    line = lines[problem.line] if problem.line < len(lines) else ""
    if line[: problem.column].strip():
        return ("the value ended before this point, but the line goes on; "
                "put the whole value in quotes, or delete the rest")
    if problem.column != block.column:
        return (f"the indentation is off: this line starts in column {problem.column + 1}, "
                f"but the fields of this level start in column {block.column + 1} (line {block.line + 1})")
    return f"this line does not fit the block that starts on line {block.line + 1}: check its indentation and its '- '"


def _runaway_quote(text: str, problem_mark: Mark) -> Mark | None:
    """Where a quoted text starts that spans lines and ends on the error's line: its closing quote is missing."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > problem_mark.line:
                break
            if (isinstance(token, ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == problem_mark.line):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


def _untagged(node: Node) -> bool:
    """True unless the node carries a tag ('!!binary', '!foo') that changes what it is; '!!str' is harmless."""
    if isinstance(node, MappingNode):
        return node.tag == YAML_TAG + "map"
    if isinstance(node, SequenceNode):
        return node.tag == YAML_TAG + "seq"
    assert isinstance(node, ScalarNode)  # the composer makes no other kind of node
    plain = not node.style  # PyYAML gives a plain scalar the style None, libyaml ''
    implicit = _RESOLVER.resolve(ScalarNode, node.value, (plain, not plain))
    return node.tag in (implicit, STR_TAG)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions; rejects tags and duplicate keys.

    Aliases never get here: the loader refuses them before composing."""

    def __init__(self, path: Path, diags: Diagnostics, line_offset: int):
        self.path, self.diags, self.offset = path, diags, line_offset
        self.values: dict[str, Position] = {}
        self.keys: dict[str, Position] = {}
        self.constructor = SafeConstructor()
        self.failed = False

    def pos(self, node: Node) -> Position:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def fail(self, node: Node, field_path: str, message: str) -> None:
        self.failed = True
        self.diags.error(self.path, *self.pos(node), field_path, message)

    def value(self, node: Node, field_path: str) -> Any:
        self.values[field_path] = self.pos(node)
        if not _untagged(node):
            self.fail(node, field_path, f"YAML tags such as '{_short_tag(node.tag)}' are not allowed; delete the tag")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, field_path)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{field_path}[{i}]") for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the composer makes no other kind of node
        return self.scalar(node, field_path)

    def scalar(self, node: ScalarNode, field_path: str) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as err:
            shown = f"'{field_path}': " if field_path else ""
            if node.tag == TIMESTAMP_TAG:
                self.fail(node, field_path, f"{shown}'{node.value}' is not a real date ({err}); write it as YYYY-MM-DD")
            else:
                self.fail(node, field_path, f"{shown}cannot read '{_shorten(node.value)}' as "
                                            f"{READ_AS.get(node.tag, 'a value')}; put it in quotes if it is text")
            return None

    def mapping(self, node: MappingNode, field_path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, field_path)
            if key is None:
                continue
            child = f"{field_path}.{key}" if field_path else key
            if key in result:
                first = self.keys[child][0]
                self.fail(key_node, child, f"duplicate field '{key}' (first given on line {first}); keep one of them")
                continue
            self.keys[child] = self.pos(key_node)
            result[key] = self.value(value_node, child)
        return result

    def key(self, node: Node, field_path: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag == MERGE_TAG or not _untagged(node):
            self.fail(node, field_path,
                      "a field name must be plain text ('<<' merges, tags and complex keys are not allowed)")
            return None
        if node.tag != STR_TAG:
            self.fail(node, field_path, f"the field name '{_shorten(node.value)}' is read as "
                                        f"{READ_AS.get(node.tag, 'a value')}, not text; put it in quotes")
            return None
        return cast(str | None, self.scalar(node, field_path))  # a '!!str' node: text, or None if unreadable


def load_markdown_file(path: Path, diags: Diagnostics) -> MarkdownDoc | None:
    """A Markdown file with an optional YAML front matter block between '---' lines."""
    text = read_text(path, diags)
    if text is None:
        return None
    if not text.strip():
        diags.error(path, 1, 1, "", "the file is empty: write its text in it, or delete the file")
        return None
    return split_front_matter(text, path, diags)


def split_front_matter(text: str, path: Path, diags: Diagnostics) -> MarkdownDoc | None:
    delimiter = YAMLHandler.START_DELIMITER
    lines = text.split("\n")
    if lines[0].rstrip() != delimiter:
        return MarkdownDoc(path, YamlDoc(path, {}), text, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == delimiter), None)
    if end is None:
        diags.error(path, 1, 1, "", f"the front matter is not closed: add a line '{delimiter}' after its last field")
        return None
    front = parse_yaml("\n".join(lines[1:end]), path, diags, line_offset=1)
    if front is None:
        return None
    return MarkdownDoc(path, front, "\n".join(lines[end + 1 :]), end + 2)
