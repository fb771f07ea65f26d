"""The coordinator's forms for changing the unit tree (merge, rename, close)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.orgs.models import Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACTIONS = (("merge", _("Merge into another unit")), ("rename", _("Rename")), ("close", _("Close")))


class UnitChangeForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    into = forms.CharField(label=_("Merged into (unit code)"), max_length=64, required=False)
    new_code = forms.CharField(label=_("New code"), max_length=64, required=False)
    new_name_vi = forms.CharField(label=_("New Vietnamese name"), max_length=255, required=False)
    note = forms.CharField(label=_("Legal basis or note"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "merge":
            code = (data.get("into") or "").strip()
            target = Unit.objects.filter(code=code).first() if code else None
            if target is None:
                self.add_error("into", _("Give the code of an existing unit."))
            data["target"] = target
        if action == "rename":
            if not (data.get("new_code") or "").strip():
                self.add_error("new_code", _("Give the new code."))
            if not (data.get("new_name_vi") or "").strip():
                self.add_error("new_name_vi", _("Give the new Vietnamese name."))
        return data
