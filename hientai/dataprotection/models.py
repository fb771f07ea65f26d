"""Personal-data protection for the registry (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

Reference data (purposes, notice texts, retention rules) is loaded by a data migration.
The ledger of legal bases and consents and the event trail are append-only. Requests
keep no name of their own beyond a reference and a snapshot that is blanked when the
person is erased or anonymised.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.core.models import AppendOnlyModel


class LegalBasis(models.TextChoices):
    """Grounds for processing (Law 91/2025 art. on consent and its exceptions)."""

    CONSENT = "consent", _("Consent of the data subject")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    PUBLIC_TASK = "public_task", _("Task of a state agency under the law")
    CONTRACT = "contract", _("Performance of a contract")
    VITAL_INTEREST = "vital_interest", _("Protecting life or health")


NON_CONSENT_BASES = frozenset(
    {
        LegalBasis.LEGAL_OBLIGATION,
        LegalBasis.PUBLIC_TASK,
        LegalBasis.CONTRACT,
        LegalBasis.VITAL_INTEREST,
    }
)


class ProcessingPurpose(models.Model):
    """Why the registry processes a person's data, and on which ground (reference data)."""

    scope_public = True

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    data_categories = models.CharField(_("data used"), max_length=255, blank=True)
    recipients = models.CharField(_("who receives it"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi

    @property
    def needs_consent(self) -> bool:
        return self.basis == LegalBasis.CONSENT


class NoticeVersion(models.Model):
    """One published version of the privacy notice; a person's ledger rows cite the
    version they were shown. Published texts are never edited: a change is a new version."""

    scope_public = True

    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateField(_("effective from"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_vi = models.TextField(_("text (Vietnamese)"))
    body_en = models.TextField(_("text (English)"))

    class Meta:
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")
        ordering = ["-effective_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} ({self.effective_from:%d/%m/%Y})"


class BasisState(models.TextChoices):
    APPLIES = "applies", _("Legal basis applies (no consent needed)")
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    RESTRICTED = "restricted", _("Processing restricted")
    OBJECTED = "objected", _("Objected: processing stopped")


# States under which the purpose may be pursued for the person.
PROCESSING_ALLOWED = frozenset({BasisState.APPLIES, BasisState.GIVEN})


class ConsentEvidence(models.TextChoices):
    WRITTEN = "written", _("Written form")
    DIGITAL = "digital", _("Digital confirmation")
    RECORDING = "recording", _("Audio recording")
    NOT_NEEDED = "not_needed", _("Not needed (legal basis)")


class BasisRecord(AppendOnlyModel):
    """One entry of a person's ledger: for one purpose, the state from a date on, the
    notice version shown and the evidence. The latest entry per purpose is in force."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="basis_records"
    )
    purpose = models.ForeignKey(ProcessingPurpose, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=BasisState.choices)
    notice = models.ForeignKey(
        NoticeVersion, verbose_name=_("notice version"), on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("effective on"))
    evidence = models.CharField(
        _("evidence"), max_length=12, choices=ConsentEvidence.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal basis or consent record")
        verbose_name_plural = _("legal basis and consent records")
        ordering = ["person", "purpose__order", "recorded_at", "pk"]
        indexes = [models.Index(fields=["person", "purpose", "recorded_at"], name="dp_basis_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose_id} {self.state} {self.effective_on}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("See my data")
    EXPORT = "export", _("Give me a copy of my data")
    RECTIFY = "rectify", _("Correct my data")
    ERASE = "erase", _("Delete my data")
    RESTRICT = "restrict", _("Restrict processing")
    OBJECT = "object", _("Object to processing")
    WITHDRAW = "withdraw", _("Withdraw consent")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DONE = "done", _("Carried out")
    REFUSED = "refused", _("Refused with reasons")


OPEN_STATUSES = frozenset({RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED})


class RequestOutcome(models.TextChoices):
    NONE = "", _("Not yet")
    FULFILLED = "fulfilled", _("Fulfilled")
    ERASED = "erased", _("Profile deleted")
    ANONYMISED = "anonymised", _("Profile anonymised (records kept by law)")
    REFUSED = "refused", _("Refused")


class ReceivedVia(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    ACCOUNT = "account", _("Through their account")


class DataSubjectRequest(models.Model):
    """A data subject's request, tracked against its legal time limit."""

    scope_path_field = "unit__path"
    scope_owner_field = "person__user"

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_requests",
    )
    # The unit keeping the profile when the request came in: the request stays in the
    # officers' scope after the person is erased.
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    subject_name = models.CharField(_("data subject"), max_length=200, blank=True)
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    details = models.TextField(_("details"), blank=True)
    received_via = models.CharField(
        _("received through"),
        max_length=10,
        choices=ReceivedVia.choices,
        default=ReceivedVia.IN_PERSON,
    )
    received_at = models.DateTimeField(_("received at"))
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    due_at = models.DateTimeField(_("due by"))
    extended_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=255, blank=True)
    third_party = models.BooleanField(
        _("a processor or third party must stop"),
        default=False,
        help_text=_("The limit is then 20 days instead of 15 (restriction, objection)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=RequestOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="dp_request_due_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, now: datetime.datetime) -> bool:
        """Still open past its limit, or closed after it."""
        if self.closed_at is not None:
            return self.closed_at > self.due_at
        return now > self.due_at


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    CLOSED = "closed", _("Closed")


class Breach(models.Model):
    """A personal-data breach and its notification clock (detected + 72 hours)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    data_categories = models.CharField(_("data affected"), max_length=255, blank=True)
    people_affected = models.PositiveIntegerField(_("people affected (estimate)"), default=0)
    detected_at = models.DateTimeField(_("detected at"))
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    notify_by = models.DateTimeField(_("notify by"))
    notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    notification_reference = models.CharField(
        _("notification reference"), max_length=100, blank=True
    )
    lateness_reason = models.CharField(_("reason for late notice"), max_length=255, blank=True)
    subjects_notified_at = models.DateTimeField(
        _("data subjects notified at"), null=True, blank=True
    )
    measures = models.TextField(_("measures taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("breach register")
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def overdue(self, now: datetime.datetime) -> bool:
        """Not notified and past the deadline, or notified after it."""
        if self.notified_at is not None:
            return self.notified_at > self.notify_by
        return now > self.notify_by


class RetentionTrigger(models.TextChoices):
    LEFT_TRACKING = "left_tracking", _("Person left the registry (moved out, no longer tracked)")
    DECEASED = "deceased", _("Person deceased")
    CONTACTS_AFTER_LEAVING = "contacts_after_leaving", _("Contacts of a person who left")
    VERSION_AGE = "version_age", _("Age of a history entry")
    REQUEST_CLOSED = "request_closed", _("Data-subject request closed")
    BREACH_CLOSED = "breach_closed", _("Breach closed")


class RetentionRule(models.Model):
    """How long one category of data is kept, from what moment (reference data)."""

    scope_public = True

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category_vi = models.CharField(_("data category (Vietnamese)"), max_length=200)
    category_en = models.CharField(_("data category (English)"), max_length=200)
    trigger = models.CharField(
        _("clock starts at"), max_length=30, choices=RetentionTrigger.choices, unique=True
    )
    period_days = models.PositiveIntegerField(_("kept for (days)"))
    action_vi = models.CharField(_("then (Vietnamese)"), max_length=200)
    action_en = models.CharField(_("then (English)"), max_length=200)
    justification = models.CharField(_("why"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.category_vi

    @property
    def period_label(self) -> str:
        """'5 years' when the period is whole years, else days."""
        from django.utils.translation import ngettext

        if self.period_days % 365 == 0:
            years = self.period_days // 365
            return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
        return ngettext("%(n)d day", "%(n)d days", self.period_days) % {"n": self.period_days}


class EventAction(models.TextChoices):
    BASIS_RECORDED = "basis_recorded", _("legal basis or consent recorded")
    REQUEST_RECEIVED = "request_received", _("request received")
    REQUEST_ACKNOWLEDGED = "request_acknowledged", _("request acknowledged")
    REQUEST_ASSIGNED = "request_assigned", _("handler assigned")
    REQUEST_EXTENDED = "request_extended", _("time limit extended")
    REQUEST_CLOSED = "request_closed", _("request closed")
    EXPORTED = "exported", _("data exported for the data subject")
    ERASED = "erased", _("profile deleted")
    ANONYMISED = "anonymised", _("profile anonymised")
    BREACH_RECORDED = "breach_recorded", _("breach recorded")
    BREACH_UPDATED = "breach_updated", _("breach updated")


class PrivacyEvent(AppendOnlyModel):
    """Append-only trail of every write of this app. Holds the person's id as a number,
    not a foreign key, so the trail outlives an erased person without naming them."""

    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=EventAction.choices)
    person_id = models.PositiveBigIntegerField(_("person id"), null=True, blank=True)
    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    breach = models.ForeignKey(
        Breach, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data-protection event")
        verbose_name_plural = _("data-protection events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
