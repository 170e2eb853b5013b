"""Read one YAML file safely, or say in Chinese why it cannot be read.

The fast parser (yaml-rs) builds plain Python data with no positions; it never
constructs objects from tags and refuses duplicate keys. Dates are left as text
so that the validator, not the parser, decides what a real date is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml_rs

from .problems import Problem, duplicate_key_line

MAX_FILE_BYTES = 20 * 1024 * 1024

_SYNTAX_POS = re.compile(r"line (\d+), column (\d+)")
_DUP_KEY = re.compile(r"duplicate mapping key: '?(.*?)'?$", re.M)


@dataclass(slots=True)
class YamlFile:
    path: Path
    text: str
    data: object


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
        size = path.stat().st_size
    except OSError as e:
        raise _fail(path, f"无法读取文件（{e.strerror}）", "请检查文件是否存在以及读取权限") from None
    if size > MAX_FILE_BYTES:
        raise _fail(
            path,
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）",
            "请按年份或月份拆分为多个文件，如 decisions/2024.yaml、decisions/2025.yaml",
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise _fail(path, "文件不是文本文件（含有二进制内容）", "清单须为 UTF-8 编码的 YAML 文本；Excel 表格请先导出")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(path, "文件不是 UTF-8 编码", "请用编辑器另存为 UTF-8 编码（不要用 GBK）", line) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
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
    except (ValueError, RecursionError) as e:  # e.g. alias bombs refused by the parser
        raise _fail(path, f"无法解析（{e}）", "请勿使用锚点和别名（& 和 *），按模板直接填写") from None
    return YamlFile(path, text, data)


def _syntax_problem(path: Path, text: str, message: str) -> Unreadable:
    dup = _DUP_KEY.search(message)
    if dup:
        found = duplicate_key_line(text)
        line, key = found if found else (1, dup.group(1))
        return _fail(path, f"字段“{key}”在同一处出现了两次", "请删除重复的一行，或合并两处内容", line)
    pos = _SYNTAX_POS.search(message)
    line = int(pos.group(1)) if pos else 1
    detail = message.strip().splitlines()[-1].strip() if message.strip() else ""
    return _fail(
        path,
        f"YAML 格式错误（第 {line} 行附近：{detail}）",
        "请检查该行及上一行的缩进、冒号后的空格、引号和括号是否成对",
        line,
    )
