"""`hientai api-token create|list|revoke`: personal API tokens from the command line."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hientai.accounts import tokens
from hientai.accounts.commands import user_by_name
from hientai.accounts.models import ApiToken


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Make, list or revoke a user's personal API tokens (the secret is shown once)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new token for USERNAME")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        create.add_argument(
            "--days", type=int, default=90, help="days until it expires (1-366, default 90)"
        )
        listing = sub.add_parser("list", help="tokens (of USERNAME, or everyone's)")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke token ID")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        action = options["action"]
        if action == "create":
            owner = user_by_name(options["username"])
            name = options["name"] or _("Command line")
            try:
                token, secret = tokens.create_token(
                    owner, None, name, days=options["days"], channel="command"
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(
                _("Token %(id)s for %(user)s, expires %(expires)s. Its secret (shown once):")
                % {"id": token.pk, "user": owner.username, "expires": _when(token.expires_at)}
            )
            self.stdout.write(secret)
        elif action == "list":
            rows = ApiToken.objects.select_related("user")
            if options["username"]:
                rows = rows.filter(user=user_by_name(options["username"]))
            for token in rows:
                state = _("revoked") if token.revoked_at else ""
                self.stdout.write(
                    f"{token.pk}\t{token.user.username}\t{token.name}\t{token.prefix}…\t"
                    f"{_when(token.created_at)}\t{_when(token.expires_at)}\t"
                    f"{_when(token.last_used_at)}\t{state}".rstrip()
                )
        else:
            try:
                token = ApiToken.objects.select_related("user").get(pk=options["id"])
            except ApiToken.DoesNotExist as exc:
                raise CommandError(_("No token %(id)s.") % {"id": options["id"]}) from exc
            tokens.revoke_token(token, None, channel="command")
            self.stdout.write(_("Token %(id)s revoked.") % {"id": token.pk})
