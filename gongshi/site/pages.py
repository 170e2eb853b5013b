"""The page plan: every page of the site as (address, template, what it shows).

Pure and ordered: the same Publication always yields the same pages in the
same order, which keeps the output byte-reproducible and lets tests inspect
the plan without rendering. Addresses come only from gongshi.urls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .. import parties as parties_
from .. import subscriptions, urls
from ..parties import Party
from ..publicity import Publication, PublicDepartment
from ..reuse import content_key
from ..standard import (
    DECISION_KINDS,
    DEFAULT_PUBLICITY_MONTHS,
    DEPARTMENT,
    DEPARTMENT_LISTS,
    PERSONNEL,
    Field,
    ListSpec,
)
from ..timelimits import Rules
from ..workdays import uncovered_years
from . import flowchart
from .paging import paging

SPECS = {spec.name: spec for spec in DEPARTMENT_LISTS}

# Columns of each list's table on its column page; the first listed link
# field opens the item's own page.
LIST_COLUMNS = {
    "powers": ("code", "name", "type", "body"),
    "inspection_items": ("code", "name", "targets", "method", "ratio", "frequency"),
    "personnel": ("cert_no", "name", "unit", "categories", "valid_until", "status"),
    "service_guides": ("id", "name", "accepting_body", "promised_days", "fees"),
    "flowcharts": ("id", "name", "power_code"),
    "discretion_standards": ("id", "name", "power_code"),
}
LINK_FIELD = {name: "name" for name in LIST_COLUMNS} | {"personnel": "cert_no"}


# page kinds passed to gongshi.feeds.links_for(page_kind, department_slug)
PAGE_KINDS = (
    "home",
    "department",
    "column",
    "item",
    "decisions",
    "decision",
    "withdrawn",
    "withdrawals",
    "certificates",
    "timeliness",
    "statistics",
    "dictionary",
    "feeds",
    "page",
    "not_found",
    "party",
    "parties",
    "search",
)

PARTIES_PER_PAGE = 100
PARTIES_FOLDER = "parties"  # (urls.party) the company pages' folder: a rebuild takes it over in part (Page.folder)


@dataclass(slots=True)
class Crumb:
    title: str
    href: str | None = None  # None: the current page


@dataclass(slots=True)
class Page:
    path: str  # urls.* address
    template: str
    kind: str  # one of PAGE_KINDS
    department: str | None
    title: str
    crumbs: list[Crumb]
    context: dict = field(default_factory=dict)
    # a hash of everything the page shows (a record page's, and a department's pages that show no counts of its
    # decisions), so a rebuild of its department can take the live page over when the previous build wrote it
    # with the same key (None: always rendered)
    key: str | None = None
    # the live output's folder a rebuild takes over in part with this page (takeover.Patch): the department's,
    # or that of the site-wide pages that are many (the company pages, under /parties/)
    folder: str | None = None

    @property
    def live_folder(self) -> str | None:
        return self.folder or self.department


@dataclass(slots=True)
class Ref:
    """A link to another record: its address and what to call it."""

    href: str
    code: str
    title: str
    html: str | None = None  # the link, made by values.py when first shown


def ref_index(dept: PublicDepartment) -> dict[str, dict[str, Ref]]:
    """list name → code → Ref, for linking references between a department's records."""
    index: dict[str, dict[str, Ref]] = {}
    for name, spec in SPECS.items():
        lst = dept.lists.get(name)
        key = spec.key or "id"
        index[name] = {
            str(it[key]): Ref(urls.item(dept.slug, name, str(it[key])), str(it[key]), str(it.get("name", "")))
            for it in (lst.items if lst else [])
        }
    return index


def fields_of(spec: ListSpec, keys: tuple[str, ...]) -> list[Field]:
    return [spec.field(k) for k in keys]


class Planner:
    """Builds the Page list for one Publication."""

    def __init__(
        self,
        publication: Publication,
        per_page: int,
        latest_decisions: int,
        latest_withdrawals: int,
        skip: frozenset[str] = frozenset(),
        keyed: bool = False,
    ) -> None:
        self.pub = publication
        self.skip = skip  # departments whose pages are not planned (a rebuild keeps them)
        self.keyed = keyed  # record pages carry a key (Page.key)
        self.per_page = per_page
        self.latest_decisions = latest_decisions
        self.latest_withdrawals = latest_withdrawals
        self.home = Crumb("首页", urls.home())
        self.rules = Rules.of(publication.region)
        self.parties = parties_.of(publication)
        self._companies: dict[str, list[tuple[Party, int]]] | None = None
        # a rebuild's test of a company page taken over as it is, not planned (PageWriter.kept_party)
        self.kept_party: Callable[[Party], bool] | None = None
        self._hashes: dict[int, bytes] | None = None

    # ------------------------------------------------------------ site-wide

    def pages(self, share: int = 0, shares: int = 1) -> Iterator[Page]:
        """Every page; with `shares` > 1, only this share's (whole departments, so no page is planned twice)."""
        mine = self.shares(shares)[share]
        if share == 0:
            yield self.home_page()
        for i, dept in enumerate(self.pub.departments):
            if i in mine and dept.slug not in self.skip:
                yield from self.department_pages(dept)
        if share == 0:
            yield self.withdrawals_page(None, self.pub.withdrawals())
            yield self.certificates_page()
            if self.rules.timeliness_page:
                yield self.timeliness_page()
            yield from self.statistics_pages()
            yield self.dictionary_page()
            yield self.feeds_page()
            yield self.search_page()
            yield self.not_found_page(None)
            yield from self.party_index_pages()
        for i, party in enumerate(self.parties):  # many and alike: spread over the shares
            if i % shares == share and not (self.kept_party is not None and self.kept_party(party)):
                yield self.party_page(party)

    def shares(self, shares: int) -> list[set[int]]:
        """Departments (by index) per share, balanced by page count: largest first to the least loaded."""
        load = [0] * shares
        out: list[set[int]] = [set() for _ in range(shares)]
        sizes = sorted(
            (
                (0 if d.slug in self.skip else len(d.decisions) + len(d.withdrawals), i)
                for i, d in enumerate(self.pub.departments)
            ),
            key=lambda t: (-t[0], t[1]),
        )
        for size, i in sizes:
            k = min(range(shares), key=lambda j: (load[j], j))
            out[k].add(i)
            load[k] += size + 1
        return out

    def home_page(self) -> Page:
        depts = [
            {
                "slug": d.slug,
                "name": d.name,
                "href": urls.department(d.slug),
                "decisions": len(d.decisions),
                "withdrawals": len(d.withdrawals),
                "decisions_href": urls.decisions(d.slug),
            }
            for d in self.pub.departments
        ]
        return Page(
            urls.home(),
            "home.html",
            "home",
            None,
            self.pub.region["site_title"],
            [Crumb("首页")],
            {
                "departments_summary": depts,
                "latest": self.pub.decisions()[: self.latest_decisions],
                "withdrawals": self.pub.withdrawals()[: self.latest_withdrawals],
                "withdrawals_total": len(self.pub.withdrawals()),
                "decisions_total": sum(len(d.decisions) for d in self.pub.departments),
            },
        )

    def trail(self, dept: PublicDepartment | None, title: str) -> list[Crumb]:
        """Breadcrumbs of a page that exists site-wide and per department: 首页 (› department) › title."""
        crumbs = [self.home]
        if dept:
            crumbs.append(Crumb(dept.name, urls.department(dept.slug)))
        return [*crumbs, Crumb(title)]

    def withdrawals_page(self, dept: PublicDepartment | None, notices: list[dict]) -> Page:
        slug = dept.slug if dept else None
        return Page(urls.withdrawals(slug), "withdrawals.html", "withdrawals", slug,
                    f"{dept.name}撤回公告" if dept else "撤回公告", self.trail(dept, "撤回公告"), {"dept": dept, "notices": notices})

    def certificates_page(self) -> Page:
        rows = []
        for dept in self.pub.departments:
            lst = dept.lists.get("personnel")
            for officer in lst.items if lst else []:
                code = str(officer["cert_no"])
                rows.append({"officer": officer, "dept": dept, "href": urls.item(dept.slug, "personnel", code),
                             "verdict": dept.verdicts[code]})
        rows.sort(key=lambda r: (str(r["officer"]["cert_no"]), r["dept"].slug))
        return Page(urls.certificates(), "certificates.html", "certificates", None, "执法证核验",
                    [self.home, Crumb("执法证核验")], {"rows": rows, "personnel_spec": PERSONNEL})

    def timeliness_page(self) -> Page:
        """Per year (newest first): each department's figures and the region's total (publicity.timeliness)."""
        figures = ("published", "on_time", "late", "withdrawals", "withdrawals_on_time")
        years: dict[int, list[dict]] = {}
        for dept in self.pub.departments:
            for row in dept.timeliness:
                years.setdefault(row["year"], []).append({**row, "dept": dept, "href": urls.department(dept.slug)})
        tables = []
        for year in sorted(years, reverse=True):
            rows = years[year]
            total = {k: sum(r[k] for r in rows) for k in figures}
            tables.append({"year": year, "rows": rows, "total": total})
        return Page(
            urls.timeliness(),
            "timeliness.html",
            "timeliness",
            None,
            "公开及时性",
            [self.home, Crumb("公开及时性")],
            {"tables": tables, "rules": self.rules, "unknown_years": uncovered_years(years, self.pub.as_of.year)},
        )

    def statistics_pages(self) -> Iterator[Page]:
        """/statistics/ (the years) and one page per year: the region's figures, every body side by side."""
        years: dict[int, list[tuple[PublicDepartment, dict]]] = {}
        for dept in self.pub.departments:
            for report in dept.annual:
                years.setdefault(report["year"], []).append((dept, report))
        crumb = Crumb("年度执法数据", urls.statistics())
        index = [{"year": y, "href": urls.statistics(y), "bodies": len(years[y]), "final": years[y][0][1]["final"]}
                 for y in sorted(years, reverse=True)]
        yield Page(urls.statistics(), "statistics_index.html", "statistics", None, "年度执法数据",
                   [self.home, Crumb("年度执法数据")], {"years": index})
        for year in sorted(years, reverse=True):
            yield self.report_page(None, [r for _, r in years[year]], year, [d for d, _ in years[year]], crumb)

    def report_page(self, dept: PublicDepartment | None, reports: list[dict], year: int,
                    bodies: list[PublicDepartment] | None = None, crumb: Crumb | None = None) -> Page:
        """One year's annual report: a department's (`dept`), or the region's, the sum of `bodies`' `reports`."""
        from . import statistics

        title = f"{year} 年度行政执法数据"
        ctx = statistics.report(dept, reports, year, bodies or [], self.pub.as_of)
        trail = [self.home, *((Crumb(dept.name, urls.department(dept.slug)), Crumb("年度执法数据", urls.statistics(None, dept.slug)))
                              if dept else (crumb,)), Crumb(f"{year} 年度")]
        return Page(urls.statistics(year, dept.slug if dept else None), "statistics.html", "statistics",
                    dept.slug if dept else None, f"{dept.name}{title}" if dept else title, trail,  # type: ignore[arg-type]
                    {"dept": dept, "year": year, **ctx})

    def dictionary_page(self) -> Page:
        from .dictionary import tables

        return Page(urls.dictionary(), "dictionary.html", "dictionary", None, "数据字典", [self.home, Crumb("数据字典")],
                    {"tables": tables()})

    def feeds_page(self) -> Page:
        groups = subscriptions.catalog([(d.slug, d.name) for d in self.pub.departments])
        return Page(urls.feeds_page(), "feeds.html", "feeds", None, "订阅源", [self.home, Crumb("订阅源")],
                    {"groups": groups, "schemes": subscriptions.SCHEMES})

    def search_page(self) -> Page:
        """The search form, with what a search can be narrowed to: a kind, a department, a year (search.js)."""
        years = sorted({d["year"] for dept in self.pub.departments for d in dept.decisions}, reverse=True)
        return Page(urls.search(), "search.html", "search", None, "站内搜索", [self.home, Crumb("站内搜索")],
                    {"kinds": DECISION_KINDS, "departments": [d.name for d in self.pub.departments], "years": years})

    # ------------------------------------------------------------ companies (parties.py)

    def party_page(self, party: Party) -> Page:
        """A company's page, kept by a rebuild while no decision about it changed: its key is its names and the
        hashes of its decisions and notices (PublicDepartment.key_of), which cover all the page shows of them,
        followed by the departments they are of (which Planner.untouched reads)."""
        key = None
        if self.keyed:
            hashes = self.record_hashes()
            key = content_key((party.uscc, party.name, party.kind, party.former_names,
                               b"".join(hashes[id(r)] for r in (*party.decisions, *party.notices))))
            key = " ".join((key, *party.departments))
        return Page(
            urls.party(party.uscc),
            "party.html",
            "party",
            None,
            party.name,
            [self.home, Crumb("企业名录", urls.parties()), Crumb(party.name)],
            {"party": party, "counts": party.counts()},
            key,
            PARTIES_FOLDER,
        )

    def untouched(self, party: Party, key: str) -> bool:
        """Whether a company's page is the one its live key (party_page) was made for, without making it: none of
        the departments its decisions are of, now or then (the key names them), changed (they are all skipped).
        Its decisions in the others are the same, and it has none in a changed one, so its records, and the names
        they give it, are the same. Most company pages of a rebuild are (an edit changes one department's)."""
        _, sep, then = key.partition(" ")
        skip = self.skip
        return bool(sep) and all(slug in skip for slug in party.departments) and \
            all(slug in skip for slug in then.split(" "))

    def party_index_pages(self) -> Iterator[Page]:
        """/parties/ (the initials and the departments) and, per initial, its companies by name."""
        by_letter: dict[str, list[Party]] = {}
        for p in self.parties:
            by_letter.setdefault(p.initial, []).append(p)
        letters = [(letter, urls.parties(letter), len(by_letter.get(letter, ())))
                   for letter in (*parties_.LETTERS, parties_.OTHER)]
        depts = [(d.name, urls.department_parties(d.slug), len(self.companies_of(d.slug))) for d in self.pub.departments]
        yield Page(urls.parties(), "parties.html", "parties", None, "企业名录", [self.home, Crumb("企业名录")],
                   {"letters": letters, "departments": depts, "total": len(self.parties), "index": True},
                   folder=PARTIES_FOLDER)
        crumb = Crumb("企业名录", urls.parties())
        # an initial's pages link to the others without their counts (the directory's first page has them): a
        # company added or gone then changes the pages of its initial, not those of every initial
        present = [(letter, href, bool(count)) for letter, href, count in letters]
        for letter, _, count in letters:
            if count:
                label = "其他" if letter == parties_.OTHER else letter
                yield from self.party_list_pages(
                    [(p, len(p.decisions)) for p in by_letter[letter]], lambda n, letter=letter: urls.parties(letter, n), f"企业名录（{label}）",
                    [self.home, crumb], None, label, {"letters": present})

    def record_hashes(self) -> dict[int, bytes]:
        """id() of each decision and withdrawal notice dict of the publication → its hash (PublicDepartment.keys)."""
        if self._hashes is None:
            self._hashes = {id(r): dept.key_of(i) for dept in self.pub.departments
                            for i, r in enumerate((*dept.decisions, *dept.withdrawals))}
        return self._hashes

    def companies_of(self, slug: str) -> list[tuple[Party, int]]:
        """The companies a department's published decisions name, each with how many of its decisions do."""
        if self._companies is None:
            self._companies = {}
            for p in self.parties:
                counts: dict[str, int] = {}
                for d in p.decisions:
                    counts[d["department"]] = counts.get(d["department"], 0) + 1
                for dept, n in counts.items():
                    self._companies.setdefault(dept, []).append((p, n))
        return self._companies.get(slug, [])

    def party_list_pages(self, found: list[tuple[Party, int]], address: Callable[[int], str], title: str, trail: list[Crumb],
                         dept: PublicDepartment | None, label: str, extra: dict | None = None) -> Iterator[Page]:
        """A list of companies by name, paginated (a department's, or an initial's)."""
        found = sorted(found, key=lambda pn: (pn[0].trade, pn[0].uscc))
        count = max(1, -(-len(found) // PARTIES_PER_PAGE))
        for n in range(1, count + 1):
            shown = found[(n - 1) * PARTIES_PER_PAGE : n * PARTIES_PER_PAGE]
            rows = [{"party": p, "href": urls.party(p.uscc), "decisions": decisions} for p, decisions in shown]
            crumbs = [*trail, Crumb(label if n == 1 else f"第{n}页")]
            # an initial's page is kept while what it shows is the same (most are, when a few companies change)
            key = None if dept or not self.keyed else content_key(
                (title, label, n, count, len(found), extra, [(p.uscc, p.name, k) for p, k in shown]))
            yield Page(address(n), "parties.html", "parties", dept.slug if dept else None,
                       title if n == 1 else f"{title} 第{n}页", crumbs,
                       {"dept": dept, "rows": rows, "paging": paging(n, count, len(found), address), "label": label,
                        "index": False, **(extra or {})},
                       key, folder=None if dept else PARTIES_FOLDER)

    # ------------------------------------------------------------ one department

    def department_pages(self, dept: PublicDepartment) -> Iterator[Page]:
        refs = ref_index(dept)
        # what a record page shows besides its record: the department's name and its lists (links to items)
        frame = content_key((dept.profile, dept.lists)) if self.keyed else ""
        dept_crumb = Crumb(dept.name, urls.department(dept.slug))
        yield Page(urls.department(dept.slug), "department.html", "department", dept.slug, dept.name,
                   [self.home, Crumb(dept.name)], {"dept": dept, "profile_spec": DEPARTMENT, "columns": self.column_summary(dept)})
        for name, spec in SPECS.items():
            lst = dept.lists.get(name)
            yield self.keyed_by(Page(
                urls.column(dept.slug, name),
                "column.html",
                "column",
                dept.slug,
                f"{dept.name}{spec.label}",
                [self.home, dept_crumb, Crumb(spec.label)],
                {
                    "dept": dept,
                    "spec": spec,
                    "list": lst,
                    "columns": fields_of(spec, LIST_COLUMNS[name]),
                    "link_field": LINK_FIELD[name],
                    "key": spec.key,
                    "refs": refs,
                    "list_name": name,
                    "verdicts": dept.verdicts if name == "personnel" else {},
                },
            ), frame, dept.verdicts if name == "personnel" else None)
            col_crumb = Crumb(spec.label, urls.column(dept.slug, name))
            for it in lst.items if lst else []:
                code = str(it[spec.key or "id"])
                title = str(it.get("name", code))
                ctx = {"dept": dept, "spec": spec, "item": it, "refs": refs, "list_name": name, "code": code}
                if name == "flowcharts":
                    ctx["layout"] = flowchart.layout(it["steps"])
                    ctx["steps_by_id"] = {s["id"]: s for s in it["steps"]}
                if name == "personnel":
                    ctx["verdict"] = dept.verdicts[code]
                    title = f"执法证 {code}"
                yield Page(
                    urls.item(dept.slug, name, code),
                    "item.html",
                    "item",
                    dept.slug,
                    title,
                    [self.home, dept_crumb, col_crumb, Crumb(code if name == "personnel" else title)],
                    ctx,
                    content_key((frame, name, it, ctx.get("verdict"))) if self.keyed else None,
                )
        yield from self.decision_lists(dept, dept_crumb)
        dec_crumb = Crumb("执法决定", urls.decisions(dept.slug))
        for i, d in enumerate(dept.decisions):
            yield Page(
                urls.decision(dept.slug, d["slug"]),
                "decision.html",
                "decision",
                dept.slug,
                d["doc_no"],
                [self.home, dept_crumb, dec_crumb, Crumb(d["doc_no"])],
                {"dept": dept, "d": d, "refs": refs},  # its sections are worked out when it is rendered
                content_key((frame, dept.key_of(i))) if self.keyed else None,  # (publicity's hash of d)
            )
        notices = []  # their hashes: the page of the withdrawal notices shows them all
        for j, w in enumerate(dept.withdrawals, len(dept.decisions)):
            notices.append(dept.key_of(j))
            yield Page(
                urls.decision(dept.slug, w["slug"]),
                "withdrawn.html",
                "withdrawn",
                dept.slug,
                f"{w['doc_no']}（已撤回）",
                [self.home, dept_crumb, dec_crumb, Crumb(w["doc_no"])],
                {"dept": dept, "w": w},
                content_key((frame, notices[-1])) if self.keyed else None,
            )
        yield self.keyed_by(self.withdrawals_page(dept, dept.withdrawals), frame, notices)
        yield from self.party_list_pages(
            self.companies_of(dept.slug), lambda n: urls.department_parties(dept.slug, n), f"{dept.name}涉及的企业",
            [self.home, dept_crumb], dept, "企业名录")
        years = [{"year": r["year"], "href": urls.statistics(r["year"], dept.slug), "final": r["final"]} for r in dept.annual]
        yield self.keyed_by(Page(urls.statistics(None, dept.slug), "statistics_index.html", "statistics", dept.slug,
                                 f"{dept.name}年度执法数据", [self.home, dept_crumb, Crumb("年度执法数据")],
                                 {"dept": dept, "years": years}), frame, years)
        for report in dept.annual:  # (a department's report shows its own figures and the years of the others)
            yield self.keyed_by(self.report_page(dept, [report], report["year"]), frame, report, years)
        yield self.keyed_by(self.not_found_page(dept), frame, [(d.name, d.slug) for d in self.pub.departments])

    def keyed_by(self, page: Page, frame: str, *shown: object) -> Page:
        """The department's page with its key: `frame` (the department's name and lists) and what else it shows
        (`shown`). On a new day most changed departments changed only in their decisions: these pages are taken over."""
        if self.keyed:
            page.key = content_key((frame, page.path, *shown))
        return page

    def not_found_page(self, dept: PublicDepartment | None) -> Page:
        """What a visitor sees at an address with no page: above all an expired decision's, followed from an old link."""
        return Page(
            urls.not_found(dept.slug if dept else None),
            "not_found.html",
            "not_found",
            dept.slug if dept else None,
            "页面不存在",
            self.trail(dept, "页面不存在"),
            {
                "dept": dept,
                "periods": [(kind, months) for kind, months in DEFAULT_PUBLICITY_MONTHS.items()],
                "departments": [{"name": d.name, "href": urls.decisions(d.slug)} for d in self.pub.departments]
                if dept is None
                else [],
            },
        )

    def column_summary(self, dept: PublicDepartment) -> list[dict]:
        rows = []
        for name, spec in SPECS.items():
            lst = dept.lists.get(name)
            rows.append(
                {
                    "label": spec.label,
                    "href": urls.column(dept.slug, name),
                    "count": len(lst.items) if lst else 0,
                    "revised": lst.revised if lst else None,
                }
            )
        return rows

    def decision_lists(self, dept: PublicDepartment, dept_crumb: Crumb) -> Iterator[Page]:
        """All decisions, then one paginated list per year and per kind: filters as static pages."""
        decisions = dept.decisions
        years = sorted({d["year"] for d in decisions}, reverse=True)
        kinds = [k for k in DECISION_KINDS if any(d["kind"] == k for d in decisions)]
        filters = {
            "all": (urls.decisions(dept.slug), len(decisions)),
            "years": [(y, urls.decisions_year(dept.slug, y), sum(1 for d in decisions if d["year"] == y)) for y in years],
            "kinds": [(k, urls.decisions_kind(dept.slug, k), sum(1 for d in decisions if d["kind"] == k)) for k in kinds],
        }
        dec_crumb = Crumb("执法决定", urls.decisions(dept.slug))
        groups: list[tuple[str | None, str, list[dict], object]] = [
            (None, "全部", decisions, lambda n: urls.decisions(dept.slug, n))
        ]
        for y in years:
            groups.append(
                (
                    urls.decisions_year(dept.slug, y),
                    f"{y}年",
                    [d for d in decisions if d["year"] == y],
                    lambda n, y=y: urls.decisions_year(dept.slug, y, n),
                )
            )
        for k in kinds:
            groups.append(
                (
                    urls.decisions_kind(dept.slug, k),
                    k,
                    [d for d in decisions if d["kind"] == k],
                    lambda n, k=k: urls.decisions_kind(dept.slug, k, n),
                )
            )
        for current, label, records, address in groups:
            count = max(1, -(-len(records) // self.per_page))
            for n in range(1, count + 1):
                crumbs = [self.home, dept_crumb]
                title = f"{dept.name}执法决定"
                if current:
                    title += f"（{label}）"
                if current or n > 1:
                    crumbs.append(dec_crumb)
                if n > 1:
                    title += f" 第{n}页"
                crumbs.append(Crumb(label if current else "执法决定" if n == 1 else f"第{n}页"))
                yield Page(
                    address(n),  # type: ignore[operator]
                    "decisions.html",
                    "decisions",
                    dept.slug,
                    title,
                    crumbs,
                    {
                        "dept": dept,
                        "records": records[(n - 1) * self.per_page : n * self.per_page],
                        "paging": paging(n, count, len(records), address),
                        "filters": filters,
                        "current_filter": current or filters["all"][0],
                        "filter_label": label,
                    },
                )
