"""`hientai openapi [OUT] [--check]`: write the API's OpenAPI schema (docs/openapi.json is
the committed copy, `make openapi` refreshes it), or check that a file matches the code."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.api import schema_text

DEFAULT = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


class Command(BaseCommand):
    help = "Write the OpenAPI schema of the API to OUT (default docs/openapi.json), or --check it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", nargs="?", default=str(DEFAULT))
        parser.add_argument(
            "--check", action="store_true", help="fail when OUT differs from the code's schema"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        path = Path(options["out"])
        text = schema_text()
        if options["check"]:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(_("Cannot read %(path)s.") % {"path": path}) from error
            if stored != json.loads(text):
                raise CommandError(
                    _("%(path)s differs from the code's schema: run `make openapi`.")
                    % {"path": path}
                )
            self.stdout.write(_("%(path)s matches the code.") % {"path": path})
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(_("Wrote %(path)s.") % {"path": path})
