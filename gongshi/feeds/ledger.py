"""The feeds' memory between builds: when each entry was placed, and what each list held.

Feeds must say when something changed, but the datasets only date what an
editor remembered to date. A decision typed in today with last month's
公示日期, a list item edited without touching the list's `revised`, an
officer deleted from personnel.yaml: none of these carries the day the public
could first see the change. The ledger does. It records, per entry, a content
hash and the date the entry was placed in the feeds (from the data when the
data's own date is recent enough, else the build's `as_of`, which is an input
of the build, never its clock), plus a hash per list item, the detected list
events and the tombstones of decisions that simply vanished (expired or
deleted).

Placement decides where an entry sits in the paged feeds (see paging.py): an
entry that is new or changed since the previous build is never placed in a
month whose archive the previous build had already sealed, so a consumer that
stops at archives it already has still sees it. A new version is never dated
before the version it replaces, and two versions placed on the same day are
told apart by one second each (`seq`), so `updated` always moves forward.

The same (publication, previous ledger) always gives the same ledger and the
same feeds; with no previous ledger (first build, or the ledger was lost) every
placement comes from the data alone.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import json
import json.encoder
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

FORMAT = 1
FILENAME = "ledger.json"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The subscription document holds the current and the previous calendar month;
# every older month is sealed into archive documents.
OPEN_MONTHS = 2

TABLES = ("decisions", "notices", "revisions")


def open_start(as_of: date) -> date:
    """First day of the oldest month still held by the subscription documents on `as_of`."""
    months = as_of.year * 12 + as_of.month - 1 - (OPEN_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def is_local(host: str) -> bool:
    """A host no public id should be minted from: loopback, an IP address, a reserved local name."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    return host == "localhost" or host.endswith((".localhost", ".local", ".test", ".invalid"))


@functools.lru_cache(maxsize=4096)  # a region has few distinct days; a feed build asks for each thousands of times
def stamp(day: date, seq: int = 0) -> datetime:
    """A date as a Shanghai datetime at midnight, plus `seq` seconds for same-day versions."""
    return datetime.combine(day, time(0, 0), SHANGHAI) + timedelta(seconds=seq)


def digest(value: object) -> str:
    """A short content hash, base32 so it never looks like a phone or ID number to the leak scan."""
    raw = hashlib.sha256(_DIGEST_JSON(value).encode("utf-8")).digest()[:10]
    return base64.b32encode(raw).decode("ascii").lower()


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def _compact_json(default: Callable[[object], object] | None = None) -> Callable[[object], str]:
    """`json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=default)`, made once.

    json.dumps builds a new encoder on every call; the ledger needs a few
    hundred thousand small documents per build, so the C encoder is made once
    and reused (same bytes: it is what json.dumps itself calls).
    """
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=default)
    make = json.encoder.c_make_encoder
    if make is None:  # no C accelerator: plain json.dumps semantics
        return encoder.encode
    markers: dict = {}  # circular-reference check, as json.dumps does
    iterencode = make(
        markers,
        encoder.default,
        json.encoder.encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        True,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
    encode_str = json.encoder.encode_basestring

    def dumps(value: object) -> str:
        if isinstance(value, str):
            return encode_str(value)
        try:
            return "".join(iterencode(value, 0))
        except BaseException:
            markers.clear()  # an aborted encoding leaves its containers marked
            raise

    return dumps


_DIGEST_JSON = _compact_json(_plain)
_j = _compact_json()


@dataclass(slots=True)
class Placement:
    hash: str
    date: date
    seq: int = 0

    @property
    def when(self) -> datetime:
        return stamp(self.date, self.seq)


class UnreadableLedger(Exception):
    """The previous ledger exists but is not one this version can read."""


class Ledger:
    """The previous build's ledger (read-only) and the one this build writes."""

    def __init__(
        self, previous: dict | None, as_of: date, authority: str, event_seq: dict[str, int] | None = None
    ) -> None:
        """`event_seq`: the next event number of each day, when `previous` is one department's share of the
        ledger (those numbers are shared by all departments); else they are counted from `previous`."""
        self.as_of = as_of
        self.previous = previous
        prev = previous or {}
        self.bootstrap = previous is None
        self.prev_open = open_start(date.fromisoformat(prev["as_of"])) if previous else None
        # ids are minted from this host once and kept, so moving the site to
        # another address does not change a single entry id; a local address
        # (a preview build) is never kept
        pinned = prev.get("authority")
        self.authority: str = pinned if pinned and not is_local(pinned) else authority
        self._prev_tables = {t: {k: _placement(v) for k, v in prev.get(t, {}).items()} for t in TABLES}
        self.tables: dict[str, dict[str, Placement]] = {t: {} for t in TABLES}
        self.extra: dict[str, dict] = {}  # per decision: dept, publicity_until (to explain a later removal)
        self.prev_extra: dict[str, dict] = prev.get("decision_info", {})
        # department → list → item key → [hash, label]
        self.prev_lists: dict[str, dict[str, dict[str, list]]] | None = prev.get("lists") if previous else None
        self.lists: dict[str, dict[str, dict[str, list]]] = {}
        self.events: list[dict] = list(prev.get("events", []))
        self.removals: list[dict] = list(prev.get("removals", []))
        if event_seq is None:
            last: dict[str, int] = {}
            for e in self.events:
                last[e["date"]] = max(last.get(e["date"], -1), e["seq"])
            event_seq = {d: s + 1 for d, s in last.items()}
        self.next_event_seq = dict(event_seq)
        self.asked: dict[str, int] = {}  # what event_seq answered, by day: a result depends on these

    @classmethod
    def read(cls, text: str | None, as_of: date, authority: str) -> Ledger:
        if text is None:
            return cls(None, as_of, authority)
        try:
            data = json.loads(text)
        except ValueError as e:
            raise UnreadableLedger(str(e)) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UnreadableLedger(f"format {data.get('format') if isinstance(data, dict) else None!r}")
        try:
            return cls(data, as_of, authority)
        except (KeyError, TypeError, ValueError) as e:
            raise UnreadableLedger(f"{type(e).__name__}: {e}") from None

    # ------------------------------------------------------------ placement

    def placement_date(self, data_date: date) -> date:
        """The data's own date when the previous build had not sealed its month yet, else `as_of`."""
        if self.prev_open is None or data_date >= self.prev_open:
            return data_date
        return self.as_of

    def place(
        self, table: str, key: str, content_hash: str, data_date: date, after: Placement | None = None
    ) -> Placement:
        """Where entry `key` sits now: unchanged, it keeps its place; new or changed, it is placed anew.

        A new placement never comes before `prev` (the entry's previous version)
        nor before `after` (for a withdrawal notice: the last version of the
        decision it withdraws), so `updated` only moves forward.
        """
        prev = self._prev_tables[table].get(key)
        if prev is not None and prev.hash == content_hash:
            placed = prev
        else:
            day, seq = self.placement_date(data_date), 0
            if not self.bootstrap:
                for earlier in (prev, after):
                    if earlier is not None and (day, seq) <= (earlier.date, earlier.seq):
                        day, seq = earlier.date, earlier.seq + 1
            placed = Placement(content_hash, day, seq)
        self.tables[table][key] = placed
        return placed

    def event_seq(self, day: date) -> int:
        """Events detected by a later build on the same day come one second after the earlier build's."""
        self.asked[day.isoformat()] = n = self.next_event_seq.get(day.isoformat(), 0)
        return n

    def previous_keys(self, table: str) -> set[str]:
        return set(self._prev_tables[table])

    def previous_placement(self, table: str, key: str) -> Placement | None:
        return self._prev_tables[table].get(key)

    # ------------------------------------------------------------ output

    def dumps(self) -> str:
        """Stable JSON, one record per line, so a ledger diff reads like a change log."""
        return assemble(self.as_of, self.authority, self.rows())

    def rows(self) -> Rows:
        """This ledger's records as the lines `dumps` writes, one block per dict section."""
        dicts: dict[str, list[Block]] = {}
        for t in TABLES:
            dicts[t] = _blocks({k: _record(p) for k, p in self.tables[t].items()})
        dicts["decision_info"] = _blocks(self.extra)
        dicts["lists"] = _blocks(self.lists)
        return Rows(dicts, _list_rows(self.events), _list_rows(self.removals))


# A block: (first key, last key, rows sorted by key joined by ",\n"). Blocks
# whose key ranges do not overlap join into one section by concatenation, so
# a ledger can be written from per-department blocks without sorting its
# hundreds of thousands of rows again (incremental.py).
Block = tuple[str, str, str]
DICT_SECTIONS = (*TABLES, "decision_info", "lists")


@dataclass(slots=True)
class Rows:
    """The lines of a ledger (or of one department's share of it), ready to be joined."""

    dicts: dict[str, list[Block]]  # section → blocks
    events: list[tuple[tuple, str]]  # ((date, seq, id), line)
    removals: list[tuple[tuple, str]]


def _blocks(value: dict) -> list[Block]:
    if not value:
        return []
    keys = sorted(value)
    rows = [f"  {_j(k)}: {v if type(v) is _Json else _j(v)}" for k, v in ((k, value[k]) for k in keys)]
    return [(keys[0], keys[-1], ",\n".join(rows))]


def _list_rows(records: list[dict]) -> list[tuple[tuple, str]]:
    return [((r["date"], r["seq"], r["id"]), f"  {_j(r)}") for r in records]


def _first(row: tuple) -> tuple:
    return row[0]


def assemble(as_of: date, authority: str, rows: Rows) -> str:
    """The ledger's text from its rows; blocks of a section must not overlap (checked).

    Joined once from its lines, not section by section: the text is 200 MB at 1,000,000 decisions, and every
    partial join is another copy of it in memory."""
    parts = ["{\n", f" {_j('format')}: {_j(FORMAT)},\n", f" {_j('as_of')}: {_j(as_of.isoformat())},\n",
             f" {_j('authority')}: {_j(authority)}"]
    for name in DICT_SECTIONS:
        blocks = sorted(rows.dicts.get(name, []))
        for (_, last, _t), (first, _l, _u) in zip(blocks, blocks[1:], strict=False):
            if not last < first:
                raise ValueError(f"overlapping blocks in ledger section {name}")
        parts.append(f",\n {_j(name)}: ")
        _body(parts, "{", [b[2] for b in blocks], " }")
    for name, lines in (("events", rows.events), ("removals", rows.removals)):
        parts.append(f",\n {_j(name)}: ")
        _body(parts, "[", [line for _, line in sorted(lines, key=_first)], " ]")
    parts.append("\n}\n")
    return "".join(parts)


def _body(parts: list[str], opening: str, lines: list[str], closing: str) -> None:
    """A section's lines, one to a line between its brackets (empty: the brackets alone, "{}" or "[]")."""
    if not lines:
        parts.append(opening + closing.strip())
        return
    parts.append(opening + "\n")
    for line in lines:
        parts += (line, ",\n")
    parts[-1] = "\n" + closing


def _placement(value: list) -> Placement:
    h, d, s = value
    return Placement(h, date.fromisoformat(d), int(s))


class _Json(str):
    """Text already written as JSON: `dumps` puts it in as it is."""


def _record(p: Placement) -> _Json:
    """`[hash, date, seq]` as _j writes it; the tables hold one per entry, so it is written directly."""
    return _Json(f'[{json.encoder.encode_basestring(p.hash)},"{p.date.isoformat()}",{int(p.seq)}]')
