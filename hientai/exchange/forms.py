"""Forms of the import/export screens. They only validate input; jobs do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable, scope_for, visible
from hientai.orgs.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

IMPORT_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".json")
ENCODING_CHOICES = [
    ("", _("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("utf-8-sig", _("UTF-8 with BOM")),
    ("utf-16", "UTF-16"),
    ("cp1258", "Windows-1258"),
    ("tcvn3", _("TCVN3 (ABC)")),
    ("vni", "VNI"),
]
EXPORT_FORMATS = [
    ("xlsx", _("Excel (.xlsx)")),
    ("csv", _("CSV (UTF-8)")),
    ("json", _("JSON (national interop schema)")),
]


def _unit_field(label: Any, required: bool, help_text: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Unit.objects.none(), required=required, help_text=help_text
    )


class ImportForm(forms.Form):
    fields: dict[str, Any]  # the unit's queryset is set per instance
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods), CSV or our JSON export."),
    )
    unit = _unit_field(
        _("Unit"), False, _("The unit of rows that do not name one; only units you may change.")
    )
    encoding = forms.ChoiceField(
        label=_("Encoding (CSV)"),
        choices=ENCODING_CHOICES,
        required=False,
        help_text=_("Leave on automatic unless the names come out garbled."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): write nothing"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = editable(Unit.objects.current(), user).order_by("path")
        self.fields["unit"].queryset = units
        # Officers import into their own units: the unit is what scopes the job.
        self.fields["unit"].required = not scope_for(user).city_wide

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(IMPORT_EXTENSIONS):
            raise forms.ValidationError(
                _("Unsupported file type: choose an Excel, OpenDocument, CSV or JSON file.")
            )
        # Hostile files are refused here, before they are stored (issue 12).
        from hientai.exchange.errors import ImportFileError
        from hientai.exchange.readers import check_upload

        try:
            check_upload(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ExportForm(forms.Form):
    fields: dict[str, Any]  # the unit's queryset is set per instance
    format = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMATS, initial="xlsx")
    unit = _unit_field(_("Unit"), False, _("Empty: every profile you may read."))

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible(Unit.objects.current(), user).order_by("path")
        self.fields["unit"].required = not scope_for(user).city_wide
        if self.fields["unit"].required:
            # The help must agree with the form: an officer always names one of their units.
            self.fields["unit"].help_text = _(
                "Choose one of your units: its profiles and those of its sub-units are exported."
            )
