"""The feeds, department by department (gongshi.feeds.incremental): a rebuild writes what a forced build does.

Each scenario builds a live folder (a forced build, then one build that fills
the cache), changes the datasets, then renders twice from the SAME live
folder and ledger: once reusing the warm cache, once forced (every department
computed, no cache). The two folders must hold the same files with the same
bytes, and every file whose bytes did not change keeps the live copy's
modification time. Both are also held to `whole`, a plain render of every
document with feedgen from all items at once (what the site-wide documents,
assembled from the departments' fragments, must equal).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from gongshi import feeds
from gongshi.build import BuildConfig
from gongshi.feeds import Feed, _alternate, _Paged, _rel, incremental, paging, records, revisions, writer
from gongshi.feeds.ledger import FILENAME, Ledger, UnreadableLedger
from gongshi.load import load
from gongshi.publicity import Publication, decide
from gongshi.reuse import Keys, RenderJob, content_key
from gongshi.subscriptions import NAMES, TITLES

DEMO = Path(__file__).resolve().parent.parent / "datasets"
AS_OF = date(2026, 11, 26)

pytestmark = pytest.mark.skipif(not (DEMO / "region.yaml").is_file(), reason="the demo region is not there")


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Months of several archive documents (three days each), so the site-wide pages gather several departments'."""
    monkeypatch.setattr(paging, "DAYS_PER_PAGE", 3)


def keys_of(pub: Publication) -> Keys:
    common = content_key((pub.as_of, pub.region, [(d.slug, d.name) for d in pub.departments]))
    return Keys(common, {d.slug: content_key(d) for d in pub.departments})


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Region:
    """A copy of the demo region, its live output folder and the feeds cache."""

    root: Path
    datasets: Path
    cache: Path
    live: Path | None = None
    keys: Keys | None = None
    as_of: date = AS_OF
    builds: int = 0

    def publication(self) -> Publication:
        return decide(load(self.datasets, self.as_of), self.as_of)

    def render(self, incremental_: bool) -> tuple[Path, Keys]:
        """Render from the live folder into a new folder; the live folder is left as it is."""
        self.builds += 1
        out = self.root / f"build-{self.builds}"
        pub = self.publication()
        keys = keys_of(pub)
        config = BuildConfig(datasets=self.datasets, output=self.live or self.root / "none", as_of=self.as_of)
        if incremental_:
            changed = keys.changed(self.keys)
            live = self.live / "feeds" if self.live and changed is not None else None
            frozen = frozenset(changed) if changed is not None else None
            feeds.render(RenderJob(pub, out / "feeds", config, frozen, live, self.cache, keys))
        else:
            feeds.render(RenderJob(pub, out / "feeds", config))
        return out, keys

    def publish(self) -> None:
        """An incremental build becomes the live folder (fills the cache the next build reads)."""
        out, keys = self.render(True)
        self.live, self.keys = out, keys

    def check(self) -> dict[str, bytes]:
        """A rebuild and a forced build from the same live folder: the same files as `whole`, live mtimes kept."""
        inc, _ = self.render(True)
        full, _ = self.render(False)
        a, b = files(inc / "feeds"), files(full / "feeds")
        c = whole(self.publication(), self.live / "feeds" if self.live else None)
        assert sorted(a) == sorted(b) == sorted(c)
        assert [rel for rel in a if not a[rel] == b[rel] == c[rel]] == []
        live = files(self.live / "feeds") if self.live else {}
        for rel, data in a.items():
            if live.get(rel) == data:
                old = (self.live / "feeds" / rel).stat().st_mtime_ns
                assert (inc / "feeds" / rel).stat().st_mtime_ns == old, rel
                assert (full / "feeds" / rel).stat().st_mtime_ns == old, rel
        self.live, self.keys = inc, keys_of(self.publication())
        return a

    def edit(self, rel: str, change) -> None:  # noqa: ANN001
        path = self.datasets / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def whole(pub: Publication, live: Path | None) -> dict[str, bytes]:
    """Every document rendered by feedgen from all its items, and the ledger as Ledger writes it: the feeds as
    they were made before they were made department by department."""
    text = (live / FILENAME).read_text(encoding="utf-8") if live and (live / FILENAME).is_file() else None
    host = urlsplit(pub.region["base_url"]).hostname
    try:
        ledger = Ledger.read(text, pub.as_of, host)
    except UnreadableLedger:
        ledger = Ledger.read(None, pub.as_of, host)
    site = records.Site(pub.region["base_url"], ledger.authority, pub.region, {d.slug: d.name for d in pub.departments})
    notices, withdrawn = records.withdrawal_items(pub, ledger, site)
    removed = records.removal_tombstones(pub, ledger, site)
    contents = {
        "decisions": [*records.decision_entries(pub, ledger, site), *notices, *withdrawn, *removed],
        "withdrawals": [*notices, *(t for t in removed if t.notice)],
        "revisions": list(revisions.revision_entries(pub, ledger, site)),
    }
    out: dict[str, bytes] = {}
    region_name = pub.region.get("name", "")
    for name in NAMES:
        group = [Feed(name, None, f"{region_name}{TITLES[name]}", pub.region.get("publisher") or region_name,
                      _alternate(name, None), contents[name])]
        group += [Feed(name, d.slug, f"{d.name}{TITLES[name]}", d.name, _alternate(name, d.slug),
                       [i for i in contents[name] if i.dept == d.slug]) for d in pub.departments]
        for feed in group:
            p = _Paged(feed, pub, site)
            for n, doc in enumerate(p.archives):
                out[_rel(p.archive_paths[n])] = writer.atom(p.archive_meta(n), doc.items)
            out[_rel(p.subscription)] = writer.atom(p.current_meta("atom"), p.current.items)
            out[_rel(p.rss)] = writer.rss(p.current_meta("rss"), p.current.items)
    out[FILENAME] = ledger.dumps().encode("utf-8")
    return dict(sorted(out.items()))


@pytest.fixture
def region(tmp_path) -> Region:
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    r = Region(tmp_path, datasets, tmp_path / "cache")
    r.live, _ = r.render(False)  # a first build without cache: the cache starts cold
    r.publish()
    return r


@pytest.fixture
def computed(region, monkeypatch) -> list[str]:
    """The units a rebuild computes (the others are taken from the cache), not those of the forced build beside it."""
    seen: list[str] = []
    compute = incremental._Incremental._compute

    def spy(self, slug, dept, share):  # noqa: ANN001, ANN202
        if self.store.root == region.cache:
            seen.append(slug)
        return compute(self, slug, dept, share)

    monkeypatch.setattr(incremental._Incremental, "_compute", spy)
    return seen


def first_decision(items: list[dict]) -> dict:
    return next(i for i in items if "withdrawal" not in i and not i["party"].get("minor"))


def test_nothing_changed(region, computed):
    region.check()
    assert computed == []


def test_one_decision_text_changed(region, computed):
    region.edit("shijianju/decisions/2024.yaml", lambda d: first_decision(d["items"]).update(conclusion="已改正的结论"))
    region.check()
    assert computed == ["shijianju"]


def test_one_decision_withdrawn(region, computed):
    def withdraw(data: dict) -> None:
        first_decision(data["items"])["withdrawal"] = {
            "date": date(2026, 11, 20),
            "kind": "撤销",
            "reason": "经行政复议，原决定认定事实不清，予以撤销。",
            "document": "泸市府复决〔2026〕8号",
        }

    region.edit("jiaotongyunshu/decisions/2025.yaml", withdraw)
    out = region.check()
    assert computed == ["jiaotongyunshu"]
    assert b"deleted-entry" in out["departments/jiaotongyunshu/decisions.atom"]


def test_a_decision_deleted(region, computed):
    region.edit("shengtaihuanjing/decisions/2024.yaml", lambda d: d["items"].remove(first_decision(d["items"])))
    region.check()
    assert computed == ["shengtaihuanjing"]
    region.check()  # and the build after it, with its removal carried
    assert computed == ["shengtaihuanjing"]


def test_a_withdrawn_decisions_record_deleted(region, computed):
    path = "jiangyang-zonghezhifa/decisions/2026.yaml"
    region.edit(path, lambda d: d["items"].remove(next(i for i in d["items"] if "withdrawal" in i)))
    out = region.check()  # incremental equals full
    assert computed == ["jiangyang-zonghezhifa"]
    assert b"deleted-entry" in out["departments/jiangyang-zonghezhifa/withdrawals.atom"]
    assert b"deleted-entry" in out["withdrawals.atom"]
    region.check()  # and the build after it, with its removal carried


def test_a_list_item_changed(region, computed):
    region.edit("yingjiguanli/powers.yaml", lambda d: d["items"][0].update(name=d["items"][0]["name"] + "（调整）"))
    out = region.check()
    assert computed == ["yingjiguanli"]
    assert "调整：".encode() in out["departments/yingjiguanli/revisions.atom"]


def test_two_builds_on_one_day_with_list_changes(region, computed):
    """The second build's events come one second after the first's, in another department too."""
    region.edit("yingjiguanli/powers.yaml", lambda d: d["items"][0].update(name=d["items"][0]["name"] + "（一）"))
    region.check()
    region.edit("shijianju/powers.yaml", lambda d: d["items"][0].update(name=d["items"][0]["name"] + "（二）"))
    out = region.check()
    assert computed == ["yingjiguanli", "shijianju"]
    assert f"{AS_OF.isoformat()}T00:00:01+08:00".encode() in out["departments/shijianju/revisions.atom"]
    region.edit("yingjiguanli/powers.yaml", lambda d: d["items"][0].update(name=d["items"][0]["name"] + "（三）"))
    out = region.check()
    assert f"{AS_OF.isoformat()}T00:00:02+08:00".encode() in out["departments/yingjiguanli/revisions.atom"]


def test_a_new_department(region, computed):
    shutil.copytree(region.datasets / "yingjiguanli", region.datasets / "yingjiguanli-xin")
    region.edit("yingjiguanli-xin/department.yaml", lambda d: d.update(name=d["name"] + "（新）", uscc="11510500MB0000001K"))
    for path in (region.datasets / "yingjiguanli-xin" / "decisions").glob("*.yaml"):
        path.unlink()
    (region.datasets / "yingjiguanli-xin" / "personnel.yaml").unlink()  # 执法证号 are unique in the region
    region.check()
    assert len(computed) == 6  # `common` changed: every department anew
    computed.clear()
    region.check()
    assert computed == []


def test_common_changed(region, computed):
    region.edit("region.yaml", lambda d: d.update(site_title=d["site_title"] + "（试运行）"))
    region.check()
    assert len(computed) == 5


def test_a_department_removed_leaves_its_tombstones(region, computed):
    shutil.rmtree(region.datasets / "yingjiguanli")
    region.check()
    region.edit("shijianju/decisions/2024.yaml", lambda d: first_decision(d["items"]).update(conclusion="又改"))
    computed.clear()
    region.check()
    assert "shijianju" in computed and "jiaotongyunshu" not in computed


def test_a_cold_or_broken_cache_gives_the_same_files(region):
    shutil.rmtree(region.cache)
    region.check()
    for path in region.cache.rglob("*"):
        if path.is_file() and path.parent.name == "memos":
            path.write_bytes(b"not a pickle")
    region.check()


def test_the_comparison_catches_a_stale_department(region, monkeypatch):
    """A broken incremental path (a memo found whatever the department's content) is caught."""
    monkeypatch.setattr(Keys, "changed", lambda self, previous: set())
    monkeypatch.setattr(incremental._Incremental, "_memo_key", lambda self, slug, part, prev: f"{slug}-{part}")
    region.publish()  # the cache now holds memos under the broken keys
    region.edit("shijianju/decisions/2024.yaml", lambda d: first_decision(d["items"]).update(conclusion="已改正的结论"))
    with pytest.raises(AssertionError):
        region.check()


def test_a_ledger_record_naming_another_department_goes_with_its_key(region):
    """A ledger edited by hand: a record that names another department than its key's stays with its key's
    department (no revision it holds is lost), every other record is kept, and a rebuild writes what a forced
    build does."""
    region.edit("yingjiguanli/powers.yaml", lambda d: d["items"][0].update(name=d["items"][0]["name"] + "（调整）"))
    region.publish()  # the ledger now holds the list's event
    path = region.live / "feeds" / FILENAME
    ledger = json.loads(path.read_text(encoding="utf-8"))
    [event] = [e for e in ledger["events"] if e["dept"] == "yingjiguanli"]
    event["dept"] = "shijianju"
    key = next(k for k, v in ledger["decision_info"].items() if v["dept"] == "shijianju")
    ledger["decision_info"][key]["dept"] = "yingjiguanli"
    os.unlink(path)  # (a hard link of the cache's copy: written anew, not in place)
    path.write_text(json.dumps(ledger, ensure_ascii=False), encoding="utf-8")
    region.keys = None  # the live output's keys no longer say what it holds
    rebuilt, _ = region.render(True)
    forced, _ = region.render(False)
    assert files(rebuilt / "feeds") == files(forced / "feeds")
    after = json.loads((forced / "feeds" / FILENAME).read_text(encoding="utf-8"))
    assert after["decision_info"][key]["dept"] == "shijianju"
    assert [e["dept"] for e in after["events"] if e["id"] == event["id"]] == ["yingjiguanli"]
    assert "调整：".encode() in (forced / "feeds" / "departments/yingjiguanli/revisions.atom").read_bytes()
    others = {k: v for k, v in ledger["decisions"].items() if not k.startswith("shijianju/")}
    assert others and {k: after["decisions"][k] for k in others} == others


def test_a_cache_that_lost_the_ledger_shares_renders_every_department_again(region, computed):
    """The memos are there but not the ledger shares they name: the render cannot vouch for them, computes every
    department (a test would see it), and writes what a forced build does."""
    for path in (region.cache / "parts").iterdir():
        path.unlink()
    region.check()
    assert sorted(computed) == sorted({p.name for p in region.datasets.iterdir() if p.is_dir()})
