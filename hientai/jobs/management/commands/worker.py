"""`hientai worker`: recover jobs whose worker died, then run the background queue."""

import logging
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.core.db import is_locked, retry_when_locked
from hientai.jobs.services import prune_files, recover_orphans, start_housekeeping

logger = logging.getLogger(__name__)
BUSY_PAUSE = 1.0  # seconds between polls while the database is locked
BUSY_WAIT = 3600.0  # how long the start-up recovery waits for a busy database


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
            recovered = retry_when_locked(recover_orphans, wait=BUSY_WAIT, what="recovery")
            if recovered:
                self.stdout.write(
                    _("Recovered %(count)d interrupted jobs: %(ids)s.")
                    % {"count": len(recovered), "ids": ", ".join(str(j.pk) for j in recovered)}
                )
            # Job files expire by themselves: pruned now and every hour while this runs.
            pruned = retry_when_locked(prune_files, wait=BUSY_WAIT, what="prune")
            if pruned:
                self.stdout.write(
                    _("Deleted the files of %(count)d finished jobs.") % {"count": pruned}
                )
        self.stdout.flush()
        if not options["batch"]:
            # The long-running worker prunes files and runs the daily duties (reminders) on
            # a thread; `--batch` only drains the queue and exits (cron runs `hientai remind`).
            start_housekeeping()
        while True:
            try:
                call_command(
                    "db_worker",
                    interval=options["interval"],
                    batch=options["batch"],
                    max_tasks=options["max_tasks"],
                    reload=False,
                    startup_delay=False,
                    verbosity=options["verbosity"],
                )
                return
            except OperationalError as error:
                # django-tasks-db opens its claim transaction outside its own "locked"
                # handling: a lock held longer than the busy timeout (an import in another
                # process, a backup) ended the worker. Wait and poll again instead.
                if not is_locked(error):
                    raise
                logger.warning("database busy; the worker polls again in %s s", BUSY_PAUSE)
                close_old_connections()
                time.sleep(BUSY_PAUSE)
