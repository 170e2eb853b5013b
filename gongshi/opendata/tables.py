"""The open-data tables' rows, from a Publication (their columns, derived from gongshi.standard: gongshi.catalog).

Mapping rules, applied to every field of the standard so no label is retyped:

- one-line and free text, codes, enumerations, dates (ISO `YYYY-MM-DD`) → TEXT;
- int → INTEGER; bool → INTEGER 0/1;
- money → two columns: `<key>_yuan` TEXT ("2000.50", exact as written) and
  `<key>_fen` INTEGER (200050) for sums — SQLite has no decimal type and a
  REAL column would round through binary floating point;
- a list of plain values (strs, enums, codes) → one TEXT column holding a JSON
  array: it reads as one value, Datasette facets on it with `_facet_array`,
  and SQL unpacks it with json_each();
- a list of objects (legal basis, materials, flowchart steps, discretion
  levels, remedies, revisions) → a child table keyed by (parent, position), so
  each labelled sub-field gets its own described column;
- a code that refers to another list (power_code, flowchart, officers …)
  keeps its column and gains a `*_id` foreign key (a list becomes a link
  table), so Datasette links the two records;
- one object (party, legal_review_unit) → flattened `<key>_<sub>` columns.

Every top-level record has a text primary key that survives rebuilds
(`dept/code`, the decision's `dept/文号 slug`), an `updated` date taken from
the data and a `url` of its page on the site.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import NamedTuple

from .. import parties, urls
from ..annual import FIGURES, MONEY, yuan
from ..catalog import (
    BY_NAME,
    CODE,
    JSON_TYPES,
    KIND_COUNT_COLUMNS,
    LIST_CHILDREN,
    LIST_LINKS,
    LIST_SPECS,
    TABLES,
    TEXT_TYPES,
    WITHDRAWAL_COLUMNS,
    Table,
    UnmappedField,
    ref_column,
)
from ..publicity import Publication, PublicDepartment
from ..standard import (
    DECISION_KINDS,
    DECISIONS,
    DEPARTMENT,
    PARTY,
    REFERENCES,
    REGION,
    REVISION,
    Field,
    ListSpec,
)

# ---------------------------------------------------------------- rows
#
# A row is a list of values in its table's column order: what executemany and
# csv.writer take as they are, with no dict per row (at 100,000 decisions the
# dicts cost seconds and hundreds of MB). Each kind of record is compiled once
# into steps, one per field — the mapping rules of the module docstring decided
# ahead of the loop — and the columns the steps fill are checked against the
# table definition, so a row cannot drift out of order. Neighbouring text
# fields then become one op that fetches all their values at once.

Rows = dict[str, list[dict]]
Values = dict[str, list[list]]

_TEXT, _INT, _MONEY, _JSON, _OBJECT, _TEXTS = range(6)


class _Step(NamedTuple):
    key: str
    kind: int
    names: tuple[str, ...]  # the column(s) the value fills; an object's come from its sub-steps
    sub: tuple[_Step, ...] = ()
    target: str | None = None  # the table a reference points to: one more column, its *_id


# What _fill runs: (kind, key, arg, target), where arg is the keys of a _TEXTS run,
# an object's own ops, or the name of a money field (for its error message).
_Op = tuple[int, str, object, str | None]


class _Plan(NamedTuple):
    ops: tuple[_Op, ...]
    known: frozenset[str]  # the record keys the table shows


def _value_step(f: Field, prefix: str = "", rename: dict[str, str] | None = None, target: str | None = None) -> _Step:
    name = prefix + f.key
    if f.type in TEXT_TYPES:
        kind = _TEXT
    elif f.type in ("int", "bool"):
        kind = _INT
    elif f.type in JSON_TYPES:
        kind = _JSON
    elif f.type == "money":
        return _Step(f.key, _MONEY, (f"{name}_yuan", f"{name}_fen"), target=target)
    elif f.type == "object":
        sub = tuple(_value_step(s, name + "_") for s in f.fields if not s.private)
        return _Step(f.key, _OBJECT, (), sub, target)
    else:
        raise AssertionError(f"{name}: {f.type} has no single column")
    return _Step(f.key, kind, ((rename or {}).get(f.key, name),), target=target)


def _step_names(steps: Iterable[_Step]) -> list[str]:
    out: list[str] = []
    for s in steps:
        out.extend(_step_names(s.sub) if s.kind == _OBJECT else s.names)
        if s.target:
            out.append(ref_column(s.key))
    return out


def _ops(steps: Iterable[_Step]) -> tuple[_Op, ...]:
    out: list[_Op] = []
    for s in steps:
        if s.kind == _TEXT and s.target is None:
            if out and out[-1][0] == _TEXTS:
                out[-1] = (_TEXTS, "", (*out[-1][2], s.key), None)
            else:
                out.append((_TEXTS, "", (s.key,), None))
        elif s.kind == _OBJECT:
            out.append((_OBJECT, s.key, _ops(s.sub), s.target))
        else:
            out.append((s.kind, s.key, s.names[0].removesuffix("_yuan"), s.target))
    return tuple(out)


def _plan(table: str, lead: tuple[str, ...], steps: list[_Step], tail: tuple[str, ...], known: Iterable[str]) -> _Plan:
    names = [*lead, *_step_names(steps), *tail]
    assert names == [c.name for c in BY_NAME[table].columns], f"{table}: rows are built as {names}"
    return _Plan(_ops(steps), frozenset(known))


def _record_plan(table: str, fields: Iterable[Field], lead: tuple[str, ...], tail: tuple[str, ...],
                 extra_keys: Iterable[str] = (), rename: dict[str, str] | None = None) -> _Plan:
    """Scalar and flattened columns, with a foreign key beside each reference; lists of objects are child tables."""
    steps: list[_Step] = []
    known = set(extra_keys)
    for f in fields:
        if f.private or f.type == "objects":
            continue
        known.add(f.key)
        if (table, f.key) in REFERENCES and f.type == "codes":
            continue  # a link table
        steps.append(_value_step(f, rename=rename, target=REFERENCES.get((table, f.key))))
    return _plan(table, lead, steps, tail, known)


def _child_plan(table: str, f: Field, lead: tuple[str, ...], rename: dict[str, str] | None = None) -> _Plan:
    return _plan(table, lead, [_value_step(sub, rename=rename) for sub in f.fields], (), (s.key for s in f.fields))


_NO_MONEY = (None, None)
_json_list = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False) minus an encoder per call


def _money(name: str, value: object) -> tuple[str, int]:
    amount = Decimal(value)
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{name}: {value} has more than two decimals")
    return f"{amount:.2f}", int(fen)


# One text per day, shared by every row of that day: a region's decisions fall on a few thousand days, and a text
# per value took an eighth of the rows' memory (at 1,000,000 decisions, about 200 MB). Days only, not datetimes.
_iso = cache(date.isoformat)


def _text(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    return _iso(value) if type(value) is date else value.isoformat() if isinstance(value, date) else str(value)


def _fill(row: list, ops: tuple[_Op, ...], rec: dict, dept: str, ids: dict[str, set[str]]) -> None:
    """Append the column values of `rec`'s fields to `row`."""
    get = rec.get
    for kind, key, arg, target in ops:
        if kind == _TEXTS:
            row.extend([v if v is None or type(v) is str else _iso(v) if type(v) is date else _text(v)
                        for v in map(get, arg)])
            continue
        value = get(key)
        if kind == _TEXT:
            row.append(value if value is None or type(value) is str else _text(value))
        elif kind == _INT:
            row.append(None if value is None else int(value))
        elif kind == _MONEY:
            row.extend(_NO_MONEY if value is None else _money(arg, value))
        elif kind == _JSON:
            row.append(None if value is None else _json_list([str(v) for v in value]))
        else:
            nested = value or {}
            assert isinstance(nested, dict)
            _fill(row, arg, nested, dept, ids)
        if target is not None:
            ref = None if value is None else f"{dept}/{value}"
            row.append(ref if ref in ids.get(target, ()) else None)


def _check_consumed(table: str, rec: dict, known: frozenset[str]) -> None:
    if rec.keys() <= known:
        return
    for key in rec:
        if key not in known:
            raise UnmappedField(table, key)


@dataclass(slots=True)
class Context:
    publication: Publication
    url: Callable[[str], str]
    rows: Values = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)  # table → primary keys, to fill foreign keys

    def add(self, table: str, row: list) -> None:
        self.rows.setdefault(table, []).append(row)


def _item_id(dept: str, code: object) -> str:
    return f"{dept}/{code}"


def _children(ctx: Context, table: str, plan: _Plan, parent_id: str, items: list[dict] | None,
              first: Callable[[dict], list] | None = None) -> None:
    for position, item in enumerate(items or [], start=1):
        row = [*first(item), parent_id, position] if first else [parent_id, position]
        _fill(row, plan.ops, item, "", ctx.ids)
        _check_consumed(table, item, plan.known)
        ctx.add(table, row)


def _region(ctx: Context) -> None:
    region = ctx.publication.region
    plan = _record_plan("region", REGION.fields, (), ())
    row: list = []
    _fill(row, plan.ops, region, "", ctx.ids)
    _check_consumed("region", region, plan.known)
    ctx.add("region", row)


def _department(ctx: Context, dept: PublicDepartment) -> None:
    profile = dept.profile
    plan = _record_plan("departments", DEPARTMENT.fields, ("slug",), ("updated", "url"), {"remedies"})
    row: list = [dept.slug]
    _fill(row, plan.ops, profile, dept.slug, ctx.ids)
    row.append(_text(profile.get("revised")))
    row.append(ctx.url(urls.department(dept.slug)))
    _check_consumed("departments", profile, plan.known)
    ctx.add("departments", row)
    remedies = _child_plan("department_remedies", DEPARTMENT.field("remedies"), ("department", "position"))
    _children(ctx, "department_remedies", remedies, dept.slug, profile.get("remedies"))


def _lists(ctx: Context, dept: PublicDepartment) -> None:
    revisions = _child_plan("list_revisions", REVISION, ("list_id", "position"))
    for name, plist in dept.lists.items():
        list_id = _item_id(dept.slug, name)
        revised = plist.revised.isoformat() if plist.revised else None
        ctx.add("lists", [list_id, dept.slug, name, plist.label, revised, revised, ctx.url(urls.column(dept.slug, name))])
        _children(ctx, "list_revisions", revisions, list_id, plist.revisions)




def _list_items(ctx: Context, spec: ListSpec) -> None:
    rename = {"id": CODE} if spec.key == "id" else None
    plan = _record_plan(spec.name, spec.fields, ("id", "department"), ("updated", "url"), LIST_CHILDREN[spec.name],
                        rename)
    children = []
    for key, (child, parent_col) in LIST_CHILDREN[spec.name].items():
        if child == "flowchart_steps":
            children.append((key, child, _child_plan(child, spec.field(key), ("id", parent_col, "position"), {"id": CODE})))
        else:
            children.append((key, child, _child_plan(child, spec.field(key), (parent_col, "position"))))
    links = [(link, key, REFERENCES[(lname, key)]) for (lname, key), (link, _) in LIST_LINKS.items() if lname == spec.name]
    for dept in ctx.publication.departments:
        plist = dept.lists.get(spec.name)
        if plist is None:
            continue
        revised = plist.revised.isoformat() if plist.revised else None
        for item in plist.items:
            code = item[spec.key]
            item_id = _item_id(dept.slug, code)
            row = [item_id, dept.slug]
            _fill(row, plan.ops, item, dept.slug, ctx.ids)
            row.append(revised)
            row.append(ctx.url(urls.item(dept.slug, spec.name, str(code))))
            _check_consumed(spec.name, item, plan.known)
            ctx.add(spec.name, row)
            for key, child, child_plan in children:
                first = (lambda step, fid=item_id: [f"{fid}/{step['id']}"]) if child == "flowchart_steps" else None
                _children(ctx, child, child_plan, item_id, item.get(key), first)
            for link, key, target in links:
                _links(ctx, link, item_id, dept.slug, target, item.get(key))


def _links(ctx: Context, table: str, parent_id: str, dept: str, target: str, codes: list | None) -> None:
    """Rows of a link table: (parent, position, code, the code's record or None)."""
    found = ctx.ids.get(target, ())
    rows = ctx.rows.setdefault(table, [])
    for position, code in enumerate(codes or [], start=1):
        ref = f"{dept}/{code}"
        rows.append([parent_id, position, str(code), ref if ref in found else None])


DECISION_EXTRA = ("id", "slug", "department", "department_name", "year", "doc_year", "updated")


def _decisions(ctx: Context) -> None:
    fields = [f for f in DECISIONS.all_fields() if f.key not in ("withdrawal",)]
    plan = _record_plan("decisions", fields, ("id", "department", "department_name", "slug", "year", "doc_year"),
                        ("updated", "url"), DECISION_EXTRA)
    party_known = frozenset(f.key for f in PARTY.fields if not f.private)
    ops, known, ids, url = plan.ops, plan.known, ctx.ids, ctx.url
    out = ctx.rows.setdefault("decisions", [])
    for d in ctx.publication.decisions():
        dept = d["department"]
        row = [d["id"], dept, d["department_name"], d["slug"], d["year"], d["doc_year"]]
        _fill(row, ops, d, dept, ids)
        row.append(_text(d["updated"]))
        row.append(url(urls.decision(dept, d["slug"])))
        _check_consumed("decisions", d, known)
        _check_consumed("decisions.party", d["party"], party_known)
        out.append(row)
        _links(ctx, "decision_officers", d["id"], dept, "personnel", d.get("officers"))


def _parties(ctx: Context) -> None:
    """One row per credit code, from gongshi.parties (as the site's company pages), by credit code."""
    names = [c.name for c in BY_NAME["parties"].columns]
    assert names[4 : 4 + len(DECISION_KINDS)] == [KIND_COUNT_COLUMNS[k] for k in DECISION_KINDS], names
    out = ctx.rows.setdefault("parties", [])
    for p in parties.of(ctx.publication):
        counts = p.counts()
        first, last = p.first_date, p.last_date
        assert first is not None and last is not None, f"{p.uscc}: a party with no decision"
        out.append([p.uscc, p.name, "；".join(p.former_names) or None, p.kind, *(counts[k] for k in DECISION_KINDS),
                    len(p.decisions), len(p.departments), first.isoformat(), last.isoformat(),
                    ctx.url(urls.party(p.uscc))])


# Tables gathered across departments: a row can depend on any department's records, so they are built from the
# whole publication every time, also when only some departments are redone (gongshi.opendata.incremental).
SITE_WIDE = {"parties": _parties}


def _withdrawals(ctx: Context) -> None:
    keys = frozenset({"id", "slug", "department", "department_name", *(c.name for c in WITHDRAWAL_COLUMNS)})
    for w in ctx.publication.withdrawals():
        row = [w["id"], w["department"], w["department_name"], w["slug"]]
        row.extend(_text(w.get(c.name)) for c in WITHDRAWAL_COLUMNS)
        row.append(w["withdrawal_date"].isoformat())
        row.append(ctx.url(urls.decision(w["department"], w["slug"])))
        _check_consumed("withdrawals", w, keys)
        ctx.add("withdrawals", row)


def _context(publication: Publication) -> Context:
    base = publication.region.get("base_url")
    return Context(publication, urls.absolute_under(base) if base else str)


def site_wide(publication: Publication, table: str) -> list[list]:
    """The rows of one SITE_WIDE table, as `values` gives them, built from the whole publication alone."""
    ctx = _context(publication)
    SITE_WIDE[table](ctx)
    return _sorted(BY_NAME[table], ctx.rows.get(table, []))


def _sorted(table: Table, found: list[list]) -> list[list]:
    if table.name != "decisions":
        names = [c.name for c in table.columns]
        found.sort(key=itemgetter(*(names.index(k) for k in table.pk)))
    return found


def values(publication: Publication, *, with_site_wide: bool = True) -> Values:
    """Every table's rows as lists in column order: decisions newest first (their rowid order), the rest by key
    (Python's order of str and int is SQLite's: the CSV lines, written from these, and the JSON Lines, read from
    the database in key order, follow the same rows).

    `with_site_wide=False` leaves the SITE_WIDE tables empty: for a publication of only some departments, whose
    site-wide rows would be those of these departments alone."""
    ctx = _context(publication)
    _region(ctx)
    for dept in publication.departments:
        _department(ctx, dept)
        _lists(ctx, dept)
    # referenced lists first, so foreign keys can be checked against them
    for spec in LIST_SPECS:
        ctx.ids[spec.name] = {
            _item_id(dept.slug, item[spec.key])
            for dept in publication.departments
            if spec.name in dept.lists
            for item in dept.lists[spec.name].items
        }
    for spec in LIST_SPECS:
        _list_items(ctx, spec)
    _decisions(ctx)
    _withdrawals(ctx)
    if with_site_wide:
        for fill in SITE_WIDE.values():
            fill(ctx)
    for dept in publication.departments:
        for r in dept.timeliness:
            ctx.add("timeliness", [dept.slug, *(r[c.name] for c in BY_NAME["timeliness"].columns[1:])])
        for r in dept.annual:
            status = "正式" if r["final"] else "初步"
            for position, f in enumerate(FIGURES, 1):  # every figure: a reported one not filed is null
                value = r["figures"].get(f.key)
                if f.unit == MONEY and value is not None:
                    value = yuan(value)
                elif isinstance(value, float) and value.is_integer():  # (as the INTEGER column stores it)
                    value = int(value)
                ctx.add("annual_statistics", [dept.slug, dept.name, r["year"], position, f.key, f.section, f.label,
                                              value, f.unit, "填报" if f.reported else "统计", status])
    return {table.name: _sorted(table, ctx.rows.get(table.name, [])) for table in TABLES}


def rows(publication: Publication) -> Rows:
    """Every table's rows as dicts (column → value), in the order of `values`: for readers and tests."""
    return {
        name: [dict(zip([c.name for c in BY_NAME[name].columns], row, strict=True)) for row in found]
        for name, found in values(publication).items()
    }
