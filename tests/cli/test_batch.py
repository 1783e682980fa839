"""`extractor batch` end to end against a loopback stand-in for the OpenAI Batch API.

The stand-in implements the four calls the openai SDK makes (upload a file, create a batch,
retrieve it, download a file); the batch's output is the fixture of the bundled model's real
answers (tests/fixtures/batch/output.jsonl), keyed by the uploaded requests' custom_ids.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli.batch import app
from extractor.records import RunRecord
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "batch"
runner = CliRunner()


class BatchApi(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), BatchHandler)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.polls = 0
        answers = FIXTURES / "output.jsonl"
        self.answers = {json.loads(x)["custom_id"]: x for x in answers.read_text().splitlines()}


class BatchHandler(BaseHTTPRequestHandler):
    server: BatchApi

    def _json(self, payload: dict, status: int = 200) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/files":
            # multipart/form-data: the file part's content, between its headers and boundary
            start = body.index(b"\r\n\r\n", body.index(b'name="file"')) + 4
            file_id = f"file-{len(self.server.files) + 1}"
            self.server.files[file_id] = body[start : body.index(b"\r\n--", start)]
            self._json(
                {"id": file_id, "object": "file", "bytes": len(body), "created_at": 0,
                 "filename": "batch.jsonl", "purpose": "batch", "status": "processed"}
            )  # fmt: skip
        elif self.path == "/v1/batches":
            request = json.loads(body)
            batch = {
                "id": "batch_1", "object": "batch", "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"], "status": "in_progress",
                "completion_window": request["completion_window"], "created_at": 0,
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
            }  # fmt: skip
            self.server.batches[batch["id"]] = batch
            self._json(batch)
        else:
            self._json({"error": {"message": "not found"}}, 404)

    def do_GET(self) -> None:  # noqa: N802
        if match := re.fullmatch(r"/v1/batches/(\w+)", self.path):
            batch = self.server.batches[match[1]]
            self.server.polls += 1
            if self.server.polls >= 2:  # completes on the second poll
                requests = self.server.files[batch["input_file_id"]].decode().splitlines()
                ids = [json.loads(line)["custom_id"] for line in requests if line]
                output = "\n".join(self.server.answers[i] for i in ids) + "\n"
                self.server.files["file-out"] = output.encode()
                n = len(ids)
                batch.update(status="completed", output_file_id="file-out",
                             request_counts={"total": n, "completed": n, "failed": 0})  # fmt: skip
            self._json(batch)
        elif match := re.fullmatch(r"/v1/files/([\w-]+)/content", self.path):
            data = self.server.files[match[1]]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self._json({"error": {"message": "not found"}}, 404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def batch_api() -> Iterator[BatchApi]:
    server = BatchApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_submit_status_collect(
    batch_api: BatchApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    base_url = f"http://127.0.0.1:{batch_api.server_address[1]}/v1"
    prepared = tmp_path / "run.jsonl"
    for name in ("prepared.jsonl", "prepared.manifest.jsonl"):
        target = prepared if name == "prepared.jsonl" else tmp_path / "run.manifest.jsonl"
        target.write_text((FIXTURES / name).read_text())

    result = runner.invoke(app, ["submit", str(prepared), "--base-url", base_url])
    assert result.exit_code == 0, result.output
    assert batch_api.files["file-1"] == prepared.read_bytes()
    state = json.loads((tmp_path / "run.batch.json").read_text())
    assert state["batch_id"] == "batch_1" and state["base_url"] == base_url

    result = runner.invoke(app, ["status", str(prepared), "--wait", "--every", "0"])
    assert result.exit_code == 0, result.output
    assert batch_api.polls == 2
    assert (tmp_path / "run.output.jsonl").read_text().strip()

    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["collect", str(prepared), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [RunRecord.model_validate_json(x) for x in out.read_text().splitlines()]
    assert len(records) == 2 and all(r.status == "ok" for r in records)


def test_prepare_writes_requests_and_manifest(tmp_path: Path) -> None:
    seed = ROOT / "seeds" / "004_aae4b5823b7ace62.txt"
    out = tmp_path / "run.jsonl"
    result = runner.invoke(
        app, ["prepare", str(seed), "--out", str(out), "--model", "gpt-4o-mini",
              "--prompt", "extract@v1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["custom_id"] == seed.stem and line["body"]["tools"]
    manifest = (tmp_path / "run.manifest.jsonl").read_text().splitlines()
    assert json.loads(manifest[1])["source"] == str(seed)
    assert "batch cost at most $" in result.output


def test_status_before_submit_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", str(tmp_path / "run.jsonl")])
    assert result.exit_code == 2 and "not submitted" in result.output
