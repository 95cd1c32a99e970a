"""Arrimage run as in production — the production settings, gunicorn, collected static files — on a
database of its own, for the load and crash tests.

The engine is the test run's: under `config.settings.test` the installation is one SQLite file (WAL journal,
immediate transactions, as `ARRIMAGE_DB_ENGINE=sqlite` configures it in production); under
`config.settings.test_postgres` it is a PostgreSQL database on the same server. An installation is prepared
once per test session (migrations, reference territories, demonstration data, accounts for the load) and
each test gets a fresh copy: a copied file, or a database created from the prepared one as template.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPResponse, HTTPSConnection
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from arrimage.core.backup.databases import pg_connect
from tests.postgres import drop_database

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "arrimage.example"
PASSWORD = "charge-de-test-2026"
TEMPLATE_DATABASE = "arrimage_reliability_template"

# Accounts the load and crash tests act as, made by `prepare`: administrators, so that every form is theirs.
SETUP = """
import json
from arrimage.accounts.models import User
from arrimage.accounts.services import api_token_create
keys = []
for kind, count in (("api", {api}), ("web", {web})):
    for n in range(count):
        user = User.objects.create_superuser(email=f"charge.{{kind}}.{{n}}@exemple.test", password="{password}")
        if kind == "api":
            keys.append(api_token_create(user=user, name="Charge", acting_user=user)[1])
print(json.dumps(keys))
"""


def engine() -> str:
    """The engine of this test run: "sqlite" or "postgresql"."""
    return "postgresql" if "postgresql" in str(settings.DATABASES["default"]["ENGINE"]) else "sqlite"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Installation:
    """One Arrimage installation: its environment for manage.py and gunicorn, and direct database access."""

    engine: str
    database: str  # a file path (SQLite) or a database name (PostgreSQL)
    keys: list[str] = field(default_factory=list)
    secret_key: str = field(default_factory=lambda: "reliability-" + secrets.token_urlsafe(40))
    cache_url: str = ""  # ARRIMAGE_CACHE_URL: "" (memory of each process), "db" or "redis://…"
    import_dir: str = ""  # ARRIMAGE_IMPORT_DIR: "" for var/imports/
    tasks: str = ""  # ARRIMAGE_TASKS: "" (long work done in the request) or "db" (a db_worker does it)
    jobs_dir: str = ""  # ARRIMAGE_JOBS_DIR and ARRIMAGE_PROGRESS_DIR: "" for var/jobs/ and var/progress/
    progress_dir: str = ""

    @property
    def env(self) -> dict[str, str]:
        values = {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "ARRIMAGE_SECRET_KEY": self.secret_key,
            "ARRIMAGE_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "ARRIMAGE_EMAIL_HOST": "localhost",
            "ARRIMAGE_DB_NAME": self.database,
            "ARRIMAGE_CACHE_URL": self.cache_url,
            "ARRIMAGE_IMPORT_DIR": self.import_dir,
            "ARRIMAGE_TASKS": self.tasks,
            "ARRIMAGE_JOBS_DIR": self.jobs_dir,
            "ARRIMAGE_PROGRESS_DIR": self.progress_dir,
        }
        if self.engine == "sqlite":
            values["ARRIMAGE_DB_ENGINE"] = "sqlite"
        else:
            db = settings.DATABASES["default"]
            values |= {
                "ARRIMAGE_DB_USER": str(db["USER"]),
                "ARRIMAGE_DB_PASSWORD": str(db["PASSWORD"]),
                "ARRIMAGE_DB_HOST": str(db["HOST"]),
                "ARRIMAGE_DB_PORT": str(db["PORT"]),
            }
        return {**os.environ, **values}

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        if self.engine == "sqlite":
            connection: Any = sqlite3.connect(self.database, timeout=30)
        else:
            connection = _postgres(self.database)
        try:
            yield connection
        finally:
            connection.close()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            sql = sql.replace("%s", "?")
        with self.connect() as connection:
            cursor = connection.cursor()
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.rows(sql, params)[0][0]

    def table_counts(self) -> dict[str, int]:
        """Rows in every table of the installation."""
        if self.engine == "sqlite":
            names = [row[0] for row in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
        else:
            names = [row[0] for row in self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {name: int(self.scalar(f'SELECT COUNT(*) FROM "{name}"')) for name in sorted(names)}

    def copy(self, name: str) -> Installation:
        """A new installation holding the same data."""
        if self.engine == "sqlite":
            target = str(Path(self.database).with_name(f"{name}.sqlite3"))
            with sqlite3.connect(self.database) as source, sqlite3.connect(target) as copy:
                source.backup(copy)
            return Installation("sqlite", target, list(self.keys))
        _create_database(name, template=self.database)
        return Installation("postgresql", name, list(self.keys))

    def drop(self) -> None:
        if self.engine == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(self.database + suffix).unlink(missing_ok=True)
        else:
            _drop_database(self.database)


def _postgres(name: str) -> Any:
    connection = pg_connect({**settings.DATABASES["default"], "NAME": name})
    connection.autocommit = True
    return connection


def _drop_database(name: str) -> None:
    with contextlib.closing(_postgres("postgres")) as admin:
        drop_database(admin, name)


def _create_database(name: str, *, template: str | None = None) -> None:
    _drop_database(name)
    with contextlib.closing(_postgres("postgres")) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def prepare(directory: Path, *, api_users: int, web_users: int) -> Installation:
    """A migrated installation with the reference territories, the demonstration data, collected static
    files and the load's accounts (their API keys in `keys`)."""
    if engine() == "sqlite":
        installation = Installation("sqlite", str(directory / "template.sqlite3"))
    else:
        _create_database(TEMPLATE_DATABASE)
        installation = Installation("postgresql", TEMPLATE_DATABASE)
    installation.manage("migrate", "--no-input", "-v", "0")
    dataclasses.replace(installation, cache_url="db").manage("createcachetable")  # every cache table
    installation.manage("load_territories")
    installation.manage("load_demo")
    installation.manage("collectstatic", "--no-input", "-v", "0")
    script = SETUP.format(api=api_users, web=web_users, password=PASSWORD)
    installation.keys = json.loads(installation.manage("shell", "-c", script).strip().splitlines()[-1])
    return installation


class Server:
    """gunicorn serving an installation on a free loopback port, in a process group of its own so that
    `kill()` takes down the master and its workers at once, as a power cut would."""

    def __init__(self, installation: Installation, *, workers: int = 2, threads: int = 8) -> None:
        self.installation = installation
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.log = Path(tempfile.gettempdir()) / f"arrimage-reliability-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        return self.launch().ready()

    def launch(self) -> Server:
        """Start gunicorn without waiting for it (`ready` waits): several servers then start together."""
        command = [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--worker-class=gthread",
            "--timeout=120",
            "--graceful-timeout=5",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.installation.env, stdout=log, stderr=log, start_new_session=True
            )
        return self

    def ready(self) -> Server:
        """Wait until the server answers (60 s at most)."""
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped at start-up:\n{self.log_text()}")
            with contextlib.suppress(OSError):
                if Client(self.port).get("/compte/connexion/").status == 200:
                    return self
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within 60 s:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the whole process group: no worker finishes its request, nothing is cleaned up."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """A browser's essentials over plain HTTP, as a TLS proxy would forward them: one new connection per
    request (so that a refused request is never ambiguous), cookies kept by hand (production cookies are
    `Secure`), the CSRF token read from forms. With `tls`, it speaks HTTPS to a TLS proxy instead (its
    certificate is not checked: it is made for the test)."""

    def __init__(self, port: int, *, key: str | None = None, tls: bool = False) -> None:
        self.port = port
        self.key = key
        self.tls = tls
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.key:
            sent["Authorization"] = f"Bearer {self.key}"
        if method == "POST" and "Referer" not in sent:
            sent["Referer"] = f"https://{HOST}{path}"
        connection = connect(self.port, tls=self.tls)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response: HTTPResponse = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, content, seconds)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict[str, str], *, token_from: Answer | None = None) -> Answer:
        """POST a form, with the CSRF token of the page it came from."""
        page = token_from or self.get(path)
        fields = {"csrfmiddlewaretoken": csrf_token(page.text), **data}
        body = urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes]]) -> Answer:
        page = self.get(path)
        boundary = "arrimage" + secrets.token_hex(8)
        parts: list[bytes] = []
        for name, value in {"csrfmiddlewaretoken": csrf_token(page.text), **data}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, b"".join(parts), headers)

    def post_json(self, method: str, path: str, data: dict[str, Any]) -> Answer:
        return self.request(method, path, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def sign_in(self, email: str) -> None:
        answer = self.post_form("/compte/connexion/", {"username": email, "password": PASSWORD})
        if answer.status != 302:
            raise AssertionError(f"sign-in of {email} answered {answer.status}: {answer.text[:400]}")


def connect(port: int, *, tls: bool = False, timeout: float = 120) -> HTTPConnection:
    """A connection to a loopback port; with `tls`, HTTPS whose certificate is not checked."""
    if tls:
        return HTTPSConnection("127.0.0.1", port, timeout=timeout, context=ssl._create_unverified_context())
    return HTTPConnection("127.0.0.1", port, timeout=timeout)


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise AssertionError(f"no CSRF token in the page: {page[:400]}")
    return html.unescape(match.group(1))


def import_organizations(
    upload: Client, other: Client, names: list[str], *, wait: Callable[[str], Answer] | None = None
) -> Answer:
    """Import these organisations through the wizard, as one browser reaching two servers: upload on
    `upload`, columns shown on `other` and sent to `upload`, preview on `other`, carried out on `upload`
    (give the same client twice for one server). With a task queue, the preview is made by its worker:
    `wait(job_url)` waits for it and answers the job's last state. The answer of the last step."""
    content = "Nom,Secteur\n" + "".join(f"{name},Communautaire\n" for name in names)
    started = upload.post_multipart(
        "/importations/nouvelle/", {"kind": "organizations"}, {"file": ("organismes.csv", content.encode())}
    )
    assert started.status == 302, started.text[:600]
    mapping_url = started.headers["location"]
    mapping = other.get(mapping_url)
    assert mapping.status == 200, mapping.status
    columns = {name: value for name, value in selected_options(mapping.text).items() if name.startswith("column_")}
    mapped = upload.post_form(mapping_url, columns, token_from=mapping)
    assert mapped.status == 302, mapped.text[:600]
    location = mapped.headers["location"]
    if location.startswith("/taches/"):  # the preview was handed to the task queue's worker
        assert wait is not None, location
        location = wait(location).headers["hx-redirect"]
    preview_url = location.split("?")[0]
    preview = other.get(preview_url)
    assert preview.status == 200 and html.escape(names[0]) in preview.text, preview.text[:600]
    return upload.post_form(preview_url, {"page": "1", "commit": "1"}, token_from=preview)


def selected_options(page: str) -> dict[str, str]:
    """The value each <select> of a page proposes (its selected option)."""
    chosen: dict[str, str] = {}
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        option = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        chosen[match.group(1)] = html.unescape(option.group(1)) if option else ""
    return chosen


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
