"""`gongshi serve` as an editor and a citizen meet it: 404 pages, conditional GETs, rebuilds and signals."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from gongshi import publicity, urls
from gongshi import serve as serving
from gongshi.build import PROJECT, BuildConfig, build
from gongshi.load import load

DEMO = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("serve") / "datasets"
    shutil.copytree(DEMO, copy)
    return copy


@pytest.fixture(scope="module")
def output(datasets: Path) -> Path:
    out = datasets.parent / "publish"
    build(BuildConfig(datasets=datasets, output=out, as_of=AS_OF))
    return out


@pytest.fixture
def servers(output: Path):  # type: ignore[no-untyped-def]
    running = serving.start(output, port=_free_port(), api_port=_free_port(), watch_interval=0.2)
    yield running
    running.stop()


def expired_decision() -> tuple[str, str]:
    """(department slug, decision slug) of a decision past its publicity period on AS_OF."""
    for dept in load(DEMO, AS_OF).departments:
        for rec in dept.decisions:
            if not publicity.is_minor(rec) and not rec.get("withdrawal") and publicity.expiry(rec, AS_OF, sector=publicity.sectors(dept).get(str(rec["power_code"]))) < AS_OF:
                return dept.slug, publicity.doc_slug(rec["doc_no"])
    raise AssertionError("the demo has no expired decision")


def test_an_expired_decisions_old_address_says_why_it_is_gone(servers, output: Path) -> None:
    dept, slug = expired_decision()
    r = httpx.get(servers.site_url.rstrip("/") + quote(urls.decision(dept, slug)))
    assert r.status_code == 404
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    html = r.text
    assert '<html lang="zh-CN">' in html and "<h1>页面不存在" in html
    assert "执法决定已超过公示期限" in html and "行政处罚 36 个月" in html
    assert f'href="{urls.decisions(dept)}"' in html, "links to the department's decisions column"
    name = load(DEMO, AS_OF).department(dept).name
    assert f"<h2>{name}</h2>" in html
    assert html == (output / urls.file_path(urls.not_found(dept))).read_text(encoding="utf-8")


def test_an_address_outside_any_department_gets_the_sites_404(servers, output: Path) -> None:
    for path in ("/no-such-page/", "/no-such-file.html", "/%E4%B8%8D%E5%AD%98%E5%9C%A8/x/"):
        r = httpx.get(servers.site_url.rstrip("/") + path)
        assert r.status_code == 404, path
        assert r.text == (output / "404.html").read_text(encoding="utf-8"), path
    assert "各执法主体的执法决定" in r.text
    head = httpx.head(servers.site_url + "no-such-page/")
    assert head.status_code == 404 and head.content == b""


def test_conditional_gets_with_etag_and_last_modified(servers) -> None:
    for path in ("", "about/", "data/decisions.csv", "theme/css/site.css"):
        first = httpx.get(servers.site_url + path)
        assert first.status_code == 200, path
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert httpx.get(servers.site_url + path, headers={"If-None-Match": etag}).status_code == 304, path
        again = httpx.get(servers.site_url + path, headers={"If-None-Match": f'"other", {etag}'})
        assert again.status_code == 304 and again.headers["etag"] == etag
        assert httpx.get(servers.site_url + path, headers={"If-Modified-Since": modified}).status_code == 304, path
        assert httpx.get(servers.site_url + path, headers={"If-None-Match": '"stale"'}).status_code == 200, path


def _decisions_count(api_url: str) -> int:
    return httpx.get(api_url + "/decisions.json?_size=0").json()["filtered_table_rows_count"]


def _wait(condition, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except httpx.HTTPError:
            pass  # the API is being started again
        time.sleep(0.2)
    return False


def test_the_api_serves_a_rebuilt_database_without_a_restart(datasets: Path, output: Path) -> None:
    servers = serving.start(output, port=_free_port(), api_port=_free_port(), watch_interval=0.2)
    try:
        before = _decisions_count(servers.api_url)
        # a later day: more decisions have passed their publicity period
        later = date(2027, 6, 1)
        result = build(BuildConfig(datasets=datasets, output=output, as_of=later))
        published = result.publication.counts.published
        assert published != before
        assert _wait(lambda: _decisions_count(servers.api_url) == published), "the API still serves the old database"
        assert httpx.get(servers.site_url).status_code == 200
    finally:
        servers.stop()
        build(BuildConfig(datasets=datasets, output=output, as_of=AS_OF))  # as the other tests expect


def _children(pid: int) -> set[int]:
    """Every process under `pid`: its children (of any of its threads), theirs, and so on."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            kids = {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
        found |= kids
        for kid in kids:
            found |= _children(kid)
    return found


def _workers(pids: set[int]) -> set[int]:
    """Those of `pids` that are uvicorn's worker processes (started by multiprocessing's spawn)."""
    out = set()
    for pid in pids:
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.add(pid)
        except OSError:
            pass
    return out


def _api_processes(pid: int, workers: int = serving.WORKERS) -> set[int]:
    """The API's processes under `pid` (a server and its workers, one per core by default), once all have started.
    With one worker, uvicorn serves in the server's own process."""
    expected = workers if workers > 1 else 0
    assert _wait(lambda: _children(pid) and len(_workers(_children(pid))) == expected, 30), \
        f"not {expected} workers: {_children(pid)}"
    return _children(pid)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _started(*args: str, lines: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """`gongshi <args>` running, once it prints the API's address; (the process, that line). `lines` gets every
    line printed until then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gongshi.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = [] if lines is None else lines
    for line in process.stdout:  # type: ignore[union-attr]
        lines.append(line)
        if line.startswith("开放数据 API："):
            return process, line
    process.kill()
    process.wait()
    pytest.fail(f"gongshi {args[0]} did not start:\n" + "".join(lines))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGKILL], ids=lambda s: s.name)
def test_stopping_serve_by_any_signal_stops_the_api(datasets: Path, output: Path, signum: int) -> None:
    port, api_port = _free_port(), _free_port()
    process, _ = _started("serve", "--datasets", str(datasets), "--output", str(output), "--as-of", AS_OF.isoformat(),
                          "--port", str(port), "--api-port", str(api_port))
    try:
        api = _api_processes(process.pid)
        assert httpx.get(f"http://127.0.0.1:{api_port}/").status_code == 200
        process.send_signal(signum)
        process.wait(timeout=30)
        assert _wait(lambda: not any(_alive(pid) for pid in api), 30), "Datasette outlived gongshi serve"
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{api_port}/")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_gongshi_api_serves_the_published_database_alone_and_stops_with_it(output: Path) -> None:
    """Production: the API in the foreground, with the configuration `gongshi serve` gives it, and no site."""
    api_port = _free_port()
    process, line = _started("api", "--publish", str(output), "--port", str(api_port), "--workers", "3")
    try:
        assert line.strip() == f"开放数据 API：http://127.0.0.1:{api_port}/gongshi"
        settings = httpx.get(f"http://127.0.0.1:{api_port}/-/settings.json").json()
        assert {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in settings.items() if k in serving.SETTINGS} \
            == {k: {"on": "true", "off": "false"}.get(v, v) for k, v in serving.SETTINGS.items()}
        databases = httpx.get(f"http://127.0.0.1:{api_port}/-/databases.json").json()
        assert [(d["name"], d["is_mutable"]) for d in databases] == [("gongshi", False)]  # immutable, inspected
        rows = httpx.get(f"http://127.0.0.1:{api_port}/gongshi/decisions.json?_shape=array&_size=1").json()
        assert rows and rows[0]["doc_no"]
        api = _api_processes(process.pid, workers=3)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        assert _wait(lambda: not any(_alive(pid) for pid in api), 30), "Datasette outlived gongshi api"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_gongshi_api_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gongshi.cli import main

    result = CliRunner().invoke(main, ["api", "--publish", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "找不到开放数据库" in result.output and "请先运行 gongshi build" in result.output


def test_the_committed_caching_proxy_answers_a_repeated_request_itself(output: Path) -> None:
    """deploy/nginx-api-cache.conf as the README offers it: the second reader of a URL gets nginx's copy."""
    from benchmarks.bench_api import nginx_in_front

    api_port = _free_port()
    servers = serving.start(output, host="127.0.0.1", port=None, api_port=api_port)
    try:
        with nginx_in_front(api_port) as front:
            url = f"http://127.0.0.1:{front}/gongshi/decisions.json?_search={quote('罚款')}&_col=doc_no"
            first, second = httpx.get(url), httpx.get(url)
            assert first.status_code == second.status_code == 200
            assert (first.headers["x-cache-status"], second.headers["x-cache-status"]) == ("MISS", "HIT")
            assert second.content == first.content and first.json()["rows"]
            direct = httpx.get(f"http://127.0.0.1:{api_port}/gongshi/decisions.json?_search={quote('罚款')}&_col=doc_no")
            assert direct.json()["rows"] == first.json()["rows"]
    finally:
        servers.stop()


def test_gongshi_api_says_so_when_the_api_cannot_start(output: Path, tmp_path: Path) -> None:
    broken = tmp_path / "publish"
    shutil.copytree(output / "data", broken / "data")
    (broken / "data" / "datasette_metadata.json").write_text("{", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gongshi.cli", "api", "--publish", str(broken), "--port",
                           str(_free_port())], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "开放数据 API（Datasette）未能启动" in done.stderr + done.stdout and "JSONDecodeError" in done.stderr + done.stdout


def test_gongshi_api_warns_of_a_database_an_older_gongshi_built(output: Path, tmp_path: Path) -> None:
    """An upgrade without a rebuild still serves, but without the new indexes: say so, and what to do."""
    import sqlite3

    old = tmp_path / "publish"
    shutil.copytree(output / "data", old / "data")
    with sqlite3.connect(old / "data" / "gongshi.db") as conn:
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    seen: list[str] = []
    process, _ = _started("api", "--publish", str(old), "--port", str(_free_port()), "--workers", "1", lines=seen)
    try:
        assert any("由旧版 gongshi 生成（数据库版本 2" in line and "请重新运行 gongshi build" in line for line in seen), seen
    finally:
        process.terminate()
        process.wait(timeout=30)
