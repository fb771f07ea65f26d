"""`hientai serve`: collect static files and run the app under granian (WSGI)."""

import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve hientai with granian (production-grade WSGI server); static files by whitenoise."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="blocking threads per worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        granian = Path(sys.executable).with_name("granian")
        executable = str(granian) if granian.exists() else shutil.which("granian")
        if not executable:
            raise CommandError("granian is not installed; run `make install`.")
        command = [
            executable,
            "--interface",
            "wsgi",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            str(options["threads"]),
            "hientai.wsgi:application",
        ]
        self.stdout.write(f"hientai: http://{options['host']}:{options['port']}/")
        process = subprocess.Popen(command)

        def stop(signum: int, _frame: Any) -> None:
            process.send_signal(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sys.exit(process.wait())
