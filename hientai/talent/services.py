"""Every write of the talent app: scope checks, the audit row, then derived data.

- Vocabulary (synonym groups): coordinators and administrators; terms belong to one
  group only; a change re-posts the concept (who mentions it is computed again).
- Organisations: officers of the managing unit, coordinators, administrators; a change
  of names re-links the people whose employment names the organisation.
- Shortlists: their owner writes; people shared with read; entries only of people the
  writer may see.
- Export: a shortlist as CSV or XLSX, personal data masked for the reader's role and
  every unmasked profile logged in the access log (channel "export").
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core.audit import record
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.registry.models import AccessChannel, Employment, Person
from hientai.registry.privacy import log_accesses, mask, may_see_sensitive
from hientai.talent import competence, indexer
from hientai.talent.models import (
    IndexConfig,
    Organisation,
    Shortlist,
    ShortlistEntry,
    SynonymGroup,
)
from hientai.talent.query import WORD

MAX_TERMS = 200


def may_edit_vocabulary(user: Any) -> bool:
    return scope_for(user).city_wide


def _phrase(term: str) -> tuple[str, ...]:
    return tuple(WORD.findall(fold(term)))


def save_synonym_group(
    user: Any,
    group: SynonymGroup | None,
    *,
    label_vi: str,
    label_en: str,
    terms: str,
    active: bool = True,
) -> SynonymGroup:
    """Create or change a concept; its terms must not belong to another concept."""
    if not may_edit_vocabulary(user):
        raise PermissionDenied(_("Only the coordinator changes the finder's vocabulary."))
    label_vi, label_en = label_vi.strip(), label_en.strip()
    lines = [line.strip() for line in re.split(r"[\n|]", terms or "") if line.strip()]
    lines = list(dict.fromkeys(lines))
    if not label_vi:
        raise ValidationError(_("The Vietnamese name is required."))
    if not lines:
        raise ValidationError(_("Give at least one term."))
    if len(lines) > MAX_TERMS:
        raise ValidationError(_("At most %(n)s terms in one group.") % {"n": MAX_TERMS})
    mine = {_phrase(term) for term in [label_vi, label_en, *lines] if _phrase(term)}
    others = SynonymGroup.objects.exclude(pk=group.pk) if group else SynonymGroup.objects.all()
    for other in others:
        theirs = {_phrase(t) for t in [other.label_vi, other.label_en, *other.term_list()]}
        clash = sorted(" ".join(term) for term in mine & theirs)
        if clash:
            raise ValidationError(
                _("“%(terms)s” already belongs to the group “%(group)s”.")
                % {"terms": ", ".join(clash), "group": other.label_vi}
            )
    old_terms = group.term_list() if group else []
    with transaction.atomic():
        before = None
        if group is None:
            base = slugify(fold(label_en or label_vi))[:50] or "concept"
            key, number = base, 1
            while SynonymGroup.objects.filter(key=key).exists():
                number += 1
                key = f"{base}-{number}"
            group = SynonymGroup(key=key)
        else:
            before = {"label_vi": group.label_vi, "label_en": group.label_en,
                      "terms": group.terms, "active": group.active}  # fmt: skip
        group.label_vi, group.label_en = label_vi, label_en
        group.terms, group.active = "\n".join(lines), active
        group.save()
        after = {"label_vi": label_vi, "label_en": label_en, "terms": group.terms,
                 "active": active}  # fmt: skip
        record(user, "create" if before is None else "update", group, before=before, after=after)
    indexer.invalidate()
    indexer.repost_concept(group.key, [*old_terms, *lines, label_vi, label_en])
    return group


# --------------------------------------------------------------------------- organisations

ORGANISATION_FIELDS = ("name", "short_name", "kind", "unit", "tax_code", "address", "website",
                       "aliases", "description")  # fmt: skip


def _organisation_state(organisation: Organisation) -> dict[str, Any]:
    state = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS if name != "unit"}
    state["unit"] = organisation.unit.code if organisation.unit_id else ""
    return state


def _check_unit(user: Any, unit: Unit | None) -> None:
    if unit is None or not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise PermissionDenied(_("You may not keep records of this unit."))


def linked_people(organisation: Organisation) -> list[int]:
    """People whose employment names the organisation (by any of its names, any spelling)."""
    names = {_phrase(name) for name in organisation.names() if _phrase(name)}
    if not names:
        return []
    # A cheap filter in SQL (the last word as written), the exact folded test in Python.
    query = Q()
    for name in organisation.names():
        if name.split():
            query |= Q(organization__icontains=name.split()[-1])
    found: set[int] = set()
    rows = Employment.objects.filter(query).values_list("person_id", "organization")
    for person_id, organization in rows.iterator(chunk_size=5000):
        if _phrase(organization) in names:
            found.add(person_id)
    return sorted(found)


def save_organisation(user: Any, organisation: Organisation, reason: str = "") -> Organisation:
    """Create or change an organisation (already validated by its form)."""
    _check_unit(user, organisation.unit if organisation.unit_id else None)
    before = None
    old_people: list[int] = []
    if organisation.pk:
        stored = Organisation.objects.select_related("unit").get(pk=organisation.pk)
        _check_unit(user, stored.unit)
        before = _organisation_state(stored)
        old_people = linked_people(stored)
    with transaction.atomic():
        organisation.save()
        record(
            user,
            "create" if before is None else "update",
            organisation,
            unit=organisation.unit,
            before=before,
            after=_organisation_state(organisation),
            reason=reason,
        )
    indexer.invalidate()
    indexer.reindex_people(sorted(set(old_people) | set(linked_people(organisation))))
    return organisation


def organisation_people(organisation: Organisation, user: Any) -> QuerySet[Person]:
    """People linked to the organisation that `user` may see."""
    from hientai.talent.models import OrganisationMember

    ids = OrganisationMember.objects.filter(organisation=organisation).values_list(
        "person_id", flat=True
    )
    return visible(Person.objects.filter(pk__in=list(ids)), user).select_related("unit")


# --------------------------------------------------------------------------- shortlists


def readable_shortlists(user: Any) -> QuerySet[Shortlist]:
    if not getattr(user, "is_authenticated", False):
        return Shortlist.objects.none()
    return Shortlist.objects.filter(Q(owner=user) | Q(shared_with=user)).distinct()


def _own(user: Any, shortlist: Shortlist) -> None:
    if shortlist.owner_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the owner changes this shortlist."))


def create_shortlist(user: Any, name: str, query: str = "") -> Shortlist:
    if not scope_for(user).is_staff:
        raise PermissionDenied(_("You may not keep shortlists."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the shortlist a name."))
    if len(name) > 200:
        raise ValidationError(_("The name is too long (200 characters at most)."))
    with transaction.atomic():
        shortlist = Shortlist.objects.create(name=name, owner=user, query=(query or "")[:500])
        record(user, "create", shortlist, after={"name": name, "query": shortlist.query})
    return shortlist


def add_to_shortlist(user: Any, shortlist: Shortlist, person_id: int, reasons: str = "") -> bool:
    """Add a person the user may see; False when already there."""
    _own(user, shortlist)
    person = visible(Person.objects.filter(pk=person_id), user).first()
    if person is None:
        raise ValidationError(_("This person is not in your scope."))
    with transaction.atomic():
        _entry, created = ShortlistEntry.objects.get_or_create(
            shortlist=shortlist, person=person, defaults={"reasons": reasons[:2000]}
        )
        if created:
            record(user, "update", shortlist, person_id=person.pk,
                   after={"added": person.full_name})  # fmt: skip
            shortlist.save(update_fields=["updated_at"])
    return created


def remove_from_shortlist(user: Any, shortlist: Shortlist, person_id: int) -> None:
    _own(user, shortlist)
    with transaction.atomic():
        deleted, _rows = ShortlistEntry.objects.filter(
            shortlist=shortlist, person_id=person_id
        ).delete()
        if deleted:
            record(user, "update", shortlist, person_id=person_id,
                   after={"removed": person_id})  # fmt: skip


def share_shortlist(user: Any, shortlist: Shortlist, usernames: list[str]) -> list[User]:
    """Share with these signed-in staff users (replaces the list); unknown names are an error."""
    _own(user, shortlist)
    names = [name.strip() for name in usernames if name.strip()]
    users = list(User.objects.filter(username__in=names, is_active=True).exclude(pk=user.pk))
    unknown = sorted(set(names) - {u.username for u in users} - {user.username})
    if unknown:
        raise ValidationError(_("Unknown users: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        before = sorted(shortlist.shared_with.values_list("username", flat=True))
        shortlist.shared_with.set(users)
        record(user, "update", shortlist, before={"shared_with": before},
               after={"shared_with": sorted(u.username for u in users)})  # fmt: skip
    return users


def delete_shortlist(user: Any, shortlist: Shortlist) -> None:
    _own(user, shortlist)
    with transaction.atomic():
        record(user, "delete", shortlist, before={"name": shortlist.name})
        shortlist.delete()


def shortlist_entries(shortlist: Shortlist, user: Any) -> list[ShortlistEntry]:
    """Entries whose person the reader may see (a shared list shows no one out of scope)."""
    entries = list(shortlist.entries.select_related("person", "person__unit"))
    allowed = set(
        visible(Person.objects.filter(pk__in=[e.person_id for e in entries]), user).values_list(
            "pk", flat=True
        )
    )
    return [entry for entry in entries if entry.person_id in allowed]


EXPORT_FIELDS = ("full_name", "unit", "birth_year", "email", "phone", "reasons", "note")
SENSITIVE = ("email", "phone")


def export_shortlist(user: Any, shortlist: Shortlist, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name); sensitive fields masked per role, unmasked logged."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationError(_("Choose CSV or XLSX."))
    headers = [_("Full name"), _("Unit"), _("Year of birth"), _("E-mail"), _("Phone"),
               _("Why"), _("Note")]  # fmt: skip
    rows: list[list[Any]] = []
    seen: list[tuple[int, list[str]]] = []
    for entry in shortlist_entries(shortlist, user):
        person = entry.person
        clear = may_see_sensitive(user, person)
        values = {"email": person.email, "phone": person.phone}
        if clear:
            seen.append((person.pk, [name for name in SENSITIVE if values[name]]))
        else:
            values = {name: mask(value) for name, value in values.items()}
        rows.append([
            person.full_name, person.unit.name_vi, person.birth_year or "", values["email"],
            values["phone"], entry.reasons, entry.note,
        ])  # fmt: skip
    log_accesses(user, seen, channel=AccessChannel.EXPORT)
    stem = slugify(fold(shortlist.name)) or "shortlist"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_cell(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8", f"{stem}.csv"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Experts")[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([_csv_cell(value) if isinstance(value, str) else value for value in row])
    out = io.BytesIO()
    book.save(out)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return out.getvalue(), xlsx, f"{stem}.xlsx"


def _csv_cell(value: Any) -> Any:
    """No formula injection: a text starting with = + - @ is written as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value


# --- The competence-and-contribution index: methods and runs --------------------------


def may_change_index(user: Any) -> bool:
    """Methods and runs: the coordinator and administrators (leaders and officers read)."""
    return scope_for(user).city_wide


def new_index_version(
    user: Any,
    *,
    version: str,
    name: str,
    config: dict[str, Any],
    note: str = "",
    activate: bool = False,
) -> IndexConfig:
    """A new version of the index's method (a version is never changed in place)."""
    if not may_change_index(user):
        raise PermissionDenied(_("Only the coordinator changes the index's method."))
    version, name = version.strip(), name.strip()
    if not version or not name:
        raise ValidationError(_("Give the new version a version code and a name."))
    if IndexConfig.objects.filter(version=version).exists():
        raise ValidationError(
            _("Version “%(version)s” already exists; versions are never changed, give a new one.")
            % {"version": version}
        )
    competence.check_config(config)
    with transaction.atomic():
        method = IndexConfig.objects.create(
            version=version, name=name, config=config, note=note.strip(), active=activate
        )
        if activate:
            IndexConfig.objects.exclude(pk=method.pk).filter(active=True).update(active=False)
        record(user, "create", method, after={"version": version, "config": config,
                                               "active": activate})  # fmt: skip
    return method


def activate_index_version(user: Any, method: IndexConfig) -> None:
    if not may_change_index(user):
        raise PermissionDenied(_("Only the coordinator changes the index's method."))
    with transaction.atomic():
        before = list(IndexConfig.objects.filter(active=True).values_list("version", flat=True))
        IndexConfig.objects.exclude(pk=method.pk).filter(active=True).update(active=False)
        IndexConfig.objects.filter(pk=method.pk).update(active=True)
        record(user, "update", method, before={"active": before},
               after={"active": [method.version]}, reason="activate")  # fmt: skip


def compute_index(user: Any, now: Any, method: IndexConfig | None = None, draws: int = 100) -> Any:
    """Score the registry with the method in use (or `method`) and store the run."""
    if not may_change_index(user):
        raise PermissionDenied(_("Only the coordinator recomputes the index."))
    method = method or competence.active_config()
    with transaction.atomic():  # the run and its audit row commit together
        run = competence.store_run(method, now, draws=draws)
        record(user, "create", run, label=str(run),
               after={"version": method.version, "people": run.people})  # fmt: skip
    return run


def organisation_counts(user: Any = None) -> dict[str, Any]:
    """Organisations by kind and the people linked to them (current jobs), over the
    organisations `user` may see (None: all). Indicators, above talent, may read it."""
    from django.db.models import Count

    from hientai.talent.models import OrganisationKind, OrganisationMember

    organisations = (
        Organisation.objects.all() if user is None else visible(Organisation.objects.all(), user)
    )
    kinds = dict(OrganisationKind.choices)
    by_kind = {
        kind: n
        for kind, n in organisations.order_by().values("kind").annotate(n=Count("pk"))
        .values_list("kind", "n")
    }  # fmt: skip
    linked = dict(
        OrganisationMember.objects.filter(current=True, organisation__in=organisations)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    people_by_kind: dict[str, int] = {}
    for pk, kind in organisations.values_list("pk", "kind"):
        people_by_kind[kind] = people_by_kind.get(kind, 0) + linked.get(pk, 0)
    return {
        "kinds": [
            {
                "kind": kind,
                "label": kinds.get(kind, kind),
                "organisations": n,
                "people": people_by_kind.get(kind, 0),
            }
            for kind, n in sorted(by_kind.items(), key=lambda item: -item[1])
        ],
        "linked": linked,
        "total": sum(by_kind.values()),
    }
