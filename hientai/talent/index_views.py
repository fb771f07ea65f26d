"""Pages of the competence-and-contribution index: scores in the reader's scope with their
means by unit and group, one person's explanation, the method's versions (a new version
for the coordinator) and the sensitivity of the ranks. Pages read the stored run
(`competence.store_run`); nothing here scores the registry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.models import Role
from hientai.accounts.scoping import get_visible_or_404, scope_for, subtree_unit_ids, visible
from hientai.catalogs.models import Code
from hientai.core import charts
from hientai.core.http import error_text
from hientai.orgs.models import Unit
from hientai.registry.models import AccessChannel, Person, Sector
from hientai.registry.privacy import log_access, may_see_sensitive
from hientai.talent import competence, services
from hientai.talent.forms import IndexMethodForm
from hientai.talent.models import IndexConfig, IndexScore, Organisation, OrganisationKind

PAGE = 50


def _group_labels() -> dict[str, Any]:
    from django.utils.translation import gettext_lazy

    return {
        "group:under_45": gettext_lazy("Under 45"),
        "group:women": gettext_lazy("Women"),
        "group:ethnic_minority": gettext_lazy("Ethnic minorities"),
        "group:overseas": gettext_lazy("Overseas and foreign experts"),
    }


def _reads_sensitivity(user: Any) -> bool:
    scope = scope_for(user)
    return scope.city_wide or Role.LEADER in scope.roles


def _units_of(user: Any) -> tuple[int, ...] | None:
    scope = scope_for(user)
    return None if scope.city_wide else subtree_unit_ids(scope)


def _sections(run: Any, user: Any) -> list[dict[str, Any]]:
    """Means by group, sector, strategic technology group, organisation kind and
    organisation over the reader's units; small groups hidden outside city-wide roles."""
    facts = competence.scope_facts(run, _units_of(user))
    small = 0 if scope_for(user).city_wide else competence.SMALL_CELL
    tops = [key.split(":", 1)[1] for key in facts if key.startswith("technology:")]
    tech_labels = dict(
        Code.objects.filter(scheme__key="strategic_technology", code__in=tops)
        .order_by("code")
        .values_list("code", "label_vi")
    )
    org_ids = [int(key.split(":", 1)[1]) for key in facts if key.startswith("org:")]
    org_names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    labels = _group_labels()
    kinds = dict(OrganisationKind.choices)
    sectors = dict(Sector.choices)

    def rows(prefix: str, name: Any, limit: int = 0) -> dict[str, Any]:
        found = []
        for key, (people, mean) in facts.items():
            if not key.startswith(prefix):
                continue
            code = key.split(":", 1)[1]
            lookup: dict[str, dict[Any, Any]] = {
                "group:": labels,
                "sector:": sectors,
                "technology:": tech_labels,
                "orgkind:": kinds,
                "org:": org_names,
            }
            names = lookup[prefix]
            label = names.get(key if prefix == "group:" else code, code)
            if prefix == "org:":
                label = org_names.get(int(code), code)
            hidden = people < small
            found.append({"label": label, "people": people, "mean": None if hidden else mean,
                          "hidden": hidden})  # fmt: skip
        found.sort(key=lambda row: (-row["people"], str(row["label"])))
        return {"title": name, "rows": found[:limit] if limit else found, "more": len(found)}

    return [
        rows("group:", _("Groups of the plans")),
        rows("sector:", _("Sector of the current job")),
        rows("technology:", _("Strategic technology group")),
        rows("orgkind:", _("Kind of organisation (current job)")),
        rows("org:", _("Organisations (current job, the 20 largest)"), limit=20),
    ]


@login_required
def index_home(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    run = competence.latest_run()
    context: dict[str, Any] = {
        "run": run,
        "may_change": services.may_change_index(request.user),
        "show_sensitivity": _reads_sensitivity(request.user),
    }
    if run is None:
        return render(request, "talent/index_home.html", context)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    units = _units_of(request.user)
    scores = IndexScore.objects.filter(run=run)
    if units is not None:
        scores = scores.filter(unit_id__in=units)
    start = (page - 1) * PAGE
    rows = list(
        scores.order_by("-score", "person_id").values_list("person_id", "unit_id", "score")[
            start : start + PAGE + 1
        ]
    )
    ids = [pid for pid, _u, _s in rows[:PAGE]]
    names = dict(
        visible(Person.objects.filter(pk__in=ids), request.user).values_list("pk", "full_name")
    )
    unit_names = dict(
        Unit.objects.filter(pk__in={u for _p, u, _s in rows}).values_list("pk", "name_vi")
    )
    people = [
        {"rank": start + i + 1, "pk": pid, "name": names[pid], "unit": unit_names.get(unit, ""),
         "score": score}
        for i, (pid, unit, score) in enumerate(rows[:PAGE])
        if pid in names
    ]  # fmt: skip
    by_unit = sorted(competence.unit_facts(run, units), key=lambda row: -row[2])
    all_units = dict(
        Unit.objects.filter(pk__in=[u for u, _p, _m in by_unit[:30]]).values_list("pk", "name_vi")
    )
    small = 0 if scope_for(request.user).city_wide else competence.SMALL_CELL
    context.update(
        people=people,
        page=page,
        has_next=len(rows) > PAGE,
        units=[
            {"name": all_units.get(u, u), "people": p, "mean": None if p < small else m}
            for u, p, m in by_unit[:30]
        ],
        unit_count=len(by_unit),
        sections=_sections(run, request.user),
        overall=competence.scope_facts(run, units).get("all"),
        organisation_counts=services.organisation_counts(request.user),
        small=competence.SMALL_CELL,
        city_wide=scope_for(request.user).city_wide,
    )
    return render(request, "talent/index_home.html", context)


@login_required
def index_person(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    person = get_visible_or_404(
        Person.objects.select_related("unit", "ethnic_group"), request.user, pk=pk
    )
    run = competence.latest_run()
    row = IndexScore.objects.filter(run=run, person_id=person.pk).first() if run else None
    if row is None:  # not scored yet: the page says so
        return render(request, "talent/index_person.html", {"person": person, "run": run,
                      "show_sensitivity": _reads_sensitivity(request.user)})  # fmt: skip
    explained = competence.explain_stored(run, row.raw, row.score)
    rank = row.rank
    groups = competence.standard_groups([person.pk], run.computed_at.date())[person.pk]
    labels = _group_labels()
    # Ethnic group is a sensitive field: shown to those who may see it, and logged.
    sensitive = may_see_sensitive(request.user, person)
    if sensitive and person.ethnic_group_id:
        log_access(person, request.user, ["ethnic_group"], AccessChannel.WEB)
    shown: list[tuple[Any, bool | None]] = []
    for key in ("group:under_45", "group:women", "group:overseas"):
        shown.append((labels[key], key in groups))
    shown.append((labels["group:ethnic_minority"],
                  ("group:ethnic_minority" in groups) if sensitive else None))  # fmt: skip
    pillar_totals: dict[str, float] = {}
    for part in explained.parts:
        pillar = explained.pillars[part.indicator]
        pillar_totals[pillar] = pillar_totals.get(pillar, 0.0) + part.contribution
    context = {
        "person": person,
        "run": run,
        "score": row.score,
        "rank": rank,
        "parts": [
            (part, competence.PILLAR_LABELS.get(explained.pillars[part.indicator], ""))
            for part in explained.parts
        ],
        "total": sum(part.contribution for part in explained.parts),
        "pillars": [(competence.PILLAR_LABELS.get(k, k), v) for k, v in pillar_totals.items()],
        "groups": shown,
        "normalisation": competence.NORMALISATION_LABELS.get(
            run.config.config["normalisation"], ""
        ),
        "show_sensitivity": _reads_sensitivity(request.user),
    }
    return render(request, "talent/index_person.html", context)


def _method_rows(method: IndexConfig) -> list[dict[str, Any]]:
    weights = competence.effective_weights(method.config)
    out = []
    for pillar, spec in method.config["pillars"].items():
        inner = sum(spec["indicators"].values()) or 1
        for key, weight in spec["indicators"].items():
            out.append(
                {
                    "pillar": competence.PILLAR_LABELS.get(pillar, pillar),
                    "pillar_weight": spec["weight"],
                    "label": competence.RAW_LABELS.get(key, key),
                    "weight": weight,
                    "share": weight / inner,
                    "effective": weights.get(key, 0.0),
                }
            )
    return out


@login_required
def index_method(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    methods = list(IndexConfig.objects.all())
    if request.method == "POST":
        method = IndexConfig.objects.filter(version=request.POST.get("version", "")).first()
        if method is None:  # a clear message, nothing written
            messages.error(request, _("Choose a version of the method."))
            return redirect(request.path)
        try:
            services.activate_index_version(request.user, method)
        except PermissionDenied as problem:
            raise PermissionDenied(error_text(problem)) from None
        messages.success(request, _("Version %(version)s is now in use; recompute the scores.")
                         % {"version": method.version})  # fmt: skip
        return redirect(f"{request.path}?version={method.version}")
    wanted = request.GET.get("version", "")
    chosen = next((m for m in methods if m.version == wanted), None) or next(
        (m for m in methods if m.active), methods[0] if methods else None
    )
    context = {
        "methods": methods,
        "chosen": chosen,
        "rows": _method_rows(chosen) if chosen else [],
        "normalisation": competence.NORMALISATION_LABELS.get(chosen.config.get("normalisation"), "")
        if chosen
        else "",
        "may_change": services.may_change_index(request.user),
        "show_sensitivity": _reads_sensitivity(request.user),
        "runs": {run.config_id: run for run in competence_runs()},
    }
    return render(request, "talent/index_method.html", context)


def competence_runs() -> list[Any]:
    from hientai.talent.models import IndexRun

    return list(IndexRun.objects.all())


@login_required
def index_method_new(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not services.may_change_index(request.user):
        raise PermissionDenied
    base_obj = IndexConfig.objects.filter(version=request.GET.get("from", "")).first()
    if base_obj is None:
        base_obj = IndexConfig.objects.filter(active=True).first()
    base = base_obj.config if base_obj else competence.DEFAULT_CONFIG
    form = IndexMethodForm(request.POST or None, base=base,
                           initial={"name": base_obj.name if base_obj else ""})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            method = services.new_index_version(
                request.user,
                version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                config=form.method(),
                note=form.cleaned_data["note"],
                activate=form.cleaned_data["activate"],
            )
        except ValidationError as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Version %(version)s saved.") % {"version": method.version})
            return redirect(f"{reverse('talent:index_method')}?version={method.version}")
    return render(request, "talent/index_method_form.html", {"form": form, "base": base_obj})


@login_required
@require_POST
def index_compute(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    try:
        run = services.compute_index(request.user, timezone.now())
    except PermissionDenied as problem:
        raise PermissionDenied(error_text(problem)) from None
    except ValidationError as problem:
        messages.error(request, error_text(problem))
        return redirect("talent:index_home")
    messages.success(request, _("Scores computed for %(people)s people in %(seconds)s s.")
                     % {"people": run.people, "seconds": run.seconds})  # fmt: skip
    return redirect("talent:index_home")


def _weight_label(key: str) -> str:
    if key.startswith("pillar:"):
        name = key.split(":", 1)[1]
        return _("Pillar: %(name)s") % {"name": competence.PILLAR_LABELS.get(name, name)}
    return str(competence.RAW_LABELS.get(key, key))


@login_required
def index_sensitivity(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not _reads_sensitivity(request.user):
        raise PermissionDenied
    run = competence.latest_run()
    sens = run.sensitivity if run else {}
    rows = [{**row, "label": _weight_label(row["weight"])} for row in sens.get("one_at_a_time", [])]
    spec = None
    if rows:
        spec = charts.bars(
            _("Spearman's rank correlation with the ranking in use, one weight moved"),
            [charts.bar(f"{row['label']} {'+' if row['factor'] > 1 else '−'}20 %", row["spearman"])
             for row in rows],
            reference=1.0,
            reference_label=_("Same ranking"),
        )  # fmt: skip
    context = {"run": run, "sens": sens, "rows": rows, "spec": spec, "show_sensitivity": True}
    return render(request, "talent/index_sensitivity.html", context)
