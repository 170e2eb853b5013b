"""What goes into the feeds: one Entry or Tombstone per thing a platform must learn.

Everything here only formats what publicity decided (plus the ledger's dates):
decisions, withdrawal notices and list revisions become entries; withdrawn,
expired or deleted decisions become tombstones. Labels come from the data
standard, so a platform reads the same Chinese field names as the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from .. import urls
from ..identifiers import doc_no_year
from ..publicity import Publication
from ..standard import DECISIONS, DEPARTMENT, DEPARTMENT_LISTS, WITHDRAWAL, ListSpec
from .ledger import Ledger, digest, stamp

# Category schemes: fragments of the feeds page, which explains them.
TYPE, KIND, DEPT, LIST = "type", "kind", "department", "list"

TYPE_LABELS = {
    "decision": "执法决定",
    "withdrawal": "撤回公告",
    "revision": "清单调整",
    "annual": "年度执法数据",
}
CHANGE_LABELS = {
    "added": "新增",
    "changed": "调整",
    "removed": "删除",
    "published": "首次公布",
    "withdrawn": "撤下清单",
}
PROFILE = "department"  # the department profile, tracked like a one-item list
LIST_SPECS: dict[str, ListSpec] = {PROFILE: DEPARTMENT} | {s.name: s for s in DEPARTMENT_LISTS}


@dataclass(slots=True)
class Entry:
    id: str
    title: str
    summary: str
    link: str
    published: datetime
    updated: datetime
    dept: str
    author: str
    group: str  # decision | withdrawal | revision
    categories: list[dict] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.updated, self.id)


@dataclass(slots=True)
class Tombstone:
    """RFC 6721 at:deleted-entry: `ref` is gone since `when`; `placed` orders it among entries."""

    ref: str
    when: datetime
    placed: datetime
    comment: str
    dept: str
    by: str
    notice: bool = False  # it removes a withdrawal notice: the withdrawals feed carries it too

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.placed, self.ref)


Item = Entry | Tombstone


@dataclass(slots=True)
class Site:
    base_url: str
    authority: str
    region: dict
    dept_names: dict[str, str]
    feeds_page_url: str | None = None
    _categories: dict[tuple[str, str, str | None], dict] = field(default_factory=dict)
    _prefix: str | None = None  # what site paths are appended to (see url)

    def url(self, path: str) -> str:
        """`urls.absolute(base_url, path)`, without urljoin's cost when joining is plain concatenation.

        The feeds make one absolute URL per entry (hundreds of thousands for
        a large region). urljoin only differs from prefix + path for empty,
        "." and ".." segments, which a percent-encoded site path has none of;
        anything else takes the slow path.
        """
        prefix = self._prefix
        if prefix is None:
            probe = urls.absolute(self.base_url, "/x")
            prefix = self._prefix = probe[:-1] if probe.endswith("/x") else ""
        rel = _quote_path(path.lstrip("/"))
        if prefix and rel and _plain_join(rel):
            return prefix + rel
        return urls.absolute(self.base_url, path)

    def tag(self, day: date | int, specific: str) -> str:
        """tag: URI (RFC 4151); the date comes from the record, so the id never changes."""
        when = day.isoformat() if isinstance(day, date) else str(day)
        return f"tag:{self.authority},{when}:{_quote_tag(specific)}"

    def scheme(self, name: str) -> str:
        return f"{self._feeds_page}#category-{name}"

    @property
    def _feeds_page(self) -> str:
        if self.feeds_page_url is None:
            self.feeds_page_url = self.url(urls.feeds_page())
        return self.feeds_page_url

    def category(self, scheme: str, term: str, label: str | None = None) -> dict:
        """One dict per distinct category, shared by every entry that has it: read-only."""
        key = (scheme, term, label)
        found = self._categories.get(key)
        if found is None:
            found = self._categories[key] = {"term": term, "scheme": self.scheme(scheme), "label": label or term}
        return found

    def dept_category(self, slug: str) -> dict:
        return self.category(DEPT, slug, self.dept_names.get(slug, slug))


def _quoter(safe: str) -> Callable[[str], str]:
    """`urllib.parse.quote(s, safe)`, encoding each run of unsafe characters at once rather than byte by byte.

    The runs repeat (a 文号 slug starts with the department's 文号 prefix), so
    each run's encoding is remembered.
    """
    unsafe = re.compile("[^A-Za-z0-9_.~" + re.escape(safe) + "-]+")
    known: dict[str, str] = {}

    def encode(m: re.Match) -> str:
        run = m.group()
        found = known.get(run)
        if found is None:
            found = "%" + run.encode("utf-8").hex("%").upper()
            if len(known) < 100_000:
                known[run] = found
        return found

    def quote_(s: str) -> str:
        return unsafe.sub(encode, s)

    return quote_


_quote_path = _quoter("/-._~")  # as urls.absolute quotes
_quote_tag = _quoter("/-._~:@")


def _plain_join(rel: str) -> bool:
    """Whether urljoin(prefix, rel) is prefix + rel: `rel` has no empty, "." or ".." segment."""
    if "//" in rel:
        return False
    return "." not in rel or all(seg not in (".", "..") for seg in rel.split("/"))


# ---------------------------------------------------------------- formatting values


_SPACE = re.compile(r"\s*\n\s*")


def text(value: object) -> str:
    """One line of plain Chinese for a value of any type in the standard."""
    kind = type(value)
    if kind is str:  # most values: checked first
        value = value.strip()
        return _SPACE.sub(" ", value) if "\n" in value else value
    if kind is date:
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return "、".join(text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(text(v) for v in value.values())
    return _SPACE.sub(" ", str(value).strip())


def lines(pairs: Iterable[tuple[str, object]]) -> str:
    """`标签：值` lines, so a machine can split on the first full-width colon of each line."""
    out = []
    for label, value in pairs:
        if type(value) is str:  # most values: `text` inlined
            if value:
                value = value.strip()
                if "\n" in value:
                    value = _SPACE.sub(" ", value)
                out.append(f"{label}：{value}")
        elif value not in _EMPTY:
            out.append(f"{label}：{text(value)}")
    return "\n".join(out)


_EMPTY = (None, "", [], ())


# ---------------------------------------------------------------- decisions


_PARTY = DECISIONS.field("party")
_HEAD = ("doc_no", "kind", "decision_date", "conclusion")


_SUMMARY_HEAD = (
    DEPARTMENT.label,
    DECISIONS.field("doc_no").label,
    DECISIONS.field("kind").label,
    _PARTY.sub("name").label,
    _PARTY.sub("kind").label,
    _PARTY.sub("uscc").label,
    _PARTY.sub("legal_rep").label,
    DECISIONS.field("decision_date").label,
    DECISIONS.field("conclusion").label,
)
_SUMMARY_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _summary_fields(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(labels of every summary line, keys of the fields after the head) for decisions of `kind`, looked up once."""
    found = _SUMMARY_FIELDS.get(kind)
    if found is None:
        tail = [
            f
            for f in (*DECISIONS.fields, *DECISIONS.kinds.get(kind, ()))
            if not (f.key in _HEAD or f.key in ("party", "withdrawal") or f.private)
        ]
        found = _SUMMARY_FIELDS[kind] = (_SUMMARY_HEAD + tuple(f.label for f in tail), tuple(f.key for f in tail))
    return found


def decision_summary(d: dict) -> str:
    """The fields a platform needs first (执法主体, 文号, 类别, 相对人, 日期, 结论), then every other public field."""
    party = d["party"]
    labels, keys = _summary_fields(d["kind"])
    values = [
        d["department_name"],
        d["doc_no"],
        d["kind"],
        party.get("name"),
        party.get("kind"),
        party.get("uscc"),
        party.get("legal_rep"),
        d["decision_date"],
        d["conclusion"],
        *map(d.get, keys),
    ]
    return lines(zip(labels, values, strict=True))


def decision_title(d: dict) -> str:
    return f"{d['kind']}：{d['party']['name']}（{d['doc_no']}）"


def decision_tag(site: Site, dept: str, slug: str, doc_no: str) -> str:
    return site.tag(doc_no_year(doc_no), f"{dept}/decision/{slug}")


def decision_entries(pub: Publication, ledger: Ledger, site: Site) -> list[Entry]:
    out = []
    for d in pub.decisions():
        placed = ledger.place("decisions", d["id"], digest(d), d["updated"])
        entry_id = decision_tag(site, d["department"], d["slug"], d["doc_no"])
        ledger.extra[d["id"]] = {
            "dept": d["department"],
            "entry": entry_id,
            "until": d["publicity_until"].isoformat(),
        }
        out.append(
            Entry(
                id=entry_id,
                title=decision_title(d),
                summary=decision_summary(d),
                link=site.url(urls.decision(d["department"], d["slug"])),
                published=stamp(d["published"]),
                updated=placed.when,
                dept=d["department"],
                author=d["department_name"],
                group="decision",
                categories=[
                    site.category(TYPE, "decision", TYPE_LABELS["decision"]),
                    site.category(KIND, d["kind"]),
                    site.dept_category(d["department"]),
                ],
            )
        )
    return out


# ---------------------------------------------------------------- withdrawals


_W = {key: WITHDRAWAL.sub(key).label for key in ("date", "kind", "reason", "document")}


def withdrawal_items(pub: Publication, ledger: Ledger, site: Site) -> tuple[list[Entry], list[Tombstone]]:
    """Each notice as an entry, and a tombstone for the decision entry it takes down."""
    entries, tombstones = [], []
    for w in pub.withdrawals():
        last = ledger.previous_placement("decisions", w["id"])
        placed = ledger.place("notices", w["id"], digest(w), w["withdrawal_date"], after=last)
        ref = decision_tag(site, w["department"], w["slug"], w["doc_no"])
        link = site.url(urls.decision(w["department"], w["slug"]))
        summary = lines(
            [
                (DEPARTMENT.label, w["department_name"]),
                (DECISIONS.field("doc_no").label, w["doc_no"]),
                (DECISIONS.field("kind").label, w["kind"]),
                (DECISIONS.field("decision_date").label, w["decision_date"]),
                (_W["kind"], w["withdrawal_kind"]),
                (_W["date"], w["withdrawal_date"]),
                (_W["reason"], w["reason"]),
                (_W["document"], w["document"]),
                ("原条目标识", ref),
            ]
        )
        entries.append(
            Entry(
                id=site.tag(doc_no_year(w["doc_no"]), f"{w['department']}/withdrawal/{w['slug']}"),
                title=f"撤回公告：{w['doc_no']}（{w['withdrawal_kind']}）",
                summary=summary,
                link=link,
                published=stamp(w["withdrawal_date"]),
                updated=placed.when,
                dept=w["department"],
                author=w["department_name"],
                group="withdrawal",
                categories=[
                    site.category(TYPE, "withdrawal", TYPE_LABELS["withdrawal"]),
                    site.category(KIND, w["kind"]),
                    site.dept_category(w["department"]),
                ],
            )
        )
        tombstones.append(
            Tombstone(
                ref=ref,
                # RFC 6721: a tombstone older than the entry's `updated` would be ignored; a
                # withdrawal typed in late is dated when the feed learnt it
                when=max(stamp(w["withdrawal_date"]), placed.when),
                placed=placed.when,
                comment=f"{w['withdrawal_kind']}：{text(w['reason'])}（{_W['document']}：{w['document']}）",
                dept=w["department"],
                by=w["department_name"],
            )
        )
    return entries, tombstones


NOTICE = "#notice"  # a removal record of a withdrawal notice: the notice's key and this


def removal_tombstones(pub: Publication, ledger: Ledger, site: Site) -> list[Tombstone]:
    """Decisions and withdrawal notices the previous build published that are gone now.

    A decision that is neither published nor withdrawn expired (公示截止期
    passed) or was deleted from the datasets; a withdrawal notice that is gone
    was deleted with its record, or its department was. Only the ledger knows
    they existed, so without a previous ledger there are none: a platform then
    relies on each entry's 公示截止期.
    """
    live = {d["id"] for d in pub.decisions()}
    withdrawn = {w["id"] for w in pub.withdrawals()}
    kept = [
        r
        for r in ledger.removals
        if (r["id"].removesuffix(NOTICE) not in withdrawn if r["id"].endswith(NOTICE) else r["id"] not in live | withdrawn)
    ]
    known = {r["id"] for r in kept}
    for key in sorted(ledger.previous_keys("notices") - withdrawn):
        if key + NOTICE in known:
            continue
        dept, _, slug = key.partition("/")
        day, seq = ledger.placement_date(pub.as_of), 0
        prev = ledger.previous_placement("notices", key)
        if prev is not None and (day, seq) <= (prev.date, prev.seq):
            day, seq = prev.date, prev.seq + 1
        kept.append(
            {
                "id": key + NOTICE,
                "dept": dept,
                "ref": site.tag(int(slug.rsplit("-", 2)[1]), f"{dept}/withdrawal/{slug}"),
                "when": pub.as_of.isoformat(),
                "date": day.isoformat(),
                "seq": seq,
                "reason": "撤回公告已删除（原记录或执法主体已从数据中删除）",
            }
        )
    for key in sorted(ledger.previous_keys("decisions") - live - withdrawn - known):
        info = ledger.prev_extra.get(key)
        if not info:
            continue
        until = date.fromisoformat(info["until"])
        if until < pub.as_of:
            when, reason = until + timedelta(days=1), f"公示期满（公示截止期 {until.isoformat()}）"
        else:
            when, reason = pub.as_of, "已撤下"
        day, seq = ledger.placement_date(when), 0
        prev = ledger.previous_placement("decisions", key)
        if prev is not None and (day, seq) <= (prev.date, prev.seq):
            day, seq = prev.date, prev.seq + 1
        kept.append(
            {
                "id": key,
                "dept": info["dept"],
                "ref": info["entry"],
                "when": when.isoformat(),
                "date": day.isoformat(),
                "seq": seq,
                "reason": reason,
            }
        )
    ledger.removals = kept
    out = []
    for r in kept:
        out.append(
            Tombstone(
                ref=r["ref"],
                # never before the entry's last `updated`, or RFC 6721 consumers would keep the entry
                when=max(stamp(date.fromisoformat(r["when"])), stamp(date.fromisoformat(r["date"]), r["seq"])),
                placed=stamp(date.fromisoformat(r["date"]), r["seq"]),
                comment=r["reason"],
                dept=r["dept"],
                by=site.dept_names.get(r["dept"], r["dept"]),
                notice=r["id"].endswith(NOTICE),
            )
        )
    return out
