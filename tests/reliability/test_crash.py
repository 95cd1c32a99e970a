"""The server killed in the middle of an import (SIGKILL to gunicorn's master and workers, as a power cut)
leaves the database exactly as before the import; after a restart the same import is carried out in full,
once. The production settings and server on this run's engine (see server.py)."""

import re
import threading
import time

import pytest

from .server import Answer, Client, Installation, Server, selected_options

pytestmark = pytest.mark.django_db(transaction=True)  # the installation is not the test database

ROWS = 3_000


def _organisations_file() -> bytes:
    lines = ["Nom,Secteur,Mission"]
    lines += [f"Organisme de la panne {n:05d},Communautaire,Aide alimentaire du quartier {n}" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _previewed_import(client: Client) -> str:
    """Upload the file, accept the proposed columns, read the preview: the wizard's address."""
    started = client.post_multipart(
        "/importations/nouvelle/",
        {"kind": "organizations"},
        {"file": ("organismes.csv", _organisations_file())},
    )
    assert started.status == 302, started.text[:600]
    mapping_url = started.headers["location"]
    mapping = client.get(mapping_url)
    columns = {name: value for name, value in selected_options(mapping.text).items() if name.startswith("column_")}
    assert columns, mapping.text[:600]
    mapped = client.post_form(mapping_url, columns, token_from=mapping)
    assert mapped.status == 302, mapped.text[:600]
    preview_url = mapped.headers["location"].split("?")[0]
    preview = client.get(preview_url)
    assert preview.status == 200 and f"{ROWS}" in preview.text.replace("\u202f", "").replace(" ", ""), preview.text[
        :600
    ]
    return preview_url


def _writing(installation: Installation) -> bool:
    """Whether a transaction holding uncommitted writes is open in the database right now."""
    if installation.engine == "sqlite":
        with installation.connect() as connection:
            connection.execute("PRAGMA busy_timeout = 0")
            try:
                connection.execute("BEGIN IMMEDIATE")
            except Exception:
                return True
            connection.execute("ROLLBACK")
            return False
    return bool(
        installation.scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
            (installation.database,),
        )
    )


def test_a_server_killed_during_an_import_leaves_the_database_as_before(installation: Installation) -> None:
    server = Server(installation, workers=1, threads=4).start()  # one process: the progress is in its memory
    try:
        client = Client(server.port)
        client.sign_in("charge.web.0@exemple.test")
        preview_url = _previewed_import(client)
        before = installation.table_counts()
        token = preview_url.rstrip("/").split("/")[-2]
        progress_url = f"/importations/etapes/{token}/progression/"

        answers: list[Answer | BaseException] = []

        def commit() -> None:
            try:
                answers.append(client.post_form(preview_url, {"page": "1", "commit": "1"}))
            except BaseException as error:
                answers.append(error)

        worker = threading.Thread(target=commit)
        worker.start()
        written = 0
        seen: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not answers:
            progress = client.get(progress_url).text
            seen.append(progress[:600])
            match = re.search(r"Importation en cours : ([\d\s\u202f\xa0]+) changements", progress)
            done = int(re.sub(r"\D", "", match.group(1))) if match else 0
            if done >= 300:
                written = done
                break
            time.sleep(0.05)
        assert written, f"the import never reached its writing stage: {answers} {seen[-1:]}"
        assert _writing(installation), "no write transaction was open"
        server.kill()
        worker.join(timeout=30)
    finally:
        server.kill()

    assert answers and not isinstance(answers[0], Answer), f"the import finished before the kill: {answers}"
    # The records are written in batches: every change may be counted while the transaction, holding the undo
    # log and the run's end still to write, is open. That open transaction is what the kill interrupts.
    assert 300 <= written <= ROWS
    assert installation.table_counts() == before, "the killed import left rows behind"
    assert installation.scalar("SELECT status FROM interchange_importrun ORDER BY id DESC LIMIT 1") == "previewed"
    if installation.engine == "sqlite":
        assert installation.scalar("PRAGMA integrity_check") == "ok"

    # Restarted, the same wizard carries out the whole import, once.
    server = Server(installation, workers=1, threads=4).start()
    client.port = server.port
    try:
        again = client.post_form(preview_url, {"page": "1", "commit": "1"})
        assert again.status == 302, again.text[:600]
    finally:
        server.stop()
    count = installation.scalar(
        "SELECT COUNT(*) FROM actors_organization WHERE name LIKE %s", ("Organisme de la panne %",)
    )
    assert count == ROWS
    assert installation.scalar("SELECT status FROM interchange_importrun ORDER BY id DESC LIMIT 1") == "committed"
