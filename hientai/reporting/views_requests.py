"""The coordinator's report requests page (ad hoc reports, moved due dates), instead of the
admin: thin, every write through `reporting.services.request_report` (role check, audit)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.scoping import scope_for
from hientai.core.http import error_text
from hientai.reporting import services
from hientai.reporting.models import Dataset, ReportRequest


class RequestForm(forms.Form):
    dataset = forms.ModelChoiceField(label=gettext_lazy("Dataset"), queryset=Dataset.objects.none())
    period = forms.CharField(label=gettext_lazy("Period"), max_length=8)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dataset = self.fields["dataset"]
        assert isinstance(dataset, forms.ModelChoiceField)
        dataset.queryset = Dataset.objects.filter(active=True).order_by("code")


@login_required
def requests_page(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).city_wide:
        raise PermissionDenied
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_report(
                data["dataset"],
                data["period"].strip(),
                data["due_date"],
                request.user,
                data["note"],
                channel="web",
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The report was requested."))
            return redirect("reporting:requests")
    context = {
        "form": form,
        "requests": ReportRequest.objects.select_related("dataset", "created_by").order_by(
            "-created_at"
        )[:100],
    }
    return render(request, "reporting/requests.html", context)
