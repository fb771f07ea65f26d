"""Public pages of the portal (anonymous allowed, GET only, language in the URL) and the
coordinators' editing pages. Views are thin: the services decide what is public."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hientai.accounts.scoping import get_visible_or_404
from hientai.portal import sections, services
from hientai.portal.forms import PageForm, PublicFieldsForm
from hientai.portal.models import (
    HTML_LANG,
    KIND_SLUGS,
    LANGS,
    SLUG_KINDS,
    Kind,
    Page,
    PageStatus,
)
from hientai.portal.text import render as render_text
from hientai.registry.models import Person

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English", "zh": "中文"}
# Chinese pages keep the interface (menus, labels) in English, marked lang="en".
UI_LANG = {"vi": "vi", "en": "en", "zh": "en"}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def register_url() -> str:
    """The self-registration page of the selfservice app, once it exists ("" until then)."""
    try:
        return reverse("selfservice:register")
    except NoReverseMatch:
        return ""


def _nav(lang: str, active: str) -> list[dict[str, Any]]:
    """The portal's menu; Chinese pages have only the home and the policies in Chinese, the
    rest links to the English pages."""
    own = lang if lang != "zh" else "en"
    entries = [
        ("home", _("Home"), reverse("portal:home", args=[lang])),
        ("policy", _("Policies"), reverse("portal:page_list", args=[lang, "policies"])),
        ("call", _("Opportunities"), reverse("portal:page_list", args=[own, "calls"])),
        ("contest", _("Contests and honours"), reverse("portal:page_list", args=[own, "contests"])),
        ("event", _("Events"), reverse("portal:page_list", args=[own, "events"])),
        ("news", _("News"), reverse("portal:page_list", args=[own, "news"])),
        ("statistics", _("Statistics"), reverse("portal:statistics", args=[own])),
        ("experts", _("Experts"), reverse("portal:expert_list", args=[own])),
    ]
    return [{"key": k, "label": label, "url": url, "active": k == active}
            for k, label, url in entries]  # fmt: skip


def _render(
    request: HttpRequest,
    lang: str,
    template: str,
    context: dict[str, Any],
    *,
    active: str,
    alternates: dict[str, str],
    title: str,
    description: str,
    jsonld: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a public page: language, canonical URL, hreflang alternates, the language
    switch (only to languages the page exists in), meta description and JSON-LD."""
    with translation.override(UI_LANG[lang]):
        canonical = alternates.get(lang, request.path)
        city = {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": "Ủy ban nhân dân Thành phố Đồng Nai",
            "alternateName": "Đồng Nai City People's Committee",
            "url": _absolute(request, reverse("portal:home", args=["vi"])),
            "address": {
                "@type": "PostalAddress",
                "addressRegion": "Đồng Nai",
                "addressCountry": "VN",
            },
        }
        blocks = [city, *(jsonld or [])]
        context.update(
            {
                "lang": lang,
                "html_lang": HTML_LANG[lang],
                "ui_lang": UI_LANG[lang],
                "nav": _nav(lang, active),
                "switch": [
                    {
                        "code": code,
                        "name": LANG_NAMES[code],
                        "url": url,
                        "hreflang": HTML_LANG[code],
                        "current": code == lang,
                    }
                    for code, url in alternates.items()
                ],
                "alternates": [
                    {"hreflang": HTML_LANG[code], "url": _absolute(request, url)}
                    for code, url in alternates.items()
                ],
                "default_alternate": _absolute(request, alternates["vi"])
                if "vi" in alternates
                else "",
                "canonical": _absolute(request, canonical),
                "page_title": title,
                "meta_description": description[:300],
                # Data blocks are never executed: the CSP (script-src 'self') does not apply.
                "jsonld": json.dumps(
                    blocks if len(blocks) > 1 else city, ensure_ascii=False
                ).replace("<", "\\u003c"),
                "register_url": register_url(),
                "policies_zh": lang == "zh",
            }
        )
        return render(request, template, context, status=status)


def _lang(lang: str, *, zh: bool = False) -> None:
    if lang not in LANGS or (lang == "zh" and not zh):
        raise Http404


def _alternates(name: str, *args: Any, langs: tuple[str, ...] = ("vi", "en")) -> dict[str, str]:
    return {code: reverse(name, args=[code, *args]) for code in langs}


def _card(page: Page, lang: str) -> dict[str, Any]:
    text = page.text(lang)
    return {
        "page": page,
        "title": text["title"],
        "summary": text["summary"],
        "url": reverse("portal:page_detail", args=[lang, KIND_SLUGS[Kind(page.kind)], page.slug]),
    }


@require_safe
def home(request: HttpRequest, lang: str = "vi") -> HttpResponse:
    _lang(lang, zh=True)
    now = timezone.now()
    if lang == "zh":
        policies = [_card(p, lang) for p in services.published_pages(Kind.POLICY, "zh")]
        return _render(
            request, lang, "portal/home_zh.html", {"policies": policies},
            active="home", alternates=_alternates("portal:home", langs=LANGS),
            title="同奈市人才吸引政策",
            description="同奈市吸引海外越南人和外国专家的政策与激励措施。",
        )  # fmt: skip
    blocks: dict[str, list[dict[str, Any]]] = {}
    for kind in (Kind.POLICY, Kind.CALL, Kind.CONTEST, Kind.EVENT, Kind.NEWS):
        pages = services.published_pages(kind, lang)[:3]
        blocks[kind] = [_card(p, lang) for p in pages]
    extra = []
    for section in sections.sections():
        items = sections.items_of(section, now, lang)[:4]
        if items:
            extra.append({"section": section, "items": items,
                          "url": reverse("portal:section", args=[lang, section.key])})  # fmt: skip
    snapshot = services.latest_statistics()
    context = {
        "blocks": blocks,
        "extra": extra,
        "total": snapshot.data["total"] if snapshot else None,
        "experts": services.public_people().count(),
        "policy_count": services.published_pages(Kind.POLICY, lang).count(),
    }
    with translation.override(lang):
        description = _(
            "Đồng Nai City's portal for talent: policies and incentives for experts and "
            "overseas Vietnamese, opportunities, contests, events and statistics."
        )
        title = _("Talent portal of Đồng Nai City")
    return _render(request, lang, "portal/home.html", context, active="home",
                   alternates=_alternates("portal:home", langs=LANGS), title=title,
                   description=description)  # fmt: skip


def _kind_title(kind: str) -> str:
    return {
        Kind.POLICY: _("Policies and incentives"),
        Kind.CALL: _("Opportunities and calls"),
        Kind.CONTEST: _("Contests and honours"),
        Kind.EVENT: _("Events"),
        Kind.NEWS: _("News"),
    }[Kind(kind)]


@require_safe
def page_list(request: HttpRequest, lang: str, kind: str) -> HttpResponse:
    if kind not in SLUG_KINDS:
        raise Http404
    page_kind = SLUG_KINDS[kind]
    _lang(lang, zh=page_kind == Kind.POLICY)
    cards = [_card(p, lang) for p in services.published_pages(page_kind, lang)]
    # Sections registered by other apps that belong to this list (opportunities, honours).
    keys = {Kind.CALL: "opportunities", Kind.CONTEST: "honours"}
    extra = []
    section = next((s for s in sections.sections() if s.key == keys.get(page_kind)), None)
    if section is not None and lang != "zh":
        extra = sections.items_of(section, timezone.now(), lang)
    langs = LANGS if page_kind == Kind.POLICY else ("vi", "en")
    if lang == "zh":
        title, description = "人才吸引政策与激励措施", "同奈市吸引海外越南人和外国专家的政策。"
    else:
        with translation.override(lang):
            title = _kind_title(page_kind)
            description = _("%(what)s on Đồng Nai City's talent portal.") % {"what": title}
    return _render(request, lang, "portal/page_list.html",
                   {"cards": cards, "kind": page_kind, "extra": extra, "heading": title},
                   active=page_kind, alternates=_alternates("portal:page_list", kind, langs=langs),
                   title=title, description=description)  # fmt: skip


@require_safe
def page_detail(request: HttpRequest, lang: str, kind: str, slug: str) -> HttpResponse:
    if kind not in SLUG_KINDS:
        raise Http404
    page_kind = SLUG_KINDS[kind]
    _lang(lang, zh=page_kind == Kind.POLICY)
    page = services.page_for(request.user, page_kind, slug, lang)
    if page is None:
        raise Http404
    text = page.text(lang)
    with translation.override(UI_LANG[lang]):
        list_title = _kind_title(page_kind) if lang != "zh" else "人才吸引政策"
    alternates = {code: reverse("portal:page_detail", args=[code, kind, slug])
                  for code in page.languages()}  # fmt: skip
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event" if page_kind == Kind.EVENT else "Article",
        ("name" if page_kind == Kind.EVENT else "headline"): text["title"],
        "inLanguage": HTML_LANG[lang],
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": "Ủy ban nhân dân Thành phố Đồng Nai",
        },
    }
    if page_kind == Kind.EVENT and page.starts_on:
        article["startDate"] = page.starts_on.isoformat()
        article["location"] = {"@type": "Place", "name": "Đồng Nai",
                               "address": {"@type": "PostalAddress", "addressRegion": "Đồng Nai",
                                           "addressCountry": "VN"}}  # fmt: skip
    elif page.published_at:
        article["datePublished"] = page.published_at.date().isoformat()
    return _render(
        request, lang, "portal/page_detail.html",
        {"page": page, "text": text, "body": render_text(text["body"]),
         "list_url": reverse("portal:page_list", args=[lang, kind]),
         "list_title": list_title,
         "editor": services.may_edit_content(request.user)},
        active=page_kind, alternates=alternates, title=text["title"],
        description=text["summary"] or text["body"][:200], jsonld=[article],
    )  # fmt: skip


@require_safe
def section(request: HttpRequest, lang: str, key: str) -> HttpResponse:
    _lang(lang)
    found = next((s for s in sections.sections() if s.key == key), None)
    if found is None:
        raise Http404
    items = sections.items_of(found, timezone.now(), lang)
    with translation.override(lang):
        title = str(found.title)
    return _render(request, lang, "portal/section.html", {"items": items, "heading": title},
                   active="call", alternates=_alternates("portal:section", key), title=title,
                   description=title)  # fmt: skip


@require_safe
def statistics(request: HttpRequest, lang: str) -> HttpResponse:
    _lang(lang)
    snapshot = services.latest_statistics()
    with translation.override(lang):
        titles = {
            "field": _("By science and technology field"),
            "technology": _("By strategic technology"),
            "unit": _("By unit"),
            "year": _("By year recorded in the registry"),
        }
    tables = []
    if snapshot is not None:
        for table in snapshot.data["tables"]:
            rows = [{"label": row["label_vi"] if lang == "vi" else row["label_en"], **row}
                    for row in table["rows"]]  # fmt: skip
            tables.append({**table, "title": titles.get(table["key"], table["key"]), "rows": rows})
    with translation.override(lang):
        title = _("Published statistics")
        description = _(
            "Counts of experts and talent in Đồng Nai's registry by field, strategic "
            "technology, unit and year; small counts are hidden."
        )
    return _render(request, lang, "portal/statistics.html",
                   {"snapshot": snapshot, "tables": tables,
                    "editor": services.may_edit_content(request.user)},
                   active="statistics", alternates=_alternates("portal:statistics"), title=title,
                   description=description)  # fmt: skip


@require_safe
def expert_list(request: HttpRequest, lang: str) -> HttpResponse:
    _lang(lang)
    people = (
        services.public_people()
        .prefetch_related("st_fields", "strategic_technologies", "employments__unit")
        .order_by("given_name", "family_name", "pk")[:200]
    )
    cards = [services.public_card(person, lang) for person in people]
    with translation.override(lang):
        title = _("Experts")
        description = _("Experts who chose to publish their profile on Đồng Nai's talent portal.")
    return _render(request, lang, "portal/expert_list.html", {"cards": cards},
                   active="experts", alternates=_alternates("portal:expert_list"), title=title,
                   description=description)  # fmt: skip


@require_safe
def expert_detail(request: HttpRequest, lang: str, pk: int) -> HttpResponse:
    _lang(lang)
    person = services.public_person(pk)
    if person is None:
        raise Http404
    card = services.public_card(person, lang)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": card["name"],
        "url": _absolute(request, reverse("portal:expert_detail", args=[lang, pk])),
    }
    if card["expertise"] or card["fields"]:
        data["knowsAbout"] = [*card["fields"], *card["technologies"]] + (
            [card["expertise"]] if card["expertise"] else []
        )
    if card["position"]:
        data["jobTitle"] = card["position"]
    if card["organisation"]:
        data["worksFor"] = {"@type": "Organization", "name": card["organisation"]}
    if card["email"]:
        data["email"] = card["email"]
    if card["phone"]:
        data["telephone"] = card["phone"]
    if card["orcid"]:
        data["sameAs"] = [f"https://orcid.org/{card['orcid']}"]
    summary = ", ".join([*card["fields"], card["organisation"]]) or card["name"]
    return _render(request, lang, "portal/expert_detail.html", {"card": card},
                   active="experts", alternates=_alternates("portal:expert_detail", pk),
                   title=card["name"], description=summary, jsonld=[data])  # fmt: skip


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    return redirect("portal:home", "vi")


# ------------------------------------------------------------------- search engines


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /public/",
        "Allow: /$",
        # The work pages need a sign-in; nothing there is for search engines.
        *(
            f"Disallow: {p}"
            for p in ("/login/", "/people/", "/admin/", "/api/", "/me/", "/public/manage/")
        ),
        f"Sitemap: {_absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every published public page in each of its languages, with hreflang alternates."""
    groups: list[tuple[dict[str, str], str]] = []
    groups.append((_alternates("portal:home", langs=LANGS), ""))
    policy_langs = LANGS
    for kind, slug in KIND_SLUGS.items():
        langs = policy_langs if kind == Kind.POLICY else ("vi", "en")
        groups.append((_alternates("portal:page_list", slug, langs=langs), ""))
    for page in services.published_pages():
        urls = {code: reverse("portal:page_detail", args=[code, KIND_SLUGS[Kind(page.kind)],
                                                          page.slug])
                for code in page.languages()}  # fmt: skip
        groups.append((urls, page.updated_at.date().isoformat()))
    groups.append((_alternates("portal:statistics"), ""))
    groups.append((_alternates("portal:expert_list"), ""))
    for pk in services.public_people().values_list("pk", flat=True):
        groups.append((_alternates("portal:expert_detail", pk), ""))
    for found in sections.sections():
        groups.append((_alternates("portal:section", found.key), ""))
    return render(
        request,
        "portal/sitemap.xml",
        {"groups": [
            {"urls": [(code, HTML_LANG[code], _absolute(request, url)) for code, url in u.items()],
             "lastmod": lastmod}
            for u, lastmod in groups
        ]},
        content_type="application/xml; charset=utf-8",
    )  # fmt: skip


# ------------------------------------------------------------------- editing (coordinators)


def _editor(request: HttpRequest) -> None:
    if not services.may_edit_content(request.user):
        raise PermissionDenied


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _editor(request)
    pages = Page.objects.order_by("status", "-updated_at")
    rows = [{"page": p, "url": reverse("portal:page_detail", args=["vi", KIND_SLUGS[Kind(p.kind)],
                                                                   p.slug])}
            for p in pages]  # fmt: skip
    return render(request, "portal/manage.html",
                  {"rows": rows, "snapshot": services.latest_statistics()})  # fmt: skip


@login_required
def page_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _editor(request)
    page = get_object_or_404(Page, pk=pk) if pk is not None else Page()
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_page(form.save(commit=False), request.user, now=timezone.now())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The page was saved."))
            return redirect("portal:page_edit", saved.pk)
    return render(request, "portal/page_form.html", {"form": form, "page": page})


@login_required
@require_POST
def page_status(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    page = get_object_or_404(Page, pk=pk)
    try:
        if request.POST.get("status") == PageStatus.PUBLISHED:
            services.publish(page, request.user, now=timezone.now())
            messages.success(request, _("The page is published."))
        elif request.POST.get("status") == PageStatus.DRAFT:
            services.unpublish(page, request.user, now=timezone.now())
            messages.success(request, _("The page is back to draft."))
        else:
            messages.error(request, _("Choose to publish the page or return it to draft."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:page_edit", page.pk)


@login_required
@require_POST
def statistics_publish(request: HttpRequest) -> HttpResponse:
    _editor(request)
    services.publish_statistics(request.user, now=timezone.now())
    messages.success(request, _("The statistics were computed and published."))
    return redirect("portal:manage")


@login_required
def expert_fields(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer records what an expert chose to show on their public profile."""
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    if not services.may_set_fields(request.user, person):
        raise PermissionDenied
    choices = services.choices_of(person)
    form = PublicFieldsForm(request.POST or None, instance=choices)
    if request.method == "POST" and form.is_valid():
        services.set_public_fields(person, request.user, now=timezone.now(), **{
            name: form.cleaned_data[name]
            for name in ("show_email", "show_phone", "show_orcid", "show_titles")
        })  # fmt: skip
        messages.success(request, _("The choices were saved."))
        return redirect("portal:expert_fields", person.pk)
    return render(request, "portal/expert_fields.html", {
        "form": form, "person": person,
        "public": services.public_person(person.pk) is not None,
    })  # fmt: skip
