"""The leak scan and the all-or-nothing swap."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gongshi import changes, guard
from gongshi.load import load
from tests.minimal_region import GOOD_RIC, Region

AS_OF = date(2024, 6, 30)


@pytest.fixture
def dataset(tmp_path):
    return load(Region(tmp_path).root, AS_OF)


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_clean_output_passes(tmp_path, dataset):
    out = tmp_path / "out"
    write(out, "index.html", "<p>刘某某 罚款 2000 元，电话 0830-3196000</p>")
    assert scan(out, dataset) == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (f"<td>{GOOD_RIC}</td>", "身份证号码"),
        ("<td>990000201003071235</td>", "身份证号码"),  # any checksum-valid number, known region or not
        ("联系电话 13812345678", "手机号码"),
        ("当事人赵某某经营", None),
        ("SC115510504007022026-02-11", None),  # a licence number run into a date, as in a database row
    ],
)
def test_scan_finds_personal_data(tmp_path, dataset, text, what):
    out = tmp_path / "out"
    write(out, "a/b/page.html", f"<p>{text}</p>")
    leaks = scan(out, dataset)
    if what is None:  # 赵某某 is already masked in the data; a letter-led code is no ID number
        assert leaks == []
        return
    assert [(leak.file.relative_to(out).as_posix(), leak.what) for leak in leaks] == [("a/b/page.html", what)]
    assert GOOD_RIC not in leaks[0].describe(out)


FULL = str.maketrans("0123456789X-", "０１２３４５６７８９Ｘ－")
WRITTEN = [
    *(("手机号码", v) for v in (
        "138 1234 5678", "138-1234-5678", "138.1234.5678", "+86 138 1234 5678", "+8613812345678", "86-138-1234-5678",
        "0086 13812345678", "１３８１２３４５６７８", "１３８－１２３４－５６７８", "138\u200b1234\u200b5678",
        "1\u200c3\u200d8\ufeff1234\u00ad5678", "138\u00a01234\u00a05678", "138\u30001234\u30005678",
        # dashes, dots and spaces of other kinds, other digits, other invisible characters
        "138–1234–5678", "138—1234—5678", "138 — 1234 — 5678", "138−1234−5678", "138\u20111234\u20115678",
        "138‐1234‐5678", "138·1234·5678", "138・1234・5678", "138•1234•5678", "138\t1234\t5678",
        "138\u20051234\u20055678", "138\u202f1234\u202f5678", "138    1234    5678", "1 3 8 1 2 3 4 5 6 7 8",
        "＋８６　１３８　１２３４　５６７８", "(+86) 138-1234-5678", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "١٣٨١٢٣٤٥٦٧٨", "①③⑧①②③④⑤⑥⑦⑧",
        "138\u034f1234\u034f5678", "138\ufe0f1234\ufe0f5678", "138\u31641234\u31645678", "138\U000e00201234\U000e01005678",
    )),
    *(("身份证号码", v) for v in (
        "110105 19491231 002X", "110105-1949-1231-002X", "110105.19491231.002x", GOOD_RIC.translate(FULL),
        "110105\u200b19491231\u200b002X", "1101 0519 4912 3100 2X", "110105\ufeff19491231002X",
        "110105–19491231–002X", "110105—1949—1231—002X", "110105 194912 31002X", "110 105 194 912 310 02X",
        " ".join(GOOD_RIC), "".join(chr(0x1D7CE + int(c)) if c.isdigit() else c for c in GOOD_RIC),
        "110105\u034f19491231\ufe00002X", "110105·19491231·002Ｘ",
    )),
]


@pytest.mark.parametrize(("what", "written"), WRITTEN, ids=[repr(w) for _, w in WRITTEN])
@pytest.mark.parametrize("where", ["a/page.html", "feeds/decisions.atom", "data/decisions.csv"])
def test_scan_finds_numbers_in_any_written_form(tmp_path, dataset, what, written, where):
    out = tmp_path / "out"
    write(out, where, f"<p>当事人 {written}，罚款 2000 元</p>")
    leaks = scan(out, dataset)
    assert what in [leak.what for leak in leaks] and {leak.file for leak in leaks} == {out / where}


@pytest.mark.parametrize(
    "text",
    [
        '<path d="M398 1432 C398 1474.5 326 1474.5 326 1517 V1597 C326 1628 398 1628 398 1659"/>',
        "2024-03-05 2024-06-01 2025-03-04",
        "办公电话 0830-3196000、0830 319 6000",
        "罚款 1,234,567.89 元（1234567.89）",
        "执法证号 51050020190425 51050020190408",
        "统一社会信用代码 91510502MA6200000D，文号 泸市监罚〔2024〕39号",
        "１２３ 条　第 ４５ 款",
        "依据 GB 2760—2014、GB/T 5023.3—2008 和 GB 8978—1996",
        "工作日 9:00—12:00、13:30—17:30 · 电话 0830–3196000",
        "2024年3月5日—2024年6月1日，2024-03-05—2025-03-04 · 2024.03.05–2025.03.04",
        "第 1 2 3 4 5 6 7 8 9 10 11 12 页",
        "罚款 １,２３４.００ 元；第①②③项",
        "泸市监罚〔2024〕39号、泸市监罚〔2024〕40号、泸市监罚〔2024〕41号",
        "编号 JY15105020012345 — 2026-02-11",
        "990100 20260211 1234",  # region code, date and a serial that is not an ID number (no check digit)
    ],
)
def test_scan_lets_numbers_that_are_not_personal_through(tmp_path, dataset, text):
    out = tmp_path / "out"
    write(out, "a/page.html", f"<p>{text}</p>")
    assert scan(out, dataset) == []


@pytest.mark.parametrize("written", ["刘德华", "刘\u200b德华", "刘\ufeff德\u200d华", "刘\u00ad德华"])
@pytest.mark.parametrize("in_data", ["刘德华", "刘\u200b德华"])
def test_scan_finds_a_name_with_invisible_characters_inside(tmp_path, written, in_data):
    region = Region(tmp_path)
    region.edit("shijianju/decisions/2024.yaml", "      name: 刘某某\n", f'      name: "{in_data}"\n')
    dataset = load(region.root, AS_OF)
    out = tmp_path / "out"
    write(out, "data/x.csv", f"id,party\n1,{written}\n")
    assert [leak.what for leak in scan(out, dataset)] == ["未隐去的自然人姓名"]


def test_scan_finds_unmasked_party_name(tmp_path):
    region = Region(tmp_path)
    region.edit("shijianju/decisions/2024.yaml", "      name: 刘某某\n", "      name: 刘德华\n")
    dataset = load(region.root, AS_OF)
    out = tmp_path / "out"
    write(out, "data/x.csv", "id,party\n1,刘德华\n")
    [leak] = scan(out, dataset)
    assert leak.what == "未隐去的自然人姓名"
    assert leak.describe(out) == "data/x.csv：未隐去的自然人姓名（字节位置 11）"


def test_swap_replaces_whole_folder(tmp_path):
    target = tmp_path / "publish"
    write(target, "old.html", "old")
    new = tmp_path / ".publish.building"
    write(new, "new.html", "new")
    guard.swap(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    assert not new.exists()
    assert not (tmp_path / ".publish.old").exists()


def test_rebuild_scans_what_differs_from_the_live_copy(tmp_path):
    """A rewritten file is scanned where it differs from its live copy; a hard link to the live copy is not read."""
    scanner = guard.Scanner({})
    live, new = tmp_path / "live", tmp_path / "new"
    row = "".join(f"<tr><td>{n:06d} 某公司 罚款</td></tr>\n" for n in range(20000))  # ~700 KB: many blocks
    write(live, "big.csv", row)
    write(live, "same.html", f"<p>{GOOD_RIC}</p>")  # a leak already live: a hard link is not read again
    new.mkdir()
    (new / "same.html").hardlink_to(live / "same.html")
    middle = len(row) // 2
    write(new, "big.csv", row[:middle] + f"\n当事人 {GOOD_RIC}\n" + row[middle:])
    leaks = scanner.tree(new, live=live)
    assert [(leak.file.name, leak.what) for leak in leaks] == [("big.csv", "身份证号码")]
    position = (new / "big.csv").read_bytes().find(GOOD_RIC.encode())
    assert leaks[0].sample == f"字节位置 {position}"
    write(new, "big.csv", row.replace("000100", "000101"))  # changed, but nothing personal
    assert scanner.tree(new, live=live, skip=frozenset({"same.html"})) == []


@pytest.mark.parametrize(
    "old, new",
    [
        (b"a," * 100_000, b"a," * 100_000),
        (b"a," * 100_000, b"a," * 50_000 + b"B," + b"a," * 49_999),  # a page updated in place
        (b"x1 " * 100_000, b"x1 " * 50_000 + b" 13812345678 " + b"x1 " * 50_000),  # a line put in
        (b"abc" * 10, b"abc" * 5),
    ],
)
def test_changed_spans_cover_every_new_byte(old, new):
    spans = changes.changed_spans(new, old)
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    tail = len(new) - next((k for k in range(min(len(new), len(old)) + 1) if k == min(len(new), len(old)) or new[len(new) - 1 - k] != old[len(old) - 1 - k]), 0)
    for i in range(len(new)):
        assert i in covered or (i < len(old) and new[i] == old[i]) or i >= tail
    assert sum(end - start for start, end in spans) < max(len(new) // 10, 3000)


def test_changed_spans_of_text_leave_out_only_lines_already_there():
    """An export after a rebuild: lines of several departments out and in all through it. Whatever the scan
    leaves out is whole lines the live file holds (scanned there); new lines, also one that only moved a
    digit, are scanned."""
    rows = [f"{n:06d},某公司,罚款,{n % 7}".encode() for n in range(40_000)]
    old = b"\n".join(rows) + b"\n"
    changed = rows[:]
    changed[5_000] = b"005000,\xe5\xbc\xa0\xe4\xb8\x89,13812345678,1"  # replaced
    changed[39_000] = changed[39_000].replace(b"039000", b"039001")  # one digit
    moved = changed[39_000]
    del changed[20_000:20_010]  # taken out
    changed.insert(30_000, b"new," + GOOD_RIC.encode())  # put in
    new = b"\n".join(changed) + b"\n"
    spans = changes.changed_spans(new, old, lines=True)
    covered = b"".join(new[a:b] for a, b in spans)
    for line in (changed[5_000], b"new," + GOOD_RIC.encode(), moved):
        assert line in covered
    assert len(covered) < 200
    _assert_left_out_lines_are_old(new, old, spans)
    leaks = guard.Scanner({}).data(covered, Path("decisions.csv"))
    assert {leak.what for leak in leaks} == {"身份证号码", "手机号码"}


def _assert_left_out_lines_are_old(new: bytes, old: bytes, spans: list[tuple[int, int]]) -> None:
    """Every line of `new` that `old` does not hold is scanned whole: only lines `old` holds are left out."""
    known = set(old.split(b"\n"))
    covered = bytearray(len(new))
    for a, b in spans:
        covered[a:b] = b"\1" * (b - a)
    at = 0
    for line in new.split(b"\n"):
        end = at + len(line)
        if line not in known:
            assert all(covered[at:end]), line
        at = end + 1


@pytest.mark.parametrize("seed", range(40))
def test_changed_spans_of_text_in_small_pieces(monkeypatch, seed):
    """Random edits (lines out, in, changed; no line end at the end of the file; CRLF; a line longer than a
    piece) with pieces of a few bytes, so that pieces are cut everywhere."""
    import random

    rnd = random.Random(seed)
    monkeypatch.setattr(changes, "_PIECE", rnd.choice([1, 7, 64]))
    monkeypatch.setattr(changes, "BLOCK", 16)  # so that a small file takes the line path
    end = rnd.choice([b"\n", b"\r\n"])
    rows = [f"{n:04d},{'x' * rnd.randrange(0, 90)}".encode() for n in range(rnd.randrange(20, 200))]
    old = end.join(rows) + (end if rnd.random() < 0.7 else b"")
    changed = rows[:]
    for _ in range(rnd.randrange(1, 6)):
        what, i = rnd.randrange(3), rnd.randrange(len(changed))
        if what == 0:
            del changed[i]
        elif what == 1:
            changed.insert(i, f"new{rnd.randrange(10**6)}".encode())
        else:
            changed[i] = changed[i] + b"!"
    new = end.join(changed) + (end if rnd.random() < 0.7 else b"")
    spans = changes.changed_spans(new, old, lines=True)
    _assert_left_out_lines_are_old(new, old, spans)


def test_a_scan_of_a_rewritten_export_names_where_the_new_line_is(tmp_path):
    rows = "".join(f"{n:06d},某公司,罚款\n" for n in range(30_000))
    live, new = tmp_path / "live", tmp_path / "new"
    write(live, "decisions.csv", rows)
    lines = rows.splitlines(keepends=True)
    lines.insert(20_000, f"020000,当事人 {GOOD_RIC}\n")
    del lines[5_000]
    write(new, "decisions.csv", "".join(lines))
    leaks = guard.Scanner({}).tree(new, live=live)
    assert [(leak.file.name, leak.what) for leak in leaks] == [("decisions.csv", "身份证号码")]
    assert leaks[0].sample == f"字节位置 {(new / 'decisions.csv').read_bytes().find(GOOD_RIC.encode())}"


def scan(root: Path, dataset) -> list[guard.Leak]:
    """Every file under `root` that contains personal data of the dataset, as a forced build's guard sees it."""
    return guard.Scanner(guard.combine([guard.department_secrets(d) for d in dataset.departments])).tree(root)


NAME = "刘德华"


@pytest.mark.parametrize("suffix", [".csv", ".db"])
@pytest.mark.parametrize("what", ["name", "id", "mobile"])
def test_a_file_scanned_in_pieces_finds_a_secret_wherever_a_piece_ends(tmp_path, monkeypatch, suffix, what):
    """A large file is read a piece at a time (a database of gigabytes read whole doubled the build's memory):
    a secret across the end of a piece, at every place in it, is found as in a scan of the whole file."""
    monkeypatch.setattr(guard, "SCAN_PIECE", 4096)
    secret = {"name": NAME, "id": GOOD_RIC, "mobile": "13812345678"}[what]
    scanner = guard.Scanner({NAME.encode(): "未隐去的自然人姓名"})
    filler = "".join(f"{n:05d},某公司,罚款 2000 元\n" for n in range(600)).encode()  # ~14 KiB: pieces in it
    width = len(secret.encode())
    for cut in (4096, 8192):
        for shift in range(-width - 1, 2):
            at = cut + shift
            data = filler[:at] + f" {secret} ".encode() + filler[at:]
            path = tmp_path / f"x{suffix}"
            path.write_bytes(data)
            found = scanner.file(path)
            assert [leak.what for leak in found] == [leak.what for leak in scanner.data(data, path)] != [], (cut, shift)


def test_a_database_scanned_in_pieces_never_reads_half_a_long_number(tmp_path, monkeypatch):
    """A licence number that begins with an ID number's 18 characters is no ID number: a piece ends at the end of
    a run of letters and digits, not in it."""
    monkeypatch.setattr(guard, "SCAN_PIECE", 4096)
    run = GOOD_RIC + "A0123456789"
    assert guard.Scanner({}).data(run.encode(), Path("x.db")) == []
    filler = b"\x00\x01\x02;" * 2000
    for shift in range(-20, 1):
        data = filler[: 4096 + shift] + run.encode() + filler[4096 + shift :]
        path = tmp_path / "x.db"
        path.write_bytes(data)
        assert guard.Scanner({}).file(path) == [], shift


def test_a_rewritten_database_compared_in_pieces_finds_what_was_added(tmp_path, monkeypatch):
    """The comparison with the live copy releases the pages it read (a mapped file counts in the process's
    memory), and still finds the change."""
    monkeypatch.setattr(changes, "RELEASE", 1 << 16)
    monkeypatch.setattr(guard, "SCAN_PIECE", 1 << 16)
    old = bytes(range(256)) * 4096  # 1 MiB
    new = old[:700_000] + f"|{GOOD_RIC}|".encode() + old[700_020:]
    (tmp_path / "live.db").write_bytes(old)
    (tmp_path / "new.db").write_bytes(new)
    [leak] = guard.Scanner({}).file(tmp_path / "new.db", live=tmp_path / "live.db")
    assert (leak.what, leak.sample) == ("身份证号码", "字节位置 700001")


def test_scanning_a_large_database_takes_a_piece_of_memory_not_the_file(tmp_path):
    """At 1,000,000 decisions gongshi.db has gigabytes; read whole (and its mapped pages kept) it doubled the
    build's peak memory. Scanned alone and compared with a live copy, a 96 MiB file now adds less than that."""
    block = bytes(range(256)) * 4096
    (tmp_path / "live.db").write_bytes(block * 96)
    (tmp_path / "new.db").write_bytes(block * 48 + GOOD_RIC.encode() + block * 48)
    program = (
        "import resource, sys; from pathlib import Path; from gongshi import guard\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "s = guard.Scanner({}); d = Path(sys.argv[1])\n"
        "print([leak.what for leak in s.file(d / 'new.db')])\n"
        "print([leak.what for leak in s.file(d / 'new.db', live=d / 'live.db')])\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", program, str(tmp_path)], capture_output=True, text=True, check=True)
    whole, compared, grown = out.stdout.splitlines()
    assert whole == compared == "['身份证号码']"
    assert int(grown) < 80, f"{grown} MiB"
