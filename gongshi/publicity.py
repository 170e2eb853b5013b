"""What the public may see on a given day — decided here and nowhere else.

Site, feeds and open data all render a Publication and never filter or redact
on their own, so they cannot disagree. Everything personal stays behind: a
natural person's ID and the operator of a 个体工商户 are dropped, names are
masked, free text is scrubbed, cases with minors are left out entirely, and
withdrawn decisions become withdrawal notices that carry no party details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .identifiers import doc_no_year, under_18
from .load import Dataset, Department
from .personal import clean_name, scrub
from .standard import (
    DECISIONS,
    DEFAULT_PUBLICITY_MONTHS,
    DEPARTMENT_LISTS,
    NATURAL_PERSON,
    SOLE_TRADER,
    WITHDRAWAL,
)


@dataclass(slots=True)
class PublicList:
    name: str
    label: str
    revised: date | None
    revisions: list[dict]
    items: list[dict]


@dataclass(slots=True)
class Counts:
    published: int = 0
    withdrawn: int = 0
    expired: int = 0
    minors: int = 0
    masked: int = 0
    scrubbed: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a certificate number belongs to a serving officer on a given day, and the words the public reads."""

    serving: bool
    text: str


@dataclass(slots=True)
class PublicDepartment:
    """One department as published on a day. Nothing in it is the day itself: what depends on the day (which
    decisions show, which are withdrawal notices, whose certificate still holds) is decided here, and
    `stable_days` says over which days that decision stays the same, so a renderer's output keyed by a hash of
    this value is right on every day of that range."""

    slug: str
    profile: dict
    lists: dict[str, PublicList]
    decisions: list[dict]  # newest first
    withdrawals: list[dict]  # newest first
    counts: Counts = field(default_factory=Counts)
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # 执法证号 → the officer's standing on the day
    # officers (执法证号) whose certificate did not hold on a decision's date, by decision id: only decisions with one
    lapses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.profile["name"]

    def list_sizes(self) -> list[tuple[str, int]]:
        """(label, number of items) per list, for the build's summary."""
        return [(lst.label, len(lst.items)) for lst in self.lists.values()]


@dataclass(slots=True)
class Publication:
    as_of: date
    region: dict
    departments: list[PublicDepartment]
    counts: Counts = field(default_factory=Counts)

    def decisions(self) -> list[dict]:
        """Every published decision, newest first (ties broken by id: a stable order)."""
        return sorted((d for dept in self.departments for d in dept.decisions), key=_newest_first)

    def withdrawals(self) -> list[dict]:
        return sorted((w for dept in self.departments for w in dept.withdrawals), key=_newest_withdrawal)


def _newest_first(d: dict) -> tuple:
    return (-d["decision_date"].toordinal(), d["id"])


def _newest_withdrawal(w: dict) -> tuple:
    return (-w["withdrawal_date"].toordinal(), w["id"])


def mask_name(name: str) -> str:
    """张三丰 → 张某某; 欧阳修 keeps a two-character surname when it is a known compound one."""
    name = clean_name(name)
    if not name:
        return name
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:surname_len] + "某" * max(1, min(2, len(name) - surname_len))


COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 南宫 西门 独孤".split()
)

def expiry(rec: dict) -> date:
    """The last day a decision may be shown: its 公示截止期, a licence's 有效期至, else the default for its kind."""
    until = rec.get("publicity_until")
    if until:
        return until
    if rec["kind"] == "行政许可" and rec.get("valid_until"):
        return rec["valid_until"]  # a licence stays public while it is valid
    months = DEFAULT_PUBLICITY_MONTHS[rec["kind"]]
    d = rec["decision_date"]
    year, month = divmod(d.month - 1 + months, 12)
    year += d.year
    month += 1
    day = min(d.day, _days_in_month(year, month))
    return date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def doc_slug(doc_no: str) -> str:
    """泸市监罚〔2024〕39号 → 泸市监罚-2024-39: readable, stable, URL-safe once percent-encoded."""
    prefix, _, rest = doc_no.partition("〔")
    year, _, number = rest.partition("〕")
    return f"{prefix}-{year}-{number.removesuffix('号')}"


_PUBLIC_DECISION_KEYS = tuple(
    f.key for f in DECISIONS.all_fields() if f.key not in ("party", "withdrawal") and not f.private
)
# what is scrubbed: the standard's free-text fields (standard.Field.free_text), nothing listed here
_FREE_TEXT = frozenset(f.key for f in DECISIONS.all_fields() if f.free_text)
_NOTICE_FREE_TEXT = frozenset(f.key for f in WITHDRAWAL.fields if f.free_text)


def public_party(party: dict, persons: list[str] | None = None) -> tuple[dict, dict[str, str]]:
    """The party as published, and the full→masked names to apply to free text.

    The names are the natural persons a decision names: the party (or a sole
    trader's operator) and the other persons its `persons` field lists, each
    without invisible characters (the scrubber finds them with or without).
    """
    kind = party["kind"]
    names: dict[str, str] = {}
    for name in persons or ():
        if clean_name(name):
            names[clean_name(name)] = mask_name(name)
    if kind == NATURAL_PERSON:
        masked = mask_name(party["name"])
        names[clean_name(party["name"])] = masked
        return {"name": masked, "kind": kind}, names
    out = {"name": party["name"], "kind": kind, "uscc": party.get("uscc")}
    if kind == SOLE_TRADER:
        operator = party.get("operator")
        if operator and clean_name(operator):
            names[clean_name(operator)] = mask_name(operator)
    else:
        out["legal_rep"] = party.get("legal_rep")
    return {k: v for k, v in out.items() if v is not None}, names


def natural(party: dict) -> bool:
    """Whether a natural person stands behind the party (then a 住所 in the text is a home)."""
    return party["kind"] in (NATURAL_PERSON, SOLE_TRADER)


def decide(dataset: Dataset, as_of: date) -> Publication:
    """The Publication for `as_of`: pure, so the same inputs give the same output. Of a Dataset that holds its
    departments (load without `keep`: the build decides each as it is read, and its Dataset holds none)."""
    assert dataset.departments or not dataset.order, "the departments were handed to load's keep"
    return assemble(dataset.region, [department(dept, as_of) for dept in dataset.departments], as_of)


def assemble(region: dict, departments: list[PublicDepartment], as_of: date) -> Publication:
    """The Publication of departments decided one by one (a rebuild takes unchanged ones from memos)."""
    counts = Counts()
    for dept in departments:
        for name in Counts.__slots__:
            setattr(counts, name, getattr(counts, name) + getattr(dept.counts, name))
    return Publication(as_of, dict(region), departments, counts)


def department(dept: Department, as_of: date) -> PublicDepartment:
    """One department as the public may see it on `as_of`: depends on nothing outside the department."""
    counts = Counts()
    lists = {}
    for spec in DEPARTMENT_LISTS:
        data = dept.lists.get(spec.name)
        if data is None:
            continue
        items = [_clean(item) for item in data.items]
        lists[spec.name] = PublicList(spec.name, spec.label, data.revised, list(data.revisions), items)
    decisions: list[dict] = []
    withdrawals: list[dict] = []
    for rec in dept.decisions:
        if is_minor(rec):
            counts.minors += 1
            continue
        w = rec.get("withdrawal")
        if w and w["date"] <= as_of:
            withdrawals.append(_notice(dept, rec, w))
            counts.withdrawn += 1
            continue
        until = expiry(rec)
        if until < as_of:
            counts.expired += 1
            continue
        decisions.append(_decision(dept, rec, until, counts))
    counts.published += len(decisions)
    decisions.sort(key=_newest_first)
    withdrawals.sort(key=_newest_withdrawal)
    officers = dept.items("personnel")
    verdicts = {str(o["cert_no"]): verdict(o, as_of) for o in officers}
    lapses = _lapses(decisions, {str(o["cert_no"]): o for o in officers})
    return PublicDepartment(
        dept.slug, _clean(dept.profile), lists, decisions, withdrawals, counts, verdicts, lapses
    )


def verdict(officer: dict, day: date) -> Verdict:
    """An officer's standing on `day`: serving, or why the certificate cannot be used."""
    if officer["status"] != "在岗":
        return Verdict(False, f"不在岗（{officer['status']}）")
    if officer["valid_until"] < day:
        return Verdict(False, "证件已过有效期")
    return Verdict(True, "在岗，证件有效")


def _lapses(decisions: list[dict], officers: dict[str, dict]) -> dict[str, list[str]]:
    """Officers a decision names whose certificate had expired on its date, or who are not on the list at all."""
    out = {}
    for rec in decisions:
        named = [str(c) for c in rec.get("officers") or ()]
        lapsed = [c for c in named if c not in officers or officers[c]["valid_until"] < rec["decision_date"]]
        if lapsed:
            out[rec["id"]] = lapsed
    return out


def stable_days(dept: Department, as_of: date) -> tuple[date | None, date | None]:
    """The days [first, end) around `as_of` on which `department(dept, day)` is what it is on `as_of`.

    A day on which a withdrawal takes effect, the day after a decision's
    publicity ends, the day after a certificate expires: the department's
    publication changes only on such days. So does its validity: before a
    decision's date the decision cannot be published (load refuses it), so
    those dates count too. None: no such day before (or after) `as_of`.
    """
    first: date | None = None
    end: date | None = None

    def day(d: date) -> None:
        nonlocal first, end
        if d <= as_of:
            first = d if first is None or d > first else first
        elif end is None or d < end:
            end = d

    for rec in dept.decisions:
        day(rec["decision_date"])
        w = rec.get("withdrawal")
        if w:
            day(w["date"])
        day(expiry(rec) + timedelta(days=1))
    for officer in dept.items("personnel"):
        day(officer["valid_until"] + timedelta(days=1))
    return first, end


def is_minor(rec: dict) -> bool:
    """Flagged as a minor, or an ID number showing the party was under 18 when decided."""
    party = rec["party"]
    if party.get("minor"):
        return True
    if party["kind"] != NATURAL_PERSON or party.get("id_type") != "居民身份证":
        return False
    return under_18(str(party.get("id_number", "")), rec["decision_date"])


def _clean(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def _decision(dept: Department, rec: dict, until: date, counts: Counts) -> dict:
    party, names = public_party(rec["party"], rec.get("persons"))
    person = natural(rec["party"])
    if rec["party"]["kind"] == NATURAL_PERSON:
        counts.masked += 1
    out: dict = {
        "id": f"{dept.slug}/{doc_slug(rec['doc_no'])}",
        "slug": doc_slug(rec["doc_no"]),
        "department": dept.slug,
        "department_name": dept.name,
        "year": rec["decision_date"].year,
        "doc_year": doc_no_year(rec["doc_no"]),
    }
    for key in _PUBLIC_DECISION_KEYS:
        if key in rec:
            value = rec[key]
            if key in _FREE_TEXT and isinstance(value, str):
                value, changed = scrub(value, names, person)
                counts.scrubbed += changed
            out[key] = value
    out["party"] = party
    out["published"] = rec.get("published") or rec["decision_date"]
    out["updated"] = max(out["published"], rec.get("corrected") or out["published"])
    out["publicity_until"] = until
    return out


def _notice(dept: Department, rec: dict, w: dict) -> dict:
    slug = doc_slug(rec["doc_no"])
    names = public_party(rec["party"], rec.get("persons"))[1]
    person = natural(rec["party"])
    text = {key: scrub(w[key], names, person)[0] if key in _NOTICE_FREE_TEXT else w[key] for key in ("reason", "document")}
    return {
        "id": f"{dept.slug}/{slug}",
        "slug": slug,
        "department": dept.slug,
        "department_name": dept.name,
        "doc_no": rec["doc_no"],
        "kind": rec["kind"],
        "decision_date": rec["decision_date"],
        "withdrawal_date": w["date"],
        "withdrawal_kind": w["kind"],
        "reason": text["reason"],
        "document": text["document"],
    }
