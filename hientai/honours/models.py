"""Honours and contests (issue 18 item 5): programmes are data with a kind; each has rounds
(a year, open and close dates, a status); entries name a person of the registry and/or an
organisation, belong to the unit that keeps them, and carry their result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class ProgrammeKind(models.TextChoices):
    STATE_HONOUR = "state_honour", _("State honour")
    ST_AWARD = "st_award", _("Science and technology award")
    CREATIVITY_CONTEST = "creativity_contest", _("Technical creativity contest")
    STARTUP_CONTEST = "startup_contest", _("Innovation start-up contest")
    OTHER = "other", _("Other")


class Programme(models.Model):
    scope_public = True

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_vi


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open for entries")
    JUDGING = "judging", _("entries closed, judging")
    PUBLISHED = "published", _("results published")


class Round(models.Model):
    scope_public = True

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "programme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "title"], name="honours_round_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AwardLevel(models.TextChoices):
    SPECIAL = "special", _("Special prize")
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    CONSOLATION = "consolation", _("Consolation prize")
    HONOURED = "honoured", _("Honoured")
    NONE = "none", _("No award")


class Entry(models.Model):
    scope_path_field = "unit__path"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honour_entries",
    )
    organisation = models.ForeignKey(
        "talent.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honour_entries",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True)
    award_level = models.CharField(
        _("award level"), max_length=12, choices=AwardLevel.choices, blank=True
    )
    prize = models.CharField(_("prize"), max_length=255, blank=True)
    publish_result = models.BooleanField(_("publish the result"), default=False)
    result_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def awarded(self) -> bool:
        return bool(self.award_level) and self.award_level != AwardLevel.NONE

    @property
    def entrant(self) -> str:
        names = []
        if self.person_id and self.person is not None:
            names.append(self.person.full_name)
        if self.organisation_id and self.organisation is not None:
            names.append(self.organisation.name)
        return " – ".join(names)
