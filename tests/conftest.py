from __future__ import annotations

import pytest

from tests.browser import browser_session  # noqa: F401  (session-scoped Chromium for the browser tests)
from tests.minimal_region import Region


@pytest.fixture
def region(tmp_path) -> Region:
    """A valid datasets folder at tmp_path/datasets; messages are shown relative to tmp_path."""
    return Region(tmp_path)
