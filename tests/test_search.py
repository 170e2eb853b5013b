"""Finding a company: its page across departments, the company index, and the site search (Pagefind in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

import pytest

from gongshi import build as builder
from gongshi import guard, parties, sitesearch, urls
from gongshi.build import PROJECT, BuildConfig
from gongshi.load import load
from tests.browser import format_overflow, format_violations, run_axe, serve_directory

DEMO = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)
TWO_DEPARTMENTS = "91510503MA615RUD71"  # 恒达化工: 应急管理局 and 生态环境局, under two names


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, builder.BuildResult]:
    """The demo, its search in eight bundles of days besides the departments' lists (as a large region has many):
    the searches in Chromium find records across the bundles the form merges."""
    out = tmp_path_factory.mktemp("search") / "publish"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitesearch, "RECORDS_PER_BUNDLE", 25)
        return out, builder.build(BuildConfig(DEMO, out, AS_OF))


def read(out: Path, path: str) -> str:
    return (out / urls.file_path(path)).read_text(encoding="utf-8")


def links(html: str) -> set[str]:
    return {unquote(h) for h in re.findall(r'href="([^"]+)"', html)}


# ---------------------------------------------------------------- company pages and the index


def test_every_company_has_a_page_and_no_natural_person_does(site):
    out, result = site
    found = parties.of(result.publication)
    pages = {p.name for p in (out / "parties").iterdir() if p.is_dir() and len(p.name) == 18}
    assert pages == {p.uscc for p in found}
    natural = {d["party"]["name"] for d in result.publication.decisions() if d["party"]["kind"] == "自然人"}
    assert natural and all(p.kind != "自然人" for p in found)
    text = "".join(page.read_text(encoding="utf-8") for page in (out / "parties").rglob("index.html"))
    assert not [name for name in natural if name in text]  # (张某某: not even masked, nor in the index)


def test_the_names_a_rebuild_keys_departments_by_are_those_the_company_pages_show(site):
    """build.py keys each department by the names its company list shows (parties.names_by_department, from each
    department's newest_names); the lists show parties.of's names. Two ways of finding a company's newest name:
    they must agree, or a rename would be missed by the key."""
    _, result = site
    departments = result.publication.departments
    keyed = parties.names_by_department({d.slug: parties.newest_names(d.decisions) for d in departments})
    shown = {d.slug: sorted((p.uscc, p.name) for p in parties.of(result.publication)
                            if any(x["department"] == d.slug for x in p.decisions)) for d in departments}
    assert keyed == shown
    assert any(len(p.former_names) and len(p.departments) > 1 for p in parties.of(result.publication))
    # within one department too (the demo has no company named two ways by one department)
    d = next(x for x in result.publication.decisions() if parties.company_code(x["party"]))
    older = {**d, "party": {**d["party"], "name": "泸州市旧名有限公司"}, "decision_date": d["decision_date"] - timedelta(1)}
    for both in ([older, d], [d, older]):
        assert [name for _, name in parties.newest_names(both).values()] == [d["party"]["name"]]


def test_a_company_page_lists_its_decisions_of_every_department_newest_first(site):
    out, result = site
    html = read(out, urls.party(TWO_DEPARTMENTS))
    party = next(p for p in parties.of(result.publication) if p.uscc == TWO_DEPARTMENTS)
    assert len(party.departments) >= 2
    shown = [unquote(h) for h in re.findall(r'<th scope="row" data-label="决定文书号"><a href="([^"]+)"', html)]
    decisions = [urls.decision(d["department"], d["slug"]) for d in party.decisions]
    notices = [urls.decision(w["department"], w["slug"]) for w in party.notices]
    assert shown == decisions + notices
    assert [d["decision_date"] for d in party.decisions] == sorted((d["decision_date"] for d in party.decisions),
                                                                   reverse=True)
    assert "泸州市纳溪区恒达化工有限公司" in html  # the name an older decision uses
    assert "泸州市应急管理局" in html and "泸州市生态环境局" in html


def test_decision_pages_link_to_their_company_and_the_index_reaches_every_company(site):
    out, result = site
    for d in result.publication.decisions():
        html = read(out, urls.decision(d["department"], d["slug"]))
        code = d["party"].get("uscc")
        assert (code is not None and urls.party(code) in html) == (d["party"]["kind"] != "自然人"), d["id"]
    reached: set[str] = set()
    for folder in (out / "parties").iterdir():
        if len(folder.name) <= 5:  # an initial's pages
            for page in folder.rglob("index.html"):
                reached |= {h for h in links(page.read_text(encoding="utf-8")) if h.startswith("/parties/")}
    assert {urls.party(p.uscc) for p in parties.of(result.publication)} <= reached
    index = read(out, urls.parties())
    for dept in result.publication.departments:
        assert urls.department_parties(dept.slug) in index


def test_initials_go_by_the_trade_name_not_the_city():
    assert parties.initial("泸州市龙马潭区聚鑫酒业有限公司") == "J"
    assert parties.initial("四川省泸州市纳溪区恒达化工贸易有限公司") == "H"
    assert parties.initial("泸州老窖股份有限公司") == "L"
    assert parties.initial("123汽修") == parties.OTHER


# ---------------------------------------------------------------- the index itself


def test_records_hold_only_what_pages_show(site):
    _, result = site
    dataset = load(DEMO, AS_OF)
    text = "".join(html for b in sitesearch.bundles(result.publication).values() for html in b.pages())
    for dept in dataset.departments:
        for rec in dept.decisions:
            if rec["party"]["kind"] == "自然人":  # as shown, nor as the records spell words
                assert rec["party"]["name"] not in text, rec["doc_no"]
                assert sitesearch.spelled(rec["party"]["name"]) not in text, rec["doc_no"]


@pytest.mark.parametrize("text", [
    "准予行政许可（更正10）",  # 正10 then the next word, 2023: 1947210 2023 read as a mobile written out
    "案号更正138123号",  # 正 (c19472) and 138123 run together: 19472138123, a mobile
    "批次AB：1947210，2023年",  # two numbers, separate in the text, a space between them in the records
])
def test_numbers_in_a_decision_are_not_taken_for_personal_ones_in_the_search_records(tmp_path, text):
    """The records Pagefind indexes (scanned by the guard in their place, the index being compressed) spell the
    text anew: what they put side by side must not read as an ID or mobile number the text does not hold, or
    every build, forced or not, is refused. A number the text does hold is still found."""
    scanner = guard.Scanner({})
    for shown, found in ((text, False), (f"{text}，联系电话13812345678", True)):
        record = sitesearch.Record("/d/", "标题", "行政许可", (shown,), (shown, "2023"), "摘要", year=2023)
        path = tmp_path / "0.html"
        path.write_text(sitesearch.page([sitesearch.section(record)]), encoding="utf-8")
        assert bool(scanner.file(path)) == found, (shown, scanner.file(path))


def holding(publication, test) -> str:
    """The bundle that indexes the decision `test` picks."""
    return next(name for name, bundle in sitesearch.bundles(publication).items()
                if any(test(d) for d, _, _ in bundle.decisions))


def pagefind_files(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}


def test_a_rebuild_with_no_change_keeps_the_index_and_an_edit_indexes_one_bundle(tmp_path, monkeypatch):
    monkeypatch.setattr(sitesearch, "RECORDS_PER_BUNDLE", 25)  # the demo's 194 records in eight bundles
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    out = tmp_path / "publish"
    builder.build(BuildConfig(datasets, out, AS_OF))
    before = pagefind_files(out)
    builder.build(BuildConfig(datasets, out, AS_OF, force=True))  # rendered again, not reused
    again = pagefind_files(out)
    assert again == before
    path = datasets / "shijianju" / "decisions" / "2026.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("罚款人民币3,000元", "罚款人民币3,500元", 1),
                    encoding="utf-8")
    made = []
    monkeypatch.setattr(sitesearch, "section", lambda r, section=sitesearch.section: made.append(r) or section(r))
    result = builder.build(BuildConfig(datasets, out, AS_OF, jobs=1))
    assert len(sitesearch.bundles(result.publication)) == 9
    # the bundle of the days of the year the decision's date is in (its company with it)
    assert result.rendered["search"] == {holding(result.publication, lambda d: "3,500" in d["conclusion"])}
    # of its records, only the edited decision's is made again: the others' are read back from the last build's
    assert [r.title for r in made] == [next(r.title for r in made if "3,500" in r.summary)]
    clean = tmp_path / "clean"
    builder.build(BuildConfig(datasets, clean, AS_OF))
    assert pagefind_files(out) == pagefind_files(clean)


def test_records_read_back_from_a_damaged_cache_are_made_anew(tmp_path, monkeypatch):
    monkeypatch.setattr(sitesearch, "RECORDS_PER_BUNDLE", 25)
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    out = tmp_path / "publish"
    builder.build(BuildConfig(datasets, out, AS_OF))
    path = datasets / "shijianju" / "decisions" / "2026.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("罚款人民币3,000元", "罚款人民币3,500元", 1),
                    encoding="utf-8")
    clean = builder.build(BuildConfig(datasets, tmp_path / "clean", AS_OF))
    name = holding(clean.publication, lambda d: "3,500" in d["conclusion"])
    records = builder.cache_folder(out) / sitesearch.FOLDER / "records" / name
    page = records / "0.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</section>", "", 1), encoding="utf-8")
    made = []
    monkeypatch.setattr(sitesearch, "section", lambda r, section=sitesearch.section: made.append(r) or section(r))
    builder.build(BuildConfig(datasets, out, AS_OF, jobs=1))
    assert len(made) == len(list(sitesearch.bundles(clean.publication)[name].records()))
    again = builder.cache_folder(clean.output) / sitesearch.FOLDER / "records" / name
    assert {p.name: p.read_bytes() for p in records.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}


def test_a_new_day_indexes_again_the_bundle_of_its_days_of_the_year(tmp_path, monkeypatch):
    """A decision whose publicity ends was decided on about the same day of an earlier year, and the day's new
    decisions on the days before it: a new day indexes again the bundle of those days, whatever their year (by
    year it was two: the new decisions' year and the expired one's), and those that a company with a new decision
    leaves (a company goes with its newest decision)."""
    from benchmarks.run import add_decisions

    monkeypatch.setattr(sitesearch, "RECORDS_PER_BUNDLE", 25)
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    out = tmp_path / "publish"
    first = builder.build(BuildConfig(datasets, out, AS_OF))
    # the first decision whose publicity ends after AS_OF (泸市环罚〔2023〕33号, decided 2023-11-28: until 2026-11-28)
    until, decided, doc = min((d["publicity_until"], d["decision_date"], d["id"])
                              for dept in first.publication.departments for d in dept.decisions)
    day = until + timedelta(days=1)
    assert decided.year < day.year - 1
    expired = holding(first.publication, lambda d: d["id"] == doc)
    assert sitesearch.share_of(decided, 8) == sitesearch.share_of(day, 8)  # (the same days of the year)
    add_decisions(datasets, day.isoformat(), departments=5, each=1)  # (one of them by simple procedure: not shown)
    before = pagefind_files(out)
    result = builder.build(BuildConfig(datasets, out, day))
    new = [(d["id"], d["party"].get("uscc")) for dept in result.publication.departments for d in dept.decisions
           if d["decision_date"] == day]
    assert len(new) == 4
    assert {holding(result.publication, lambda d, i=i: d["id"] == i) for i, _ in new} == {expired}
    left = {name for name, bundle in sitesearch.bundles(first.publication).items()
            for p in bundle.companies if p.uscc in {code for _, code in new}}
    assert left and left != {expired}  # (the demo's copies name companies of other days)
    assert result.rendered["search"] == {expired} | left
    clean = builder.build(BuildConfig(datasets, tmp_path / "clean", day))
    after = pagefind_files(out)
    assert after == pagefind_files(clean.output)
    assert {path.parts[1] for path, _ in set(before.items()) ^ set(after.items())} == {expired} | left  # the others kept


def test_a_failing_indexer_stops_the_build_with_its_message_and_leaves_nothing_running(tmp_path, monkeypatch):
    """Bundles are indexed side by side: when one fails, the build says why and stops the others."""
    # the second's fails at once; the third's, started beside it, would never end; the others are indexed at once
    datasets, fake = eight_bundles_and_a_fake_indexer(tmp_path, monkeypatch, f"""
  *{sitesearch.share_name(1, 8)}) echo 'disk full' >&2; exit 3;;
  *{sitesearch.share_name(2, 8)}) while :; do sleep 0.1; done;;""")
    out = tmp_path / "publish"
    with pytest.raises(sitesearch.IndexFailed, match="disk full"):
        builder.build(BuildConfig(datasets, out, AS_OF, jobs=1))
    assert not out.exists(), "nothing published"
    assert running(fake) == [], "an indexer still running"


def test_a_surface_failing_while_the_search_is_indexed_stops_the_indexers(tmp_path, monkeypatch):
    """The feeds render while Pagefind indexes the last bundles: when they fail, the build stops the indexers."""
    from gongshi import feeds

    last = {sitesearch.share_name(6, 8), sitesearch.share_name(7, 8)}
    datasets, fake = eight_bundles_and_a_fake_indexer(tmp_path, monkeypatch, f"""
  {"|".join("*" + name for name in sorted(last))}) while :; do sleep 0.1; done;;""")
    started = []

    def explode(job):
        started.extend(Path(a[a.index(b"--output-path") + 1].decode()).name for a in running(fake))
        raise OSError("disk full")

    monkeypatch.setattr(feeds, "render", explode)
    out = tmp_path / "publish"
    with pytest.raises(OSError, match="disk full"):
        builder.build(BuildConfig(datasets, out, AS_OF, jobs=1))
    assert set(started) == last, "indexed as the feeds rendered"
    assert not out.exists(), "nothing published"
    assert running(fake) == [], "an indexer still running"


def eight_bundles_and_a_fake_indexer(tmp_path: Path, monkeypatch, cases: str) -> tuple[Path, Path]:
    """(datasets, the fake Pagefind): the demo in eight bundles of days, indexed by a script that does what `cases`
    (sh case branches on the output folder) say, and otherwise writes an entry file at once."""
    import pagefind_bin_extended

    monkeypatch.setattr(sitesearch, "RECORDS_PER_BUNDLE", 25)
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    fake = tmp_path / "pagefind"
    fake.write_text(f"""#!/bin/sh
out=$(echo "$*" | sed 's/.*--output-path \\([^ ]*\\).*/\\1/')
case "$out" in{cases}
  *) mkdir -p "$out"; echo '{{}}' > "$out/{sitesearch.ENTRY}";;
esac
""", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: fake)
    return datasets, fake


def running(program: Path) -> list[list[bytes]]:
    """The arguments of the processes running `program` (not those ended and not yet waited for)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            arguments = (proc / "cmdline").read_bytes()
            if str(program).encode() in arguments and (proc / "stat").read_text().split()[2] != "Z":
                found.append(arguments.rstrip(b"\0").split(b"\0"))
        except OSError:  # (gone meanwhile)
            pass
    return found


# ---------------------------------------------------------------- searching in Chromium

QUERIES = [
    # (what a visitor types, the page that must come first)
    ("好邻居", urls.decision("shijianju", "泸市监罚-2026-5")),
    ("聚鑫", None),  # a company's decision: checked below
    ("91510504MA6A38FK45", urls.party("91510504MA6A38FK45")),
    ("泸州市龙马潭区聚鑫酒业有限公司", None),
    ("泸市应急罚〔2026〕21号", urls.decision("yingjiguanli", "泸市应急罚-2026-21")),
    ("泸市应急罚【2026】21号", urls.decision("yingjiguanli", "泸市应急罚-2026-21")),
    ("泸市应急罚[2026]21号", urls.decision("yingjiguanli", "泸市应急罚-2026-21")),
]


def search(session, base: str, query: str, viewport=(1280, 800)) -> tuple[list[str], int]:
    """Type `query` into the search page's box: (result addresses in order, bytes downloaded for the search)."""
    with session._context(viewport, 1.0) as context:
        page = context.new_page()
        page.goto(base + urls.search())
        sizes: list[int] = []
        page.on("response", lambda r: sizes.append(len(r.body()) if r.status == 200 else 0))
        page.fill("#search-q", query)
        page.wait_for_function("q => document.getElementById('search-results').dataset.query === q", arg=query)
        found = [unquote(a.get_attribute("href") or "") for a in page.locator("#search-results a").all()]
        return found, sum(sizes)


def test_searches_find_the_right_page_first(site, browser_session):
    out, result = site
    assert len(json.loads((out / "pagefind" / sitesearch.BUNDLES_FILE).read_text(encoding="utf-8"))) == 9
    jux = {urls.decision(d["department"], d["slug"]) for d in result.publication.decisions()
           if d["party"].get("uscc") == "91510504MA6A38FK45"}
    with serve_directory(out) as base:
        for query, first in QUERIES:
            found, size = search(browser_session, base, query)
            assert found, query
            if first is not None:
                assert found[0] == first, (query, found[:3])
            else:
                assert found[0] in jux | {urls.party("91510504MA6A38FK45")}, (query, found[:3])
            assert size < 1_000_000, (query, size)


def test_a_legal_basis_finds_the_decisions_citing_it_first(site, browser_session):
    out, result = site
    citing = {urls.decision(d["department"], d["slug"]) for d in result.publication.decisions()
              if "食品安全法》第一百二十四条" in str(d.get("basis"))}
    market = next(d for d in result.publication.departments if d.slug == "shijianju")
    powers = {urls.item("shijianju", "powers", str(p["code"])) for p in market.lists["powers"].items
              if "第一百二十四条" in str(p.get("basis"))}
    assert citing
    with serve_directory(out) as base:
        found, _ = search(browser_session, base, "食品安全法第一百二十四条")
    assert found[0] in citing | powers, found[:3]
    assert citing & set(found[:5])
    # a law's name longer than a name's indexed starts, and its article
    waste = {urls.decision(d["department"], d["slug"]) for d in result.publication.decisions()
             if "固体废物污染环境防治法》第一百一十二条" in str(d.get("basis"))}
    env = next(d for d in result.publication.departments if d.slug == "shengtaihuanjing")
    items = {urls.item(env.slug, name, str(it[sitesearch.KEYS[name]])) for name, lst in env.lists.items()
             if name in sitesearch.LIST_LABELS for it in lst.items if "第一百一十二条" in str(it.get("basis"))}
    assert waste
    with serve_directory(out) as base:
        for query in ("固体废物污染环境防治法第一百一十二条", "《中华人民共和国固体废物污染环境防治法》第一百一十二条"):
            found, _ = search(browser_session, base, query)
            assert found and found[0] in waste | items and waste & set(found[:5]), (query, found[:3])


def narrowed(session, base: str, query: str, **chosen: str) -> list[str]:
    """The result addresses of the search page opened with a query and filters in its address (as the form sends)."""
    with session._context((1280, 800), 1.0) as context:
        page = context.new_page()
        page.goto(base + urls.search() + "?" + urlencode({"q": query, **chosen}))
        page.wait_for_function("q => document.getElementById('search-results').dataset.query === q", arg=query)
        for name, value in chosen.items():  # the form shows what the search is narrowed to
            assert page.locator(f"select[name={name}]").input_value() == value
        return [unquote(a.get_attribute("href") or "") for a in page.locator("#search-results a").all()]


def test_filters_narrow_a_search_to_a_kind_a_department_and_a_year(site, browser_session):
    out, result = site
    penalties = {urls.decision(d["department"], d["slug"]): d["decision_date"].year
                 for d in (*result.publication.decisions(), *result.publication.withdrawals()) if d["kind"] == "行政处罚"}
    penalties_2025 = {path for path, year in penalties.items() if year == 2025}
    doc = urls.decision("yingjiguanli", "泸市应急罚-2026-21")
    with serve_directory(out) as base:
        everything = narrowed(browser_session, base, "泸州")  # every department's name starts so
        found = narrowed(browser_session, base, "泸州", kind="行政处罚", year="2025")
        assert found and set(found) <= penalties_2025 and not set(everything) <= penalties_2025, found
        # by the record's kind, not by a word: a power named 对……的行政处罚 is not a penalty
        assert set(narrowed(browser_session, base, "泸州", kind="行政处罚")) <= set(penalties)
        assert narrowed(browser_session, base, "泸市应急罚〔2026〕21号", dept="泸州市应急管理局")[0] == doc
        assert narrowed(browser_session, base, "泸市应急罚〔2026〕21号", dept="泸州市生态环境局") == []


def test_a_filter_shows_every_record_of_its_kind_at_once_and_alone_lists_them(site, browser_session):
    out, result = site
    fines = {urls.decision(d["department"], d["slug"]) for d in result.publication.decisions()
             if d["party"].get("uscc") == TWO_DEPARTMENTS and d["kind"] == "行政处罚"}
    penalties = {urls.decision(d["department"], d["slug"])
                 for d in (*result.publication.decisions(), *result.publication.withdrawals()) if d["kind"] == "行政处罚"}
    assert len(fines) >= 2
    with serve_directory(out) as base, browser_session._context((1280, 800), 1.0) as context:
        page = context.new_page()
        page.goto(base + urls.search() + "?" + urlencode({"q": "恒达", "kind": "行政处罚"}))
        page.wait_for_function("document.getElementById('search-results').dataset.query === '恒达'")
        shown = {unquote(a.get_attribute("href") or "") for a in page.locator("#search-results a").all()}
        assert shown == fines  # both fines, from two departments, without asking for more
        assert page.locator("#search-more").is_hidden()  # nothing more to show
        alone = narrowed(browser_session, base, "", kind="行政处罚")
        assert alone and set(alone) <= penalties


def test_a_query_typed_in_full_width_or_with_a_dash_finds_the_same(site, browser_session):
    out, _ = site
    with serve_directory(out) as base:
        found, _ = search(browser_session, base, "９１５１０５０３ＭＡ６１５ＲＵＤ７１")
        assert found and found[0] == urls.party(TWO_DEPARTMENTS)
        for typed in ("泸市应急罚〔２０２６〕２１号", "泸市应急罚2026-21号", "泸市应急罚 2026 21号"):
            found, _ = search(browser_session, base, typed)
            assert found and found[0] == urls.decision("yingjiguanli", "泸市应急罚-2026-21"), (typed, found[:3])


def test_list_items_show_their_basis_as_text_and_back_returns_to_the_search_before(site, browser_session):
    out, _ = site
    with serve_directory(out) as base, browser_session._context((1280, 800), 1.0) as context:
        page = context.new_page()
        page.goto(base + urls.search() + "?q=" + quote("食品安全法第一百二十四条"))
        page.wait_for_function("(document.getElementById('search-results').dataset.query || '').length > 0")
        summaries = " ".join(page.locator("#search-results .search-summary").all_inner_texts())
        assert "《中华人民共和国食品安全法》第一百二十四条" in summaries and "{'law'" not in summaries
        page.fill("#search-q", "聚鑫")
        page.wait_for_function("document.getElementById('search-results').dataset.query === '聚鑫'")
        page.go_back()
        page.wait_for_function("document.getElementById('search-results').dataset.query === '食品安全法第一百二十四条'")
        assert page.input_value("#search-q") == "食品安全法第一百二十四条"


def test_the_header_box_searches_and_the_credit_code_leads_to_the_company_page(site, browser_session):
    out, _ = site
    with serve_directory(out) as base, browser_session._context((360, 800), 1.0) as context:
        page = context.new_page()
        page.goto(base + urls.decision("shengtaihuanjing", "泸市环罚-2025-33"))
        page.fill("#header-q", TWO_DEPARTMENTS)
        page.press("#header-q", "Enter")
        link = page.locator("#search-results a").first
        link.wait_for()
        link.click()
        page.wait_for_url(re.compile(re.escape(quote(urls.party(TWO_DEPARTMENTS)))))
        rows = page.locator("#party-decisions ~ tbody tr, table:has(#party-decisions) tbody tr").count()
        assert rows >= 2
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_search_page_sends_visitors_to_the_company_index(site):
    out, _ = site
    html = read(out, urls.search())
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)
    assert noscript and urls.parties() in noscript.group(1)
    assert 'action="/search/"' in read(out, urls.home())


@pytest.mark.parametrize("mode", [{}, {"viewport": (360, 800)}, {"zoom": 2.0}], ids=["desktop", "360px", "zoom200"])
def test_the_search_page_with_results_and_the_company_pages_pass_axe(site, browser_session, mode):
    out, _ = site
    paths = [urls.search() + "?q=" + quote("聚鑫"), urls.party(TWO_DEPARTMENTS), urls.parties(), urls.parties("H")]
    with serve_directory(out) as base:
        found = run_axe([base + quote(p, safe="/?=%") for p in paths], session=browser_session, **mode,
                        ready="!location.search || document.querySelectorAll('#search-results a').length > 0")
        wide = browser_session.horizontal_overflow([base + quote(p, safe="/?=%") for p in paths])
    assert not any(found.values()), format_violations(found)
    assert not wide, format_overflow(wide)
