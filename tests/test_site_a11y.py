"""Accessibility and HTML validity of the demo site: axe-core in Chromium and the Nu HTML Checker."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from gongshi import urls
from gongshi.site import pages
from tests.browser import (
    cut_charts,
    format_overflow,
    format_violations,
    format_vnu,
    horizontal_overflow,
    run_axe,
    run_vnu,
    scrolling_tables,
    serve_directory,
)
from tests.site_build import BuiltSite, build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("site-a11y") / "out")


def one_page_of_every_type(built: BuiltSite) -> list[str]:
    """Site paths: one page of each template and variant a visitor can reach."""
    pub = built.publication
    dept = max(pub.departments, key=lambda d: len(d.decisions))
    paths = [urls.home(), urls.department(dept.slug)]
    for name, spec in pages.SPECS.items():
        paths.append(urls.column(dept.slug, name))
        paths.append(urls.item(dept.slug, name, str(dept.lists[name].items[0][spec.key])))
    d = dept.decisions[0]
    paths += [
        urls.decisions(dept.slug),
        urls.decisions(dept.slug, 2),
        urls.decisions_year(dept.slug, d["year"]),
        urls.decisions_kind(dept.slug, d["kind"]),
    ]
    seen_kinds = set()
    for d in pub.decisions():  # one decision page of each kind: their fields differ
        if d["kind"] not in seen_kinds:
            seen_kinds.add(d["kind"])
            paths.append(urls.decision(d["department"], d["slug"]))
    w = pub.withdrawals()[0]
    paths += [
        urls.decision(w["department"], w["slug"]),
        urls.withdrawals(),
        urls.withdrawals(w["department"]),
        urls.certificates(),
        urls.timeliness(),
        *statistics_pages(built),
        urls.dictionary(),
        urls.feeds_page(),
        urls.not_found(),
        urls.not_found(dept.slug),
        urls.search(),
        urls.parties(),
        urls.parties("L"),
        urls.department_parties(dept.slug),
        urls.party(next(d["party"]["uscc"] for d in pub.decisions() if d["party"].get("uscc"))),
        *(urls.page(slug) for slug in ("about", "open-data", "editors-guide", "accessibility")),
    ]
    assert all(built.page(p).is_file() for p in paths)
    return paths


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param({}, id="desktop"),
        pytest.param({"viewport": (360, 800)}, id="360px"),
        pytest.param({"zoom": 2.0}, id="zoom200"),
    ],
)
def test_every_page_type_passes_axe(built, browser_session, mode):
    with serve_directory(built.root) as base:
        result = run_axe([base + quote(p) for p in one_page_of_every_type(built)], session=browser_session, **mode)
    assert not any(result.values()), format_violations(result)


def test_no_page_scrolls_sideways_on_a_phone_or_at_200_percent(built, browser_session):
    paths = one_page_of_every_type(built)
    with serve_directory(built.root) as base:
        page_urls = [base + quote(p) for p in paths]
        phone = horizontal_overflow(page_urls, 360, session=browser_session)
        zoomed = horizontal_overflow(page_urls, 1280, zoom=2.0, session=browser_session)
    assert not phone, format_overflow(phone)
    assert not zoomed, format_overflow(zoomed)


def statistics_pages(built: BuiltSite) -> list[str]:
    """The years, a year's region-wide report (a final one, with a correction), a department's report."""
    dept = max(built.publication.departments, key=lambda d: len(d.decisions))
    return [urls.statistics(), urls.statistics(2024), urls.statistics(2025, dept.slug)]


def test_every_chart_fits_a_phone_screen(built, browser_session):
    with serve_directory(built.root) as base:
        found = cut_charts([base + quote(p) for p in statistics_pages(built)[1:]], 360, session=browser_session)
    assert not found, found


def list_pages(built: BuiltSite) -> list[str]:
    """Every page type that lists records in a table: decisions, withdrawals, certificates, each column."""
    pub = built.publication
    dept = max(pub.departments, key=lambda d: len(d.decisions))
    w = pub.withdrawals()[0]
    return [
        urls.decisions(dept.slug),
        urls.decisions_year(dept.slug, dept.decisions[0]["year"]),
        urls.withdrawals(),
        urls.withdrawals(w["department"]),
        urls.certificates(),
        urls.timeliness(),
        urls.statistics(2025),
        *(urls.column(dept.slug, name) for name in pages.SPECS),
    ]


def test_list_pages_show_every_row_on_a_phone_without_sideways_scrolling(built, browser_session):
    with serve_directory(built.root) as base:
        found = scrolling_tables([base + quote(p) for p in list_pages(built)], 360, session=browser_session)
    assert not found, found


def test_list_rows_on_a_phone_name_each_value(built, browser_session):
    """A card has no header row: every value cell carries its column's name for the phone layout."""
    for path in list_pages(built):
        html = built.read(path)
        body = "".join(re.findall(r'<table class="records">.*?</table>', html, re.S))
        cells = re.findall(r"<(td|th scope=\"row\")( [^>]*)?>", body)
        assert cells, path
        assert all("data-label=" in (attrs or "") for _, attrs in cells), path


def test_all_html_is_valid(built):
    messages = run_vnu(built.html_files())
    assert not messages, format_vnu(messages, root=built.root)
