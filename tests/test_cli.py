"""`gongshi validate`: exit codes, every problem at once, a summary on stderr, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongshi.cli import main
from tests.minimal_region import Region

D = "shijianju/decisions/2024.yaml"
GONGSHI = Path(sys.executable).parent / "gongshi"


@pytest.fixture
def run(region: Region, monkeypatch):
    """Run `gongshi …` from the folder holding datasets/, as an editor would."""
    monkeypatch.chdir(region.base)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_valid_datasets_exit_0(run):
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "检查通过：1 个部门，5 条执法决定。\n"


def test_datasets_is_the_default_folder(run):
    result = run("validate", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output


def test_warnings_print_but_exit_0(run, region: Region):
    region.edit("shijianju/department.yaml", "address: 泸州市江阳区酒城大道一段 1 号\n", "address: （待填写：办公地址）\n")
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "datasets/shijianju/department.yaml:4: [警告] 模板内容 [address] — “（待填写：办公地址）”仍是模板占位内容；请改为真实信息，否则将原样公开"
    ]
    assert result.stderr == "检查通过：1 个部门，5 条执法决定；1 个警告。\n"


def test_all_problems_of_a_file_are_printed_at_once(run, region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 一万元\n")
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-02-30\n")
    region.edit(D, "      - 罚款\n", "      - 罚金\n")
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 1
    assert [line.split(" — ")[0] for line in result.stdout.splitlines()] == [
        "datasets/shijianju/decisions/2024.yaml:5: 决定日期 [decision_date]",
        "datasets/shijianju/decisions/2024.yaml:19: 处罚类别 [categories]",
        "datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine]",
    ]
    assert result.stderr == "发现 3 个错误、0 个警告；请改正错误后再发布。\n"


def test_errors_and_warnings_are_counted(run, region: Region):
    region.edit("shijianju/personnel.yaml", "    legal_review: true\n", "")
    region.edit(D, "    fine: 2000\n", "    fine: -1\n")
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == "发现 1 个错误、1 个警告；请改正错误后再发布。\n"


def test_as_of_decides_what_is_in_the_future(run, region: Region):
    region.edit(D, "    decision_date: 2024-06-01\n", "    decision_date: 2024-07-01\n")
    assert run("validate", "datasets", "--as-of", "2024-06-30").exit_code == 1
    assert run("validate", "datasets", "--as-of", "2024-07-01").exit_code == 0


def test_bad_as_of(run):
    result = run("validate", "datasets", "--as-of", "2024-02-30")
    assert result.exit_code == 2
    assert "“2024-02-30”不是日期，请按 YYYY-MM-DD 填写" in result.stderr


def test_missing_datasets_folder(run):
    result = run("validate", "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "错误：找不到数据目录“nope”；请在项目根目录运行，或指定目录，如 gongshi validate datasets\n"


def test_datasets_path_is_a_file(run, region: Region):
    result = run("validate", "datasets/region.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：找不到数据目录“datasets/region.yaml”")


def test_nothing_loaded_still_gets_a_summary(run, region: Region):
    region.path("region.yaml").unlink()
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 1
    assert result.stderr == "发现 1 个错误、0 个警告；请改正错误后再发布。\n"


def test_real_process_on_a_broken_folder_never_shows_a_traceback(region: Region):
    """Everything an editor might do wrong at once, through the installed command."""
    region.edit(D, "    fine: 2000\n", "    fine: .nan\n    1: x\n    ? [a, b]\n    : c\n")
    region.edit(D, "    kind: 行政许可\n", "    kind: [行政许可]\n")
    region.edit(D, "    party:\n      name: 刘某某\n", "    party:\n      - 刘某某\n    x:\n      name: 刘某某\n")
    region.edit(D, "    inspection_item: CC-001\n", "    inspection_item: {a: 1}\n")
    region.write("shijianju/personnel.yaml", "revised: 2024-01-15\nitems: 张三\n")
    region.path("shijianju/powers.yaml").write_bytes(b"\xff\xfe\x00b\x00i\x00n")
    region.write("shijianju/flowcharts.yaml", "revised: 2024-01-15\nitems:\n  - steps:\n      - next: {x: 1}\n      - 3\n")
    region.write("shijianju/service_guides.yaml", "revised: 2024-01-15\nitems:\n  - promised_days: 3.5\n    statutory_days: true\n")
    region.write("shijianju/discretion_standards.yaml", "items:\n  - levels: x\n---\n")
    region.write("shijianju/decisions/2023.yaml", "items:\n  - 1\n  - [1, 2]\n  - null\n")
    region.write("shijianju/decisions/2022.yaml", "a: &a [*a, *a]\nitems: *a\n")
    region.write("Bad Name/department.yaml", "x: 1\n")
    region.write("region.yaml", "!!binary aGVsbG8=\n")
    command = [str(GONGSHI)] if GONGSHI.exists() else [sys.executable, "-m", "gongshi.cli"]
    proc = subprocess.run(
        [*command, "validate", "datasets", "--as-of", "2024-06-30"],
        cwd=region.base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr.startswith("发现 ")
    for line in proc.stdout.splitlines():
        assert line.startswith("datasets/"), line
        assert " — " in line and "；" in line, line


def test_unreadable_folder_is_a_message_not_a_traceback(run, monkeypatch):
    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    result = run("validate", "datasets", "--as-of", "2024-06-30")
    assert result.exit_code == 1
    assert result.stderr == "错误：无法读取“datasets”（Permission denied）；请检查目录权限\n"


def test_the_command_ends_with_its_status_and_all_it_said(tmp_path):
    """`gongshi` leaves without tearing Python down (cli.run, os._exit): what it printed still reaches a pipe
    whole, and its exit status is the command's."""
    from gongshi.build import PROJECT

    command = [str(GONGSHI)] if GONGSHI.exists() else [sys.executable, "-m", "gongshi.cli"]
    out = tmp_path / "publish"
    args = ["build", "--datasets", str(PROJECT / "datasets"), "--output", str(out), "--as-of", "2026-11-26"]
    proc = subprocess.run([*command, *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("公示中") and lines[-1].startswith(f"已发布到 {out}"), proc.stdout
    assert len(lines) == 2 + len(list((PROJECT / "datasets").glob("*/department.yaml")))  # a line per department
    proc = subprocess.run([sys.executable, "-m", "gongshi.cli", *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "保持原样" in proc.stdout, proc.stderr
    proc = subprocess.run([*command, "build", "--datasets", str(tmp_path / "none"), "--output", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and proc.stderr.strip() and "Traceback" not in proc.stderr
    proc = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip()
