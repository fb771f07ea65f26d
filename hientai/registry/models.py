"""The registry of people: intellectuals, experts, scientists, overseas Vietnamese,
high-quality and digital human resources, and the public staff whose training
the plans count.

Fields follow the researcher data elements the national S&T database expects
(Circular 05/2021/TT-BKHCN, see shared/reference/vn-framework.md) and what the
city's plans count. Coded values point at catalogs.Code rows, which pin the
code-list version. Every change is versioned by `registry.history`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.core.models import AppendOnlyQuerySet, StrictAppendOnlyModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


class OverseasKind(models.TextChoices):
    NONE = "", _("In Vietnam")
    VIETNAMESE_ABROAD = "vietnamese_abroad", _("Vietnamese living abroad")
    FOREIGN_EXPERT = "foreign_expert", _("Foreign expert")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    OVERSEAS = "overseas", _("Working overseas")
    STUDYING = "studying", _("Studying or training")
    RETIRED = "retired", _("Retired")
    MOVED_OUT = "moved_out", _("Moved out of the city")
    DECEASED = "deceased", _("Deceased")
    INACTIVE = "inactive", _("No longer tracked")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    FDI = "fdi", _("Foreign-invested (FDI)")
    OVERSEAS = "overseas", _("Overseas")


class LeadershipLevel(models.TextChoices):
    NONE = "", _("None")
    DEPUTY_DIVISION = "deputy_division", _("Deputy head of division")
    DIVISION = "division", _("Head of division")
    DEPUTY_UNIT = "deputy_unit", _("Deputy head of unit")
    UNIT = "unit", _("Head of unit")
    CITY = "city", _("City leader")


DIVISION_LEVEL_OR_ABOVE = {
    LeadershipLevel.DEPUTY_DIVISION,
    LeadershipLevel.DIVISION,
    LeadershipLevel.DEPUTY_UNIT,
    LeadershipLevel.UNIT,
    LeadershipLevel.CITY,
}


def _code(
    scheme_key: str, verbose: StrOrPromise, related_name: str = "+", **extra
) -> models.ForeignKey:
    return models.ForeignKey(
        "catalogs.Code",
        verbose_name=verbose,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        limit_choices_to={"scheme__key": scheme_key},
        **extra,
    )


class PersonQuerySet(ScopedQuerySet["Person"]):
    def with_status_on(self, day: datetime.date) -> PersonQuerySet:
        """People whose status period covering `day` exists (for as-of counts)."""
        return self.filter(
            Q(status_periods__effective_from__lte=day),
            Q(status_periods__effective_to__isnull=True) | Q(status_periods__effective_to__gte=day),
        )


class Person(models.Model):
    scope_path_field = "unit__path"
    scope_owner_field = "user"

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The unit whose officers keep this profile."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("own account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    # Identity
    family_name = models.CharField(_("family name"), max_length=50)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    full_name = models.CharField(_("full name"), max_length=200, editable=False, db_index=True)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("Enough when the exact date is unknown."),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    ethnic_group = _code("ethnic_group", _("ethnic group"))
    nationality = _code("country", _("nationality"))
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    old_id_number = models.CharField(_("old ID card number"), max_length=9, blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="photos/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"])],
    )
    # Contacts and residence
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    residence_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("ward or commune of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    # Overseas
    overseas_kind = models.CharField(
        _("overseas status"), max_length=20, choices=OverseasKind.choices, blank=True
    )
    overseas_country = _code("country", _("country of residence abroad"))
    overseas_city = models.CharField(_("city abroad"), max_length=100, blank=True)
    # Classification and expertise
    categories = models.ManyToManyField(
        "catalogs.Code",
        verbose_name=_("categories"),
        related_name="people_in_category",
        limit_choices_to={"scheme__key": "person_category"},
        blank=True,
    )
    st_fields = models.ManyToManyField(
        "catalogs.Code",
        verbose_name=_("S&T fields"),
        related_name="people_in_field",
        limit_choices_to={"scheme__key": "st_field"},
        blank=True,
    )
    strategic_technologies = models.ManyToManyField(
        "catalogs.Code",
        verbose_name=_("strategic technologies"),
        related_name="people_in_technology",
        limit_choices_to={"scheme__key": "strategic_technology"},
        blank=True,
    )
    keywords = models.CharField(_("expertise keywords"), max_length=500, blank=True)
    # Identifiers and provenance
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True)
    scopus_id = models.CharField(_("Scopus author ID"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    # Derived, kept for fast lists and facets; the timeline is the truth.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    quality_score = models.PositiveSmallIntegerField(_("data-quality score"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["given_name", "family_name", "pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="person_unit_status_idx"),
            models.Index(fields=["personal_id"], name="person_personal_id_idx"),
            # The data-quality duplicate check looks people up by their old ID.
            models.Index(fields=["old_id_number"], name="person_old_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"], condition=~Q(personal_id=""), name="unique_personal_id"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = compose_full_name(self.family_name, self.middle_name, self.given_name)
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - int(before_birthday)
        return day.year - self.birth_year if self.birth_year else None


def compose_full_name(family: str, middle: str, given: str) -> str:
    return " ".join(part.strip() for part in (family, middle, given) if part and part.strip())


class PersonPart(models.Model):
    """A record that belongs to one person (and is scoped and versioned with it)."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    source = models.CharField(_("source"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Qualification(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    level = _code("qualification_level", _("qualification level"))
    degree = _code("degree", _("degree"))
    st_field = _code("st_field", _("S&T field"))
    major = models.CharField(_("major"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    country = _code("country", _("country"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return f"{self.degree or self.level} {self.year or ''}".strip()


class AcademicTitle(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="academic_titles")
    title = _code("academic_title", _("academic title"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic title")
        verbose_name_plural = _("academic titles")
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return f"{self.title} {self.year or ''}".strip()


class LanguageSkill(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = _code("language", _("language"))
    level = _code("language_level", _("level"))

    class Meta:
        verbose_name = _("foreign language")
        verbose_name_plural = _("foreign languages")

    def __str__(self) -> str:
        return f"{self.language} {self.level or ''}".strip()


class Employment(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit of the city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employments",
    )
    organization = models.CharField(_("outside organisation"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    leadership_level = models.CharField(
        _("leadership level"), max_length=20, choices=LeadershipLevel.choices, blank=True
    )
    is_division_leader_or_above = models.BooleanField(_("division head or above"), default=False)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    occupation_group = _code("occupation_group", _("occupation group"))
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        ordering = ["person", "-start"]

    def __str__(self) -> str:
        return f"{self.position} – {self.unit or self.organization}"

    def save(self, *args, **kwargs) -> None:
        if self.leadership_level in DIVISION_LEVEL_OR_ABOVE:
            self.is_division_leader_or_above = True
        super().save(*args, **kwargs)


class Publication(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(_("title"), max_length=500)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    venue = models.CharField(_("journal or venue"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return self.title


class PatentKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    UTILITY_SOLUTION = "utility_solution", _("Utility solution")


class PatentStatus(models.TextChoices):
    FILED = "filed", _("Application filed")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class Patent(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="patents")
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=PatentKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PatentStatus.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("patent or utility solution")
        verbose_name_plural = _("patents and utility solutions")
        ordering = ["person", "-filed_on"]

    def __str__(self) -> str:
        return self.title


class ProjectRole(models.TextChoices):
    LEADER = "leader", _("Principal investigator")
    SECRETARY = "secretary", _("Scientific secretary")
    MEMBER = "member", _("Member")


class STProject(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="st_projects")
    title = models.CharField(_("title"), max_length=500)
    code = models.CharField(_("project code"), max_length=50, blank=True)
    level = models.CharField(
        _("level"), max_length=50, blank=True, help_text=_("national, city, unit")
    )
    role = models.CharField(_("role"), max_length=10, choices=ProjectRole.choices)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    applied = models.BooleanField(_("applied in practice"), default=False)

    class Meta:
        verbose_name = _("S&T task")
        verbose_name_plural = _("S&T tasks")
        ordering = ["person", "-accepted_on"]

    def __str__(self) -> str:
        return self.title


class Award(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(_("award or honour"), max_length=255)
    level = models.CharField(
        _("level"),
        max_length=50,
        blank=True,
        help_text=_("international, regional, national, city"),
    )
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("award or honour")
        verbose_name_plural = _("awards and honours")
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    topic = _code("training_topic", _("topic"))
    title = models.CharField(_("course"), max_length=255, blank=True)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    certificate = models.CharField(_("certificate"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["person", "-end"]

    def __str__(self) -> str:
        return self.title or str(self.topic)


class AssessmentKind(models.TextChoices):
    IT = "it", _("IT skills")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    DIGITAL_SKILLS = "digital_skills", _("National digital-skill assessment")


class SkillAssessment(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    result = models.CharField(_("result"), max_length=100)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["person", "-assessed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.result}"


class StatusPeriod(PersonPart):
    """One stretch of a person's status; periods of one person never overlap."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_periods")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("status period")
        verbose_name_plural = _("status timeline")
        ordering = ["person", "effective_from"]
        indexes = [models.Index(fields=["person", "effective_from"], name="status_person_from_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.effective_from}"


class ProfileVersion(models.Model):
    """One change to a profile or one of its parts: who, when, before, after, why."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="versions")
    at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    entity = models.CharField(_("record"), max_length=40)
    entity_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile version")
        verbose_name_plural = _("profile history")
        ordering = ["person", "at", "pk"]
        indexes = [models.Index(fields=["person", "entity", "at"], name="version_person_at_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.entity} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


class AccessChannel(models.TextChoices):
    """Where personal data was shown or handed out unmasked."""

    WEB = "web", _("Profile page")
    WEB_EDIT = "web-edit", _("Profile edit form")
    WEB_HISTORY = "web-history", _("Profile history")
    API = "api", _("API")
    EXPORT = "export", _("Export file")
    REPORT = "report", _("Report")
    ADMIN = "admin", _("Administration")
    JOB_FILE = "job-file", _("Job file download")
    COMMAND = "command", _("Command line")


class SensitiveAccess(StrictAppendOnlyModel):
    """A log line for every time personal data was shown unmasked, in any channel.

    Append-only (no update or delete through the ORM) and it outlives the person:
    deleting a profile sets `person` to NULL and keeps its id and name here.
    """

    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sensitive_accesses",
    )
    person_ref = models.PositiveBigIntegerField(_("person id"), null=True, blank=True)
    person_label = models.CharField(_("person"), max_length=255, blank=True)
    unit_code = models.CharField(_("unit code"), max_length=64, blank=True)
    # No user: the system itself (a command run by the operator); user_name says who.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    fields = models.CharField(_("fields shown"), max_length=255)
    channel = models.CharField(_("where"), max_length=50, help_text=_("web, api, export"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person_ref", "at"], name="access_person_idx"),
            models.Index(fields=["user", "at"], name="access_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_name or self.user_id} → {self.person_ref} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        # The person's id, name and unit are copied so the row still reads once they are gone.
        if self.pk is None and self.person_id and self.person_ref is None:
            self.person_ref = self.person_id
        if self.pk is None and self.person_id and not self.person_label:
            self.person_label = self.person.full_name[:255]
            self.unit_code = self.person.unit.code if self.person.unit_id else ""
        if self.pk is None and not self.user_name and self.user_id:
            self.user_name = self.user.get_username()[:150]
        super().save(*args, **kwargs)
