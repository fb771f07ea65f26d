"""Users and the roles that scope what they may see and change."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator (Department of Science and Technology)")
    OFFICER = "officer", _("Unit data officer")
    LEADER = "leader", _("Leader (read-only)")
    EXPERT = "expert", _("Expert")
    # Reads the personal-data access log (Law 91/2025/QH15); city-wide, changes nothing.
    DPO = "dpo", _("Data protection officer")


class User(AbstractUser):
    """A person who signs in. What they may reach comes from their RoleAssignments."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(models.Model):
    """One role for one user, rooted at a unit (its whole subtree is in scope).

    Admins and coordinators are city-wide; their unit is informative only.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit"),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "coordinator", "expert", "dpo"])
                | models.Q(unit__isnull=False),
                name="scoped_roles_need_unit",
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.unit.code}" if self.unit is not None else ""
        return f"{self.user.username}: {self.get_role_display()}{where}"
