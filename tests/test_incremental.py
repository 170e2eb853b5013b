"""A rebuild redoes only the departments that changed, and its output is exactly a clean build's.

Each scenario builds the demo, edits the datasets, then builds twice from
the same live output: once as a rebuild (memos and unchanged departments
reused) and once with --force into a copy (everything rendered anew, from the
same feeds ledger). The two outputs must be the same files with the same
bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from gongshi import build as builder
from gongshi import guard, opendata, publicity, seen
from gongshi import load as loader
from gongshi.build import PROJECT, BuildConfig, cache_folder
from gongshi.load import DatasetInvalid
from tests.test_build import tree
from tests.test_opendata_incremental import assert_same as assert_same_data

DEMO = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)
DEPT = "shijianju"
DECISIONS_2026 = f"{DEPT}/decisions/2026.yaml"


def assert_same_output(live: Path, clean: Path) -> None:
    """Every file byte for byte, but the database: the same in everything a user sees (see opendata.incremental)."""
    db = f"data/{opendata.DB_NAME}"
    assert {k: v for k, v in tree(live).items() if k != db} == {k: v for k, v in tree(clean).items() if k != db}
    assert_same_data(live / "data", clean / "data")


def build(datasets: Path, out: Path, as_of: date = AS_OF, **options) -> builder.BuildResult:
    return builder.build(BuildConfig(datasets, out, as_of, **options))


@pytest.fixture
def region(tmp_path) -> tuple[Path, Path]:
    """(datasets, live output): the demo built once, so a rebuild has memos and a previous output."""
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    live = tmp_path / "live" / "publish"
    build(datasets, live)
    return datasets, live


def rebuild_both(datasets: Path, live: Path, tmp_path: Path, as_of: date = AS_OF) -> tuple[builder.BuildResult, Path]:
    """Rebuild `live` in place and force a clean build into a copy of the previous output; the copy's path."""
    clean = tmp_path / "clean" / "publish"
    shutil.copytree(live, clean)  # the same feeds ledger: the clean build's other input
    build(datasets, clean, as_of, force=True)
    return build(datasets, live, as_of), clean


def inode(path: Path) -> int:
    return os.stat(path).st_ino


def edit(datasets: Path, rel: str, pattern: str, replacement: str) -> None:
    path = datasets / rel
    text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    assert n == 1, pattern
    path.write_text(text, encoding="utf-8")


def other_page(live: Path) -> Path:
    return live / "jiaotongyunshu" / "index.html"


def test_one_changed_decision_rerenders_one_department(region, tmp_path):
    datasets, live = region
    kept_page = other_page(live)
    kept_inode = inode(kept_page)
    # a record page of the changed department that shows nothing that changed: taken over, not rendered again
    sibling = live / DEPT / "decisions" / "泸市监罚-2026-12" / "index.html"
    sibling_inode = inode(sibling)
    initials = {p: inode(p) for p in (live / "parties").glob("[a-z]/index.html")}  # the companies by initial
    assert initials
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert not result.reused
    assert {p: inode(p) for p in initials} == initials  # they show no conclusion: taken over, not rendered again
    # (the search's bundle is the one of the decision's days of the year, with its company: the demo has one)
    assert result.rendered == {"site": {DEPT}, "feeds": {DEPT}, "data": {DEPT}, "search": {"days-0101-1231"}}
    assert_same_output(live, clean)
    assert inode(kept_page) == kept_inode  # moved over from the previous output, not rendered again
    assert inode(sibling) == sibling_inode
    pages = [p.parent.name for p in (live / DEPT / "decisions").glob("*/index.html") if "（已更正）" in p.read_text(encoding="utf-8")]
    assert [name for name in pages if name.count("-") == 2] == ["泸市监罚-2026-5"]  # its page; lists show it too


def test_withdrawal(region, tmp_path):
    datasets, live = region
    path = datasets / DECISIONS_2026
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.rindex("\n  - doc_no:")
    assert "withdrawal:" not in text[last:]
    doc_no = re.search(r"doc_no: (.*)", text[last:]).group(1).strip().strip("'\"")
    path.write_text(
        text
        + f"\n    withdrawal:\n      date: {AS_OF}\n      kind: 撤销\n      reason: 经复议撤销。\n      document: 复决〔2026〕9号\n",
        encoding="utf-8",
    )
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    notices = (live / DEPT / "withdrawals" / "index.html").read_text(encoding="utf-8")
    assert doc_no in notices and "经复议撤销" in notices


def test_nothing_changed_but_forced_and_then_reused(region, tmp_path):
    datasets, live = region
    before = tree(live)
    assert build(datasets, live).reused
    assert tree(live) == before


def test_removed_department_disappears(region, tmp_path):
    datasets, live = region
    shutil.rmtree(datasets / "yingjiguanli")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert not (live / "yingjiguanli").exists()
    assert_same_output(live, clean)


def test_new_as_of_day(region, tmp_path):
    """Months later, decisions and certificates have expired in several departments, and the feeds' open months
    have moved on: the output is still a forced build's."""
    datasets, live = region
    result, clean = rebuild_both(datasets, live, tmp_path, as_of=date(2027, 3, 1))
    assert_same_output(live, clean)


def published_changes(datasets: Path, before: date, after: date) -> set[str]:
    """Departments whose publication differs between two days, decided here independently of the build."""
    from gongshi.reuse import content_key

    dataset = loader.load(datasets, after)
    changed = set()
    for d in dataset.departments:
        first = publicity.department(d, before)
        # the next build reads what the first recorded (seen.py): the day each decision was first shown
        if content_key(first) != content_key(publicity.department(d, after, seen=first.seen)):
            changed.add(d.slug)
    return changed


@pytest.mark.parametrize("day", [date(2026, 11, 27), date(2026, 11, 29)], ids=["nothing expires", "one department"])
def test_a_new_day_renders_only_the_departments_whose_publication_changed(region, tmp_path, day):
    """The day is not in any renderer's key: on the next day the pages, feeds and tables of a department are made
    again only when what it publishes changed (on 29 November a decision of shengtaihuanjing expires)."""
    datasets, live = region
    expected = published_changes(datasets, AS_OF, day)
    assert expected == ({"shengtaihuanjing"} if day.day == 29 else set())
    kept_page = live / "jiaotongyunshu" / "index.html"
    kept_inode = inode(kept_page)
    # the changed department's pages that show nothing of its decisions, and those that count them
    dept = live / "shengtaihuanjing"
    unchanged = [dept / "powers/index.html", dept / "personnel/index.html", dept / "withdrawals/index.html",
                 dept / "statistics/index.html", *dept.glob("statistics/20*/index.html"), dept / "404.html"]
    counting = [dept / "decisions/index.html", dept / "index.html"]
    before = {p: inode(p) for p in (*unchanged, *counting)}
    result, clean = rebuild_both(datasets, live, tmp_path, as_of=day)
    assert not result.reused
    search = result.rendered.pop("search")
    assert result.rendered == {"site": expected, "feeds": expected, "data": expected}
    assert bool(search) == bool(expected)  # (the bundle of the expired decision's year)
    assert_same_output(live, clean)
    assert inode(kept_page) == kept_inode
    assert [p for p in unchanged if inode(p) != before[p]] == []  # taken over, not rendered again
    assert [p for p in counting if inode(p) != before[p]] == (counting if expected else [])
    home = (live / "index.html").read_text(encoding="utf-8")
    assert f'datetime="{day.isoformat()}"' in home  # the site-wide pages say the new day


def test_list_change_in_one_department(region, tmp_path):
    datasets, live = region
    powers = live / DEPT / "powers/index.html"
    before = inode(powers)
    edit(datasets, f"{DEPT}/powers.yaml", r"(\n    name: )(.*)", r"\1\2（调整）")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    assert inode(powers) != before  # (its key is the department's lists)
    assert "（调整）" in powers.read_text(encoding="utf-8")


def test_certificate_clash_with_an_unchanged_department_is_reported_as_in_a_full_check(region, tmp_path):
    """The region-wide 执法证号 check still sees departments taken from memos."""
    datasets, live = region
    before = tree(live)
    taken = re.search(r"cert_no: '(\d+)'", (datasets / "jiangyang-zonghezhifa/personnel.yaml").read_text(encoding="utf-8")).group(1)
    edit(datasets, f"{DEPT}/personnel.yaml", r"cert_no: '\d+'", f"cert_no: '{taken}'")
    with pytest.raises(DatasetInvalid) as e:
        build(datasets, live)
    full = loader.validate(datasets, AS_OF)  # (the checks that can only warn are validate's, not a build's)
    assert [p.format() for p in e.value.report.errors] == [p.format() for p in full.errors]
    assert any("执法证号" in p.format() for p in full.errors)
    assert tree(live) == before


# (the folder edited, the pattern, the replacement, what the error says): the other department is unchanged, so a
# rebuild takes it from its memo; the clash is found all the same, before it or after it in folder order.
CLASHES = [
    (f"{DEPT}/department.yaml", r"name: 泸州市市场监督管理局", "name: 泸州市交通运输局", "执法主体名称“泸州市交通运输局”与 jiaotongyunshu 部门相同"),
    ("jiaotongyunshu/department.yaml", r"uscc: 11510500MB1563104R", "uscc: １１５１０５００ＭＢ１５１７２５５Ｘ", "与 jiaotongyunshu 部门相同"),
    (f"{DEPT}/decisions/2026.yaml", r"泸市监罚〔2026〕5号", "泸市交执罚（2026）9999号", "文号的机关代字“泸市交执罚”已由 jiaotongyunshu 部门使用"),
]


@pytest.mark.parametrize(("rel", "pattern", "replacement", "said"), CLASHES, ids=["name", "credit code", "文号 prefix"])
def test_a_clash_with_a_remembered_department_is_reported_as_in_a_full_check(region, tmp_path, rel, pattern, replacement, said):
    """The region-wide checks on names, credit codes and 文号 prefixes see departments taken from memos."""
    datasets, live = region
    before = tree(live)
    edit(datasets, rel, pattern, replacement)
    with pytest.raises(DatasetInvalid) as e:
        build(datasets, live)
    full = loader.validate(datasets, AS_OF)  # (a remembered department's warnings are not said again)
    assert [p.format() for p in e.value.report.errors] == [p.format() for p in full.errors]
    assert any(said in p.format() for p in full.errors), [p.format() for p in full.errors]
    assert tree(live) == before


def test_stale_or_broken_memos_are_read_again(region, tmp_path):
    datasets, live = region
    for memo in (cache_folder(live.resolve()) / "departments").iterdir():
        memo.write_bytes(b"not a memo")
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（再次更正）")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)


def test_failed_rebuild_puts_moved_departments_back(region, tmp_path, monkeypatch):
    datasets, live = region
    before = tree(live)
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")

    def fail(new, target, trash=None):
        raise OSError("disk full")

    monkeypatch.setattr(builder.guard, "swap", fail)
    with pytest.raises(OSError, match="disk full"):
        build(datasets, live)
    assert tree(live) == before


def test_department_key_depends_on_values_not_on_shared_objects():
    """Parsers share equal strings and dates between records, or not: the key must not notice."""
    from gongshi.reuse import content_key

    day = date(2026, 1, 5)
    shared = {"published": day, "decision_date": day, "name": "甲" * 3}
    separate = {"published": date(2026, 1, 5), "decision_date": date(2026, 1, 5), "name": "甲甲" + "甲"}
    assert content_key(shared) == content_key(separate)
    assert content_key(shared) != content_key({**shared, "name": "乙" * 3})


def test_rebuild_still_catches_personal_data_in_what_it_rewrote(region, tmp_path, monkeypatch):
    """The guard reads only bytes that differ from the live output: a leak there is still one."""
    from gongshi import feeds
    from gongshi.guard import PersonalDataFound

    datasets, live = region
    before = tree(live)
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    real = feeds.render

    def leaky(job):
        written = real(job)
        atom = job.out / "decisions.atom"
        text = atom.read_text(encoding="utf-8")
        middle = len(text) // 2
        atom.write_text(text[:middle] + " 11010519491231002X " + text[middle:], encoding="utf-8")
        return written

    monkeypatch.setattr(feeds, "render", leaky)
    with pytest.raises(PersonalDataFound) as e:
        build(datasets, live)
    assert [(leak.file.name, leak.what) for leak in e.value.leaks] == [("decisions.atom", "身份证号码")]
    assert tree(live) == before


def test_a_remembered_department_loads_its_records_only_when_read(tmp_path):
    """What every build reads of every department (slug, name, counts, list sizes) comes without the records."""
    import pickle

    from gongshi import guard, memo
    from gongshi.load import load

    dataset = load(DEMO, AS_OF)
    dept = dataset.departments[0]
    public = publicity.department(dept, AS_OF)
    remembered, _ = memo.Memo.of("key", dept, AS_OF, [], guard.department_secrets(dept))
    deferred = remembered.public()
    assert (deferred.slug, deferred.name, deferred.counts, deferred.list_sizes()) == (
        public.slug, public.name, public.counts, public.list_sizes()
    )
    assert deferred._full is None
    assert deferred.decisions == public.decisions and deferred.lists == public.lists
    copy = pickle.loads(pickle.dumps(deferred))
    assert type(copy) is publicity.PublicDepartment and copy == public


# ---------------------------------------------------------------- the guard on a rebuild
#
# A name is secret only while no department publishes it. Department A (an officer), B (a natural-person
# party) and C (free text naming the person) make one name secret or public without C changing, so C's
# reused pages hold a secret the live output's scan never looked for.

OFFICER = ("jiaotongyunshu/personnel.yaml", r"- name: 肖建华\n", "- name: 欧阳明月\n")
PARTY = ("yingjiguanli/decisions/2026.yaml", r"      name: 吴春梅\n", "      name: 欧阳明月\n")
MENTION = ("shijianju/decisions/2026.yaml", r"货值金额共计73元。", "货值金额共计73元，现场负责人欧阳明月在场。")
OFFICER_RENAMED = ("jiaotongyunshu/personnel.yaml", r"- name: 欧阳明月\n", "- name: 肖建华\n")


def refused(datasets: Path, out: Path, **options) -> bool:
    try:
        build(datasets, out, **options)
    except guard.PersonalDataFound:
        return True
    return False


@pytest.mark.parametrize(
    ("before", "events"),
    [
        pytest.param((OFFICER, PARTY, MENTION), (OFFICER_RENAMED,), id="officer renamed after the mention"),
        pytest.param((OFFICER, PARTY), (OFFICER_RENAMED, MENTION), id="officer renamed before the mention"),
        pytest.param((MENTION,), (PARTY,), id="party added after the mention"),
        pytest.param((), (PARTY, MENTION), id="party added before the mention"),
    ],
)
def test_a_rebuild_refuses_exactly_what_a_forced_build_refuses(tmp_path, before, events):
    """Each event but the last is published by a rebuild; after the last, a rebuild and a forced build of the
    same inputs both refuse, and the live output stays as it was."""
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    for change in before:
        edit(datasets, *change)
    live = tmp_path / "live" / "publish"
    assert not refused(datasets, live), "the name is public (an officer's) or nobody's: published"
    for change in events[:-1]:
        edit(datasets, *change)
        assert not refused(datasets, live), "nobody's text names the person yet"
    page = next(live.glob("shijianju/decisions/*/index.html"))
    edit(datasets, *events[-1])
    clean = tmp_path / "clean" / "publish"
    shutil.copytree(live, clean)
    before_bytes = tree(live)
    with pytest.raises(guard.PersonalDataFound) as forced:
        build(datasets, clean, force=True)
    with pytest.raises(guard.PersonalDataFound) as rebuilt:
        build(datasets, live)
    assert {leak.what for leak in rebuilt.value.leaks} == {leak.what for leak in forced.value.leaks} == {"未隐去的自然人姓名"}
    assert tree(live) == before_bytes and page.exists(), "and the live output stays as it was"
    # once the text is fixed, both publish the same
    edit(datasets, MENTION[0], "，现场负责人欧阳明月在场。", "。")
    assert not refused(datasets, live) and not refused(datasets, clean, force=True)
    assert_same_output(live, clean)


def test_a_rebuild_by_another_guard_scans_what_it_reuses(region, tmp_path):
    """Output scanned by other code (an older guard, blind to a written form this one knows) is read again
    whole: here a mobile number written with dashes sits in the page of a department that did not change."""
    datasets, live = region
    kept_page = other_page(live)
    kept_page.write_text(kept_page.read_text(encoding="utf-8").replace("</main>", "<p>138—1234—5678</p></main>"), encoding="utf-8")
    assert leaks_after_an_older_guard(datasets, live) == [("jiaotongyunshu/index.html", "手机号码")]


def leaks_after_an_older_guard(datasets: Path, live: Path) -> list[tuple[str, str]]:
    """Say the live output was scanned by an older guard, edit one decision and rebuild: the leaks the refused
    rebuild names (the live output must be as it was)."""
    record = cache_folder(live) / guard.SCANNED_FILE
    record.write_text(re.sub(r'"scanner": "\w+"', '"scanner": "an older guard"', record.read_text(encoding="utf-8")))
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    before = tree(live)
    with pytest.raises(guard.PersonalDataFound) as e:
        build(datasets, live)
    assert tree(live) == before
    return [(leak.file.relative_to(e.value.root).as_posix(), leak.what) for leak in e.value.leaks]


def test_a_rebuild_by_another_guard_scans_the_pages_it_keeps_of_a_changed_department(region, tmp_path):
    """The same within the department that changed: a page of it that the rebuild keeps (not rendered again,
    moved over with its folder) is read again too, and the refused build leaves the live output as it was."""
    datasets, live = region
    sibling = live / DEPT / "decisions" / "泸市监罚-2026-12" / "index.html"
    st, data = sibling.stat(), sibling.read_bytes()
    planted, end = "<p>138—1234—5678</p>".encode(), data.index(b"</main>")
    sibling.write_bytes(data[: end - len(planted)] + planted + data[end:])  # kept all the same: a rebuild
    os.utime(sibling, ns=(st.st_atime_ns, st.st_mtime_ns))  # takes the live output to be what it recorded
    assert leaks_after_an_older_guard(datasets, live) == [(f"{DEPT}/decisions/泸市监罚-2026-12/index.html", "手机号码")]


def test_a_live_output_put_back_from_a_copy_has_its_changed_pages_rendered_not_kept(region, tmp_path):
    """A rebuild keeps the pages the live output's build recorded, and those records describe the output that
    went live last: put an older output back (from a backup, say) and the departments that differ from it are
    rendered anew, as a forced build renders them, not kept from the records of the output that was replaced."""
    datasets, live = region
    older = tmp_path / "older"
    shutil.copytree(live, older)
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    build(datasets, live)
    shutil.rmtree(live)
    shutil.copytree(older, live)  # the cache beside it still describes the build just replaced
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert DEPT in result.rendered["site"]
    assert "（已更正）" in "".join(p.read_text(encoding="utf-8") for p in (live / DEPT / "decisions").rglob("*.html"))
    assert_same_output(live, clean)


def test_a_page_deleted_by_hand_stays_missing_until_forced_and_does_not_stop_a_rebuild(region, tmp_path):
    """publish/ is the build's: a rebuild keeps what the record of a folder says it holds, so a kept page deleted
    there by hand stays missing until --force, even when the rebuild reads the pages it keeps again (they were
    scanned by an older guard), and it publishes."""
    datasets, live = region
    record = cache_folder(live) / guard.SCANNED_FILE
    record.write_text(re.sub(r'"scanner": "\w+"', '"scanner": "an older guard"', record.read_text(encoding="utf-8")))
    sibling = live / DEPT / "decisions" / "泸市监罚-2026-12" / "index.html"
    sibling.unlink()
    edit(datasets, DECISIONS_2026, r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    assert DEPT in build(datasets, live).rendered["site"]
    assert not sibling.exists()
    build(datasets, live, force=True)
    assert sibling.exists()


def test_pages_rendered_by_several_workers_are_all_recorded(region, tmp_path, monkeypatch):
    """The pages may be rendered by several forked workers, which share the company pages between them: a
    company whose only decision now names another is gone from a rebuild as from a forced build."""
    from gongshi.site import plugin

    monkeypatch.setattr(plugin, "_workers", lambda settings, publication: 2)
    datasets, live = region
    build(datasets, live, force=True, jobs=1)  # (one process: the site's workers are its children)
    edit(datasets, DECISIONS_2026, "92510502MA6NRNL29X", "92510502MA6NRNL303")
    clean = tmp_path / "clean" / "publish"
    shutil.copytree(live, clean)
    build(datasets, clean, force=True, jobs=1)
    build(datasets, live, jobs=1)
    assert not (live / "parties" / "92510502MA6NRNL29X").exists() and (live / "parties" / "92510502MA6NRNL303").exists()
    assert_same_output(live, clean)


def test_without_a_record_of_the_last_scan_a_rebuild_scans_what_it_reuses(region, tmp_path):
    datasets, live = region
    edit(datasets, *MENTION)
    assert not refused(datasets, live)
    (cache_folder(live) / guard.SCANNED_FILE).unlink()
    # make the mentioned name secret behind the guard's back: only the memo of B changes
    edit(datasets, *PARTY)
    calls = []
    original = guard.Scanner.tree

    def counting(self, root, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((self.numbers, root))
        return original(self, root, *args, **kwargs)

    guard.Scanner.tree = counting  # type: ignore[method-assign]
    try:
        assert refused(datasets, live, jobs=1)
    finally:
        guard.Scanner.tree = original  # type: ignore[method-assign]
    assert any(root == live / "shijianju" for _, root in calls), "the kept department's pages were scanned again"


def test_a_decision_without_publication_date_keeps_the_day_a_build_first_showed_it(region, tmp_path):
    """The true 公示日期: typed in without one, a decision is published on the day of the first build that shows
    it, and every later build (incremental or forced) says that day on its page, in the feed and in the
    database; the live output's record (seen.py) holds it."""
    datasets, live = region
    # typed in on the 27th, without 公示日期 (a new 文号: no build has shown it)
    edit(datasets, DECISIONS_2026, r"\n    published: 2026-11-02", "")
    edit(datasets, DECISIONS_2026, r"泸市监罚〔2026〕68号", "泸市监罚〔2026〕99号")
    slug = "泸市监罚-2026-99"
    first = date(2026, 11, 27)
    build(datasets, live, first)
    assert json.loads((live / seen.FILENAME).read_text(encoding="utf-8"))["shown"][DEPT][slug] == first.isoformat()
    result, clean = rebuild_both(datasets, live, tmp_path, as_of=date(2026, 11, 30))
    assert_same_output(live, clean)
    for out in (live, clean):
        page = (out / DEPT / "decisions" / slug / "index.html").read_text(encoding="utf-8")
        assert f'公示日期：<time datetime="{first}">' in page
        with sqlite3.connect(out / "data" / opendata.DB_NAME) as db:
            assert db.execute("select published from decisions where id = ?", (f"{DEPT}/{slug}",)).fetchone() == (first.isoformat(),)
        feed = (out / "feeds" / "departments" / DEPT / "decisions.atom").read_text(encoding="utf-8")
        assert f"<published>{first}T00:00:00+08:00</published>" in feed


def test_the_record_keeps_only_what_may_be_published(region, tmp_path):
    """A decision found to concern a minor leaves the public record (and the pages) at the next build."""
    datasets, live = region
    dept, slug = "jiaotongyunshu", "泸市交执罚-2026-4"
    assert slug in json.loads((live / seen.FILENAME).read_text(encoding="utf-8"))["shown"][dept]
    edit(datasets, f"{dept}/decisions/2026.yaml", r"(\n      kind: 自然人\n)", r"\1      minor: true\n")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    assert slug not in (live / seen.FILENAME).read_text(encoding="utf-8")
    assert not (live / dept / "decisions" / slug).exists()


def test_an_output_built_before_the_record_existed_brings_no_expired_decision_back(region, tmp_path):
    datasets, live = region
    before = {p.name for p in (live / "jiangyang-zonghezhifa" / "decisions").iterdir()}
    # an old decision without 公示日期 (it expired under the old rule, counted from its decision date)
    edit(datasets, "jiangyang-zonghezhifa/decisions/2023.yaml", r"\n    published: 2023-04-10", "")
    (live / seen.FILENAME).unlink()
    build(datasets, live)
    after = {p.name for p in (live / "jiangyang-zonghezhifa" / "decisions").iterdir()}
    assert after == before
    # and it stays expired in the builds after (the record now holds it), forced or not
    edit(datasets, "jiangyang-zonghezhifa/decisions/2025.yaml", r"(\n    conclusion: )(.*)", r"\1\2（已更正）")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    assert "江综执罚-2023-7" not in {p.name for p in (live / "jiangyang-zonghezhifa" / "decisions").iterdir()}


def test_a_deleted_record_is_written_again_even_when_nothing_else_changed(region):
    datasets, live = region
    kept = json.loads((live / seen.FILENAME).read_text(encoding="utf-8"))
    (live / seen.FILENAME).unlink()
    assert not build(datasets, live).reused
    again = json.loads((live / seen.FILENAME).read_text(encoding="utf-8"))
    # every day it held is there again (counted as an output made before the record: expired ones join it)
    for section in seen.SECTIONS:
        for dept, days in kept[section].items():
            assert days.items() <= again[section][dept].items()


def test_a_changed_template_reaches_every_page_of_a_rebuild(tmp_path):
    """A change to the code or the theme (reuse.Keys.common) renders every page anew: no page is kept from the
    live output because its record is the same, or it would keep the old template."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("themes", "content"):
        shutil.copytree(PROJECT / name, project / name)
    shutil.copy(PROJECT / "pelicanconf.py", project)
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    live = tmp_path / "publish"
    build(datasets, live, project=project)
    page = live / DEPT / "decisions" / "泸市监罚-2026-12" / "index.html"
    template = project / "themes" / "gongshi" / "templates" / "decision.html"
    assert "{% block content %}" in template.read_text(encoding="utf-8")
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>模板已更新</p>", 1), encoding="utf-8")
    result = build(datasets, live, project=project)
    assert not result.reused
    assert "模板已更新" in page.read_text(encoding="utf-8")


def test_a_new_company_changes_only_its_initials_pages(region, tmp_path):
    """The company directory: a company that appears changes the pages of its initial (and the first page, which
    counts them all); every other initial's pages are taken over, not rendered again."""
    from stdnum.cn import uscc

    datasets, live = region
    initials = {p.parent.name: inode(p) for p in (live / "parties").glob("[a-z]/index.html")}
    counted = re.compile(r'<a href="/parties/w/">W<span class="count">（(\d+)）</span></a>')
    before = int(counted.search((live / "parties" / "index.html").read_text(encoding="utf-8")).group(1))
    code = "91510502MA7W00001"
    code += uscc.calc_check_digit(code)
    path = datasets / DECISIONS_2026
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text[text.rindex("\n  - doc_no:"):]
    new = (last.replace("〔2026〕68号", "〔2026〕99号").replace("江阳区老味道卤菜店", "泸州市江阳区万顺卤菜店")
           .replace("92510502MA6QJHMK5K", code).replace("operator: 范志友", "operator: 范志远"))
    assert new != last and code in new
    path.write_text(text + new + "\n", encoding="utf-8")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    now = {p.parent.name: inode(p) for p in (live / "parties").glob("[a-z]/index.html")}
    assert now.keys() == initials.keys() and now["w"] != initials["w"]
    assert {k: v for k, v in now.items() if k != "w"} == {k: v for k, v in initials.items() if k != "w"}
    assert "泸州市江阳区万顺卤菜店" in (live / "parties" / "w" / "index.html").read_text(encoding="utf-8")
    index = (live / "parties" / "index.html").read_text(encoding="utf-8")
    assert int(counted.search(index).group(1)) == before + 1


def test_a_company_page_is_made_again_when_a_department_it_was_in_changed(region, tmp_path, monkeypatch):
    """A rebuild takes a company's page over without making it when no department its decisions are of, now or
    in the live build, changed. 恒达化工's 生态环境局 decision names another company below: its page, whose
    decisions are then all of 应急管理局 (unchanged), is made again without it. The pages of the companies
    生态环境局 names are planned (and kept if the same); no other company's page is."""
    from gongshi.site.pages import Planner

    datasets, live = region
    page = live / "parties" / "91510503MA615RUD71" / "index.html"
    assert "泸州市纳溪区恒达化工有限公司" in page.read_text(encoding="utf-8")  # its former name, from 生态环境局
    named = re.compile(r"uscc: '?(\w{18})")
    before = set(named.findall("".join(p.read_text(encoding="utf-8")
                                       for p in (datasets / "shengtaihuanjing").rglob("*.yaml"))))
    edit(datasets, "shengtaihuanjing/decisions/2025.yaml", r"(泸市环罚〔2025〕33号\n(?:    .*\n)*?      uscc: )91510503MA615RUD71",
         r"\g<1>91510503MA615RUE72")
    planned: list[str] = []
    make = Planner.party_page
    monkeypatch.setattr(Planner, "party_page", lambda self, party: planned.append(party.uscc) or make(self, party))
    clean = tmp_path / "clean" / "publish"
    shutil.copytree(live, clean)
    build(datasets, clean, force=True, jobs=1)
    everyone = set(planned)
    planned.clear()
    result = build(datasets, live, jobs=1)
    assert_same_output(live, clean)
    assert result.rendered["site"] == {"shengtaihuanjing"}
    assert "泸州市纳溪区恒达化工有限公司" not in page.read_text(encoding="utf-8")
    assert (live / "parties" / "91510503MA615RUE72" / "index.html").is_file()
    assert "91510503MA615RUD71" in planned and "91510503MA615RUE72" in planned
    assert set(planned) == (before | {"91510503MA615RUE72"}) & everyone  # (a natural person's has no page)
    assert len(everyone) > 2 * len(planned)


def test_a_company_renamed_in_one_department_is_renamed_in_the_other_departments_lists(region, tmp_path):
    """A company is listed under its newest decision's name, also in the company list of a department that did
    not change: that department's pages are rendered again, not kept (found by tests/test_incremental_sequences:
    a decision deleted in one department left another listing the company under a name it no longer had)."""
    datasets, live = region
    listing = live / "shengtaihuanjing" / "parties" / "index.html"  # 恒达化工, named anew by 应急管理局 below
    assert "泸州市纳溪区恒达化工贸易有限公司" in listing.read_text(encoding="utf-8")
    edit(datasets, "yingjiguanli/decisions/2026.yaml", r"(泸市应急罚〔2026〕21号\n(?:    .*\n)*?      name: )泸州市纳溪区恒达化工贸易有限公司",
         r"\1泸州市纳溪区恒达新材料有限公司")
    result, clean = rebuild_both(datasets, live, tmp_path)
    assert_same_output(live, clean)
    assert result.rendered["site"] == {"yingjiguanli", "shengtaihuanjing"}
    assert "泸州市纳溪区恒达新材料有限公司" in listing.read_text(encoding="utf-8")
