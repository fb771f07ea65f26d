"""The coordinator's datasets pages (list, new, edit), instead of the admin: thin, every
write through `reporting.services.save_dataset` (role check, validation, one audit row)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import scope_for
from hientai.core.http import error_text
from hientai.indicators.models import Indicator, Kind
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.models import Dataset, PeriodType


class DatasetForm(forms.Form):
    name_vi = forms.CharField(label=gettext_lazy("Vietnamese name"), max_length=255)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=255, required=False)
    period_type = forms.ChoiceField(label=gettext_lazy("period type"), choices=PeriodType.choices)
    # No bounds here: the service checks the day against the month, in Vietnamese.
    due_day = forms.IntegerField(label=gettext_lazy("due day"), required=False)
    due_month = forms.IntegerField(label=gettext_lazy("due month"), required=False)
    active = forms.BooleanField(label=gettext_lazy("active"), required=False)
    indicators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Reported indicators"),
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    groups = forms.MultipleChoiceField(
        label=gettext_lazy("Assigned groups"),
        choices=[
            ("local", gettext_lazy("All wards and communes")),
            ("departments", gettext_lazy("All departments")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Other units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        indicators = self.fields["indicators"]
        assert isinstance(indicators, forms.ModelMultipleChoiceField)
        indicators.queryset = Indicator.objects.filter(kind=Kind.REPORTED).order_by(
            "position", "code"
        )
        units = self.fields["units"]
        assert isinstance(units, forms.ModelMultipleChoiceField)
        units.queryset = Unit.objects.filter(valid_to__isnull=True).order_by("path")


def _city_wide(request: HttpRequest) -> None:
    staff_only(request)
    if not scope_for(request.user).city_wide:
        raise PermissionDenied


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    _city_wide(request)
    rows = Dataset.objects.annotate(
        indicator_count=Count("items", distinct=True),
        unit_count=Count("assignments", filter=Q(assignments__until__isnull=True), distinct=True),
    ).order_by("code")
    return render(request, "reporting/datasets.html", {"datasets": rows})


@login_required
def dataset_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _city_wide(request)
    dataset = get_object_or_404(Dataset, pk=pk) if pk is not None else Dataset(active=True)
    if request.method == "POST":
        form = DatasetForm(request.POST)
    else:
        groups = services.dataset_groups(dataset)
        grouped = set(
            Unit.objects.filter(
                kind__in=[k for g in groups for k in services.DATASET_GROUPS[g]]
            ).values_list("pk", flat=True)
        )
        named = (
            [
                item.unit_id
                for item in dataset.assignments.filter(until__isnull=True)
                if item.unit_id not in grouped
            ]
            if dataset.pk
            else []
        )
        form = DatasetForm(
            initial={
                "name_vi": dataset.name_vi,
                "name_en": dataset.name_en,
                "period_type": dataset.period_type,
                "due_day": dataset.due_day,
                "due_month": dataset.due_month,
                "active": dataset.active,
                "indicators": list(dataset.items.values_list("indicator_id", flat=True))
                if dataset.pk
                else [],
                "groups": groups,
                "units": named,
            }
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for name in ("name_vi", "name_en", "period_type", "due_day", "due_month", "active"):
            setattr(dataset, name, data[name])
        try:
            services.save_dataset(
                dataset,
                request.user,
                indicators=data["indicators"],
                groups=data["groups"],
                units=data["units"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The dataset was saved."))
            return redirect("reporting:datasets")
    return render(request, "reporting/dataset_edit.html", {"form": form, "dataset": dataset})
