"""Whole builds: all-or-nothing, reproducible, and nothing stale left behind."""

from __future__ import annotations

import gc
import hashlib
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gongshi import build as builder
from gongshi import feeds, urls
from gongshi.build import PROJECT, BuildConfig
from gongshi.guard import PersonalDataFound
from gongshi.load import DatasetInvalid

DEMO = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)
SJJ_2024 = "shijianju/decisions/2024.yaml"


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> Path:
    """A private copy of the demo that tests may edit."""
    root = tmp_path_factory.mktemp("region") / "datasets"
    shutil.copytree(DEMO, root)
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory, datasets) -> Path:
    out = tmp_path_factory.mktemp("site") / "publish"
    builder.build(BuildConfig(datasets, out, AS_OF))
    return out


def build_into(datasets: Path, out: Path, as_of: date = AS_OF, **options) -> builder.BuildResult:
    return builder.build(BuildConfig(datasets, out, as_of, **options))


def test_forced_rebuild_is_byte_identical(published, datasets, tmp_path):
    before = tree(published)
    copy = tmp_path / "publish"
    shutil.copytree(published, copy)  # carries the feeds' ledger, as a real rebuild in place does
    result = build_into(datasets, copy, force=True)
    assert not result.reused
    assert tree(copy) == before


def test_one_process_and_two_give_the_same_bytes(published, datasets, tmp_path):
    out = tmp_path / "publish"
    build_into(datasets, out, jobs=1)
    assert tree(out) == tree(published)


def test_unchanged_inputs_reuse_the_previous_output(published, datasets, tmp_path):
    copy = tmp_path / "publish"
    shutil.copytree(published, copy)
    stamps = {p: p.stat().st_mtime_ns for p in copy.rglob("*")}
    result = build_into(datasets, copy)
    assert result.reused and result.publication is None
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*")} == stamps


@pytest.mark.parametrize("change", ["data", "as_of", "ledger"])
def test_any_changed_input_renders_again(published, datasets, tmp_path, change):
    region = tmp_path / "datasets"
    shutil.copytree(datasets, region)
    copy = tmp_path / "publish"
    shutil.copytree(published, copy)
    as_of = AS_OF
    if change == "data":
        path = region / SJJ_2024
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "as_of":
        as_of = date(2026, 11, 27)
    else:
        (copy / "feeds" / "ledger.json").write_text("{}", encoding="utf-8")
    assert not build_into(region, copy, as_of).reused


def test_invalid_data_publishes_nothing(published, datasets, tmp_path):
    before = tree(published)
    broken = tmp_path / "datasets"
    shutil.copytree(datasets, broken)
    path = broken / SJJ_2024
    path.write_text(path.read_text(encoding="utf-8").replace("decision_date: 2024-", "decision_date: 2024-13-", 1), encoding="utf-8")
    with pytest.raises(DatasetInvalid):
        build_into(broken, published)
    assert tree(published) == before
    assert [p.name for p in published.parent.iterdir() if p.name.startswith(".publish")] == [".publish.cache"]  # no half-built folder


def test_failure_while_rendering_leaves_previous_site(published, datasets, monkeypatch):
    before = tree(published)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(feeds, "render", explode)
    with pytest.raises(OSError, match="disk full"):
        build_into(datasets, published, force=True)
    assert tree(published) == before
    assert sorted(p.name for p in published.parent.iterdir()) == [".publish.cache", "publish"]


def test_a_build_gives_the_cycle_collector_back_as_it_found_it(published, datasets, monkeypatch):
    """While it renders and publishes, the build leaves what it holds out of the collector's walks (gc.freeze: a
    walk of the publication after the pages cost a new day 1.4 to 2 s); a process that goes on after it (the
    tests, a server) gets every object back in the collector's care, after a failure too."""
    frozen = []
    real = feeds.render

    def watched(job):  # (what get_objects lists is what a collection walks; frozen objects are not among it)
        frozen.append(not any(o is job.publication for generation in range(3) for o in gc.get_objects(generation)))
        return real(job)

    monkeypatch.setattr(feeds, "render", watched)
    build_into(datasets, published, force=True, jobs=1)
    assert frozen == [True]
    assert (gc.get_freeze_count(), gc.isenabled()) == (0, True)

    def explode(job):
        raise OSError("disk full")

    monkeypatch.setattr(feeds, "render", explode)
    with pytest.raises(OSError, match="disk full"):
        build_into(datasets, published, force=True, jobs=1)
    assert (gc.get_freeze_count(), gc.isenabled()) == (0, True)


def test_personal_data_in_output_stops_the_build(published, datasets, monkeypatch):
    before = tree(published)
    real = feeds.render

    def leaky(job):
        written = real(job)
        (job.out / "debug.txt").write_text("当事人身份证 11010519491231002X", encoding="utf-8")
        return written

    monkeypatch.setattr(feeds, "render", leaky)
    with pytest.raises(PersonalDataFound) as e:
        build_into(datasets, published, force=True)
    assert [(leak.file.name, leak.what) for leak in e.value.leaks] == [("debug.txt", "身份证号码")]
    assert tree(published) == before


def test_removed_record_leaves_no_stale_page(published, datasets, tmp_path):
    """Pelican never deletes old output by itself: a removed decision's page must still be gone."""
    edited = tmp_path / "datasets"
    shutil.copytree(datasets, edited)
    out = tmp_path / "publish"
    shutil.copytree(published, out)
    path = edited / SJJ_2024
    text = path.read_text(encoding="utf-8")
    head, first, rest = text.partition("\n  - doc_no: ")
    doc_no = rest.split("\n", 1)[0].strip()
    second = rest.index("\n  - doc_no: ")
    path.write_text(head + "\n  - doc_no: " + rest[second + len("\n  - doc_no: ") :], encoding="utf-8")
    from gongshi.identifiers import normalise_doc_no
    from gongshi.publicity import doc_slug

    page = urls.file_path(urls.decision("shijianju", doc_slug(normalise_doc_no(doc_no))))
    assert (published / page).exists()
    result = build_into(edited, out)
    assert not (out / page).exists()
    assert doc_no not in (out / urls.file_path(urls.decisions("shijianju"))).read_text(encoding="utf-8")
    assert result.files == sum(1 for p in out.rglob("*") if p.is_file())


def test_cli_build_reports_bad_data_in_chinese(tmp_path):
    broken = tmp_path / "datasets"
    shutil.copytree(DEMO, broken)
    (broken / "shijianju" / "powers.yaml").write_text("items: [\n", encoding="utf-8")
    out = tmp_path / "publish"
    proc = subprocess.run(
        [sys.executable, "-m", "gongshi.cli", "build", "--datasets", str(broken), "--output", str(out), "--as-of", "2026-11-26"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "powers.yaml:1: 文件 — YAML 格式错误" in proc.stderr
    assert "错误：数据有 1 个错误" in proc.stderr
    assert "未发布任何内容" in proc.stderr
    assert not out.exists()


def test_any_number_of_processes_gives_the_same_output(published, datasets, tmp_path):
    """One process (a one-core machine, or too little memory to fork), two or three: the same bytes."""
    before = tree(published)
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs{jobs}" / "publish"
        build_into(datasets, out, jobs=jobs)
        assert tree(out) == before, jobs


def test_pages_are_scanned_as_written_not_read_back(datasets, tmp_path, monkeypatch):
    """The guard sees every record page's bytes on the way out (and still stops a leak there)."""
    from gongshi import guard
    from gongshi.site import plugin

    read_back: list[str] = []
    real_file = guard.Scanner.file

    def counting(self, path, live=None):
        read_back.append(path.name if path.name != "index.html" else path.parent.name)
        return real_file(self, path, live)

    monkeypatch.setattr(guard.Scanner, "file", counting)
    build_into(datasets, tmp_path / "clean" / "publish", jobs=1)
    assert "泸市监罚-2026-5" not in read_back  # a decision page: scanned in memory
    assert any(name.endswith(".atom") for name in read_back)  # files written elsewhere are read as before

    real_render = plugin.PageWriter.render

    def leaky(self, page):
        data = real_render(self, page)
        return data.replace(b"</main>", b" 11010519491231002X </main>", 1) if page.kind == "decision" else data

    monkeypatch.setattr(plugin.PageWriter, "render", leaky)
    out = tmp_path / "leaky" / "publish"
    with pytest.raises(PersonalDataFound) as e:
        build_into(datasets, out, jobs=1)
    assert {leak.what for leak in e.value.leaks} == {"身份证号码"}
    assert not out.exists()


RENDERERS = ("site", "opendata", "feeds", "sitesearch")


def _imported(path: Path, package: str) -> set[str]:
    """The gongshi modules a module imports, as dotted names (relative imports resolved)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("gongshi.")}


def test_no_renderer_imports_another() -> None:
    """DESIGN.md: each surface is rendered from the publication alone, so it can change or fail on its own;
    what two of them share (the open data's catalogue the site describes, say) lives outside them."""
    root = PROJECT / "gongshi"
    wrong = []
    for name in RENDERERS:
        folder = root / name
        modules = sorted(folder.rglob("*.py")) if folder.is_dir() else [root / f"{name}.py"]
        for path in modules:
            package = ".".join(path.relative_to(PROJECT).parts[:-1])  # (of an __init__.py too: its folder)
            for imported in _imported(path, package):
                other = imported.split(".")[1]
                if other in RENDERERS and other != name:
                    wrong.append(f"{path.relative_to(PROJECT)} imports {imported}")
    assert not wrong, wrong


def test_memory_freed_before_the_renderers_fork_is_handed_back() -> None:
    """A forked renderer counts every page its parent holds. Reading and deciding free much of what they made,
    but glibc keeps freed memory for reuse; collector.trim, called before the fork and between a process's
    renderers, hands it back (a 100,000-decision build held 412 MiB at the fork, 287 after)."""
    program = (
        "import os; from pathlib import Path; from gongshi import collector\n"
        "def resident(): return int(Path('/proc/self/statm').read_text().split()[1]) * os.sysconf('SC_PAGE_SIZE') >> 20\n"
        "texts = [str(i).rjust(2000, 'x') for i in range(100_000)]  # 200 MB of heap, not Python's small arenas\n"
        "kept = texts[::16]  # one in sixteen stays: the free space is spread through the heap, not at its top\n"
        "del texts\n"
        "held = resident()\n"
        "collector.trim()\n"
        "print(held, resident())\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=PROJECT)
    held, after = map(int, out.stdout.split())
    assert held > 150, f"the test frees too little to tell: {held} MiB held"
    assert after < held - 100, f"{held} MiB held, {after} after trimming"
