"""Duplicate profiles: the keys kept per profile, the entry-time check, the review
queue, and merge / not the same person / unmerge. Every write checks scope and writes
its audit row (core/audit.py) in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, visible
from hientai.core import audit
from hientai.dedup.models import Candidate, CandidateStatus, Merge, PersonKey
from hientai.dedup.normalise import blocking_keys, normalise
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Person, ProfileVersion
from hientai.registry.services import run_after_save

# ------------------------------------------------------------------------------ keys


def raw_of(person: Person) -> dict[str, Any]:
    """A profile as the raw record the normaliser reads."""
    return {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "personal_id": person.personal_id,
        "old_id_number": person.old_id_number,
        "phone": person.phone,
        "email": person.email,
    }


_RAW_FIELDS = [
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "birth_date",
    "birth_year",
    "gender",
    "personal_id",
    "old_id_number",
    "phone",
    "email",
]


def refresh_keys(person_ids: Iterable[int]) -> None:
    """Keep the blocking keys of these profiles (after-save hook; gone profiles lose them)."""
    ids = list(person_ids)
    if not ids:
        return
    with transaction.atomic():
        PersonKey.objects.filter(person_id__in=ids).delete()
        rows = []
        for values in Person.objects.filter(pk__in=ids).values(*_RAW_FIELDS):
            for key in blocking_keys(normalise(values)):
                rows.append(PersonKey(person_id=values["id"], key=key))
        PersonKey.objects.bulk_create(rows, batch_size=2000)


def rebuild_keys(batch: int = 5000) -> int:
    """All keys again (after a bulk load). Returns how many were written."""
    written = 0
    with transaction.atomic():
        PersonKey.objects.all().delete()
        rows: list[PersonKey] = []
        for values in Person.objects.order_by().values(*_RAW_FIELDS).iterator(chunk_size=batch):
            for key in blocking_keys(normalise(values)):
                rows.append(PersonKey(person_id=values["id"], key=key))
            if len(rows) >= batch:
                PersonKey.objects.bulk_create(rows)
                written += len(rows)
                rows = []
        PersonKey.objects.bulk_create(rows)
        written += len(rows)
    return written


# ----------------------------------------------------------------- the entry-time check

KEY_REASONS = {
    "i": "same personal ID",
    "o": "same old ID card number",
    "p": "same phone",
    "e": "same e-mail",
    "n": "same family name, given name and year of birth",
    "d": "same given name and date of birth",
    "m": "same name words and birthday",
    "s": "same name words and year of birth",
}
_STRENGTH = {"i": 8, "o": 6, "p": 5, "e": 5, "d": 4, "m": 3, "n": 3, "s": 2}
ENTRY_MATCHES_SHOWN = 5


def reason_text(kind: str) -> str:
    texts = {
        "i": _("same personal ID"),
        "o": _("same old ID card number"),
        "p": _("same phone"),
        "e": _("same e-mail"),
        "n": _("same family name, given name and year of birth"),
        "d": _("same given name and date of birth"),
        "m": _("same name words and birthday"),
        "s": _("same name words and year of birth"),
    }
    return texts[kind]


def likely_matches(
    raw: dict[str, Any], exclude: int | None = None, limit: int = ENTRY_MATCHES_SHOWN
) -> list[tuple[int, int, list[str]]]:
    """[(person id, strength, key kinds)] of the profiles sharing a blocking key with
    `raw`, strongest first: one indexed query on the key table."""
    keys = blocking_keys(normalise(raw))
    if not keys:
        return []
    rows = PersonKey.objects.filter(key__in=keys)
    if exclude:
        rows = rows.exclude(person_id=exclude)
    found: dict[int, set[str]] = {}
    for person_id, key in rows.values_list("person_id", "key")[:500]:
        found.setdefault(person_id, set()).add(key[0])
    scored = [
        (person_id, sum(_STRENGTH[kind] for kind in kinds), sorted(kinds, key="iopedmns".index))
        for person_id, kinds in found.items()
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]


def entry_matches(values: dict[str, Any], exclude: int | None = None, user: Any = None) -> list:
    """For the profile form: the likely existing profiles, in any unit, as
    {person, name, unit, year, reasons, visible} (the link only when the user may see it)."""
    found = likely_matches(values, exclude)
    if not found:
        return []
    people = Person.objects.select_related("unit").in_bulk([pk for pk, _s, _k in found])
    seen = set(visible(Person.objects.filter(pk__in=people), user).values_list("pk", flat=True))
    shown = []
    for pk, _strength, kinds in found:
        person = people.get(pk)
        if person is None:
            continue
        # Outside the user's scope a match says only that it exists (no name, unit or year:
        # no oracle, issue 12); the coordinator, who sees every unit, settles it.
        inside = pk in seen
        shown.append(
            {
                "person": person if inside else None,
                "name": person.full_name if inside else "",
                "unit": person.unit.name_vi if inside else "",
                "year": person.birth_year if inside else None,
                "reasons": [reason_text(kind) for kind in kinds],
                "visible": inside,
            }
        )
    return shown


# New rows of one check asked for likely matches: one indexed query each.
IMPORT_CHECK_ROWS = 5000


def import_matches(rows: list[tuple[int, Any]], user: Any) -> list[dict]:
    """The import check's likely-match finder (`exchange.matching`): for each new row, its
    likely existing profiles, each with a warning `message` for the row. One outside the
    user's scope is named only as such (no id, name or unit: no oracle, issue 12)."""
    found_by_row: list[tuple[int, int, int, list[str]]] = []
    for row, record in rows[:IMPORT_CHECK_ROWS]:
        raw = {
            "family_name": record.family_name,
            "middle_name": record.middle_name,
            "given_name": record.given_name,
            "birth_date": record.birth_date,
            "birth_year": record.birth_year,
            "gender": record.gender,
            "personal_id": record.personal_id,
            "old_id_number": getattr(record, "old_id_number", ""),
            "phone": record.phone,
            "email": record.email,
        }
        found_by_row.extend((row, *match) for match in likely_matches(raw, limit=3))
    if not found_by_row:
        return []
    ids = {pk for _row, pk, _s, _k in found_by_row}
    people = Person.objects.select_related("unit").in_bulk(ids)
    # The command line (no user) runs as the system, which sees every unit.
    seen = (
        set(people)
        if user is None
        else set(visible(Person.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
    )
    matches = []
    for row, pk, _strength, kinds in found_by_row:
        person = people.get(pk)
        if person is None:
            continue
        reasons = ", ".join(reason_text(kind) for kind in kinds)
        if pk not in seen:
            message = _("Likely the same person as a profile outside your scope: %(reasons)s.") % {
                "reasons": reasons
            }
            matches.append({"row": row, "person_id": None, "message": message})
            continue
        message = _(
            "Likely the same person as profile %(id)d (%(name)s, %(unit)s): %(reasons)s."
        ) % {"id": pk, "name": person.full_name, "unit": person.unit.code, "reasons": reasons}
        matches.append(
            {
                "row": row,
                "person_id": pk,
                "label": f"{person.full_name} ({person.unit.code})",
                "probability": None,
                "reason": reasons,
                "message": message,
            }
        )
    return matches


# ----------------------------------------------------------------------- the queue


def run_dedup(
    unit: Unit | None = None, *, threads: int = 2, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Run the Splink model over the registry (or one unit's subtree) and refill the
    review queue: open candidates of these profiles are replaced; pairs decided before
    (merged, not the same person) are never proposed again."""
    from hientai.dedup import model

    people = Person.objects.order_by("pk")
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    records = []
    for values in people.values(*_RAW_FIELDS, "unit_id").iterator():
        # The unit a profile belongs to is compared too (listed again by the same unit).
        values["unit"] = str(values.pop("unit_id") or "")
        records.append((values["id"], values))
    ids = [pk for pk, _values in records]
    result = model.find_duplicates(records, threads=threads, keep_pairs=True)
    decided = set(
        Candidate.objects.exclude(status=CandidateStatus.OPEN).values_list("left_id", "right_id")
    )
    now = now or timezone.now()
    with transaction.atomic():
        Candidate.objects.filter(status=CandidateStatus.OPEN).filter(
            Q(left_id__in=ids) | Q(right_id__in=ids)
        ).delete()
        rows = []
        for pair in result.pairs:
            left, right = sorted((int(pair["unique_id_l"]), int(pair["unique_id_r"])))
            if (left, right) in decided:
                continue
            rows.append(
                Candidate(
                    left_id=left,
                    right_id=right,
                    probability=float(pair["match_probability"]),
                    evidence=model.explanation(pair),
                    cluster=str(result.clusters.get(left, "")),
                    found_at=now,
                )
            )
        Candidate.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    clusters = {c for c in result.clusters.values()}
    return {"people": len(ids), "candidates": len(rows), "clusters": len(clusters)}


def queue(user: Any) -> Any:
    """Open candidates the user may review: both profiles visible to them."""
    people = visible(Person.objects.all(), user)
    return (
        Candidate.objects.filter(status=CandidateStatus.OPEN, left__in=people, right__in=people)
        .select_related("left", "right", "left__unit", "right__unit")
        .order_by("-probability", "pk")
    )


def cluster_sizes(candidates: Iterable[Candidate]) -> dict[str, int]:
    ids = {c.cluster for c in candidates if c.cluster}
    rows = Candidate.objects.filter(cluster__in=ids, status=CandidateStatus.OPEN)
    return dict(rows.values_list("cluster").annotate(n=Count("pk")))


def _check_both(candidate_or_people: Any, user: Any) -> None:
    left, right = candidate_or_people
    if not (can_edit(left, user) and can_edit(right, user)):
        raise PermissionDenied(_("You may not edit both profiles."))


@transaction.atomic
def mark_distinct(candidate: Candidate, user: Any, reason: str = "") -> Candidate:
    """ "Not the same person": remembered, never proposed again."""
    _check_both((candidate.left, candidate.right), user)
    if candidate.status != CandidateStatus.OPEN:
        raise ValidationError(_("This pair has been decided already."))
    candidate.status = CandidateStatus.DISTINCT
    candidate.decided_at = timezone.now()
    candidate.decided_by = user if getattr(user, "is_authenticated", False) else None
    candidate.save()
    audit.record(
        user,
        "not_same_person",
        candidate,
        label=f"{candidate.left.full_name} / {candidate.right.full_name}",
        unit=candidate.left.unit,
        person_id=candidate.left_id,
        after={"left": candidate.left_id, "right": candidate.right_id},
        reason=reason,
        changes_only=False,
    )
    return candidate


# -------------------------------------------------------------------------- merging

# Fields chosen per field at a merge (the rest of the survivor stays as it is).
MERGE_FIELDS = [
    "family_name",
    "middle_name",
    "given_name",
    "other_names",
    "birth_date",
    "birth_year",
    "gender",
    "ethnic_group_id",
    "nationality_id",
    "personal_id",
    "old_id_number",
    "email",
    "phone",
    "address",
    "residence_unit_id",
    "overseas_kind",
    "overseas_country_id",
    "overseas_city",
    "keywords",
    "orcid",
    "scopus_id",
    "source",
    "unit_id",
]
M2M_FIELDS = ("categories", "st_fields", "strategic_technologies")
# Parts moved onto the survivor (status periods stay with the absorbed profile's
# snapshot: two timelines cannot be one).
MOVED_PARTS = [
    "qualifications",
    "academic_titles",
    "languages",
    "employments",
    "publications",
    "patents",
    "st_projects",
    "awards",
    "trainings",
    "assessments",
]


def _field_names() -> list[str]:
    names = {f.attname for f in Person._meta.concrete_fields}
    return [name for name in MERGE_FIELDS if name in names]


def merge_fields() -> list[tuple[str, str]]:
    """(attname, label) of every field chosen at a merge."""
    by_attname = {f.attname: f for f in Person._meta.concrete_fields}
    return [(name, str(by_attname[name].verbose_name)) for name in _field_names()]


def default_choices(survivor: Person, other: Person) -> dict[str, str]:
    """Per field: the survivor's value, or the other's when the survivor's is empty."""
    choices = {}
    for name in _field_names():
        mine = getattr(survivor, name)
        choices[name] = "survivor" if mine not in ("", None) else "other"
    return choices


def _related_rows(person: Person) -> tuple[dict[str, list[int]], list[dict]]:
    """(parts to move: accessor -> ids, other rows pointing at the person, serialised)."""
    moved: dict[str, list[int]] = {}
    for name in MOVED_PARTS:
        moved[name] = list(getattr(person, name).values_list("pk", flat=True))
    moved["versions"] = list(person.versions.values_list("pk", flat=True))
    kept: list[Any] = []
    skip = set(MOVED_PARTS) | {"versions", "sensitive_accesses", "dedup_keys", "dedup_merges"}
    for relation in Person._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        accessor = relation.get_accessor_name()
        if accessor in skip or relation.related_model in (Candidate,):
            continue
        kept.extend(relation.related_model._base_manager.filter(**{relation.field.name: person}))
    return moved, serializers.serialize("python", kept)


@transaction.atomic
def merge(
    survivor: Person,
    other: Person,
    user: Any,
    choices: dict[str, str] | None = None,
    reason: str = "",
    channel: str = "web",
) -> Merge:
    """Merge `other` into `survivor`: per field the chosen value ("survivor" or
    "other"), codes united, parts moved; `other` is deleted after its every value is
    kept in the merge row (and in the survivor's history). Audited as one merge."""
    if survivor.pk == other.pk:
        raise ValidationError(_("A profile cannot be merged with itself."))
    _check_both((survivor, other), user)
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    other = Person.objects.select_for_update().get(pk=other.pk)
    chosen = default_choices(survivor, other)
    for name, side in (choices or {}).items():
        if name not in chosen or side not in ("survivor", "other"):
            raise ValidationError(_("Unknown field choice: %(name)s.") % {"name": name})
        chosen[name] = side
    survivor_before = audit.snapshot(survivor) or {}
    survivor_m2m = {name: sorted(getattr(survivor, name).values_list("pk", flat=True))
                    for name in M2M_FIELDS}  # fmt: skip
    absorbed_fields = audit.snapshot(other, exclude=()) or {}
    absorbed_m2m = {name: sorted(getattr(other, name).values_list("pk", flat=True))
                    for name in M2M_FIELDS}  # fmt: skip
    moved, kept = _related_rows(other)
    status_periods = serializers.serialize("python", other.status_periods.all())
    record = Merge.objects.create(
        survivor=survivor,
        absorbed_id=other.pk,
        absorbed_label=other.full_name[:255],
        choices=chosen,
        survivor_before={"fields": survivor_before, "m2m": survivor_m2m},
        absorbed={
            "fields": absorbed_fields,
            "created_at": audit.plain(other.created_at),
            "m2m": absorbed_m2m,
            "kept": audit.plain(kept),
            "status_periods": audit.plain(status_periods),
            "photo": other.photo.name or "",
        },
        moved=moved,
        at=timezone.now(),
        by=user if getattr(user, "is_authenticated", False) else None,
    )
    # Move the parts and the history, then let the other profile go.
    for name in MOVED_PARTS:
        model = getattr(Person, name).rel.related_model
        model._base_manager.filter(pk__in=moved[name]).update(person=survivor)
    ProfileVersion.objects.filter(pk__in=moved["versions"]).update(person=survivor)
    other_user = other.user_id
    with recording(user, reason or _("merged with profile %(id)d") % {"id": other.pk}):
        Person.objects.filter(pk=other.pk).update(personal_id="", user=None)
        other.delete()
        for name, side in chosen.items():
            if side == "other":
                setattr(survivor, name, absorbed_fields.get(name))
        if survivor.user_id is None and other_user is not None:
            survivor.user_id = other_user
        survivor.save()
        for name in M2M_FIELDS:
            getattr(survivor, name).add(*absorbed_m2m[name])
    # The survivor's history keeps every value the absorbed profile had.
    ProfileVersion.objects.create(
        person=survivor,
        at=record.at,
        user=record.by,
        reason=(reason or _("merged with profile %(id)d") % {"id": record.absorbed_id})[:255],
        entity="merge",
        entity_id=record.pk,
        action=ProfileVersion.Action.UPDATE,
        before={**absorbed_fields, **absorbed_m2m},
        after=audit.snapshot(survivor),
    )
    Candidate.objects.filter(
        Q(left=survivor) | Q(right=survivor), status=CandidateStatus.OPEN
    ).delete()
    audit.record(
        user,
        audit.Action.MERGE,
        survivor,
        label=survivor.full_name,
        unit=survivor.unit,
        person_id=survivor.pk,
        before={"survivor": _masked(survivor_before), "absorbed": _masked(absorbed_fields)},
        after={"survivor": _masked(audit.snapshot(survivor) or {}), "choices": chosen},
        reason=reason,
        channel=channel,
        changes_only=False,
    )
    removed = other.pk if other.pk else record.absorbed_id
    transaction.on_commit(lambda: run_after_save([survivor.pk, removed]))
    return record


def _masked(state: dict[str, Any]) -> dict[str, Any]:
    from hientai.registry.privacy import SENSITIVE_ATTNAMES, mask

    return {k: (mask(v) if k in SENSITIVE_ATTNAMES and v else v) for k, v in state.items()}


@transaction.atomic
def unmerge(record: Merge, user: Any, reason: str = "", channel: str = "web") -> Person:
    """Undo a merge: the absorbed profile comes back with its id, fields, codes, parts,
    history and the rows that pointed at it; the survivor gets its values back."""
    if record.undone_at is not None:
        raise ValidationError(_("This merge has been undone already."))
    survivor = Person.objects.select_for_update().get(pk=record.survivor_id)
    if not can_edit(survivor, user):
        raise PermissionDenied(_("You may not edit this profile."))
    if Person.objects.filter(pk=record.absorbed_id).exists():
        raise ValidationError(_("The absorbed profile exists again."))
    before = record.survivor_before
    fields = record.absorbed["fields"]
    absorbed_id = record.absorbed_id
    last_version = ProfileVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with recording(user, reason or _("merge undone")):
        # The survivor first gives back values it took (a unique personal ID).
        for name, value in before["fields"].items():
            if name in record.choices:
                setattr(survivor, name, _value(name, value))
        survivor.user_id = before["fields"].get("user_id")
        survivor.save()
        for name in M2M_FIELDS:
            getattr(survivor, name).set(before["m2m"][name])
        other = Person(pk=absorbed_id)
        for name, value in fields.items():
            setattr(other, name, _value(name, value))
        other.photo = record.absorbed.get("photo", "")
        other.save(force_insert=True)
        for name in M2M_FIELDS:
            getattr(other, name).set(record.absorbed["m2m"][name])
    created_at = record.absorbed.get("created_at")
    if created_at:
        Person.objects.filter(pk=absorbed_id).update(
            created_at=datetime.datetime.fromisoformat(created_at)
        )
    for name in MOVED_PARTS:
        model = getattr(Person, name).rel.related_model
        model._base_manager.filter(pk__in=record.moved.get(name, [])).update(person_id=absorbed_id)
    ProfileVersion.objects.filter(pk__in=record.moved.get("versions", [])).update(
        person_id=absorbed_id
    )
    # The version this undo wrote for re-creating the absorbed profile goes: its history
    # is again what it was.
    ProfileVersion.objects.filter(person_id=absorbed_id, pk__gt=last_version).delete()
    for obj in serializers.deserialize("python", record.absorbed.get("status_periods", [])):
        obj.save()
    for obj in serializers.deserialize("python", record.absorbed.get("kept", [])):
        obj.save()
    record.undone_at = timezone.now()
    record.save(update_fields=["undone_at"])
    audit.record(
        user,
        "unmerge",
        survivor,
        label=survivor.full_name,
        unit=survivor.unit,
        person_id=survivor.pk,
        before={"merge": record.pk},
        after={"restored": absorbed_id},
        reason=reason,
        channel=channel,
        changes_only=False,
    )
    transaction.on_commit(lambda: run_after_save([survivor.pk, absorbed_id]))
    return Person.objects.get(pk=absorbed_id)


def _value(name: str, value: Any) -> Any:
    field = next(f for f in Person._meta.concrete_fields if f.attname == name)
    if value is None:
        return None
    if field.get_internal_type() == "DateField":
        return datetime.date.fromisoformat(value)
    return value
