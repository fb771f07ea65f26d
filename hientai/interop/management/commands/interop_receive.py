"""`hientai interop-receive FILE.json [--unit CODE] [--dry-run]`: import the national
system's records (our exchange format, docs/INTEROP.md) through the importer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from hientai.exchange.errors import ImportFileError


class Command(BaseCommand):
    help = "Import records received from the national system (exchange format 1.x)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--unit", help="the unit of records that name none")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        from hientai.interop import services

        try:
            result = services.receive(
                Path(options["file"]), user=None, unit_code=options["unit"],
                dry_run=options["dry_run"],
            )  # fmt: skip
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json_summary(result))


def json_summary(result: Any) -> str:
    import json

    data = result.as_json()
    keys = ("rows", "created", "updated", "unchanged", "rejected", "committed", "dry_run")
    return json.dumps({key: data[key] for key in keys}, ensure_ascii=False)
