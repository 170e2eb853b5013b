"""A department's decided publication kept between builds, so a rebuild reads only what changed.

Reading, checking and deciding 100,000 decisions takes longer than the whole
rebuild may after one decision changed. A department whose files, the code
and region.yaml are unchanged decides the same way again on every day of the
range publicity.stable_days gives (the next day, most days), so the build
keeps, per department, what the next build needs of it: the
PublicDepartment, the hash of it that `reuse.Keys` carries, what the
region-wide checks need of it (checks.claims_of: 执法证号, name, credit code,
文号 prefixes) and its share of the leak guard's secrets.

The memos live in the build cache (cache.py), never in publish/: the guard's
secrets are personal data. A memo is found by slug and trusted only when the
key it was written under matches and the build's day is in its range; a
missing, stale or unreadable memo just means the department is read again.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import cache as cache_mod
from . import parties, publicity, reuse
from .guard import DepartmentSecrets
from .load import Department
from .publicity import Counts, PublicDepartment
from .seen import SECTIONS, DepartmentSeen
from .timelimits import Rules

FORMAT = 8


@dataclass(slots=True)
class Memo:
    slug: str
    key: str  # the inputs it was decided from (see `key`)
    days: tuple[date | None, date | None]  # publicity.stable_days: the as_of days it holds for
    # the department as read and checked (load.Department), pickled: decided again for a day outside `days`
    # without reading its files; checked only for days on or after its newest decision (`checked_from`)
    source: bytes
    checked_from: date | None
    blob: bytes  # the PublicDepartment, pickled: loaded on use
    content: str  # reuse.Keys.departments[slug]
    claims: list  # checks.Claim: what the region-wide checks need of the department
    secrets: DepartmentSecrets
    # what a build needs of every department even when it renders none of it
    profile: dict
    counts: Counts
    sizes: list[tuple[str, int]]
    timeliness: list[dict]
    annual: list[dict]
    # what it was decided from of the previous build's record (seen.py), and what it adds to it: the record's
    # entries for `slugs` (the department's decisions) must be exactly these for the memo to hold
    slugs: frozenset[str]
    recorded: DepartmentSeen
    newest: dict[str, tuple[tuple, str]]  # parties.newest_names of its decisions: what the site's company lists name

    @classmethod
    def of(
        cls,
        key: str,
        dept: Department,
        as_of: date,
        claims: list,
        secrets: DepartmentSecrets,
        source: bytes = b"",
        rules: Rules | None = None,
        seen: DepartmentSeen | None = None,
        before: PublicDepartment | None = None,
    ) -> tuple[Memo, PublicDepartment]:
        """Decide `dept` for `as_of`: the memo and the decision (`source`: the department already pickled;
        `rules`: the region's time limits; `seen`: the department's share of the previous build's record;
        `before`: the same department decided for another day, see publicity.department)."""
        public = publicity.department(dept, as_of, rules, seen, before)
        # stored as plain pickle, which writes a shared string or date once and so loads
        # twice as fast as the canonical bytes the key is made from
        blob = pickle.dumps(public, protocol=5)
        newest = max((d["decision_date"] for d in dept.decisions), default=None)
        memo = cls(
            dept.slug,
            key,
            publicity.stable_days(dept, as_of, rules, seen),
            source or pickle.dumps(dept, protocol=5),
            newest,
            blob,
            department_key(public),
            claims,
            secrets,
            public.profile,
            public.counts,
            public.list_sizes(),
            public.timeliness,
            public.annual,
            frozenset(publicity.doc_slug(d["doc_no"]) for d in dept.decisions),
            public.seen,
            parties.newest_names(public.decisions),
        )
        return memo, public

    def decided_on(self, as_of: date, rules: Rules, seen: DepartmentSeen) -> tuple[Memo, PublicDepartment]:
        """This memo for `as_of` (on or after `checked_from`) and the record's share `seen`: itself while it
        holds, else decided again from its source, which costs no reading and no checking."""
        if self.holds_on(as_of) and self.agrees(seen):
            return self, self.public()
        assert self.checked_from is None or as_of >= self.checked_from
        return Memo.of(self.key, pickle.loads(self.source), as_of, self.claims, self.secrets, self.source, rules, seen,
                       pickle.loads(self.blob))

    def agrees(self, seen: DepartmentSeen) -> bool:
        """Whether the record says of this department's decisions what it said when the memo was decided (plus
        what that build added): a failed build, or a record restored from elsewhere, makes it decide again."""
        for name in SECTIONS:
            mine = getattr(self.recorded, name)
            theirs = getattr(seen, name)
            if len(theirs) < len(mine) or {k: v for k, v in theirs.items() if k in self.slugs} != mine:
                return False
        return seen.annual == self.recorded.annual  # (its frozen years: the department's own, all of them)

    def holds_on(self, as_of: date) -> bool:
        first, end = self.days
        return (first is None or first <= as_of) and (end is None or as_of < end)

    def public(self) -> PublicDepartment:
        """The department, its records loaded when first used (see Deferred)."""
        return Deferred(self)


class Deferred(PublicDepartment):
    """A PublicDepartment whose lists and decisions are unpickled on first use.

    A rebuild after one change renders only the changed departments' pages,
    rows and feed entries; the others' records are needed only by the site-wide
    pages (latest decisions, withdrawals, certificates), which are rendered in
    a forked process. Loading all of them before forking took 0.6 s at 100,000
    decisions on the path every process waits for; now only the process that
    reads them pays, while the others render.
    """

    __slots__ = ("_blob", "_full", "_sizes")

    def __init__(self, memo: Memo) -> None:  # noqa: D107 - the fields a build reads without the records
        self.slug = memo.slug
        self.profile = memo.profile
        self.counts = memo.counts
        self.timeliness = memo.timeliness
        self.annual = memo.annual
        self.seen = memo.recorded
        self._blob = memo.blob
        self._full: PublicDepartment | None = None
        self._sizes = memo.sizes

    def _load(self) -> PublicDepartment:
        if self._full is None:
            self._full = pickle.loads(self._blob)
            self._blob = b""
        return self._full

    @property
    def lists(self) -> dict:  # type: ignore[override]
        return self._load().lists

    @property
    def decisions(self) -> list[dict]:  # type: ignore[override]
        return self._load().decisions

    @property
    def withdrawals(self) -> list[dict]:  # type: ignore[override]
        return self._load().withdrawals

    @property
    def verdicts(self) -> dict:  # type: ignore[override]
        return self._load().verdicts

    @property
    def lapses(self) -> dict:  # type: ignore[override]
        return self._load().lapses

    @property
    def concerns(self) -> dict:  # type: ignore[override]
        return self._load().concerns

    @property
    def keys(self) -> bytes:  # type: ignore[override]
        return self._load().keys

    def list_sizes(self) -> list[tuple[str, int]]:
        return list(self._sizes)

    def __reduce__(self) -> tuple:
        return (PublicDepartment, tuple(getattr(self, f) for f in PublicDepartment.__dataclass_fields__))


def department_key(public: PublicDepartment) -> str:
    """reuse.Keys.departments[slug]: a hash of the department as published, its records by their hashes (`keys`
    says what each record is, and in which order they are published)."""
    return reuse.content_key(replace(public, decisions=[], withdrawals=[]))


def key(code: str, region: str, department: str, slug: str) -> str:
    """What a department's decision depends on besides the day: the code, region.yaml and its own files."""
    return hashlib.sha256(f"{FORMAT}\0{code}\0{region}\0{department}\0{slug}".encode()).hexdigest()


class Store:
    """The memos in the build cache, one entry per department (kind "departments", named by its slug)."""

    KIND = "departments"

    def __init__(self, cache: Path) -> None:
        self.store = cache_mod.Store(cache)

    def get(self, slug: str, wanted: str) -> Memo | None:
        memo = self.store.load(self.KIND, slug)
        return memo if isinstance(memo, Memo) and memo.slug == slug and memo.key == wanted else None

    def put(self, memo: Memo) -> None:
        self.store.save(self.KIND, memo.slug, memo)

    def prune(self, keep: set[str]) -> None:
        """Forget departments that no longer exist."""
        self.store.prune((self.KIND,), {(self.KIND, slug) for slug in keep})
