"""`hientai worker`: recover jobs whose worker died, then run the background queue."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.jobs.services import recover_orphans


class Command(BaseCommand):
    help = (
        "Run the background worker (django-tasks-db). On start, jobs left running by a "
        "worker that died are queued again (their database work was rolled back)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls of an empty queue"
        )
        parser.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("vi"):
            recovered = recover_orphans()
            if recovered:
                self.stdout.write(
                    _("Recovered %(count)d interrupted jobs: %(ids)s.")
                    % {"count": len(recovered), "ids": ", ".join(str(j.pk) for j in recovered)}
                )
        self.stdout.flush()
        call_command(
            "db_worker",
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
