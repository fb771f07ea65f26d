"""hientai talent-reindex: rebuild the expert finder's index from the registry."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from hientai.talent.indexer import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the expert finder's index (expertise texts, concept postings) from the registry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % 100_000 < 5000:
                self.stderr.write(f"{done} people indexed")

        total = rebuild_index(progress)
        self.stdout.write(f"{total} people indexed in {time.perf_counter() - started:.1f} s")
