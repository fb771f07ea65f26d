from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable, visible
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.support.models import CaseType


class CaseForm(forms.Form):
    case_type = forms.ModelChoiceField(
        label=_("Kind of support"), queryset=CaseType.objects.filter(active=True)
    )
    person = forms.IntegerField(
        label=_("Profile number in the registry"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for a foreign expert not in the registry."),
    )
    expert_name = forms.CharField(label=_("Foreign expert's name"), max_length=200, required=False)
    expert_nationality = forms.CharField(label=_("Nationality"), max_length=100, required=False)
    passport_number = forms.CharField(label=_("Passport number"), max_length=30, required=False)
    unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Coordinating units"), queryset=Unit.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        current = Unit.objects.current()
        self.fields["unit"].queryset = editable(current, user).order_by("path")  # type: ignore[attr-defined]
        self.fields["coordinating_units"].queryset = current.order_by("path")  # type: ignore[attr-defined]

    def clean_person(self) -> Person | None:
        number = self.cleaned_data.get("person")
        if not number:
            return None
        person = visible(Person.objects.filter(pk=number), self.user).first()
        if person is None:
            raise forms.ValidationError(_("No profile with this number in your scope."))
        return person
