"""The portal's content pages (policies, news, events, calls, contests) in Vietnamese,
English and, for policies, Chinese; the published statistics snapshots; and the fields an
expert chose to show on their public profile beside the consent itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The portal's languages: Vietnamese and English everywhere, Chinese for the policy pages.
LANGS = ("vi", "en", "zh")
HTML_LANG = {"vi": "vi", "en": "en", "zh": "zh-Hans"}


class Kind(models.TextChoices):
    POLICY = "policy", _("Policy and incentives")
    NEWS = "news", _("News")
    EVENT = "event", _("Event")
    CALL = "call", _("Call for proposals")
    CONTEST = "contest", _("Contest")


# URL segment of each kind (English, short, stable for search engines).
KIND_SLUGS = {
    Kind.POLICY: "policies",
    Kind.NEWS: "news",
    Kind.EVENT: "events",
    Kind.CALL: "calls",
    Kind.CONTEST: "contests",
}
SLUG_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}


class PageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Page(models.Model):
    """One content page; its texts in each language sit side by side (vi and en required
    to publish; zh for policy pages when a translation exists)."""

    scope_public = True

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("address (slug)"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PageStatus.choices, default=PageStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    starts_on = models.DateField(_("date (event, opening)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    summary_vi = models.CharField(_("summary (Vietnamese)"), max_length=300, blank=True)
    body_vi = models.TextField(_("text (Vietnamese)"))
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    summary_zh = models.CharField(_("summary (Chinese)"), max_length=300, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status", "published_at"], name="portal_page_idx")]

    def __str__(self) -> str:
        return self.title_vi

    @property
    def is_published(self) -> bool:
        return self.status == PageStatus.PUBLISHED

    def get_kind_slug(self) -> str:
        return KIND_SLUGS[Kind(self.kind)]

    def languages(self) -> list[str]:
        """The languages the page exists in (zh only for policies that have it)."""
        found = ["vi"]
        if self.title_en and self.body_en:
            found.append("en")
        if self.kind == Kind.POLICY and self.title_zh and self.body_zh:
            found.append("zh")
        return found

    def text(self, lang: str) -> dict[str, str]:
        return {
            "title": getattr(self, f"title_{lang}"),
            "summary": getattr(self, f"summary_{lang}"),
            "body": getattr(self, f"body_{lang}"),
        }


class StatisticsSnapshot(models.Model):
    """Aggregate counts published by a coordinator, already suppressed: the public page
    reads the latest one (never the registry), so it is fast and shows only what was
    checked for small counts."""

    scope_public = True

    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # {"total": cell, "tables": [{"key", "rows": [{"label_vi", "label_en", "value"}]}]}
    # where a cell is {"n": int} or {"suppressed": true}.
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("published statistics")
        verbose_name_plural = _("published statistics")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.published_at:%d/%m/%Y %H:%M}"


class PublicFields(models.Model):
    """What an expert chose to show besides name, fields, expertise and organisation
    (shown once the public-profile consent is given). Contacts and identifiers only if
    chosen one by one."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="public_fields"
    )
    show_email = models.BooleanField(_("show e-mail"), default=False)
    show_phone = models.BooleanField(_("show phone"), default=False)
    show_orcid = models.BooleanField(_("show ORCID"), default=False)
    show_titles = models.BooleanField(_("show academic titles and degrees"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public profile choices")
        verbose_name_plural = _("public profile choices")

    def __str__(self) -> str:
        return str(self.person_id)
