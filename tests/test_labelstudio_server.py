"""A round trip through a real Label Studio server.

Once per test session the fixture installs ``label-studio`` from PyPI into its own virtual
environment (``.cache/labelstudio-venv/``, reused while its pin matches: the server pins its
own Django stack, so it stays out of ``.venv``), starts it on a free loopback port with a
temporary data directory, and stops it by its process id. The test creates a project from
every config in ``annotation/``, imports tasks made from the corpus with the gold as
predictions, posts each prediction as the annotation, exports the project as JSON, imports
the export with ``dateline labelstudio import`` and compares the files with the corpus.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dateline import labelstudio as ls
from dateline.corpus import load_corpus

from conftest import CORPUS, ROOT

LABEL_STUDIO = "label-studio==1.23.2"
VENV = ROOT / ".cache" / "labelstudio-venv"
STARTUP_S = 300
USER = "annotator@dateline.test"
CHROMIUM = Path(os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium"))


def _label_studio_binary() -> Path:
    """The ``label-studio`` command of the harness venv, installed if needed; skips when it cannot be."""
    binary, marker = VENV / "bin" / "label-studio", VENV / ".dateline-pin"
    if binary.is_file() and marker.is_file() and marker.read_text().strip() == LABEL_STUDIO:
        return binary
    steps = [[sys.executable, "-m", "venv", "--clear", str(VENV)],
             [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              LABEL_STUDIO]]
    for cmd in steps:
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        except (OSError, subprocess.TimeoutExpired) as err:
            pytest.skip(f"cannot install {LABEL_STUDIO} into {VENV}: {err}")
        if run.returncode != 0:
            tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            pytest.skip(f"cannot install {LABEL_STUDIO} from PyPI into {VENV} (no network?): {' | '.join(tail)}")
    marker.write_text(LABEL_STUDIO + "\n")
    return binary


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200 and json.loads(r.read()).get("status") == "UP"
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    sdk = pytest.importorskip("label_studio_sdk", reason="label-studio-sdk (a test dependency) drives the server")
    binary = _label_studio_binary()
    data_dir = tmp_path_factory.mktemp("label-studio-data")
    port, token, password = _free_port(), secrets.token_hex(20), secrets.token_hex(12)
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ,
           "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
           # Legacy API tokens are off in 1.23 unless enabled when the organisation is first created.
           "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
           # Nothing from the internet at run time: no version check against PyPI, no analytics.
           "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false", "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": ""}
    log = open(data_dir / "server.log", "w")
    # --internal-host is the address the server binds; --host only names its public URL.
    proc = subprocess.Popen(
        [str(binary), "start", "--no-browser", "--internal-host", "127.0.0.1", "--host", url, "--port", str(port),
         "--username", USER, "--password", password, "--user-token", token,
         "--enable-legacy-api-token"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=data_dir)
    started = time.monotonic()
    try:
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() - started > STARTUP_S:
                log.flush()
                tail = (data_dir / "server.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"Label Studio did not come up on {url} (exit {proc.poll()}):\n{tail}")
            time.sleep(1)
        client = sdk.LabelStudio(base_url=url, api_key=token)
        yield {"client": client, "url": url, "password": password, "startup_s": time.monotonic() - started,
               "log": data_dir / "server.log"}
    finally:
        proc.terminate()  # by its process id, never by name
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()


def _export(client, project_id: int) -> bytes:
    return b"".join(client.projects.exports.download_sync(project_id, export_type="JSON"))


def test_server_listens_on_loopback_only(label_studio):
    port = int(label_studio["url"].rsplit(":", 1)[1])
    out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("ss is not available to list listening sockets")
    addresses = {line.split()[3].rsplit(":", 1)[0] for line in out.stdout.splitlines() if line.strip()}
    assert addresses == {"127.0.0.1"}, out.stdout


def test_round_trip_through_label_studio(label_studio, tmp_path):
    client = label_studio["client"]
    records = load_corpus(CORPUS)
    by_id = {r["id"]: r for r in records}
    for name, xml in ls.configs().items():
        project = client.projects.create(title=f"dateline {name}", label_config=xml)
        tasks = ls.records_to_tasks(records)
        imported = client.projects.import_tasks(id=project.id, request=tasks, return_task_ids=True)
        assert imported.task_count == len(records) and imported.prediction_count == len(records)
        server_tasks = list(client.tasks.list(project=project.id))
        assert len(server_tasks) == len(records)
        for task in server_tasks:
            # The annotator accepts the pre-annotation as it is.
            client.annotations.create(id=task.id, result=ls.record_to_result(by_id[task.data["doc_id"]]),
                                      was_cancelled=False)
        raw = _export(client, project.id)
        (tmp_path / "export.json").write_bytes(raw)
        exported = json.loads(raw)
        assert all(isinstance(p, int) for t in exported for p in t["predictions"])  # the quick export: ids only
        run = subprocess.run([sys.executable, "-m", "dateline.cli", "labelstudio", "import",
                              str(tmp_path / "export.json"), "--out", str(tmp_path / "out")],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        for record in records:
            path = tmp_path / "out" / f"{record['id']}.json"
            assert json.loads(path.read_text(encoding="utf-8")) == record
            assert path.read_text(encoding="utf-8") == (CORPUS / "documents" / path.name).read_text(encoding="utf-8")


def test_server_rejects_an_invalid_config(label_studio):
    from label_studio_sdk.core.api_error import ApiError

    bad = ls.labeling_config().replace('toName="text" showInline="true"', 'toName="txt" showInline="true"', 1)
    with pytest.raises(ApiError) as err:
        label_studio["client"].projects.create(title="broken", label_config=bad)
    assert err.value.status_code == 400


def test_server_keeps_results_the_config_does_not_allow_and_our_import_rejects_them(label_studio, tmp_path):
    client = label_studio["client"]
    record = load_corpus(CORPUS)[0]
    project = client.projects.create(title="dateline checks", label_config=ls.labeling_config())
    client.projects.import_tasks(id=project.id, request=ls.records_to_tasks([record], []))
    [task] = list(client.tasks.list(project=project.id))
    result = ls.record_to_result(record)
    first = next(i for i in result if i.get("from_name") == "entity")
    first["value"]["labels"] = ["PERSON"]
    client.annotations.create(id=task.id, result=result)  # the server takes it
    (tmp_path / "export.json").write_bytes(_export(client, project.id))
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "labelstudio", "import",
                          str(tmp_path / "export.json"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"task {task.id} annotation" in run.stderr and f"result {first['id']}" in run.stderr
    assert "'PERSON' is not in the labeling config" in run.stderr
    assert not (tmp_path / "out").exists()


def test_server_fetched_nothing_from_the_internet(label_studio):
    log = label_studio["log"].read_text(errors="replace")
    assert "pypi.org" not in log and "Starting new HTTPS connection" not in log, log[-2000:]


def test_the_label_studio_editor_saves_our_regions_back_unchanged(label_studio, tmp_path):
    """Open a pre-annotated task in the real editor (headless Chromium), edit and save it: the editor
    re-serialises every region, attribute and relation, and the import gives back the same record.
    The text has emoji and CRLF line endings, so this also shows that the editor's offsets are code points."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (set DATELINE_CHROMIUM) to drive the Label Studio editor")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright drives the Label Studio editor")
    import copy

    from dateline.anchor import anchor_record

    from conftest import SMALL_DRAFT, SMALL_TEXT, small_metadata

    text = "🐱 " + SMALL_TEXT.replace("\n", "\r\n").replace("Jan Egeland", "Jan Egeland 👩‍👩‍👧")
    record = anchor_record(text, small_metadata(), "t-0001", copy.deepcopy(SMALL_DRAFT))
    client, url = label_studio["client"], label_studio["url"]
    project = client.projects.create(title="dateline editor", label_config=ls.labeling_config())
    client.projects.import_tasks(id=project.id, request=ls.records_to_tasks([record], []))
    [task] = list(client.tasks.list(project=project.id))
    first = client.annotations.create(id=task.id, result=ls.record_to_result(record))
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1300})
            page.goto(f"{url}/user/login/")
            page.fill("input[name=email]", USER)
            page.fill("input[name=password]", label_studio["password"])
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{url}/projects/{project.id}/data?task={task.id}")
            # Select the mention in the editor's region list.
            page.locator(".lsf-outliner-item__text", has_text="Jan Egeland").first.click(timeout=60_000)
            # Change the mention kind and change it back, so that the editor saves the whole annotation.
            page.get_by_text("nominal", exact=True).click()
            page.get_by_text("name", exact=True).click()
            page.keyboard.press("Escape")
            update = page.locator("button:has-text('Update')").first
            playwright.expect(update).to_be_enabled(timeout=30_000)
            update.click()
            saved = None
            for _ in range(60):
                saved = client.annotations.get(id=first.id)
                if saved.updated_at != first.updated_at:
                    break
                page.wait_for_timeout(500)
        except Exception:
            page.screenshot(path=str(tmp_path / "editor.png"))  # what the editor showed, for the failure report
            raise
        finally:
            browser.close()
    assert saved.updated_at != first.updated_at, "the editor did not save the annotation"
    assert any(item.get("origin") == "manual" for item in saved.result), "not the editor's serialisation"
    back, problems = ls.result_to_record(task.data, saved.result, f"task {task.id}")
    assert problems == []
    assert back == record
