"""hientai find-experts QUERY [--limit N] --json: the expert finder as the system (full scope)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hientai.talent.engine import SYSTEM, FinderError, find_experts


class Command(BaseCommand):
    help = "Find experts for a question in Vietnamese or English, ranked by expertise."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", help="The question, e.g. 'AI experts in Japan'.")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = find_experts(SYSTEM, options["query"], limit=options["limit"])
        except FinderError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            payload = {
                "query": options["query"],
                "concepts": result.parsed.concepts,
                "words": result.parsed.words,
                "filters": result.filters,
                "hits": [
                    {
                        "id": hit.person_id,
                        "full_name": hit.full_name,
                        "score": hit.score,
                        "reasons": [str(reason) for reason in hit.reasons],
                    }
                    for hit in result.hits
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result.parsed.concepts} {result.parsed.words} {result.filters}")
        for hit in result.hits:
            self.stdout.write(f"{hit.person_id}\t{hit.score}\t{hit.full_name}\t{hit.unit_name}")
            for reason in hit.reasons:
                self.stdout.write(f"\t\t{reason}")
