"""The portal's writes (content pages, their workflow, published statistics, an expert's
public-field choices) and its public reads (published pages, opted-in experts).

Every write checks who may do it and writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, scope_for
from hientai.core.audit import Action, record, snapshot, stored
from hientai.dataprotection.models import BasisRecord, BasisState
from hientai.portal import statistics
from hientai.portal.models import Kind, Page, PageStatus, PublicFields, StatisticsSnapshot
from hientai.registry.models import Person, Status

PUBLIC_PURPOSE = "public_profile"
# A public profile is never shown for these (the consent may outlive the person's record).
HIDDEN_STATUSES = (Status.DECEASED, Status.INACTIVE)


def may_edit_content(user: Any) -> bool:
    """Coordinators and administrators edit and publish the portal."""
    return scope_for(user).city_wide


def _require_editor(user: Any) -> None:
    if not may_edit_content(user):
        raise PermissionDenied(_("Only coordinators may edit the portal."))


def _aware(now: datetime.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


# ------------------------------------------------------------------- content pages

EDITABLE = (
    "kind", "slug", "starts_on", "deadline",
    "title_vi", "summary_vi", "body_vi",
    "title_en", "summary_en", "body_en",
    "title_zh", "summary_zh", "body_zh",
)  # fmt: skip


def _check(page: Page) -> None:
    errors: dict[str, str] = {}
    if page.kind not in Kind.values:
        errors["kind"] = _("Choose the kind of page.")
    if not page.title_vi.strip() or not page.body_vi.strip():
        errors["title_vi"] = _("A page needs its Vietnamese title and text.")
    if page.deadline and page.starts_on and page.deadline < page.starts_on:
        errors["deadline"] = _("The deadline cannot be before the date.")
    if page.kind != Kind.POLICY and (page.title_zh or page.body_zh):
        errors["title_zh"] = _("Only policy pages have a Chinese version.")
    if page.status == PageStatus.PUBLISHED and not (page.title_en.strip() and page.body_en.strip()):
        errors["title_en"] = _("A published page needs its English title and text.")
    duplicate = Page.objects.filter(slug=page.slug).exclude(pk=page.pk).exists()
    if not page.slug or duplicate:
        errors["slug"] = _("This address is already used by another page.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_page(page: Page, user: Any, *, now: datetime.datetime) -> Page:
    """Create or change a page (its status is changed by publish/unpublish only)."""
    _aware(now)
    _require_editor(user)
    before = snapshot(stored(page))
    if not page.slug:
        page.slug = slugify(page.title_en or page.title_vi)[:100] or f"page-{int(now.timestamp())}"
    _check(page)
    page.updated_by = user
    page.save()
    record(user, Action.UPDATE if before else Action.CREATE, page, before=before,
           after=snapshot(page, exclude=("updated_by",)), at=now)  # fmt: skip
    return page


@transaction.atomic
def publish(page: Page, user: Any, *, now: datetime.datetime) -> Page:
    _aware(now)
    _require_editor(user)
    before = snapshot(stored(page))
    page.status = PageStatus.PUBLISHED
    page.published_at = page.published_at or now
    _check(page)
    page.updated_by = user
    page.save()
    record(user, Action.STATUS, page, before=before, after=snapshot(page), at=now,
           reason="published")  # fmt: skip
    return page


@transaction.atomic
def unpublish(page: Page, user: Any, *, now: datetime.datetime) -> Page:
    """Back to draft: the public page answers 404 at once."""
    _aware(now)
    _require_editor(user)
    before = snapshot(stored(page))
    page.status = PageStatus.DRAFT
    page.updated_by = user
    page.save()
    record(user, Action.STATUS, page, before=before, after=snapshot(page), at=now,
           reason="unpublished")  # fmt: skip
    return page


def published_pages(kind: str | None = None, lang: str = "vi") -> QuerySet[Page]:
    pages = Page.objects.filter(status=PageStatus.PUBLISHED)
    if kind:
        pages = pages.filter(kind=kind)
    if lang == "en":
        pages = pages.exclude(title_en="").exclude(body_en="")
    elif lang == "zh":
        pages = pages.filter(kind=Kind.POLICY).exclude(title_zh="").exclude(body_zh="")
    return pages.order_by("-published_at", "-pk")


def page_for(user: Any, kind: str, slug: str, lang: str) -> Page | None:
    """The page at a public address: published ones for everyone, drafts for editors;
    None (a 404) when it does not exist in that language."""
    page = Page.objects.filter(kind=kind, slug=slug).first()
    if page is None or lang not in page.languages():
        return None
    if not page.is_published and not may_edit_content(user):
        return None
    return page


# ------------------------------------------------------------------- statistics


@transaction.atomic
def publish_statistics(user: Any, *, now: datetime.datetime) -> StatisticsSnapshot:
    _aware(now)
    _require_editor(user)
    figures = statistics.compute()
    published = StatisticsSnapshot.objects.create(published_at=now, published_by=user, data=figures)
    record(user, Action.CREATE, published, after={"published_at": now}, at=now)
    return published


def latest_statistics() -> StatisticsSnapshot | None:
    return StatisticsSnapshot.objects.order_by("-published_at", "-pk").first()


# ------------------------------------------------------------------- public profiles


def public_people() -> QuerySet[Person]:
    """People whose latest ledger entry for the public-profile purpose is a consent given:
    a withdrawal (or refusal, restriction, objection) takes them off at once."""
    latest = (
        BasisRecord.objects.filter(person=OuterRef("pk"), purpose__code=PUBLIC_PURPOSE)
        .order_by("-recorded_at", "-pk")
        .values("state")[:1]
    )
    return (
        Person.objects.annotate(public_state=Subquery(latest))
        .filter(public_state=BasisState.GIVEN)
        .exclude(status__in=HIDDEN_STATUSES)
    )


def public_person(pk: int) -> Person | None:
    return public_people().filter(pk=pk).first()


def choices_of(person: Person) -> PublicFields:
    return PublicFields.objects.filter(person=person).first() or PublicFields(person=person)


def may_set_fields(user: Any, person: Person) -> bool:
    """Officers who keep the profile, coordinators, and the expert themselves."""
    own = bool(person.user_id) and person.user_id == getattr(user, "pk", None)
    return (
        own
        or (bool(scope_for(user).write_paths) and can_edit(person, user))
        or (scope_for(user).city_wide)
    )


@transaction.atomic
def set_public_fields(
    person: Person,
    user: Any,
    *,
    now: datetime.datetime,
    show_email: bool = False,
    show_phone: bool = False,
    show_orcid: bool = False,
    show_titles: bool = True,
) -> PublicFields:
    """Record what the expert chose to show on their public profile (each contact or
    identifier chosen one by one; nothing is shown without the consent itself)."""
    _aware(now)
    if not may_set_fields(user, person):
        raise PermissionDenied(_("You may not change this expert's public profile."))
    choices = choices_of(person)
    before = snapshot(stored(choices)) if choices.pk else None
    choices.show_email = show_email
    choices.show_phone = show_phone
    choices.show_orcid = show_orcid
    choices.show_titles = show_titles
    choices.save()
    record(user, Action.UPDATE if before else Action.CREATE, choices, before=before,
           after=snapshot(choices), unit=person.unit, person_id=person.pk, at=now,
           label=person.full_name)  # fmt: skip
    return choices


def public_card(person: Person, lang: str) -> dict[str, Any]:
    """What the public sees of an opted-in expert: name, fields, expertise, organisation,
    and the contacts or identifiers they chose (nothing else)."""

    def label(code: Any) -> str:
        return (code.label_en or code.label_vi) if lang != "vi" else code.label_vi

    choices = choices_of(person)
    employment = (
        person.employments.select_related("unit")
        .filter(end__isnull=True)
        .order_by("-start")
        .first()
        or person.employments.select_related("unit").order_by("-start").first()
    )
    organisation = ""
    if employment is not None:
        if employment.organization:
            organisation = employment.organization
        elif employment.unit is not None:
            unit = employment.unit
            organisation = (unit.name_en or unit.name_vi) if lang != "vi" else unit.name_vi
    titles: list[str] = []
    if choices.show_titles:
        titles = [label(t.title) for t in person.academic_titles.select_related("title") if t.title]
        titles += [label(q.degree) for q in person.qualifications.select_related("degree")
                   if q.degree]  # fmt: skip
    return {
        "pk": person.pk,
        "name": person.full_name,
        "fields": [label(code) for code in person.st_fields.all()],
        "technologies": [label(code) for code in person.strategic_technologies.all()],
        "expertise": person.keywords,
        "organisation": organisation,
        "position": employment.position if employment is not None else "",
        "titles": list(dict.fromkeys(titles)),
        "email": person.email if choices.show_email else "",
        "phone": person.phone if choices.show_phone else "",
        "orcid": person.orcid if choices.show_orcid else "",
    }
