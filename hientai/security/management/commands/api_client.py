"""`hientai api-client create|list|revoke`: OAuth2 client-credentials clients for other
systems, each scoped to a unit subtree (or the whole city)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from hientai.orgs.models import Unit
from hientai.security import clients


class Command(BaseCommand):
    help = "Register, list or revoke the OAuth2 clients of other systems."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="register system NAME")
        create.add_argument("name")
        where = create.add_mutually_exclusive_group(required=True)
        where.add_argument("--unit", help="code of the unit whose subtree it reaches")
        where.add_argument("--city", action="store_true", help="the whole city")
        create.add_argument(
            "--read-only", action="store_true", help="a leader's reading rights, no writes"
        )
        sub.add_parser("list", help="registered systems")
        revoke = sub.add_parser("revoke", help="revoke system CLIENT_ID")
        revoke.add_argument("client_id")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        action = options["action"]
        if action == "create":
            unit = None
            if options["unit"]:
                try:
                    unit = Unit.objects.get(code=options["unit"])
                except Unit.DoesNotExist as exc:
                    raise CommandError(
                        _("Unknown unit '%(code)s'") % {"code": options["unit"]}
                    ) from exc
            try:
                application, secret = clients.create_client(
                    options["name"],
                    None,
                    unit=unit,
                    city=options["city"],
                    read_only=options["read_only"],
                    channel="command",
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(_("System registered. Client id and secret (shown once):"))
            self.stdout.write(f"client_id={application.client_id}")
            self.stdout.write(f"client_secret={secret}")
        elif action == "list":
            for application in Application.objects.select_related("user").order_by("pk"):
                self.stdout.write(
                    f"{application.client_id}\t{application.name}\t"
                    f"{clients.client_scope_label(application)}"
                )
        else:
            application = Application.objects.filter(client_id=options["client_id"]).first()
            if application is None:
                raise CommandError(_("No system with this client id."))
            clients.revoke_client(application, None, channel="command")
            self.stdout.write(_("System revoked."))
