"""The public website built from the demo region: what a citizen would see (or must not see)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from gongshi import publicity, site, urls
from gongshi.build import BuildConfig
from gongshi.load import load
from gongshi.reuse import RenderJob
from gongshi.site import flowchart, pages
from gongshi.site.formatting import cn_date, money, time_tag
from gongshi.standard import ALL_SPECS, DECISION_KINDS, NATURAL_PERSON
from tests.minimal_region import FILES
from tests.site_build import AS_OF, BuiltSite, build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("site") / "out")


@pytest.fixture(scope="module")
def texts(built) -> dict[str, str]:
    """Every HTML page's text, keyed by its path relative to the output folder."""
    return {p.relative_to(built.root).as_posix(): p.read_text(encoding="utf-8") for p in built.html_files()}


def raw_decisions(built):
    for dept in built.dataset.departments:
        for rec in dept.decisions:
            yield dept, rec


def rel(path: str) -> str:
    return urls.file_path(path)


def links(html: str) -> list[str]:
    """Every href, decoded back to the site path it names."""
    from urllib.parse import unquote

    return [unquote(unescape(h)) for h in re.findall(r'href="([^"]+)"', html)]


def decision_links(html: str) -> list[str]:
    """Links to decision pages found inside the page's tables."""
    tables = "".join(re.findall(r"<table.*?</table>", html, re.S))
    return [h for h in links(tables) if re.fullmatch(r"/[a-z0-9-]+/decisions/[^/]+-\d{4}-\d+/", h)]


# ---------------------------------------------------------------- every page type


def test_every_page_type_exists(built):
    pub = built.publication
    dept = next(d for d in pub.departments if d.decisions and d.withdrawals)
    d = dept.decisions[0]
    w = dept.withdrawals[0]
    expected = [
        urls.home(),
        urls.department(dept.slug),
        *(urls.column(dept.slug, name) for name in pages.SPECS),
        *(urls.item(dept.slug, name, str(dept.lists[name].items[0][spec.key])) for name, spec in pages.SPECS.items()),
        urls.decisions(dept.slug),
        urls.decisions_year(dept.slug, d["year"]),
        urls.decisions_kind(dept.slug, d["kind"]),
        urls.decision(dept.slug, d["slug"]),
        urls.decision(dept.slug, w["slug"]),
        urls.withdrawals(),
        urls.withdrawals(dept.slug),
        urls.certificates(),
        urls.timeliness(),
        urls.dictionary(),
        *(urls.page(slug) for slug in ("about", "open-data", "editors-guide", "accessibility")),
    ]
    missing = [p for p in expected if not built.page(p).is_file()]
    assert not missing
    assert (built.root / "theme" / "css" / "site.css").is_file()
    assert built.files == sum(1 for p in built.root.rglob("*") if p.is_file())


def test_every_record_has_its_page(built):
    for dept in built.publication.departments:
        for d in dept.decisions:
            assert built.page(urls.decision(dept.slug, d["slug"])).is_file()
        for name, spec in pages.SPECS.items():
            for it in dept.lists[name].items:
                assert built.page(urls.item(dept.slug, name, str(it[spec.key]))).is_file()


def test_every_page_has_the_landmarks_and_language(texts):
    for name, html in texts.items():
        assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'), name
        assert '<a class="skip-link" href="#main">' in html, name
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            assert landmark in html, (name, landmark)
        assert 'class="breadcrumbs"' in html, name
        assert "<script" not in html or name == rel(urls.search()), name  # (search runs in the browser)
        assert not re.search(r'(?:src|href)="(?:https?:)?//[^"]*\.(?:css|js)', html), name


def test_tables_have_captions_and_header_scope(texts):
    for name, html in texts.items():
        for table in re.findall(r"<table.*?</table>", html, re.S):
            assert "<caption" in table, name
            assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", table)), name


def test_pages_link_only_to_pages_that_exist(built, texts):
    """Internal links resolve (feeds, data and schema files belong to other renderers)."""
    others = ("/feeds/", "/data/", "/schemas/", "/api/", "/pagefind/")
    broken = set()
    for name, html in texts.items():
        for h in links(html):
            if not h.startswith("/") or h.startswith(others):
                continue
            path = h.split("#")[0]
            target = built.page(path) if path.endswith("/") else built.root / path.lstrip("/")
            if not target.is_file():
                broken.add((name, h))
    assert not broken


# ---------------------------------------------------------------- what publicity decided, as seen on the site


def test_withdrawn_decision_gone_from_listings_and_its_old_url_says_why(built, texts):
    withdrawn = [(dept, rec) for dept, rec in raw_decisions(built) if rec.get("withdrawal") and not publicity.is_minor(rec)]
    assert withdrawn
    for dept, rec in withdrawn:
        slug = publicity.doc_slug(rec["doc_no"])
        old = urls.decision(dept.slug, slug)
        # gone from every list of decisions (the notices list it on purpose; a later
        # decision may mention it in its text)
        notices = {rel(urls.withdrawals()), rel(urls.withdrawals(dept.slug)), rel(old)}
        for name, html in texts.items():
            if name in notices or name.startswith("parties/"):  # (a company's page lists its notices too)
                continue
            if name == rel(urls.home()):
                html = html.split('id="latest-withdrawals"')[0]
            tables = "".join(re.findall(r"<table.*?</table>", html, re.S))
            assert rec["doc_no"] not in tables, name
            assert old not in decision_links(html), name
        # the old address explains, without the content
        page = texts[rel(old)]
        w = rec["withdrawal"]
        assert "已撤回" in page
        assert cn_date(w["date"]) in page and w["kind"] in page
        assert unescape(re.sub(r"<[^>]+>", "", page)).count(w["reason"].splitlines()[0]) >= 1
        assert rec["party"]["name"] not in page
        for key in ("facts", "content", "conclusion"):
            if rec.get(key):
                assert rec[key] not in unescape(page), key
        # and it is listed as a notice
        assert old in links(texts[rel(urls.withdrawals())])
        assert old in links(texts[rel(urls.withdrawals(dept.slug))])


def test_expired_decision_absent_everywhere(built, texts):
    expired = [
        rec
        for dept, rec in raw_decisions(built)
        if publicity.expiry(rec, AS_OF, sector=publicity.sectors(dept).get(str(rec["power_code"]))) < AS_OF
        and not rec.get("withdrawal")
        and not publicity.is_minor(rec)
    ]
    assert expired
    for rec in expired:
        assert not any(rec["doc_no"] in html for html in texts.values()), rec["doc_no"]
        assert not any(p.endswith(f"/{publicity.doc_slug(rec['doc_no'])}/index.html") for p in texts)


def test_summary_procedure_and_warning_only_penalties_absent_everywhere(built, texts):
    from gongshi.timelimits import Rules, withheld

    held = [rec for _, rec in raw_decisions(built) if withheld(rec, Rules()) and not publicity.is_minor(rec)]
    assert held, "the demo should hold a summary-procedure penalty"
    for rec in held:
        assert not any(rec["doc_no"] in html for html in texts.values()), rec["doc_no"]


def test_dictionary_names_the_api_and_csv_columns_next_to_the_yaml_keys(texts):
    from gongshi.catalog import TABLES

    html = texts[rel(urls.dictionary())]

    def row(key: str, after: str) -> str:
        start = html.index(f'<th scope="row"><code>{key}</code></th>', html.index(after))
        return html[start : html.index("</tr>", start)]

    decisions = 'id="decisions"'
    assert "<code>decisions.party_name</code>" in row("party.name", decisions)
    assert "<code>decisions.fine_yuan</code><br><code>decisions.fine_fen</code>" in row("fine", decisions)
    assert "<code>withdrawals.reason</code>" in row("withdrawal.reason", decisions)
    assert "<code>decision_officers.cert_no</code>" in row("officers", decisions)
    assert "<code>power_basis.law</code>" in row("basis.law", 'id="powers"')
    assert "<code>flowchart_steps.code</code>" in row("steps.id", 'id="flowcharts"')
    assert "<code>lists.revised</code>" in row("revised", 'id="powers"')
    assert "<td>—</td>" in row("party.id_number", decisions), "a private field has no column"
    columns = html[html.index('id="open-data-columns"') :]
    for table in TABLES:
        section = columns[columns.index(f'<h3 id="table-{table.name}">') :]
        for column in table.columns:
            assert f'<th scope="row"><code>{column.name}</code></th>' in section.split("</table>")[0], (table.name, column.name)
    for added in ("department_name", "url", "updated"):
        assert f'<th scope="row"><code>{added}</code></th><td>' in columns
    assert "开放数据附加" in row("url", 'id="table-decisions"')


# The governing text's title as it stands in shared/reference (泸市府办函〔2019〕68号 forwards it).
GOVERNING_TITLE = "《四川省人民政府办公厅关于全面落实行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的实施意见》"


def test_about_page_names_the_governing_text_by_its_real_title(texts):
    about = texts[rel(urls.page("about"))]
    assert f"{GOVERNING_TITLE}（川办发〔2019〕34号" in about
    cited = re.findall(r"(《[^》]+》)（川办发〔2019〕34号", "".join(texts.values()))
    assert cited and set(cited) == {GOVERNING_TITLE}, "every page cites it by the same, real title"
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference"
    if reference.is_dir():  # beside the checkout, as the developers and CI have it
        assert any(GOVERNING_TITLE in f.read_text(encoding="utf-8", errors="replace") for f in reference.iterdir())


def test_natural_persons_are_masked_everywhere(built, texts):
    officers = {p["name"] for dept in built.dataset.departments for p in dept.items("personnel")}
    people = [rec for _, rec in raw_decisions(built) if rec["party"]["kind"] == NATURAL_PERSON]
    assert people
    shown = 0
    for rec in people:
        full = rec["party"]["name"]
        if full not in officers:
            assert not any(full in html for html in texts.values()), f"{full[0]}… appears in clear"
        masked = publicity.mask_name(full)
        page = texts.get(rel(urls.decision(next(d.slug for d in built.dataset.departments if rec in d.decisions), publicity.doc_slug(rec["doc_no"]))))
        if page and "已撤回" not in page:
            assert masked in page
            shown += 1
        number = rec["party"].get("id_number")
        if number:
            assert not any(str(number) in html for html in texts.values())
    assert shown


def test_minor_case_is_absent(built, texts):
    minors = [(dept, rec) for dept, rec in raw_decisions(built) if publicity.is_minor(rec)]
    assert minors
    for dept, rec in minors:
        assert not any(rec["doc_no"] in html for html in texts.values())
        assert not built.page(urls.decision(dept.slug, publicity.doc_slug(rec["doc_no"]))).exists()


# ---------------------------------------------------------------- decisions: pagination and filters


def test_decisions_are_paginated_with_aria_current(built, texts):
    per_page = 25
    dept = max(built.publication.departments, key=lambda d: len(d.decisions))
    assert len(dept.decisions) > per_page, "the demo should need a second page"
    count = -(-len(dept.decisions) // per_page)
    seen = []
    for n in range(1, count + 1):
        html = texts[rel(urls.decisions(dept.slug, n))]
        nav = re.search(r'<nav class="pagination" aria-label="分页">.*?</nav>', html, re.S).group(0)
        current = re.findall(r'<a href="([^"]+)" aria-label="第 (\d+) 页" aria-current="page">', nav)
        assert current == [(urls.decisions(dept.slug, n), str(n))]
        assert ('rel="prev"' in nav) == (n > 1) and ('rel="next"' in nav) == (n < count)
        seen += decision_links(html)
    # every published decision exactly once, newest first
    assert seen == [urls.decision(dept.slug, d["slug"]) for d in dept.decisions]


def test_year_and_kind_pages_hold_only_matching_decisions(built, texts):
    checked = 0
    for dept in built.publication.departments:
        by_url = {urls.decision(dept.slug, d["slug"]): d for d in dept.decisions}
        years = {d["year"] for d in dept.decisions}
        kinds = {d["kind"] for d in dept.decisions}
        for year in years:
            found = _all_pages(texts, lambda n, y=year, s=dept.slug: urls.decisions_year(s, y, n))
            assert found and all(by_url[h]["year"] == year for h in found)
            assert len(found) == sum(1 for d in dept.decisions if d["year"] == year)
            checked += 1
        for kind in kinds:
            assert kind in DECISION_KINDS
            found = _all_pages(texts, lambda n, k=kind, s=dept.slug: urls.decisions_kind(s, k, n))
            assert found and all(by_url[h]["kind"] == kind for h in found)
            assert len(found) == sum(1 for d in dept.decisions if d["kind"] == kind)
            checked += 1
        # the filter links are plain links on the list page, the current one marked
        html = texts[rel(urls.decisions(dept.slug))]
        for year in years:
            assert urls.decisions_year(dept.slug, year) in links(html)
        for kind in kinds:
            assert urls.decisions_kind(dept.slug, kind) in links(html)
        assert f'<a href="{urls.decisions(dept.slug)}" aria-current="page">全部' in html
    assert checked


def _all_pages(texts, address) -> list[str]:
    found, n = [], 1
    while rel(address(n)) in texts:
        found += decision_links(texts[rel(address(n))])
        n += 1
    return found


def test_home_lists_latest_decisions_and_withdrawals(built, texts):
    html = texts["index.html"]
    latest = built.publication.decisions()[:10]
    section = html.split('id="latest"')[1].split('id="latest-withdrawals"')[0]
    assert decision_links(section) == [urls.decision(d["department"], d["slug"]) for d in latest]
    for dept in built.publication.departments:
        assert urls.department(dept.slug) in links(html)
    notices = html.split('id="latest-withdrawals"')[1]
    assert all(w["doc_no"] in notices for w in built.publication.withdrawals()[:10])


# ---------------------------------------------------------------- department, columns, detail pages


def test_department_page_shows_profile_remedies_and_columns(built, texts):
    for dept in built.publication.departments:
        html = texts[rel(urls.department(dept.slug))]
        text = unescape(html)
        p = dept.profile
        for key in ("name", "uscc", "address", "phone"):
            assert str(p[key]) in text
        for duty in p["duties"]:
            assert duty in text
        for remedy in p["remedies"]:
            assert remedy["body"] in text and remedy["time_limit"] in text
        assert p["legal_review_unit"]["name"] in text
        for name, lst in dept.lists.items():
            assert urls.column(dept.slug, name) in links(html)
            assert time_tag(lst.revised) in html


def test_column_pages_show_revision_date_and_history(built, texts):
    for dept in built.publication.departments:
        for name, lst in dept.lists.items():
            html = texts[rel(urls.column(dept.slug, name))]
            assert f"最近修订：{time_tag(lst.revised)}" in html
            assert len(re.findall(r"<tbody>.*?</tbody>", html, re.S)[0].split("<tr>")) - 1 == len(lst.items)
            if lst.revisions:
                assert "修订记录" in html
                for r in lst.revisions:
                    assert time_tag(r["date"]) in html


def test_decision_page_formats_dates_and_money(built, texts):
    fined = next(d for d in built.publication.decisions() if d.get("fine"))
    html = texts[rel(urls.decision(fined["department"], fined["slug"]))]
    assert money(fined["fine"]) in html
    assert re.search(r"\d{1,3}(,\d{3})*\.\d{2} 元", money(fined["fine"]))
    assert f'<time datetime="{fined["decision_date"].isoformat()}">{cn_date(fined["decision_date"])}</time>' in html
    assert fined["party"]["name"] in html
    # references become links: the power, and the officers' certificate pages
    assert urls.item(fined["department"], "powers", fined["power_code"]) in links(html)
    for cert in fined.get("officers", []):
        assert urls.item(fined["department"], "personnel", cert) in links(html)


def test_money_and_dates_read_the_chinese_way():
    from datetime import date
    from decimal import Decimal

    assert money(Decimal("12000.5")) == "12,000.50 元"
    assert money(500) == "500.00 元"
    assert cn_date(date(2024, 3, 5)) == "2024年3月5日"
    assert time_tag(date(2099, 12, 31)) == '<time datetime="2099-12-31">长期</time>'


# ---------------------------------------------------------------- flowcharts


def test_flowchart_pages_draw_svg_with_a_text_equivalent(built, texts):
    for dept in built.publication.departments:
        for chart in dept.lists["flowcharts"].items:
            html = texts[rel(urls.item(dept.slug, "flowcharts", chart["id"]))]
            svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
            assert 'role="img"' in svg and f"<title id=\"fc-title\">{chart['name']}</title>" in svg
            assert svg.count("<rect ") == len(chart["steps"])
            n_edges = sum(len(s.get("next") or []) for s in chart["steps"])
            assert svg.count('class="fc-edge') == n_edges
            for s in chart["steps"]:
                if s.get("when"):
                    assert s["when"][:4] in svg  # the branch label, possibly wrapped
            steps = re.search(r'<ol class="steps">.*?</ol>', html, re.S).group(0)
            items = re.findall(r'<li id="step-([^"]+)">(.*?)</li>', steps, re.S)
            assert [i for i, _ in items] == [s["id"] for s in chart["steps"]]
            for (_, body), s in zip(items, chart["steps"], strict=True):
                text = unescape(body)
                assert s["name"] in text and s["actor"] in text and s["time_limit"] in text
                if s.get("next"):
                    assert all(f'href="#step-{n}"' in body for n in s["next"])
                else:
                    assert "流程结束" in text


def test_flowchart_layout_ranks_steps_and_routes_loops_aside():
    steps = [
        {"id": "S1", "name": "申请", "actor": "申请人", "time_limit": "当场", "next": ["S2"]},
        {"id": "S2", "name": "受理", "actor": "窗口", "time_limit": "当场", "next": ["S3", "S4"]},
        {"id": "S3", "name": "决定", "actor": "科室", "time_limit": "5 个工作日"},
        {"id": "S4", "name": "补正", "actor": "窗口", "time_limit": "当场", "when": "材料不齐全", "next": ["S2"]},
    ]
    rank, back = flowchart.ranks(steps)
    assert rank == {"S1": 0, "S2": 1, "S3": 2, "S4": 2}
    assert back == {("S4", "S2")}
    layout = flowchart.layout(steps)
    assert len(layout.boxes) == 4 and len(layout.edges) == 4
    assert [e.back for e in layout.edges] == [False, False, False, True]  # forward edges first
    assert [[t.text for t in label] for label in layout.labels] == [["材料不齐全"]]
    assert layout.boxes[-1].terminal is False and layout.boxes[2].terminal is True


BRANCHY = [  # a branch on either side, a long condition, an arrow skipping a rank, a loop back
    {"id": "A", "name": "申请", "actor": "申请人", "time_limit": "当场", "next": ["B", "C", "D"]},
    {"id": "B", "name": "不予受理", "actor": "窗口", "time_limit": "5 个工作日", "when": "申请事项依法不需要取得许可，或者不属于本机关职权范围"},
    {"id": "C", "name": "受理", "actor": "窗口", "time_limit": "当场", "when": "材料齐全", "next": ["E"]},
    {"id": "D", "name": "补正", "actor": "窗口", "time_limit": "当场", "when": "材料不齐全或者不符合法定形式", "next": ["A"]},
    {"id": "E", "name": "审查", "actor": "科室", "time_limit": "10 个工作日", "next": ["F", "G"]},
    {"id": "F", "name": "准予许可", "actor": "局长", "time_limit": "当场", "when": "符合法定条件、标准"},
    {"id": "G", "name": "不予许可", "actor": "局长", "time_limit": "当场", "when": "不符合法定条件、标准", "next": ["H"]},
    {"id": "H", "name": "告知救济途径", "actor": "窗口", "time_limit": "当场"},
]


def _charts(built) -> list[tuple[str, list[dict]]]:  # type: ignore[no-untyped-def]
    found = [("branchy", BRANCHY)]
    for dept in built.publication.departments:
        found += [(f"{dept.slug}/{c['id']}", c["steps"]) for c in dept.lists["flowcharts"].items]
    return found


def test_flowchart_labels_sit_beside_the_lines_not_on_them(built):
    for name, steps in _charts(built):
        layout = flowchart.layout(steps)
        assert len(layout.label_boxes) == sum(1 for s in steps if s.get("when") and s is not steps[0]), name
        lines = [flowchart._dense(e.points, 1.0) for e in layout.edges]
        boxes = [(float(b.x), float(b.y), float(b.x) + float(b.w), float(b.y) + float(b.h)) for b in layout.boxes]
        for i, label in enumerate(layout.label_boxes):
            x0, y0, x1, y1 = label
            assert 0 <= x0 and x1 <= layout.width and 0 <= y0 and y1 <= layout.height, (name, label)
            for points in lines:
                assert not any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points), (name, "label on a line", label)
            for box in [*boxes, *layout.label_boxes[:i]]:
                assert not flowchart._overlap(label, box), (name, "label over a box or another label", label)


# ---------------------------------------------------------------- officer certificates


def test_certificate_pages_say_whether_the_officer_is_serving(built, texts):
    verdicts = set()
    for dept in built.publication.departments:
        column = texts[rel(urls.column(dept.slug, "personnel"))]
        for officer in dept.lists["personnel"].items:
            path = urls.item(dept.slug, "personnel", str(officer["cert_no"]))
            assert path in links(column)
            html = texts[rel(path)]
            serving = officer["status"] == "在岗" and officer["valid_until"] >= AS_OF
            verdicts.add(serving)
            assert (f"该证号属于{dept.name}的在岗执法人员" in html) == serving
            assert ("该证号目前不能用于执法" in html) == (not serving)
            assert officer["name"] in html
            assert time_tag(AS_OF) not in html, "record pages carry no build date (see test_a_day_later_*)"
    assert verdicts == {True, False}, "the demo should have serving and non-serving officers"


def test_certificate_index_lists_every_number_in_order(built, texts):
    html = texts[rel(urls.certificates())]
    listed = re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a></th>', html)
    expected = sorted(str(o["cert_no"]) for d in built.publication.departments for o in d.lists["personnel"].items)
    assert listed == expected
    # nothing asks for the number: the only form is the header's site search, which runs in the browser
    assert "如何核验" in html and "<form" not in html.split('id="main"')[1]


# ---------------------------------------------------------------- the build date


def test_only_the_site_wide_summaries_carry_the_build_date(texts):
    """A daily rebuild (decisions expire every day) must not rewrite every page for the date alone."""
    dated = sorted(path for path, html in texts.items() if "截至 <time" in html)
    assert dated == sorted([rel(urls.home()), rel(urls.certificates()), rel(urls.timeliness())])
    assert f"公示信息截至 {time_tag(AS_OF)}" in texts[rel(urls.home())]
    assert f"核验结果截至 {time_tag(AS_OF)}" in texts[rel(urls.certificates())]


def test_a_day_later_record_pages_are_byte_identical(tmp_path, built):
    from datetime import timedelta

    later = build_site(tmp_path / "later", as_of=AS_OF + timedelta(days=1))
    records = [urls.decision(d["department"], d["slug"]) for d in built.publication.decisions()]
    records += [urls.decision(w["department"], w["slug"]) for w in built.publication.withdrawals()]
    for dept in built.publication.departments:
        for name, spec in pages.SPECS.items():
            if name != "personnel":  # whether a certificate is still valid does depend on the day
                records += [urls.item(dept.slug, name, str(it[spec.key])) for it in dept.lists[name].items]
    compared = [p for p in records if later.page(p).exists()]
    assert len(compared) > 0.9 * len(records)
    assert [p for p in compared if later.page(p).read_bytes() != built.page(p).read_bytes()] == []


# ---------------------------------------------------------------- data dictionary, content pages, feeds hook


def test_data_dictionary_covers_the_standard(texts):
    html = unescape(texts[rel(urls.dictionary())])
    for spec in ALL_SPECS:
        assert f'href="{urls.schema(spec.name)}"' in html
        for f in spec.all_fields():
            assert f"<code>{f.key}</code>" in html and f.label in html and f.doc in html
    assert "不公开" in html


def test_content_pages_are_rendered_with_the_configured_addresses(texts):
    html = texts[rel(urls.page("open-data"))]
    assert "{gongshi:" not in html
    assert 'href="/api/"' in html and "/data/gongshi.db" in html and "CC BY 4.0" in html
    assert "gongshi validate" in texts[rel(urls.page("editors-guide"))]
    assert "gongshi new-department" in texts[rel(urls.page("editors-guide"))]
    for slug in ("about", "open-data", "editors-guide", "accessibility"):
        assert "{gongshi:" not in texts[rel(urls.page(slug))]


def test_feed_links_come_from_the_subscriptions_module(tmp_path, monkeypatch):
    """Pages advertise the feeds gongshi.subscriptions names (the feeds renderer writes the same ones)."""
    import gongshi.subscriptions

    calls = []

    def links_for(kind, dept):
        calls.append((kind, dept))
        return [{"title": f"订阅 {kind}", "href": f"/feeds/{dept or 'all'}.atom", "type": "application/atom+xml"}]

    monkeypatch.setattr(gongshi.subscriptions, "links_for", links_for)
    built = _minimal_site(tmp_path)
    html = built.read(urls.decisions("shijianju"))
    assert '<link rel="alternate" type="application/atom+xml" title="订阅 decisions" href="/feeds/shijianju.atom">' in html
    home = built.read(urls.home())
    assert 'title="订阅 home" href="/feeds/all.atom"' in home
    assert 'title="订阅 page"' in built.read(urls.page("about"))
    assert {k for k, _ in calls} <= set(pages.PAGE_KINDS)


# ---------------------------------------------------------------- reproducible, contained, safe


def _minimal_site(tmp_path: Path) -> BuiltSite:
    datasets = tmp_path / "datasets"
    for rel_path, text in FILES.items():
        (datasets / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (datasets / rel_path).write_text(text, encoding="utf-8")
    return build_site(tmp_path / "out", datasets, AS_OF)


def test_two_renders_are_byte_identical(tmp_path, built):
    again = build_site(tmp_path / "again")
    first = {p.relative_to(built.root): p.read_bytes() for p in built.root.rglob("*") if p.is_file()}
    second = {p.relative_to(again.root): p.read_bytes() for p in again.root.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_framed_pages_are_the_pages_a_whole_render_gives(tmp_path, built, monkeypatch):
    """Record pages are their template's frame with the blocks filled in (gongshi/site/frames.py)."""
    from gongshi.site import frames

    monkeypatch.setattr(frames, "make", lambda template, shell, variables: None)
    whole = build_site(tmp_path / "whole")
    framed = {p.relative_to(built.root): p.read_bytes() for p in built.root.rglob("*") if p.is_file()}
    unframed = {p.relative_to(whole.root): p.read_bytes() for p in whole.root.rglob("*") if p.is_file()}
    assert framed.keys() == unframed.keys()
    assert [k for k in framed if framed[k] != unframed[k]] == []


def test_a_frame_is_refused_when_the_page_outside_its_blocks_depends_on_the_page():
    from jinja2 import DictLoader, Environment

    from gongshi.site import frames

    env = Environment(
        loader=DictLoader(
            {
                "base.html": "<title>{% block title %}{{ title }}{% endblock %}</title>{{ shell }}"
                "{% block content %}{% endblock %}{{ current_path }}",
                "fine.html": '{% extends "base.html" %}{% block content %}<p>{{ text }}</p>{% endblock %}',
                "sets.html": '{% extends "base.html" %}{% set x = text %}{% block content %}{{ x }}{% endblock %}',
            }
        ),
        autoescape=True,
    )
    page = {"shell": "S<", "title": "T&", "text": "x<y", "current_path": "/a/"}
    fine = env.get_template("fine.html")
    assert frames.make(fine, {"shell": "S<"}, page) is None  # base.html reads current_path outside a block
    env.loader.mapping["base.html"] = env.loader.mapping["base.html"].replace("{{ current_path }}", "")  # type: ignore[attr-defined]
    fine = env.get_template("fine.html")
    frame = frames.make(fine, {"shell": "S<"}, page)
    assert frame.render(page) == fine.render(page).encode() == b"<title>T&amp;</title>S&lt;<p>x&lt;y</p>"
    assert frames.make(env.get_template("sets.html"), {"shell": "S"}, page) is None


def test_dict_keys_read_as_attributes_as_jinja_reads_them():
    from jinja2 import Environment

    from gongshi.site.plugin import dict_first_getattr

    env = Environment()
    fast = dict_first_getattr(env)

    class Sub(dict):
        doc_no = "attribute"

    for obj in ({"doc_no": 1}, {"items": 2}, {}, Sub(doc_no=3), [1], "text"):
        for name in ("doc_no", "items", "get", "missing", "upper"):
            expected, got = env.getattr(obj, name), fast(obj, name)
            assert type(got) is type(expected) and (got == expected or callable(got)), (obj, name)


def test_render_writes_nothing_outside_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _minimal_site(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datasets", "out"]


def test_a_code_that_is_a_dot_segment_is_refused(tmp_path):
    """The validator refuses such codes; the renderer refuses them too, should one get through."""
    datasets = tmp_path / "datasets"
    for rel_path, text in FILES.items():
        (datasets / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (datasets / rel_path).write_text(text, encoding="utf-8")
    publication = publicity.decide(load(datasets, AS_OF), AS_OF)
    [item] = publication.departments[0].lists["inspection_items"].items
    item["code"] = ".."
    with pytest.raises(site.UnsafePagePath) as caught:
        site.render(RenderJob(publication, tmp_path / "out", BuildConfig(datasets, tmp_path / "out", AS_OF)))
    assert caught.value.path == "/shijianju/inspection-items/../"


def test_a_department_slug_that_names_a_site_page_is_refused(tmp_path):
    """The validator refuses such folders; the renderer refuses them too, should one get through."""
    datasets = tmp_path / "datasets"
    for rel_path, text in FILES.items():
        target = datasets / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    publication = publicity.decide(load(datasets, AS_OF), AS_OF)
    publication.departments[0].slug = "certificates"
    with pytest.raises(site.UnsafePagePath):
        site.render(RenderJob(publication, tmp_path / "out", BuildConfig(datasets, tmp_path / "out", AS_OF)))


def test_feeds_page_lists_every_feed_of_every_department(built):
    """/feeds/ is an ordinary site page: the site lists the feeds the feeds renderer writes (both take their
    names and addresses from gongshi.subscriptions, neither imports the other)."""
    from gongshi import subscriptions

    html = built.page(urls.feeds_page()).read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in html and "<h1>订阅源</h1>" in html
    groups = subscriptions.catalog([(d.slug, d.name) for d in built.publication.departments])
    assert len(groups) == len(built.publication.departments) + 1
    for group in groups:
        assert group["title"] in html
        for feed in group["feeds"]:
            assert f'href="{feed["atom"]}"' in html and f'href="{feed["rss"]}"' in html
    for scheme, _, _ in subscriptions.SCHEMES:
        assert f'id="{scheme}"' in html


# ---------------------------------------------------------------- timeliness (公开及时性)


def _timeliness_rows(html: str, year: int) -> dict[str, list[str]]:
    """Department name → its cells, in the table of one year."""
    section = html[html.index(f'<h2 id="y{year}">'):]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<tr>\s*<th scope="row"[^>]*>(?:<a [^>]+>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', section, re.S)
    return {name: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for name, cells in rows}


def test_timeliness_page_shows_the_demos_late_cases_per_year(built, texts):
    html = texts[rel(urls.timeliness())]
    rows = _timeliness_rows(html, 2025)
    # 江综执罚〔2025〕36号 published 3 working days late; 泸市交执罚〔2025〕19号 10; 泸市监罚〔2025〕23号 taken down late
    assert rows["泸州市江阳区综合行政执法局"][:4] == ["11", "10", "1", "90.9%"]
    assert rows["泸州市交通运输局"][:3] == ["9", "8", "1"]
    assert rows["泸州市市场监督管理局"][-2:] == ["1", "0"]
    assert rows["合计"][:3] == ["49", "47", "2"]  # (泸市环罚〔2025〕33号 of 恒达化工, on time)
    assert "国办发〔2018〕118号" in html and "7 个工作日" in html
    assert "取居中两个数中较小的一个" in html and "在本平台发布之前就已撤回的决定" in html
    assert urls.timeliness() in links(texts[rel(urls.home())])


def test_a_region_can_turn_the_timeliness_figures_off(built):
    from gongshi.opendata import tables
    from gongshi.site.pages import Planner

    dataset = load(built.dataset.root, AS_OF)
    dataset.region["supervision"] = {"timeliness_page": False}
    off = publicity.decide(dataset, AS_OF)
    assert [p for p in Planner(off, 25, 10, 10).pages() if p.kind == "timeliness"] == []
    assert tables.values(off)["timeliness"] == []
    assert [p for p in Planner(built.publication, 25, 10, 10).pages() if p.kind == "timeliness"]
    assert len(tables.values(built.publication)["timeliness"]) == 20  # five departments, four years
