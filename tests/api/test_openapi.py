"""The committed OpenAPI schema (docs/openapi.json) is the code's (issue 19): a change to the
API without `make openapi` fails here."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hientai.api import schema_text

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_committed_schema_is_the_codes():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == json.loads(schema_text()), "docs/openapi.json is stale: run `make openapi`"


def test_the_check_fails_on_a_stale_copy(tmp_path):
    stale = json.loads(schema_text())
    stale["paths"].pop(next(iter(stale["paths"])))
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(CommandError, match="make openapi"):
        call_command("openapi", str(path), "--check", stdout=io.StringIO())
    call_command("openapi", str(path), stdout=io.StringIO())
    call_command("openapi", str(path), "--check", stdout=io.StringIO())
