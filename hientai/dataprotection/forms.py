"""Input forms: types and required fields only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hientai.dataprotection.limits import MAX_EXTENSION_DAYS
from hientai.dataprotection.models import (
    BasisState,
    BreachStatus,
    ConsentEvidence,
    ProcessingPurpose,
    ReceivedVia,
    RequestKind,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class BasisForm(forms.Form):
    purpose = forms.ModelChoiceField(
        label=_("Purpose"), queryset=ProcessingPurpose.objects.all(), empty_label=None
    )
    state = forms.ChoiceField(label=_("State"), choices=BasisState.choices)
    effective_on = forms.DateField(label=_("Effective on"), required=False, widget=DATE_INPUT)
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=[("", "—"), *ConsentEvidence.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Empty: now."),
    )
    received_via = forms.ChoiceField(label=_("Received through"), choices=ReceivedVia.choices)
    third_party = forms.BooleanField(
        label=_("A processor or third party must stop"), required=False
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("fulfilled", _("Fulfilled")), ("refused", _("Refused"))],
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class EraseForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("anonymise", _("Anonymise (records kept by law, no personal data)")),
            ("erase", _("Delete the profile completely")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    confirm = forms.BooleanField(label=_("I have checked the request and the person's identity"))


class StopForm(forms.Form):
    purposes = forms.ModelMultipleChoiceField(
        label=_("Purposes"),
        queryset=ProcessingPurpose.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea)
    detected_at = forms.DateTimeField(
        label=_("Detected at"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    occurred_at = forms.DateTimeField(
        label=_("Occurred at"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    data_categories = forms.CharField(label=_("Data affected"), max_length=255, required=False)
    people_affected = forms.IntegerField(
        label=_("People affected (estimate)"), min_value=0, initial=0
    )
    measures = forms.CharField(label=_("Measures taken"), required=False, widget=forms.Textarea)


class BreachUpdateForm(forms.Form):
    notified_at = forms.DateTimeField(
        label=_("Authority notified at"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    notification_reference = forms.CharField(
        label=_("Notification reference"), max_length=100, required=False
    )
    lateness_reason = forms.CharField(
        label=_("Reason for late notice"), max_length=255, required=False
    )
    subjects_notified_at = forms.DateTimeField(
        label=_("Data subjects notified at"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    measures = forms.CharField(label=_("Measures taken"), required=False, widget=forms.Textarea)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *BreachStatus.choices], required=False
    )
