"""A mock national endpoint: a real HTTP server on a thread that reads our batches and
acknowledges them as the national system would (docs/INTEROP.md): accepts, rejects the
records it is told to, leaves some unanswered, and fails transiently on demand."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from hientai.interop.models import Endpoint
from hientai.orgs.models import Unit
from hientai.registry.models import Person

UNIT_B = "26041"


@dataclass
class NationalEndpoint:
    url: str = ""
    batches: list[dict] = field(default_factory=list)  # documents received (200 answered)
    requests: int = 0
    authorizations: list[str] = field(default_factory=list)
    fail_next: int = 0  # answer 503 to that many requests
    status_always: int = 0  # answer this status to every request (0: none)
    reject: dict[str, str] = field(default_factory=dict)  # given name -> reason
    ignore: set[str] = field(default_factory=set)  # given names left out of the answer

    def received(self) -> list[dict]:
        return [person for batch in self.batches for person in batch["people"]]

    def names(self) -> list[str]:
        return [person["name"]["given"] for person in self.received()]


def _handler(state: NationalEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            state.requests += 1
            state.authorizations.append(self.headers.get("Authorization", ""))
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if state.fail_next > 0 or state.status_always:
                status = state.status_always or 503
                state.fail_next -= 1
                self._answer(status, {"error": "busy"})
                return
            document = json.loads(body)
            state.batches.append(document)
            results = []
            for person in document["people"]:
                given, rid = person["name"]["given"], person["record_id"]
                if given in state.ignore:
                    continue
                if given in state.reject:
                    answer = {"status": "rejected", "reason": state.reject[given]}
                else:
                    answer = {"status": "accepted", "national_id": "QG-" + rid.split(":")[1]}
                results.append({"record_id": rid, **answer})
            batch_id = document["batch"]["id"]
            self._answer(
                200,
                {"schema": "hientai-interop-ack", "version": "1.1", "batch_id": batch_id,
                 "results": results},
            )  # fmt: skip

        def _answer(self, status: int, data: dict) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@pytest.fixture
def national():
    state = NationalEndpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/cbnc/v1/records"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(db, national, monkeypatch) -> Endpoint:
    monkeypatch.setenv("TEST_NATIONAL_TOKEN", "s3cret-token")
    return Endpoint.objects.create(
        name="CSDL quốc gia (thử)", url=national.url, token_env="TEST_NATIONAL_TOKEN",
        batch_size=100, max_attempts=4,
    )  # fmt: skip


def make_person(given: str, *, unit: str = UNIT_B, **values: Any) -> Person:
    return Person.objects.create(
        unit=Unit.objects.get(code=unit), family_name="Nguyễn", middle_name="Văn",
        given_name=given, birth_year=1980, **values,
    )  # fmt: skip
