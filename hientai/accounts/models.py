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


class ApiToken(models.Model):
    """A personal API token (issue 19): the bearer acts as its user, with the user's scope.

    Only a SHA-256 digest of the secret is kept (the secret is random, 256 bits, so a fast
    digest is enough); the secret is shown once, when the token is made."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, to tell tokens apart in lists (not secret).
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.name} ({self.prefix}…)"

    def active_on(self, moment) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > moment
