from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable
from hientai.catalogs.models import Code
from hientai.opportunities.models import EligibilityRule, NominationKind, Opportunity
from hientai.orgs.models import Unit


def _codes(scheme: str) -> Any:
    return Code.objects.filter(scheme__key=scheme, scheme__is_current=True).order_by("code")


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = ["title", "kind", "source_kind", "source_name", "country", "st_fields",
                  "technologies", "keywords", "deadline", "starts_on", "eligibility", "rules",
                  "description", "url", "published", "unit"]  # fmt: skip
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "rules": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable(Unit.objects.current(), user).order_by("path")  # type: ignore[attr-defined]
        self.fields["country"].queryset = _codes("country").order_by("label_vi")  # type: ignore[attr-defined]
        self.fields["st_fields"].queryset = _codes("st_field")  # type: ignore[attr-defined]
        self.fields["technologies"].queryset = _codes("strategic_technology")  # type: ignore[attr-defined]
        self.fields["rules"].queryset = EligibilityRule.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["st_fields"].widget.attrs["size"] = 6
        self.fields["technologies"].widget.attrs["size"] = 6


class RuleForm(forms.ModelForm):
    class Meta:
        model = EligibilityRule
        fields = ["key", "name", "fact", "operator", "value", "message", "source_note", "active"]
        widgets = {"source_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].disabled = True

    def validate_unique(self) -> None:
        """The service checks the key (one message, one place)."""


class NominationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NominationKind.choices)
    target_name = forms.CharField(
        label=_("Programme or honour (when not an opportunity)"), max_length=300, required=False
    )
    justification = forms.CharField(
        label=_("Why this person"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
