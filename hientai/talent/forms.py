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


class IndexMethodForm(forms.Form):
    """A new version of the competence index's method: weights per pillar and
    sub-indicator (0 leaves one out), the normalisation; the aggregation is linear."""

    version = forms.CharField(label=_("New version code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    normalisation = forms.ChoiceField(label=_("Normalisation"))
    note = forms.CharField(label=_("Why this version"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    activate = forms.BooleanField(label=_("Use this version from now on"), required=False)

    def __init__(self, *args: Any, base: dict[str, Any], **kwargs: Any) -> None:
        from hientai.talent import competence

        super().__init__(*args, **kwargs)
        normalisation = self.fields["normalisation"]
        assert isinstance(normalisation, forms.ChoiceField)
        normalisation.choices = list(competence.NORMALISATION_LABELS.items())
        self.fields["normalisation"].initial = base.get("normalisation", "minmax")
        self.weight_fields: list[tuple[str, list[str]]] = []
        for pillar, label in competence.PILLAR_LABELS.items():
            stored = base["pillars"].get(pillar, {"weight": 0, "indicators": {}})
            name = f"pillar_{pillar}"
            self.fields[name] = forms.FloatField(
                label=_("Weight of the pillar “%(name)s”") % {"name": label},
                min_value=0, initial=stored["weight"],
            )  # fmt: skip
            names = [name]
            for key, key_label in competence.RAW_LABELS.items():
                if competence.PILLAR_OF[key] != pillar:
                    continue
                self.fields[f"w_{key}"] = forms.FloatField(
                    label=key_label, min_value=0,
                    initial=stored["indicators"].get(key, 0),
                )  # fmt: skip
                names.append(f"w_{key}")
            self.weight_fields.append((str(label), names))

    def weight_groups(self) -> list[tuple[str, list[Any]]]:
        return [(label, [self[name] for name in names]) for label, names in self.weight_fields]

    def method(self) -> dict[str, Any]:
        from hientai.talent import competence

        data = self.cleaned_data
        pillars: dict[str, Any] = {}
        for pillar in competence.PILLAR_LABELS:
            indicators = {
                key: data[f"w_{key}"]
                for key in competence.RAW_LABELS
                if competence.PILLAR_OF[key] == pillar and data.get(f"w_{key}")
            }
            if data.get(f"pillar_{pillar}") or indicators:
                pillars[pillar] = {"weight": data[f"pillar_{pillar}"], "indicators": indicators}
        return {"normalisation": data["normalisation"], "aggregation": "linear",
                "pillars": pillars}  # fmt: skip
