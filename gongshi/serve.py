"""`gongshi serve`: the built site and its open-data API side by side, the way production runs them.

The site is static files, served here by the standard library. The API is
Datasette, run as its own process with exactly the production flags (see
`datasette_args` and the README): the database opened immutable with an
inspect file (counts are precomputed, nothing is ever written), CORS on,
CSV/JSON and whole-database downloads allowed, query time limits kept.
"""

from __future__ import annotations

import functools
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .opendata import DB_NAME
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


def datasette_args(data_dir: Path, inspect_file: Path, host: str, port: int) -> list[str]:
    """The arguments of `datasette serve` for the database in `data_dir` (the README shows the same)."""
    args = [
        "serve", "-i", str(data_dir / DB_NAME), "--inspect-file", str(inspect_file),
        "-m", str(data_dir / METADATA), "--cors", "-h", host, "-p", str(port),
    ]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


def _datasette() -> list[str]:
    return [sys.executable, "-m", "datasette"]


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            raise PortInUse(port) from None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@dataclass
class Servers:
    site_url: str
    api_url: str
    _httpd: ThreadingHTTPServer
    _api: subprocess.Popen
    _tmp: tempfile.TemporaryDirectory
    _log: object
    _threads: list[threading.Thread] = field(default_factory=list)

    def wait(self) -> int:
        """Block until the API process ends (Ctrl-C raises KeyboardInterrupt here)."""
        return self._api.wait()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._api.poll() is None:
            self._api.terminate()
            try:
                self._api.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._api.kill()
                self._api.wait()
        self._log.close()  # type: ignore[attr-defined]
        self._tmp.cleanup()


def start(output: Path, host: str = "127.0.0.1", port: int = 8000, api_port: int = 8001,
          timeout: float = 60.0) -> Servers:
    """Serve `output` (a finished build) on `port` and its database with Datasette on `api_port`."""
    output = Path(output).resolve()
    data_dir = output / "data"
    if not (data_dir / DB_NAME).is_file():
        raise NotBuilt(data_dir / DB_NAME)
    check_port(host, port)
    check_port(host, api_port)
    tmp = tempfile.TemporaryDirectory(prefix="gongshi-serve-")
    try:
        inspect_file = Path(tmp.name) / "inspect-data.json"
        done = subprocess.run(
            [*_datasette(), "inspect", str(data_dir / DB_NAME), "--inspect-file", str(inspect_file)],
            capture_output=True, text=True,
        )
        if done.returncode:
            raise ApiFailed(done.stderr or done.stdout)
        log = open(Path(tmp.name) / "datasette.log", "w+")  # noqa: SIM115 - closed with the folder
        api = subprocess.Popen([*_datasette(), *datasette_args(data_dir, inspect_file, host, api_port)],
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(host, api_port, api, timeout)
        except ApiFailed:
            api.kill()
            api.wait()
            log.seek(0)
            raise ApiFailed(log.read()[-2000:]) from None
        httpd = ThreadingHTTPServer((host, port), functools.partial(_QuietHandler, directory=str(output)))
    except BaseException:
        tmp.cleanup()
        raise
    thread = threading.Thread(target=httpd.serve_forever, name="gongshi-site", daemon=True)
    thread.start()
    return Servers(f"http://{host}:{port}/", f"http://{host}:{api_port}/{DATABASE}", httpd, api, tmp, log, [thread])


def _wait_for(host: str, port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ApiFailed(f"exited with status {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise ApiFailed(f"no answer on port {port} after {timeout:.0f} s")
