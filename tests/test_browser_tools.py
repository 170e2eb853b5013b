"""The accessibility / HTML-validation test tools really work (tests/browser.py)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import browser
from tests.browser import (
    BrowserSession,
    PageLoadError,
    format_overflow,
    format_violations,
    format_vnu,
    horizontal_overflow,
    run_axe,
    run_vnu,
    serve_directory,
)

GOOD_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A good page</title>
<style>
  body { font-family: sans-serif; color: #111; background: #fff; margin: 0 1rem; }
  img { max-width: 100%; height: auto; }
</style>
</head>
<body>
<header><nav aria-label="Main"><a href="/">Home</a></nav></header>
<main>
<h1>A good page</h1>
<p>Some text that reflows nicely.</p>
<img src="square.svg" alt="A blue square" width="100" height="100">
<form action="/" method="get">
  <label for="q">Search</label>
  <input id="q" name="q" type="search">
  <button type="submit">Go</button>
</form>
</main>
</body>
</html>
"""

# No lang, an <img> without alt, an unlabeled input, a stray </div>, a duplicate id.
BAD_HTML = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>A bad page</title>
</head>
<body>
<div>
<img src="square.svg">
<input type="text" name="q">
</div>
</div>
<p id="dup">one</p>
<p id="dup">two</p>
</body>
</html>
"""

WIDE_HTML = GOOD_HTML.replace(
    "<p>Some text that reflows nicely.</p>",
    '<div id="wide" style="width: 1000px">This box does not reflow.</div>',
)
# 800px wide: fits a 1280px window at 100% zoom, not at 200% (640 CSS px).
MEDIUM_HTML = GOOD_HTML.replace(
    "<p>Some text that reflows nicely.</p>",
    '<div id="medium" style="width: 800px">This box is 800px wide.</div>',
)

SQUARE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    '<rect width="100" height="100" fill="#0050a0"/></svg>'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(GOOD_HTML, encoding="utf-8")
    (root / "square.svg").write_text(SQUARE_SVG, encoding="utf-8")
    for name, html in {"bad": BAD_HTML, "wide": WIDE_HTML, "medium": MEDIUM_HTML}.items():
        (root / name).mkdir()
        (root / name / "index.html").write_text(html, encoding="utf-8")
    (root / "notes.txt").write_text("not html <div>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def chromium():
    """One Chromium launch for this module (tests/browser.py also offers a
    session-scoped ``browser_session`` fixture for import into a conftest)."""
    browser.require_tools(browser=True)
    with BrowserSession() as session:
        yield session


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve_directory(site) as url:
        yield url


# -- server ----------------------------------------------------------------


def test_serve_directory_serves_index_and_404s(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/bad/") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/html")
        assert b"A bad page" in resp.read()
    with urllib.request.urlopen(base_url + "/square.svg") as resp:
        assert resp.headers["Content-Type"] == "image/svg+xml"
    # /bad (no slash) redirects to /bad/
    with urllib.request.urlopen(base_url + "/bad") as resp:
        assert resp.url.endswith("/bad/")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base_url + "/missing/")
    assert err.value.code == 404


# -- tool checks -----------------------------------------------------------


def test_tools_present() -> None:
    browser.require_tools(browser=True, vnu=True)  # fails with an install hint
    assert browser.missing_tools(browser=True, vnu=True) == []


def test_missing_tool_fails_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(browser.SKIP_ENV, raising=False)
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.fail.Exception, match="install-test-tools.sh"):
        browser.require_tools(browser=True)


def test_skip_env_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(browser.SKIP_ENV, "1")
    with pytest.raises(pytest.skip.Exception):
        browser.require_tools(vnu=True)


# -- axe -------------------------------------------------------------------


def test_axe_good_and_bad_pages(chromium, base_url: str) -> None:
    good, bad = base_url + "/", base_url + "/bad/"
    result = run_axe([good, bad], session=chromium)
    assert result[good] == [], format_violations(result)
    ids = {v["id"] for v in result[bad]}
    assert {"image-alt", "html-has-lang", "label"} <= ids, format_violations(result)

    img = next(v for v in result[bad] if v["id"] == "image-alt")
    assert img["impact"] == "critical"
    assert img["nodes"][0]["target"] == "img"
    assert img["nodes"][0]["html"].startswith("<img")

    text = format_violations(result)
    assert "image-alt" in text and f"{bad}:" in text and f"{good}:" not in text


def test_axe_small_viewport_and_zoom(chromium, base_url: str) -> None:
    good = base_url + "/"
    assert run_axe([good], viewport=(360, 800), session=chromium) == {good: []}
    assert run_axe([good], zoom=2.0, session=chromium) == {good: []}


def test_axe_raises_on_http_error(chromium, base_url: str) -> None:
    with pytest.raises(PageLoadError, match="404"):
        run_axe([base_url + "/missing/"], session=chromium)


# -- reflow ----------------------------------------------------------------


def test_horizontal_overflow_at_360(chromium, base_url: str) -> None:
    good, wide = base_url + "/", base_url + "/wide/"
    found = horizontal_overflow([good, wide], 360, session=chromium)
    assert list(found) == [wide], format_overflow(found)
    info = found[wide]
    assert info["viewportWidth"] <= 360
    assert info["scrollWidth"] >= 1000
    assert any(o["element"] == "div#wide" for o in info["offenders"]), format_overflow(found)
    assert "div#wide" in format_overflow(found)


def test_horizontal_overflow_at_200_percent_zoom(chromium, base_url: str) -> None:
    medium = base_url + "/medium/"
    assert horizontal_overflow([medium], 1280, session=chromium) == {}
    found = horizontal_overflow([medium], 1280, zoom=2.0, session=chromium)
    assert list(found) == [medium]
    assert 600 <= found[medium]["viewportWidth"] <= 640


# -- vnu -------------------------------------------------------------------


def test_vnu_good_and_bad(site: Path) -> None:
    good, bad = site / "index.html", site / "bad" / "index.html"
    messages = run_vnu([good, bad])
    assert messages, "vnu found nothing wrong with the bad page"
    assert {m["file"] for m in messages} == {str(bad)}, format_vnu(messages)
    text = format_vnu(messages, root=site)
    assert "Stray end tag" in text and "div" in text, text
    assert "Duplicate ID" in text, text
    assert all(m["type"] == "error" and isinstance(m["line"], int) for m in messages)
    # (no message names the good file: it is valid; checked in the same JVM run)


def test_vnu_directory_skip_non_html(site: Path) -> None:
    messages = run_vnu([site], skip_non_html=True)
    files = {Path(m["file"]).relative_to(site).as_posix() for m in messages}
    assert files == {"bad/index.html"}, format_vnu(messages, root=site)
