from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable
from hientai.orgs.models import Unit
from hientai.talent.models import Organisation, SynonymGroup


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "unit", "tax_code", "address", "website",
                  "aliases", "description"]  # fmt: skip
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable(Unit.objects.current(), user).order_by("path")  # type: ignore[attr-defined]

    def clean_tax_code(self) -> str:
        value = (self.cleaned_data.get("tax_code") or "").strip()
        digits = value.replace("-", "")
        if value and (not digits.isdigit() or len(digits) not in (10, 13)):
            raise forms.ValidationError(_("A tax code has 10 or 13 digits."))
        return value


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["label_vi", "label_en", "terms", "active"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 12})}
