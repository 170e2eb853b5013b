"""The Pelican plugin that renders the datasets (enabled in pelicanconf.py).

Pelican renders the few Markdown pages; the tens of thousands of record
pages go through this generator, which uses the theme's Jinja2 environment
directly and writes each file itself: Pelican's writer adds per-file
bookkeeping (override tracking, signals, logging) that costs more than the
rendering at 100,000 decisions.

The generator only runs when the settings carry a Publication
(GONGSHI_PUBLICATION, set by gongshi.site.render), so a plain `pelican`
run of this configuration does not fail, it just renders no records.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable

from jinja2 import Environment, Template
from markupsafe import Markup
from pelican import Pelican
from pelican.contents import Content
from pelican.generators import Generator
from pelican.plugins import signals
from pelican.writers import Writer

from .. import catalog, subscriptions, urls
from ..parties import Party
from ..publicity import Publication
from ..standard import DECISIONS, DEPARTMENT, DEPARTMENT_LISTS, PARTY, REFERENCES, REGION, WITHDRAWAL
from ..takeover import Patch, staging
from ..timelimits import Rules
from ..urls import UnsafePagePath
from . import frames
from .dictionary import open_data_columns
from .formatting import FILTERS
from .pages import PAGE_KINDS, PARTIES_FOLDER, SPECS, Page, Planner
from .sections import decision_sections
from .values import decision_row, render_value, summary_rows, summary_sections

PUBLICATION = "GONGSHI_PUBLICATION"
STATS = "GONGSHI_STATS"
SKIP = "GONGSHI_SKIP_DEPARTMENTS"  # slugs whose pages the build takes over from the live output
SCAN = "GONGSHI_SCAN"  # called with (bytes, path) for every page written in this process (the leak guard)
# a PageKeys: what the live output's page folders hold (takeover.Records); what this build puts there goes in it
PAGE_KEYS = "GONGSHI_PAGE_KEYS"


class PageKeys:
    """Record pages a rebuild may take over from the live output: those whose key (pages.Page.key) is the one the
    live output's page was written with (takeover.Records, trusted only for the output that went live). A
    department's other pages (lists, its home) are rendered again. A page kept is not written at all: the build
    moves the department's live folder over with only the pages kept (takeover.py)."""

    def __init__(self, live: str | None, previous: dict[str, dict[str, str | None]]) -> None:
        self.live = live  # the live output folder; None: nothing to take over (the pages are still recorded)
        self.previous = previous  # folder → file relative to the output → key
        self.now: dict[str, dict[str, str | None]] = {}  # the same, for the pages of this build
        self.kept: dict[str, set[str]] = {}  # folder → the files kept from the live output, relative to it
        self.written: dict[str, dict[str, str]] = {}  # folder → the files written anew: relative path → staged file
        self._patching: dict[str, bool] = {}

    def patching(self, slug: str | None) -> bool:
        """Whether the department's live folder is taken over in part (takeover.Patch): its pages are staged."""
        if slug is None or self.live is None:
            return False
        found = self._patching.get(slug)
        if found is None:
            folder = os.path.join(self.live, slug)  # a real folder: never one a link leads out of the output to
            found = self._patching[slug] = bool(self.previous.get(slug)) and os.path.isdir(folder) and \
                not os.path.islink(folder)
        return found

    def patches(self) -> dict[str, Patch]:
        return {slug: Patch(frozenset(self.kept.get(slug, ())), self.written.get(slug, {}),
                            tuple(sorted(self.previous.get(slug, {}).keys() - self.kept.get(slug, set()))))
                for slug in sorted(self.kept.keys() | self.written.keys())}

    def keep(self, folder: str, rel: str, key: str) -> bool:
        """Keep the live copy of file `rel` when the live output's build wrote this same page there."""
        if self.previous.get(folder, {}).get(rel) != key:
            return False
        self.kept.setdefault(folder, set()).add(rel)
        self.now.setdefault(folder, {})[rel] = key
        return True

    def wrote(self, folder: str, rel: str, key: str | None) -> None:
        self.now.setdefault(folder, {})[rel] = key

CONTENT_PAGES = (
    ("about", "关于本站"),
    ("open-data", "开放数据说明"),
    ("editors-guide", "数据维护指南"),
    ("accessibility", "无障碍说明"),
)


def feed_links_function() -> Callable[[str, str | None], list[dict]]:
    """subscriptions.links_for, remembered per (page kind, department): every page asks."""
    cache: dict[tuple[str, str | None], list[dict]] = {}

    def cached(kind: str, dept: str | None) -> list[dict]:
        if kind not in PAGE_KINDS:
            raise ValueError(kind)
        key = (kind, dept)
        if key not in cache:
            cache[key] = subscriptions.links_for(kind, dept)
        return cache[key]

    return cached


def site_globals(settings: dict, publication: Publication) -> dict:
    """What every template may use: the region, the navigation, labels from the standard."""
    labels = {spec.name: {f.key: f.label for f in spec.all_fields()} for spec in (*DEPARTMENT_LISTS, DECISIONS, DEPARTMENT, REGION)}
    labels["withdrawal"] = {f.key: f.label for f in WITHDRAWAL.fields}
    labels["party"] = {f.key: f.label for f in PARTY.fields}
    return {
        "region": publication.region,
        "site_title": publication.region["site_title"],
        "as_of": publication.as_of,
        "nav_departments": [(d.name, urls.department(d.slug), d.slug) for d in publication.departments],
        "urls": urls,
        "labels": labels,
        "specs": SPECS,
        "references": REFERENCES,
        "content_pages": [(title, urls.page(slug)) for slug, title in CONTENT_PAGES],
        "licence": settings.get("GONGSHI_LICENCE", ""),
        "licence_url": settings.get("GONGSHI_LICENCE_URL", ""),
        "datasette_url": settings.get("GONGSHI_DATASETTE_URL", ""),
        "feeds_href": urls.feeds_page(),
        "timeliness_page": Rules.of(publication.region).timeliness_page,
    }


def _by_table(downloads: list[dict]) -> list[dict]:
    """One entry per table (or the whole database) with its files in every format, in the given order."""
    groups: dict[str | None, dict] = {}
    for d in downloads:
        group = groups.setdefault(
            d["table"], {"label": d["label"], "description": d["description"], "rows": d["rows"], "files": []}
        )
        group["files"].append(d)
    return list(groups.values())


_DICT_ATTRIBUTES = frozenset(dir(dict))


def dict_first_getattr(env: Environment) -> Callable[[object, str], object]:
    """Environment.getattr that looks a plain dict's keys up straight away.

    Templates read the record dicts as `d.doc_no`: Jinja first tries
    getattr(d, "doc_no") and only after its AttributeError d["doc_no"], which
    costs a microsecond each time, some twenty times a page. A plain dict has
    no attributes but dict's own, so for any other name trying the key first
    gives the same result (the value, or Undefined).
    """
    generic = env.getattr

    def getattr_(obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return env.undefined(obj=obj, name=attribute)
        return generic(obj, attribute)

    return getattr_


def _setup_env(generator: Generator) -> None:
    """Every generator (Pelican's page generator too) gets gongshi's filters and globals."""
    publication = generator.settings.get(PUBLICATION)
    generator.env.getattr = dict_first_getattr(generator.env)  # type: ignore[method-assign]
    generator.env.filters.update(FILTERS)
    generator.env.filters["fmt"] = render_value
    generator.env.filters["summary"] = summary_rows
    generator.env.filters["summary_sections"] = summary_sections
    generator.env.globals["decision_row"] = decision_row
    if publication is None:
        return
    generator.env.globals.update(site_globals(generator.settings, publication))
    if "GONGSHI_DOWNLOADS" not in generator.settings:  # the settings dict is shared by all generators
        generator.settings["GONGSHI_DOWNLOADS"] = catalog.downloads(publication)
    generator.env.globals["downloads"] = generator.settings["GONGSHI_DOWNLOADS"]
    generator.env.globals["download_groups"] = _by_table(generator.settings["GONGSHI_DOWNLOADS"])
    generator.env.globals["open_data"] = open_data_columns(list(catalog.TABLES))
    links = feed_links_function()
    generator.env.globals["feed_links"] = links("page", None)
    generator.env.globals["page_kind"] = "page"


def _substitute(content: Content) -> None:
    """Markdown pages may say {gongshi:datasette_url} etc.; replaced with the configured addresses."""
    settings = content.settings
    text = getattr(content, "_content", None)
    if not text or "{gongshi:" not in text:
        return
    values = {
        "datasette_url": settings.get("GONGSHI_DATASETTE_URL", ""),
        "licence_url": settings.get("GONGSHI_LICENCE_URL", ""),
        "licence": settings.get("GONGSHI_LICENCE", ""),
        "dictionary": urls.dictionary(),
        "certificates": urls.certificates(),
        "timeliness": urls.timeliness(),
        "statistics": urls.statistics(),
        "withdrawals": urls.withdrawals(),
        "feeds": urls.feeds_page(),
        "schemas": "/schemas/",
        "database": "/data/gongshi.db",
        "data": "/data/",
    }
    for name, value in values.items():
        text = text.replace("{gongshi:" + name + "}", value)
    content._content = text


class DatasetsGenerator(Generator):
    """Renders every page of the Publication through the theme."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Writer) -> None:
        publication: Publication = self.settings[PUBLICATION]
        stats: dict = self.settings.get(STATS, {})
        started = time.perf_counter()
        planner = Planner(
            publication,
            per_page=int(self.settings.get("GONGSHI_DECISIONS_PER_PAGE", 50)),
            latest_decisions=int(self.settings.get("GONGSHI_LATEST_DECISIONS", 10)),
            latest_withdrawals=int(self.settings.get("GONGSHI_LATEST_WITHDRAWALS", 10)),
            skip=self.settings.get(SKIP, frozenset()),
            keyed=self.settings.get(PAGE_KEYS) is not None,
        )
        workers = _workers(self.settings, publication)
        keys: PageKeys | None = self.settings.get(PAGE_KEYS)
        job = PageWriter(self.env, planner, os.path.abspath(self.output_path), keys)
        job.scan = self.settings.get(SCAN)  # a forked worker's scan comes back with its results (Seen.export)
        if workers == 1:
            count = job.run(0, 1)[0]
        else:
            # fork: the children inherit the publication and the Jinja environment as they are
            global _JOB
            _JOB = job
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    done = pool.map(_run_share, [(k, workers) for k in range(workers)])
            finally:
                _JOB = None
            count = sum(n for n, _, _, _ in done)
            for _, now, (kept, written), scanned in done:  # what the workers recorded comes back with their results
                if keys is not None:  # (per folder: the company pages' are shared among the workers)
                    for folder in now:
                        keys.now.setdefault(folder, {}).update(now[folder])
                    for folder in kept:
                        keys.kept.setdefault(folder, set()).update(kept[folder])
                    for folder in written:
                        keys.written.setdefault(folder, {}).update(written[folder])
                if scanned is not None:
                    job.scan.merge(scanned)  # type: ignore[union-attr]
        stats["pages"] = count
        stats["workers"] = workers
        stats["seconds"] = time.perf_counter() - started


_JOB: PageWriter | None = None


def _run_share(share: tuple[int, int]) -> tuple[int, dict, tuple[dict, dict], object]:
    assert _JOB is not None
    count, keys, patches = _JOB.run(*share)
    export = getattr(_JOB.scan, "export", None)
    return count, keys, patches, export() if export is not None else None


def _workers(settings: dict, publication: Publication) -> int:
    """Processes to render with: GONGSHI_SITE_WORKERS, or both cores for a large region.

    A small region renders in one process: forking costs more than it saves,
    and the test suite (which runs a browser in threads) never forks.
    """
    wanted = int(settings.get("GONGSHI_SITE_WORKERS", 0))
    if wanted > 0:
        return wanted
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    decisions = sum(len(d.decisions) for d in publication.departments)
    return min(2, os.cpu_count() or 1) if decisions >= 5000 else 1


class PageWriter:
    """Renders pages and writes them; the parts shared by many pages are rendered once.

    The header, footer and department navigation differ only in which link is
    current, and a decision's row is the same in every list it appears in, so
    each is rendered once per variant and reused. Pages that share all of
    those (every decision page of a department, say) also share their frame:
    the page outside its blocks (see frames.py).
    """

    def __init__(self, env: Environment, planner: Planner, root: str, keys: PageKeys | None = None) -> None:
        self.env = env
        self.keys = keys
        self.planner = planner
        self.root = root
        self.links = feed_links_function()
        self.templates: dict[str, Template] = {}
        self.shells: dict[tuple, Markup] = {}
        self.rows: dict[str, Markup] = {}  # one department's decision rows: each is in three or four of its lists
        self.rows_of: str | None = None
        self.frames: dict[tuple, frames.Frame | None] = {}  # None: cannot be framed
        self.nav_items: dict[str, list[tuple[str, str]]] = {}
        self.footer = Markup(env.get_template("_footer.html").render())
        self.made: set[str] = {root}
        self.scan: Callable[[bytes, str], None] | None = None
        if keys is not None and keys.live is not None and planner.skip:
            planner.kept_party = self.kept_party

    def kept_party(self, party: Party) -> bool:
        """Take a company's live page over without planning it, when its record says it cannot have changed
        (Planner.untouched); planning every company page to compare its key took most of an edit's pages' time."""
        keys = self.keys
        assert keys is not None
        if not keys.patching(PARTIES_FOLDER):
            return False
        rel = urls.file_path(urls.party(party.uscc))
        key = keys.previous.get(PARTIES_FOLDER, {}).get(rel)
        return key is not None and self.planner.untouched(party, key) and keys.keep(PARTIES_FOLDER, rel, key)

    def run(self, share: int, shares: int) -> tuple[int, dict, tuple[dict, dict]]:
        """Render this share's pages, checking that no two share an address: (pages, keys recorded, (pages kept,
        pages staged)).

        Shares are whole departments (under /<slug>/) plus, for share 0, the
        site-wide pages, so a clash can only happen within one share.
        """
        seen: set[str] = set()
        count = 0
        keys = self.keys
        for page in self.planner.pages(share, shares):
            target = _target(self.root, page, seen)
            count += 1
            folder = page.live_folder if keys is not None else None
            if folder is None:
                self.write(page, target)
                continue
            assert keys is not None
            rel = target[len(self.root) + 1 :]
            patching = keys.patching(folder)
            if patching and page.key is not None and keys.keep(folder, rel, page.key):
                continue
            self.write(page, target, self.staged(folder, rel, share) if patching else target)
            keys.wrote(folder, rel, page.key)
        return count, keys.now if keys else {}, (keys.kept, keys.written) if keys else ({}, {})

    def render(self, page: Page) -> bytes:
        """The page in UTF-8."""
        template = self.templates.get(page.template)
        if template is None:
            template = self.templates[page.template] = self.env.get_template(page.template)
        shell = {
            "page_kind": page.kind,
            "department_slug": page.department,
            "feed_links": self.links(page.kind, page.department),
            "shell_header": self.header(page),
            "shell_dept_nav": self.dept_nav(page),
            "shell_footer": self.footer,
        }
        variables = dict(page.context, page=page, title=page.title, crumbs=page.crumbs, current_path=page.path, **shell)
        if page.kind == "decisions":
            variables["rows"] = Markup("".join([self.row(d) for d in page.context["records"]]))
        elif page.kind == "decision":  # not planned with the page: most pages of a rebuild are taken over
            variables["sections"] = decision_sections(page.context["d"])
        key = (page.template, page.kind, page.department, shell["shell_header"], shell["shell_dept_nav"])
        frame = self.frames.get(key, False)
        if frame is False:
            frame = self.frames[key] = frames.make(template, shell, variables)
        if frame is None:
            return template.render(variables).encode("utf-8")
        return frame.render(variables)

    def staged(self, folder: str, rel: str, share: int) -> str:
        """Where a patched department's page is written, in its staging folder (takeover.Patch), recorded; named
        by the worker's share too, as the workers stage the company pages in one folder."""
        assert self.keys is not None
        written = self.keys.written.setdefault(folder, {})
        into = written[rel] = os.path.join(self.root, staging(folder), f"{share}-{len(written)}")
        return into

    def write(self, page: Page, target: str, into: str | None = None) -> None:
        """Render the page at `target` into that file (or into `into`, to be moved there)."""
        data = self.render(page)
        if self.scan is not None:
            self.scan(data, target)
        into = into or target
        folder = os.path.dirname(into)
        if folder not in self.made:
            self.mkdir(folder)
        fd = os.open(into, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def mkdir(self, folder: str) -> None:
        """Create a page's folder: its parent was usually made for an earlier page, so one mkdir does."""
        parent = os.path.dirname(folder)
        if parent not in self.made:
            self.mkdir(parent)
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
        self.made.add(folder)

    def row(self, d: dict) -> Markup:
        if d["department"] != self.rows_of:  # a million rows kept would be a gigabyte
            self.rows.clear()
            self.rows_of = d["department"]
        html = self.rows.get(d["id"])
        if html is None:
            html = self.rows[d["id"]] = decision_row(d)
        return html

    def header(self, page: Page) -> Markup:
        current = page.path if page.path in _NAV_TARGETS else None
        key = ("header", current)
        if key not in self.shells:
            self.shells[key] = Markup(self.env.get_template("_header.html").render(nav_current=current))
        return self.shells[key]

    def dept_nav(self, page: Page) -> Markup:
        dept = page.context.get("dept")
        if not dept:
            return Markup("")
        items = self.nav_items.get(dept.slug)
        if items is None:
            items = [(spec.label, urls.column(dept.slug, name)) for name, spec in SPECS.items()]
            items += [("执法决定", urls.decisions(dept.slug)), ("撤回公告", urls.withdrawals(dept.slug)),
                      ("年度数据", urls.statistics(None, dept.slug))]
            self.nav_items[dept.slug] = items
        current: tuple[str | None, str | None] = (None, None)
        if page.path == urls.department(dept.slug):
            current = (page.path, "page")
        else:
            for _, h in items:
                if page.path == h:
                    current = (h, "page")
                elif page.path.startswith(h):
                    current = (h, "true")
        key = ("dept", dept.slug, current)
        if key not in self.shells:
            self.shells[key] = Markup(
                self.env.get_template("_dept_nav.html").render(dept=dept, dept_nav_items=items, dept_nav_current=current)
            )
        return self.shells[key]


_NAV_TARGETS = frozenset({urls.home(), urls.withdrawals(), urls.certificates(), urls.parties()})


def _target(root: str, page: Page, seen: set[str]) -> str:
    """The page's file under `root` (an absolute, normalised path)."""
    rel = urls.file_path(page.path)
    # an empty, . or .. segment would be normalised away: the file would not be where the address says
    padded = f"/{rel}/"
    if "/./" in padded or "/../" in padded or "//" in padded:
        raise UnsafePagePath(page.path, "a code is a dot segment (. or ..)")
    target = f"{root}{os.sep}{rel}"
    if target in seen:
        raise UnsafePagePath(page.path, "two pages share this address")
    seen.add(target)
    return target


def _get_generators(pelican: Pelican) -> type[Generator] | None:
    return DatasetsGenerator if pelican.settings.get(PUBLICATION) is not None else None


def register() -> None:
    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_setup_env)
    signals.content_object_init.connect(_substitute)
