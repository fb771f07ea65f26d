from typing import Any

from django.core.management.base import BaseCommand

from hientai.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts
from hientai.accounts.models import User


class Command(BaseCommand):
    help = "Load the demo data into the configured database (idempotent) and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="load only when the database has no users yet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Database already has data; demo not reloaded.")
        else:
            load_demo_accounts()
            self.stdout.write("Demo data loaded.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for account in DEMO_ACCOUNTS:
            where = f" [{account.unit_code}]" if account.unit_code else ""
            self.stdout.write(f"  {account.username:<10} {account.description}{where}")
