"""`gongshi serve`: the built site and its open-data API side by side, the way production runs them.

The site is static files, served here by the standard library. The API is
Datasette, run as its own process (gongshi.apiserver, one worker per core) with
exactly the production configuration (`api_command`; `gongshi api` is
production): the database opened immutable with an inspect file (counts are
precomputed, nothing is ever written), CORS on, CSV/JSON and whole-database
downloads allowed, query time limits kept.
A build while it runs is picked up: the site's files are read per request,
and Datasette is started again on the new database.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from . import urls
from .catalog import DB_NAME
from .opendata.metadata import DATABASE
from .opendata.metadata import FILENAME as METADATA

# Datasette settings for serving the public: generous enough for a journalist's
# SQL, bounded so one query cannot hold a thread. Suggested facets are off
# because they try every column of a large table on every page view.
SETTINGS = {
    "sql_time_limit_ms": "1000",
    "facet_time_limit_ms": "500",
    "max_returned_rows": "1000",
    "allow_download": "on",
    "allow_csv_stream": "on",
    "allow_facet": "on",
    "suggest_facets": "off",
    "default_cache_ttl": "300",
}
# Datasette processes (gongshi.apiserver): one per core this process may use (a container's limit, not the
# host's count), each runs Python on one core at a time.
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def schema_version(data_dir: Path) -> int:
    """The open-data schema version the database in `data_dir` was built with (opendata.database.SCHEMA_VERSION)."""
    conn = sqlite3.connect(f"file:{data_dir / DB_NAME}?immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


class NotBuilt(Exception):
    """The output folder has no database: nothing to serve."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class PortInUse(Exception):
    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is in use")
        self.port = port


class ApiFailed(Exception):
    """Datasette exited or did not answer; `output` is what it printed."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def settings(base_url: str | None = None) -> dict:
    """SETTINGS (and `base_url`, the path a web server proxies the API under, such as /api/), typed as Datasette's
    constructor takes them."""
    typed: dict = {name: {"on": True, "off": False}.get(v, int(v) if v.isdigit() else v) for name, v in SETTINGS.items()}
    return {**typed, **({"base_url": base_url} if base_url else {})}


def api_command(data_dir: Path, inspect_file: Path, host: str, port: int, base_url: str | None = None,
                workers: int = WORKERS) -> list[str]:
    """The arguments, after the Python interpreter, that serve the database in `data_dir` (gongshi.apiserver)."""
    return [
        "-m", "gongshi.apiserver", "--database", str(data_dir / DB_NAME), "--inspect-file", str(inspect_file),
        "--metadata", str(data_dir / METADATA), "--settings", json.dumps(settings(base_url)),
        "--host", host, "--port", str(port), "--workers", str(workers),
    ]


# Runs in the Datasette child before it becomes Datasette: asks the kernel to send it SIGTERM
# when the process that started it dies, so even a `kill -9` of `gongshi serve` (which no
# handler sees) leaves no API server behind. prctl's setting survives exec.
_DIE_WITH_PARENT = """\
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)  # the parent died before prctl took effect
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


def _datasette() -> list[str]:
    return [sys.executable, "-m", "datasette"]


def _child() -> list[str]:
    if sys.platform.startswith("linux"):
        return [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid())]
    return [sys.executable]


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            raise PortInUse(port) from None


class SiteHandler(SimpleHTTPRequestHandler):
    """The static site as a production server should serve it: 404 pages and ETags.

    An address with no page gets the department's 404 page when its first
    segment is a department (an expired decision's old address, say), else
    the site's. Every file carries an ETag made from its inode, size and
    modification time, and a matching If-None-Match gets 304: a build swaps
    in a new folder, so a file that changed always has a new inode or time.
    """

    _etag: str | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def send_head(self):  # type: ignore[no-untyped-def] - the stdlib's signature
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode):
            etag = f'"{st.st_ino:x}-{st.st_size:x}-{st.st_mtime_ns:x}"'
            wanted = self.headers.get("If-None-Match")
            if wanted and etag in (t.strip() for t in wanted.split(",")) or wanted == "*":
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            self._etag = etag
        return super().send_head()

    def end_headers(self) -> None:
        if self._etag is not None:
            self.send_header("ETag", self._etag)
            self._etag = None
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            super().send_error(code, message, explain)
            return
        self._etag = None
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    def _not_found_page(self) -> bytes | None:
        root = Path(self.directory)
        first = unquote(self.path.split("?", 1)[0]).strip("/").split("/", 1)[0]
        candidates = [root / urls.not_found(first).lstrip("/")] if first and "." not in first else []
        for page in (*candidates, root / urls.not_found().lstrip("/")):
            try:
                return page.read_bytes()
            except OSError:
                continue
        return None


class Api:
    """Datasette serving the output's database, started again whenever a build swaps in a new one."""

    def __init__(self, data_dir: Path, host: str, port: int, tmp: Path, timeout: float, base_url: str | None = None,
                 workers: int | None = None) -> None:
        self.base_url = base_url
        self.workers = workers or WORKERS
        self.data_dir = data_dir
        self.host = host
        self.port = port
        self.tmp = tmp
        self.timeout = timeout
        self.log = open(tmp / "datasette.log", "w+")  # noqa: SIM115 - closed by close()
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.served: tuple | None = None  # the database file the running process serves

    def database_id(self) -> tuple | None:
        try:
            st = os.stat(self.data_dir / DB_NAME)
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def start(self) -> None:
        """(Re)start Datasette on the current database; ApiFailed with its output when it does not come up."""
        with self.lock:
            served = self.database_id()
            inspect_file = self.tmp / "inspect-data.json"
            done = subprocess.run(
                [*_datasette(), "inspect", str(self.data_dir / DB_NAME), "--inspect-file", str(inspect_file)],
                capture_output=True, text=True,
            )
            if done.returncode:
                raise ApiFailed(done.stderr or done.stdout)
            self._stop_process()  # only now: the old database stays served while the new one is inspected
            self.log.seek(0)
            self.log.truncate()
            self.process = subprocess.Popen(
                [*_child(), *api_command(self.data_dir, inspect_file, self.host, self.port, self.base_url, self.workers)],
                stdout=self.log, stderr=subprocess.STDOUT,
            )
            try:
                _wait_for(self.host, self.port, self.process, self.timeout)
            except ApiFailed:
                self._stop_process()
                self.log.seek(0)
                raise ApiFailed(self.log.read()[-2000:]) from None
            self.served = served

    def died(self) -> bool:
        """Whether the server exited by itself (a failed start leaves none running, and is not tried again)."""
        with self.lock:
            return self.process is not None and self.process.poll() is not None

    def changed(self) -> bool:
        """Whether a build has swapped in another database since Datasette was started."""
        now = self.database_id()
        return now is not None and now != self.served

    def _stop_process(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        with self.lock:
            self._stop_process()
        self.log.close()


@dataclass
class Servers:
    site_url: str | None  # None: the API alone (gongshi api)
    api_url: str
    _httpd: ThreadingHTTPServer | None
    _api: Api
    _tmp: tempfile.TemporaryDirectory
    _threads: list[threading.Thread] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    notify: Callable[[str], None] | None = None  # told "restarted", "exited" or "failed: <output>"

    def wait(self) -> None:
        """Block until stop() (Ctrl-C and the signals the CLI catches raise here)."""
        while not self._stopping.wait(0.5):
            pass

    def watch(self, interval: float = 1.0) -> None:
        """Start Datasette again after each build that swaps in a new database, or when it exits by itself (runs in
        a thread)."""
        notify = self.notify or (lambda what: None)
        while not self._stopping.wait(interval):
            died = self._api.died()  # by itself: start it again, on whichever database is there now
            if not (died or self._api.changed()):
                continue
            if died:
                notify("exited")
            try:
                self._api.start()
            except ApiFailed as e:
                self._api.served = self._api.database_id()  # not again for the same database
                notify(f"failed: {e.output}")
            else:
                if not died:
                    notify("restarted")

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=15)
        self._api.close()
        self._tmp.cleanup()


def start(output: Path, host: str = "127.0.0.1", port: int | None = 8000, api_port: int = 8001,
          timeout: float = 60.0, watch_interval: float = 1.0,
          notify: Callable[[str], None] | None = None, base_url: str | None = None, workers: int | None = None) -> Servers:
    """Serve `output` (a finished build) on `port` and its database with Datasette on `api_port`; with `port`
    None, the database alone (`gongshi api`: production, where a web server serves the site's files). `workers`:
    Datasette processes, one per core by default.

    Later builds into `output` are picked up: the site is read from disk per
    request, and Datasette is started again when the database is replaced.
    """
    output = Path(output).resolve()
    data_dir = output / "data"
    if not (data_dir / DB_NAME).is_file():
        raise NotBuilt(data_dir / DB_NAME)
    if port is not None:
        check_port(host, port)
    check_port(host, api_port)
    tmp = tempfile.TemporaryDirectory(prefix="gongshi-serve-")
    try:
        api = Api(data_dir, host, api_port, Path(tmp.name), timeout, base_url, workers)
        try:
            api.start()
            httpd = None if port is None else ThreadingHTTPServer(
                (host, port), functools.partial(SiteHandler, directory=str(output))
            )
        except BaseException:
            api.close()
            raise
    except BaseException:
        tmp.cleanup()
        raise
    site_url = None if port is None else f"http://{host}:{port}/"
    servers = Servers(site_url, f"http://{host}:{api_port}/{DATABASE}", httpd, api, tmp, notify=notify)
    if httpd is not None:
        servers._threads.append(threading.Thread(target=httpd.serve_forever, name="gongshi-site", daemon=True))
    servers._threads.append(
        threading.Thread(target=servers.watch, args=(watch_interval,), name="gongshi-api-watch", daemon=True)
    )
    for thread in servers._threads:
        thread.start()
    return servers


def _wait_for(host: str, port: int, process: subprocess.Popen, timeout: float) -> None:
    """Until Datasette answers an HTTP request: the port is bound before the workers that answer have started
    (or failed to)."""
    deadline = time.monotonic() + timeout
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/-/versions.json"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through an http_proxy
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ApiFailed(f"exited with status {process.returncode}")
        try:
            with direct.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise ApiFailed(f"no answer on port {port} after {timeout:.0f} s")
