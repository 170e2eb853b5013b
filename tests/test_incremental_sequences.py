"""After any sequence of dataset edits and new days, a rebuild's output is exactly a forced build's.

A seeded random.Random drives a few steps on a copy of the demo built once. Each step makes one to three
valid edits of the datasets (the menu below; each edit keeps them valid, which is checked before building),
moves the day on (never back), then rebuilds the live output in place and forces a clean build into a copy
of the previous output (the same feeds ledger and record, tests/test_incremental.py's rebuild_both): every
file must have the same bytes, the database the same content. A failure says the seed, the step and every
edit made so far, so it can be replayed.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from stdnum.cn import uscc

from gongshi import load as loader
from gongshi import opendata
from tests.test_build import tree
from tests.test_incremental import AS_OF, DEMO, build, edit, rebuild_both
from tests.test_opendata_incremental import assert_same as assert_same_data

# more seeds, or one to replay: GONGSHI_SEQUENCE_SEEDS="4 5 6" pytest tests/test_incremental_sequences.py (seed 208
# met, at its step 5, a company list left stale: tests/test_incremental.py, a company renamed in one department)
SEEDS = [int(s) for s in os.environ.get("GONGSHI_SEQUENCE_SEEDS", "1 2 3").split()]
STEPS = 5
DAYS = (0, 1, 2, 7, 30, 120)

DOC = re.compile(r"(?m)^  - doc_no: ")
DOC_NO = re.compile(r"^(.+?)[〔\[【](\d{4})[〕\]】](\d+)号$")
TEXT_FIELDS = ("conclusion", "facts", "basis", "content", "violation_type", "remarks", "findings", "subject")
WITHDRAWAL = re.compile(r"(?m)^    withdrawal:\n(?:      .*\n)*")
LISTS = ("powers", "inspection_items", "service_guides", "flowcharts", "discretion_standards")
FRESH_NAMES = ("周文博", "郑雅琴", "冯立群", "卫书航", "蒋若溪", "韩景行")  # in no dataset
TRADE_NAMES = ("万顺", "鸿达", "金桥", "安泰", "佳乐", "瑞丰", "蜀香", "永兴")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WITHDRAWAL_KINDS = ("撤销", "确认违法", "确认无效", "变更", "要求重新作出")
RULES = {
    ("deadlines", "decision_days"): (5, 7, 10),
    ("deadlines", "other_days"): (15, 20),
    ("deadlines", "withdrawal_days"): (1, 3),
    ("publicity", "penalty_years"): (1, 2, 3),
    ("publicity", "longer_years"): (4, 5),
    ("publicity", "summary_procedure"): (True, False),
    ("publicity", "warnings_only"): (True, False),
    ("supervision", "timeliness_page"): (True, False),
    ("supervision", "stale_months"): (6, 12),
}


# ---------------------------------------------------------------- the decision files, as text


def split(text: str) -> tuple[str, list[str]]:
    """A decisions file: its head (comments, `items:`) and one text per decision, each ending in a newline."""
    starts = [m.start() for m in DOC.finditer(text)]
    ends = [*starts[1:], len(text)]
    return text[: starts[0]], [text[a:b].rstrip("\n") + "\n" for a, b in zip(starts, ends, strict=True)]


def join(head: str, blocks: list[str]) -> str:
    return head.rstrip("\n") + "\n" + "\n".join(blocks)


def field(block: str, key: str) -> str | None:
    m = re.search(rf"(?m)^(?:    |  - ){key}: (.*)$", block)
    return m.group(1) if m else None


def day_of(block: str, key: str) -> date | None:
    value = field(block, key)
    return date.fromisoformat(value) if value else None


def set_field(block: str, key: str, value: object) -> str:
    if field(block, key) is not None:
        return re.sub(rf"(?m)^((?:    |  - ){key}: ).*$", lambda m: f"{m.group(1)}{value}", block, count=1)
    return re.sub(r"(?m)^(    decision_date: .*\n)", lambda m: f"{m.group(1)}    {key}: {value}\n", block, count=1)


def drop_field(block: str, key: str) -> str:
    return re.sub(rf"(?m)^    {key}: .*\n", "", block, count=1)


def inline_aliases(folder: Path) -> None:
    """YAML anchors and aliases written as the values they stand for: the edits cut and copy decisions as
    text, and a decision cut with an anchor would leave its alias dangling (the demo has one, a 长期 licence)."""
    for path in folder.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        anchors = dict(re.findall(r"&(\w+) (\S+)", text))
        if anchors:
            text = re.sub(r"\*(\w+)", lambda m, anchors=anchors: anchors.get(m.group(1), m.group(0)), text)
            path.write_text(re.sub(r"&\w+ ", "", text), encoding="utf-8")


# ---------------------------------------------------------------- the sequence


class Sequence:
    """The datasets being edited, the day, and the log of what was done."""

    def __init__(self, datasets: Path, rng: random.Random, seed: int) -> None:
        self.datasets = datasets
        self.rng = rng
        self.seed = seed
        self.as_of = AS_OF
        self.log: list[str] = []
        self.counter = 0
        self.region_text = (datasets / "region.yaml").read_text(encoding="utf-8")
        self.rules: dict[str, dict] = {}
        self.menu = [
            (3, self.change_text),
            (3, self.add_decision),
            (2, self.delete_decision),
            (1, self.move_decision),
            (1, self.redate),
            (2, self.withdraw),
            (1, self.take_back_withdrawal),
            (1, self.undate),
            (2, self.expire_soon),
            (1, self.minor),
            (2, self.list_item),
            (1, self.rename_officer),
            (1, self.certificate_ends),
            (1, self.profile),
            (1, self.annual_figures),
            (1, self.annual_report),
            (1, self.remove_department),
            (1, self.restore_department),
            (1, self.rename_department),
            (1, self.region_title),
            (2, self.region_rule),
        ]

    # -- helpers

    def next(self) -> int:
        self.counter += 1
        return self.counter

    def numeral(self) -> str:
        """A new number for a text, in ASCII digits after a Chinese character: the search's records once ran them
        into the character's own digits, which the guard took for a phone number (see the test at the end)."""
        return str(self.next())

    def departments(self) -> list[str]:
        return sorted(p.name for p in self.datasets.iterdir() if p.is_dir())

    def decision_files(self, dept: str | None = None) -> list[Path]:
        folders = [dept] if dept else self.departments()
        return [p for d in folders for p in sorted((self.datasets / d / "decisions").glob("*.yaml"))]

    def pick_decision(self, where=lambda block: True) -> tuple[Path, str, list[str], int] | None:  # type: ignore[no-untyped-def]
        """A random decision (its file, the file's head and blocks, its index) for which `where` holds."""
        found = []
        for path in self.decision_files():
            head, blocks = split(path.read_text(encoding="utf-8"))
            found += [(path, head, blocks, i) for i, b in enumerate(blocks) if where(b)]
        return self.rng.choice(found) if found else None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.datasets).as_posix()

    def mutate(self) -> None:
        weights, actions = zip(*self.menu, strict=True)
        while True:
            action = self.rng.choices(actions, weights)[0]
            said = action()
            if said is not None:
                self.log.append(f"  {action.__name__}: {said}")
                return

    # -- the menu: each returns what it did, or None when it cannot apply

    def change_text(self) -> str | None:
        picked = self.pick_decision()
        if picked is None:
            return None
        path, head, blocks, i = picked
        keys = [k for k in TEXT_FIELDS if (v := field(blocks[i], k)) and v[0] not in "'\"|>"]
        if not keys:
            return None
        key = self.rng.choice(keys)
        suffix = f"（更正{self.numeral()}）"
        blocks[i] = set_field(blocks[i], key, field(blocks[i], key) + suffix)
        said = f"{self.rel(path)} {field(blocks[i], 'doc_no')}: {key} += {suffix}"
        if self.rng.random() < 0.3:
            blocks[i] = set_field(blocks[i], "corrected", self.as_of)
            said += f", corrected: {self.as_of}"
        path.write_text(join(head, blocks), encoding="utf-8")
        return said

    def add_decision(self) -> str | None:
        picked = self.pick_decision(lambda b: DOC_NO.match(field(b, "doc_no") or "") is not None)
        if picked is None:
            return None
        path, _, blocks, i = picked
        block = WITHDRAWAL.sub("", blocks[i])
        prefix = DOC_NO.match(field(block, "doc_no")).group(1)
        decided = max(self.as_of - timedelta(days=self.rng.randint(0, 10)), date(2023, 1, 1))
        doc_no = f"{prefix}〔{decided.year}〕{900 + self.next()}号"
        old = day_of(block, "decision_date")
        block = set_field(block, "doc_no", doc_no)
        block = set_field(block, "decision_date", decided)
        for key in ("publicity_until", "penalty_until", "valid_until", "period_until", "valid_from", "period_from"):
            if (was := day_of(block, key)) is not None:
                block = set_field(block, key, decided + (was - old))  # the same spans from the new date
        block = drop_field(block, "corrected")
        if self.rng.random() < 0.5:
            block = drop_field(block, "published")  # first shown by the next build
            dated = "undated"
        else:
            published = min(self.as_of, decided + timedelta(days=self.rng.randint(0, 5)))
            block = set_field(block, "published", published)
            dated = f"published {published}"
        said = f"{doc_no} decided {decided}, {dated}, copied from {field(blocks[i], 'doc_no')}"
        party = re.search(r"(?m)^      kind: (.*)$", block)
        if party and party.group(1) != "自然人" and self.rng.random() < 0.5:
            code = "91510502MA7" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))
            code += uscc.calc_check_digit(code)
            name = f"泸州市江阳区{self.rng.choice(TRADE_NAMES)}商贸有限公司"
            block = re.sub(r"(?m)^(      name: ).*$", lambda m: m.group(1) + name, block, count=1)
            block = re.sub(r"(?m)^(      uscc: ).*$", lambda m: m.group(1) + code, block, count=1)
            said += f", new company {name} {code}"
        target = path.parent / f"{decided.year}.yaml"
        text = target.read_text(encoding="utf-8") if target.exists() else "items:\n"
        target.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return f"{self.rel(target)}: {said}"

    def delete_decision(self) -> str | None:
        picked = self.pick_decision()
        if picked is None:
            return None
        path, head, blocks, i = picked
        doc_no = field(blocks[i], "doc_no")
        del blocks[i]
        if blocks:
            path.write_text(join(head, blocks), encoding="utf-8")
        else:
            path.unlink()
        return f"{self.rel(path)}: {doc_no}" + ("" if blocks else " (the file's last: file deleted)")

    def move_decision(self) -> str | None:
        """The same decision, kept in another file of its department (a year's file split, say)."""
        picked = self.pick_decision()
        if picked is None:
            return None
        path, head, blocks, i = picked
        others = [p for p in self.decision_files(path.parent.parent.name) if p != path]
        target = self.rng.choice(others) if others else path.with_name("其他.yaml")
        block = blocks.pop(i)
        if blocks:
            path.write_text(join(head, blocks), encoding="utf-8")
        else:
            path.unlink()
        text = target.read_text(encoding="utf-8") if target.exists() else "items:\n"
        target.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return f"{self.rel(path)} {field(block, 'doc_no')}: moved to {target.name}"

    def redate(self) -> str | None:
        """A decision's date corrected to an earlier day (every later date of it stays after it). Not a natural
        person's: an earlier day might make the party a minor, which the datasets must then say."""
        picked = self.pick_decision(lambda b: "      kind: 自然人\n" not in b)
        if picked is None:
            return None
        path, head, blocks, i = picked
        decided = day_of(blocks[i], "decision_date") - timedelta(days=self.rng.choice((1, 3, 20, 60, 400)))
        for key in ("valid_from", "period_from"):  # (valid_until and period_until stay after them)
            if (was := day_of(blocks[i], key)) is not None and was < decided:
                return None
        blocks[i] = set_field(blocks[i], "decision_date", decided)
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: decision_date {decided}"

    def withdraw(self) -> str | None:
        picked = self.pick_decision(lambda b: "    withdrawal:" not in b)
        if picked is None:
            return None
        path, head, blocks, i = picked
        decided = day_of(blocks[i], "decision_date")
        when = max(decided, self.as_of + timedelta(days=self.rng.choice((-3, -1, 0, 0, 1, 5, 40))))
        kind = self.rng.choice(WITHDRAWAL_KINDS)
        blocks[i] += (
            f"    withdrawal:\n      date: {when}\n      kind: {kind}\n      reason: 经复议，{kind}原决定（{self.numeral()}）。\n"
            f"      document: 泸州市人民政府行政复议决定书 泸市府复决〔{when.year}〕{800 + self.next()}号\n"
        )
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: {kind} on {when}"

    def take_back_withdrawal(self) -> str | None:
        picked = self.pick_decision(lambda b: "    withdrawal:" in b)
        if picked is None:
            return None
        path, head, blocks, i = picked
        blocks[i] = WITHDRAWAL.sub("", blocks[i])
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: its withdrawal deleted"

    def undate(self) -> str | None:
        picked = self.pick_decision(lambda b: field(b, "published") is not None)
        if picked is None:
            return None
        path, head, blocks, i = picked
        blocks[i] = drop_field(blocks[i], "published")
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: published deleted"

    def expire_soon(self) -> str | None:
        picked = self.pick_decision()
        if picked is None:
            return None
        path, head, blocks, i = picked
        until = max(day_of(blocks[i], "decision_date"), self.as_of + timedelta(days=self.rng.randint(-5, 40)))
        blocks[i] = set_field(blocks[i], "publicity_until", until)
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: publicity_until {until}"

    def minor(self) -> str | None:
        picked = self.pick_decision(lambda b: "      kind: 自然人\n" in b and "minor:" not in b)
        if picked is None:
            return None
        path, head, blocks, i = picked
        blocks[i] = blocks[i].replace("      kind: 自然人\n", "      kind: 自然人\n      minor: true\n", 1)
        path.write_text(join(head, blocks), encoding="utf-8")
        return f"{self.rel(path)} {field(blocks[i], 'doc_no')}: party.minor true"

    def list_item(self) -> str | None:
        files = [self.datasets / d / f"{name}.yaml" for d in self.departments() for name in LISTS]
        files = [p for p in files if p.exists()]
        if not files:
            return None
        path = self.rng.choice(files)
        text = path.read_text(encoding="utf-8")
        names = list(re.finditer(r"(?m)^    name: ([^'\"|>].*)$", text))
        if not names:
            return None
        m = self.rng.choice(names)
        suffix = f"（调整{self.numeral()}）"
        text = text[: m.end()] + suffix + text[m.end():]
        said = f"{self.rel(path)}: name {m.group(1)} += {suffix}"
        if self.rng.random() < 0.5:
            text = re.sub(r"(?m)^revised: .*$", f"revised: {self.as_of}", text, count=1)
            said += f", revised {self.as_of}"
        path.write_text(text, encoding="utf-8")
        return said

    def officers(self) -> list[tuple[Path, list[str], int]]:
        """Every officer: the personnel file, its text cut before each officer, the officer's part."""
        found = []
        for d in self.departments():
            path = self.datasets / d / "personnel.yaml"
            if path.exists():
                text = path.read_text(encoding="utf-8")
                starts = [m.start() for m in re.finditer(r"(?m)^  - name: ", text)]
                parts = [text[: starts[0]]] + [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
                found += [(path, parts, i) for i in range(1, len(parts))]
        return found

    def rename_officer(self) -> str | None:
        used = "".join(p.read_text(encoding="utf-8") for p in self.datasets.rglob("*.yaml"))
        fresh = [n for n in FRESH_NAMES if n not in used]
        officers = self.officers()
        if not fresh or not officers:
            return None
        path, parts, i = self.rng.choice(officers)
        old = re.match(r"  - name: (.*)", parts[i]).group(1)
        new = self.rng.choice(fresh)
        parts[i] = parts[i].replace(f"  - name: {old}", f"  - name: {new}", 1)
        path.write_text("".join(parts), encoding="utf-8")
        return f"{self.rel(path)}: officer {old} renamed {new}"

    def certificate_ends(self) -> str | None:
        officers = self.officers()
        if not officers:
            return None
        path, parts, i = self.rng.choice(officers)
        issued = re.search(r"(?m)^    issued: (.*)$", parts[i])
        until = self.as_of + timedelta(days=self.rng.randint(-3, 60))
        if issued:
            until = max(until, date.fromisoformat(issued.group(1)))
        parts[i] = re.sub(r"(?m)^(    valid_until: ).*$", lambda m: f"{m.group(1)}{until}", parts[i], count=1)
        path.write_text("".join(parts), encoding="utf-8")
        name = re.match(r"  - name: (.*)", parts[i]).group(1)
        return f"{self.rel(path)}: officer {name} valid_until {until}"

    def profile(self) -> str | None:
        departments = self.departments()
        if not departments:
            return None
        path = self.datasets / self.rng.choice(departments) / "department.yaml"
        key = self.rng.choice(("address", "hours", "authority"))
        suffix = f"（{self.numeral()}）"
        text, n = re.subn(rf"(?m)^({key}: [^'\"|>].*)$", lambda m: m.group(1) + suffix, path.read_text(encoding="utf-8"), count=1)
        if not n:
            return None
        path.write_text(text, encoding="utf-8")
        return f"{self.rel(path)}: {key} += {suffix}"

    def annual_figures(self) -> str | None:
        """A body corrects the figures it reported by hand (a final year's report stays as published)."""
        files = [p for d in self.departments() for p in sorted((self.datasets / d / "annual").glob("*.yaml"))]
        if not files:
            return None
        path = self.rng.choice(files)
        more = self.rng.randint(1, 9)
        text = path.read_text(encoding="utf-8")
        for key in ("complaints", "complaints_handled"):
            text = re.sub(rf"(?m)^({key}: )(\d+)$", lambda m: f"{m.group(1)}{int(m.group(2)) + more}", text, count=1)
        text = re.sub(r"(?m)^compiled: .*$", f"compiled: {self.as_of}", text, count=1)
        path.write_text(text, encoding="utf-8")
        return f"{self.rel(path)}: complaints and complaints_handled += {more}, compiled {self.as_of}"

    def annual_report(self) -> str | None:
        """Last year's figures reported by hand, once the year is over."""
        year = self.as_of.year - 1
        missing = [d for d in self.departments() if not (self.datasets / d / "annual" / f"{year}.yaml").exists()]
        if not missing:
            return None
        dept = self.rng.choice(missing)
        path = self.datasets / dept / "annual" / f"{year}.yaml"
        path.parent.mkdir(exist_ok=True)
        figures = {"compiled": self.as_of, "complaints": self.rng.randint(10, 99), "complaints_handled": 9,
                   "lawsuits": 1, "lawsuits_lost": 0}
        path.write_text("".join(f"{k}: {v}\n" for k, v in figures.items()), encoding="utf-8")
        return f"{self.rel(path)}: " + ", ".join(f"{k} {v}" for k, v in figures.items())

    def remove_department(self) -> str | None:
        departments = self.departments()
        if len(departments) <= 2:
            return None
        dept = self.rng.choice(departments)
        shutil.rmtree(self.datasets / dept)
        return dept

    def restore_department(self) -> str | None:
        here = self.departments()  # (a department renamed is not gone: its name and 文号 would clash)
        gone = sorted(p.name for p in DEMO.iterdir() if p.is_dir() and not any(d.startswith(p.name) for d in here))
        if not gone:
            return None
        dept = self.rng.choice(gone)
        shutil.copytree(DEMO / dept, self.datasets / dept)
        inline_aliases(self.datasets / dept)
        return f"{dept} (as in the demo)"

    def rename_department(self) -> str | None:
        departments = [d for d in self.departments() if len(d) < 50]
        if not departments:
            return None
        dept = self.rng.choice(departments)
        new = f"{dept}-{self.rng.choice('abcxyz')}"
        if (self.datasets / new).exists():
            return None
        (self.datasets / dept).rename(self.datasets / new)
        return f"{dept} renamed {new}"

    def write_region(self) -> None:
        rules = yaml.safe_dump(self.rules, allow_unicode=True, sort_keys=True) if self.rules else ""
        (self.datasets / "region.yaml").write_text(self.region_text.rstrip("\n") + "\n" + rules, encoding="utf-8")

    def region_title(self) -> str:
        key = self.rng.choice(("site_title", "contact", "publisher"))
        suffix = f"（{self.numeral()}）"
        self.region_text = re.sub(rf"(?m)^({key}: .*)$", lambda m: m.group(1) + suffix, self.region_text, count=1)
        self.write_region()
        return f"region.yaml: {key} += {suffix}"

    def region_rule(self) -> str:
        (section, key), values = self.rng.choice(list(RULES.items()))
        value = self.rng.choice(values)
        self.rules.setdefault(section, {})[key] = value
        self.write_region()
        return f"region.yaml: {section}.{key} = {value}"

    # -- checking

    def where(self, step: int) -> str:
        return f"seed {self.seed}, step {step}, as_of {self.as_of}; edits so far:\n" + "\n".join(self.log)


def differences(live: Path, clean: Path) -> str:
    """The files that differ (but the database), with a short diff of the first text one."""
    db = f"data/{opendata.DB_NAME}"
    a, b = ({k: v for k, v in tree(root).items() if k != db} for root in (live, clean))
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    if not differ:
        return ""
    lines = [f"{len(differ)} files differ (rebuild vs forced):"]
    lines += [f"  {k}: {'only forced' if k not in a else 'only rebuilt' if k not in b else 'bytes'}" for k in differ[:30]]
    for k in differ:
        if k in a and k in b:
            try:
                x, y = ((root / k).read_text(encoding="utf-8").splitlines() for root in (live, clean))
            except UnicodeDecodeError:
                continue
            diff = list(difflib.unified_diff(x, y, f"rebuilt/{k}", f"forced/{k}", n=1, lineterm=""))
            lines += [line[:300] for line in diff[:40]]
            break
    return "\n".join(lines)


def run(tmp_path: Path, seed: int, steps: int = STEPS) -> None:
    rng = random.Random(seed)
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    inline_aliases(datasets)
    live = tmp_path / "live" / "publish"
    build(datasets, live)
    seq = Sequence(datasets, rng, seed)
    for step in range(1, steps + 1):
        seq.log.append(f"step {step}:")
        for _ in range(rng.randint(1, 3)):
            seq.mutate()
        days = rng.choice(DAYS)
        seq.as_of += timedelta(days=days)
        seq.log.append(f"  as_of +{days} days: {seq.as_of}")
        report = loader.validate(datasets, seq.as_of, warnings=False)
        assert not report.errors, seq.where(step) + "\nthe edits made the datasets invalid (a test bug):\n" + "\n".join(
            p.format() for p in report.errors
        )
        scratch = tmp_path / f"step{step}"
        _, clean = rebuild_both(datasets, live, scratch, seq.as_of)
        found = differences(live, clean)
        assert not found, seq.where(step) + "\n" + found
        try:
            assert_same_data(live / "data", clean / "data")
        except AssertionError as e:
            raise AssertionError(seq.where(step) + f"\nthe database differs: {e}") from e
        shutil.rmtree(scratch, ignore_errors=True)  # (a build empties its trash in a process of its own)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_rebuild_after_random_edits_and_days_is_a_forced_build(tmp_path, seed):
    run(tmp_path, seed)


# ---------------------------------------------------------------- found by the sequences
# (and tests/test_incremental.py: a company renamed in one department is renamed in the other departments' lists)


def test_a_correction_note_with_digits_is_published(tmp_path):
    """Digits after a Chinese character (正10), with the next word of the search's records a number (2023), once
    read as a mobile number written out: every build, forced or not, was refused (tests/test_search.py has the
    records' side of it)."""
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    edit(datasets, "shijianju/decisions/2023.yaml", r"(泸市监许〔2023〕31号\n(?:    .*\n)*?    conclusion: 准予行政许可)",
         r"\1（更正10）")
    result = build(datasets, tmp_path / "publish")
    assert any("（更正10）" in (d.get("conclusion") or "") for d in result.publication.decisions())
