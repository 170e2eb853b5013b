"""Accessibility and HTML-validation helpers for the test suite.

* axe-core (``node_modules/axe-core/axe.min.js``) runs inside headless Chromium
  (``/usr/bin/chromium``, driven by Python Playwright) against pages served
  over HTTP by :func:`serve_directory`.
* The Nu HTML Checker (``node_modules/vnu-jar/build/dist/vnu.jar``) runs under
  the system ``java``.

The tools are installed by ``scripts/install-test-tools.sh``.  When one is
missing, the helpers *fail* the calling test with a message saying so; set
``GONGSHI_SKIP_BROWSER=1`` to skip these tests instead.

Typical use: in ``tests/conftest.py`` put

    from tests.browser import browser_session  # noqa: F401  (session-scoped fixture)

and in a test module::

    from tests.browser import format_violations, run_axe, serve_directory

    def test_site_is_accessible(browser_session):
        with serve_directory(site_dir) as base:
            result = run_axe([base + "/", base + "/about/"], session=browser_session)
        assert not any(result.values()), format_violations(result)

``browser_session`` launches Chromium once per test session.  Without a
``session=`` argument each helper call launches (and closes) its own Chromium.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("GONGSHI_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "run `bash scripts/install-test-tools.sh` (as root) to install them"
SKIP_ENV = "GONGSHI_SKIP_BROWSER"

# Flags required for Chromium running as root without network access.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# WCAG 2.0 / 2.1 / 2.2, levels A and AA.  Selecting rules by these tags leaves
# out the axe rules tagged only "best-practice" (unique landmarks, one main,
# heading order …); AXE_TAGS, the default of run_axe, adds them.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
AXE_TAGS = (*WCAG_TAGS, "best-practice")

DEFAULT_VIEWPORT = (1280, 800)
HTML_SNIPPET_MAX = 200
NAV_TIMEOUT_MS = 30_000


# --------------------------------------------------------------------------
# Tool checks
# --------------------------------------------------------------------------


def missing_tools(*, browser: bool = False, vnu: bool = False) -> list[str]:
    """Names of the tools needed for ``browser`` (axe) / ``vnu`` that are absent."""
    missing = []
    if browser:
        if not CHROMIUM.exists():
            missing.append(f"Chromium ({CHROMIUM})")
        if not AXE_JS.exists():
            missing.append(f"axe-core ({AXE_JS.relative_to(PROJECT_ROOT)})")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing.append("the Python package `playwright` (pip install playwright)")
    if vnu:
        if shutil.which("java") is None:
            missing.append("java (a JRE 11+)")
        if not VNU_JAR.exists():
            missing.append(f"vnu.jar ({VNU_JAR.relative_to(PROJECT_ROOT)})")
    return missing


def require_tools(*, browser: bool = False, vnu: bool = False) -> None:
    """Fail the current test if a needed tool is missing (skip if GONGSHI_SKIP_BROWSER=1).

    With ``GONGSHI_SKIP_BROWSER=1`` the test is skipped even if the tools are present.
    """
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: browser/validator tests skipped")
    missing = missing_tools(browser=browser, vnu=vnu)
    if missing:
        pytest.fail(
            "Test tools missing: " + ", ".join(missing) + f".\nTo fix: {INSTALL_HINT}; "
            f"or set {SKIP_ENV}=1 to skip these tests.",
            pytrace=False,
        )


# --------------------------------------------------------------------------
# Static file server
# --------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static handler: no request logging, no directory listings, sane MIME types."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".htm": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".wasm": "application/wasm",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
        ".txt": "text/plain; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def list_directory(self, path: str | os.PathLike[str]):  # type: ignore[override]
        # A directory without index.html is a 404, as on a static host.
        self.send_error(404, "File not found")
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str]) -> Iterator[str]:
    """Serve ``path`` at http://127.0.0.1:<free port>; yield the base URL (no trailing slash).

    Directories are served by their ``index.html`` (``/dir`` redirects to ``/dir/``).
    """
    root = Path(path).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve:{root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------
# Chromium session
# --------------------------------------------------------------------------


class PageLoadError(RuntimeError):
    """A page under test could not be loaded (HTTP error or navigation failure)."""


class BrowserSession:
    """One headless Chromium process, reused for many pages.

    Each call opens a fresh browser context (so viewport/zoom are per call) and
    one page at a time.  Use as a context manager or call :meth:`close`.
    """

    def __init__(self) -> None:
        require_tools(browser=True)
        from playwright.sync_api import sync_playwright

        self._axe_source = AXE_JS.read_text(encoding="utf-8")
        self._pw_cm = sync_playwright()
        self._pw = self._pw_cm.start()
        try:
            # Playwright gives launch() its own fresh, empty --user-data-dir.
            self.browser = self._pw.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                chromium_sandbox=False,
            )
        except Exception:
            self._pw_cm.__exit__(None, None, None)
            raise

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.browser.close()
        with contextlib.suppress(Exception):
            self._pw_cm.__exit__(None, None, None)

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------

    @contextlib.contextmanager
    def _context(self, viewport: tuple[int, int], zoom: float):
        """A browser context emulating ``viewport`` (device px) at ``zoom`` (1.0 = 100%).

        Browser zoom of Z on a W×H window gives a layout viewport of W/Z × H/Z
        CSS px with devicePixelRatio Z; that is what is emulated here.
        """
        if zoom <= 0:
            raise ValueError("zoom must be > 0")
        width, height = viewport
        context = self.browser.new_context(
            viewport={"width": max(1, round(width / zoom)), "height": max(1, round(height / zoom))},
            device_scale_factor=zoom,
            bypass_csp=True,  # so axe can be injected into pages with a strict CSP
            service_workers="block",
        )
        context.set_default_navigation_timeout(NAV_TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()

    @staticmethod
    def _goto(page, url: str) -> None:
        try:
            response = page.goto(url, wait_until="load")
        except Exception as exc:  # playwright Error / TimeoutError
            raise PageLoadError(f"{url}: {exc}") from exc
        if response is not None and response.status >= 400:
            raise PageLoadError(f"{url}: HTTP {response.status}")
        # Let web fonts settle so layout (and colour contrast) is final.
        with contextlib.suppress(Exception):
            page.evaluate("() => document.fonts ? document.fonts.ready.then(() => true) : true")

    # -- public ------------------------------------------------------------

    def axe(
        self,
        urls: Iterable[str],
        *,
        viewport: tuple[int, int] = DEFAULT_VIEWPORT,
        zoom: float = 1.0,
        tags: Sequence[str] = AXE_TAGS,
        disable_rules: Iterable[str] = (),
        ready: str | None = None,
    ) -> dict[str, list[dict]]:
        """See :func:`run_axe`."""
        options = {
            "runOnly": {"type": "tag", "values": list(tags)},
            "resultTypes": ["violations"],
            "rules": {rule: {"enabled": False} for rule in disable_rules},
        }
        results: dict[str, list[dict]] = {}
        with self._context(viewport, zoom) as context:
            page = context.new_page()
            for url in urls:
                self._goto(page, url)
                if ready:
                    page.wait_for_function(ready)
                for frame in page.frames:  # axe must be present in every frame
                    with contextlib.suppress(Exception):
                        frame.evaluate(self._axe_source)
                raw = page.evaluate(_AXE_RUN_JS, options)
                results[url] = [_trim_violation(v) for v in raw]
            page.close()
        return results

    def horizontal_overflow(
        self,
        urls: Iterable[str],
        *,
        width: int = 360,
        height: int = 800,
        zoom: float = 1.0,
    ) -> dict[str, dict]:
        """See :func:`horizontal_overflow`."""
        found: dict[str, dict] = {}
        with self._context((width, height), zoom) as context:
            page = context.new_page()
            for url in urls:
                self._goto(page, url)
                info = page.evaluate(_OVERFLOW_JS)
                if info["scrollWidth"] > info["viewportWidth"]:
                    found[url] = info
            page.close()
        return found


    def scrolling_tables(self, urls: Iterable[str], *, width: int = 360, height: int = 800) -> dict[str, list[dict]]:
        """See :func:`scrolling_tables`."""
        return self._bad_parts(urls, (width, height), _TABLES_JS, "table", lambda t: t["scrolls"] or t["cut"])

    def cut_charts(self, urls: Iterable[str], *, width: int = 360, height: int = 800) -> dict[str, list[dict]]:
        """See :func:`cut_charts`."""
        return self._bad_parts(urls, (width, height), _CHARTS_JS, "chart", lambda c: c["cut"] or c["font"] < 9)

    def _bad_parts(self, urls: Iterable[str], viewport: tuple[int, int], js: str, what: str, bad) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
        """Per page, the parts `js` describes for which `bad` holds; a page without any such part is an error."""
        found: dict[str, list[dict]] = {}
        with self._context(viewport, 1.0) as context:
            page = context.new_page()
            for url in urls:
                self._goto(page, url)
                parts = page.evaluate(js)
                if not parts:
                    raise AssertionError(f"{url}: no {what} on the page")
                wrong = [p for p in parts if bad(p)]
                if wrong:
                    found[url] = wrong
            page.close()
        return found


_CHARTS_JS = """
() => [...document.querySelectorAll('main figure.chart svg')].map((svg) => {
  const vw = document.documentElement.clientWidth;
  const r = svg.getBoundingClientRect();
  const parts = [...svg.querySelectorAll('text, rect')];
  const out = parts.filter((el) => { const b = el.getBoundingClientRect(); return b.right > vw + 1 || b.left < -1; });
  const texts = [...svg.querySelectorAll('text')];
  const font = Math.min(...texts.map((t) => t.getBoundingClientRect().height), 99);
  return {id: svg.closest('figure').id, cut: r.right > vw + 1 || r.width === 0 || out.length > 0,
          outside: out.slice(0, 3).map((el) => (el.textContent || el.tagName).slice(0, 30)), font};
})
"""

_AXE_RUN_JS = """
async (options) => {
  const result = await axe.run(document, options);
  return result.violations;
}
"""

# Each table: whether its wrapper scrolls sideways, and cells whose right edge is past the viewport.
_TABLES_JS = """
() => [...document.querySelectorAll('main table')].map((table) => {
  const wrap = table.closest('.table-wrap') || table;
  const vw = document.documentElement.clientWidth;
  const cut = [...table.querySelectorAll('tbody th, tbody td')]
    .filter((c) => c.getBoundingClientRect().right > vw + 1)
    .slice(0, 3).map((c) => c.textContent.trim().slice(0, 40));
  return {caption: (table.caption ? table.caption.textContent : '').trim(),
          scrolls: wrap.scrollWidth > wrap.clientWidth + 1, cut};
})
"""

# Width of the document vs. the layout viewport, plus the deepest elements that
# stick out past the right edge (to point at the culprit in messages).
_OVERFLOW_JS = """
() => {
  const doc = document.documentElement;
  const vw = doc.clientWidth;
  const sw = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + [...el.classList].join('.');
    return s;
  };
  const offenders = [];
  if (sw > vw) {
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1 || r.width === 0) continue;
      const childSticksOut = [...el.children].some(
        (c) => c.getBoundingClientRect().right > vw + 1);
      if (!childSticksOut) offenders.push(
        {element: describe(el), right: Math.round(r.right + window.scrollX)});
      if (offenders.length >= 5) break;
    }
  }
  return {scrollWidth: sw, viewportWidth: vw, offenders};
}
"""


def _trim_violation(v: dict) -> dict:
    def target(t: Any) -> str:
        # Selectors into iframes / shadow DOM come as nested lists.
        if isinstance(t, list):
            return " >>> ".join(target(x) for x in t)
        return str(t)

    def snippet(html: str) -> str:
        html = " ".join(html.split())
        return html if len(html) <= HTML_SNIPPET_MAX else html[: HTML_SNIPPET_MAX - 1] + "…"

    return {
        "id": v["id"],
        "impact": v.get("impact"),
        "help": v.get("help", ""),
        "helpUrl": v.get("helpUrl", ""),
        "tags": [t for t in v.get("tags", []) if t.startswith("wcag")],
        "nodes": [
            {
                "target": target(n.get("target", [])),
                "html": snippet(n.get("html", "")),
                "summary": n.get("failureSummary", ""),
            }
            for n in v.get("nodes", [])
        ],
    }


@contextlib.contextmanager
def _session(session: BrowserSession | None) -> Iterator[BrowserSession]:
    if session is not None:
        yield session
    else:
        with BrowserSession() as s:
            yield s


def run_axe(
    urls: Iterable[str],
    *,
    viewport: tuple[int, int] = DEFAULT_VIEWPORT,
    zoom: float = 1.0,
    tags: Sequence[str] = AXE_TAGS,
    disable_rules: Iterable[str] = (),
    session: BrowserSession | None = None,
    ready: str | None = None,
) -> dict[str, list[dict]]:
    """Run axe-core on each URL; return ``{url: [violation, ...]}`` (empty list = clean).

    A violation is ``{"id", "impact", "help", "helpUrl", "tags",
    "nodes": [{"target", "html", "summary"}]}`` with ``html`` trimmed.
    ``viewport`` is the window size in px; ``zoom=2.0`` emulates 200% browser
    zoom on that window.  Pass ``session`` (e.g. the ``browser_session``
    fixture) to reuse a running Chromium; otherwise one is launched for this
    call.  Raises :class:`PageLoadError` for a page that fails to load or
    returns HTTP >= 400. ``ready``: a JavaScript expression waited for before axe runs (what a script shows).
    """
    with _session(session) as s:
        return s.axe(urls, viewport=viewport, zoom=zoom, tags=tags, disable_rules=disable_rules, ready=ready)


def horizontal_overflow(
    urls: Iterable[str],
    width: int = 360,
    *,
    height: int = 800,
    zoom: float = 1.0,
    session: BrowserSession | None = None,
) -> dict[str, dict]:
    """Reflow check: pages whose document is wider than a ``width``-px viewport.

    Returns ``{url: {"scrollWidth", "viewportWidth", "offenders": [{"element", "right"}]}}``
    for the overflowing pages only (empty dict = all pages reflow).
    """
    with _session(session) as s:
        return s.horizontal_overflow(urls, width=width, height=height, zoom=zoom)


def scrolling_tables(
    urls: Iterable[str], width: int = 360, *, height: int = 800, session: BrowserSession | None = None
) -> dict[str, list[dict]]:
    """Tables that a ``width``-px screen must scroll sideways to read: ``{url: [{"caption", "scrolls", "cut"}]}``.

    ``scrolls``: the table's scrolling wrapper is wider inside than out; ``cut``:
    the text of cells that end past the right edge of the viewport.
    """
    with _session(session) as s:
        return s.scrolling_tables(urls, width=width, height=height)


def cut_charts(
    urls: Iterable[str], width: int = 360, *, session: BrowserSession | None = None
) -> dict[str, list[dict]]:
    """Charts (figure.chart svg) that stick out of a ``width``-px viewport, or whose text is drawn smaller than
    9 px: ``{url: [{"id", "cut", "outside", "font"}]}`` for the pages with one (empty dict = all fit)."""
    with _session(session) as s:
        return s.cut_charts(urls, width=width)


def format_violations(results: dict[str, list[dict]], *, max_nodes: int = 5) -> str:
    """Readable multi-line text of ``run_axe`` results, for assertion messages."""
    lines: list[str] = []
    for url, violations in results.items():
        if not violations:
            continue
        lines.append(f"{url}: {len(violations)} axe violation(s)")
        for v in violations:
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for n in v["nodes"][:max_nodes]:
                lines.append(f"      at {n['target']}: {n['html']}")
            if len(v["nodes"]) > max_nodes:
                lines.append(f"      ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines) if lines else "no axe violations"


def format_overflow(results: dict[str, dict]) -> str:
    """Readable text of ``horizontal_overflow`` results."""
    lines = []
    for url, info in results.items():
        culprits = ", ".join(f"{o['element']} (right edge {o['right']}px)" for o in info["offenders"])
        lines.append(
            f"{url}: document is {info['scrollWidth']}px wide in a "
            f"{info['viewportWidth']}px viewport" + (f"; sticking out: {culprits}" if culprits else "")
        )
    return "\n".join(lines) if lines else "no horizontal overflow"


@pytest.fixture(scope="session")
def browser_session() -> Iterator[BrowserSession]:
    """One Chromium for the whole test session (import this name into a test module)."""
    require_tools(browser=True)
    with BrowserSession() as session:
        yield session


# --------------------------------------------------------------------------
# Nu HTML Checker
# --------------------------------------------------------------------------

VNU_BATCH = 400  # files per JVM, to stay far below the command-line length limit


def run_vnu(
    paths: Iterable[str | os.PathLike[str]],
    *,
    skip_non_html: bool = False,
    errors_only: bool = True,
    filter_pattern: str | None = None,
    timeout: float = 600,
) -> list[dict]:
    """Validate HTML files (or directories, recursively) with vnu.jar in one JVM.

    Returns ``[{"file", "line", "column", "message", "extract", "type"}, ...]``;
    an empty list means valid.  ``skip_non_html`` passes ``--skip-non-html``
    (useful with directories); ``filter_pattern`` is vnu's ``--filterpattern``
    regex for messages to ignore.
    """
    require_tools(vnu=True)
    files = [Path(p).resolve() for p in paths]
    if not files:
        return []
    cmd_base = [
        "java", "-Xss1024k", "-jar", str(VNU_JAR),
        "--format", "json", "--stdout", "--exit-zero-always",
    ]  # fmt: skip
    if errors_only:
        # Language detection only yields warnings, so it is wasted work here.
        cmd_base += ["--errors-only", "--no-langdetect"]
    if skip_non_html:
        cmd_base.append("--skip-non-html")
    if filter_pattern:
        cmd_base += ["--filterpattern", filter_pattern]
    messages: list[dict] = []
    for i in range(0, len(files), VNU_BATCH):
        batch = files[i : i + VNU_BATCH]
        proc = subprocess.run(
            [*cmd_base, *map(str, batch)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        out = proc.stdout.strip()
        try:
            data = json.loads(out) if out else {"messages": []}
        except json.JSONDecodeError as exc:
            raise RuntimeError(
                f"vnu.jar output is not JSON (exit {proc.returncode}):\n{out[:2000]}\n{proc.stderr[-2000:]}"
            ) from exc
        for m in data.get("messages", []):
            kind = m.get("type")
            if kind == "info" and errors_only:
                continue
            if kind == "info" and m.get("subType") == "warning":
                kind = "warning"
            messages.append(
                {
                    "file": _file_from_url(m.get("url", "")),
                    "line": m.get("lastLine", m.get("firstLine")),
                    "column": m.get("firstColumn", m.get("lastColumn")),
                    "message": m.get("message", ""),
                    "extract": m.get("extract", ""),
                    "type": kind,
                }
            )
    return messages


def _file_from_url(url: str) -> str:
    from urllib.parse import unquote, urlparse

    if url.startswith("file:"):
        return unquote(urlparse(url).path)
    return url


def format_vnu(messages: list[dict], *, root: str | os.PathLike[str] | None = None) -> str:
    """Readable text of ``run_vnu`` messages (paths shown relative to ``root`` if given)."""
    lines = []
    for m in messages:
        f = m["file"]
        if root is not None:
            with contextlib.suppress(ValueError):
                f = str(Path(f).relative_to(Path(root).resolve()))
        lines.append(f"{f}:{m['line']}:{m['column']}: {m['type']}: {m['message']}")
    return "\n".join(lines) if lines else "no vnu messages"


__all__ = [
    "AXE_JS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "VNU_JAR",
    "AXE_TAGS",
    "WCAG_TAGS",
    "BrowserSession",
    "PageLoadError",
    "browser_session",
    "format_overflow",
    "format_violations",
    "format_vnu",
    "horizontal_overflow",
    "missing_tools",
    "require_tools",
    "run_axe",
    "run_vnu",
    "scrolling_tables",
    "serve_directory",
]
