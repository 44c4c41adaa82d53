"""`graphmap serve`: loopback by default, keys from the environment or a file, private reads,
the demo's workspace found without options; and the whole flow on the sample corpus through
the API (upload, background build, search, evidence, coverage)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from api_helpers import KEY, ServeProcess
from fastapi.testclient import TestClient

from api import Settings, create_app
from graphmap.store import Workspace

pytestmark = [pytest.mark.server, pytest.mark.slow]


def serve_fails(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from graphmap.cli import main; main()", "serve", *args],
        capture_output=True, text=True, timeout=60,
    )


def test_serve_with_private_reads_and_keys_from_the_environment(workspace: Path) -> None:
    env = {"GRAPHMAP_API_KEYS": f"{KEY}, another-key-abcdef"}
    with ServeProcess(workspace, "--no-public-read", env=env) as server:
        assert server.url.startswith("http://127.0.0.1:")
        health = httpx.get(f"{server.url}/api/health").json()
        assert health["public_read"] is False and health["writes_enabled"] is True
        assert httpx.get(f"{server.url}/api/entities", params={"q": "清华"}).status_code == 401
        found = httpx.get(f"{server.url}/api/entities", params={"q": "清华"},
                          headers={"X-API-Key": "another-key-abcdef"})
        assert found.status_code == 200 and found.json()["results"]
        assert "搜索实体" in httpx.get(f"{server.url}/").text


def test_serve_reads_keys_from_a_file_and_is_read_only_without_keys(
    workspace: Path, tmp_path: Path
) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# operators\nfile-key-0123456789\n\n", "utf-8")
    with ServeProcess(workspace, "--api-keys-file", str(keys)) as server:
        answer = httpx.post(f"{server.url}/api/builds", headers={"X-API-Key": KEY})
        assert answer.status_code == 403  # not one of the file's keys
        assert httpx.get(f"{server.url}/api/health").json()["writes_enabled"] is True
    with ServeProcess(workspace) as server:
        health = httpx.get(f"{server.url}/api/health").json()
        assert health["writes_enabled"] is False
        assert httpx.post(f"{server.url}/api/builds", headers={"X-API-Key": KEY}).status_code == 403


def test_serve_finds_the_demo_workspace_without_options(
    template_workspace: Path, tmp_path: Path
) -> None:
    shutil.copytree(template_workspace, tmp_path / "graphmap-output" / "workspace")
    with ServeProcess(None, cwd=tmp_path) as server:
        assert httpx.get(f"{server.url}/api/health").json()["workspace"] == "workspace"


def test_serve_refuses_short_keys_and_missing_workspaces(tmp_path: Path) -> None:
    missing = serve_fails("--workspace", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert "no graphmap workspace" in missing.stderr and "fix:" in missing.stderr
    assert "Traceback" not in missing.stderr
    keys = tmp_path / "keys.txt"
    keys.write_text("short\n", "utf-8")
    Workspace.create(tmp_path / "ws").close()
    short = serve_fails("--workspace", str(tmp_path / "ws"), "--api-keys-file", str(keys))
    assert short.returncode == 1 and "at least 12" in short.stderr


def test_the_sample_corpus_uploaded_and_built_through_the_api(
    tmp_path: Path, examples_dir: Path
) -> None:
    root = tmp_path / "ws"
    Workspace.create(root).close()
    auth = {"X-API-Key": KEY}
    corpus = sorted((examples_dir / "corpus").iterdir())
    with TestClient(create_app(root, Settings(api_keys=frozenset({KEY})))) as client:
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in corpus]
        uploaded = client.post("/api/documents", files=files, headers=auth)
        assert uploaded.status_code == 201, uploaded.text
        assert {f["status"] for f in uploaded.json()["files"]} == {"added"}
        assert {f["stored_as"] for f in uploaded.json()["files"]} == {p.name for p in corpus}

        job = client.post("/api/builds", headers=auth).json()
        deadline = time.monotonic() + 300
        while job["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
            job = client.get(f"/api/builds/{job['id']}").json()
        assert job["status"] == "succeeded", job
        assert job["report"]["entities"] > 50

        found = client.get("/api/entities", params={"q": "灵犀机器人", "kind": "Organization"})
        org = found.json()["results"][0]
        detail = client.get(f"/api/entities/{org['id']}").json()
        documents = {ev["document"] for ev in detail["evidence"]}
        assert detail["evidence"] and None not in documents
        consortium = client.get("/api/entities", params={"kind": "Consortium"}).json()["results"]
        coverage = client.get("/api/chains/coverage",
                              params={"consortium": consortium[0]["id"]}).json()
        assert coverage["member_count"] >= 5
        placed = {m["org_id"] for s in coverage["segments"] for m in s["members"]}
        assert placed, "no member placed in any segment"
        salon = client.get("/api/exports/salon-report")
        assert salon.status_code == 200 and "沙龙" in salon.text
