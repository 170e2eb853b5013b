"""Developer tasks (invoke). `./dev TASK` sets up .venv first, then runs one of these."""

from __future__ import annotations

import os
import shutil

from invoke import task

DATASETS = "datasets"


@task
def validate(c, datasets=DATASETS):
    """Check every list in the datasets folder."""
    c.run(f"gongshi validate {datasets}", pty=False)


def stage(number: int, total: int, what: str) -> None:
    """A banner before each stage, so a long run's output says what it is doing (and what failed)."""
    print(f"\n==> [{number}/{total}] {what}", flush=True)


TOOLS = "bash scripts/install-test-tools.sh"
LINT = "ruff check gongshi tests benchmarks tasks.py"


@task
def tools(c):
    """Install the browser and HTML checker the tests use (Chromium, axe-core, vnu)."""
    c.run(TOOLS)


@task
def lint(c):
    c.run(LINT)


@task
def test(c, k=None):
    """Run the whole test suite (installs the test tools and lints first)."""
    select = f" -k {k!r}" if k else ""
    stage(1, 3, "Test tools: Debian's Chromium, axe-core and the Nu HTML Checker (installed when missing)")
    c.run(TOOLS)
    stage(2, 3, "Lint: ruff")
    c.run(LINT)
    stage(3, 3, "Tests: pytest (whole-site builds, Datasette, feeds, axe-core in Chromium, the HTML checker)")
    c.run(f"python -m pytest -q{select}", pty=False)


@task
def serve(c, datasets=DATASETS, port=8000, api_port=8001):
    """Build the demo region and serve it locally (site and API), printing the URLs; Ctrl-C stops both."""
    c.run(f"gongshi serve --datasets {datasets} --port {port} --api-port {api_port}", pty=True)


@task
def bench(c, decisions=100_000, departments=200, opendata=False, api=False):
    """Scale benchmarks: validate, full build and rebuilds (benchmarks/run.py); --opendata adds the 1M API run;
    --api only the open-data API under load (benchmarks/bench_api.py: one request at a time, then 50 clients,
    then 50 clients through nginx's cache where nginx is installed)."""
    if api:
        c.run(f"python -m benchmarks.bench_api --decisions {decisions} --single")
        c.run(f"python -m benchmarks.bench_api --decisions {decisions} --reuse")
        if shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin"):
            c.run(f"python -m benchmarks.bench_api --decisions {decisions} --reuse --proxy")
        return
    c.run(f"python -m benchmarks.run --decisions {decisions} --departments {departments}")
    c.run("python -m benchmarks.bench_validate")
    if opendata:
        c.run("python -m benchmarks.bench_opendata")


os.environ.setdefault("PYTHONUNBUFFERED", "1")
