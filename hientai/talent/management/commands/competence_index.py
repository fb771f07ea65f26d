"""hientai competence-index [--method VERSION] [--person ID] [--top N] [--sensitivity] [--json]
hientai competence-index --store [--method VERSION] [--draws N]

The competence-and-contribution index over the whole registry (as the system): the top
people with their explanations, means by group, and the sensitivity of the ranks to
±20 % weight changes. With --store: score everyone and store the run the index pages
read (scores, sums by unit and group, sensitivity); run it nightly on a large registry."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hientai.registry.models import Person
from hientai.talent import competence
from hientai.talent.models import IndexConfig


class Command(BaseCommand):
    help = "Compute the competence-and-contribution index, explain it, test its sensitivity."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--method", help="method version (default: in use)")
        parser.add_argument("--person", type=int, help="explain one person's score")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--sensitivity", action="store_true")
        parser.add_argument("--draws", type=int, default=100)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--store", action="store_true", help="store the run for the pages")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            method = (
                IndexConfig.objects.get(version=options["method"])
                if options["method"]
                else competence.active_config()
            )
            if options["store"]:
                run = competence.store_run(method, timezone.now(), draws=options["draws"])
                self.stdout.write(
                    f"stored method {method.version}: {run.people} people in {run.seconds} s; "
                    f"Spearman worst {run.sensitivity.get('spearman_worst')}, "
                    f"Kendall worst {run.sensitivity.get('kendall_worst')}"
                )
                return
            ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
            scores = competence.compute(ids, method)
        except (ValidationError, IndexConfig.DoesNotExist) as error:
            raise CommandError(str(error)) from None
        order = scores.scores.argsort()[::-1][: options["top"]]
        payload: dict[str, Any] = {
            "version": scores.version,
            "people": len(ids),
            "weights": scores.weights,
            "top": [
                {"id": scores.person_ids[i], "score": round(float(scores.scores[i]), 2)}
                for i in order
            ],
        }
        if options["person"]:
            if options["person"] not in set(ids):
                raise CommandError(f"no person {options['person']}")
            payload["explanation"] = {
                "score": scores.score(options["person"]),
                "parts": [part.__dict__ for part in scores.explain(options["person"])],
            }
        groups = competence.standard_groups(ids, datetime.date.today())
        payload["groups"] = {
            name: {"people": n, "mean": round(mean, 2)}
            for name, (n, mean) in competence.by_group(scores, groups).items()
            if not name.startswith("unit:")
        }
        if options["sensitivity"]:
            result = competence.sensitivity(scores, method.config, draws=options["draws"])
            payload["sensitivity"] = {
                "spearman_worst": round(result.worst, 4),
                "spearman_median_random": round(result.median_random, 4),
                "one_at_a_time": [
                    {"weight": key, "factor": factor, "spearman": round(rho, 4)}
                    for key, factor, rho in result.one_at_a_time
                ],
            }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"method {payload['version']}, {len(ids)} people")
        for row in payload["top"]:
            self.stdout.write(f"{row['id']}\t{row['score']}")
        if "sensitivity" in payload:
            sens = payload["sensitivity"]
            self.stdout.write(
                f"Spearman under ±20% weights: worst {sens['spearman_worst']}, "
                f"median of random draws {sens['spearman_median_random']}"
            )
