"""Self-registered experts, the changes they propose to their profile, and invitations.

A registration keeps what the expert typed until the e-mail is verified; only then is a
Person made in the registry (in the managing unit). Changes to the profile are proposals
(ChangeRequest) that an officer of the managing unit accepts or returns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class Availability(models.TextChoices):
    OPEN = "open", _("Open to collaborate")
    LIMITED = "limited", _("Available now and then")
    NOT_NOW = "not_now", _("Not available for now")


class ExpertAccount(models.Model):
    """A self-service account: what the expert gave at registration, verification time,
    and the profile attributes the registry has no column for (availability)."""

    scope_owner_field = "user"
    scope_path_field = "unit__path"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_account"
    )
    family_name = models.CharField(_("family name"), max_length=50)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    country = models.ForeignKey(
        "catalogs.Code",
        verbose_name=_("country of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    st_field = models.ForeignKey(
        "catalogs.Code",
        verbose_name=_("S&T field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overseas = models.BooleanField(_("Vietnamese living abroad"), default=False)
    # The unit whose officers keep the profile and review its changes.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="+"
    )
    availability = models.CharField(
        _("availability to collaborate"),
        max_length=10,
        choices=Availability.choices,
        blank=True,
    )
    registered_at = models.DateTimeField(_("registered at"))
    verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-service account")
        verbose_name_plural = _("self-service accounts")

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with a comment")
    CANCELLED = "cancelled", _("Cancelled")


class ChangeRequest(models.Model):
    """A change the expert proposes to their own profile. `data` is the submitted form
    data (re-validated and applied through the registry's services on acceptance);
    `before` and `after` are readable sections for the side-by-side diff."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="change_requests"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note for the officer"), max_length=255, blank=True)
    data = models.JSONField(default=dict)
    before = models.JSONField(default=list)
    after = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("officer's comment"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="ss_change_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person_id} {self.status}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(models.Model):
    """A department's invitation of an expert to a task of a plan, or to anything else
    named by a title and a link (an opportunity, a council)."""

    scope_path_field = "unit__path"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    # The inviting officer's unit: its officers see the answer.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("inviting unit"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    link = models.URLField(_("link"), blank=True)
    message = models.TextField(_("message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.CharField(_("answer"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-invited_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        if self.task_id:
            return str(self.task)
        return self.title
