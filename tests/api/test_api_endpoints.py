"""Every endpoint over TestClient, including the error codes clients must be able to rely on."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from api_helpers import KEY, OTHER_KEY
from fastapi.testclient import TestClient

from api import Settings, create_app
from graphmap.model import Extraction
from graphmap.store import Workspace

AUTH = {"X-API-Key": KEY}


def names(response) -> list[str]:
    return [r["name"] for r in response.json()["results"]]


def assert_error(response, status: int, *, fix: bool = True) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["detail"] and isinstance(body["detail"], str)
    if fix:
        assert body.get("fix")
    assert "Traceback" not in response.text
    return body


# -- health, stats, page ---------------------------------------------------------------------


def test_health_is_open_and_says_what_access_clients_have(workspace: Path) -> None:
    settings = Settings(api_keys=frozenset({KEY}), public_read=False)
    with TestClient(create_app(workspace, settings)) as client:
        body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["last_build"]
    assert body["public_read"] is False and body["writes_enabled"] is True


def test_stats_count_entities_by_kind(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["documents"] == 1
    assert body["entities"]["Person"]["total"] == 2
    assert body["relations"]["AFFILIATED_WITH"] == 2


def test_page_is_served_offline_with_a_strict_content_security_policy(
    client: TestClient,
) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "搜索实体" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "innerHTML" not in script.text.split("\n", 3)[3]
    vis = client.get("/vendor/vis-network.min.js")
    assert vis.status_code == 200 and b"vis-network" in vis.content[:200]


def test_cors_is_off_by_default_and_on_for_configured_origins(workspace: Path) -> None:
    origin = {"Origin": "https://platform.example"}
    with TestClient(create_app(workspace, Settings())) as client:
        headers = client.get("/api/health", headers=origin).headers
    assert "access-control-allow-origin" not in headers
    settings = Settings(cors_origins=("https://platform.example",))
    with TestClient(create_app(workspace, settings)) as client:
        headers = client.get("/api/health", headers=origin).headers
    assert headers["access-control-allow-origin"] == "https://platform.example"


def test_openapi_describes_every_resource(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/entities", "/api/entities/{entity_id}",
                 "/api/entities/{entity_id}/neighbours", "/api/paths", "/api/documents",
                 "/api/builds", "/api/builds/{job_id}",
                 "/api/curation", "/api/exports/graph", "/api/talent/map",
                 "/api/recommend/experts", "/api/health"):
        assert path in paths, path


# -- read access -----------------------------------------------------------------------------


def test_private_reads_need_a_valid_key(workspace: Path) -> None:
    settings = Settings(api_keys=frozenset({KEY}), public_read=False)
    with TestClient(create_app(workspace, settings)) as client:
        assert_error(client.get("/api/entities", params={"q": "清华"}), 401)
        assert_error(client.get("/api/entities", params={"q": "清华"},
                                headers={"X-API-Key": "wrong-key-000000"}), 403)
        ok = client.get("/api/entities", params={"q": "清华"}, headers=AUTH)
    assert ok.status_code == 200 and names(ok) == ["清华大学"]


def test_without_configured_keys_every_write_is_refused(workspace: Path) -> None:
    with TestClient(create_app(workspace, Settings())) as client:
        body = assert_error(client.post("/api/builds", headers=AUTH), 403)
        assert "GRAPHMAP_API_KEYS" in body["fix"]
        assert client.get("/api/entities", params={"q": "清华"}).status_code == 200


# -- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("清华大学", "清华大学"),  # full name
        ("清华", "清华大学"),  # alias
        ("清華大學", "清华大学"),  # traditional Chinese
        ("星辰机器人", "星辰机器人有限公司"),  # Chinese substring
    ],
)
def test_search_finds_names_aliases_and_substrings(
    client: TestClient, query: str, expected: str
) -> None:
    response = client.get("/api/entities", params={"q": query})
    assert response.status_code == 200
    assert names(response)[0] == expected


def test_search_filters_by_kind(client: TestClient) -> None:
    everything = names(client.get("/api/entities", params={"q": "机器人"}))
    technologies = client.get("/api/entities", params={"q": "机器人", "kind": "Technology"})
    assert "星辰机器人有限公司" in everything
    assert names(technologies) == ["人形机器人"]
    assert {r["kind"] for r in technologies.json()["results"]} == {"Technology"}


def test_search_without_a_query_lists_a_kind(client: TestClient) -> None:
    assert names(client.get("/api/entities", params={"kind": "Person"})) == ["张三", "李四"]


def test_search_with_no_match_is_an_empty_list_and_bad_kind_is_422(client: TestClient) -> None:
    assert client.get("/api/entities", params={"q": "不存在的单位"}).json()["results"] == []
    assert_error(client.get("/api/entities", params={"q": "x", "kind": "Planet"}), 422)
    assert_error(client.get("/api/entities", params={"q": "x", "limit": 0}), 422)


# -- entity detail, neighbours, paths --------------------------------------------------------


def test_entity_detail_has_evidence_with_its_document_and_relations(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = client.get(f"/api/entities/{ids['张三']}").json()
    assert body["name"] == "张三" and body["kind"] == "Person"
    assert body["attributes"]["birth_year"] == 1975
    evidence = body["evidence"][0]
    assert evidence["document"] == "成立大会新闻"
    assert "张三" in evidence["sentence"]
    others = {(r["kind"], r["direction"], r["other"]["name"]) for r in body["relations"]}
    assert ("AFFILIATED_WITH", "out", "清华大学") in others
    assert ("SPOKE_AT", "out", "具身智能工程师跨界沙龙") in others
    assert not any(r["kind"] == "MENTIONS" for r in body["relations"])


def test_entity_detail_limits_evidence_but_reports_the_total(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = client.get(f"/api/entities/{ids['张三']}", params={"evidence_limit": 0}).json()
    assert body["evidence"] == [] and body["evidence_total"] == 1


def test_unknown_entity_is_404_with_a_fix(client: TestClient) -> None:
    body = assert_error(client.get("/api/entities/org-nope"), 404)
    assert "org-nope" in body["detail"]


def test_neighbours_walk_both_directions_up_to_the_radius(
    client: TestClient, ids: dict[str, str]
) -> None:
    one = client.get(f"/api/entities/{ids['清华大学']}/neighbours").json()
    assert {n["name"] for n in one["nodes"]} == {"清华大学", "张三", "人工智能科创协同联合体"}
    assert not one["truncated"]
    two = client.get(f"/api/entities/{ids['清华大学']}/neighbours", params={"radius": 2}).json()
    names_two = {n["name"] for n in two["nodes"]}
    assert {"星辰机器人有限公司", "具身智能", "具身智能工程师跨界沙龙"} <= names_two
    depth = {n["name"]: n["depth"] for n in two["nodes"]}
    assert depth["清华大学"] == 0 and depth["张三"] == 1 and depth["具身智能"] == 2
    node_ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in two["edges"])


def test_neighbours_stop_at_max_nodes_and_skip_documents_unless_asked(
    client: TestClient, ids: dict[str, str]
) -> None:
    cut = client.get(f"/api/entities/{ids['张三']}/neighbours",
                     params={"radius": 3, "max_nodes": 3}).json()
    assert len(cut["nodes"]) == 3 and cut["truncated"]
    plain = client.get(f"/api/entities/{ids['张三']}/neighbours").json()
    assert "Document" not in {n["kind"] for n in plain["nodes"]}
    with_docs = client.get(f"/api/entities/{ids['张三']}/neighbours",
                           params={"documents": True}).json()
    assert "Document" in {n["kind"] for n in with_docs["nodes"]}


def test_neighbours_errors(client: TestClient, ids: dict[str, str]) -> None:
    assert_error(client.get("/api/entities/per-nope/neighbours"), 404)
    assert_error(client.get(f"/api/entities/{ids['张三']}/neighbours", params={"radius": 0}), 422)


def test_paths_between_two_people_go_through_what_they_share(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = client.get("/api/paths", params={"source": ids["张三"], "target": ids["李四"]}).json()
    shortest = body["paths"][0]
    assert shortest[0] == ids["张三"] and shortest[-1] == ids["李四"]
    assert shortest[1] == ids["具身智能工程师跨界沙龙"]
    assert [len(p) for p in body["paths"]] == sorted(len(p) for p in body["paths"])
    on_paths = {n for p in body["paths"] for n in p}
    assert {n["id"] for n in body["graph"]["nodes"]} == on_paths


def test_paths_to_an_unconnected_entity_are_empty_and_unknown_ids_404(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = client.get("/api/paths", params={"source": ids["张三"], "target": ids["孤岛材料公司"]})
    assert body.status_code == 200 and body.json()["paths"] == []
    assert_error(client.get("/api/paths", params={"source": ids["张三"], "target": "x"}), 404)
    assert_error(client.get("/api/paths", params={"source": ids["张三"]}), 422)


# -- uploads and documents -------------------------------------------------------------------

NEWS = "星辰机器人有限公司与清华大学签署合作协议，共建具身智能联合实验室。\n".encode()


def upload(client: TestClient, name: str, content: bytes, headers=AUTH, **data):
    return client.post("/api/documents", files=[("files", (name, content, "text/plain"))],
                       data=data, headers=headers)


def test_upload_needs_a_valid_key(client: TestClient) -> None:
    assert_error(upload(client, "a.txt", NEWS, headers={}), 401)
    assert_error(upload(client, "a.txt", NEWS, headers={"X-API-Key": "not-a-valid-key"}), 403)


def test_upload_stores_the_file_under_uploads_and_reads_it_in(
    client: TestClient, workspace: Path
) -> None:
    response = upload(client, "合作新闻.txt", NEWS)
    assert response.status_code == 201, response.text
    item = response.json()["files"][0]
    assert item["status"] == "added" and item["stored_as"] == "合作新闻.txt"
    assert (workspace / "uploads" / "合作新闻.txt").read_bytes() == NEWS
    listed = client.get("/api/documents").json()
    assert "合作新闻.txt" in {d["file"] for d in listed}
    assert all("/" not in d["file"] for d in listed)
    again = upload(client, "合作新闻.txt", NEWS, headers={"X-API-Key": OTHER_KEY})
    assert again.json()["files"][0]["status"] == "unchanged"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("../../escape.txt", "escape.txt"), ("..\\..\\win.txt", "win.txt"),
     ("/etc/cron.d/x.txt", "x.txt"), (".hidden.md", "hidden.md"), ("a:b?.txt", "ab.txt")],
)
def test_upload_names_cannot_leave_the_uploads_folder(
    client: TestClient, workspace: Path, sent: str, stored: str
) -> None:
    response = upload(client, sent, NEWS)
    assert response.status_code == 201, response.text
    assert response.json()["files"][0]["stored_as"] == stored
    assert (workspace / "uploads" / stored).is_file()
    files = {p.relative_to(workspace).as_posix() for p in workspace.rglob("*") if p.is_file()}
    assert all(not f.endswith((".txt", ".md")) or f.startswith("uploads/") for f in files)


def test_upload_refuses_unknown_types_and_disguised_content(client: TestClient) -> None:
    assert_error(upload(client, "tool.exe", b"MZ\x90\x00"), 415)
    assert_error(upload(client, "fake.docx", b"not a zip at all"), 415)
    assert_error(upload(client, "binary.txt", b"\x00\x01\x02text"), 415)


def test_upload_refuses_oversized_requests_with_413(client: TestClient, workspace: Path) -> None:
    body = assert_error(upload(client, "big.txt", "大".encode() * 40_000), 413)
    assert "limit" in body["detail"]
    assert not (workspace / "uploads" / "big.txt").exists()


def test_upload_errors_for_empty_files_bad_names_and_bad_fields(client: TestClient) -> None:
    assert_error(upload(client, "empty.txt", b""), 400)
    assert_error(upload(client, "....", NEWS), 400)
    assert_error(upload(client, "a.txt", NEWS, doc_type="poem"), 422)
    assert_error(client.post("/api/documents", headers=AUTH), 422)


def test_remove_document_needs_a_key_and_an_existing_id(client: TestClient) -> None:
    doc_id = client.get("/api/documents").json()[0]["id"]
    assert_error(client.delete(f"/api/documents/{doc_id}"), 401)
    assert_error(client.delete("/api/documents/doc-nope", headers=AUTH), 404)
    assert client.delete(f"/api/documents/{doc_id}", headers=AUTH).status_code == 204
    assert client.get("/api/documents").json() == []


def test_removing_an_uploaded_document_deletes_its_file(client: TestClient, workspace: Path):
    doc_id = upload(client, "待删除.txt", NEWS).json()["files"][0]["id"]
    assert (workspace / "uploads" / "待删除.txt").is_file()
    assert client.delete(f"/api/documents/{doc_id}", headers=AUTH).status_code == 204
    assert not (workspace / "uploads" / "待删除.txt").exists()
    assert doc_id not in {d["id"] for d in client.get("/api/documents").json()}


def test_removing_a_document_added_from_elsewhere_leaves_the_users_file(
    client: TestClient, workspace: Path, tmp_path: Path
) -> None:
    from graphmap.ingestion import add_paths

    original = tmp_path / "own" / "operator.txt"
    original.parent.mkdir()
    original.write_bytes(NEWS)
    with Workspace.open(workspace) as ws:
        add_paths(ws, [original])
        doc_id = next(d.id for d in ws.documents() if d.path.endswith("operator.txt"))
    assert client.delete(f"/api/documents/{doc_id}", headers=AUTH).status_code == 204
    assert original.read_bytes() == NEWS


def _broken_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "not an office file")
    return buffer.getvalue()


def test_upload_errors_name_the_upload_not_server_paths_and_give_api_advice(
    client: TestClient, workspace: Path
) -> None:
    root = str(workspace.resolve())
    body = assert_error(upload(client, "坏文档.docx", _broken_zip()), 400)
    assert "坏文档.docx" in body["detail"] and root not in body["detail"]
    assert "/" not in body["detail"].split("(", 1)[1].split(":", 1)[0]
    assert "upload it again" in body["fix"]
    listing = assert_error(upload(client, "名单.csv", b"a,b\n1,2\n"), 400)
    assert "名单.csv" in listing["detail"] and root not in listing["detail"]
    assert "--mapping" not in listing["fix"] and "`graphmap" not in listing["fix"]
    assert "单位名称" in listing["fix"]
    mixed = client.post("/api/documents", headers=AUTH, files=[
        ("files", ("坏表.xlsx", _broken_zip(), "application/octet-stream")),
        ("files", ("好.txt", NEWS, "text/plain"))])
    assert mixed.status_code == 201, mixed.text
    bad, good = mixed.json()["files"]
    assert bad["status"] == "error" and bad["id"] is None and bad["fix"]
    assert bad["detail"].startswith("坏表.xlsx: ") and root not in mixed.text
    assert good["status"] == "added" and good["id"].startswith("doc-")
    assert good["id"] in {d["id"] for d in client.get("/api/documents").json()}


def test_wrong_keys_are_throttled_per_client_with_retry_after(workspace: Path) -> None:
    now = [1000.0]
    settings = Settings(api_keys=frozenset({KEY}), auth_failures=5, auth_window_s=60)
    app = create_app(workspace, settings)
    app.state.auth_throttle.clock = lambda: now[0]
    wrong = {"X-API-Key": "not-a-valid-key-000"}
    with TestClient(app, raise_server_exceptions=False) as test:
        for _ in range(5):
            assert_error(test.post("/api/builds", headers=wrong), 403)
        throttled = assert_error(test.post("/api/builds", headers=wrong), 429)
        retry = test.post("/api/builds", headers=AUTH)  # even a right key waits: no guessing
        assert retry.status_code == 429 and 1 <= int(retry.headers["Retry-After"]) <= 60
        assert "try again" in throttled["detail"]
        now[0] += 30
        assert test.post("/api/builds", headers=wrong).status_code == 429
        now[0] += 31  # the window has passed: the client may try again
        assert_error(test.delete("/api/documents/doc-nope", headers=AUTH), 404)  # key accepted
        assert_error(test.post("/api/builds", headers=wrong), 403)
    other = create_app(workspace, settings).state.auth_throttle
    for _ in range(5):
        other.failed("10.0.0.1")
    assert other.retry_after("10.0.0.1") == 60 and other.retry_after("10.0.0.2") == 0


# -- builds ----------------------------------------------------------------------------------


def _empty_extractor(doc, gazetteer) -> Extraction:
    return Extraction(doc_id=doc.id)


def wait_for(client: TestClient, job_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/builds/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"build {job_id} did not finish")


def test_build_runs_in_the_background_and_reports_progress(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphmap import build as build_module

    def build_with_stub_nlp(ws, progress):
        return build_module.build(ws, text_extractor=_empty_extractor, progress=progress)

    monkeypatch.setattr("api.jobs.build", build_with_stub_nlp)
    assert_error(client.post("/api/builds"), 401)
    upload(client, "成员单位名单.csv", "单位名称,单位类型\n清华大学,高校\n".encode())
    started = client.post("/api/builds", headers=AUTH)
    assert started.status_code == 202
    job = wait_for(client, started.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["stage"] == "assemble" and job["done"] == job["total"] == 1
    assert job["report"]["entities"] >= 1
    assert client.get("/api/builds").json()[0]["id"] == job["id"]
    # The graph cache follows the new build: the hand-made graph is gone.
    assert names(client.get("/api/entities", params={"q": "张三"})) == []


def test_a_second_build_while_one_runs_is_409_and_failures_carry_no_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow_then_broken(ws, progress):
        progress("texts", 1, 3)
        release.wait(10)
        raise RuntimeError("secret internals")

    monkeypatch.setattr("api.jobs.build", slow_then_broken)
    first = client.post("/api/builds", headers=AUTH).json()
    # the job's thread reports its first stage a moment after the POST returns
    deadline = time.monotonic() + 10
    while (running := client.get(f"/api/builds/{first['id']}").json())["stage"] != "texts" \
            and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running["status"] == "running" and running["stage"] == "texts"
    body = assert_error(client.post("/api/builds", headers=AUTH), 409)
    assert first["id"] in body["detail"]
    release.set()
    job = wait_for(client, first["id"])
    assert job["status"] == "failed"
    assert job["error"]["detail"] and "secret" not in str(job)


def test_unknown_build_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/builds/nope"), 404)


# -- curation --------------------------------------------------------------------------------


def test_curation_is_stored_with_a_key_and_listed(
    client: TestClient, ids: dict[str, str]
) -> None:
    action = {"action": "confirm", "target": ids["张三"], "note": "核实过简历"}
    assert_error(client.post("/api/curation", json=action), 401)
    stored = client.post("/api/curation", json=action, headers=AUTH)
    assert stored.status_code == 201
    assert stored.json()["action"] == "confirm" and stored.json()["note"] == "核实过简历"
    assert [c["target"] for c in client.get("/api/curation").json()] == [ids["张三"]]
    number = stored.json()["id"]
    assert_error(client.delete(f"/api/curation/{number}"), 401)
    assert client.delete(f"/api/curation/{number}", headers=AUTH).status_code == 204
    assert client.get("/api/curation").json() == []
    assert_error(client.delete(f"/api/curation/{number}", headers=AUTH), 404)
    # an id past SQLite's 64-bit integers is a 422, not an overflow inside the driver (was 500)
    assert_error(client.delete(f"/api/curation/{2**77}", headers=AUTH), 422)


def test_curation_validates_actions_targets_and_payloads(
    client: TestClient, ids: dict[str, str]
) -> None:
    target = ids["星辰机器人有限公司"]

    def post(**body):
        return client.post("/api/curation", json=body, headers=AUTH)

    assert_error(post(action="explode", target=target), 400)
    assert_error(post(action="confirm", target="org-nope"), 400)
    assert_error(post(action="rename", target=target, payload={}), 400)
    assert_error(post(action="set_type", target=target, payload={"org_type": "castle"}), 400)
    assert_error(post(action="merge", target=target, payload={"other": "org-nope"}), 400)
    assert_error(post(action="confirm"), 422)
    merged = post(action="merge", target=ids["清华大学"], payload={"other": ids["孤岛材料公司"]})
    assert merged.status_code == 201
    retyped = post(action="set_type", target=target, payload={"org_type": "finance"})
    assert retyped.status_code == 201


def test_oversized_json_bodies_are_413(client: TestClient, ids: dict[str, str]) -> None:
    body = {"action": "confirm", "target": ids["张三"], "note": "x" * (2 << 20)}
    assert_error(client.post("/api/curation", json=body, headers=AUTH), 413)


# -- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_exports_are_downloadable_files(client: TestClient, fmt: str) -> None:
    response = client.get("/api/exports/graph", params={"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(response.content))
        assert graph.number_of_nodes() == 13
    else:
        assert "清华大学".encode() in response.content


def test_csv_export_is_a_zip_of_nodes_and_edges(client: TestClient) -> None:
    response = client.get("/api/exports/graph", params={"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        assert "清华大学" in archive.read("nodes.csv").decode("utf-8-sig")


def test_unknown_export_format_is_422(client: TestClient) -> None:
    assert_error(client.get("/api/exports/graph", params={"format": "pdf"}), 422)


# -- talent ----------------------------------------------------------------------------------


def test_talent_map_counts_experts_by_field(client: TestClient) -> None:
    body = client.get("/api/talent/map").json()
    assert body["experts"] == 2
    fields = {row["field"]: row["experts"] for row in body["tables"]["youth_by_field"]}
    assert fields == {"具身智能": 1, "人形机器人": 1}
    assert_error(client.get("/api/talent/map", params={"reference_year": 10}), 422)


def test_expert_panel_ranks_the_matching_expert_first_and_explains(
    client: TestClient, ids: dict[str, str]
) -> None:
    panel = client.get("/api/recommend/experts", params={"topic": "人形机器人运动控制", "k": 2})
    assert panel.status_code == 200
    first = panel.json()["picks"][0]
    assert first["expert_id"] == ids["李四"]
    assert first["matched_terms"] and first["explanation"]
    excluded = client.get("/api/recommend/experts",
                          params={"topic": "人形机器人", "exclude": [ids["李四"]]}).json()
    assert ids["李四"] not in [p["expert_id"] for p in excluded["picks"]]


def test_expert_panel_errors(client: TestClient) -> None:
    assert_error(client.get("/api/recommend/experts", params={"topic": "x", "k": 0}), 422)
    assert_error(client.get("/api/recommend/experts"), 422)
    body = assert_error(client.get("/api/recommend/experts",
                                   params={"topic": "机器人", "k": 1, "youth_quota": 2}), 400)
    assert "quota" in body["detail"]


# -- failures stay inside --------------------------------------------------------------------


def test_unexpected_errors_are_500_without_internals(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self):
        raise RuntimeError("secret path /srv/keys")

    monkeypatch.setattr("api.state.WorkspaceState.graph", broken)
    response = client.get("/api/entities", params={"kind": "Person"})
    body = assert_error(response, 500)
    assert "secret" not in response.text and "server log" in body["fix"]


def test_a_missing_workspace_is_refused_at_start(tmp_path: Path) -> None:
    from graphmap.errors import WorkspaceError

    with pytest.raises(WorkspaceError):
        create_app(tmp_path / "nowhere", Settings())


def test_the_shared_connection_is_closed_on_shutdown(workspace: Path) -> None:
    app = create_app(workspace, Settings())
    with TestClient(app) as client:
        client.get("/api/health")
    with pytest.raises(Exception, match="closed"):
        app.state.workspace._reader.db.execute("SELECT 1")
    Workspace.open(workspace).close()


# -- chains ----------------------------------------------------------------------------------

CONSORTIUM = "人工智能科创协同联合体"


def test_chains_lists_the_shipped_taxonomies(client: TestClient) -> None:
    chains = {c["id"]: c for c in client.get("/api/chains").json()}
    ai = chains["artificial_intelligence"]
    assert ai["name"] == "人工智能"
    assert sum(ai["stages"].values()) == ai["segments"]


def test_coverage_places_members_and_reports_gaps_and_balance(client: TestClient) -> None:
    response = client.get("/api/chains/coverage", params={"consortium": CONSORTIUM})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["industry"] == "人工智能" and body["member_count"] == 2
    segment_ids = {s["segment_id"] for s in body["segments"]}
    assert set(body["gaps"]) <= segment_ids
    assert all(s["status"] == "gap" for s in body["segments"] if s["segment_id"] in body["gaps"])
    assert set(body["balance"]) == {"upstream", "midstream", "downstream"}


def test_coverage_errors(client: TestClient) -> None:
    assert_error(client.get("/api/chains/coverage", params={"consortium": "没有这个联合体"}), 404)
    assert_error(client.get("/api/chains/coverage",
                            params={"consortium": CONSORTIUM, "industry": "炼金术"}), 404)
    assert_error(client.get("/api/chains/coverage"), 422)
    assert_error(client.get("/api/chains/candidates",
                            params={"consortium": CONSORTIUM, "k": 0}), 422)


def test_candidates_are_non_members(client: TestClient, ids: dict[str, str]) -> None:
    response = client.get("/api/chains/candidates", params={"consortium": CONSORTIUM, "k": 5})
    assert response.status_code == 200
    found = {c["org_id"] for c in response.json()}
    assert not found & {ids["清华大学"], ids["星辰机器人有限公司"]}


# -- partners --------------------------------------------------------------------------------


def test_partners_come_with_the_path_that_explains_them(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = client.get("/api/recommend/partners", params={"org": "清华大学"}).json()
    best = body[0]
    assert best["organization_id"] == ids["星辰机器人有限公司"]
    path = best["reasons"][0]["path"]
    assert path["nodes"][0] == ids["清华大学"] and path["nodes"][-1] == best["organization_id"]
    assert len(path["edges"]) == len(path["nodes"]) - 1
    assert_error(client.get("/api/recommend/partners", params={"org": "不存在的机构"}), 404)


# -- page and figure exports -----------------------------------------------------------------


def test_interactive_page_export_is_self_contained(
    client: TestClient, ids: dict[str, str]
) -> None:
    page = client.get("/api/exports/graph.html", params={"focus": ids["张三"], "hops": 1})
    assert page.status_code == 200 and "attachment" in page.headers["content-disposition"]
    assert "<script src=" not in page.text and "vis-network" in page.text
    assert "alert(1)</script>" not in page.text  # the quote from the document is escaped
    assert_error(client.get("/api/exports/graph.html", params={"focus": "per-nope"}), 404)


def test_chain_map_and_talent_map_figures(client: TestClient) -> None:
    chain = client.get("/api/exports/chain-map", params={"consortium": CONSORTIUM})
    assert chain.status_code == 200 and chain.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in chain.content[:2000]
    talent = client.get("/api/exports/talent-map", params={"format": "png"})
    assert talent.content.startswith(b"\x89PNG")
    network = client.get("/api/exports/talent-map",
                         params={"figure": "expert_network", "format": "pdf"})
    assert network.content.startswith(b"%PDF")
    assert_error(client.get("/api/exports/talent-map", params={"format": "bmp"}), 422)


def test_unknown_query_parameters_are_422_not_ignored(client: TestClient) -> None:
    body = assert_error(client.get("/api/entities", params={"kinds": "Person"}), 422)
    assert "kinds" in body["detail"] and "kind" in body["fix"]


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.request("PUT", "/api/documents")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_workbook_export_has_coverage_experts_and_evidence_sheets(client: TestClient) -> None:
    import openpyxl

    response = client.get("/api/exports/workbook")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"专家", "机构", "证据"} <= set(book.sheetnames)
    assert len(book.sheetnames) > 3  # plus the consortium's coverage sheets
    cells = [c.value for row in book["证据"].iter_rows() for c in row if c.value]
    assert any(isinstance(v, str) and "张三" in v for v in cells)


def test_report_export_in_html_and_word(client: TestClient) -> None:
    html = client.get("/api/exports/report", params={"consortium": CONSORTIUM})
    assert html.status_code == 200 and CONSORTIUM in html.text
    assert "<script>alert(1)</script>" not in html.text
    word = client.get("/api/exports/report", params={"format": "docx"})
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert_error(client.get("/api/exports/report", params={"consortium": "没有这个联合体"}), 404)


def test_salon_report_needs_a_transcript(client: TestClient, ids: dict[str, str]) -> None:
    body = assert_error(client.get("/api/exports/salon-report"), 404)
    assert "速记" in body["detail"]
    assert_error(client.get("/api/exports/salon-report", params={"event": "evt-nope"}), 404)


# -- settings --------------------------------------------------------------------------------


def test_api_keys_come_from_the_environment_and_a_file(tmp_path: Path) -> None:
    from api import load_api_keys
    from graphmap.errors import InputError

    keys = tmp_path / "keys.txt"
    keys.write_text("# team\nfile-key-0123456789\n\n", "utf-8")
    env = {"GRAPHMAP_API_KEYS": " env-key-0123456789 , ,"}
    assert load_api_keys(keys, env) == {"file-key-0123456789", "env-key-0123456789"}
    assert load_api_keys(None, {}) == frozenset()
    with pytest.raises(InputError, match="at least"):
        load_api_keys(None, {"GRAPHMAP_API_KEYS": "abc"})
    with pytest.raises(InputError, match="cannot be read"):
        load_api_keys(tmp_path / "missing.txt", {})


def test_a_file_ingest_cannot_read_is_400_and_not_kept(client: TestClient, workspace: Path) -> None:
    body = assert_error(upload(client, "名单.xlsx", b"PK\x03\x04 but not a workbook"), 400)
    assert "名单.xlsx" in body["detail"]
    assert not (workspace / "uploads" / "名单.xlsx").exists()


def test_bodies_streamed_without_a_length_are_counted_and_cut_at_the_limit(
    client: TestClient,
) -> None:
    def chunks():
        for _ in range(40):
            yield b"x" * 65536  # 2.5 MiB in all, no Content-Length

    response = client.post("/api/curation", content=chunks(),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 413)
