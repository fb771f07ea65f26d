"""`hientai dedup-file IN --out clusters.csv`: one person, one cluster, in any file.

    hientai dedup-file officers-list.xlsx --out clusters.csv
    hientai dedup-file list.csv --encoding tcvn3 --out clusters.csv --threshold 0.9

Writes `record_id,cluster_id` for every row of the file: record_id is the "Mã hồ sơ"
column when the file has one, else the 1-based row number; rows of one person share
a cluster_id. Reads what the importer reads; writes nothing to the registry.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hientai.exchange.errors import ImportFileError


class Command(BaseCommand):
    help = "Find the rows of one person in a file and write record_id,cluster_id."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--out", required=True)
        parser.add_argument("--encoding", default=None)
        parser.add_argument("--threshold", type=float, default=None)
        parser.add_argument("--threads", type=int, default=2)

    def handle(self, *args, **options) -> None:
        from hientai.dedup import model
        from hientai.dedup.files import read_records

        started = time.monotonic()
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            rows = list(read_records(path, options["encoding"]))
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if not rows:
            raise CommandError(_("No rows with a name column were found in the file."))
        # Record ids may repeat in a messy file: the model works on row positions.
        records = [(position, raw) for position, (_rid, raw) in enumerate(rows)]
        result = model.find_duplicates(
            records,
            threshold=options["threshold"] or model.THRESHOLD,
            threads=options["threads"],
        )
        with open(options["out"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "cluster_id"])
            for position, (record_id, _raw) in enumerate(rows):
                writer.writerow([record_id, result.clusters[position] + 1])
        clusters = len(set(result.clusters.values()))
        self.stdout.write(
            _("%(rows)d rows, %(clusters)d people, in %(seconds).1f s.")
            % {"rows": len(rows), "clusters": clusters, "seconds": time.monotonic() - started}
        )
