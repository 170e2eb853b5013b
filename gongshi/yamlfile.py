"""Read one YAML file safely, or say in Chinese why it cannot be read.

The fast parser (yaml-rs) builds plain Python data with no positions; it never
constructs objects from tags and refuses duplicate keys. Dates are left as text
so that the validator, not the parser, decides what a real date is.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml_rs

from .problems import Problem, duplicate_key_line

MAX_FILE_BYTES = 20 * 1024 * 1024

_SYNTAX_POS = re.compile(r"line (\d+), column (\d+)")
_DUP_KEY = re.compile(r"duplicate mapping key: '?(.*?)'?$", re.M)
_TAG = re.compile(r"Invalid tag: '([^']+)'")


@dataclass(slots=True)
class YamlFile:
    path: Path
    text: str
    data: object
    problems: list[Problem] = field(default_factory=list)  # readable, but something was lost in reading


class Unreadable(Exception):
    """The file cannot be read as YAML; `problem` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _fail(path: Path, message: str, hint: str, line: int | None = 1) -> Unreadable:
    return Unreadable(Problem(path, (), "文件", message, hint, line=line))


def read_yaml(path: Path) -> YamlFile:
    """Parse `path`; raise Unreadable with an editor-facing problem."""
    try:
        st = path.stat()
    except OSError as e:
        raise _fail(path, f"无法读取文件（{e.strerror}）", "请检查文件是否存在以及读取权限") from None
    if not stat.S_ISREG(st.st_mode):  # a pipe or a device would never end: never opened
        raise _fail(path, "不是普通文件（可能是管道、套接字或设备）", "数据目录中只能放普通的 YAML 文件，请删除它")
    size = st.st_size
    if size > MAX_FILE_BYTES:
        raise _fail(
            path,
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）",
            "请按年份或月份拆分为多个文件，如 decisions/2024.yaml、decisions/2025.yaml",
        )
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise _fail(path, f"无法读取文件（{e.strerror}）", "请检查文件是否存在以及读取权限") from None
    if b"\x00" in raw:
        raise _fail(path, "文件不是文本文件（含有二进制内容）", "清单须为 UTF-8 编码的 YAML 文本；Excel 表格请先导出")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(path, "文件不是 UTF-8 编码", "请用编辑器另存为 UTF-8 编码（不要用 GBK）", line) from None
    if not _has_content(text):
        raise _fail(path, "文件为空", "请按模板填写内容，或删除该文件")
    if "\t" in text:
        for n, ln in enumerate(text.splitlines(), 1):
            stripped = ln.lstrip(" ")
            if stripped.startswith("\t"):
                raise _fail(path, "缩进中使用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成两个空格", n)
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as e:
        raise _syntax_problem(path, text, str(e)) from None
    except RecursionError:  # nesting deeper than the parser goes
        raise _too_deep(path, text) from None
    except ValueError as e:
        raise _fail(path, f"无法解析（{str(e)[:200]}）", "请按模板直接填写", _first_alias(text) or 1) from None
    shape = _shape(data) if _may_be_deep_or_complex(text) else None
    if shape == "deep":
        raise _too_deep(path, text)
    if shape == "complex key":
        raise _fail(
            path,
            "不支持复杂的键（以 ? 开头，或用列表、映射作键）",
            "每个字段写成“英文键: 值”，键只能是文字",
            _complex_key_line(text),
        )
    second = _second_document(text)
    if second is not None:
        raise _fail(
            path,
            "文件中有多个 YAML 文档（以 --- 分隔）",
            "一个文件只能有一份清单：请删除该行的 ---，把内容合并到 items 下，或拆成多个文件",
            second,
        )
    return YamlFile(path, text, data, _leading_zeros(path, text))


# The deepest a list of the standard goes is about six levels (items, a decision, its party, …); a file
# nested far deeper is no list of ours, and walking it would exhaust the stack further on.
MAX_DEPTH = 24
_NESTED_OPEN = re.compile(r"[\[{][^\]}]*[\[{]")
_EXPLICIT_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?\?(?:[ \t]|$)", re.M)
_CLOSED_KEY = re.compile(r"[\]}][ \t]*:(?:[ \t]|$)")


def _may_be_deep_or_complex(text: str) -> bool:
    """Whether the data could be deeper than MAX_DEPTH or have a complex key: a line indented 20 spaces or
    more, compact "- - -", a bracket opened inside another, a `? ` key or one after `]`/`}`. Only such files
    are walked; substring tests first, so a region's files are let through at C speed."""
    if "\n" + " " * 20 in text or "- - -" in text:
        return True
    if ("[" in text or "{" in text) and (_NESTED_OPEN.search(text) or _CLOSED_KEY.search(text)):
        return True
    return "?" in text and _EXPLICIT_KEY.search(text) is not None


def _shape(data: object) -> str | None:
    """"deep" past MAX_DEPTH, "complex key" for a key that is a list or mapping, else None (walked without recursion)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "deep"
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, (tuple, frozenset, list, dict)):
                    return "complex key"
                if isinstance(v, (dict, list)):
                    stack.append((v, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return None


def _too_deep(path: Path, text: str) -> Unreadable:
    return _fail(path, f"层次过深（超过 {MAX_DEPTH} 层）", "请按模板的缩进填写；清单最多只有几层", _deep_line(text))


_INDENT = re.compile(r"^( *)(- +)*")


def _deep_line(text: str) -> int:
    """The line where the deep block starts: the first line of the run of ever deeper lines that goes
    past what any list of the standard needs.

    Block nesting is counted by indentation levels (each `- ` of a compact
    list adds one), flow nesting by open brackets outside quotes.
    """
    levels: list[int] = []  # indentation of the open block levels
    flow = 0
    previous, start = 0, 1
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if flow == 0:
            m = _INDENT.match(line)
            indent = len(m.group(1))
            while levels and levels[-1] >= indent:
                levels.pop()
            levels.append(indent)
            depth = len(levels) + m.group(0).count("- ")
        else:
            depth = len(levels)
        if depth + flow <= previous:
            start = n
        previous = depth + flow
        quote = None
        for c in line:
            if quote:
                quote = None if c == quote else quote
            elif c in "'\"":
                quote = c
            elif c in "[{":
                flow += 1
                if depth + flow > MAX_DEPTH // 2:
                    return start if start < n else n
            elif c in "]}":
                flow = max(0, flow - 1)
            elif c == "#":
                break
        if depth > MAX_DEPTH // 2:
            return start
    return 1


_COMPLEX_KEY = re.compile(r"^\s*(?:-\s+)?(?:\?(?:\s|$)|[\[{][^#\n]*[\]}]\s*:(?:\s|$))", re.M)


def _complex_key_line(text: str) -> int:
    m = _COMPLEX_KEY.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])([&*])[^\s,\[\]{}]+", re.M)


def _first_alias(text: str) -> int | None:
    """The line of the first anchor or alias (& or *): where an alias bomb starts."""
    m = _ALIAS.search(text)
    return text.count("\n", 0, m.start(1)) + 1 if m else None


# `cert_no: 05100001` or `- 05100001`: YAML reads a number and drops the leading 0.
_LEADING_ZERO = re.compile(
    r"^[ \t]*(?:- +|(?P<key>[A-Za-z_][\w-]*):[ \t]+)+(?P<number>0\d+)[ \t]*(?:#.*)?$", re.M
)


def _leading_zeros(path: Path, text: str) -> list[Problem]:
    if ": 0" not in text and "- 0" not in text:
        return []
    problems = []
    line, counted = 1, 0  # lines counted so far, up to `counted`: once over the text, not once per match
    for m in _LEADING_ZERO.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        number = m.group("number")
        problems.append(
            Problem(
                path,
                (),
                f"取值 [{m.group('key')}]" if m.group("key") else "列表项",
                f"“{number}”以 0 开头，不加引号会被当作数字读取，开头的 0 会丢失",
                f"请给它加上引号，写成 \"{number}\"",
                line=line,
            )
        )
    return problems


_DOC_START = re.compile(r"^---(?:[ \t]|$)")


def _second_document(text: str) -> int | None:
    """Line of a `---` that starts a second document, if any."""
    if "---" not in text:
        return None
    content = False
    for n, ln in enumerate(text.splitlines(), 1):
        if _DOC_START.match(ln):
            if content:
                return n
            content = bool(ln[3:].strip()) and not ln[3:].strip().startswith("#")
        elif ln.strip() and not ln.lstrip().startswith("#") and not ln.startswith("%"):
            content = True
    return None


def _syntax_problem(path: Path, text: str, message: str) -> Unreadable:
    if "alias" in message and "limit" in message:  # an alias bomb: it starts where the first anchor does
        return _fail(
            path,
            "锚点和别名（& 和 *）展开后过大",
            "请勿使用锚点和别名，按模板直接填写",
            _first_alias(text) or 1,
        )
    dup = _DUP_KEY.search(message)
    if dup:
        found = duplicate_key_line(text)
        line, key = found if found else (1, dup.group(1))
        return _fail(path, f"字段“{key}”在同一处出现了两次", "请删除重复的一行，或合并两处内容", line)
    pos = _SYNTAX_POS.search(message)
    tag = _TAG.search(message)
    if tag and not pos:
        line = next((n for n, ln in enumerate(text.splitlines(), 1) if tag.group(1) in ln), 1)
        return _fail(
            path,
            f"不支持的 YAML 标签“{tag.group(1)}”",
            "请删除以 ! 开头的标签，直接填写值",
            line,
        )
    line = int(pos.group(1)) if pos else 1
    detail = message.strip().splitlines()[-1].strip() if message.strip() else ""
    lines = text.splitlines()
    if "mapping values are not allowed" in detail or "simple key expect" in detail:
        # the parser trips on the line after the mistake: `name:张三` or a line without a colon
        prev = next((n for n in range(line - 1, 0, -1) if _content(lines[n - 1])), None)
        if prev is not None and _NO_SPACE.match(lines[prev - 1]):
            return _fail(path, "冒号后缺少空格", "YAML 的“键: 值”中冒号后必须有一个空格，如 name: 张三", prev)
        if prev is not None and ":" not in lines[prev - 1] and not lines[prev - 1].lstrip().startswith("- "):
            return _fail(path, "这一行缺少冒号", "每个字段写成“键: 值”，如 name: 张三；续行的长文本请改用 | 块", prev)
    explained = next((zh for en, zh in _EXPLAIN if en in detail), None)
    what = f"YAML 格式错误（第 {line} 行附近）：{explained}" if explained else f"YAML 格式错误（第 {line} 行附近：{detail}）"
    return _fail(path, what, "请检查该行及上一行的缩进、冒号后的空格、引号和括号是否成对", line)


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _has_content(text: str) -> bool:
    """Whether any line is neither blank nor a comment."""
    # The first lines nearly always say so, without splitting a large file. A
    # line cut off at the end of the head has content only if the whole line has.
    return any(_content(ln) for ln in text[:4096].splitlines()) or any(_content(ln) for ln in text.splitlines())


# `name:张三` — a key, a colon and no space (a URL's `http://` has a space before it)
_NO_SPACE = re.compile(r"^\s*(?:- )?[^\s:#'\"\[\]{},]+:[^\s/]")

# The parser's messages, in words an editor knows.
_EXPLAIN = (
    ("unclosed bracket", "方括号或花括号没有配对"),
    ("illegal placement of ':'", "这里不应出现冒号，可能是上一行的括号或引号没有配对"),
    ("trailing content after", "引号后面还有多余的内容，整段文字应都在引号内"),
    ("quoted scalar", "引号没有配对"),
    ("unclosed quote", "引号没有配对"),
    ("simple key expect ':'", "缩进不一致，或上一行冒号后缺少空格"),
    ("mapping values are not allowed", "此处不能出现“键: 值”，可能是缩进不一致，或文字中的“: ”需要加引号"),
    ("did not find expected key", "缩进不一致，或这一行不是“键: 值”的格式"),
    ("did not find expected '-' indicator", "列表项的缩进不一致，或列表中混入了“键: 值”"),
    ("did not find expected <document start>", "缩进不一致（顶层不能缩进）"),
    ("unexpected character", "文字不能以 @、` 或 % 开头，请给整段文字加引号"),
    ("unknown anchor", "引用了不存在的锚点（*）；请直接填写值"),
    ("recursion limit exceeded", "括号或缩进的层次过深"),
)
