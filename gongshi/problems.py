"""Problems found in the datasets, and where exactly they are.

Reading uses a fast YAML parser that keeps no positions, so a problem first
records *where in the data* it is (a path of keys and indexes). Only files that
actually have problems are read a second time, with PyYAML's composer, to turn
those paths into line numbers: clean files are read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C composer is much faster on large files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ERROR = "error"
WARNING = "warning"

YamlPath = tuple[str | int, ...]


@dataclass(slots=True)
class Problem:
    """One thing wrong in one file, phrased for the department editor."""

    file: Path
    where: YamlPath  # keys and indexes leading to the value
    field: str  # Chinese label of the field, or 文件 for the whole file
    message: str  # what is wrong
    hint: str  # what to do
    severity: str = ERROR
    at_key: bool = False  # point at the key rather than its value
    line: int | None = None  # filled in by locate(); known up front for syntax errors
    also: list[tuple[Path, YamlPath]] = field(default_factory=list)  # other places involved
    also_lines: list[int] = field(default_factory=list)  # filled in by locate()

    def format(self, root: Path | None = None) -> str:
        path = _display(self.file, root)
        prefix = "[警告] " if self.severity == WARNING else ""
        message = self.message
        if self.also:
            places = "、".join(
                f"{_display(file, root)}:{line}"
                for (file, _), line in zip(self.also, self.also_lines or [1] * len(self.also), strict=False)
            )
            message += f"（另见 {places}）"
        return f"{path}:{self.line or 1}: {prefix}{self.field} — {message}；{self.hint}"


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def shown(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: whole if short, else its start and an ellipsis (a message about a
    150 KB value must not be 150 KB)."""
    if isinstance(value, int) and value.bit_length() > 128:  # str() refuses ints over 4,300 digits
        return f"{value.bit_length() * 30103 // 100000 + 1} 位的数字"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def field_label(label: str, keys: YamlPath) -> str:
    """`罚款金额（元） [fine]`: the label editors know and the key they must find."""
    dotted = dotted_key(keys)
    return f"{label} [{dotted}]" if dotted else label


def dotted_key(keys: YamlPath) -> str:
    """`party.uscc` for ("items", 3, "party", "uscc"): the key path within one record.

    The leading `items` and index are left out: the line number already says
    which record, and checks that work on whole records name keys the same way.
    """
    if len(keys) >= 2 and keys[0] == "items" and isinstance(keys[1], int):
        keys = keys[2:]
    return ".".join(str(k) for k in keys if isinstance(k, str))


def locate(problems: list[Problem], texts: dict[Path, str]) -> None:
    """Give every problem a line number, composing each involved file once."""
    pending: dict[Path, list[Problem]] = {}
    for p in problems:
        if p.line is None:
            pending.setdefault(p.file, []).append(p)
    composed: dict[Path, yaml.Node | None] = {}

    def root_of(path: Path) -> yaml.Node | None:
        if path not in composed:
            composed[path] = _compose(texts.get(path))
        return composed[path]

    for path, group in pending.items():
        root = root_of(path)
        for p in group:
            p.line = _line_of(root, p.where, p.at_key)
    for p in problems:
        if p.also and not p.also_lines:
            p.also_lines = [_line_of(root_of(file), where, False) for file, where in p.also]


# Characters PyYAML refuses in a stream but the fast parser reads (DEL, other controls): a file holding
# one is composed with it blanked, so the problem about it still gets its line.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _compose(text: str | None) -> yaml.Node | None:
    if not text:
        return None
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.compose(_NOT_PRINTABLE.sub(" ", text), Loader=_Loader)
    except yaml.YAMLError:
        return None


def _line_of(node: yaml.Node | None, where: YamlPath, at_key: bool) -> int:
    """The 1-based line of the deepest node along `where` that exists."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for i, step in enumerate(where):
        last = i == len(where) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key, value in node.value:
                if key.value == step:
                    node = key if (last and at_key) else value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return line
            node = node.value[step]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def duplicate_key_line(text: str) -> tuple[int, str] | None:
    """Where a mapping repeats a key (the fast parser only says which key)."""
    root = _compose(text)
    stack = [root] if root is not None else []
    found: list[tuple[int, str]] = []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if key.value in seen:
                    found.append((key.start_mark.line + 1, str(key.value)))
                seen.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(found) if found else None
