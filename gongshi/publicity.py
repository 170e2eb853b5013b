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
from statistics import median_low

from . import annual
from .certificates import EXPIRED, NOT_YET, certificate_holds, lapse
from .identifiers import doc_no_year, under_18
from .load import Dataset, Department
from .personal import clean_name, scrub
from .reuse import digest
from .seen import DepartmentSeen, Seen
from .standard import (
    DECISIONS,
    DEPARTMENT_LISTS,
    NATURAL_PERSON,
    SOLE_TRADER,
    WITHDRAWAL,
)
from .timelimits import CALENDAR, Rules, publication_deadline, publicity_end, withdrawal_deadline, withheld


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
    withheld: int = 0  # not published by default (timelimits.withheld)
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
    # per year: how promptly decisions were published and withdrawals taken down (see `timeliness`)
    timeliness: list[dict] = field(default_factory=list)
    # what the build records of the department (seen.py): the day each decision it shows (or once showed) was
    # first shown, the day each withdrawal notice was, the final annual figures
    seen: DepartmentSeen = field(default_factory=DepartmentSeen)
    # the annual reports (annual.py) of every year before the day's, newest first: counts only
    annual: list[dict] = field(default_factory=list)
    # withdrawal notice (slug) → the 统一社会信用代码 of the organisation or 个体工商户 it concerns: the notice
    # itself names no party, but the company's own page (parties.py) lists the decisions taken back about it
    concerns: dict[str, str] = field(default_factory=dict)
    # the hash (reuse.digest, 32 bytes) of each decision, then of each withdrawal notice, in their order: a record
    # is hashed once, here (a decision taken over from `before` keeps its hash), and the department's key
    # (memo.py), its record pages' and the search's bundles are made from these, not by pickling the records
    # again. One bytes value: a dict of hex texts took 10–14 MiB more in each process at 100,000 decisions
    keys: bytes = field(default=b"", repr=False)  # (hashes, not content: left out of repr)

    @property
    def name(self) -> str:
        return self.profile["name"]

    def key_of(self, i: int) -> bytes:
        """The hash of record `i` of the decisions, then the withdrawal notices (see `keys`)."""
        return self.keys[32 * i : 32 * i + 32]

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
        return sorted((d for dept in self.departments for d in dept.decisions), key=newest_first)

    def withdrawals(self) -> list[dict]:
        return sorted((w for dept in self.departments for w in dept.withdrawals), key=newest_withdrawal)


def newest_first(d: dict) -> tuple:
    return (-d["decision_date"].toordinal(), d["id"])


def newest_withdrawal(w: dict) -> tuple:
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

def sectors(dept: Department) -> dict[str, str | None]:
    """Power code → its 监管领域 (a penalty in 食品, 药品 or 特种设备 stays public longer)."""
    return {str(p["code"]): p.get("sector") for p in dept.items("powers")}


def published_on(rec: dict, slug: str, seen: DepartmentSeen, as_of: date) -> date:
    """The true 公示日期: the editor's, else the day a build first showed it, else today (this build shows it).

    But for a live output made before builds kept their record (seen.legacy): it showed such a decision as
    published on its decision date, and counting from today would bring back decisions it had let expire."""
    return rec.get("published") or seen.shown.get(slug) or (rec["decision_date"] if seen.legacy else as_of)


def expiry(rec: dict, as_of: date, rules: Rules | None = None, seen: DepartmentSeen | None = None,
           sector: str | None = None) -> date:
    """The last day a decision may be shown (timelimits.publicity_end, from its true 公示日期)."""
    published = published_on(rec, doc_slug(rec["doc_no"]), seen or DepartmentSeen(), as_of)
    return publicity_end(rec, published, rules or Rules(), sector)


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


def company_code(party: dict) -> str | None:
    """The 统一社会信用代码 of an organisation or 个体工商户 (a party, source or public): what a company's page
    (parties.py) gathers by. None for a natural person, who has none and must not be found across departments."""
    return (party.get("uscc") or None) if party["kind"] != NATURAL_PERSON else None


def natural(party: dict) -> bool:
    """Whether a natural person stands behind the party (then a 住所 in the text is a home)."""
    return party["kind"] in (NATURAL_PERSON, SOLE_TRADER)


def decide(dataset: Dataset, as_of: date, seen: Seen | None = None) -> Publication:
    """The Publication for `as_of`: pure, so the same inputs give the same output. Of a Dataset that holds its
    departments (load without `keep`: the build decides each as it is read, and its Dataset holds none);
    `seen`: the previous build's record (none: every decision without 公示日期 is first shown today)."""
    assert dataset.departments or not dataset.order, "the departments were handed to load's keep"
    rules = Rules.of(dataset.region)
    seen = seen or Seen()
    return assemble(
        dataset.region, [department(d, as_of, rules, seen.department(d.slug)) for d in dataset.departments], as_of
    )


def assemble(region: dict, departments: list[PublicDepartment], as_of: date) -> Publication:
    """The Publication of departments decided one by one (a rebuild takes unchanged ones from memos)."""
    counts = Counts()
    for dept in departments:
        for name in Counts.__slots__:
            setattr(counts, name, getattr(counts, name) + getattr(dept.counts, name))
    # the time limits in force, defaults filled in: the open data's region row says which ones were applied
    return Publication(as_of, {**region, **Rules.of(region).as_region()}, departments, counts)


def department(
    dept: Department,
    as_of: date,
    rules: Rules | None = None,
    seen: DepartmentSeen | None = None,
    before: PublicDepartment | None = None,
) -> PublicDepartment:
    """One department as the public may see it on `as_of`: depends on nothing outside the department but the
    region's rules and its share of the previous build's record (`seen`).

    `before`: the same department (the same files) as decided for another day. A decision it shows with the
    same 公示日期 and end is the same dict now, so it is taken as it is: on a new day most of a department's
    decisions are, and masking and scrubbing their text again was most of deciding it."""
    rules = rules or Rules()
    prior = {d["slug"]: (d, before.key_of(i)) for i, d in enumerate(before.decisions)} if before is not None else {}
    taken: dict[str, bytes] = {}  # the hashes of the decisions taken over, by id
    seen = seen or DepartmentSeen()
    record = DepartmentSeen()
    by_power = sectors(dept)
    counts = Counts()
    lists = {}
    for spec in DEPARTMENT_LISTS:
        data = dept.lists.get(spec.name)
        if data is None:
            continue
        private = [f.key for f in spec.fields if f.private]
        items = [_clean(item, private) for item in data.items]
        lists[spec.name] = PublicList(spec.name, spec.label, data.revised, list(data.revisions), items)
    decisions: list[dict] = []
    withdrawals: list[dict] = []
    concerns: dict[str, str] = {}
    for rec in dept.decisions:
        slug = doc_slug(rec["doc_no"])
        state, published, until = standing(rec, slug, as_of, rules, seen, by_power.get(str(rec["power_code"])))
        if state == Standing.MINOR:
            counts.minors += 1
            continue
        if state == Standing.WITHHELD:  # never published, so never withdrawn in public either
            counts.withheld += 1
            continue
        if state == Standing.WITHDRAWN:
            withdrawals.append(_notice(dept, rec, rec["withdrawal"]))
            counts.withdrawn += 1
            code = company_code(rec["party"])
            if code:
                concerns[slug] = code
            if slug in seen.shown:  # a build showed it: this is the day it was taken down, unless one already was
                record.shown[slug] = seen.shown[slug]
                record.taken_down[slug] = seen.taken_down.get(slug, as_of)
            continue
        if state == Standing.EXPIRED:
            counts.expired += 1
            if slug in seen.shown or seen.legacy:  # (the output before the record showed it: it stays expired)
                record.shown[slug] = seen.shown.get(slug, published)
            continue
        # first shown today when undated; a dated one (a new department's history, say) on its own 公示日期
        record.shown[slug] = seen.shown.get(slug, published)
        same, known = prior.get(slug, (None, b""))
        if same is not None and same["published"] == published and same["publicity_until"] == until:
            _count(rec, same, counts)
            decisions.append(same)
            taken[same["id"]] = known
        else:
            decisions.append(_decision(dept, rec, published, until, counts))
    counts.published += len(decisions)
    decisions.sort(key=newest_first)
    withdrawals.sort(key=newest_withdrawal)
    keys = bytearray()
    for r in (*decisions, *withdrawals):
        keys += taken.get(r["id"]) or digest(r)
    reports, record.annual = annual.reports(dept, as_of, rules, record.shown, seen.annual)
    officers = dept.items("personnel")
    verdicts = {str(o["cert_no"]): verdict(o, as_of) for o in officers}
    lapses = _lapses(decisions, {str(o["cert_no"]): o for o in officers})
    return PublicDepartment(
        dept.slug,
        _clean(dept.profile),
        lists,
        decisions,
        withdrawals,
        counts,
        verdicts,
        lapses,
        _timeliness(dept, rules, record, before),
        record,
        reports,
        concerns,
        bytes(keys),
    )


class Standing:
    """What becomes of a decision on a day."""

    MINOR, WITHHELD, WITHDRAWN, EXPIRED, SHOWN = "minor", "withheld", "withdrawn", "expired", "shown"


def standing(
    rec: dict, slug: str, as_of: date, rules: Rules, seen: DepartmentSeen, sector: str | None
) -> tuple[str, date | None, date | None]:
    """What becomes of a decision (its page `slug`) on `as_of`, a `Standing`, and unless it is a minor's or
    withheld, its true 公示日期 and the last day it may be (or might have been) shown: the one rule the site and
    the exchange with the credit platforms both follow."""
    if is_minor(rec):
        return Standing.MINOR, None, None
    if withheld(rec, rules):
        return Standing.WITHHELD, None, None
    published = published_on(rec, slug, seen, as_of)
    until = publicity_end(rec, published, rules, sector)
    w = rec.get("withdrawal")
    if w and w["date"] <= as_of:
        return Standing.WITHDRAWN, published, until
    return (Standing.EXPIRED if until < as_of else Standing.SHOWN), published, until


def as_published(dept: Department, rec: dict, published: date, until: date) -> dict:
    """A decision as the public reads it (names masked, free text scrubbed), whatever its standing today."""
    return _decision(dept, rec, published, until, Counts())


def as_notice(dept: Department, rec: dict) -> dict:
    """A withdrawn decision's notice as the public reads it."""
    return _notice(dept, rec, rec["withdrawal"])


def _timeliness(dept: Department, rules: Rules, record: DepartmentSeen, before: PublicDepartment | None) -> list[dict]:
    """The department's timeliness, taken from `before` when the record of what was shown and taken down when,
    all it depends on besides the department's files, is the same."""
    if not rules.timeliness_page:
        return []
    if before is not None and before.seen.shown == record.shown and before.seen.taken_down == record.taken_down:
        return before.timeliness
    return timeliness(dept, rules, record)


def timeliness(dept: Department, rules: Rules, record: DepartmentSeen) -> list[dict]:
    """Per year: decisions published (by decision year), how many on time and late, the median working days
    to publication; withdrawals taken down (by the year they took effect) and how many on time. Counts only,
    over every decision that was published, whether still shown, expired or withdrawn since."""
    years: dict[int, dict] = {}

    def row(year: int) -> dict:
        if year not in years:
            years[year] = {"year": year, "published": 0, "on_time": 0, "late": 0, "days": [],
                           "withdrawals": 0, "withdrawals_on_time": 0}
        return years[year]

    for rec in dept.decisions:
        if is_minor(rec) or withheld(rec, rules):
            continue  # never published: nothing to be on time for
        slug = doc_slug(rec["doc_no"])
        published = rec.get("published") or record.shown.get(slug)
        w = rec.get("withdrawal")
        # this platform's record when it showed the decision, else the editor's day (taken down elsewhere)
        down = record.taken_down.get(slug) if slug in record.shown else (w or {}).get("taken_down")
        if w and down:
            r = row(w["date"].year)
            r["withdrawals"] += 1
            r["withdrawals_on_time"] += down <= withdrawal_deadline(w["date"], rules)
        if published is None:
            continue
        r = row(rec["decision_date"].year)
        r["published"] += 1
        on_time = published <= publication_deadline(rec, rules)
        r["on_time" if on_time else "late"] += 1
        r["days"].append(CALENDAR.between(rec["decision_date"], published))
    out = []
    for year in sorted(years):
        r = years[year]
        days = r.pop("days")
        r["median_days"] = median_low(days) if days else None
        out.append(r)
    return out


def verdict(officer: dict, day: date) -> Verdict:
    """An officer's standing on `day`: serving, or why the certificate cannot be used."""
    if officer["status"] != "在岗":
        return Verdict(False, f"不在岗（{officer['status']}）")
    found = lapse(officer, day)  # the dated history too, whatever `status` still says
    if found is None:
        return Verdict(True, "在岗，证件有效")
    return Verdict(False, {EXPIRED: "证件已过有效期", NOT_YET: "证件尚未生效"}.get(found.why, f"证件已{found.why}"))


def _lapses(decisions: list[dict], officers: dict[str, dict]) -> dict[str, list[str]]:
    """Officers a decision names whose certificate did not hold on its date, or who are not on the list at all."""
    out = {}
    for rec in decisions:
        named = [str(c) for c in rec.get("officers") or ()]
        lapsed = [c for c in named if c not in officers or not certificate_holds(officers[c], rec["decision_date"])]
        if lapsed:
            out[rec["id"]] = lapsed
    return out


def stable_days(
    dept: Department, as_of: date, rules: Rules | None = None, seen: DepartmentSeen | None = None
) -> tuple[date | None, date | None]:
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

    rules = rules or Rules()
    seen = seen or DepartmentSeen()
    by_power = sectors(dept)
    for year in (as_of.year, as_of.year + 1):  # a year's annual report appears, and becomes final
        day(date(year, 1, 1))
        day(annual.last_provisional(year - 1) + timedelta(days=1))
    for rec in dept.decisions:
        day(rec["decision_date"])
        w = rec.get("withdrawal")
        if w:
            day(w["date"])
        day(expiry(rec, as_of, rules, seen, by_power.get(str(rec["power_code"]))) + timedelta(days=1))
    for officer in dept.items("personnel"):
        day(officer["valid_until"] + timedelta(days=1))
        if officer.get("issued"):
            day(officer["issued"])
        for event in officer.get("history") or ():
            day(event["date"])
    return first, end


def is_minor(rec: dict) -> bool:
    """Flagged as a minor, or an ID number showing the party was under 18 when decided."""
    party = rec["party"]
    if party.get("minor"):
        return True
    if party["kind"] != NATURAL_PERSON or party.get("id_type") != "居民身份证":
        return False
    return under_18(str(party.get("id_number", "")), rec["decision_date"])


def _clean(rec: dict, private: list[str] | None = None) -> dict:
    """Without the loader's bookkeeping (`_src`) and the fields the standard marks private."""
    return {k: v for k, v in rec.items() if not k.startswith("_") and not (private and k in private)}


def _decision(dept: Department, rec: dict, published: date, until: date, counts: Counts) -> dict:
    party, names = public_party(rec["party"], rec.get("persons"))
    person = natural(rec["party"])
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
                value = scrub(value, names, person)[0]
            out[key] = value
    out["party"] = party
    out["published"] = published
    out["updated"] = max(out["published"], rec.get("corrected") or out["published"])
    out["publicity_until"] = until
    _count(rec, out, counts)
    return out


def _count(rec: dict, public: dict, counts: Counts) -> None:
    """Count `rec`'s decision as published in `public` (made now, or taken over from another day): its party
    masked, and each free-text field scrubbed, that is, whose public text is not the source's."""
    if rec["party"]["kind"] == NATURAL_PERSON:
        counts.masked += 1
    counts.scrubbed += sum(1 for key in _PUBLIC_DECISION_KEYS
                           if key in _FREE_TEXT and isinstance(rec.get(key), str) and public[key] != rec[key])


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
