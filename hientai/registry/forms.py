"""Profile forms: hard errors only (Vietnamese through gettext); softer problems are
the data-quality engine's job and show up as findings, not as rejected forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable
from hientai.catalogs.models import Code
from hientai.orgs.models import Unit, UnitKind
from hientai.registry.models import (
    Employment,
    OverseasKind,
    Person,
    Qualification,
    Status,
    TrainingRecord,
)
from hientai.security.validators import reject_formula_prefix

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _codes(key: str) -> Any:
    return Code.objects.filter(scheme__key=key, scheme__is_current=True).order_by("code")


def _check_period(form: forms.Form, data: dict[str, Any]) -> None:
    """Parts with a start and an end (employment, training) must not end before they start."""
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        form.add_error("end", _("The end date is before the start date."))


class PersonForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=255,
        required=False,
        help_text=_("Kept in the profile history."),
    )

    class Meta:
        model = Person
        fields = [
            "unit",
            "family_name",
            "middle_name",
            "given_name",
            "other_names",
            "birth_date",
            "birth_year",
            "gender",
            "ethnic_group",
            "nationality",
            "personal_id",
            "old_id_number",
            "email",
            "phone",
            "address",
            "residence_unit",
            "overseas_kind",
            "overseas_country",
            "overseas_city",
            "categories",
            "st_fields",
            "strategic_technologies",
            "keywords",
            "orcid",
            "scopus_id",
            "source",
            "last_verified_on",
        ]
        widgets = {
            "birth_date": DATE_INPUT,
            "last_verified_on": DATE_INPUT,
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable(Unit.objects.current(), user).order_by("path")
        self.fields["residence_unit"].queryset = Unit.objects.current().filter(
            kind__in=[UnitKind.WARD, UnitKind.COMMUNE]
        )
        self.fields["ethnic_group"].queryset = _codes("ethnic_group")
        self.fields["nationality"].queryset = _codes("country")
        self.fields["overseas_country"].queryset = _codes("country")
        self.fields["categories"].queryset = _codes("person_category")
        self.fields["st_fields"].queryset = _codes("st_field").filter(level=2)
        self.fields["strategic_technologies"].queryset = _codes("strategic_technology")
        if self.instance.pk:
            self.fields["reason"].required = True

    def clean_personal_id(self) -> str:
        value = self.cleaned_data["personal_id"].strip()
        if value and (len(value) != 12 or not value.isdigit()):
            raise forms.ValidationError(_("The personal ID number must have exactly 12 digits."))
        duplicates = Person.objects.filter(personal_id=value).exclude(pk=self.instance.pk)
        if value and duplicates.exists():
            raise forms.ValidationError(_("Another profile already has this personal ID number."))
        return value

    def clean_old_id_number(self) -> str:
        value = self.cleaned_data["old_id_number"].strip()
        if value and (len(value) != 9 or not value.isdigit()):
            raise forms.ValidationError(_("The old ID card number must have exactly 9 digits."))
        return value

    def clean_birth_date(self) -> datetime.date | None:
        value = self.cleaned_data["birth_date"]
        if value and value > datetime.date.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("family_name", "middle_name", "given_name", "other_names"):
            try:
                reject_formula_prefix(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        if birth_year and not 1900 <= birth_year <= datetime.date.today().year:
            self.add_error("birth_year", _("The year of birth must be between 1900 and this year."))
        if data.get("overseas_kind") and not data.get("overseas_country"):
            self.add_error("overseas_country", _("Give the country for a person living abroad."))
        if data.get("overseas_kind") == OverseasKind.NONE:
            data["overseas_country"] = None
        return data


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["degree", "level", "st_field", "major", "institution", "country", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["degree"].queryset = _codes("degree")
        self.fields["level"].queryset = _codes("qualification_level")
        self.fields["st_field"].queryset = _codes("st_field").filter(level=2)
        self.fields["country"].queryset = _codes("country")


class EmploymentForm(forms.ModelForm):
    class Meta:
        model = Employment
        fields = ["unit", "organization", "position", "leadership_level", "sector", "start", "end"]
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.current().order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_period(self, data)
        if not data.get("unit") and not data.get("organization") and not data.get("DELETE"):
            self.add_error("organization", _("Give a unit of the city or an outside organisation."))
        return data


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["topic", "title", "provider", "hours", "start", "end", "certificate"]
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _codes("training_topic")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_period(self, data)
        return data


QualificationFormSet = inlineformset_factory(
    Person, Qualification, form=QualificationForm, extra=1, can_delete=True
)
EmploymentFormSet = inlineformset_factory(
    Person, Employment, form=EmploymentForm, extra=1, can_delete=True
)
TrainingFormSet = inlineformset_factory(
    Person, TrainingRecord, form=TrainingForm, extra=1, can_delete=True
)
