from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gongshi import opendata
from gongshi.load import load
from gongshi.opendata import incremental
from gongshi.publicity import Publication, decide
from gongshi.reuse import RenderJob
from tests.browser import browser_session  # noqa: F401  (session-scoped Chromium for the browser tests)
from tests.minimal_region import Region


@pytest.fixture
def region(tmp_path) -> Region:
    """A valid datasets folder at tmp_path/datasets; messages are shown relative to tmp_path."""
    return Region(tmp_path)


# ---------------------------------------------------------------- the open data's incremental renders

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
AS_OF = date(2026, 11, 26)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Publication, Path]:  # type: ignore[no-untyped-def]
    if not (DATASETS / "region.yaml").is_file():
        pytest.skip("the demo region (datasets/) is not there")
    pub = decide(load(DATASETS, AS_OF), AS_OF)
    previous = tmp_path_factory.mktemp("previous") / "data"
    opendata.render(RenderJob(pub, previous, None))
    return pub, previous


@pytest.fixture
def full_renders(monkeypatch) -> list[Path]:  # type: ignore[no-untyped-def]
    """The folders rendered from scratch during a test (by render itself, not by the test's clean render)."""
    calls: list[Path] = []
    real = opendata._render_full

    def spy(publication: Publication, out_dir: Path) -> None:
        calls.append(out_dir)
        real(publication, out_dir)

    monkeypatch.setattr(opendata, "_render_full", spy)
    return calls


@pytest.fixture
def plans(monkeypatch) -> dict:  # type: ignore[no-untyped-def]
    """The plans (incremental._Plan, by table) of the incremental render a test makes."""
    found: dict = {}
    update = incremental._update_database

    def spy(old_db, path, plans, made):  # type: ignore[no-untyped-def]
        found.update(plans)
        return update(old_db, path, plans, made)

    monkeypatch.setattr(incremental, "_update_database", spy)
    return found
