"""gongshi.files: how every stage writes, and takes unchanged files over from the live output."""

from __future__ import annotations

import os

from gongshi import files


def test_an_unchanged_file_is_linked_and_a_changed_one_never_touches_the_live_copy(tmp_path):
    live, new = tmp_path / "live", tmp_path / "new"
    files.Writer(live, None).write("x/a.atom", b"same")
    files.Writer(live, None).write("x/b.atom", b"old")
    w = files.Writer(new, live)
    w.write("x/a.atom", b"same")
    w.write("x/b.atom", b"new")
    assert (new / "x" / "a.atom").read_bytes() == b"same"
    assert os.path.samefile(new / "x" / "a.atom", live / "x" / "a.atom")  # a hard link: the same modification time
    assert (new / "x" / "b.atom").read_bytes() == b"new"
    assert (live / "x" / "b.atom").read_bytes() == b"old"
    files.Writer(new, None).write("x/a.atom", b"rewritten")  # e.g. a later build into the same folder
    assert (live / "x" / "a.atom").read_bytes() == b"same"
    files.Writer(live, live).write("x/b.atom", b"in place")
    assert (live / "x" / "b.atom").read_bytes() == b"in place"
    assert w.count == 2


def test_a_taken_over_file_keeps_its_bytes_and_time_and_a_replaced_one_is_whole(tmp_path):
    live = tmp_path / "live.txt"
    live.write_bytes(b"live")
    os.utime(live, ns=(1_000_000_000, 1_000_000_000))
    files.link(live, tmp_path / "taken.txt")
    assert (tmp_path / "taken.txt").read_bytes() == b"live"
    assert (tmp_path / "taken.txt").stat().st_mtime_ns == 1_000_000_000
    files.link(live, tmp_path / "taken.txt")  # already there: nothing to do
    files.replace(tmp_path / "taken.txt", b"new", mode=0o600)
    assert (tmp_path / "taken.txt").read_bytes() == b"new" and live.read_bytes() == b"live"
    assert (tmp_path / "taken.txt").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    copy = tmp_path / "copy.txt"
    files.copy(live, copy)
    assert copy.read_bytes() == b"live" and not os.path.samefile(copy, live)


def test_a_large_file_is_compared_with_its_live_copy_piece_by_piece(tmp_path, monkeypatch):
    """Read in pieces (a ledger of 200 MB read whole would be that much memory more), every byte still counts:
    a file that differs from its live copy in any piece, or only in the last byte, is written, not linked."""
    monkeypatch.setattr(files, "_PIECE", 4)
    live, new = tmp_path / "live", tmp_path / "new"
    data = bytes(range(30))
    files.Writer(live, None).write("ledger.json", data)
    for at in (0, 3, 4, 17, 29):
        changed = bytearray(data)
        changed[at] ^= 1
        files.Writer(new, live).write("ledger.json", bytes(changed))
        assert not os.path.samefile(new / "ledger.json", live / "ledger.json"), at
        assert (new / "ledger.json").read_bytes() == bytes(changed)
    files.Writer(new, live).write("ledger.json", data)
    assert os.path.samefile(new / "ledger.json", live / "ledger.json")
