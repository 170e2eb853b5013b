"""The open-data API's server process: Datasette, as production runs it, in one or more workers on one port.

One Datasette process runs its Python on one core at a time: its SQL threads
share the interpreter with the event loop, and its query time limit calls back
into Python every 1,000 SQLite steps. Under the load of benchmarks/bench_api.py
it answered about 100 requests a second with 1.1 of two cores busy and the
rest of the machine idle. uvicorn's workers are separate processes accepting
on the same socket, so each core gets one; the database is immutable and
memory-mapped, so they share its pages in the OS cache rather than copying it.

`gongshi serve` and `gongshi api` start this module (gongshi.serve.api_command);
it is not meant to be run by hand. The configuration travels to the workers in
an environment variable, because uvicorn starts each worker afresh and builds
the application from an import string.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys

CONFIG = "GONGSHI_API_CONFIG"


def app():  # type: ignore[no-untyped-def] - an ASGI application; uvicorn calls this in each worker
    from datasette.app import Datasette

    if sys.platform.startswith("linux"):  # a worker ends with the process that started it, even on kill -9
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    config = json.loads(os.environ[CONFIG])
    with open(config["inspect_file"], encoding="utf-8") as f:
        inspect_data = json.load(f)
    with open(config["metadata"], encoding="utf-8") as f:
        metadata = json.load(f)
    ds = Datasette([], immutables=[config["database"]], inspect_data=inspect_data, metadata=metadata,
                   settings=config["settings"], cors=True, secret=config["secret"])
    return ds.app()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m gongshi.apiserver")
    ap.add_argument("--database", required=True)
    ap.add_argument("--inspect-file", required=True)
    ap.add_argument("--metadata", required=True)
    ap.add_argument("--settings", required=True, help="Datasette settings as JSON, typed as its constructor takes them")
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args(argv)
    # one secret for all workers: what one signs (a cookie, a CSRF token) another must accept
    os.environ[CONFIG] = json.dumps({"database": args.database, "inspect_file": args.inspect_file,
                                     "metadata": args.metadata, "settings": json.loads(args.settings),
                                     "secret": secrets.token_hex(32)})
    app()  # what would stop every worker (an unreadable metadata or inspect file) stops us here, before the port
    import uvicorn

    # access_log off: one log line per request cost about 2 % of the CPU under load; a proxy in front logs them
    uvicorn.run(f"{__name__}:app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level="warning", access_log=False, lifespan="on")


if __name__ == "__main__":
    main(sys.argv[1:])
