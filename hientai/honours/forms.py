from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import visible
from hientai.honours.models import AwardLevel, Entry, Round
from hientai.registry.models import Person
from hientai.talent.models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["year", "title", "opens_on", "closes_on"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title of the work or nomination"), max_length=500)
    field = forms.CharField(label=_("Field"), max_length=200, required=False)
    person = forms.IntegerField(
        label=_("Profile number in the registry"),
        required=False,
        min_value=1,
        help_text=_("The person of the registry who enters (or is proposed)."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = visible(Organisation.objects.all(), user)  # type: ignore[attr-defined]

    def clean_person(self) -> Person | None:
        number = self.cleaned_data.get("person")
        if not number:
            return None
        person = visible(Person.objects.filter(pk=number), self.user).first()
        if person is None:
            raise forms.ValidationError(_("No profile with this number in your scope."))
        return person


class ResultForm(forms.ModelForm):
    award_level = forms.ChoiceField(label=_("Award level"), choices=AwardLevel.choices)

    class Meta:
        model = Entry
        fields = ["award_level", "prize", "publish_result"]
        help_texts = {
            "publish_result": _("The winner's name and the award may appear on the public portal.")
        }
