"""The developer tasks behind `./dev test`: a long run says which stage it is in."""

from __future__ import annotations

import importlib.util

from invoke import MockContext, Result

from gongshi.build import PROJECT


def _tasks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gongshi_dev_tasks", PROJECT / "tasks.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_test_task_announces_each_stage_before_running_it(capsys) -> None:
    tasks = _tasks()
    ran: list[str] = []

    class Recording(MockContext):
        def run(self, command, **kwargs):  # type: ignore[no-untyped-def]
            ran.append(command)
            print(f"RAN {command}")
            return Result(command=command)

    tasks.test.body(Recording())
    out = capsys.readouterr().out
    assert ran == [tasks.TOOLS, tasks.LINT, "python -m pytest -q"]
    banners = [line for line in out.splitlines() if line.startswith("==> ")]
    assert [b.split("]")[0] for b in banners] == ["==> [1/3", "==> [2/3", "==> [3/3"]
    assert "Chromium" in banners[0] and "ruff" in banners[1] and "pytest" in banners[2]
    # each banner comes right before its command's output
    for banner, command in zip(banners, ran, strict=True):
        assert out.index(banner) < out.index(f"RAN {command}")
