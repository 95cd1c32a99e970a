"""Several app servers behind nginx, as docs/operations.md « Several app servers » describes: two gunicorn
servers on two loopback ports share one PostgreSQL database, and nginx (Debian's, run as a plain process
with a configuration generated in a temporary folder around deploy/arrimage-proxy.conf, TLS with a
certificate made for the test) balances between them. Redis (Debian's `redis-server`, private port, no
persistence) is the shared cache in one variant and under the load.

- No server keeps anything another needs: a session opened through one works on the other, a CSRF token
  of one is accepted by the other, a write through one is seen at once by the other (including pages and
  analyses it had cached), the import wizard's steps may alternate between them (its files in a folder
  both use, `ARRIMAGE_IMPORT_DIR`), and failed sign-ins count across both until the account is locked
  out. Checked with both shared caches (`ARRIMAGE_CACHE_URL=db`, `redis://…`), each server reached
  directly, then through nginx, whose log shows both servers answering one signed-in visitor.
- Throughput rises with the second server: the same read/write mix through nginx with one upstream server
  then with two, each gunicorn with one worker (one core at most), in alternating short rounds so that the
  machine's other work weighs on both alike; no answer may be an error. Figures are written to
  var/reliability/scale-out.json.

PostgreSQL only (marker `postgresql_only`): SQLite is one file on one machine, so the SQLite run deselects
this module (see conftest.py) and CI's PostgreSQL run selects it.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .server import ROOT, Client, Installation, Server, connect, free_port, import_organizations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql_only]

PROXY_CONF = ROOT / "deploy" / "arrimage-proxy.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
HOST = "arrimage.example"

# The load: CLIENTS connections kept alive, each sending reads, and one write in WRITE_EVERY requests
# through the API (ten keys, well within their 60 writes a minute). ROUNDS alternate one and two servers.
CLIENTS = 8
WRITE_EVERY = 10
ROUNDS = int(os.environ.get("ARRIMAGE_SCALE_ROUNDS", "4"))
ROUND_SECONDS = float(os.environ.get("ARRIMAGE_SCALE_SECONDS", "2.5"))
THREADS = 4  # per gunicorn, with one worker: a server cannot use both cores alone
# Two servers must serve at least this many times the requests of one. Measured on the two-core machine
# with four rounds each: 1.23 to 1.30 while other test runs kept its load average between 5 and 10, 1.68
# when quieter (docs/reliability.md). Servers that serialised on something shared (a lock, a
# single-threaded proxy) would give about 1.0.
FLOOR = float(os.environ.get("ARRIMAGE_SCALE_FLOOR", "1.1"))


class Nginx:
    """nginx as a plain process: prefix, configuration, pid, logs and certificate in a temporary folder."""

    def __init__(self, upstreams: list[int]) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="arrimage-nginx-"))
        self.directory.chmod(0o755)  # its workers may run as nobody
        self.process: subprocess.Popen[bytes] | None = None
        self.upstreams = upstreams

    def configuration(self) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in self.upstreams)
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        d = self.directory
        return f"""
{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstreams '$status $upstream_addr $request';
    access_log {d}/access.log upstreams;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream arrimage {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{self.port} ssl;
        server_name {HOST};
        ssl_certificate {d}/cert.pem;
        ssl_certificate_key {d}/key.pem;
        location / {{
            proxy_pass http://arrimage;
            include {PROXY_CONF};
        }}
    }}
}}
"""

    def start(self) -> Nginx:
        if not Path(NGINX).exists():
            raise AssertionError("nginx is missing: scripts/system-packages.sh ci installs it")
        d = self.directory
        certificate = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        files = ["-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")]
        subprocess.run(["openssl", *certificate, *files], check=True, capture_output=True)
        (d / "nginx.conf").write_text(self.configuration())
        command = [NGINX, "-p", str(d), "-e", str(d / "error.log"), "-c", str(d / "nginx.conf")]
        test = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        assert test.returncode == 0, test.stderr
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port, self.process, lambda: self.log("error.log"))
        return self

    def log(self, name: str) -> str:
        path = self.directory / name
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


class Redis:
    """redis-server on a private loopback port, in memory only."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="arrimage-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        if not Path(REDIS).exists():
            raise AssertionError("redis-server is missing: scripts/system-packages.sh ci installs it")
        command = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port, self.process, lambda: (self.directory / "redis.log").read_text(errors="replace"))
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"stopped at start-up:\n{log()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise AssertionError(f"port {port} not open within 20 s:\n{log()}")


@contextlib.contextmanager
def running(*services: Any) -> Iterator[None]:
    """Start the services in order; stop them all, in reverse order, whatever happens."""
    started: list[Any] = []
    try:
        for service in services:  # app servers start together, the others one after the other
            started.append(service)  # stopped (its folder removed) even if its start fails
            if isinstance(service, Server):
                service.launch()
            else:
                service.start()
        for service in started:
            if isinstance(service, Server):
                service.ready()
        yield
    finally:
        for service in reversed(started):
            service.stop()


def _pair(a: Client, b: Client) -> tuple[Client, Client]:
    """Two clients, one per server, that are one browser: they share the cookie jar."""
    b.cookies = a.cookies
    return a, b


def _organisation_on_page(installation: Installation, page: str) -> tuple[int, str]:
    """An organisation whose name the page shows."""
    for pk, name in installation.rows("SELECT id, name FROM actors_organization ORDER BY id"):
        if html.escape(name) in page and len(name) > 12:
            return int(pk), str(name)
    raise AssertionError("no organisation named on the page")


ANALYSIS = "/territoires/mrc:31/concertation/"


def _import_across(installation: Installation, on_a: Client, on_b: Client) -> None:
    """Upload on A, columns on B, sent to A, preview on B, carried out by A."""
    names = [f"Organisme importé {installation.cache_url[:5] or 'mémoire'} {n}" for n in range(3)]
    done = import_organizations(on_a, on_b, names)
    assert done.status == 302, done.text[:600]
    count = installation.scalar("SELECT COUNT(*) FROM actors_organization WHERE name IN (%s, %s, %s)", tuple(names))
    assert count == len(names)


def _check_shared_state(installation: Installation, a: Server, b: Server) -> None:
    # A session opened through A is the same visitor on B.
    on_a, on_b = _pair(Client(a.port), Client(b.port))
    on_a.sign_in("charge.web.0@exemple.test")
    profile = on_b.get("/compte/")
    assert profile.status == 200 and "charge.web.0@exemple.test" in profile.text, profile.status

    # A CSRF token from A's form is accepted by B.
    form = on_a.get("/organismes/nouveau/")
    assert form.status == 200
    data = {"name": f"Organisme du formulaire de A {installation.cache_url[:5]}", "sector": "community"}
    created = on_b.post_form("/organismes/nouveau/", data, token_from=form)
    assert created.status == 302, created.text[:400]

    # The import wizard's steps may each reach either server: its files are in the folder they share.
    _import_across(installation, on_a, on_b)

    # A write through A is seen through B at once, even where B had cached pages and analyses.
    analysis = Client(b.port).get(ANALYSIS)
    assert analysis.status == 200
    pk, name = _organisation_on_page(installation, analysis.text)
    detail = Client(b.port).get(f"/organismes/{pk}/")
    assert detail.status == 200
    writer = Client(a.port, key=installation.keys[0])
    version = json.loads(writer.get(f"/api/v1/organizations/{pk}").body)["version"]
    renamed = f"{name} (renommé par A)"
    change = writer.post_json("PATCH", f"/api/v1/organizations/{pk}", {"version": version, "name": renamed})
    assert change.status == 200, change.text[:400]
    for path in (ANALYSIS, f"/organismes/{pk}/"):
        assert html.escape(renamed) in Client(b.port).get(path).text, path
    assert json.loads(Client(b.port, key=installation.keys[1]).get(f"/api/v1/organizations/{pk}").body)["name"] == (
        renamed
    )
    # …and a version conflict is detected across servers: B refuses the version A has replaced.
    stale = Client(b.port, key=installation.keys[1]).post_json(
        "PATCH", f"/api/v1/organizations/{pk}", {"version": version, "mission": "Trop tard."}
    )
    assert stale.status == 409, stale.status

    # Failed sign-ins count across both servers: five wrong passwords, alternately on A and B, lock the
    # account (ARRIMAGE_LOGIN_LOCKOUT_RATE = 5/15min); then even the right password is refused on either.
    email = "charge.web.9@exemple.test"
    for attempt in range(5):
        server = a if attempt % 2 else b
        answer = Client(server.port).post_form("/compte/connexion/", {"username": email, "password": "mauvais"})
        assert answer.status != 302
    for server in (a, b):
        locked = Client(server.port)
        with pytest.raises(AssertionError, match="sign-in of"):
            locked.sign_in(email)


def _check_through_nginx(installation: Installation, proxy: Nginx, ports: list[int]) -> None:
    """One signed-in visitor through nginx: every page answers, and both servers served it."""
    visitor = Client(proxy.port, tls=True)
    visitor.sign_in("charge.web.1@exemple.test")
    for _ in range(6):
        page = visitor.get("/compte/")
        assert page.status == 200 and "charge.web.1@exemple.test" in page.text, page.status
    form = visitor.get("/organismes/nouveau/")
    created = visitor.post_form(
        "/organismes/nouveau/", {"name": "Organisme par nginx", "sector": "community"}, token_from=form
    )
    assert created.status == 302, created.text[:400]
    # Plain HTTP through a TLS proxy would be redirected; the secure cookies and HSTS come through.
    assert "strict-transport-security" in page.headers
    served = re.findall(r"^200 127\.0\.0\.1:(\d+) GET /compte/ ", proxy.log("access.log"), re.M)
    assert {int(port) for port in served} == set(ports), served


# Both shared caches. Unset (each process's memory) is one server's setting; the analysis results, kept in
# each process's memory whatever the setting, show that what a process keeps by data version stays right.
@pytest.mark.parametrize("cache", ["db", "redis"])
def test_two_servers_share_sessions_writes_and_limits(installation: Installation, cache: str, tmp_path: Path) -> None:
    shared = tmp_path / "imports"
    redis = Redis() if cache == "redis" else None
    with running(*([redis] if redis else [])):
        installation.cache_url = redis.url if redis else cache
        installation.import_dir = str(shared)  # as a folder every app server mounts
        a, b = Server(installation, workers=1, threads=THREADS), Server(installation, workers=1, threads=THREADS)
        proxy = Nginx([a.port, b.port])
        with running(a, b, proxy):
            _check_shared_state(installation, a, b)
            _check_through_nginx(installation, proxy, [a.port, b.port])


# The load ---------------------------------------------------------------------------------------------


def _paths(installation: Installation) -> list[str]:
    concertation = installation.scalar("SELECT MIN(id) FROM concertation_concertation")
    organisations = [row[0] for row in installation.rows("SELECT id FROM actors_organization ORDER BY id LIMIT 5")]
    return [
        "/concertations/",
        f"/concertations/{concertation}/",
        *[f"/organismes/{pk}/" for pk in organisations],
        "/organismes/?q=cdc",
        "/api/v1/organizations?q=beauport",
        f"/api/v1/concertations/{concertation}",
        "/territoires/mrc:31/",
    ]


class Load:
    """CLIENTS keep-alive connections to one proxy for a while: reads, and API writes now and then."""

    def __init__(self, installation: Installation, paths: list[str]) -> None:
        self.keys = installation.keys
        self.paths = paths
        self.lock = threading.Lock()
        self.sequence = 0

    def run(self, port: int, seconds: float) -> tuple[int, int, list[str]]:
        """Requests answered as expected, writes among them, and the unexpected answers."""
        counts = {"ok": 0, "writes": 0}
        errors: list[str] = []
        deadline = time.monotonic() + seconds

        def client(number: int) -> None:
            connection = connect(port, tls=True, timeout=60)
            step = number
            try:
                while time.monotonic() < deadline:
                    step += 1
                    headers = {"Host": HOST}
                    if step % WRITE_EVERY == 0:
                        with self.lock:
                            self.sequence += 1
                            name = f"Charge répartie {self.sequence}"
                        body = json.dumps({"name": name, "sector": "community"}).encode()
                        headers |= {"Authorization": f"Bearer {self.keys[number % len(self.keys)]}"}
                        headers |= {"Content-Type": "application/json"}
                        connection.request("POST", "/api/v1/organizations", body=body, headers=headers)
                        expected, kind = 201, "writes"
                    else:
                        path = self.paths[step % len(self.paths)]
                        connection.request("GET", path, headers=headers)
                        expected, kind = 200, "ok"
                    response = connection.getresponse()
                    content = response.read()
                    with self.lock:
                        if response.status == expected:
                            counts["ok"] += 1
                            counts["writes"] += kind == "writes"
                        else:
                            errors.append(f"{response.status}: {content[:200]!r}")
            except Exception as error:
                with self.lock:
                    errors.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        return counts["ok"], counts["writes"], errors


def _cpu(server: Server) -> float:
    """CPU seconds used so far by a gunicorn server: its master and workers (one process group)."""
    assert server.process is not None
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == server.process.pid:  # the process group
                total += int(fields[11]) + int(fields[12])  # user and system time, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def test_throughput_rises_with_the_second_server(
    installation: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    redis = Redis()
    installation.cache_url = redis.url
    a, b = Server(installation, workers=1, threads=THREADS), Server(installation, workers=1, threads=THREADS)
    one, two = Nginx([a.port]), Nginx([a.port, b.port])
    with running(redis, a, b, one, two):
        load = Load(installation, _paths(installation))
        ok, _writes, errors = load.run(two.port, 2.0)  # every path answers; both servers warmed alike
        assert ok and not errors, errors[:5]
        rounds: list[dict[str, Any]] = []
        cpu = {"load generator": time.process_time(), "server A": _cpu(a), "server B": _cpu(b)}
        for _ in range(ROUNDS):
            for servers, proxy in ((1, one), (2, two)):
                ok, writes, errors = load.run(proxy.port, ROUND_SECONDS)
                assert not errors, errors[:5]
                rounds.append({"servers": servers, "requests": ok, "writes": writes, "seconds": ROUND_SECONDS})
        used = {"load generator": time.process_time(), "server A": _cpu(a), "server B": _cpu(b)}
    single = sum(r["requests"] for r in rounds if r["servers"] == 1) / (ROUNDS * ROUND_SECONDS)
    double = sum(r["requests"] for r in rounds if r["servers"] == 2) / (ROUNDS * ROUND_SECONDS)
    figures = {
        "cache": "redis",
        "clients": CLIENTS,
        "gunicorn": {"workers": 1, "threads": THREADS},
        "writes_share": round(1 / WRITE_EVERY, 2),
        "cpus": os.cpu_count(),
        "rounds": rounds,
        "requests_per_second": {"1": round(single, 1), "2": round(double, 1)},
        "ratio": round(double / single, 2) if single else None,
        "floor": FLOOR,
        "cpu_seconds": {name: round(used[name] - cpu[name], 1) for name in cpu},
        "load_average": os.getloadavg()[0],
        "test_seconds": round(time.monotonic() - started, 1),
    }
    output = ROOT / "var" / "reliability" / "scale-out.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(figures, indent=2) + "\n")
    with capsys.disabled():
        sys.stdout.write(f"\nScale-out: {json.dumps(figures['requests_per_second'])}, ratio {figures['ratio']}\n")
    assert all(r["writes"] > 0 for r in rounds), rounds
    assert single > 0 and double / single >= FLOOR, figures
