"""The datasets tree is closed: links out of it, pipes, sockets and devices are refused with their path,
never read (a pipe would hang the build), and a build of such a tree publishes nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.minimal_region import Region

AS_OF = "2024-06-30"


def _link(target: str):  # type: ignore[no-untyped-def]
    def make(region: Region, path: Path) -> None:
        path.unlink(missing_ok=True)
        path.symlink_to(target if not target.startswith("OUT") else region.base / "outside" / target[4:])

    return make


def _fifo(region: Region, path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _socket(region: Region, path: Path) -> None:
    path.unlink(missing_ok=True)
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


def _outside_dir(region: Region, path: Path) -> None:
    (region.base / "outside" / "dept").mkdir(parents=True, exist_ok=True)
    (region.base / "outside" / "dept" / "department.yaml").write_text("name: 外部\n", encoding="utf-8")
    path.symlink_to(region.base / "outside" / "dept", target_is_directory=True)


CASES = [
    ("link to /etc/passwd as a list", "shijianju/powers.yaml", _link("/etc/passwd"), "是指向数据目录之外的链接"),
    ("link out with ../", "shijianju/decisions/2025.yaml", _link("OUT:secret.yaml"), "是指向数据目录之外的链接"),
    ("link out as region.yaml", "region.yaml", _link("OUT:secret.yaml"), "是指向数据目录之外的链接"),
    ("link to a folder outside", "waibu", _outside_dir, "是指向数据目录之外的链接"),
    ("dangling link", "shijianju/flowcharts.yaml", _link("nowhere.yaml"), "是无法打开的链接"),
    ("link loop", "shijianju/decisions/2023.yaml", _link("2023.yaml"), "是无法打开的链接"),
    ("link to /dev/zero", "shijianju/decisions/2022.yaml", _link("/dev/zero"), "是指向数据目录之外的链接"),
    ("fifo as a list", "shijianju/powers.yaml", _fifo, "不是普通文件"),
    ("fifo as decisions", "shijianju/decisions/2025.yaml", _fifo, "不是普通文件"),
    ("fifo as region.yaml", "region.yaml", _fifo, "不是普通文件"),
    ("fifo as department.yaml", "shijianju/department.yaml", _fifo, "不是普通文件"),
    ("socket as a list", "shijianju/inspection_items.yaml", _socket, "不是普通文件"),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongshi.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "rel", "make", "words"), CASES, ids=[c[0] for c in CASES])
def test_the_datasets_tree_is_closed(tmp_path: Path, name, rel, make, words) -> None:
    region = Region(tmp_path)
    (tmp_path / "outside").mkdir(exist_ok=True)
    (tmp_path / "outside" / "secret.yaml").write_text("items:\n  - 秘密: 不应读取\n", encoding="utf-8")
    make(region, region.root / rel)
    done = _run("validate", "datasets", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"datasets/{rel}:1: 文件 — “{Path(rel).name}”{words}" in done.stdout, done.stdout
    assert "秘密" not in done.stdout + done.stderr
    built = _run("build", "--datasets", "datasets", "--output", "publish", "--as-of", AS_OF, cwd=tmp_path)
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr, built.stderr
    assert not (tmp_path / "publish").exists()


def test_a_link_inside_the_tree_is_followed(tmp_path: Path) -> None:
    region = Region(tmp_path)
    real = region.root / "shijianju" / "decisions" / "2024.yaml"
    shared = region.root / "shared-2024.yaml.txt"
    real.rename(shared)
    real.symlink_to(Path("..") / ".." / shared.name)
    done = _run("validate", "datasets", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 条执法决定" in done.stderr


def test_the_size_is_checked_before_a_file_is_read(tmp_path: Path, monkeypatch) -> None:
    from gongshi import yamlfile
    from gongshi.load import validate

    region = Region(tmp_path)
    big = region.root / "shijianju" / "decisions" / "2025.yaml"
    with open(big, "wb") as f:
        f.truncate(yamlfile.MAX_FILE_BYTES + 1)  # sparse: nothing to read, and nothing may be
    opened: list[str] = []
    real_read = Path.read_bytes

    def watch(self):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", watch)
    report = validate(region.root, __import__("datetime").date(2024, 6, 30))
    assert any("文件过大" in p.message and p.file == big for p in report.errors)
    assert "2025.yaml" not in opened
