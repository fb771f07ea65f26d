"""Versioned national code lists (classification schemes) and their codes.

A Scheme is one version of a classification ("ethnic_group" per Decision
1019/QĐ-TCTK of 2008); two versions of the same list live side by side, and
records point at a Code, which pins the version they were coded against.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class Scheme(models.Model):
    scope_public = True

    key = models.SlugField(_("key"), max_length=50)
    version = models.CharField(_("version"), max_length=50)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    source_document = models.CharField(_("source document"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    unverified = models.BooleanField(
        _("unverified"), default=False, help_text=_("Not yet checked against the official text.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        ordering = ["key", "-is_current", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_scheme_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.version})"

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language.startswith("en") else self.name_vi


class Code(models.Model):
    scope_public = True

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=50)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    label_vi = models.CharField(_("Vietnamese label"), max_length=255)
    label_en = models.CharField(_("English label"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    unverified = models.BooleanField(_("unverified"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    extra = models.JSONField(_("extra attributes"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_code_in_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.label_vi}"

    def label(self, language: str = "vi") -> str:
        return self.label_en if language.startswith("en") and self.label_en else self.label_vi
