"""The city's unit hierarchy: city, departments, wards and communes, divisions.

Each unit stores its materialised path ("/75/25210/") so a subtree is one
indexed prefix query. Mergers and renames close the old unit (valid_to) and
record a Succession from old to new, so history is never rewritten.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.core.validity import in_force

PATH_SEPARATOR = "/"
# The deepest real tree is city → department → division (4 levels with the legacy
# province); every walk up or down the tree stops here, so a corrupted tree can never
# loop a worker forever. The database triggers (migration 0003) use the same bound.
MAX_TREE_DEPTH = 16


class UnitCycleError(ValidationError):
    """The unit would become its own ancestor (or the tree would be deeper than allowed)."""


def ancestor_ids(parent_id: int | None, limit: int = MAX_TREE_DEPTH) -> list[int]:
    """Ids from `parent_id` up to the root, bounded: stops at `limit` steps or a repeat."""
    chain: list[int] = []
    current = parent_id
    while current is not None and current not in chain and len(chain) <= limit:
        chain.append(current)
        current = Unit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    if current is not None:
        # A repeat (an existing cycle) or a chain longer than the bound: not a tree.
        chain.append(current)
    return chain


class UnitKind(models.TextChoices):
    CITY = "city", _("City")
    PROVINCE = "province", _("Province (former)")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department")
    BOARD = "board", _("Board")
    AGENCY = "agency", _("Agency")
    PRESS = "press", _("Press and broadcasting")
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    POLICE = "police", _("Police")
    FRONT = "front", _("Fatherland Front")
    ASSOCIATION = "association", _("Association")
    CENTRAL_AGENCY = "central_agency", _("Central agency in the city")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    DIVISION = "division", _("Division")


class UnitQuerySet(ScopedQuerySet["Unit"]):
    def current(self, on: datetime.date | None = None) -> UnitQuerySet:
        """Units in force on `on` (today by default)."""
        day = on or datetime.date.today()
        return self.filter(in_force(day))

    def subtree(self, unit: Unit, include_self: bool = True) -> UnitQuerySet:
        queryset = self.filter(path__startswith=unit.path)
        return queryset if include_self else queryset.exclude(pk=unit.pk)


class Unit(models.Model):
    scope_path_field = "path"

    code = models.CharField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=512, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            # text_pattern_ops lets PostgreSQL answer `path LIKE 'x%'` from the index
            # whatever the database collation; other backends ignore opclasses.
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["text_pattern_ops"]),
            models.Index(fields=["kind"], name="unit_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name_vi

    def save(self, *args, **kwargs) -> None:
        # Every write path (admin, services, loaders, commands) goes through here.
        self.check_parent()
        old_path = None
        if self.pk:
            old_path = type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.computed_path()
        self.depth = self.path.count(PATH_SEPARATOR) - 2
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            from hientai.orgs.services import rewrite_descendant_paths

            rewrite_descendant_paths(old_path, self.path)

    def clean(self) -> None:
        super().clean()
        self.check_parent()

    def check_parent(self) -> None:
        """Refuse a parent that is this unit or one of its descendants (a cycle)."""
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise UnitCycleError(
                {"parent": _("A unit cannot be its own parent unit.")}, code="unit_cycle"
            )
        chain = ancestor_ids(self.parent_id)
        if (self.pk is not None and self.pk in chain) or len(chain) > MAX_TREE_DEPTH:
            raise UnitCycleError(
                {"parent": _("This parent unit lies under the unit itself; choose another one.")},
                code="unit_cycle",
            )

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent is not None else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_vi

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or datetime.date.today()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def ancestors(self) -> UnitQuerySet:
        codes = [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]
        return Unit.objects.filter(code__in=codes).order_by("depth")


class UnitPopulation(models.Model):
    """Population of a unit in a year: the denominator of per-10,000 indicators."""

    scope_path_field = "unit__path"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    estimate = models.BooleanField(_("estimate"), default=False)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_population_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}: {self.population}"


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merged into")
    ABSORB = "absorb", _("Absorbed by")
    RENAME = "rename", _("Renamed to")
    SPLIT = "split", _("Split into")


class Succession(models.Model):
    """Old unit -> new unit, from a date: how records of closed units find today's unit."""

    scope_path_field = "new_unit__path"

    old_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successors_links")
    new_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_date", "old_unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["old_unit", "new_unit"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=~Q(old_unit=models.F("new_unit")), name="no_self_succession"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_unit.code} → {self.new_unit.code} ({self.effective_date})"
