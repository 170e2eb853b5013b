"""The feeds (gongshi.feeds): valid, reproducible, complete, and honest about removals.

Most tests render the feeds directly (the site and open data are not needed)
from a small synthetic region (benchmarks.synth) or the minimal region, and
read them back with feedparser (what ordinary consumers use) and lxml
(tombstones and archive links, which feedparser ignores).
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import feedgen.entry
import feedgen.feed
import feedparser
import pytest
import yaml
from lxml import etree

from benchmarks.synth import generate
from gongshi import feeds, seen, subscriptions, timelimits, urls
from gongshi.build import BuildConfig
from gongshi.feeds import paging
from gongshi.feeds.records import text
from gongshi.load import load
from gongshi.publicity import Publication, decide
from gongshi.reuse import RenderJob
from tests.minimal_region import AS_OF as MINIMAL_AS_OF
from tests.minimal_region import Region

ATOM = "http://www.w3.org/2005/Atom"
AT = "http://purl.org/atompub/tombstones/1.0"
FH = "http://purl.org/syndication/history/1.0"
NS = {"a": ATOM, "at": AT, "fh": FH}
BASE = "https://gongshi.example.org/"
AS_OF = date(2026, 11, 26)


# ---------------------------------------------------------------- helpers


def render(
    datasets: Path, as_of: date, out: Path, previous: Path | None = None, base_url: str | None = None
) -> Publication:
    """Render the feeds of `datasets` into out/feeds; `previous` is the live output folder holding feeds/ledger.json
    and the record of when each decision was first shown, which is kept in `out` as a build does."""
    record = seen.read(previous) if previous else seen.Seen()
    publication = decide(load(datasets, as_of), as_of, record)
    for dept in publication.departments:
        record.add(dept.slug, dept.seen)
    out.mkdir(parents=True, exist_ok=True)
    (out / seen.FILENAME).write_text(record.dumps(), encoding="utf-8")
    if base_url:
        publication.region["base_url"] = base_url
    config = BuildConfig(datasets=datasets, output=previous or out.parent / "no-previous-build", as_of=as_of)
    feeds.render(RenderJob(publication, out / "feeds", config))
    return publication


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def feed_files(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.suffix in (".atom", ".rss")]


def local(out: Path, url: str) -> Path:
    """The file behind an absolute feed URL of the rendered site."""
    assert url.startswith(BASE), url
    return out / unquote(url[len(BASE) :])


def xml(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def link(root: etree._Element, rel: str) -> str | None:
    found = root.findall(f"a:link[@rel='{rel}']", NS)
    assert len(found) <= 1, rel
    return found[0].get("href") if found else None


def chain(root: Path, name: str = "decisions", dept: str | None = None) -> list[tuple[Path, etree._Element]]:
    """In the feeds folder `root`: the subscription document, then each archive by prev-archive links."""
    path = root / urls.feed(name, dept).removeprefix("/feeds/")
    docs = [(path, xml(path))]
    href = link(docs[0][1], "prev-archive")
    while href:
        path = local(root.parent, href)
        docs.append((path, xml(path)))
        href = link(docs[-1][1], "prev-archive")
    return docs


def summary_fields(entry: etree._Element) -> dict[str, str]:
    out = {}
    for line in entry.findtext("a:summary", "", NS).splitlines():
        label, _, value = line.partition("：")
        out[label] = value
    return out


def entry_type(entry: etree._Element) -> str:
    """The term of the entry's category-type category, whatever the site's address."""
    (term,) = [c.get("term") for c in entry.findall("a:category", NS) if c.get("scheme").endswith("#category-type")]
    return term


@pytest.fixture(scope="module")
def synth_source(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "datasets"
    generate(root, 3, 500, seed=7)
    return root


@pytest.fixture
def synth(tmp_path, synth_source) -> Path:
    """A private copy of the synthetic region that a test may edit."""
    target = tmp_path / "datasets"
    shutil.copytree(synth_source, target)
    return target


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory, synth_source) -> tuple[Path, Publication]:
    out = tmp_path_factory.mktemp("synth-build")
    return out / "feeds", render(synth_source, AS_OF, out)


# ---------------------------------------------------------------- validity


def test_every_feed_parses_cleanly(synth_build):
    root, pub = synth_build
    paths = feed_files(root)
    assert len(paths) > 20
    kinds = {"atom": 0, "rss": 0}
    for path in paths:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
        assert parsed.version == ("atom10" if path.suffix == ".atom" else "rss20"), path
        assert parsed.feed.get("language", "zh-CN") == "zh-CN"
        kinds[path.suffix[1:]] += 1
    # one RSS per subscription document: 3 feeds × (site + 3 departments)
    assert kinds["rss"] == 3 * 4
    assert kinds["atom"] > kinds["rss"]


def test_entries_are_newest_first_and_in_shanghai_time(synth_build):
    root, _ = synth_build
    for path in feed_files(root):
        doc = xml(path)
        if path.suffix == ".rss":
            stamps = [e.text for e in doc.iter("pubDate", "lastBuildDate")]
            assert stamps and all(s.endswith(" +0800") for s in stamps), path
            continue
        stamps = [e.text for e in doc.iter(f"{{{ATOM}}}updated", f"{{{ATOM}}}published")]
        stamps += [t.get("when") for t in doc.iter(f"{{{AT}}}deleted-entry")]
        assert all(s.endswith("+08:00") for s in stamps), path
        keys = [
            (datetime.fromisoformat(e.findtext("a:updated", None, NS)), e.findtext("a:id", None, NS))
            for e in doc.findall("a:entry", NS)
        ]
        assert keys == sorted(keys, key=lambda k: (-k[0].timestamp(), k[1])), path
        entries_updated = [k[0] for k in keys]
        if entries_updated:
            assert datetime.fromisoformat(doc.findtext("a:updated", None, NS)) >= max(entries_updated), path


def test_entries_carry_what_a_platform_needs(synth_build):
    root, pub = synth_build
    d = pub.decisions()[0]
    (entry,) = [
        e
        for _, doc in chain(root)
        for e in doc.findall("a:entry", NS)
        if summary_fields(e).get("决定文书号") == d["doc_no"]
    ]
    fields = summary_fields(entry)
    assert fields["执法主体"] == d["department_name"]
    assert fields["执法类别"] == d["kind"]
    assert fields["行政相对人名称"] == d["party"]["name"]
    assert fields["决定日期"] == d["decision_date"].isoformat()
    assert fields["执法结论"] == text(d["conclusion"])
    assert entry.findtext("a:published", None, NS) == f"{d['published'].isoformat()}T00:00:00+08:00"
    href = entry.find("a:link", NS).get("href")
    assert href == urls.absolute(BASE, urls.decision(d["department"], d["slug"]))
    terms = {(c.get("scheme").rsplit("#", 1)[1], c.get("term")) for c in entry.findall("a:category", NS)}
    assert terms == {
        ("category-type", "decision"),
        ("category-kind", d["kind"]),
        ("category-department", d["department"]),
    }
    assert entry.findtext("a:id", None, NS).startswith(
        f"tag:gongshi.example.org,{d['doc_year']}:{d['department']}/decision/"
    )


DEMO = Path(__file__).resolve().parent.parent / "datasets"


@pytest.mark.skipif(not (DEMO / "region.yaml").is_file(), reason="the demo region is not there")
def test_demo_region_feeds(tmp_path):
    """The 泸州市 demo: every feed parses, archives hold each decision once, each withdrawal has its tombstone."""
    pub = decide(load(DEMO, AS_OF), AS_OF)
    base = pub.region["base_url"]
    feeds.render(RenderJob(pub, tmp_path / "feeds", BuildConfig(datasets=DEMO, output=tmp_path / "none", as_of=AS_OF)))
    root = tmp_path / "feeds"
    for path in feed_files(root):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
    docs = [xml(root / "decisions.atom")]
    while href := link(docs[-1], "prev-archive"):
        docs.append(xml(root.parent / unquote(href.removeprefix(base))))
    entries = [e for d in docs for e in d.findall("a:entry", NS)]
    numbers = [summary_fields(e)["决定文书号"] for e in entries if entry_type(e) == "decision"]
    assert sorted(numbers) == sorted(d["doc_no"] for d in pub.decisions())
    refs = {t.get("ref") for d in docs for t in d.findall("at:deleted-entry", NS)}
    assert len(refs) == len(pub.withdrawals()) > 0


# ---------------------------------------------------------------- reproducibility


class _AnyDatetime(type):
    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, datetime)


class _FarFuture(metaclass=_AnyDatetime):
    """Stands in for `datetime` inside feedgen: its "now" is years away from the real one."""

    @staticmethod
    def now(tz=None):  # noqa: ANN001, ANN205
        return datetime(2031, 7, 1, 12, 0, tzinfo=tz)


def test_same_data_gives_same_bytes_whatever_the_clock(synth_source, tmp_path, monkeypatch):
    first = tmp_path / "first"
    render(synth_source, AS_OF, first)
    time.sleep(1.1)  # a different wall-clock second
    monkeypatch.setattr(feedgen.feed, "datetime", _FarFuture)
    monkeypatch.setattr(feedgen.entry, "datetime", _FarFuture)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        second = tmp_path / "second"
        render(synth_source, AS_OF, second)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    a, b = files(first / "feeds"), files(second / "feeds")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    ids = [
        e.findtext("a:id", None, NS)
        for p in feed_files(first / "feeds")
        if p.suffix == ".atom"
        for e in xml(p).findall("a:entry", NS)
    ]
    assert ids and all(i.startswith("tag:gongshi.example.org,") for i in ids)


def test_rebuild_from_own_ledger_changes_nothing(synth_source, tmp_path):
    """The platform's conditional GET depends on it: same bytes and same modification times."""
    live = tmp_path / "live"
    render(synth_source, AS_OF, live)
    again = tmp_path / "again"
    render(synth_source, AS_OF, again, previous=live)
    a, b = files(live / "feeds"), files(again / "feeds")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    for rel in a:
        assert (live / "feeds" / rel).stat().st_mtime_ns == (again / "feeds" / rel).stat().st_mtime_ns, rel


def test_ids_are_minted_once_even_if_the_address_moves(synth_source, tmp_path):
    live = tmp_path / "live"
    render(synth_source, AS_OF, live)
    moved = tmp_path / "moved"
    render(synth_source, AS_OF, moved, previous=live, base_url="https://new.example.net/")
    ids = {e.findtext("a:id", None, NS) for e in xml(moved / "feeds" / "decisions.atom").findall("a:entry", NS)}
    assert ids and all(i.startswith("tag:gongshi.example.org,") for i in ids)
    assert "https://new.example.net/" in (moved / "feeds" / "decisions.atom").read_text(encoding="utf-8")


def test_a_preview_address_is_never_minted_into_ids(synth_source, tmp_path):
    preview = tmp_path / "preview"
    render(synth_source, AS_OF, preview, base_url="http://127.0.0.1:8000/")
    public = tmp_path / "public"
    render(synth_source, AS_OF, public, previous=preview)
    ids = {e.findtext("a:id", None, NS) for e in xml(public / "feeds" / "decisions.atom").findall("a:entry", NS)}
    assert ids and all(i.startswith("tag:gongshi.example.org,") for i in ids)


def test_missing_base_url_is_refused(tmp_path):
    region = Region(tmp_path)
    with pytest.raises(feeds.MissingBaseUrl):
        render(region.root, MINIMAL_AS_OF, tmp_path / "out")


# ---------------------------------------------------------------- complete history


def test_archives_hold_every_published_decision_exactly_once(synth_source, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "DAYS_PER_PAGE", 3)  # split months into several documents
    pub = render(synth_source, AS_OF, tmp_path)
    root = tmp_path / "feeds"
    scopes = [(None, pub.decisions())] + [(d.slug, d.decisions) for d in pub.departments]
    split_months = 0
    for dept, decisions in scopes:
        docs = chain(root, "decisions", dept)
        assert docs[0][1].find("fh:archive", NS) is None
        seen: list[str] = []
        for n, (path, doc) in enumerate(docs):
            seen += [summary_fields(e)["决定文书号"] for e in doc.findall("a:entry", NS) if entry_type(e) == "decision"]
            if n == 0:
                continue
            assert doc.find("fh:archive", NS) is not None, path
            assert link(doc, "current") == urls.absolute(BASE, urls.feed("decisions", dept))
            assert link(doc, "self") == urls.absolute(BASE, urls.feed_archive("decisions", dept, path.stem))
            newer = docs[n - 1][0]
            assert (link(doc, "next-archive") is not None) == (n > 1), path
            if n > 1:
                assert local(root.parent, link(doc, "next-archive")) == newer
            assert 0 < len(doc.findall("a:entry", NS)) + len(doc.findall("at:deleted-entry", NS))
            days = {e.findtext("a:updated", None, NS)[8:10] for e in doc.findall("a:entry", NS)}
            page = paging.page_order(path.stem)[2]
            assert all(paging.page_of(date(2024, 1, int(d)), 3)[2] + 1 == page for d in days), (path, days)
            split_months += path.stem.count("-") == 2
        assert sorted(seen) == sorted(d["doc_no"] for d in decisions), dept
        # every archive file on disk is reachable from the chain
        folder = root / urls.feed_archive("decisions", dept, "x").lstrip("/").removeprefix("feeds/")
        assert {p for p, _ in docs[1:]} == set(folder.parent.glob("*.atom"))
    assert split_months > 0


def test_new_decisions_never_change_an_archive(synth, tmp_path):
    live = tmp_path / "a"
    render(synth, AS_OF, live)
    _edit(
        synth,
        "shijianju",
        2026,
        lambda items: items.append(_copy(_live(items)[-1], "〔2026〕9001号", date(2026, 11, 25))),
    )
    later = tmp_path / "b"
    render(synth, AS_OF, later, previous=live)
    before, after = files(live / "feeds"), files(later / "feeds")
    archives = [k for k in before if "/archive/" in k or k.startswith("archive/")]
    assert archives
    assert [k for k in archives if before[k] != after.get(k)] == []
    assert before["decisions.atom"] != after["decisions.atom"]


# ---------------------------------------------------------------- removals


WITHDRAWAL = """\
    withdrawal:
      date: 2024-06-20
      kind: 撤销
      reason: 经行政复议，原处罚决定认定事实不清，予以撤销。
      document: 泸市府复决〔2024〕8号
"""


def test_a_withdrawal_leaves_a_tombstone_and_a_notice(tmp_path):
    region = Region(tmp_path)
    out = tmp_path / "out"
    render(region.root, MINIMAL_AS_OF, out, base_url=BASE)
    entry_id = None
    for _, doc in chain(out / "feeds"):
        for e in doc.findall("a:entry", NS):
            if summary_fields(e)["决定文书号"] == "泸市监罚〔2024〕39号":
                entry_id = e.findtext("a:id", None, NS)
    assert entry_id

    region.edit("shijianju/decisions/2024.yaml", "    discretion: D-001\n", "    discretion: D-001\n" + WITHDRAWAL)
    # first shown on MINIMAL_AS_OF, withdrawn (effective 06-20, entered later): the tombstone cannot come first
    later = tmp_path / "later"
    render(region.root, MINIMAL_AS_OF, later, previous=out, base_url=BASE)
    root = later / "feeds"
    for dept in (None, "shijianju"):
        docs = chain(root, "decisions", dept)
        ids = [e.findtext("a:id", None, NS) for _, d in docs for e in d.findall("a:entry", NS)]
        assert entry_id not in ids
        tombstones = [t for _, d in docs for t in d.findall("at:deleted-entry", NS)]
        (tomb,) = [t for t in tombstones if t.get("ref") == entry_id]
        assert tomb.get("when") == "2024-06-30T00:00:01+08:00"
        assert "予以撤销" in tomb.findtext("at:comment", None, NS)
        assert tomb in docs[0][1].findall("at:deleted-entry", NS)  # in the subscription document
        notices = [e for e in docs[0][1].findall("a:entry", NS) if entry_type(e) == "withdrawal"]
        assert [summary_fields(n)["原条目标识"] for n in notices] == [entry_id]
        # feedparser (which ignores tombstones) still sees the notice
        parsed = feedparser.parse((root / urls.feed("decisions", dept).removeprefix("/feeds/")).read_bytes())
        assert not parsed.bozo
        assert any(e.title.startswith("撤回公告：泸市监罚〔2024〕39号") for e in parsed.entries)
    rss = feedparser.parse((root / "withdrawals.rss").read_bytes())
    assert [e.title for e in rss.entries] == ["撤回公告：泸市监罚〔2024〕39号（撤销）"]


def _replica(root: Path, name: str, dept: str | None = None) -> dict[str, str]:
    """What a client keeps reading every document of the feed once, oldest first: entry id → title, tombstones deleting."""
    kept: dict[str, str] = {}
    for _, doc in reversed(chain(root, name, dept)):
        for el in doc:
            if el.tag == f"{{{ATOM}}}entry":
                kept[el.findtext("a:id", None, NS)] = el.findtext("a:title", None, NS)
            elif el.tag == f"{{{AT}}}deleted-entry":
                kept.pop(el.get("ref"), None)
    return kept


def test_a_deleted_withdrawn_record_takes_its_notice_out_with_a_tombstone(tmp_path):
    region = Region(tmp_path)
    region.edit("shijianju/decisions/2024.yaml", "    discretion: D-001\n", "    discretion: D-001\n" + WITHDRAWAL)
    # first shown on MINIMAL_AS_OF, withdrawn (effective 06-20, entered later): the tombstone cannot come first
    region.edit("shijianju/decisions/2024.yaml", "    decision_date: 2024-03-05\n", "    decision_date: 2024-06-05\n")
    out = tmp_path / "out"
    render(region.root, MINIMAL_AS_OF, out, base_url=BASE)
    before = _replica(out / "feeds", "withdrawals")
    [(notice_id, title)] = before.items()
    assert title.startswith("撤回公告：泸市监罚〔2024〕39号")
    # the record is deleted from the datasets (the whole first item)
    text = region.read("shijianju/decisions/2024.yaml")
    region.write("shijianju/decisions/2024.yaml", "items:\n" + text[text.index("  - doc_no: 泸市监许"):])
    later = tmp_path / "later"
    render(region.root, MINIMAL_AS_OF, later, previous=out, base_url=BASE)
    for name in ("withdrawals", "decisions"):
        for dept in (None, "shijianju"):
            docs = chain(later / "feeds", name, dept)
            tombs = [t for t in docs[0][1].findall("at:deleted-entry", NS) if t.get("ref") == notice_id]
            assert len(tombs) == 1, (name, dept)
            assert "撤回公告已删除" in tombs[0].findtext("at:comment", None, NS)
    assert _replica(later / "feeds", "withdrawals") == {}
    assert notice_id not in _replica(later / "feeds", "decisions")


def test_a_removed_department_leaves_tombstones_for_its_decisions_and_notices(tmp_path):
    region = Region(tmp_path)
    region.edit("shijianju/decisions/2024.yaml", "    discretion: D-001\n", "    discretion: D-001\n" + WITHDRAWAL)
    # first shown on MINIMAL_AS_OF, withdrawn (effective 06-20, entered later): the tombstone cannot come first
    region.edit("shijianju/decisions/2024.yaml", "    decision_date: 2024-03-05\n", "    decision_date: 2024-06-05\n")
    other = region.root / "sifaju"
    shutil.copytree(region.root / "shijianju", other)
    text = (other / "department.yaml").read_text(encoding="utf-8")
    from tests.minimal_region import DEPT_USCC, OTHER_DEPT_USCC

    (other / "department.yaml").write_text(text.replace("泸州市市场监督管理局\n", "泸州市司法局\n", 1).replace(DEPT_USCC, OTHER_DEPT_USCC), encoding="utf-8")
    (other / "personnel.yaml").write_text((other / "personnel.yaml").read_text(encoding="utf-8").replace('"5105', '"5106'), encoding="utf-8")
    decisions = (other / "decisions" / "2024.yaml").read_text(encoding="utf-8").replace("泸市监", "泸市司").replace('- "5105', '- "5106')
    (other / "decisions" / "2024.yaml").write_text(decisions, encoding="utf-8")
    out = tmp_path / "out"
    render(region.root, MINIMAL_AS_OF, out, base_url=BASE)
    theirs = {k for k in _replica(out / "feeds", "decisions") if ":sifaju/" in k}
    assert any("/withdrawal/" in k for k in theirs) and len(theirs) > 1
    shutil.rmtree(other)
    later = tmp_path / "later"
    render(region.root, MINIMAL_AS_OF, later, previous=out, base_url=BASE)
    left = _replica(later / "feeds", "decisions")
    assert not {k for k in left if ":sifaju/" in k}, "every entry of the removed department has a tombstone"
    assert not {k for k in _replica(later / "feeds", "withdrawals") if ":sifaju/" in k}


# ---------------------------------------------------------------- list revisions


INSPECTION_ITEM = """\
  - code: CC-002
    name: 食品生产者检查
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第一百一十条
    body: 泸州市市场监督管理局
    targets: 食品生产者
    method: 现场检查
    ratio: 不低于 5%
    frequency: 每年不少于 1 次
"""


def test_list_changes_become_revision_entries(tmp_path):
    region = Region(tmp_path)
    builds = [tmp_path / "b0"]
    render(region.root, MINIMAL_AS_OF, builds[0], base_url=BASE)

    def titles(build: Path) -> list[str]:
        return [
            e.findtext("a:title", None, NS)
            for _, d in chain(build / "feeds", "revisions", "shijianju")
            for e in d.findall("a:entry", NS)
        ]

    declared = titles(builds[0])
    assert "泸州市市场监督管理局权力清单修订（2024-01-15）" in declared

    region.edit(
        "shijianju/powers.yaml", "name: 对销售不符合食品安全标准食品的处罚", "name: 对经营不符合食品安全标准食品的处罚"
    )
    region.write("shijianju/inspection_items.yaml", region.read("shijianju/inspection_items.yaml") + INSPECTION_ITEM)
    builds.append(tmp_path / "b1")
    render(region.root, MINIMAL_AS_OF, builds[1], previous=builds[0], base_url=BASE)
    region.write(
        "shijianju/inspection_items.yaml", region.read("shijianju/inspection_items.yaml").replace(INSPECTION_ITEM, "")
    )
    builds.append(tmp_path / "b2")
    render(region.root, MINIMAL_AS_OF, builds[2], previous=builds[1], base_url=BASE)

    new = [t for t in titles(builds[2]) if t not in declared]
    # newest first: the later build's removal, then the earlier build's events (same day, ties by id)
    assert new == [
        "泸州市市场监督管理局随机抽查事项清单删除：CC-002 食品生产者检查",
        "泸州市市场监督管理局随机抽查事项清单新增：CC-002 食品生产者检查",
        "泸州市市场监督管理局权力清单调整：CF-001 对经营不符合食品安全标准食品的处罚",
    ]
    entries = xml(builds[2] / "feeds" / "departments" / "shijianju" / "revisions.atom").findall("a:entry", NS)
    assert [e.findtext("a:title", None, NS) for e in entries[:3]] == new
    assert [e.findtext("a:updated", None, NS) for e in entries[:3]] == [
        "2024-06-30T00:00:01+08:00",
        "2024-06-30T00:00:00+08:00",
        "2024-06-30T00:00:00+08:00",
    ]
    assert len({e.findtext("a:id", None, NS) for e in entries}) == len(entries)
    # the same data again: nothing new, nothing duplicated
    builds.append(tmp_path / "b3")
    render(region.root, MINIMAL_AS_OF, builds[3], previous=builds[2], base_url=BASE)
    assert files(builds[2] / "feeds") == files(builds[3] / "feeds")


# ---------------------------------------------------------------- the platform


@dataclass
class Platform:
    """A consumer that keeps a local copy of the published decisions from the Atom feed alone.

    It follows the RFCs literally: of two versions of an entry the one with the
    later `updated` wins (RFC 5005), and a tombstone deletes an entry only if
    its `when` is not older than the entry's `updated` (RFC 6721).
    """

    out: Path
    decisions: dict[str, tuple[datetime, dict]] = field(default_factory=dict)
    archives: set[str] = field(default_factory=set)  # archive URLs already read
    fetched: int = 0

    def poll(self) -> None:
        docs = []
        url = urls.absolute(BASE, urls.feed("decisions"))
        while url and (not docs or url not in self.archives):
            doc = xml(local(self.out, url))
            self.fetched += 1
            docs.append((url, doc))
            url = link(doc, "prev-archive")
        for url, doc in reversed(docs):  # oldest first
            for el in doc.findall("a:entry", NS):
                if entry_type(el) != "decision":
                    continue
                key, updated = el.findtext("a:id", None, NS), datetime.fromisoformat(el.findtext("a:updated", None, NS))
                if key not in self.decisions or self.decisions[key][0] <= updated:
                    self.decisions[key] = (updated, summary_fields(el))
            for el in doc.findall("at:deleted-entry", NS):
                ref, when = el.get("ref"), datetime.fromisoformat(el.get("when"))
                if ref in self.decisions and self.decisions[ref][0] <= when:
                    del self.decisions[ref]
            if doc.find("fh:archive", NS) is not None:
                self.archives.add(url)

    def view(self) -> dict[tuple[str, str], dict]:
        return {(f["执法主体"], f["决定文书号"]): f for _, f in self.decisions.values()}

    def compared(self) -> dict[tuple[str, str], dict]:
        return {k: {f: v.get(f) for f in KEY_FIELDS} for k, v in self.view().items()}


KEY_FIELDS = ("执法类别", "行政相对人名称", "决定日期", "执法结论", "公示截止期")


def expected(pub: Publication) -> dict[tuple[str, str], dict]:
    return {
        (d["department_name"], d["doc_no"]): {
            "执法类别": d["kind"],
            "行政相对人名称": d["party"]["name"],
            "决定日期": d["decision_date"].isoformat(),
            "执法结论": text(d["conclusion"]),
            "公示截止期": d["publicity_until"].isoformat(),
        }
        for d in pub.decisions()
    }


def _edit(datasets: Path, dept: str, year: int, change) -> None:  # noqa: ANN001
    path = datasets / dept / "decisions" / f"{year}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["items"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy(item: dict, number: str, day: date) -> dict:
    new = yaml.safe_load(yaml.safe_dump(item, allow_unicode=True))
    new["doc_no"] = new["doc_no"].split("〔")[0] + number
    new["decision_date"] = day
    new.pop("withdrawal", None)
    new.pop("publicity_until", None)
    for key in ("published", "valid_from", "period_from"):
        if key in new:
            new[key] = day
    if "period_until" in new:
        new["period_until"] = day + timedelta(days=30)
    return new


def _live(items: list[dict]) -> list[dict]:
    """Decisions that stay published for years: no withdrawal, no minor, no short publicity period, and
    published at all (not a summary-procedure or warnings-only penalty)."""
    return [
        i
        for i in items
        if "withdrawal" not in i
        and not i["party"].get("minor")
        and "publicity_until" not in i
        and i["kind"] != "行政检查"
        and not timelimits.withheld(i, timelimits.Rules())
    ]


def test_platform_catches_up_with_nothing_missed_or_duplicated(synth, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "DAYS_PER_PAGE", 3)
    a_out = tmp_path / "a"
    pub_a = render(synth, AS_OF, a_out)
    platform = Platform(a_out)
    platform.poll()
    assert platform.compared() == expected(pub_a)
    first_fetch = platform.fetched

    dept = "shijianju"
    edits = {}

    def change_2025(items: list[dict]) -> None:
        live = _live(items)
        live[0]["conclusion"] = "（更正）" + live[0]["conclusion"]  # an old decision, long archived, corrected
        live[1]["withdrawal"] = {
            "date": date(2026, 12, 28),
            "kind": "撤销",
            "reason": "复议撤销。",
            "document": "云府复〔2026〕1号",
        }
        live[2]["withdrawal"] = {
            "date": date(2026, 9, 10),
            "kind": "确认违法",
            "reason": "判决确认违法，补录。",
            "document": "云法判〔2026〕7号",
        }
        items.remove(live[3])  # deleted outright
        items.append(_copy(live[4], "〔2025〕9002号", date(2025, 3, 3)))  # typed in late, dated long ago
        edits.update(
            changed=live[0]["doc_no"], withdrawn=[live[1]["doc_no"], live[2]["doc_no"]], deleted=live[3]["doc_no"]
        )

    _edit(synth, dept, 2025, change_2025)
    _edit(synth, dept, 2026, lambda items: items.append(_copy(_live(items)[-1], "〔2026〕9001号", date(2026, 12, 20))))
    b_as_of = date(2026, 12, 31)  # October is sealed, and some decisions expire
    b_out = tmp_path / "b"
    pub_b = render(synth, b_as_of, b_out, previous=a_out)

    platform.out = b_out
    platform.fetched = 0
    platform.poll()
    got = {
        k: {f: v[f] for f in ("执法类别", "行政相对人名称", "决定日期", "执法结论", "公示截止期")}
        for k, v in platform.view().items()
    }
    want = expected(pub_b)
    assert set(got) - set(want) == set(), "decisions the platform still shows but the site no longer publishes"
    assert set(want) - set(got) == set(), "published decisions the platform missed"
    assert got == want
    # the edits really happened, decisions expired, and the platform read far less than everything
    names = {k[1] for k in want}
    gone = {d["doc_no"] for d in pub_a.decisions()} - names
    assert {edits["deleted"], *edits["withdrawn"]} <= gone
    assert len(gone) > 3, "no decision expired between the two builds"
    assert edits["changed"] in names and got[next(k for k in got if k[1] == edits["changed"])]["执法结论"].startswith(
        "（更正）"
    )
    assert 0 < platform.fetched < first_fetch

    # build C, same day: the corrected decision is withdrawn, effective the day before its correction
    def withdraw_corrected(items: list[dict]) -> None:
        (item,) = [i for i in items if i["doc_no"] == edits["changed"]]
        item["withdrawal"] = {
            "date": date(2026, 12, 30),
            "kind": "变更",
            "reason": "复议变更。",
            "document": "云府复〔2026〕2号",
        }

    _edit(synth, dept, 2025, withdraw_corrected)
    c_out = tmp_path / "c"
    pub_c = render(synth, b_as_of, c_out, previous=b_out)
    platform.out = c_out
    platform.poll()
    assert edits["changed"] not in {k[1] for k in platform.view()}
    assert platform.compared() == expected(pub_c)


# ---------------------------------------------------------------- pages


def test_links_for_pages_point_at_written_feeds(synth_build):
    """The feed links every page advertises (and the feeds page lists) are feeds the feeds renderer wrote."""
    root, pub = synth_build
    dept = pub.departments[0].slug
    for kind, slug in (("home", None), ("decision", dept), ("column", dept), ("withdrawals", None)):
        links = subscriptions.links_for(kind, slug)
        assert links
        for ln in links:
            assert set(ln) == {"title", "href", "type"}
            assert ln["type"] in ("application/atom+xml", "application/rss+xml")
            assert (root / ln["href"].removeprefix("/feeds/")).is_file(), ln
    assert subscriptions.links_for("column", dept)[0]["href"] == urls.feed("revisions", dept)
    assert subscriptions.links_for("withdrawals", None)[0]["href"] == urls.feed("withdrawals")


# ---------------------------------------------------------------- shortcuts taken for speed
#
# The feeds of a large region are made with shortcuts (each entry's XML made
# once and moved between documents, URLs joined and quoted without urllib,
# JSON written by a reused encoder, paging sorted on precomputed keys,
# unchanged files hard-linked): each must give exactly what the plain way gives.


def test_an_entry_shared_by_documents_gives_the_bytes_of_a_fresh_one(synth_build, tmp_path):
    from gongshi.feeds import records, writer
    from gongshi.feeds.ledger import Ledger

    _, pub = synth_build
    ledger = Ledger.read(None, AS_OF, "gongshi.example.org")
    site = records.Site(BASE, ledger.authority, pub.region, {d.slug: d.name for d in pub.departments})
    entries = records.decision_entries(pub, ledger, site)
    notices, tombstones = records.withdrawal_items(pub, ledger, site)
    assert tombstones
    docs = [entries[:40] + tombstones[:3], entries[20:60] + notices, entries[:60], entries[30:31]]

    def meta(n: int) -> writer.Meta:
        when = max(e.updated for e in entries)
        return writer.Meta(
            f"tag:x,2019:{n}", "标题", "说明", "作者", BASE, f"{BASE}{n}.atom", when, [], archive=n % 2 == 0
        )

    shared = writer.Entries()
    for make in (writer.atom, writer.rss):
        made = [make(meta(n), items, shared) for n, items in enumerate(docs)]
        fresh = [make(meta(n), items) for n, items in enumerate(docs)]
        assert made == fresh
    again = [writer.atom(meta(n), items, shared) for n, items in enumerate(docs)]
    assert again == [writer.atom(meta(n), items) for n, items in enumerate(docs)]


def test_urls_and_tags_are_those_urllib_makes():
    from urllib.parse import quote

    from gongshi.feeds import records

    paths = [
        "/",
        "/feeds/",
        "/shijianju/decisions/泸市监罚-2026-12/",
        "/a/b c/%/?q#f/",
        "/x/./y/",
        "/x/../y/",
        "/x//y/",
        "/..",
        "/.hidden/",
        "/x.y/z..w/",
        "/dept/powers/XK-001:2/",
        "/😀/é/",
    ]
    bases = [
        BASE,
        "https://gongshi.example.org",
        "https://example.org/sub/site/",
        "https://example.org/sub//x/../",
        "http://127.0.0.1:8000/",
        "https://example.org/?q=1",
    ]
    for base in bases:
        site = records.Site(base, "gongshi.example.org", {}, {})
        for path in paths:
            assert site.url(path) == urls.absolute(base, path), (base, path)
    for s in [p.strip("/") for p in paths] + ["a:b@c/d~e_f.g-h", "中文 ＋全角", ""]:
        assert records._quote_path(s) == quote(s, safe="/-._~"), s
        assert records._quote_tag(s) == quote(s, safe="/-._~:@"), s


def test_ledger_json_is_what_json_dumps_writes():
    import json
    from decimal import Decimal

    from gongshi.feeds import ledger

    values = [
        {"b": [1, 2.5, None, True], "a": '中文\n"引号"\u2028', "c": {"z": date(2026, 1, 2), "y": Decimal("1.10")}},
        "纯文本",
        [],
        {},
        7,
    ]
    for value in values:
        plain = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=ledger._plain)
        assert ledger._DIGEST_JSON(value) == plain
    with pytest.raises(TypeError):
        ledger._DIGEST_JSON({"x": object()})
    assert ledger._DIGEST_JSON({"x": [1]}) == '{"x":[1]}'  # a failed encoding leaves nothing behind
    p = ledger.Placement('a"b', date(2026, 1, 2), 3)
    assert ledger._record(p) == json.dumps([p.hash, "2026-01-02", 3], ensure_ascii=False, separators=(",", ":"))


def test_paging_keeps_the_order_of_entries_with_equal_keys():
    from gongshi.feeds.ledger import stamp
    from gongshi.feeds.records import Tombstone

    def stone(ref: str, day: date, seq: int, n: int) -> Tombstone:
        return Tombstone(ref, stamp(day), stamp(day, seq), str(n), "d", "d")

    items = [
        stone(ref, day, seq, n)
        for n, (ref, day, seq) in enumerate(
            [("b", date(2026, 3, 1), 0), ("a", date(2026, 3, 1), 0), ("b", date(2026, 3, 1), 0)] * 3
            + [("c", date(2026, 11, 2), 1), ("c", date(2026, 11, 2), 1), ("a", date(2026, 11, 2), 0)]
        )
    ]

    def reference(items: list) -> list:
        return sorted(items, key=lambda i: (-i.sort_key[0].timestamp(), i.sort_key[1]))

    current, archives = paging.split(items, AS_OF, days=10)
    assert current.items == reference([i for i in items if i.placed.month == 11])
    assert [d.items for d in archives] == [reference([i for i in items if i.placed.month == 3])]
    assert [d.page for d in archives] == ["2026-03"]


# ---------------------------------------------------------------- text from the data is never markup

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<b>加粗</b>",
    '<a href="javascript:alert(3)">点我</a>',
    "]]><script>alert(4)</script>",
    "<![CDATA[<script>alert(5)</script>]]>",
    "&lt;i&gt;已转义&lt;/i&gt;",
    "&amp; &#60;svg onload=alert(6)&#62;",
    "<iframe src='//x'></iframe>",
]


def test_feed_readers_get_the_datas_text_never_its_markup(tmp_path):
    import lxml.html

    region = Region(tmp_path)
    region.edit("shijianju/decisions/2024.yaml", "    conclusion: 罚款人民币 2000 元\n",
                f"    conclusion: {json.dumps('罚款 ' + ' '.join(PAYLOADS), ensure_ascii=False)}\n")
    region.edit("shijianju/decisions/2024.yaml", "    decision_date: 2024-03-05\n", "    decision_date: 2024-06-20\n")  # in RSS
    out = tmp_path / "out"
    render(region.root, MINIMAL_AS_OF, out, base_url=BASE)
    rss = etree.parse(str(out / "feeds" / "decisions.rss"))
    descriptions = [d.text for d in rss.iter("description") if d.text and "alert(1)" in d.text]
    assert descriptions, "the decision's entry carries its conclusion"
    for body in descriptions:  # what a reader renders as HTML
        elements = {el.tag for el in lxml.html.fragment_fromstring(body, create_parent="div").iter()} - {"div", "br"}
        assert elements == set(), f"markup from the data: {elements}"
        shown = lxml.html.fragment_fromstring(body, create_parent="div").text_content()
        for payload in PAYLOADS:
            assert payload in shown, "shown as the characters the editor typed"
    for path in (out / "feeds" / "decisions.atom",):
        atom = etree.parse(str(path))
        for summary in atom.iter("{http://www.w3.org/2005/Atom}summary"):
            assert summary.get("type") in (None, "text"), "Atom text: inert"
    parsed = feedparser.parse(str(out / "feeds" / "decisions.rss"))
    assert all("<script" not in e.get("summary", "") for e in parsed.entries)


# ---------------------------------------------------------------- a replica through many builds


class Replica:
    """An independent RFC 5005 / RFC 6721 client of one Atom feed, keeping decisions and withdrawal notices.

    It reads the subscription document, follows prev-archive until an archive it
    has read (remembered by URL, never read again), applies the documents oldest
    first: an entry replaces the copy with the same id unless that copy is newer,
    a tombstone deletes its ref unless the copy is newer than the tombstone.
    """

    def __init__(self, feed: str = "decisions") -> None:
        self.feed = feed
        self.copy: dict[str, tuple[datetime, str, dict]] = {}  # id → (updated, type, summary fields)
        self.read: set[str] = set()

    def poll(self, out: Path) -> None:
        docs, url = [], urls.absolute(BASE, urls.feed(self.feed))
        while url and url not in self.read:
            doc = xml(local(out, url))
            docs.append((url, doc))
            url = link(doc, "prev-archive")
        for url, doc in reversed(docs):
            for el in doc:
                if el.tag == f"{{{ATOM}}}entry":
                    key, updated = el.findtext("a:id", None, NS), datetime.fromisoformat(el.findtext("a:updated", None, NS))
                    if key not in self.copy or self.copy[key][0] <= updated:
                        self.copy[key] = (updated, entry_type(el), summary_fields(el))
                elif el.tag == f"{{{AT}}}deleted-entry":
                    ref, when = el.get("ref"), datetime.fromisoformat(el.get("when"))
                    if ref in self.copy and self.copy[ref][0] <= when:
                        del self.copy[ref]
            if doc.find("fh:archive", NS) is not None:
                self.read.add(url)

    def decisions(self) -> set[tuple[str, str, str]]:
        return {(f["执法主体"], f["决定文书号"], f["执法结论"]) for _, t, f in self.copy.values() if t == "decision"}

    def notices(self) -> set[tuple[str, str]]:
        return {(f["执法主体"], f["决定文书号"]) for _, t, f in self.copy.values() if t == "withdrawal"}


def published(pub: Publication) -> tuple[set, set]:
    return (
        {(d["department_name"], d["doc_no"], text(d["conclusion"])) for d in pub.decisions()},
        {(w["department_name"], w["doc_no"]) for w in pub.withdrawals()},
    )


def test_a_replica_equals_the_publication_through_every_kind_of_change(synth, tmp_path, monkeypatch):
    """Builds that add, correct, withdraw, expire and delete decisions, delete a withdrawn record and remove
    a department; a client polling after every build and one polling after every other build."""
    from gongshi.build import build

    monkeypatch.setattr(paging, "DAYS_PER_PAGE", 3)  # several documents per sealed month
    out = tmp_path / "publish"
    every, sometimes = Replica(), Replica()
    withdrawals_feed = Replica("withdrawals")
    dept = "shijianju"
    state: dict = {}

    def add(items: list[dict]) -> None:
        items.append(_copy(_live(items)[-1], "〔2026〕9101号", date(2026, 12, 10)))

    def correct(items: list[dict]) -> None:
        live = _live(items)
        live[0]["conclusion"] = "（更正）" + live[0]["conclusion"]
        state["corrected"] = live[0]["doc_no"]

    def withdraw(items: list[dict]) -> None:
        live = _live(items)
        live[1]["withdrawal"] = {"date": date(2026, 12, 20), "kind": "撤销", "reason": "复议撤销。", "document": "云府复〔2026〕3号"}
        state["withdrawn"] = live[1]["doc_no"]

    def delete(items: list[dict]) -> None:
        items.remove(_live(items)[2])

    def delete_withdrawn(items: list[dict]) -> None:
        items.remove(next(i for i in items if i["doc_no"] == state["withdrawn"]))

    steps = [
        (date(2026, 11, 26), None),
        (date(2026, 12, 12), lambda: _edit(synth, dept, 2026, add)),
        (date(2026, 12, 15), lambda: _edit(synth, dept, 2025, correct)),
        (date(2026, 12, 22), lambda: _edit(synth, dept, 2025, withdraw)),
        (date(2027, 2, 10), lambda: _edit(synth, dept, 2025, delete)),  # months sealed, decisions expire
        (date(2027, 2, 11), lambda: _edit(synth, dept, 2025, delete_withdrawn)),
        (date(2027, 3, 5), lambda: shutil.rmtree(synth / next(p.name for p in sorted(synth.iterdir()) if p.is_dir() and p.name != dept))),
    ]
    for n, (as_of, change) in enumerate(steps):
        if change:
            change()
        pub = build(BuildConfig(synth, out, as_of, base_url=BASE)).publication
        want_decisions, want_notices = published(pub)
        every.poll(out)
        withdrawals_feed.poll(out)
        assert every.decisions() == want_decisions, f"step {n}: decisions"
        assert every.notices() == want_notices, f"step {n}: withdrawal notices"
        assert withdrawals_feed.notices() == want_notices, f"step {n}: the withdrawals feed"
        if n % 2 == 0 or n == len(steps) - 1:
            sometimes.poll(out)
            assert (sometimes.decisions(), sometimes.notices()) == (want_decisions, want_notices), f"step {n}: sometimes"
    assert state["withdrawn"] not in {d for _, d in every.notices()}, "its record was deleted: the notice went too"


def _positions(root: Path) -> dict[str, str]:
    """Entry id → the archive document holding it, over every archive of the site-wide decisions feed."""
    where = {}
    for path, doc in chain(root, "decisions")[1:]:
        for e in doc.findall("a:entry", NS):
            where[e.findtext("a:id", None, NS)] = path.name
    return where


def test_removing_entries_moves_no_other_entry_between_archive_documents(synth, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "DAYS_PER_PAGE", 3)
    a = tmp_path / "a"
    render(synth, AS_OF, a)
    before = _positions(a / "feeds")
    assert len(set(before.values())) > 10
    gone: list[str] = []

    def change(items: list[dict]) -> None:  # in sealed months: one deleted, one withdrawn, one corrected
        live = _live(items)
        items.remove(live[0])
        live[1]["withdrawal"] = {"date": date(2026, 11, 20), "kind": "撤销", "reason": "复议撤销。", "document": "云府复〔2026〕4号"}
        live[2]["conclusion"] = "（更正）" + live[2]["conclusion"]
        gone.extend(d["doc_no"] for d in live[:3])

    _edit(synth, "shijianju", 2025, change)
    b = tmp_path / "b"
    render(synth, AS_OF, b, previous=a)
    after = _positions(b / "feeds")
    moved = {k: (before[k], after[k]) for k in before.keys() & after.keys() if before[k] != after[k]}
    assert moved == {}, moved
    assert len(before) - len(before.keys() & after.keys()) >= 3, "the three changed entries left their documents"
