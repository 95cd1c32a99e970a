"""Long work handed to the task queue, as in production: gunicorn answers, a separate `manage.py db_worker`
process carries out the jobs, and the person follows them on the job's page (arrimage.jobs). The page
cache is the database's, shared by gunicorn and the worker."""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
import time
from pathlib import Path

from .server import PYTHON, ROOT, Answer, Client, Installation, Server, import_organizations

WAIT_SECONDS = 120


class Worker:
    """`manage.py db_worker` for an installation, with its output in a log file."""

    def __init__(self, installation: Installation, log: Path) -> None:
        self.installation = installation
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        command = [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.installation.env, stdout=log, stderr=log)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def _finished(client: Client, job_url: str, worker: Worker) -> Answer:
    """The job's state, asked as the page's htmx does, once it is finished."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        answer = client.request("GET", job_url + "etat/", headers={"HX-Request": "true"})
        assert answer.status == 200, answer.status
        if "job-status--done" in answer.text or "job-status--failed" in answer.text:
            return answer
        time.sleep(0.3)
    raise AssertionError(f"the job was not finished within {WAIT_SECONDS} s:\n{worker.log.read_text()[-3000:]}")


def test_the_worker_draws_a_pdf_and_carries_out_an_import(installation: Installation, tmp_path: Path) -> None:
    queued = dataclasses.replace(
        installation,
        tasks="db",
        jobs_dir=str(tmp_path / "jobs"),
        progress_dir=str(tmp_path / "progress"),
        import_dir=str(tmp_path / "imports"),
        cache_url="db",  # the page cache shared by gunicorn and the worker
    )
    server = Server(queued, workers=1, threads=4).start()
    worker = Worker(queued, tmp_path / "worker.log").start()
    try:
        # A visitor asks for a PDF portrait: sent to the job's page, then given the file.
        visitor = Client(server.port)
        asked = visitor.get("/territoires/mrc:23/portrait.pdf")
        assert asked.status == 303, asked.text[:400]
        job_url = asked.headers["location"]
        assert job_url.startswith("/taches/")
        page = visitor.get(job_url)
        assert page.status == 200 and "Portrait de Québec (PDF)" in page.text
        state = _finished(visitor, job_url, worker)
        assert "job-status--done" in state.text, state.text
        file = visitor.get(job_url + "fichier/")
        assert file.status == 200 and file.headers["content-type"] == "application/pdf"
        assert file.body.startswith(b"%PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(file.body)
            pdf.flush()
            text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True).stdout
        assert "Portrait du territoire : Québec" in text
        assert Client(server.port).get(job_url).status == 404  # another visitor does not see it

        # A person imports organisations: the worker previews them, then writes them; the page then leads to
        # the import.
        editor = Client(server.port)
        editor.sign_in("charge.web.0@exemple.test")
        names = [f"Organisme importé par la file {n}" for n in range(3)]
        handed = import_organizations(editor, editor, names, wait=lambda job: _finished(editor, job, worker))
        assert handed.status == 302 and handed.headers["location"].startswith("/taches/"), handed.text[:600]
        state = _finished(editor, handed.headers["location"], worker)
        assert "job-status--done" in state.text, state.text
        assert state.headers["hx-redirect"].startswith("/importations/")
        count = queued.scalar("SELECT COUNT(*) FROM actors_organization WHERE name IN (%s, %s, %s)", tuple(names))
        assert count == len(names)
        assert editor.get(state.headers["hx-redirect"]).status == 200

        # The « Concertation » page of a région, not yet in the cache: made by the worker, then shown.
        asked = visitor.get("/territoires/region:12/concertation/")
        assert asked.status == 303 and asked.headers["location"].startswith("/taches/"), asked.status
        state = _finished(visitor, asked.headers["location"], worker)
        assert state.headers["hx-redirect"] == "/territoires/region:12/concertation/", state.text
        shown = visitor.get("/territoires/region:12/concertation/")
        assert shown.status == 200 and "Chaudière-Appalaches" in shown.text
        assert queued.scalar("SELECT COUNT(*) FROM jobs_job WHERE kind = %s", ("page",)) == 1
        assert "SUCCESSFUL" in worker.log.read_text()
    finally:
        worker.stop()
        server.stop()
