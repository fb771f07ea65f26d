"""The coordinator's forms for changing the unit tree (merge, rename, split, close)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.orgs.models import Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACTIONS = (
    ("merge", _("Merge into another unit")),
    ("rename", _("Rename")),
    ("split", _("Split into several units")),
    ("close", _("Close")),
)


class UnitChangeForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    into = forms.CharField(
        label=_("Merged into, or taken over by (unit code)"), max_length=64, required=False
    )
    split_into = forms.CharField(
        label=_("Split into (unit codes, the main one first)"), max_length=500, required=False
    )
    new_code = forms.CharField(label=_("New code"), max_length=64, required=False)
    new_name_vi = forms.CharField(label=_("New Vietnamese name"), max_length=255, required=False)
    note = forms.CharField(label=_("Legal basis or note"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        code = (data.get("into") or "").strip()
        target = Unit.objects.filter(code=code).first() if code else None
        if action == "merge" and target is None:
            self.add_error("into", _("Give the code of an existing unit."))
        if action == "close" and code and target is None:
            self.add_error("into", _("Give the code of an existing unit."))
        data["target"] = target
        data["targets"] = [target] if target is not None and action in ("merge", "close") else []
        if action == "split":
            codes = [c.strip() for c in (data.get("split_into") or "").replace(";", ",").split(",")]
            codes = [c for c in codes if c]
            units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
            missing = [c for c in codes if c not in units]
            if missing or len(codes) < 2:
                self.add_error(
                    "split_into",
                    _("Give the codes of at least two existing units (unknown: %(codes)s).")
                    % {"codes": ", ".join(missing) or "—"},
                )
            data["targets"] = [units[c] for c in codes if c in units]
        if action == "rename":
            if not (data.get("new_code") or "").strip():
                self.add_error("new_code", _("Give the new code."))
            if not (data.get("new_name_vi") or "").strip():
                self.add_error("new_name_vi", _("Give the new Vietnamese name."))
        return data
