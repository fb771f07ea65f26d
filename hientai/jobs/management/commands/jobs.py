"""`hientai jobs submit|show|list`: background jobs from the command line."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.accounts.scoping import editable
from hientai.jobs import services
from hientai.jobs.models import Job
from hientai.orgs.models import Unit


def _value(text: str) -> Any:
    lowered = text.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    return text


class Command(BaseCommand):
    help = "Submit a background job, show one, or list the latest ones."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        submit = sub.add_parser("submit", help="queue a job: KIND [FILE]")
        submit.add_argument("kind")
        submit.add_argument("file", nargs="?")
        submit.add_argument("--as", dest="username", required=True, help="the submitting user")
        submit.add_argument("--unit", help="unit code the job belongs to")
        submit.add_argument(
            "--param", action="append", default=[], help="KEY=VALUE passed to the job"
        )
        submit.add_argument("--wait", action="store_true", help="wait and show the progress")
        show = sub.add_parser("show", help="status of one job")
        show.add_argument("id", type=int)
        show.add_argument("--wait", action="store_true", help="wait and show the progress")
        prune = sub.add_parser("prune", help="delete the files of jobs finished long ago")
        prune.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="days (default: the retention, HIENTAI_JOBS_RETENTION_DAYS, 30)",
        )
        listing = sub.add_parser("list", help="the latest jobs")
        listing.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("vi"):
            getattr(self, f"_{options['action']}")(options)

    def _submit(self, options: dict) -> None:
        user = user_by_name(options["username"])
        unit = None
        if options["unit"]:
            unit = editable(Unit.objects.filter(code=options["unit"]), user).first()
            if unit is None:
                raise CommandError(
                    _("%(user)s cannot write to unit %(code)s.")
                    % {"user": user.username, "code": options["unit"]}
                )
        params = {}
        for item in options["param"]:
            key, sep, value = item.partition("=")
            if not sep:
                message = _("Parameters are KEY=VALUE, not '%(value)s'.")
                raise CommandError(message % {"value": item})
            params[key] = _value(value)
        path = Path(options["file"]) if options["file"] else None
        if path is not None and not path.is_file():
            raise CommandError(_("File not found: %(file)s.") % {"file": path})
        try:
            job = services.submit(
                options["kind"], user=user, unit=unit, params=params, input_file=path
            )
        except services.JobError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(job.pk))
        self.stdout.flush()
        if options["wait"]:
            self._wait(job)

    def _show(self, options: dict) -> None:
        job = Job.objects.filter(pk=options["id"]).first()
        if job is None:
            raise CommandError(_("No job %(id)d.") % {"id": options["id"]})
        if options["wait"]:
            self._wait(job)
        else:
            self._print(job)

    def _prune(self, options: dict) -> None:
        try:
            count = services.prune_files(older_than_days=options["older_than"])
        except services.JobError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Deleted the files of %(count)d finished jobs.") % {"count": count})

    def _list(self, options: dict) -> None:
        for job in Job.objects.select_related("user")[: options["limit"]]:
            self._print(job)

    def _print(self, job: Job) -> None:
        progress = services.current_progress(job)
        total = progress["total"] if progress["total"] is not None else "?"
        self.stdout.write(
            f"{job.pk}\t{job.kind}\t{job.status}\t{progress['done']}/{total}\t"
            f"{progress['phase']}\t{job.user.username}\t{job.message}"
        )

    def _wait(self, job: Job) -> None:
        """A one-line progress bar until the job finishes."""
        while True:
            job.refresh_from_db()
            progress = services.current_progress(job)
            percent = progress["percent"] or 0
            bar = "#" * (percent // 5) + "-" * (20 - percent // 5)
            sys.stderr.write(
                f"\r[{bar}] {percent:3d}% {progress['done']} {progress['phase'][:20]:20}"
            )
            if job.finished:
                sys.stderr.write("\n")
                break
            time.sleep(0.5)
        self._print(job)
        if job.status != "succeeded":
            raise CommandError(job.message or job.status)
