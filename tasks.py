"""Developer tasks (invoke). `./dev TASK` sets up .venv first, then runs one of these."""

from __future__ import annotations

import os

from invoke import task

DATASETS = "datasets"


@task
def validate(c, datasets=DATASETS):
    """Check every list in the datasets folder."""
    c.run(f"gongshi validate {datasets}", pty=False)


@task
def tools(c):
    """Install the browser and HTML checker the tests use (Chromium, axe-core, vnu)."""
    c.run("bash scripts/install-test-tools.sh")


@task
def lint(c):
    c.run("ruff check gongshi tests benchmarks tasks.py")


@task(pre=[tools, lint])
def test(c, k=None):
    """Run the whole test suite (installs the test tools first)."""
    select = f" -k {k!r}" if k else ""
    c.run(f"python -m pytest -q{select}", pty=False)


@task
def serve(c, datasets=DATASETS, port=8000, api_port=8001):
    """Build the demo region and serve it locally (site and API), printing the URLs; Ctrl-C stops both."""
    c.run(f"gongshi serve --datasets {datasets} --port {port} --api-port {api_port}", pty=True)


@task
def bench(c, decisions=100_000, departments=200, opendata=False):
    """Scale benchmarks: validate, full build and rebuilds (benchmarks/run.py); --opendata adds the 1M API run."""
    c.run(f"python -m benchmarks.run --decisions {decisions} --departments {departments}")
    c.run("python -m benchmarks.bench_validate")
    if opendata:
        c.run("python -m benchmarks.bench_opendata")


os.environ.setdefault("PYTHONUNBUFFERED", "1")
