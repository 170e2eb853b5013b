"""A department's share of the feeds, as the feeds' cache holds it, and the helpers that make and read it.

incremental.py renders each department's share (its items, its documents, its
share of the ledger) or takes it from the cache; the site-wide documents are
then assembled from the shares' fragments (see incremental.py for why that is
exact).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from datetime import datetime

from . import writer
from .ledger import DICT_SECTIONS, TABLES, Rows
from .records import Entry, Item, Tombstone


class Unusable(Exception):
    """What a rebuild would take from the live output or the cache cannot be vouched for: every unit is computed."""


@dataclass(slots=True)
class Group:
    """One unit's items of one feed on one archive page ("" = the open months), as the site-wide documents need
    them."""

    count: int
    identity: str  # hash of the unit's documents of this group and of its items' sort keys
    blob: bytes  # pickled [(when, id, is tombstone, atom location, rss location | None)]


@dataclass(slots=True)
class Share:
    newest: datetime | None
    groups: dict[str, Group] = field(default_factory=dict)


@dataclass(slots=True)
class Memo:
    """A unit's computed result: its ledger share (by hash), its documents' keys, its items by feed and month."""

    part: str
    queries: dict[str, int]  # event_seq answers the computation read, by day
    docs: dict[str, str]  # rel path → key (hash of the bytes)
    feeds: dict[str, Share]


@dataclass(slots=True)
class Manifest:
    """What one build wrote: found again by the hash of its ledger.json."""

    common: str
    as_of: str
    authority: str
    event_seq: dict[str, int]
    parts: dict[str, str]  # unit → hash of its ledger share
    docs: dict[str, tuple[str, int, int, int]]  # rel → (key, inode, size, mtime_ns)
    uses: set[tuple[str, str]]


@dataclass(slots=True)
class Slim:
    """An item as the site-wide documents need it: where it sorts and where its fragments are."""

    sort_key: tuple[datetime, str]
    tomb: bool
    atom: tuple[str, int, int]
    rss: tuple[str, int, int] | None


def key_of(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:40]


# ---------------------------------------------------------------- helpers


_VERIFIED: set[tuple] = set()


def locations(
    kind: str, rel: str, data: bytes, items: list[Item], meta: writer.Meta | None
) -> dict[int, tuple[str, int, int]]:
    """Where each item's fragment is in document `rel` (by id() of the item).

    The first document of each kind checks the shell-and-fragments model:
    the document's bytes outside the fragments must be the shell `writer.shell`
    makes for its meta, which is how the site-wide documents are assembled.
    """
    tombs = [i for i in items if isinstance(i, Tombstone)]
    entries = [i for i in items if isinstance(i, Entry)]
    ordered = [*tombs, *entries] if kind == "atom" else entries
    try:
        head, spans = writer.split(kind, data, len(ordered))
    except ValueError as e:
        raise Unusable(f"{rel}: {e}") from None
    if meta is not None:
        variant = (kind, meta.archive, bool(tombs) if kind == "atom" else False, bool(ordered))
        if variant not in _VERIFIED:
            h, t = writer.shell(kind, meta, variant[2])
            end = spans[-1][0] + spans[-1][1] if spans else head
            if data[:head] != h or data[end:] != t:
                raise Unusable(f"{rel} is not its shell plus its fragments")
            _VERIFIED.add(variant)
    return {id(i): (rel, off, size) for i, (off, size) in zip(ordered, spans, strict=True)}


def group_of(
    doc_keys: list[str],
    items: list[Item],
    atom: dict[int, tuple[str, int, int]],
    rss: dict[int, tuple[str, int, int]],
) -> Group:
    slim = []
    lines = []
    for i in items:
        when, ident = i.sort_key
        tomb = isinstance(i, Tombstone)
        slim.append((when, ident, tomb, atom[id(i)], rss.get(id(i))))
        lines.append(f"{when.isoformat()}\t{ident}\t{int(tomb)}")
    identity = key_of(doc_keys, hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest())
    return Group(len(items), identity, pickle.dumps(slim, protocol=5))


def slims(members: list[tuple[str, Group]]) -> list[Slim]:
    out = []
    for _, g in members:
        for when, ident, tomb, atom, rss in pickle.loads(g.blob):
            out.append(Slim((when, ident), tomb, atom, rss))
    return out


def item_key(item: Item) -> str:
    """A hash of everything an item's XML is made of (its fields: see records.Entry and records.Tombstone)."""
    return hashlib.sha256(repr([getattr(item, f) for f in item.__slots__]).encode("utf-8")).hexdigest()[:32]


def newest_of(items: list[Item]) -> datetime | None:
    return max((i.sort_key[0] for i in items), default=None)


def rows_hash(rows: Rows) -> str:
    h = hashlib.sha256()
    for name in DICT_SECTIONS:
        for block in rows.dicts.get(name, []):
            h.update(f"{name}\0{block[0]}\0{block[1]}\0{block[2]}\0".encode())
    for name, lines in (("events", rows.events), ("removals", rows.removals)):
        for key, line in lines:
            h.update(f"{name}\0{key!r}\0{line}\0".encode())
    return h.hexdigest()[:40]


def nonempty(rows: Rows) -> bool:
    return bool(rows.events or rows.removals or any(rows.dicts.values()))


def empty_share(prev: dict) -> dict:
    share: dict = {"format": prev.get("format"), "as_of": prev["as_of"], "authority": prev.get("authority")}
    if "lists" in prev:
        share["lists"] = {}
    return share


def unit_of(key: str) -> str:
    return key.partition("/")[0]


def partition(prev: dict) -> dict[str, dict]:
    """The previous ledger split by department (the slug every key starts with). A record that names another
    department than its key's was edited by hand: it goes with its key's department, named so (as its entry's
    id says), so that no tombstone or revision it holds is lost."""
    shares: dict[str, dict] = {}

    def share(unit: str) -> dict:
        found = shares.get(unit)
        if found is None:
            found = shares[unit] = empty_share(prev)
        return found

    for t in TABLES:
        for k, v in prev.get(t, {}).items():
            share(unit_of(k)).setdefault(t, {})[k] = v
    for k, v in prev.get("decision_info", {}).items():
        if isinstance(v, dict):
            share(unit_of(k)).setdefault("decision_info", {})[k] = {**v, "dept": unit_of(k)}
    for slug, v in (prev.get("lists") or {}).items():
        share(slug)["lists"][slug] = v
    for name in ("events", "removals"):
        for r in prev.get(name, []):
            unit = unit_of(r.get("id", ""))
            share(unit).setdefault(name, []).append({**r, "dept": unit})
    return shares
