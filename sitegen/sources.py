"""Reading content files: text, YAML with the position of every node, front matter with its line offset.

This module reads and reports what it cannot read; it never judges what the data means (that is schema.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostics

MAX_TEXT_BYTES = 1_000_000
Position = tuple[int, int]


@dataclass(frozen=True)
class YamlDoc:
    """A YAML mapping with the position of each field's key and value, addressed as 'address.city' or 'photos[0].alt.nl'."""

    path: Path
    data: dict[str, Any]
    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)
    line_offset: int = 0

    def where(self, field_path: str, key: bool = False) -> Position:
        """The position of a field (its key, or its value), else of its nearest parent, else the file's start."""
        table = self.keys if key else self.values
        probe = field_path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.keys:
                return self.keys[probe]
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
    """The file's text: UTF-8 (a BOM is accepted), LF line endings; None after reporting why not."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        diags.error(path, 0, 0, "", f"cannot read the file: {err.strerror}")
        return None
    if len(raw) > MAX_TEXT_BYTES:
        diags.error(path, 1, 1, "", f"the file is too large ({len(raw):,} bytes; at most {MAX_TEXT_BYTES:,})")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        diags.error(path, line, 1, "", f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml_file(path: Path, diags: Diagnostics) -> YamlDoc | None:
    text = read_text(path, diags)
    if text is None:
        return None
    if not text.strip():
        diags.error(path, 1, 1, "", "the file is empty")
        return None
    return parse_yaml(text, path, diags)


def parse_yaml(text: str, path: Path, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML mapping; report syntax errors, duplicate keys and anchors with their lines."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        _report_yaml_error(err, path, diags, line_offset)
        return None
    if root is None:
        return YamlDoc(path, {}, line_offset=line_offset)
    builder = _Builder(path, diags, line_offset)
    if not isinstance(root, MappingNode):
        diags.error(path, *builder.pos(root), "", "the file must be a mapping of fields ('field: value' lines)")
        return None
    data = builder.value(root, "")
    if builder.failed:
        return None
    return YamlDoc(path, data, builder.values, builder.keys, line_offset)


def _report_yaml_error(err: yaml.YAMLError, path: Path, diags: Diagnostics, offset: int) -> None:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if "quoted scalar" in str(getattr(err, "context", "")) and getattr(err, "context_mark", None):
        mark = err.context_mark  # point at the opening quote, not at the end of the file
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    diags.error(path, line, col, "", "YAML syntax error: " + _explain_yaml_problem(err))


def _explain_yaml_problem(err: yaml.YAMLError) -> str:
    problem = str(getattr(err, "problem", "") or err).strip()
    context = str(getattr(err, "context", "") or "").strip()
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character; indent with spaces, not tabs"
    if "end of stream" in problem and "quoted scalar" in context:
        return "a quoted text is not closed; add the closing quote"
    if "mapping values are not allowed" in problem:
        return "a ':' where no field can start; check the indentation, or put the value in quotes"
    if "expected <block end>" in problem or "block mapping" in context:
        return f"the indentation is off ({problem}); fields at one level start in the same column"
    return f"{context}, {problem}" if context else problem


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions; rejects aliases and duplicate keys."""

    def __init__(self, path: Path, diags: Diagnostics, line_offset: int):
        self.path, self.diags, self.offset = path, diags, line_offset
        self.values: dict[str, Position] = {}
        self.keys: dict[str, Position] = {}
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()
        self.failed = False

    def pos(self, node: Node) -> Position:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def fail(self, node: Node, field_path: str, message: str) -> None:
        self.failed = True
        self.diags.error(self.path, *self.pos(node), field_path, message)

    def value(self, node: Node, field_path: str) -> Any:
        if id(node) in self.seen:
            self.fail(node, field_path, "YAML anchors and aliases ('&name', '*name') are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        self.values[field_path] = self.pos(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, field_path)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{field_path}[{i}]") for i, item in enumerate(node.value)]
        return self.scalar(node, field_path)

    def scalar(self, node: ScalarNode, field_path: str) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            self.fail(node, field_path, f"cannot read this value: {getattr(err, 'problem', err)}")
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
                self.fail(key_node, child, f"duplicate field '{key}' (first given on line {first})")
                continue
            self.keys[child] = self.pos(key_node)
            result[key] = self.value(value_node, child)
        return result

    def key(self, node: Node, field_path: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:merge":
            self.fail(node, field_path, "a field name must be plain text ('<<' merges and complex keys are not allowed)")
            return None
        key = self.scalar(node, field_path)
        if not isinstance(key, str):
            self.fail(node, field_path, f"a field name must be text, not {key!r}")
            return None
        return key


def load_markdown_file(path: Path, diags: Diagnostics) -> MarkdownDoc | None:
    """A Markdown file with an optional YAML front matter block between '---' lines."""
    text = read_text(path, diags)
    if text is None:
        return None
    if not text.strip():
        diags.error(path, 1, 1, "", "the file is empty")
        return None
    return split_front_matter(text, path, diags)


def split_front_matter(text: str, path: Path, diags: Diagnostics) -> MarkdownDoc | None:
    delimiter = frontmatter.YAMLHandler.START_DELIMITER
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
