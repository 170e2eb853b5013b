"""Taking a live department folder over into a new build: the result, and undoing it exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongshi.takeover import Patch, Records, Takeover, staging


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root: (bytes, inode)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_ino) for p in sorted(root.rglob("*"))
            if p.is_file()}


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def put(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def live_and_work(tmp_path):
    live, work = tmp_path / "publish", tmp_path / "building"
    for rel, text in {
        "d/index.html": "home v1",
        "d/decisions/index.html": "list v1",
        "d/decisions/page/2/index.html": "list page 2",
        "d/decisions/a/index.html": "decision a",
        "d/decisions/b/index.html": "decision b (expires)",
        "d/powers/p1/index.html": "power 1",
        "e/index.html": "another department",
    }.items():
        put(live, rel, text)
    written = {}
    for n, (rel, text) in enumerate({
        "d/index.html": "home v2",
        "d/decisions/index.html": "list v2",
        "d/decisions/c/index.html": "decision c (new)",
    }.items()):
        put(work, f"{staging('d')}/{n}", text)  # written flat, as the site writes a patched department's pages
        written[rel] = str(work / staging("d") / str(n))
    return live, work, Patch(KEPT, written, GONE)


KEPT = frozenset({"d/decisions/a/index.html", "d/powers/p1/index.html"})
# what the live folder had that the new build does not keep: rewritten, or no longer there
GONE = ("d/decisions/b/index.html", "d/decisions/index.html", "d/decisions/page/2/index.html", "d/index.html")


def test_a_patched_folder_holds_the_kept_pages_as_they_were_and_the_new_ones(live_and_work, tmp_path):
    live, work, patch = live_and_work
    before = files(live)
    staged = {rel: os.stat(path).st_ino for rel, path in patch.written.items()}
    t = Takeover(live, work, tmp_path / "trash")
    t.patch("d", patch)
    t.whole("e")
    after = files(work)
    assert {rel: text for rel, (text, _) in after.items()} == {
        "d/index.html": b"home v2",
        "d/decisions/index.html": b"list v2",
        "d/decisions/a/index.html": b"decision a",
        "d/decisions/c/index.html": b"decision c (new)",
        "d/powers/p1/index.html": b"power 1",
        "e/index.html": b"another department",
    }
    for rel in (*KEPT, "e/index.html"):  # the same files, moved: not copies
        assert after[rel] == before[rel]
    assert {rel: after[rel][1] for rel in patch.written} == staged  # the new pages moved in, not copied
    # the pages that went leave no empty folder behind (a web server would answer 403 there)
    assert folders(work) == ["d", "d/decisions", "d/decisions/a", "d/decisions/c", "d/powers", "d/powers/p1", "e"]
    assert not live.joinpath("d").exists() and not live.joinpath("e").exists()


def test_undo_puts_the_live_output_back_exactly(live_and_work, tmp_path):
    live, work, patch = live_and_work
    before, before_folders, staged = files(live), folders(live), files(work)
    t = Takeover(live, work, tmp_path / "trash")
    t.whole("e")
    t.patch("d", patch)
    t.undo()
    assert files(live) == before
    assert folders(live) == before_folders
    assert files(work) == staged
    assert folders(work) == [staging("d")]


def test_a_page_to_go_that_was_deleted_by_hand_is_gone_already(live_and_work, tmp_path):
    live, work, patch = live_and_work
    os.unlink(live / "d/decisions/b/index.html")
    Takeover(live, work, tmp_path / "trash").patch("d", patch)
    assert sorted(files(work)) == ["d/decisions/a/index.html", "d/decisions/c/index.html",
                                   "d/decisions/index.html", "d/index.html", "d/powers/p1/index.html"]


def test_records_are_trusted_only_for_the_output_whose_build_confirmed_them(tmp_path):
    """A build's records of its page folders count once its output is live, and only for that output: a build
    refused or interrupted before it confirms leaves them staged, and a live output other than the one they
    describe (put back from a copy, say) makes the next build forget every record."""
    output = tmp_path / "publish"
    (output / "d").mkdir(parents=True)
    records = Records(tmp_path / "cache")
    records.trust("A")
    records.stage("d", {"d/index.html": None, "d/decisions/a/index.html": "k1"})
    records.stage("gone-department", {"gone-department/index.html": None})
    assert records.load("d") == {}, "staged: not yet published"
    records.confirm("A", output)
    assert records.load("d") == {"d/index.html": None, "d/decisions/a/index.html": "k1"}
    assert records.load("gone-department") == {}, "a folder the output does not have is forgotten"
    records.stage("d", {"d/index.html": None, "d/decisions/a/index.html": "k2"})  # a build B, then refused
    records.trust("A")
    records.confirm("A", output)  # (nothing staged since: the same records)
    assert records.load("d")["d/decisions/a/index.html"] == "k1"
    records.trust("B")  # the live output is not the one A confirmed
    assert records.load("d") == {}
    records.store.save(Records.LIVE, "d", {"/d/": ("k1", 1, 2, 3)})  # another version's, say
    assert records.load("d") == {}


def test_a_list_of_several_pages_that_goes_leaves_no_folder(live_and_work, tmp_path):
    """A year's list of two pages gone at once (…/2019/ and …/2019/page/2/): folders inside folders that empty
    together are all removed."""
    live, work, patch = live_and_work
    put(live, "d/decisions/2019/index.html", "list 2019")
    put(live, "d/decisions/2019/page/2/index.html", "list 2019, page 2")
    t = Takeover(live, work, tmp_path / "trash")
    t.patch("d", Patch(patch.kept, patch.written,
                       (*patch.gone, "d/decisions/2019/index.html", "d/decisions/2019/page/2/index.html")))
    assert not (work / "d/decisions/2019").exists()
    assert (work / "d/decisions/index.html").read_text(encoding="utf-8") == "list v2"
