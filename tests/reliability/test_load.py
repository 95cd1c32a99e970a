"""Load: 20 writers and 50 readers at once for 60 seconds (`ARRIMAGE_LOAD_SECONDS`) against the production
server on this run's engine — SQLite in WAL mode with immediate transactions, or PostgreSQL — on loopback.

- Readers walk the public pages and the API's lists: every answer must be a 200.
- Ten writers use the web forms (sign in once, then create organisations, each POST with its CSRF token).
- Ten writers use the API with their own keys, within its write limit: they create organisations and
  change a few shared ones with the version they read (a 409 tells that another writer got there first:
  it is the optimistic lock working, not an error).
Then the database is counted: every acknowledged creation is there exactly once, no refused one is there,
each shared organisation's version moved by exactly the number of acknowledged changes, and the history
holds one entry per acknowledged write. Figures (requests, errors, p50, p95, throughput) are printed and
written to var/reliability/load-<engine>.json.
"""

import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest

from .conftest import API_WRITERS, WEB_WRITERS
from .server import ROOT, Answer, Client, Installation, Server

pytestmark = pytest.mark.django_db(transaction=True)  # the installation is not the test database

READERS = 50
SECONDS = float(os.environ.get("ARRIMAGE_LOAD_SECONDS", "60"))
API_WRITE_INTERVAL = 1.1  # seconds: the API allows 60 writes per minute per user
SHARED = 4  # organisations the API writers all change
ORGANISATIONS = "/api/v1/organizations"
NEW_FORM = "/organismes/nouveau/"
ORGANISATIONS = "/api/v1/organizations"
VERSION = "SELECT version FROM actors_organization WHERE id = %s"


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer
    seconds: float
    detail: str = ""


@dataclass
class Tally:
    records: list[Record] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)  # name → organisation id, from the answers
    changes: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # shared id → acknowledged
    lock = threading.Lock()

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


def _timed(tally: Tally, kind: str, expected: set[int], call: Any) -> Answer | None:
    started = time.perf_counter()
    try:
        answer: Answer = call()
    except Exception as error:
        tally.add(Record(kind, 0, time.perf_counter() - started, repr(error)))
        return None
    detail = "" if answer.status in expected else answer.text[:300]
    tally.add(Record(kind, answer.status, answer.seconds, detail))
    return answer


def _reader(port: int, paths: list[str], deadline: float, tally: Tally, seed: int) -> None:
    client = Client(port)
    chooser = random.Random(seed)
    while time.monotonic() < deadline:
        path = chooser.choice(paths)
        kind = "read API" if path.startswith("/api/") else "read page"
        _timed(tally, kind, {200}, lambda path=path: client.get(path))


def _web_writer(port: int, number: int, deadline: float, tally: Tally) -> None:
    client = Client(port)
    client.sign_in(f"charge.web.{number}@exemple.test")
    sequence = 0
    while time.monotonic() < deadline:
        name = f"Charge web {number}-{sequence}"
        sequence += 1
        form = _timed(tally, "web form", {200}, lambda: client.get(NEW_FORM))
        if form is None or form.status != 200:
            continue
        data = {"name": name, "sector": "community", "mission": "Créé par l’essai de charge."}
        answer = _timed(
            tally, "web create", {302}, lambda data=data, form=form: client.post_form(NEW_FORM, data, token_from=form)
        )
        if answer is not None and answer.status == 302:
            match = re.search(r"/organismes/(\d+)/", answer.headers.get("location", ""))
            assert match, answer.headers
            with tally.lock:
                tally.created[name] = int(match.group(1))


def _api_writer(port: int, key: str, number: int, shared: list[int], deadline: float, tally: Tally) -> None:
    client = Client(port, key=key)
    chooser = random.Random(number)
    sequence = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        sequence += 1
        if sequence % 3:
            name = f"Charge API {number}-{sequence}"
            payload = {"name": name, "sector": "community"}
            answer = _timed(
                tally, "API create", {201}, lambda payload=payload: client.post_json("POST", ORGANISATIONS, payload)
            )
            if answer is not None and answer.status == 201:
                with tally.lock:
                    tally.created[name] = int(json.loads(answer.body)["id"])
        else:
            pk = chooser.choice(shared)
            read = _timed(tally, "read API", {200}, lambda pk=pk: client.get(f"/api/v1/organizations/{pk}"))
            if read is None or read.status != 200:
                continue
            change = {"version": json.loads(read.body)["version"], "mission": f"Changé par {number}-{sequence}."}
            answer = _timed(
                tally,
                "API change",
                {200, 409},
                lambda pk=pk, change=change: client.post_json("PATCH", f"{ORGANISATIONS}/{pk}", change),
            )
            if answer is not None and answer.status == 200:
                with tally.lock:
                    tally.changes[pk] += 1
        time.sleep(max(0.0, API_WRITE_INTERVAL - (time.monotonic() - started)))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _figures(tally: Tally, seconds: float, engine: str) -> dict[str, Any]:
    kinds: dict[str, list[Record]] = defaultdict(list)
    for record in tally.records:
        kinds[record.kind].append(record)
    rows = {}
    for kind, records in sorted(kinds.items()):
        times = [record.seconds * 1000 for record in records]
        rows[kind] = {
            "requests": len(records),
            "statuses": dict(sorted(_count(record.status for record in records).items())),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
        }
    every = [record.seconds * 1000 for record in tally.records]
    return {
        "engine": engine,
        "seconds": round(seconds, 1),
        "readers": READERS,
        "writers": API_WRITERS + WEB_WRITERS,
        "requests": len(tally.records),
        "requests_per_second": round(len(tally.records) / seconds, 1),
        "errors": sum(1 for record in tally.records if record.detail or record.status == 0),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
        "kinds": rows,
    }


def _count(values: Any) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


def _reader_paths(installation: Installation) -> list[str]:
    concertation = installation.scalar(
        "SELECT id FROM concertation_concertation WHERE name = %s", ("Table de développement local de Beauport",)
    )
    organisation = installation.scalar("SELECT MIN(id) FROM actors_organization")
    plan = installation.scalar("SELECT MIN(id) FROM plans_plan")
    return [
        "/",
        "/territoires/mrc:31/",
        "/territoires/municipality:31056/",
        "/territoires/mrc:31/concertation/",
        "/territoires/recherche/?q=beauport",
        "/concertations/",
        f"/concertations/{concertation}/",
        "/organismes/?q=cdc",
        f"/organismes/{organisation}/",
        "/plans/",
        f"/plans/{plan}/",
        "/api/v1/organizations?q=beauport",
        "/api/v1/concertations?territory=region:03",
        f"/api/v1/concertations/{concertation}",
        "/api/v1/territories/mrc:31",
    ]


def test_twenty_writers_and_fifty_readers_lose_nothing_and_get_no_error(
    installation: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _reader_paths(installation)
    shared = [row[0] for row in installation.rows("SELECT id FROM actors_organization ORDER BY id LIMIT %s", (SHARED,))]
    versions = {
        pk: installation.scalar("SELECT version FROM actors_organization WHERE id = %s", (pk,)) for pk in shared
    }
    history_before = installation.scalar("SELECT COUNT(*) FROM actors_historicalorganization")
    server = Server(installation, workers=3, threads=8).start()
    tally = Tally()
    try:
        for path in paths:  # every page answers before the load starts
            assert Client(server.port).get(path).status == 200, path
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(target=_reader, args=(server.port, paths, deadline, tally, n)) for n in range(READERS)
        ]
        threads += [
            threading.Thread(target=_web_writer, args=(server.port, n, deadline, tally)) for n in range(WEB_WRITERS)
        ]
        threads += [
            threading.Thread(target=_api_writer, args=(server.port, key, n, shared, deadline, tally))
            for n, key in enumerate(installation.keys)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 180)
        elapsed = time.monotonic() - started
        assert not any(thread.is_alive() for thread in threads), "a client hung"
    finally:
        server.stop()
    log = server.log_text()

    figures = _figures(tally, elapsed, installation.engine)
    output = ROOT / "var" / "reliability" / f"load-{installation.engine}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(figures, indent=2) + "\n")
    with capsys.disabled():
        sys.stdout.write(f"\nLoad on {installation.engine}: {json.dumps(figures)}\n")

    errors = [record for record in tally.records if record.detail or record.status == 0]
    assert not errors, f"{len(errors)} errors, first: {errors[:3]}\n{log}"
    assert "database is locked" not in log, log
    writes = _count(record.kind for record in tally.records)
    assert writes["web create"] >= WEB_WRITERS and writes["API create"] >= API_WRITERS, dict(writes)

    # Every acknowledged creation is there, once; nothing else was created.
    rows = installation.rows("SELECT name, id FROM actors_organization WHERE name LIKE %s", ("Charge %",))
    assert len(rows) == len({name for name, _ in rows}), "a creation was written twice"
    assert dict(rows) == tally.created, "an acknowledged creation is missing or an unacknowledged one is there"
    # Each acknowledged change moved its organisation's version by one: none lost, none doubled.
    for pk in shared:
        version = installation.scalar(VERSION, (pk,))
        assert version - versions[pk] == tally.changes[pk], f"organisation {pk}"
    # One history entry per acknowledged write.
    history = installation.scalar("SELECT COUNT(*) FROM actors_historicalorganization") - history_before
    assert history == len(tally.created) + sum(tally.changes.values())
    assert sum(tally.changes.values()) > 0
