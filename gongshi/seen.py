"""The day a build first showed each decision, and the day it first showed each withdrawal notice.

The datasets date what an editor typed; the law's clock needs what the public
could see. A decision without 公示日期 was published on the first day a build
showed it, not on its decision date (which would make a disclosure three
months late look on time); a dated one is recorded on its own 公示日期 (a
department joining with its history is not late for joining), so a date typed
in later, before the day the decision was first shown undated, is what
`gongshi check` catches. A decision a build had shown was taken down on the
first day a build showed its withdrawal notice instead. Only the previous
build knows those days, so every build keeps them in this record, published
beside its output (`publish/.gongshi-seen.json`: decision ids and dates, all
of them public already) and read back by the next build and by `gongshi check`.

An entry stays while its decision is in the datasets and may be published: a
decision that expired long ago keeps the day it was first shown (the annual
figures and the check need it); one deleted, or found to concern a minor, or
withheld by the rules, leaves the record with it. The same (datasets, as_of,
previous record) always gives the same record.

The record also keeps each year's annual figures once they are final (annual.py: from 1 February of the
next year), with the withdrawals they count: counts and decision ids only. A published annual report then
stays as it was, whatever later withdrawals, expiries or edits do to the datasets.

A live output made before builds kept this record has none: it had shown
decisions without 公示日期 as published on their decision date, so the first
build after it counts them from that date (`legacy`), rather than from today,
which would bring back what had expired.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import annual

FILENAME = ".gongshi-seen.json"
FORMAT = 1
SECTIONS = ("shown", "taken_down")


class UnreadableRecord(Exception):
    """The previous build's record exists but cannot be read: dates would silently move, so the build stops."""


@dataclass(slots=True)
class DepartmentSeen:
    """One department's share: decision slug → day, per section."""

    shown: dict[str, date] = field(default_factory=dict)
    taken_down: dict[str, date] = field(default_factory=dict)
    legacy: bool = False  # see the module's docstring
    annual: dict[int, dict] = field(default_factory=dict)  # year → its final annual figures, frozen (annual.py)


@dataclass(slots=True)
class Seen:
    """The whole record: department slug → DepartmentSeen. `known`: a record was there to read (a first build
    has none, and neither has `gongshi check` without the live output: then only the datasets' dates count)."""

    departments: dict[str, DepartmentSeen] = field(default_factory=dict)
    known: bool = False
    legacy: bool = False  # no record, but a live output made without one (see the module's docstring)

    def department(self, slug: str) -> DepartmentSeen:
        return self.departments.get(slug) or DepartmentSeen(legacy=self.legacy)

    def add(self, slug: str, share: DepartmentSeen) -> None:
        """What a build showed of one department; a day already recorded is kept (the first day stays first)."""
        mine = self.departments.setdefault(slug, DepartmentSeen())
        for name in SECTIONS:
            have = getattr(mine, name)
            for key, day in getattr(share, name).items():
                have.setdefault(key, day)
        for year, figures in share.annual.items():
            mine.annual.setdefault(year, figures)

    def dumps(self) -> str:
        """Stable JSON, one department per line."""
        lines = [f' "format": {FORMAT}']
        for name in SECTIONS:
            rows = []
            for slug in sorted(self.departments):
                days = getattr(self.departments[slug], name)
                if days:
                    inner = {k: days[k].isoformat() for k in sorted(days)}
                    rows.append(f"  {json.dumps(slug)}: {json.dumps(inner, ensure_ascii=False, separators=(',', ':'))}")
            lines.append(f' "{name}": ' + ("{\n" + ",\n".join(rows) + "\n }" if rows else "{}"))
        rows = []
        for slug in sorted(self.departments):
            for year, figures in sorted(self.departments[slug].annual.items()):
                inner = json.dumps(annual.to_record(figures), ensure_ascii=False, separators=(",", ":"))
                rows.append(f"  {json.dumps(f'{slug}/{year}')}: {inner}")
        lines.append(' "annual": ' + ("{\n" + ",\n".join(rows) + "\n }" if rows else "{}"))
        return "{\n" + ",\n".join(lines) + "\n}\n"


def read(output: Path, built: str | None = None) -> Seen:
    """The record in a live output folder; an empty one when there is none (`legacy` when the folder holds the
    file `built`, which every build writes: then an earlier version built it)."""
    path = Path(output) / FILENAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Seen(legacy=built is not None and (Path(output) / built).is_file())
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableRecord(f"{path}：{getattr(e, 'strerror', None) or '不是 UTF-8 文本'}") from None
    return loads(text, path)


def loads(text: str, path: Path | str = FILENAME) -> Seen:
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        out = Seen(known=True)
        for name in SECTIONS:
            for slug, days in data[name].items():
                share = out.departments.setdefault(slug, DepartmentSeen())
                setattr(share, name, {str(k): date.fromisoformat(v) for k, v in days.items()})
        for key, figures in data.get("annual", {}).items():  # (a record written before annual figures has none)
            slug, _, year = key.rpartition("/")
            out.departments.setdefault(slug, DepartmentSeen()).annual[int(year)] = annual.from_record(figures)
        return out
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UnreadableRecord(f"{path}：格式不正确") from None
