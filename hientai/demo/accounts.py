"""Demo accounts: one per role, so a fresh install can be tried at once."""

from dataclasses import dataclass

from django.db import transaction

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit

DEMO_PASSWORD = "hientai-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str | None
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", Role.ADMIN, None, "system administrator"),
    DemoAccount(
        "sokhcn", "Trần Minh Khoa", Role.COORDINATOR, "75.SKHCN", "coordinator, DOST, city-wide"
    ),
    DemoAccount("dongxoai", "Lê Thị Thu", Role.OFFICER, "25210", "officer of Phường Đồng Xoài"),
    DemoAccount("tranbien", "Phạm Văn Hùng", Role.OFFICER, "26041", "officer of Phường Trấn Biên"),
    DemoAccount("songoaivu", "Nguyễn Thị Hạnh", Role.OFFICER, "75.SNGV", "officer of Sở Ngoại vụ"),
    DemoAccount("lanhdao", "Võ Văn Tâm", Role.LEADER, "75", "leader, read-only, whole city"),
    DemoAccount("chuyengia", "Đặng Quốc Bảo", Role.EXPERT, None, "expert, own profile only"),
]


@transaction.atomic
def load_demo_accounts() -> list[DemoAccount]:
    """Create (or repair) the demo accounts; running it twice changes nothing."""
    for account in DEMO_ACCOUNTS:
        family, _, given = account.full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=account.username, defaults={"first_name": given, "last_name": family}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            # A mailbox of the demo's own domain: reminders land in var/mail (file backend).
            user.email = f"{account.username}@demo.hientai.invalid"
            user.save()
        unit = Unit.objects.get(code=account.unit_code) if account.unit_code else None
        RoleAssignment.objects.get_or_create(user=user, role=account.role, unit=unit)
    return DEMO_ACCOUNTS
