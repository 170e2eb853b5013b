"""YAML built to hurt: each construct is reported at the line where it starts, in Chinese, and no check
takes more than linear time in the length of a value."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.minimal_region import Region

D = "shijianju/decisions/2024.yaml"
VALID_ITEMS = 81  # lines of the valid decisions file: every construct below comes after them, mid-file


def _after_valid(region: Region, construct: str) -> int:
    """Append `construct` to the decisions file (as another item's field); the line it starts on."""
    text = region.read(D)
    start = text.count("\n") + 1
    region.write(D, text + construct)
    return start


BOMB = "".join(f"    {c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True))
CONSTRUCTS = [
    ("alias bomb", "  - doc_no: 泸市监罚〔2024〕40号\n    x0: &a [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n" + BOMB, 1, "锚点和别名（& 和 *）展开后过大"),
    ("deep flow", "  - doc_no: 泸市监罚〔2024〕40号\n    facts: " + "[" * 5000 + "]" * 5000 + "\n", 1, "层次过深"),
    ("deep flow, 100", "  - doc_no: 泸市监罚〔2024〕40号\n    facts: " + "[" * 100 + "]" * 100 + "\n", 1, "层次过深"),
    ("deep block", "  - doc_no: 泸市监罚〔2024〕40号\n    facts:\n" + "".join("  " * (i + 3) + "b:\n" for i in range(1, 2500)) + "  " * 2503 + "c: 1\n", 1, "层次过深"),
    ("deep block, 40", "  - doc_no: 泸市监罚〔2024〕40号\n    facts:\n" + "".join("  " * (i + 3) + "b:\n" for i in range(1, 40)) + "  " * 43 + "c: 1\n", 1, "层次过深"),
    ("deep list", "  - doc_no: 泸市监罚〔2024〕40号\n    facts:\n" + "".join("  " * (i + 2) + "-\n" for i in range(1, 200)) + "  " * 202 + "- 1\n", 1, "层次过深"),
    ("explicit complex key", "  - doc_no: 泸市监罚〔2024〕40号\n    ? [a, b]\n    : value\n", 1, "不支持复杂的键"),
    ("list as a key", "  - doc_no: 泸市监罚〔2024〕40号\n    [a, b]: value\n", 1, "不支持复杂的键"),
    ("mapping as a key", "  - doc_no: 泸市监罚〔2024〕40号\n    {a: 1}: value\n", 1, "不支持复杂的键"),
]


@pytest.mark.parametrize(("name", "construct", "offset", "words"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_a_hostile_construct_is_reported_where_it_starts(tmp_path: Path, name, construct, offset, words) -> None:
    region = Region(tmp_path)
    start = _after_valid(region, construct)
    errors = region.errors()
    assert len(errors) == 1, errors
    line = start + offset
    assert errors[0].startswith(f"datasets/{D}:{line}: 文件 — "), errors[0]
    assert words in errors[0]
    assert len(errors[0]) < 300


LONG = 150 * 1024
# (field, the YAML line that sets it in the first decision, the line with a 150 KB value instead)
FIELDS = [
    ("text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "违"),
    ("str", "    violation_type: 食品安全\n", "    violation_type: {v}\n", "食"),
    ("code", "    discretion: D-001\n", "    discretion: {v}\n", "D"),
    ("docno", "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: {v}〔2024〕39号\n", "泸"),
    ("uscc", "      uscc: 91510502MA6200000D\n      legal_rep: 王某\n    conclusion: 罚款人民币 2000 元\n", "      uscc: {v}\n      legal_rep: 王某\n    conclusion: 罚款人民币 2000 元\n", "9"),
    ("enum", "    kind: 行政处罚\n", "    kind: {v}\n", "罚"),
    ("date", "    decision_date: 2024-03-05\n", "    decision_date: {v}\n", "2"),
    ("money", "    fine: 2000\n", "    fine: {v}\n", "9"),
    ("list item", "      - 罚款\n", "      - {v}\n", "款"),
    ("key", "    fine: 2000\n", "    fine: 2000\n    {v}: 1\n", "k"),
    ("digits in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "1 "),
    ("at signs in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "a@"),
    ("住址 in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "家住某"),
    ("a number as free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "7"),
    ("a number as a one-line text", "    violation_type: 食品安全\n", "    violation_type: {v}\n", "7"),
    ("a number as a code", "    discretion: D-001\n", "    discretion: {v}\n", "7"),
    ("a number as an int field", "    fine: 2000\n", "    fine: 2000\n    procedure: {v}\n", "7"),
    ("leading zeros", "    fine: 2000\n", "    fine: 2000\n    officers_x:\n{v}", "      - 0123\n"),
]


@pytest.mark.parametrize(("what", "old", "new", "unit"), FIELDS, ids=[f[0] for f in FIELDS])
def test_a_150_kb_value_is_checked_in_linear_time(tmp_path: Path, what, old, new, unit) -> None:
    """A generous bound: a quadratic step would take minutes at this size (benchmarks/bench_hostile.py has the figures)."""
    region = Region(tmp_path)
    value = (unit * (LONG // len(unit.encode()) + 1))[: LONG // 3]
    region.edit(D, old, new.format(v=value) if what != "leading zeros" else new.format(v=unit * (LONG // len(unit))))
    started = time.perf_counter()
    errors = region.errors()
    assert time.perf_counter() - started < 5
    assert errors and all(len(e) < 600 for e in errors), "messages quote a long value's start, never all of it"
