"""`hientai demo`: sample data for trying hientai: the demo accounts, generated profiles for
an empty registry, sample plans, reported values and submissions. The reference data (units,
code lists, the indicator catalogue and targets, the statutory datasets) come with
`hientai migrate`, not from here. Refused under HIENTAI_PROFILE=production."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.models import Role, User
from hientai.core.text import fold
from hientai.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_accounts
from hientai.demo.generator import PersonRecord, generate_people
from hientai.demo.indicators import load_demo_indicators
from hientai.demo.plans import load_demo_plans
from hientai.demo.portal import load_demo_portal
from hientai.demo.reporting import load_demo_reporting
from hientai.demo.talent_use import load_demo_talent_use
from hientai.demo.tracking import load_demo_tracking
from hientai.registry.bulk import load_people
from hientai.registry.history import recording
from hientai.registry.models import Person

DEMO_SEED = 2026
DEMO_PEOPLE = 20_000


def _expert_account() -> Any:
    """The demo expert persona (username and full name from demo/accounts.py)."""
    return next(a for a in DEMO_ACCOUNTS if a.role == Role.EXPERT)


def _with_expert(records: Iterator[PersonRecord], source: list[str]) -> Iterator[PersonRecord]:
    """Give the demo expert's name to the first generated male scientist or expert, so the
    persona has a profile of their own; `source` receives that record's source tag."""
    family, middle, given = _expert_account().full_name.split(" ", 2)
    for record in records:
        suitable = record.gender == "male" and record.personal_id and record.status == "active"
        if not source and suitable and {"scientist", "expert"} & set(record.categories):
            record.family_name, record.middle_name, record.given_name = family, middle, given
            if record.email:
                record.email = f"{fold(family + middle + given).replace(' ', '')}@gmail.com"
            source.append(record.source)
        yield record


def load_demo_people(count: int, seed: int = DEMO_SEED) -> tuple[int, str]:
    """Load `count` generated profiles when the registry has none yet; returns how many
    were loaded and the source tag of the expert persona's profile ("" if none)."""
    if count <= 0 or Person.objects.exists():
        return 0, ""
    source: list[str] = []
    loaded = load_people(_with_expert(generate_people(count, seed=seed), source))
    return loaded, source[0] if source else ""


@transaction.atomic
def link_expert_profile(source: str = "") -> Person | None:
    """Link the demo expert account to one profile (Person.user); idempotent."""
    user = User.objects.filter(username=_expert_account().username).first()
    if user is None:
        return None
    own = Person.objects.filter(user=user).first()
    if own is not None:
        return own
    free = Person.objects.filter(user__isnull=True).order_by("pk")
    family, middle, given = _expert_account().full_name.split(" ", 2)
    person = (
        (free.filter(source=source).first() if source else None)
        or free.filter(family_name=family, middle_name=middle, given_name=given).first()
        or free.filter(categories__code="expert", status="active").first()
    )
    if person is None:
        return None
    with recording(None, _("demo: the expert account's own profile")):
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return person


class Command(BaseCommand):
    # Checks run by hand in handle(): under production the refusal below must come first,
    # not the production settings checks.
    requires_system_checks: list[str] = []
    help = (
        "Load the demo data into the configured database (idempotent) and print the logins: "
        "the demo accounts and, when the registry has no profile yet, --people generated "
        "profiles (fixed seed), one of them linked to the expert account."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="load only when the database has no users yet"
        )
        parser.add_argument(
            "--people",
            default=str(DEMO_PEOPLE),
            help=f"generated profiles to load into an empty registry (default {DEMO_PEOPLE})",
        )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # Demo accounts share one published password: never on a real install.
            raise CommandError(
                _(
                    "The demo is not loaded under HIENTAI_PROFILE=production: it creates "
                    "accounts with a published password. Create the first administrator "
                    "with `hientai createsuperuser`."
                )
            )
        self.check(display_num_errors=False)
        try:
            people = int(options["people"])
        except ValueError:
            people = -1
        if people < 0:
            raise CommandError(
                _("--people must be a whole number (0 or more), not '%(value)s'.")
                % {"value": options["people"]}
            )
        if options["if_empty"] and User.objects.exists():
            self.stdout.write(_("Database already has data; demo not reloaded."))
        else:
            load_demo_accounts()
            if people and Person.objects.exists():
                self.stdout.write(_("The registry already has profiles; none generated."))
            loaded, source = load_demo_people(people)
            if loaded:
                self.stdout.write(
                    _("Loaded %(count)d generated profiles (seed %(seed)d).")
                    % {"count": loaded, "seed": DEMO_SEED}
                )
            plans = load_demo_plans()
            if plans:
                self.stdout.write(
                    _("Loaded %(count)d demo plans (the city plan is active).")
                    % {"count": len(plans)}
                )
            # Indicators read the plans' targets; reporting reads the indicators.
            for summary in (load_demo_indicators(), load_demo_reporting(), load_demo_tracking()):
                if summary:
                    self.stdout.write(summary)
            for summary in (load_demo_talent_use(), load_demo_portal()):
                if summary:
                    self.stdout.write(summary)
            person = link_expert_profile(source)
            if person is not None:
                self.stdout.write(
                    _("The expert account '%(user)s' has the profile of %(name)s.")
                    % {"user": _expert_account().username, "name": person.full_name}
                )
            self.stdout.write(_("Demo data loaded."))
        self.stdout.write(
            "\n" + _("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD}
        )
        for account in DEMO_ACCOUNTS:
            where = f" [{account.unit_code}]" if account.unit_code else ""
            self.stdout.write(f"  {account.username:<10} {account.description}{where}")
