"""Reading ahead (readahead.py): a forked process reads and decides the later departments while the build reads the
earlier ones. The output, and the problems a refused build reports, must be those of a build without it."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from gongshi import build as builder
from gongshi import readahead
from gongshi.build import PROJECT, BuildConfig
from gongshi.load import DatasetInvalid
from tests.test_build import AS_OF, tree
from tests.test_incremental import assert_same_output

DEMO = PROJECT / "datasets"


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(DEMO, root)
    return root


@pytest.fixture
def taken(monkeypatch) -> dict[str, bool]:
    """Department → whether the build took it from the read-ahead (asked for it, and got a memo)."""
    found: dict[str, bool] = {}
    real = readahead.ReadAhead.take

    def spy(self, slug):
        memo = real(self, slug)
        if slug in self.slugs:
            found[slug] = memo is not None
        return memo

    monkeypatch.setattr(readahead.ReadAhead, "take", spy)
    return found


def read_by_the_build(monkeypatch) -> list[str]:
    """The departments the build read itself (load's `keep`)."""
    read: list[str] = []
    real = builder.load

    def spy(root, as_of, known, keep, **options):
        def keeping(dept, region):
            read.append(dept.slug)
            keep(dept, region)

        return real(root, as_of, known, keeping, **options)

    monkeypatch.setattr(builder, "load", spy)
    return read


def build(datasets: Path, out: Path, jobs: int) -> builder.BuildResult:
    return builder.build(BuildConfig(datasets, out, AS_OF, jobs=jobs))


def test_the_later_departments_are_read_ahead_and_the_output_is_the_same(datasets, tmp_path, taken, monkeypatch):
    read = read_by_the_build(monkeypatch)
    build(datasets, tmp_path / "two" / "publish", jobs=2)
    # the demo's last two folders hold about half of its bytes (shijianju is the largest)
    assert taken == {"shijianju": True, "yingjiguanli": True}
    assert read == ["jiangyang-zonghezhifa", "jiaotongyunshu", "shengtaihuanjing"]
    read.clear()
    taken.clear()
    build(datasets, tmp_path / "one" / "publish", jobs=1)
    assert taken == {}  # one process: no read-ahead
    assert len(read) == 5
    assert tree(tmp_path / "two" / "publish") == tree(tmp_path / "one" / "publish")


def test_a_rebuild_takes_the_cached_memos_and_reads_ahead_only_what_changed(datasets, tmp_path, taken, monkeypatch):
    out = tmp_path / "publish"
    build(datasets, out, jobs=2)
    taken.clear()
    read = read_by_the_build(monkeypatch)
    path = datasets / "yingjiguanli" / "decisions" / "2026.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("罚款人民币50,000元", "罚款人民币60,000元", 1), encoding="utf-8")
    build(datasets, out, jobs=2)
    assert taken == {"shijianju": False, "yingjiguanli": True}  # shijianju: its memo in the build's cache holds
    assert read == []
    assert "罚款人民币60,000元" in (out / "data" / "decisions.csv").read_text(encoding="utf-8")


def test_a_new_day_decides_the_later_departments_again_in_the_read_ahead(datasets, tmp_path, taken, monkeypatch):
    """A memo that no longer holds on the day is decided again from the cache by the read-ahead, not by the build."""
    out = tmp_path / "publish"
    build(datasets, out, jobs=2)
    taken.clear()
    read = read_by_the_build(monkeypatch)
    later = AS_OF + timedelta(days=400)  # decisions expire, certificates lapse: every department changes
    clean = tmp_path / "clean" / "publish"
    shutil.copytree(out, clean)  # (the same feeds ledger)
    builder.build(BuildConfig(datasets, clean, later, jobs=1, force=True))
    read.clear()
    taken.clear()
    builder.build(BuildConfig(datasets, out, later, jobs=2))
    assert taken == {"shijianju": True, "yingjiguanli": True}
    assert read == []  # (nothing read: the files did not change)
    assert_same_output(out, clean)


def refusal(datasets: Path, out: Path, jobs: int) -> list[str]:
    with pytest.raises(DatasetInvalid) as e:
        build(datasets, out, jobs)
    assert not out.exists()
    return [p.format() for p in e.value.report.problems]


def test_an_error_in_a_department_read_ahead_is_reported_as_without_it(datasets, tmp_path, taken):
    personnel = datasets / "yingjiguanli" / "personnel.yaml"
    text = personnel.read_text(encoding="utf-8")
    personnel.write_text(text.replace("cert_no: '51050020190401'", "cert_no: ''", 1), encoding="utf-8")
    alone = refusal(datasets, tmp_path / "one" / "publish", jobs=1)
    assert any("yingjiguanli/personnel.yaml" in p for p in alone)
    assert refusal(datasets, tmp_path / "two" / "publish", jobs=2) == alone
    assert taken == {"shijianju": True, "yingjiguanli": False}  # the build read it itself, and found the error


def test_a_clash_across_the_halves_is_reported_as_without_it(datasets, tmp_path, taken):
    """The region-wide checks see a department read ahead by its claims: one certificate number in two departments,
    one read by the build and one ahead, is the same error."""
    personnel = datasets / "yingjiguanli" / "personnel.yaml"
    text = personnel.read_text(encoding="utf-8")
    personnel.write_text(text.replace("'51050020190401'", "'51050220190301'", 1), encoding="utf-8")  # jiangyang's
    alone = refusal(datasets, tmp_path / "one" / "publish", jobs=1)
    assert any("51050220190301" in p for p in alone)
    assert refusal(datasets, tmp_path / "two" / "publish", jobs=2) == alone
    assert taken == {"shijianju": True, "yingjiguanli": True}  # (its own files hold no error)


def test_when_the_read_ahead_fails_the_build_reads_everything_itself(datasets, tmp_path, taken, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError  # in the forked child only: the build's own load is not this module's

    monkeypatch.setattr(readahead, "validate", broken)
    read = read_by_the_build(monkeypatch)
    build(datasets, tmp_path / "two" / "publish", jobs=2)
    assert taken == {"shijianju": False, "yingjiguanli": False}
    assert len(read) == 5
    build(datasets, tmp_path / "one" / "publish", jobs=1)
    assert tree(tmp_path / "two" / "publish") == tree(tmp_path / "one" / "publish")


def test_the_later_half_is_of_the_bytes(tmp_path):
    sizes = {"a": 100, "b": 100, "c": 300, "d": 50, "e": 50}
    folders = []
    for name, size in sizes.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.yaml").write_bytes(b"x" * size)
        folders.append(tmp_path / name)
    assert [p.name for p in readahead.later_half(folders)] == ["d", "e"]  # c would make it more than half
    assert readahead.later_half(folders[:1]) == []  # one department: nothing to read beside it
    assert readahead.later_half([]) == []


def test_only_the_folders_load_reads_are_weighed(tmp_path):
    """A link to a folder (load refuses it) is never followed: one to / would have the whole disk listed."""
    for name in ("b", "a", ".git"):
        (tmp_path / name).mkdir()
    (tmp_path / "region.yaml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "root").symlink_to("/")
    assert [p.name for p in readahead._departments(tmp_path)] == ["a", "b"]
    assert readahead._departments(tmp_path / "missing") == []
